package dev.iotstream.connect.timeseries.mapping;

import dev.iotstream.connect.timeseries.lineprotocol.LineChecker;
import dev.iotstream.connect.timeseries.lineprotocol.ParsedLine;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever names and values the metadata settings and the record carry (commas, spaces, equals signs, quotes,
 * backslashes, non-ASCII), the mapped line is one valid line whose tags, read back, are exactly the record's tags
 * plus the static, topic and partition tags, in name order, and whose ingest time field is the Kafka timestamp.
 */
class MetadataMappingPropertiesTest {
    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('é', '→', '温').ofMinLength(1)
                .ofMaxLength(12);
    }

    @Provide
    Arbitrary<Map<String, String>> staticTags() {
        return Arbitraries.maps(names().map(n -> "s_" + n), names()).ofMaxSize(4);
    }

    @Property(tries = 300)
    void tagsReadBackExactlyAndSorted(@ForAll("staticTags") Map<String, String> staticTags,
                                      @ForAll("names") String device, @ForAll("names") String topic,
                                      @ForAll @IntRange(min = 0, max = 1000) int partition,
                                      @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long timestamp,
                                      @ForAll boolean withTopic, @ForAll boolean withPartition,
                                      @ForAll boolean withIngest) {
        MetadataSettings metadata = new MetadataSettings(staticTags, withTopic ? "t_topic" : "",
                withPartition ? "t_partition" : "", withIngest ? "ingested" : "");
        PointMapper mapper = new PointMapper(new MappingSettings.Builder().measurement("m").tags("device")
                .metadata(metadata).build());
        Map<String, Object> value = new java.util.HashMap<>(Map.of("device", device, "temp", 1.5));
        SinkRecord record = new SinkRecord(topic, partition, null, null, null, value, 0, timestamp,
                TimestampType.CREATE_TIME);
        String line = mapper.map(record).line();

        LineChecker.Result result = LineChecker.check(line);
        assertThat(result.bad()).as(line).isEmpty();
        assertThat(result.good()).hasSize(1);
        ParsedLine parsed = result.good().get(0);
        Map<String, String> expected = new TreeMap<>(staticTags);
        expected.put("device", device);
        if (withTopic) {
            expected.put("t_topic", topic);
        }
        if (withPartition) {
            expected.put("t_partition", Integer.toString(partition));
        }
        assertThat(parsed.tags()).as(line).containsExactlyEntriesOf(expected);
        assertThat(new ArrayList<>(parsed.tags().keySet())).isSorted();
        assertThat(parsed.measurement()).isEqualTo("m");
        assertThat(parsed.timestamp()).isEqualTo(timestamp * 1_000_000);
        List<String> fields = new ArrayList<>(parsed.fields().keySet());
        if (withIngest) {
            assertThat(parsed.fields()).containsEntry("ingested", timestamp + "i");
            assertThat(fields).containsExactly("temp", "ingested");
        } else {
            assertThat(fields).containsExactly("temp");
        }
    }
}
