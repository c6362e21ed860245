package dev.iotstream.connect.mqtt.payload;

import com.fasterxml.jackson.databind.JsonNode;

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
        JsonNode pack = JsonDecoder.parse(payload);
        if (!pack.isArray()) {
            throw new PayloadDecodeException("a SenML pack is a JSON array of records, got " + pack.getNodeType());
        }
        String baseName = "";
        double baseTime = 0;
        String baseUnit = null;
        double baseValue = 0;
        double baseSum = 0;
        double now = clock.millis() / 1000.0;
        List<Decoded> out = new ArrayList<>(pack.size());
        for (int i = 0; i < pack.size(); i++) {
            JsonNode r = pack.get(i);
            if (!r.isObject()) {
                throw new PayloadDecodeException("SenML record " + i + " is not a JSON object");
            }
            if (r.has("bver") && (!r.get("bver").isIntegralNumber() || r.get("bver").intValue() > 10)) {
                throw new PayloadDecodeException("SenML record " + i + ": unsupported bver " + r.get("bver"));
            }
            baseName = r.has("bn") ? text(r, "bn", i) : baseName;
            baseTime = r.has("bt") ? number(r, "bt", i) : baseTime;
            baseUnit = r.has("bu") ? text(r, "bu", i) : baseUnit;
            baseValue = r.has("bv") ? number(r, "bv", i) : baseValue;
            baseSum = r.has("bs") ? number(r, "bs", i) : baseSum;
            boolean hasValue = r.has("v") || r.has("vs") || r.has("vb") || r.has("vd");
            if (!hasValue && !r.has("s")) {
                if (r.has("n") || r.has("t") || r.has("u")) {
                    throw new PayloadDecodeException("SenML record " + i + " has neither a value (v, vs, vb, vd)"
                            + " nor a sum (s)");
                }
                continue; // a record carrying only base fields
            }
            String name = baseName + (r.has("n") ? text(r, "n", i) : "");
            if (name.isEmpty()) {
                throw new PayloadDecodeException("SenML record " + i + " has no name (n or bn)");
            }
            double time = baseTime + (r.has("t") ? number(r, "t", i) : 0);
            if (time < RELATIVE_TIME_LIMIT) {
                time = now + time;
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            resolved.put("n", name);
            resolved.put("t", time);
            String unit = r.has("u") ? text(r, "u", i) : baseUnit;
            if (unit != null) {
                resolved.put("u", unit);
            }
            if (r.has("v")) {
                resolved.put("v", baseValue + number(r, "v", i));
            } else if (r.has("vs")) {
                resolved.put("vs", text(r, "vs", i));
            } else if (r.has("vb")) {
                if (!r.get("vb").isBoolean()) {
                    throw new PayloadDecodeException("SenML record " + i + ": vb must be true or false");
                }
                resolved.put("vb", r.get("vb").booleanValue());
            } else if (r.has("vd")) {
                resolved.put("vd", text(r, "vd", i));
            }
            if (r.has("s")) {
                resolved.put("s", baseSum + number(r, "s", i));
            }
            out.add(new Decoded(null, resolved));
        }
        if (out.isEmpty()) {
            throw new PayloadDecodeException("SenML pack has no record with a value");
        }
        return out;
    }

    private static String text(JsonNode r, String field, int i) throws PayloadDecodeException {
        JsonNode v = r.get(field);
        if (!v.isTextual()) {
            throw new PayloadDecodeException("SenML record " + i + ": " + field + " must be a string, got " + v);
        }
        return v.textValue();
    }

    private static double number(JsonNode r, String field, int i) throws PayloadDecodeException {
        JsonNode v = r.get(field);
        if (!v.isNumber()) {
            throw new PayloadDecodeException("SenML record " + i + ": " + field + " must be a number, got " + v);
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            throw new PayloadDecodeException("SenML record " + i + ": " + field + " is not finite");
        }
        return d;
    }
}
