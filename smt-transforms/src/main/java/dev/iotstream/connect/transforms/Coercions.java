package dev.iotstream.connect.transforms;

import dev.iotstream.connect.transforms.CoerceTypesConfig.Target;
import org.apache.kafka.connect.data.Schema;

import java.math.BigDecimal;
import java.util.Date;
import java.util.Locale;

/** The value conversions of {@link CoerceTypes}; pure functions that say why a value cannot be converted. */
final class Coercions {
    private Coercions() {
    }

    /** The value as {@code target}, or IllegalArgumentException with the reason. */
    static Object coerce(Object value, Target target) {
        return switch (target) {
            case DOUBLE -> toDouble(value);
            case LONG -> toLong(value);
            case BOOLEAN -> toBoolean(value);
            case STRING -> toText(value);
        };
    }

    static Schema.Type schemaType(Target target) {
        return switch (target) {
            case DOUBLE -> Schema.Type.FLOAT64;
            case LONG -> Schema.Type.INT64;
            case BOOLEAN -> Schema.Type.BOOLEAN;
            case STRING -> Schema.Type.STRING;
        };
    }

    static double toDouble(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Boolean bool) {
            return bool ? 1.0 : 0.0;
        }
        if (value instanceof String text) {
            return parseDecimal(text.trim());
        }
        throw new IllegalArgumentException("unsupported type");
    }

    /**
     * A decimal number as written in JSON or by devices (sign, digits, fraction, exponent). Double.parseDouble
     * alone would also take "NaN", "Infinity", hex floats and a trailing 'd' or 'f', which are not readings.
     */
    static double parseDecimal(String text) {
        boolean digit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                throw new IllegalArgumentException("not a number");
            }
        }
        if (!digit) {
            throw new IllegalArgumentException("not a number");
        }
        try {
            double parsed = Double.parseDouble(text);
            if (!Double.isFinite(parsed)) {
                throw new IllegalArgumentException("not a finite number");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
    }

    static long toLong(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Boolean bool) {
            return bool ? 1L : 0L;
        }
        BigDecimal decimal;
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("not a finite number");
            }
            decimal = BigDecimal.valueOf(d);
        } else if (value instanceof BigDecimal big) {
            decimal = big;
        } else if (value instanceof Number number) {
            decimal = new BigDecimal(number.toString());
        } else if (value instanceof String text) {
            try {
                decimal = new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number");
            }
        } else {
            throw new IllegalArgumentException("unsupported type");
        }
        try {
            return decimal.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not a whole number within the range of a long");
        }
    }

    static boolean toBoolean(Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (d == 1.0) {
                return true;
            }
            if (d == 0.0) {
                return false;
            }
            throw new IllegalArgumentException("only 1 and 0 are booleans");
        }
        if (value instanceof String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "on", "yes" -> true;
                case "false", "0", "off", "no" -> false;
                default -> throw new IllegalArgumentException("not one of true/false, 1/0, on/off, yes/no");
            };
        }
        throw new IllegalArgumentException("unsupported type");
    }

    static String toText(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        throw new IllegalArgumentException("unsupported type");
    }

    /** Numeric Connect types that {@code numbers.to.double} widens; logical types (Timestamp, Date, ...) stay. */
    static boolean widensToDouble(Schema schema) {
        if (schema.name() != null) {
            return false;
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32, INT64, FLOAT32 -> true;
            default -> false;
        };
    }
}
