package dev.iotstream.connect.timeseries;

import dev.iotstream.connect.timeseries.mapping.MetadataSettings;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** tags.static, tags.topic, tags.partition, fields.ingest.time: parsing and per-field validate() errors. */
class MetadataConfigTest {
    private static Map<String, String> base() {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", TimeSeriesSinkConnector.class.getName());
        props.put("topics", "t");
        props.put("influx.url", "http://127.0.0.1:1");
        props.put("influx.bucket", "b");
        props.put("validate.connection", "false");
        return props;
    }

    private static List<String> errors(Map<String, String> props, String key) {
        return new TimeSeriesSinkConnector().validate(props).configValues().stream()
                .filter(v -> v.name().equals(key)).findFirst().map(ConfigValue::errorMessages).orElseThrow();
    }

    @Test
    void settingsBecomeMetadataSettings() {
        Map<String, String> props = base();
        props.put("tags.static", "env=prod, region = eu-west=1");
        props.put("tags.topic", "kafka_topic");
        props.put("tags.partition", "kafka_partition");
        props.put("fields.ingest.time", "ingested_at");
        new TimeSeriesSinkConnector().validate(props).configValues()
                .forEach(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
        MetadataSettings metadata = new TimeSeriesSinkConfig(props).metadataSettings();
        assertThat(metadata.staticTags()).containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "region",
                "eu-west=1"));
        assertThat(metadata.topicTag()).isEqualTo("kafka_topic");
        assertThat(metadata.partitionTag()).isEqualTo("kafka_partition");
        assertThat(metadata.ingestTimeField()).isEqualTo("ingested_at");
        assertThat(new TimeSeriesSinkConfig(base()).metadataSettings()).isEqualTo(MetadataSettings.NONE);
    }

    @Test
    void malformedStaticTagsAreFieldErrors() {
        Map<String, String> props = base();
        props.put("tags.static", "env");
        assertThat(errors(props, "tags.static")).anyMatch(m -> m.contains("'env'") && m.contains("name=value"));
        props.put("tags.static", "=prod");
        assertThat(errors(props, "tags.static")).isNotEmpty();
        props.put("tags.static", "env=");
        assertThat(errors(props, "tags.static")).isNotEmpty();
        props.put("tags.static", "env=a,env=b");
        assertThat(errors(props, "tags.static")).anyMatch(m -> m.contains("twice"));
    }

    @Test
    void tagNamesMustNotCollide() {
        Map<String, String> props = base();
        props.put("tags", "device,meta.site");
        props.put("tags.static", "device=x");
        assertThat(errors(props, "tags.static")).anyMatch(m -> m.contains("'device'"));
        props = base();
        props.put("tags", "meta.site");
        props.put("tags.topic", "meta.site");
        assertThat(errors(props, "tags.topic")).anyMatch(m -> m.contains("'meta.site'"));
        props = base();
        props.put("tags.key", "k");
        props.put("tags.partition", "k");
        assertThat(errors(props, "tags.partition")).isNotEmpty();
        props = base();
        props.put("tags.topic", "t");
        props.put("tags.partition", "t");
        assertThat(errors(props, "tags.partition")).isNotEmpty();
        props = base();
        props.put("fields", "v,ingested");
        props.put("fields.ingest.time", "ingested");
        assertThat(errors(props, "fields.ingest.time")).isNotEmpty();
        props = base();
        props.put("tags.static", "ingested=x");
        props.put("fields.ingest.time", "ingested");
        assertThat(errors(props, "fields.ingest.time")).isNotEmpty();
    }
}
