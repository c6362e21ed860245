package dev.iotstream.connect.common.json;

/**
 * Strict UTF-8 validation without decoding: no overlong forms, no surrogates, nothing above U+10FFFF. Jackson
 * would guess other encodings from a BOM or zero bytes and accepts encoded surrogates, which then fail in the
 * converters that write them back out; so MQTT payloads are checked here first.
 */
public final class Utf8Check {
    private Utf8Check() {
    }

    /** @return the index of the first byte of the first invalid sequence, or -1 when all bytes are valid UTF-8 */
    public static int firstInvalid(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i];
            if (c >= 0) { // ASCII, the usual case
                i++;
                continue;
            }
            c &= 0xFF;
            int need;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                return i;
            }
            if (i + need >= n) { // truncated sequence
                return i;
            }
            int cp = c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int cont = b[i + k] & 0xFF;
                if ((cont & 0xC0) != 0x80) {
                    return i;
                }
                cp = (cp << 6) | (cont & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return i;
            }
            i += need + 1;
        }
        return -1;
    }

    /** @return the index of the first unpaired surrogate in {@code s}, or -1 (Java strings may hold them) */
    public static int firstLoneSurrogate(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
