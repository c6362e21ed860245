package dev.iotstream.connect.transforms;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Reads the ISO-8601 forms devices actually send ({@code 2024-05-01T12:00:00[.fff][Z|+02:00|+0200|+02]}) without a
 * DateTimeFormatter, which costs microseconds per value. Anything else returns null and the caller falls back to
 * {@code DateTimeFormatter.ISO_DATE_TIME}, so the accepted language is unchanged.
 */
final class IsoFastPath {
    private IsoFastPath() {
    }

    /** Epoch milliseconds, or null when the text is not one of the fast forms or not a valid date-time. */
    static Long parse(String s, ZoneId zone) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int i = 19;
        long nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || (i < n && isDigit(s.charAt(i)))) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        Integer offsetSeconds = null;
        if (i < n) {
            char c = s.charAt(i);
            if ((c == 'Z' || c == 'z') && i == n - 1) {
                offsetSeconds = 0;
            } else if (c == '+' || c == '-') {
                offsetSeconds = offset(s, i + 1);
                if (offsetSeconds == null) {
                    return null;
                }
                offsetSeconds = c == '-' ? -offsetSeconds : offsetSeconds;
            } else {
                return null;
            }
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            long localSeconds = epochDay * 86_400L + hour * 3_600L + minute * 60L + second;
            long millisOfSecond = nanos / 1_000_000L;
            if (offsetSeconds == null) {
                if (zone instanceof ZoneOffset fixed) {
                    offsetSeconds = fixed.getTotalSeconds();
                } else {
                    LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, (int) nanos);
                    return local.atZone(zone).toInstant().toEpochMilli();
                }
            }
            return (localSeconds - offsetSeconds) * 1000L + millisOfSecond;
        } catch (DateTimeException e) {
            return null;
        }
    }

    // +HH:MM, +HHMM or +HH up to the end of the text; null for anything else (e.g. a [zone] suffix).
    private static Integer offset(String s, int at) {
        int rest = s.length() - at;
        int hours = rest >= 2 ? digits(s, at, 2) : -1;
        int minutes;
        if (rest == 2) {
            minutes = 0;
        } else if (rest == 5 && s.charAt(at + 2) == ':') {
            minutes = digits(s, at + 3, 2);
        } else if (rest == 4) {
            minutes = digits(s, at + 2, 2);
        } else {
            return null;
        }
        if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
            return null;
        }
        return hours * 3600 + minutes * 60;
    }

    private static int digits(String s, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
