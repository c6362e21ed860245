package dev.iotstream.connect.timeseries.mapping;

import java.util.Map;

/**
 * A record value flattened to dotted paths and scalar values (nulls kept, so that a present-but-null value is
 * told apart from a missing one in messages).
 *
 * @param values path to scalar (Number, Boolean, String, java.util.Date) or null, in input order
 * @param schemaless true for maps and JSON, whose number types say nothing about the field's intended type
 */
public record FlatRecord(Map<String, Object> values, boolean schemaless) {
}
