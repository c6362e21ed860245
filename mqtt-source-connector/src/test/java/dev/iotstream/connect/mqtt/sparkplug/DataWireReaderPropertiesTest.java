package dev.iotstream.connect.mqtt.sparkplug;

import com.google.protobuf.CodedOutputStream;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.Metric;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder reads DATA and CMD payloads of the usual shape straight from the bytes ({@link DataWireReader}) and
 * everything else with protobuf's parser. Whatever the bytes, both ways give the same result: the same records,
 * statuses, failures, rebirth requests, notes and counters, or the same exception. The payloads are written field by
 * field, so they include what protobuf's builders never write: fields repeated (the last wins), several values of the
 * oneof, uint32 varints longer than 32 bits, strings that are not UTF-8, fields the reader leaves to protobuf, and
 * damaged bytes.
 */
class DataWireReaderPropertiesTest {
    private static final String[] TOPICS = {"spBv1.0/g/NDATA/e", "spBv1.0/g/DDATA/e/d", "spBv1.0/g/NCMD/e",
        "spBv1.0/g/DCMD/e/d"};
    private static final int[] BIRTH_TYPES = {DataType.Double_VALUE, DataType.Float_VALUE, DataType.Int8_VALUE,
        DataType.Int16_VALUE, DataType.Int32_VALUE, DataType.Int64_VALUE, DataType.UInt8_VALUE,
        DataType.UInt16_VALUE, DataType.UInt32_VALUE, DataType.UInt64_VALUE, DataType.Boolean_VALUE,
        DataType.String_VALUE, DataType.Text_VALUE, DataType.UUID_VALUE, DataType.DateTime_VALUE,
        DataType.Bytes_VALUE, DataType.DataSet_VALUE, DataType.Template_VALUE, DataType.Int32Array_VALUE};

    @Property(tries = 1000)
    void wireAndProtobufGiveTheSameResult(@ForAll("payloads") byte[] payload, @ForAll("topicIndex") int topic,
                                          @ForAll SparkplugOutput output) throws Exception {
        Statistics.label("read from the wire").collect(new DataWireReader().read(payload));
        assertSameResult(payload, TOPICS[topic], output);
        // Most payloads must take the wire path, or this property compares protobuf with itself.
        Statistics.label("read from the wire").coverage(c -> c.check(true).percentage(p -> p >= 40));
    }

    @Property(tries = 500)
    void damagedPayloadsGiveTheSameResultOrException(@ForAll("payloads") byte[] payload,
                                                     @ForAll("topicIndex") int topic, @ForAll int position,
                                                     @ForAll byte replacement, @ForAll boolean truncate)
            throws Exception {
        if (payload.length == 0) {
            return;
        }
        int at = Math.floorMod(position, payload.length);
        byte[] damaged = truncate ? Arrays.copyOf(payload, at) : payload.clone();
        if (!truncate) {
            damaged[at] = replacement;
        }
        assertSameResult(damaged, TOPICS[topic], SparkplugOutput.METRIC);
    }

    /** Found by the property above: a tenth varint byte of 0x00 (protobuf-java still sets bit 63). */
    @Test
    void aTenByteVarintEndingInZeroGivesProtobufsValue() throws Exception {
        for (byte last : new byte[]{0, 1, 0x7E}) {
            byte[] payload = {18, 4, 10, 2, 109, 49, 8, -1, -1, -1, -1, -1, -1, -1, -1, -1, last};
            assertSameResult(payload, TOPICS[0], SparkplugOutput.METRIC);
            byte[] low = {18, 4, 10, 2, 109, 49, 8, -128, -128, -128, -128, -128, -128, -128, -128, -128, last};
            assertSameResult(low, TOPICS[0], SparkplugOutput.METRIC);
        }
    }

    @Test
    void theUsualDataPayloadIsReadFromTheWireAndAnythingElseIsLeftToProtobuf() throws IOException {
        DataWireReader reader = new DataWireReader();
        Payload.Builder data = Payload.newBuilder().setTimestamp(5).setSeq(1);
        for (int i = 0; i < 40; i++) {
            data.addMetrics(Metric.newBuilder().setAlias(i).setDoubleValue(i).setTimestamp(7));
        }
        data.addMetrics(Metric.newBuilder().setName("s").setDatatype(DataType.String_VALUE).setStringValue("on"));
        assertThat(reader.read(data.build().toByteArray())).isTrue();
        assertThat(reader.count()).isEqualTo(41);
        MetricView m = reader.metric(40, new MetricView());
        assertThat(m.name()).isEqualTo("s");
        assertThat(m.stringValue()).isEqualTo("on");
        assertThat(reader.metric(3, new MetricView()).doubleValue()).isEqualTo(3.0);

        Metric withProperties = Metric.newBuilder().setAlias(1).setDoubleValue(1)
                .setProperties(Payload.PropertySet.newBuilder().addKeys("engUnit")
                        .addValues(Payload.PropertyValue.newBuilder().setStringValue("bar"))).build();
        assertThat(reader.read(Payload.newBuilder().addMetrics(withProperties).build().toByteArray())).isFalse();
        assertThat(reader.read(Payload.newBuilder().setUuid("u").build().toByteArray())).isFalse();
        byte[] valid = data.build().toByteArray();
        assertThat(reader.read(Arrays.copyOf(valid, valid.length - 1))).isFalse();
    }

    private static void assertSameResult(byte[] payload, String topic, SparkplugOutput output) throws Exception {
        SparkplugDecoder wire = born(output, true);
        SparkplugDecoder parsed = born(output, false);
        Object viaWire = outcome(wire, topic, payload);
        Object viaProtobuf = outcome(parsed, topic, payload);
        assertThat(viaWire).isEqualTo(viaProtobuf);
        assertThat(wire.counters()).isEqualTo(parsed.counters());
        // A second message: the session state both left behind is the same too.
        byte[] next = Payload.newBuilder().setSeq(2).addMetrics(Metric.newBuilder().setAlias(1).setDoubleValue(2))
                .build().toByteArray();
        assertThat(outcome(wire, topic, next)).isEqualTo(outcome(parsed, topic, next));
    }

    /** The comparable outcome: the result with the rebirth payload bytes as lists, or the exception message. */
    private static Object outcome(SparkplugDecoder decoder, String topic, byte[] payload) {
        try {
            SparkplugResult r = decoder.decode(topic, payload);
            List<Object> rebirths = new ArrayList<>();
            for (RebirthRequest q : r.rebirthRequests()) {
                rebirths.add(List.of(q.group(), q.edgeNode(), q.topic(), Arrays.toString(q.payload()), q.reason()));
            }
            return List.of(r.records(), r.statuses(), r.failures(), rebirths, r.notes());
        } catch (SparkplugDecodeException e) {
            return "exception: " + e.getMessage();
        }
    }

    private static SparkplugDecoder born(SparkplugOutput output, boolean readWire) throws Exception {
        SparkplugDecoder decoder = new SparkplugDecoder(SparkplugSettings.defaults().withOutput(output),
                new ManualClock(1_800_000_000_000L), readWire, StructFill.DEFAULT);
        Payload.Builder birth = Payload.newBuilder().setTimestamp(1_700_000_000_000L).setSeq(0)
                .addMetrics(Metric.newBuilder().setName("bdSeq").setDatatype(DataType.Int64_VALUE).setLongValue(0));
        for (int i = 0; i < BIRTH_TYPES.length; i++) {
            birth.addMetrics(Metric.newBuilder().setName("m" + i).setAlias(i + 1).setDatatype(BIRTH_TYPES[i])
                    .setIsNull(true));
        }
        decoder.decode("spBv1.0/g/NBIRTH/e", birth.build().toByteArray());
        birth.setSeq(1).clearMetrics();
        for (int i = 0; i < BIRTH_TYPES.length; i++) {
            birth.addMetrics(Metric.newBuilder().setName("d" + i).setAlias(i + 1).setDatatype(BIRTH_TYPES[i])
                    .setIsNull(true));
        }
        decoder.decode("spBv1.0/g/DBIRTH/e/d", birth.build().toByteArray());
        return decoder;
    }

    @Provide
    Arbitrary<Integer> topicIndex() {
        return Arbitraries.integers().between(0, TOPICS.length - 1);
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> payloadField = Arbitraries.oneOf(
                Arbitraries.longs().map(v -> field(1, v)),
                Arbitraries.longs().between(0, 300).map(v -> field(3, v)),
                metric().map(m -> lengthDelimited(2, m)),
                metric().map(m -> lengthDelimited(2, m)),
                metric().map(m -> lengthDelimited(2, m)),
                Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.just(new byte[0])),
                        Tuple.of(1, Arbitraries.just(lengthDelimited(4, "uuid".getBytes()))),
                        Tuple.of(1, Arbitraries.just(field(9, 1)))));
        return payloadField.list().ofMaxSize(25).map(DataWireReaderPropertiesTest::concat);
    }

    private static Arbitrary<byte[]> metric() {
        Arbitrary<byte[]> metricField = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.frequency(Tuple.of(3, "m1"), Tuple.of(1, ""), Tuple.of(1, "new"),
                        Tuple.of(1, "\u00e9\u20ac")).map(s -> lengthDelimited(1, s.getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)))),
                Tuple.of(10, Arbitraries.longs().between(0, BIRTH_TYPES.length + 2).map(v -> field(2, v))),
                Tuple.of(3, Arbitraries.longs().map(v -> field(3, v))),
                Tuple.of(4, Arbitraries.oneOf(Arbitraries.longs().between(0, 40), Arbitraries.longs())
                        .map(v -> field(4, v))),
                Tuple.of(2, Combinators.combine(Arbitraries.integers().between(5, 7), Arbitraries.longs()
                        .between(0, 2)).as((f, v) -> field(f, v))),
                Tuple.of(3, Arbitraries.longs().map(v -> field(10, v))),
                Tuple.of(3, Arbitraries.longs().map(v -> field(11, v))),
                Tuple.of(3, Arbitraries.floats().map(v -> fixed32(12, Float.floatToRawIntBits(v)))),
                Tuple.of(3, Arbitraries.doubles().map(v -> fixed64(13, Double.doubleToRawLongBits(v)))),
                Tuple.of(2, Arbitraries.longs().between(0, 3).map(v -> field(14, v))),
                Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(b -> lengthDelimited(15, b))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(b -> lengthDelimited(16, b))),
                Tuple.of(1, Arbitraries.just(lengthDelimited(9, new byte[0]))),
                Tuple.of(1, Arbitraries.just(field(50, 1))),
                Tuple.of(1, Arbitraries.just(field(15, 1))));
        return metricField.list().ofMaxSize(8).map(DataWireReaderPropertiesTest::concat);
    }

    private static byte[] field(int number, long varint) {
        return write(out -> out.writeUInt64(number, varint));
    }

    private static byte[] fixed32(int number, int bits) {
        return write(out -> out.writeFixed32(number, bits));
    }

    private static byte[] fixed64(int number, long bits) {
        return write(out -> out.writeFixed64(number, bits));
    }

    private static byte[] lengthDelimited(int number, byte[] bytes) {
        return write(out -> out.writeByteArray(number, bytes));
    }

    private interface Writes {
        void to(CodedOutputStream out) throws IOException;
    }

    private static byte[] write(Writes writes) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            writes.to(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
