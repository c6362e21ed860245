package dev.iotstream.connect.timeseries.mapping;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.iotstream.connect.timeseries.mapping.PointMapperTest.map;
import static dev.iotstream.connect.timeseries.mapping.PointMapperTest.record;
import static dev.iotstream.connect.timeseries.mapping.PointMapperTest.settings;
import static org.assertj.core.api.Assertions.assertThat;

/** tags.static, tags.topic, tags.partition and fields.ingest.time in the mapped line. */
class MetadataMappingTest {
    private static Map<String, String> tags(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void staticAndKafkaTagsJoinTheRecordsTagsSortedByName() {
        PointMapper mapper = new PointMapper(settings().tags("device").metadata(new MetadataSettings(
                tags("region", "eu", "env", "prod"), "kafka_topic", "kafka_partition", "")).build());
        assertThat(mapper.map(record(map("device", "d1", "temp", 21.5))).line())
                .isEqualTo("sensors,device=d1,env=prod,kafka_partition=0,kafka_topic=sensors,region=eu temp=21.5 "
                        + "1700000000123000000");
    }

    @Test
    void staticTagValuesAreEscaped() {
        PointMapper mapper = new PointMapper(settings().metadata(new MetadataSettings(
                tags("site name", "plant a,b=c"), "", "", "")).build());
        assertThat(mapper.map(record(map("v", 1))).line())
                .isEqualTo("sensors,site\\ name=plant\\ a\\,b\\=c v=1 1700000000123000000");
    }

    @Test
    void ingestTimeIsTheKafkaTimestampAsAnIntegerAndReplacesARecordFieldOfThatName() {
        PointMapper mapper = new PointMapper(settings().metadata(new MetadataSettings(Map.of(), "", "",
                "ingested_at")).build());
        assertThat(mapper.map(record(map("v", 1, "ingested_at", "from the device"))).line())
                .isEqualTo("sensors v=1,ingested_at=1700000000123i 1700000000123000000");
        PointMapper listed = new PointMapper(settings().fields("v", "ingested_at").metadata(new MetadataSettings(
                Map.of(), "", "", "ingested_at")).build());
        assertThat(listed.map(record(map("v", 1, "ingested_at", 5))).line())
                .isEqualTo("sensors v=1,ingested_at=1700000000123i 1700000000123000000");
    }

    @Test
    void noKafkaTimestampMeansNoIngestTimeFieldAndItNeverMakesAPointAlone() {
        PointMapper mapper = new PointMapper(settings().timeField("ts").metadata(new MetadataSettings(Map.of(),
                "", "", "ingested_at")).build());
        SinkRecord noTimestamp = new SinkRecord("sensors", 0, null, "k", null, map("v", 2, "ts", 1000), 1, null,
                TimestampType.NO_TIMESTAMP_TYPE);
        assertThat(mapper.map(noTimestamp).line()).isEqualTo("sensors v=2 1000000000000");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mapper.map(record(map("ts", 1000))))
                .isInstanceOf(MappingException.class).hasMessageContaining("no field");
    }

    @Test
    void withoutMetadataNothingChanges() {
        PointMapper mapper = new PointMapper(settings().build());
        assertThat(mapper.map(record(map("v", 1))).line()).isEqualTo("sensors v=1 1700000000123000000");
    }
}
