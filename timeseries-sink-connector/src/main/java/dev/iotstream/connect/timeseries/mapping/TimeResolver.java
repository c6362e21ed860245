package dev.iotstream.connect.timeseries.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Date;
import java.util.function.LongSupplier;

/**
 * Finds a point's time, in epoch nanoseconds: the time field if configured, else the Kafka record timestamp; when
 * that is missing, {@link TimeFallback} decides (the clock only when asked for, and only after the record timestamp).
 */
public final class TimeResolver {
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal MIN_NANOS = BigDecimal.valueOf(Long.MIN_VALUE);
    private final String timeField;
    private final TimeUnitMode unit;
    private final TimeFallback fallback;
    private final LongSupplier clockMillis;

    public TimeResolver(String timeField, TimeUnitMode unit, TimeFallback fallback, LongSupplier clockMillis) {
        this.timeField = timeField == null ? "" : timeField;
        this.unit = unit;
        this.fallback = fallback;
        this.clockMillis = clockMillis;
    }

    public String timeField() {
        return timeField;
    }

    public long epochNanos(FlatRecord record, Long recordTimestampMs) {
        if (!timeField.isEmpty()) {
            Object value = record.values().get(timeField);
            if (value != null) {
                return fromValue(value);
            }
            if (fallback == TimeFallback.FAIL) {
                throw new MappingException("time field '" + timeField + "' is missing or null (time.fallback=fail)");
            }
            return fromRecordTimestamp(recordTimestampMs, "time field '" + timeField + "' is missing or null and "
                    + "the record has no Kafka timestamp");
        }
        return fromRecordTimestamp(recordTimestampMs, "record has no Kafka timestamp and no time.field is configured");
    }

    private long fromRecordTimestamp(Long recordTimestampMs, String whyNone) {
        if (recordTimestampMs != null) {
            return Math.multiplyExact(recordTimestampMs, 1_000_000L);
        }
        if (fallback == TimeFallback.WALL_CLOCK) {
            return Math.multiplyExact(clockMillis.getAsLong(), 1_000_000L);
        }
        throw new MappingException(whyNone + " (time.fallback=" + fallback + ")");
    }

    private long fromValue(Object value) {
        if (value instanceof Date date) {
            return Math.multiplyExact(date.getTime(), 1_000_000L);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            long v = ((Number) value).longValue();
            TimeUnitMode effective = unit == TimeUnitMode.AUTO ? TimeUnitMode.detect(v) : unit;
            try {
                return Math.multiplyExact(v, effective.nanos());
            } catch (ArithmeticException e) {
                return fromNumber(BigDecimal.valueOf(v), value);
            }
        }
        if (value instanceof Number number) {
            return fromNumber(toBigDecimal(number), value);
        }
        if (value instanceof String text) {
            String trimmed = text.trim();
            try {
                return fromNumber(new BigDecimal(trimmed), value);
            } catch (NumberFormatException notNumeric) {
                return fromIso(trimmed);
            }
        }
        throw new MappingException("time field '" + timeField + "' has unsupported type " + value.getClass().getSimpleName());
    }

    private long fromNumber(BigDecimal number, Object original) {
        TimeUnitMode effective = unit == TimeUnitMode.AUTO ? TimeUnitMode.detect(number.doubleValue()) : unit;
        BigDecimal nanos = number.multiply(BigDecimal.valueOf(effective.nanos()));
        if (nanos.compareTo(MAX_NANOS) > 0 || nanos.compareTo(MIN_NANOS) < 0) {
            throw new MappingException("time field '" + timeField + "' value " + original + " in unit "
                    + effective.label() + " is outside the representable range (years 1677-2262)");
        }
        return nanos.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
    }

    private long fromIso(String text) {
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, Instant::from, LocalDateTime::from);
            Instant instant = parsed instanceof Instant i ? i : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L),
                    instant.getLong(ChronoField.NANO_OF_SECOND));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new MappingException("time field '" + timeField + "' value '" + text
                    + "' is neither an epoch number nor an ISO-8601 date-time");
        }
    }

    private static BigDecimal toBigDecimal(Number number) {
        if (number instanceof BigDecimal bd) {
            return bd;
        }
        if (number instanceof BigInteger bi) {
            return new BigDecimal(bi);
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (!Double.isFinite(d)) {
                throw new MappingException("time value " + d + " is not finite");
            }
            return BigDecimal.valueOf(d);
        }
        return BigDecimal.valueOf(number.longValue());
    }
}
