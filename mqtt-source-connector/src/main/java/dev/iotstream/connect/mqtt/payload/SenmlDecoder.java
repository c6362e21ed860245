package dev.iotstream.connect.mqtt.payload;

import dev.iotstream.connect.common.json.JsonDecodeException;
import dev.iotstream.connect.common.json.JsonNumbers;
import dev.iotstream.connect.common.json.JsonOptions;
import dev.iotstream.connect.common.json.JsonReader;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SenML JSON (RFC 8428) pack to one record per entry, each a "resolved record" (section 4.6): base name, base
 * time, base unit, base value and base sum applied, relative times (below 2^28 s) made absolute. Values are
 * schemaless maps with the RFC labels {@code n, t, u, v | vs | vb | vd, s}; {@code t} is seconds since the epoch
 * as a double. A pack with any invalid entry is rejected as a whole, so part of a pack is never written.
 */
final class SenmlDecoder implements PayloadDecoder {
    private static final double RELATIVE_TIME_LIMIT = 268_435_456d; // 2^28, RFC 8428 section 4.5.3
    /** A pack is an array of flat records: anything nested deeper stays text and fails the field's type check. */
    private static final JsonReader READER = new JsonReader(new JsonOptions(JsonNumbers.LONG_OR_DOUBLE, 2, false));

    private final Clock clock;

    SenmlDecoder() {
        this(Clock.systemUTC());
    }

    SenmlDecoder(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<Decoded> decode(byte[] payload) throws PayloadDecodeException {
        if (payload.length == 0) {
            throw new PayloadDecodeException("empty payload is not a SenML pack");
        }
        Object parsed;
        try {
            parsed = READER.read(payload);
        } catch (JsonDecodeException e) {
            throw new PayloadDecodeException("payload is " + e.getMessage(), e);
        }
        if (!(parsed instanceof List<?> pack)) {
            throw new PayloadDecodeException("a SenML pack is a JSON array of records, got " + kind(parsed));
        }
        String baseName = "";
        double baseTime = 0;
        String baseUnit = null;
        double baseValue = 0;
        double baseSum = 0;
        double now = clock.millis() / 1000.0;
        List<Decoded> out = new ArrayList<>(pack.size());
        for (int i = 0; i < pack.size(); i++) {
            if (!(pack.get(i) instanceof Map<?, ?> r)) {
                throw new PayloadDecodeException("SenML record " + i + " is not a JSON object");
            }
            if (r.containsKey("bver") && !(r.get("bver") instanceof Long v && v <= 10)) {
                throw new PayloadDecodeException("SenML record " + i + ": unsupported bver " + r.get("bver"));
            }
            baseName = r.containsKey("bn") ? text(r, "bn", i) : baseName;
            baseTime = r.containsKey("bt") ? number(r, "bt", i) : baseTime;
            baseUnit = r.containsKey("bu") ? text(r, "bu", i) : baseUnit;
            baseValue = r.containsKey("bv") ? number(r, "bv", i) : baseValue;
            baseSum = r.containsKey("bs") ? number(r, "bs", i) : baseSum;
            boolean hasValue = r.containsKey("v") || r.containsKey("vs") || r.containsKey("vb") || r.containsKey("vd");
            if (!hasValue && !r.containsKey("s")) {
                if (r.containsKey("n") || r.containsKey("t") || r.containsKey("u")) {
                    throw new PayloadDecodeException("SenML record " + i + " has neither a value (v, vs, vb, vd)"
                            + " nor a sum (s)");
                }
                continue; // a record carrying only base fields
            }
            String name = baseName + (r.containsKey("n") ? text(r, "n", i) : "");
            if (name.isEmpty()) {
                throw new PayloadDecodeException("SenML record " + i + " has no name (n or bn)");
            }
            double time = baseTime + (r.containsKey("t") ? number(r, "t", i) : 0);
            if (time < RELATIVE_TIME_LIMIT) {
                time = now + time;
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            resolved.put("n", name);
            resolved.put("t", time);
            String unit = r.containsKey("u") ? text(r, "u", i) : baseUnit;
            if (unit != null) {
                resolved.put("u", unit);
            }
            if (r.containsKey("v")) {
                resolved.put("v", baseValue + number(r, "v", i));
            } else if (r.containsKey("vs")) {
                resolved.put("vs", text(r, "vs", i));
            } else if (r.containsKey("vb")) {
                if (!(r.get("vb") instanceof Boolean vb)) {
                    throw new PayloadDecodeException("SenML record " + i + ": vb must be true or false");
                }
                resolved.put("vb", vb);
            } else if (r.containsKey("vd")) {
                resolved.put("vd", text(r, "vd", i));
            }
            if (r.containsKey("s")) {
                resolved.put("s", baseSum + number(r, "s", i));
            }
            out.add(new Decoded(null, resolved));
        }
        if (out.isEmpty()) {
            throw new PayloadDecodeException("SenML pack has no record with a value");
        }
        return out;
    }

    private static String text(Map<?, ?> r, String field, int i) throws PayloadDecodeException {
        if (!(r.get(field) instanceof String v)) {
            throw new PayloadDecodeException("SenML record " + i + ": " + field + " must be a string, got "
                    + kind(r.get(field)));
        }
        return v;
    }

    private static String kind(Object v) {
        return v == null ? "null" : v instanceof Map ? "an object" : v instanceof List ? "an array"
                : v.getClass().getSimpleName();
    }

    private static double number(Map<?, ?> r, String field, int i) throws PayloadDecodeException {
        if (!(r.get(field) instanceof Number v)) {
            throw new PayloadDecodeException("SenML record " + i + ": " + field + " must be a number, got "
                    + kind(r.get(field)));
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            throw new PayloadDecodeException("SenML record " + i + ": " + field + " is not finite");
        }
        return d;
    }
}
