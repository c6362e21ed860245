package dev.iotstream.connect.timeseries.mapping;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationTemplateTest {
    private static SinkRecord record(Object key, ConnectHeaders headers) {
        return new SinkRecord("plant-telemetry", 0, null, key, null, null, 5, 1L, TimestampType.CREATE_TIME,
                headers);
    }

    @Test
    void everyPlaceholderKind() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addBytes("tenant", "acme".getBytes(StandardCharsets.UTF_8));
        DestinationTemplate template = DestinationTemplate.parse("influx.bucket",
                "${header:tenant}_${topic}/${field:meta.site}-${key}");
        assertThat(template.isConstant()).isFalse();
        assertThat(template.readsFields()).isTrue();
        assertThat(template.render(record("dev-1", headers), Map.of("meta.site", "berlin")))
                .isEqualTo("acme_plant-telemetry/berlin-dev-1");
    }

    @Test
    void constantsNeedNoRecord() {
        DestinationTemplate template = DestinationTemplate.parse("influx.bucket", "telemetry");
        assertThat(template.isConstant()).isTrue();
        assertThat(template.readsFields()).isFalse();
        assertThat(template.render(record(null, new ConnectHeaders()), null)).isEqualTo("telemetry");
    }

    @Test
    void unresolvablePlaceholdersNameTheSettingAndWhatIsMissing() {
        DestinationTemplate field = DestinationTemplate.parse("influx.v1.database", "site_${field:site}");
        assertThatThrownBy(() -> field.render(record("k", new ConnectHeaders()), Map.of("other", 1)))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("influx.v1.database 'site_${field:site}'").hasMessageContaining("field 'site'");
        assertThatThrownBy(() -> field.render(record("k", new ConnectHeaders()), Map.of("site", "")))
                .hasMessageContaining("missing or empty");
        DestinationTemplate key = DestinationTemplate.parse("influx.bucket", "${key}");
        assertThatThrownBy(() -> key.render(record(null, new ConnectHeaders()), Map.of()))
                .hasMessageContaining("the record key");
        DestinationTemplate header = DestinationTemplate.parse("influx.bucket", "${header:tenant}");
        assertThatThrownBy(() -> header.render(record("k", new ConnectHeaders()), Map.of()))
                .hasMessageContaining("header 'tenant'");
    }

    @Test
    void badTemplatesAreRefusedWhenParsed() {
        assertThatThrownBy(() -> DestinationTemplate.parse("influx.bucket", "${site"))
                .hasMessageContaining("unclosed");
        assertThatThrownBy(() -> DestinationTemplate.parse("influx.bucket", "${site}"))
                .hasMessageContaining("${field:path}");
        assertThatThrownBy(() -> DestinationTemplate.parse("influx.bucket", "${field:}"))
                .hasMessageContaining("unknown placeholder");
    }
}
