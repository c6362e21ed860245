package dev.iotstream.connect.transforms;

import dev.iotstream.connect.transforms.NormalizeTimestampConfig.EpochUnit;
import dev.iotstream.connect.transforms.NormalizeTimestampConfig.Format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Date;
import java.util.List;

/** Reads a time in any of the configured formats as epoch milliseconds; pure logic, no Connect types. */
final class TimeParser {
    private final List<Format> formats;
    private final List<DateTimeFormatter> patterns;
    private final EpochUnit unit;
    private final ZoneId zone;

    TimeParser(List<Format> formats, List<DateTimeFormatter> patterns, EpochUnit unit, ZoneId zone) {
        this.formats = formats;
        this.patterns = patterns;
        this.unit = unit;
        this.zone = zone;
    }

    /** Epoch milliseconds, or null when no configured format reads the value. */
    Long toEpochMillis(Object value) {
        if (value instanceof Date date) {
            return date.getTime();
        }
        if (value instanceof Number number) {
            return formats.contains(Format.EPOCH) ? epoch(number) : null;
        }
        if (!(value instanceof String text)) {
            return null;
        }
        String trimmed = text.trim();
        for (Format format : formats) {
            Long millis = switch (format) {
                case EPOCH -> looksNumeric(trimmed) ? epoch(new BigDecimal(trimmed)) : null;
                case ISO8601 -> {
                    Long fast = IsoFastPath.parse(trimmed, zone);
                    yield fast != null ? fast : parse(trimmed, DateTimeFormatter.ISO_DATE_TIME);
                }
                case RFC1123 -> parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
            };
            if (millis != null) {
                return millis;
            }
        }
        for (DateTimeFormatter pattern : patterns) {
            Long millis = parse(trimmed, pattern);
            if (millis != null) {
                return millis;
            }
        }
        return null;
    }

    private Long epoch(Number number) {
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            long value = number.longValue();
            return switch (unitFor(Math.abs((double) value))) {
                case SECONDS -> Math.multiplyExact(value, 1000L);
                case MICROSECONDS -> Math.floorDiv(value, 1000L);
                case NANOSECONDS -> Math.floorDiv(value, 1_000_000L);
                default -> value;
            };
        }
        if (number instanceof Double || number instanceof Float) {
            double value = number.doubleValue();
            if (!Double.isFinite(value)) {
                return null;
            }
            double scale = switch (unitFor(Math.abs(value))) {
                case SECONDS -> 1000.0;
                case MICROSECONDS -> 1e-3;
                case NANOSECONDS -> 1e-6;
                default -> 1.0;
            };
            return Math.round(value * scale);
        }
        BigDecimal value = number instanceof BigDecimal d ? d
                : number instanceof BigInteger i ? new BigDecimal(i) : new BigDecimal(number.toString());
        BigDecimal millis = switch (unitFor(value.abs().doubleValue())) {
            case SECONDS -> value.movePointRight(3);
            case MICROSECONDS -> value.movePointLeft(3);
            case NANOSECONDS -> value.movePointLeft(6);
            default -> value;
        };
        try {
            return millis.setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private EpochUnit unitFor(double magnitude) {
        if (unit != EpochUnit.AUTO) {
            return unit;
        }
        if (magnitude < 1e11) {
            return EpochUnit.SECONDS;
        }
        if (magnitude < 1e14) {
            return EpochUnit.MILLISECONDS;
        }
        return magnitude < 1e17 ? EpochUnit.MICROSECONDS : EpochUnit.NANOSECONDS;
    }

    private Long parse(String text, DateTimeFormatter formatter) {
        try {
            TemporalAccessor parsed = formatter.parse(text);
            LocalDate date = parsed.query(TemporalQueries.localDate());
            if (date == null) {
                return null;
            }
            LocalTime time = parsed.query(TemporalQueries.localTime());
            LocalDateTime local = LocalDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time);
            ZoneOffset offset = parsed.query(TemporalQueries.offset());
            if (offset != null) {
                return local.toInstant(offset).toEpochMilli();
            }
            ZoneId parsedZone = parsed.query(TemporalQueries.zoneId());
            return local.atZone(parsedZone != null ? parsedZone : zone).toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static boolean looksNumeric(String text) {
        if (text.isEmpty()) {
            return false;
        }
        int start = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        if (start == text.length()) {
            return false;
        }
        boolean dot = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' && !dot) {
                dot = true;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static Instant instant(long millis) {
        return Instant.ofEpochMilli(millis);
    }
}
