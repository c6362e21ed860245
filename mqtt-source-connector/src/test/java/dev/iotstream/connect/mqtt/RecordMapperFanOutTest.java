package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.common.json.JsonNumbers;
import dev.iotstream.connect.common.json.JsonOptions;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker.Ticket;
import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.mapping.DeadLetterHeaders;
import dev.iotstream.connect.mqtt.mapping.KeyStrategy;
import dev.iotstream.connect.mqtt.mapping.RecordMapper;
import dev.iotstream.connect.mqtt.mapping.TopicRouter;
import dev.iotstream.connect.mqtt.payload.JsonBatching;
import dev.iotstream.connect.mqtt.payload.PayloadDecoder;
import dev.iotstream.connect.mqtt.payload.PayloadFormat;
import dev.iotstream.connect.mqtt.payload.SparkplugPayloadDecoder;
import dev.iotstream.connect.mqtt.sparkplug.EdgeNodeSim;
import dev.iotstream.connect.mqtt.sparkplug.RebirthRequest;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugDecoder;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugSettings;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import dev.iotstream.connect.mqtt.ack.TrackedSourceRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One message, many records: batched JSON and Sparkplug B through the mapper, dead letters per element. */
class RecordMapperFanOutTest {
    private final List<RebirthRequest> rebirths = new ArrayList<>();

    private static RecordMapper mapper(PayloadDecoder decoder, String format, String dlq) {
        return new RecordMapper(new RecordMapper.Origin(Map.of("p", 1), Map.of("o", 1), "c/0"),
                new RecordMapper.Routing(new TopicRouter("data", List.of()), KeyStrategy.parse("topic")),
                new RecordMapper.Decoding(decoder, format, false, dlq),
                        new MqttSourceConfig(Map.of("mqtt.server.uris", "tcp://h:1", "mqtt.topics", "a",
                        "kafka.topic", "t"))
                        .headerSelection());
    }

    private static RecordMapper json(String dlq) {
        return mapper(PayloadDecoder.of(PayloadFormat.JSON, false,
                new JsonOptions(JsonNumbers.LONG_OR_DOUBLE, 16, false),
                JsonBatching.parse("readings", List.of("device"), 3)), "json", dlq);
    }

    private RecordMapper sparkplug(String dlq) {
        return mapper(new SparkplugPayloadDecoder(new SparkplugDecoder(SparkplugSettings.defaults(), Clock.systemUTC()),
                rebirths::add, "test"), "sparkplugb", dlq);
    }

    private static InboundMessage msg(String topic, byte[] payload) {
        return InboundMessage.v3(topic, payload, 1, false, false, 7, 1);
    }

    private static InboundMessage msg(String topic, String payload) {
        return msg(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(SourceRecord r, String name) {
        return r.headers().lastWithName(name) == null ? null : String.valueOf(r.headers().lastWithName(name).value());
    }

    @Test
    void badElementIsADeadLetterWithItsIndexAndEveryRecordCarriesTheMessagesTicket() throws Exception {
        OrderedAckTracker<InboundMessage> tracker = new OrderedAckTracker<>(10, m -> { });
        InboundMessage m = msg("s/d1", "{\"device\":\"d1\",\"readings\":[{\"v\":1},\"x\",{\"v\":3}]}");
        Ticket<InboundMessage> ticket = tracker.register(m, 0);
        RecordMapper.Result r = json("dlq").map(m, 5L, ticket);
        assertThat(r.decodeFailed()).isTrue();
        assertThat(r.records()).hasSize(3);
        assertThat(r.records()).allSatisfy(rec -> assertThat(((TrackedSourceRecord<?>) rec).ticket()).isSameAs(ticket));
        assertThat(r.records().subList(0, 2)).extracting(SourceRecord::topic).containsOnly("data");
        assertThat(r.records().subList(0, 2)).extracting(SourceRecord::value)
                .containsExactly(Map.of("device", "d1", "v", 1L), Map.of("device", "d1", "v", 3L));
        SourceRecord dead = r.records().get(2);
        assertThat(dead.topic()).isEqualTo("dlq");
        assertThat(header(dead, DeadLetterHeaders.ELEMENT)).isEqualTo("readings[1]");
        assertThat(header(dead, DeadLetterHeaders.REASON)).startsWith("readings[1]: is a string, not an object");
        assertThat(new String((byte[]) dead.value(), StandardCharsets.UTF_8)).contains("\"readings\"");
    }

    @Test
    void tooLargeFanOutIsOneDeadLetterAndFailModeFails() {
        InboundMessage big = msg("s/d1", "{\"readings\":[1,2,3,4]}");
        RecordMapper.Result r = json("dlq").map(big, 5L);
        assertThat(r.records()).singleElement().satisfies(d -> assertThat(header(d, DeadLetterHeaders.REASON))
                .contains("4 elements, more than payload.max.records (3)"));
        assertThatThrownBy(() -> json(null).map(msg("s/d1", "{\"device\":1,\"readings\":[1]}"), 5L))
                .isInstanceOf(ConnectException.class).hasMessageContaining("readings[0]");
    }

    @Test
    void sparkplugRecordsKeepTheirKeysAndTimesUnknownAliasIsADeadLetterAndAsksForARebirth() {
        EdgeNodeSim node = new EdgeNodeSim("plant1", "gw7");
        RecordMapper mapper = sparkplug("dlq");
        // started after the BIRTH: alias 1 is unknown, alias-free metric 'Named' still goes out
        RecordMapper.Result early = mapper.map(msg(node.topic("NDATA"), node.withSeq(5,
                EdgeNodeSim.byAlias(1).setDoubleValue(1.5),
                EdgeNodeSim.named("Named", 9, DataType.Int32).setIntValue(4))), 5L);
        assertThat(early.records()).hasSize(2);
        assertThat(early.records().get(0).key()).isEqualTo("plant1/gw7//Named");
        SourceRecord dead = early.records().get(1);
        assertThat(dead.topic()).isEqualTo("dlq");
        assertThat(header(dead, DeadLetterHeaders.ELEMENT)).isNotBlank();
        assertThat(header(dead, DeadLetterHeaders.REASON)).contains("alias");
        assertThat(rebirths).singleElement().satisfies(q -> assertThat(q.topic()).isEqualTo("spBv1.0/plant1/NCMD/gw7"));

        RecordMapper.Result birth = mapper.map(msg(node.topic("NBIRTH"),
                node.nbirth(EdgeNodeSim.named("Temperature", 1, DataType.Double).setDoubleValue(20.0))), 5L);
        assertThat(birth.records()).extracting(SourceRecord::key)
                .contains("plant1/gw7", "plant1/gw7//Temperature");
        RecordMapper.Result data = mapper.map(msg(node.topic("NDATA"),
                node.next(EdgeNodeSim.byAlias(1).setDoubleValue(21.5).setTimestamp(1_700_000_123_000L))), 5L);
        SourceRecord rec = data.records().get(0);
        assertThat(rec.key()).isEqualTo("plant1/gw7//Temperature");
        assertThat(rec.timestamp()).isEqualTo(1_700_000_123_000L);
        assertThat(((Struct) rec.value()).get("metric")).isEqualTo("Temperature");
        assertThat(((Struct) rec.value()).get("value")).isEqualTo(21.5);
    }

    @Test
    void malformedProtobufIsOneDeadLetter() {
        RecordMapper.Result r = sparkplug("dlq").map(msg("spBv1.0/g/NDATA/e", new byte[] {(byte) 0xff, 1, 2}), 5L);
        assertThat(r.records()).singleElement().satisfies(d -> {
            assertThat(d.topic()).isEqualTo("dlq");
            assertThat(header(d, DeadLetterHeaders.REASON)).contains("not a Sparkplug B payload");
        });
    }
}
