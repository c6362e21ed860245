package dev.iotstream.connect.mqtt.payload;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: malformed bytes are an error, never silently replaced (and never the platform charset). */
final class Utf8 {
    private Utf8() {
    }

    static String decode(byte[] payload) throws PayloadDecodeException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new PayloadDecodeException("payload is not valid UTF-8: " + e);
        }
    }
}
