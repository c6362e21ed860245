package dev.iotstream.connect.timeseries.mapping;

import java.util.Map;

/**
 * Tags and fields that do not come from the record's value: constant tags, the Kafka topic and partition as tags,
 * and the record's Kafka timestamp as an integer field (the time it entered Kafka, not the sink's clock, so that
 * a point written again is the same point). Empty names switch an item off.
 */
public record MetadataSettings(Map<String, String> staticTags, String topicTag, String partitionTag,
                               String ingestTimeField) {
    public static final MetadataSettings NONE = new MetadataSettings(Map.of(), "", "", "");

    public MetadataSettings {
        staticTags = Map.copyOf(staticTags);
    }
}
