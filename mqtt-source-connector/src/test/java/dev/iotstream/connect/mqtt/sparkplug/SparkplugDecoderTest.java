package dev.iotstream.connect.mqtt.sparkplug;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.Metric;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.iotstream.connect.mqtt.sparkplug.EdgeNodeSim.byAlias;
import static dev.iotstream.connect.mqtt.sparkplug.EdgeNodeSim.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class SparkplugDecoderTest {
    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final EdgeNodeSim node = new EdgeNodeSim("plant1", "gw7");
    private SparkplugDecoder decoder = new SparkplugDecoder(SparkplugSettings.defaults(), clock);

    private SparkplugResult decode(String topic, byte[] payload) throws Exception {
        SparkplugResult result = decoder.decode(topic, payload);
        JsonSerialization.serializeAll(result);
        return result;
    }

    private static Metric.Builder temperature() {
        Payload.PropertySet units = Payload.PropertySet.newBuilder()
                .addKeys("engUnit").addValues(Payload.PropertyValue.newBuilder()
                        .setType(DataType.String_VALUE).setStringValue("degC"))
                .addKeys("Quality").addValues(Payload.PropertyValue.newBuilder()
                        .setType(DataType.Int32_VALUE).setIntValue(192))
                .build();
        return named("Temperature", 1, DataType.Double).setDoubleValue(21.5).setProperties(units);
    }

    private byte[] birth() {
        return node.nbirth(temperature(), named("Running", 2, DataType.Boolean).setBooleanValue(true),
                named("Count", 3, DataType.Int64).setLongValue(7));
    }

    private static Object value(SparkplugRecord r) {
        return r.value().get("value");
    }

    @Test
    void birthThenDataByAliasComeOutNamedAndTyped() throws Exception {
        SparkplugResult birth = decode(node.topic("NBIRTH"), birth());
        assertThat(birth.records()).extracting(r -> r.value().getString("metric"), SparkplugDecoderTest::value)
                .containsExactly(tuple("bdSeq", 0L), tuple("Temperature", 21.5), tuple("Running", true),
                        tuple("Count", 7L));
        assertThat(birth.statuses()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo("plant1/gw7");
            assertThat(s.value().getBoolean("online")).isTrue();
            assertThat(s.value().getInt64("bd_seq")).isZero();
        });

        byte[] data = node.next(byAlias(1).setDoubleValue(22.25).setTimestamp(1_700_000_123_000L),
                byAlias(3).setLongValue(8));
        SparkplugResult result = decode(node.topic("NDATA"), data);

        assertThat(result.failures()).isEmpty();
        assertThat(result.rebirthRequests()).isEmpty();
        assertThat(result.records()).hasSize(2);
        SparkplugRecord temp = result.records().get(0);
        Struct v = temp.value();
        assertThat(temp.key()).isEqualTo("plant1/gw7//Temperature");
        assertThat(v.getString("group")).isEqualTo("plant1");
        assertThat(v.getString("edge_node")).isEqualTo("gw7");
        assertThat(v.getString("device")).isNull();
        assertThat(v.getString("message_type")).isEqualTo("NDATA");
        assertThat(v.getString("datatype")).isEqualTo("Double");
        assertThat(v.getFloat64("value")).isEqualTo(22.25);
        assertThat(v.getInt64("alias")).isEqualTo(1L);
        assertThat(v.getInt64("timestamp")).isEqualTo(1_700_000_123_000L);
        assertThat(temp.timestamp()).isEqualTo(1_700_000_123_000L);
        assertThat(v.getInt64("seq")).isEqualTo(1L);
        assertThat(v.getBoolean("is_null")).isFalse();
        assertThat(v.getBoolean("is_historical")).isFalse();
        SparkplugRecord count = result.records().get(1);
        assertThat(count.value().getString("metric")).isEqualTo("Count");
        assertThat(count.value().getInt64("value")).isEqualTo(8L);
        assertThat(count.timestamp()).as("no metric timestamp: the payload's").isEqualTo(node.time);
        assertThat(birth.records().get(1).value().<String, String>getMap("properties"))
                .containsEntry("engUnit", "degC").containsEntry("Quality", "192");
    }

    @Test
    void dataBeforeBirthFailsWithTheReasonAndRequestsARebirth() throws Exception {
        SparkplugResult result = decode(node.topic("NDATA"),
                node.withSeq(5, byAlias(1).setDoubleValue(1.0), byAlias(2).setBooleanValue(false)));

        assertThat(result.records()).isEmpty();
        assertThat(result.failures()).hasSize(2).first().satisfies(f -> {
            assertThat(f.element()).isEqualTo("metric #0 (alias 1)");
            assertThat(f.reason()).contains("alias 1 is unknown for edge node plant1/gw7", "rebirth");
        });
        assertThat(result.rebirthRequests()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("spBv1.0/plant1/NCMD/gw7");
            assertThat(r.group()).isEqualTo("plant1");
            assertThat(r.edgeNode()).isEqualTo("gw7");
            List<Metric> metrics = EdgeNodeSim.metrics(r.payload());
            assertThat(metrics).singleElement().satisfies(m -> {
                assertThat(m.getName()).isEqualTo("Node Control/Rebirth");
                assertThat(m.getDatatype()).isEqualTo(DataType.Boolean_VALUE);
                assertThat(m.getBooleanValue()).isTrue();
            });
        });
        assertThat(decoder.counters().unknownAliases()).isEqualTo(2);
        assertThat(decoder.counters().rebirthsRequested()).isEqualTo(1);

        // The edge node answers with a BIRTH: the same aliases now resolve.
        decode(node.topic("NBIRTH"), birth());
        SparkplugResult after = decode(node.topic("NDATA"), node.next(byAlias(1).setDoubleValue(3.0)));
        assertThat(after.failures()).isEmpty();
        assertThat(after.records()).extracting(r -> r.value().getString("metric")).containsExactly("Temperature");
    }

    @Test
    void rebirthRequestsAreRateLimitedPerEdgeNodeAndCanBeTurnedOff() throws Exception {
        EdgeNodeSim other = new EdgeNodeSim("plant1", "gw8");
        assertThat(decode(node.topic("NDATA"), node.withSeq(1, byAlias(9).setLongValue(1))).rebirthRequests())
                .hasSize(1);
        clock.advance(Duration.ofSeconds(29));
        SparkplugResult limited = decode(node.topic("NDATA"), node.withSeq(2, byAlias(9).setLongValue(1)));
        assertThat(limited.rebirthRequests()).isEmpty();
        assertThat(limited.failures()).hasSize(1);
        assertThat(decode(other.topic("NDATA"), other.withSeq(1, byAlias(9).setLongValue(1))).rebirthRequests())
                .as("another edge node has its own limit").hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(decode(node.topic("NDATA"), node.withSeq(3, byAlias(9).setLongValue(1))).rebirthRequests())
                .hasSize(1);
        assertThat(decoder.counters().rebirthsRequested()).isEqualTo(3);
        assertThat(decoder.counters().rebirthsSuppressed()).isEqualTo(1);

        decoder = new SparkplugDecoder(SparkplugSettings.defaults().withRebirthRequests(false, Duration.ZERO), clock);
        SparkplugResult off = decode(node.topic("NDATA"), node.withSeq(1, byAlias(9).setLongValue(1)));
        assertThat(off.rebirthRequests()).isEmpty();
        assertThat(off.failures()).singleElement().satisfies(f -> assertThat(f.reason()).contains("alias 9"));
    }

    @Test
    void aSeqGapIsCountedAndRequestsARebirthAndTheWrapIsNoGap() throws Exception {
        decode(node.topic("NBIRTH"), birth());
        for (int i = 0; i < 300; i++) {
            SparkplugResult r = decode(node.topic("NDATA"), node.next(byAlias(3).setLongValue(i)));
            assertThat(r.rebirthRequests()).isEmpty();
            assertThat(r.records()).hasSize(1);
        }
        assertThat(decoder.counters().seqGaps()).isZero();

        node.seq = (node.seq + 2) & 0xFF; // two messages lost
        SparkplugResult gap = decode(node.topic("NDATA"), node.next(byAlias(3).setLongValue(-1)));
        assertThat(gap.records()).as("the message itself is still decoded").hasSize(1);
        assertThat(gap.rebirthRequests()).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("seq gap on plant1/gw7: expected 45, got 47"));
        assertThat(decoder.counters().seqGaps()).isEqualTo(1);
        assertThat(decode(node.topic("NDATA"), node.next(byAlias(3).setLongValue(0))).rebirthRequests())
                .as("the seq after the gap continues from the received one").isEmpty();
        assertThat(decoder.counters().seqGaps()).isEqualTo(1);
    }

    @Test
    void deathsMakeOfflineStatusesAndClearTheAliases() throws Exception {
        decode(node.topic("NBIRTH"), birth());
        SparkplugResult dbirth = decode(node.topic("DBIRTH", "pump1"),
                node.next(named("Speed", 1, DataType.Float).setFloatValue(1450f)));
        assertThat(dbirth.statuses()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo("plant1/gw7/pump1");
            assertThat(s.value().getBoolean("online")).isTrue();
            assertThat(s.value().getString("device")).isEqualTo("pump1");
        });
        decode(node.topic("DBIRTH", "pump2"), node.next(named("Speed", 1, DataType.Float).setFloatValue(2f)));
        SparkplugResult ddata = decode(node.topic("DDATA", "pump1"), node.next(byAlias(1).setFloatValue(1460f)));
        assertThat(ddata.records()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("plant1/gw7/pump1/Speed");
            assertThat(r.value().getFloat32("value")).isEqualTo(1460f);
        });

        SparkplugResult ddeath = decode(node.topic("DDEATH", "pump1"), node.next());
        assertThat(ddeath.statuses()).singleElement().satisfies(s -> {
            assertThat(s.value().getString("message_type")).isEqualTo("DDEATH");
            assertThat(s.value().getBoolean("online")).isFalse();
            assertThat(s.key()).isEqualTo("plant1/gw7/pump1");
        });
        assertThat(decode(node.topic("DDATA", "pump1"), node.next(byAlias(1).setFloatValue(1f))).failures())
                .as("the dead device's aliases are gone").hasSize(1);

        SparkplugResult ndeath = decode(node.topic("NDEATH"), node.ndeath(0));
        assertThat(ndeath.records()).isEmpty();
        assertThat(ndeath.statuses())
                .extracting(s -> s.key(), s -> s.value().getBoolean("online"), s -> s.value().getInt64("bd_seq"))
                .containsExactly(tuple("plant1/gw7", false, 0L), tuple("plant1/gw7/pump2", false, null));
        assertThat(decode(node.topic("NDATA"), node.next(byAlias(1).setDoubleValue(1))).failures())
                .as("the dead node's aliases are gone").hasSize(1);
        assertThat(decoder.rememberedEdgeNodes()).isZero();
    }

    @Test
    void anNdeathWithAnotherSessionsBdSeqIsIgnored() throws Exception {
        node.bdSeq = 4;
        decode(node.topic("NBIRTH"), birth());
        SparkplugResult stale = decode(node.topic("NDEATH"), node.ndeath(3));
        assertThat(stale.statuses()).isEmpty();
        assertThat(stale.records()).isEmpty();
        assertThat(stale.notes()).singleElement().asString().contains("bdSeq 3 ignored", "born with bdSeq 4");
        assertThat(decoder.counters().staleDeaths()).isEqualTo(1);
        assertThat(decode(node.topic("NDATA"), node.next(byAlias(1).setDoubleValue(5))).records())
                .as("the session lives on").hasSize(1);
        assertThat(decode(node.topic("NDEATH"), node.ndeath(4)).statuses()).hasSize(1);
    }

    @Test
    void malformedProtobufIsADecodeExceptionWithTheReason() {
        assertThatThrownBy(() -> decoder.decode(node.topic("NDATA"), new byte[]{(byte) 0x0a, (byte) 0xff, 1}))
                .isInstanceOf(SparkplugDecodeException.class).hasMessageStartingWith("not a Sparkplug B payload");
        assertThatThrownBy(() -> decoder.decode(node.topic("NDATA"),
                "{\"temp\":21}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SparkplugDecodeException.class).hasMessageContaining("not a Sparkplug B payload");
        assertThatThrownBy(() -> decoder.decode("sensors/a/b", birth()))
                .isInstanceOf(SparkplugDecodeException.class).hasMessageContaining("not in the Sparkplug B namespace");
    }

    private static byte[] le(int size, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return b.array();
    }

    @Test
    void everyDatatypeComesOutTyped() throws Exception {
        byte[] bools = le(5, b -> b.putInt(3).put((byte) 0b1010_0000));
        Payload.DataSet ds = Payload.DataSet.newBuilder().setNumOfColumns(2).addColumns("t").addColumns("ok")
                .addTypes(DataType.Int32_VALUE).addTypes(DataType.Boolean_VALUE)
                .addRows(Payload.DataSet.Row.newBuilder()
                        .addElements(Payload.DataSet.DataSetValue.newBuilder().setIntValue(-5))
                        .addElements(Payload.DataSet.DataSetValue.newBuilder().setBooleanValue(true)))
                .build();
        Payload.Template motor = Payload.Template.newBuilder().setTemplateRef("Motor").setVersion("1")
                .addParameters(Payload.Template.Parameter.newBuilder().setName("size").setType(DataType.Int32_VALUE)
                        .setIntValue(3))
                .addMetrics(Metric.newBuilder().setName("rpm").setDatatype(DataType.Int32_VALUE).setIntValue(900))
                .addMetrics(Metric.newBuilder().setName("inner").setDatatype(DataType.Template_VALUE)
                        .setTemplateValue(Payload.Template.newBuilder().setTemplateRef("Bearing")
                                .addMetrics(Metric.newBuilder().setName("temp").setDatatype(DataType.Float_VALUE)
                                        .setFloatValue(40.5f))))
                .build();
        SparkplugResult r = decode(node.topic("NBIRTH"), node.nbirth(
                named("i8", 10, DataType.Int8).setIntValue(-3),
                named("i16", 11, DataType.Int16).setIntValue(-300),
                named("i32", 12, DataType.Int32).setIntValue(-70000),
                named("i64", 13, DataType.Int64).setLongValue(-5_000_000_000L),
                named("u8", 14, DataType.UInt8).setIntValue(250),
                named("u16", 15, DataType.UInt16).setIntValue(65000),
                named("u32", 16, DataType.UInt32).setIntValue(-1),
                named("u64", 17, DataType.UInt64).setLongValue(Long.MAX_VALUE),
                named("f", 18, DataType.Float).setFloatValue(1.5f),
                named("s", 19, DataType.String).setStringValue("héllo"),
                named("text", 20, DataType.Text).setStringValue("t"),
                named("uuid", 21, DataType.UUID).setStringValue("0b9e7f0e-0000-0000-0000-000000000000"),
                named("dt", 22, DataType.DateTime).setLongValue(1_600_000_000_000L),
                named("bytes", 23, DataType.Bytes).setBytesValue(ByteString.copyFrom(new byte[]{1, 2})),
                named("file", 24, DataType.File).setBytesValue(ByteString.copyFrom(new byte[]{3}))
                        .setMetadata(Payload.MetaData.newBuilder().setFileName("a.bin")),
                named("i16a", 25, DataType.Int16Array).setBytesValue(ByteString.copyFrom(
                        le(4, b -> b.putShort((short) -2).putShort((short) 7)))),
                named("u32a", 26, DataType.UInt32Array).setBytesValue(ByteString.copyFrom(le(4, b -> b.putInt(-1)))),
                named("da", 27, DataType.DoubleArray).setBytesValue(ByteString.copyFrom(le(8, b -> b.putDouble(2.5)))),
                named("ba", 28, DataType.BooleanArray).setBytesValue(ByteString.copyFrom(bools)),
                named("sa", 29, DataType.StringArray).setBytesValue(ByteString.copyFrom(
                        "a\0bc\0".getBytes(StandardCharsets.UTF_8))),
                named("dta", 30, DataType.DateTimeArray).setBytesValue(ByteString.copyFrom(le(8, b -> b.putLong(9L)))),
                named("table", 31, DataType.DataSet).setDatasetValue(ds),
                named("motor", 32, DataType.Template).setTemplateValue(motor),
                named("nothing", 33, DataType.Double).setIsNull(true),
                named("u64big", 34, DataType.UInt64).setLongValue(-1L)));

        Map<String, Object> values = new java.util.LinkedHashMap<>();
        r.records().forEach(rec -> values.put(rec.value().getString("metric"), value(rec)));
        assertThat(values).containsEntry("i8", (byte) -3).containsEntry("i16", (short) -300)
                .containsEntry("i32", -70000).containsEntry("i64", -5_000_000_000L)
                .containsEntry("u8", (short) 250).containsEntry("u16", 65000).containsEntry("u32", 4294967295L)
                .containsEntry("u64", Long.MAX_VALUE).containsEntry("f", 1.5f).containsEntry("s", "héllo")
                .containsEntry("text", "t").containsEntry("dt", 1_600_000_000_000L)
                .containsEntry("i16a", List.of((short) -2, (short) 7)).containsEntry("u32a", List.of(4294967295L))
                .containsEntry("da", List.of(2.5)).containsEntry("ba", List.of(true, false, true))
                .containsEntry("sa", List.of("a", "bc")).containsEntry("dta", List.of(9L))
                .containsEntry("motor/rpm", 900).containsEntry("motor/inner/temp", 40.5f)
                .containsEntry("nothing", null);
        assertThat((byte[]) values.get("bytes")).containsExactly(1, 2);
        List<?> rows = (List<?>) values.get("table");
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(((Struct) row).getInt32("t")).isEqualTo(-5);
            assertThat(((Struct) row).getBoolean("ok")).isTrue();
        });
        SparkplugRecord rpm = r.records().stream().filter(x -> x.value().getString("metric").equals("motor/rpm"))
                .findFirst().orElseThrow();
        assertThat(rpm.value().<String, String>getMap("properties")).containsEntry("template.ref", "Motor")
                .containsEntry("template.parameter.size", "3");
        assertThat(rpm.value().getString("datatype")).isEqualTo("Int32");
        SparkplugRecord file = r.records().stream().filter(x -> x.value().getString("metric").equals("file"))
                .findFirst().orElseThrow();
        assertThat(file.value().<String, String>getMap("properties")).containsEntry("metadata.file_name", "a.bin");
        SparkplugRecord nothing = r.records().stream().filter(x -> x.value().getString("metric").equals("nothing"))
                .findFirst().orElseThrow();
        assertThat(nothing.value().getBoolean("is_null")).isTrue();
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.element()).isEqualTo("metric #25 'u64big' (alias 34)");
            assertThat(f.reason()).contains("18446744073709551615", "above the signed 64-bit range");
        });

        SparkplugResult data = decode(node.topic("NDATA"), node.next(
                byAlias(32).setTemplateValue(Payload.Template.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("rpm").setIntValue(950))),
                byAlias(28).setBytesValue(ByteString.copyFrom(new byte[]{1, 0}))));
        assertThat(data.records()).singleElement().satisfies(rec -> {
            assertThat(rec.value().getString("metric")).isEqualTo("motor/rpm");
            assertThat(rec.value().getInt32("value")).isEqualTo(950);
        });
        assertThat(data.failures()).singleElement().satisfies(f -> {
            assertThat(f.element()).isEqualTo("metric #1 'ba' (alias 28)");
            assertThat(f.reason()).contains("BooleanArray holds 2 bytes, less than its 4-byte count");
        });
    }

    @Test
    void messageOutputIsOneRecordWithTheMetricsAsAStruct() throws Exception {
        decoder = new SparkplugDecoder(SparkplugSettings.defaults().withOutput(SparkplugOutput.MESSAGE), clock);
        decode(node.topic("NBIRTH"), birth());
        SparkplugResult r = decode(node.topic("NDATA"), node.next(byAlias(1).setDoubleValue(20.0),
                byAlias(2).setBooleanValue(false), byAlias(1).setDoubleValue(20.5), byAlias(99).setLongValue(1)));
        assertThat(r.records()).singleElement().satisfies(rec -> {
            assertThat(rec.key()).isEqualTo("plant1/gw7");
            assertThat(rec.value().getString("message_type")).isEqualTo("NDATA");
            Struct metrics = rec.value().getStruct("metrics");
            assertThat(metrics.getFloat64("Temperature")).isEqualTo(20.0);
            assertThat(metrics.getBoolean("Running")).isFalse();
        });
        assertThat(r.failures()).extracting(SparkplugFailure::element)
                .containsExactlyInAnyOrder("metric #2 'Temperature' (alias 1)", "metric #3 (alias 99)");
        assertThat(r.failures()).filteredOn(f -> f.element().startsWith("metric #2")).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("more than once"));
        SparkplugResult again = decode(node.topic("NDATA"), node.next(byAlias(1).setDoubleValue(1.0),
                byAlias(2).setBooleanValue(true)));
        assertThat(again.records().get(0).schema()).as("schema cached per shape")
                .isSameAs(r.records().get(0).schema());
        List<JsonNode> json = JsonSerialization.serializeAll(again);
        assertThat(json.get(0).path("metrics").path("Temperature").asDouble()).isEqualTo(1.0);
    }

    @Test
    void structsAreFilledDirectlyOnThisKafkaVersion() {
        assertThat(StructFill.direct()).as("Kafka's Struct still has its values array").isTrue();
    }

    @Test
    void metricSchemasAreBuiltOncePerDatatype() throws Exception {
        decode(node.topic("NBIRTH"), birth());
        SparkplugResult a = decode(node.topic("NDATA"), node.next(byAlias(1).setDoubleValue(1)));
        SparkplugResult b = decode(node.topic("NDATA"), node.next(byAlias(1).setDoubleValue(2)));
        assertThat(a.records().get(0).schema()).isSameAs(b.records().get(0).schema());
    }

    @Test
    void memoryIsBoundedTheLeastRecentlySeenEdgeNodeIsForgotten() throws Exception {
        decoder = new SparkplugDecoder(SparkplugSettings.defaults().withLimits(2, 1, 100), clock);
        EdgeNodeSim a = new EdgeNodeSim("g", "a");
        EdgeNodeSim b = new EdgeNodeSim("g", "b");
        EdgeNodeSim c = new EdgeNodeSim("g", "c");
        decode(a.topic("NBIRTH"), a.nbirth(named("x", 1, DataType.Int32).setIntValue(1)));
        decode(b.topic("NBIRTH"), b.nbirth(named("x", 1, DataType.Int32).setIntValue(1)));
        decode(c.topic("NBIRTH"), c.nbirth(named("x", 1, DataType.Int32).setIntValue(1)));
        assertThat(decoder.rememberedEdgeNodes()).isEqualTo(2);
        assertThat(decoder.counters().forgottenEdgeNodes()).isEqualTo(1);
        SparkplugResult forgotten = decode(a.topic("NDATA"), a.next(byAlias(1).setIntValue(2)));
        assertThat(forgotten.failures()).hasSize(1);
        assertThat(forgotten.rebirthRequests()).as("forgetting heals through a rebirth").hasSize(1);
        assertThat(decode(c.topic("NDATA"), c.next(byAlias(1).setIntValue(2))).records()).hasSize(1);

        decode(c.topic("DBIRTH", "d1"), c.next(named("y", 1, DataType.Int32).setIntValue(1)));
        decode(c.topic("DBIRTH", "d2"), c.next(named("y", 1, DataType.Int32).setIntValue(1)));
        assertThat(decoder.counters().forgottenDevices()).isEqualTo(1);
        assertThat(decode(c.topic("DDATA", "d1"), c.next(byAlias(1).setIntValue(2))).failures()).hasSize(1);

        decoder = new SparkplugDecoder(SparkplugSettings.defaults().withLimits(10, 10, 5), clock);
        Metric.Builder[] many = new Metric.Builder[10];
        for (int i = 0; i < many.length; i++) {
            many[i] = named("m" + i, i + 1, DataType.Int32).setIntValue(i);
        }
        SparkplugResult big = decode(a.topic("NBIRTH"), a.nbirth(many));
        assertThat(big.records()).as("the BIRTH itself is decoded in full").hasSize(11);
        assertThat(decoder.rememberedAliases()).isLessThanOrEqualTo(5);
        assertThat(big.notes()).isNotEmpty().allSatisfy(n -> assertThat(n).contains("not remembered"));
    }

    @Test
    void hostStateMessagesEncodeAndDecode() throws Exception {
        SparkplugHostState online = SparkplugEncoder.hostOnline("iotstream-1", 1_700_000_000_000L);
        assertThat(online.topic()).isEqualTo("spBv1.0/STATE/iotstream-1");
        assertThat(online.qos()).isEqualTo(1);
        assertThat(online.retained()).isTrue();
        assertThat(new String(online.payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"online\":true,\"timestamp\":1700000000000}");
        SparkplugHostState offline = SparkplugEncoder.hostOffline("iotstream-1", 1_700_000_000_000L);
        SparkplugResult seen = decode(offline.topic(), offline.payload());
        assertThat(seen.statuses()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo("STATE/iotstream-1");
            assertThat(s.value().getBoolean("online")).isFalse();
            assertThat(s.value().getString("host_id")).isEqualTo("iotstream-1");
            assertThat(s.timestamp()).isEqualTo(1_700_000_000_000L);
        });
        assertThatThrownBy(() -> decoder.decode(online.topic(), "ONLINE".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SparkplugDecodeException.class).hasMessageContaining("STATE payload is not JSON");
        assertThatThrownBy(() -> SparkplugEncoder.hostOnline("a/b", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandsSeenOnTheWireAreRecordsWithoutRebirthRequests() throws Exception {
        SparkplugResult cmd = decode(node.topic("NCMD"), SparkplugEncoder.rebirthCommand(5L));
        assertThat(cmd.records()).singleElement().satisfies(r -> {
            assertThat(r.value().getString("message_type")).isEqualTo("NCMD");
            assertThat(r.value().getString("metric")).isEqualTo("Node Control/Rebirth");
            assertThat(r.value().getBoolean("value")).isTrue();
        });
        SparkplugResult byUnknownAlias = decode(node.topic("DCMD", "pump"),
                node.withSeq(0, byAlias(4).setBooleanValue(true)));
        assertThat(byUnknownAlias.failures()).hasSize(1);
        assertThat(byUnknownAlias.rebirthRequests()).isEmpty();
    }

    @Test
    void floatsThatJsonCannotHoldStillSerialize() throws Exception {
        SparkplugResult r = decoder.decode(node.topic("NBIRTH"),
                node.nbirth(named("nan", 1, DataType.Double).setDoubleValue(Double.NaN)));
        org.apache.kafka.connect.json.JsonConverter c = new org.apache.kafka.connect.json.JsonConverter();
        c.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
        for (SparkplugRecord rec : r.records()) {
            assertThat(new String(c.fromConnectData("t", rec.schema(), rec.value()), StandardCharsets.UTF_8))
                    .isNotEmpty();
        }
    }
}
