package dev.iotstream.connect.mqtt.sparkplug;

import com.google.protobuf.ByteString;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.Metric;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever arrives, the decoder either throws its documented {@link SparkplugDecodeException} or returns outputs
 * that a JsonConverter worker can write, and every metric of a valid payload is accounted for: a record (under its
 * own name, never a guessed one), a failure or a note.
 */
class SparkplugDecoderPropertiesTest {
    private static final String[] TYPES = {"NBIRTH", "NDATA", "NDEATH", "NCMD", "DBIRTH", "DDATA", "DDEATH",
            "DCMD"};

    private static SparkplugDecoder bornDecoder(SparkplugOutput output) throws Exception {
        SparkplugDecoder decoder = new SparkplugDecoder(SparkplugSettings.defaults().withOutput(output),
                new ManualClock(1_800_000_000_000L));
        EdgeNodeSim node = new EdgeNodeSim("g", "e");
        decoder.decode(node.topic("NBIRTH"), node.nbirth(EdgeNodeSim.named("a", 1, DataType.Double)
                .setDoubleValue(1)));
        decoder.decode(node.topic("DBIRTH", "d"), node.next(EdgeNodeSim.named("b", 1, DataType.Int32)
                .setIntValue(1)));
        return decoder;
    }

    private static String topic(int type) {
        String t = TYPES[type];
        return "spBv1.0/g/" + t + "/e" + (t.startsWith("D") ? "/d" : "");
    }

    private static void decodeOrDocumentedException(SparkplugDecoder decoder, String topic, byte[] payload)
            throws Exception {
        SparkplugResult result;
        try {
            result = decoder.decode(topic, payload);
        } catch (SparkplugDecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        JsonSerialization.serializeAll(result);
    }

    @Property(tries = 500)
    void arbitraryBytesOnlyEverThrowTheDocumentedException(@ForAll byte[] payload,
                                                           @ForAll("typeIndex") int type,
                                                           @ForAll SparkplugOutput output) throws Exception {
        decodeOrDocumentedException(bornDecoder(output), topic(type), payload);
    }

    @Property(tries = 500)
    void damagedValidPayloadsOnlyEverThrowTheDocumentedException(@ForAll("metricLists") List<Metric> metrics,
                                                                 @ForAll("typeIndex") int type,
                                                                 @ForAll int position, @ForAll byte replacement,
                                                                 @ForAll boolean truncate) throws Exception {
        byte[] valid = payload(metrics, true).build().toByteArray();
        if (valid.length == 0) {
            return;
        }
        int at = Math.floorMod(position, valid.length);
        byte[] damaged = truncate ? java.util.Arrays.copyOf(valid, at) : valid.clone();
        if (!truncate) {
            damaged[at] = replacement;
        }
        decodeOrDocumentedException(bornDecoder(SparkplugOutput.METRIC), topic(type), damaged);
    }

    @Property(tries = 300)
    void everyMetricOfAValidPayloadIsAccountedForAndSerializable(@ForAll("metricLists") List<Metric> metrics,
                                                                @ForAll SparkplugOutput output,
                                                                @ForAll boolean deviceLevel) throws Exception {
        SparkplugDecoder decoder = new SparkplugDecoder(SparkplugSettings.defaults().withOutput(output),
                new ManualClock(1_800_000_000_000L));
        String prefix = "spBv1.0/g/";
        String suffix = deviceLevel ? "/e/d" : "/e";
        if (deviceLevel) {
            decoder.decode("spBv1.0/g/NBIRTH/e", Payload.newBuilder().setSeq(0).build().toByteArray());
        }
        SparkplugResult birth = decoder.decode(prefix + (deviceLevel ? "DBIRTH" : "NBIRTH") + suffix,
                payload(metrics, true).setSeq(deviceLevel ? 1 : 0).build().toByteArray());
        JsonSerialization.serializeAll(birth);
        assertAccountedFor(metrics, birth, output);

        // The same values by alias only: the names come from the BIRTH.
        SparkplugResult data = decoder.decode(prefix + (deviceLevel ? "DDATA" : "NDATA") + suffix,
                payload(metrics, false).setSeq(deviceLevel ? 2 : 1).build().toByteArray());
        JsonSerialization.serializeAll(data);
        assertAccountedFor(metrics, data, output);
        assertThat(data.failures()).noneMatch(f -> f.reason().contains("unknown"));
        assertThat(data.rebirthRequests()).isEmpty();
        assertThat(decoder.counters().seqGaps()).isZero();
    }

    private static void assertAccountedFor(List<Metric> metrics, SparkplugResult result, SparkplugOutput output) {
        List<String> names = new ArrayList<>();
        for (SparkplugRecord r : result.records()) {
            if (output == SparkplugOutput.METRIC) {
                names.add(r.value().getString("metric"));
            } else {
                r.value().getStruct("metrics").schema().fields().forEach(f -> names.add(f.name()));
            }
        }
        for (int i = 0; i < metrics.size(); i++) {
            String name = "m" + i;
            int index = i;
            boolean recorded = names.stream().anyMatch(n -> n.equals(name) || n.startsWith(name + "/"));
            boolean failed = result.failures().stream().anyMatch(f -> f.element().startsWith("metric #" + index
                    + " "));
            boolean noted = result.notes().stream().anyMatch(n -> n.contains("'" + name + "'"));
            boolean emptyTemplate = metrics.get(i).getDatatype() == DataType.Template_VALUE
                    && metrics.get(i).getTemplateValue().getMetricsCount() == 0;
            assertThat(recorded || failed || noted || emptyTemplate)
                    .as("metric %s (%s) is a record, a failure or a note: %s", name, metrics.get(i), result)
                    .isTrue();
        }
        assertThat(names).as("no record under a name the payload did not give")
                .allMatch(n -> n.equals("bdSeq") || n.matches("m\\d+(/.*)?"));
    }

    /** With names, aliases and datatypes (BIRTH), or by alias alone (DATA). */
    private static Payload.Builder payload(List<Metric> metrics, boolean birth) {
        Payload.Builder p = Payload.newBuilder().setTimestamp(1_700_000_000_000L);
        for (int i = 0; i < metrics.size(); i++) {
            Metric.Builder m = metrics.get(i).toBuilder().setAlias(i + 100L);
            if (birth) {
                m.setName("m" + i);
            } else {
                m.clearDatatype();
            }
            p.addMetrics(m);
        }
        return p;
    }

    @Provide
    Arbitrary<Integer> typeIndex() {
        return Arbitraries.integers().between(0, TYPES.length - 1);
    }

    @Provide
    Arbitrary<List<Metric>> metricLists() {
        return Arbitraries.integers().between(0, 35).flatMap(SparkplugDecoderPropertiesTest::metric).list()
                .ofMaxSize(12);
    }

    private static Arbitrary<Metric> metric(int type) {
        Arbitrary<Metric.Builder> valued = value(type);
        return Combinators.combine(valued, Arbitraries.integers().between(0, 9), Arbitraries.of(true, false),
                Arbitraries.longs().between(0, 2_000_000_000_000L)).as((b, flags, historical, ts) -> {
                    b.setDatatype(type);
                    if (flags == 0) {
                        b.setIsNull(true).clearValue();
                    }
                    if (flags == 1) {
                        b.setTimestamp(ts);
                    }
                    if (flags == 2) {
                        b.setProperties(Payload.PropertySet.newBuilder().addKeys("engUnit")
                                .addValues(Payload.PropertyValue.newBuilder().setType(DataType.String_VALUE)
                                        .setStringValue("bar")));
                    }
                    return b.setIsHistorical(historical).build();
                });
    }

    private static Arbitrary<Metric.Builder> value(int type) {
        switch (type) {
            case DataType.Int8_VALUE, DataType.Int16_VALUE, DataType.Int32_VALUE, DataType.UInt8_VALUE,
                 DataType.UInt16_VALUE, DataType.UInt32_VALUE:
                return Arbitraries.integers().map(i -> Metric.newBuilder().setIntValue(i));
            case DataType.Int64_VALUE, DataType.UInt64_VALUE, DataType.DateTime_VALUE:
                return Arbitraries.longs().map(l -> Metric.newBuilder().setLongValue(l));
            case DataType.Float_VALUE:
                return Arbitraries.floats().map(f -> Metric.newBuilder().setFloatValue(f));
            case DataType.Double_VALUE:
                return Arbitraries.doubles().map(d -> Metric.newBuilder().setDoubleValue(d));
            case DataType.Boolean_VALUE:
                return Arbitraries.of(true, false).map(b -> Metric.newBuilder().setBooleanValue(b));
            case DataType.String_VALUE, DataType.Text_VALUE, DataType.UUID_VALUE:
                return Arbitraries.strings().ofMaxLength(20).map(s -> Metric.newBuilder().setStringValue(s));
            case DataType.DataSet_VALUE:
                return dataSet().map(ds -> Metric.newBuilder().setDatasetValue(ds));
            case DataType.Template_VALUE:
                return Arbitraries.integers().between(0, 3).list().ofMaxSize(3).map(types -> {
                    Payload.Template.Builder t = Payload.Template.newBuilder().setTemplateRef("T");
                    for (int j = 0; j < types.size(); j++) {
                        t.addMetrics(Metric.newBuilder().setName("p" + j).setDatatype(DataType.Int32_VALUE)
                                .setIntValue(types.get(j)));
                    }
                    return Metric.newBuilder().setTemplateValue(t);
                });
            case DataType.Bytes_VALUE, DataType.File_VALUE:
                return Arbitraries.bytes().array(byte[].class).ofMaxSize(16)
                        .map(b -> Metric.newBuilder().setBytesValue(ByteString.copyFrom(b)));
            case DataType.BooleanArray_VALUE:
                return Arbitraries.of(true, false).list().ofMaxSize(20).map(bools -> {
                    ByteBuffer b = ByteBuffer.allocate(4 + (bools.size() + 7) / 8).order(ByteOrder.LITTLE_ENDIAN);
                    b.putInt(bools.size());
                    for (int i = 0; i < bools.size(); i++) {
                        if (bools.get(i)) {
                            b.put(4 + i / 8, (byte) (b.get(4 + i / 8) | (0x80 >> (i % 8))));
                        }
                    }
                    return Metric.newBuilder().setBytesValue(ByteString.copyFrom(b.array()));
                });
            case DataType.StringArray_VALUE:
                return Arbitraries.strings().alpha().ofMaxLength(5).list().ofMaxSize(5).map(strings -> {
                    StringBuilder s = new StringBuilder();
                    strings.forEach(x -> s.append(x).append('\0'));
                    return Metric.newBuilder().setBytesValue(ByteString.copyFrom(s.toString(),
                            StandardCharsets.UTF_8));
                });
            default:
                if (type >= DataType.Int8Array_VALUE && type <= DataType.DateTimeArray_VALUE) {
                    int size = switch (type) {
                        case DataType.Int8Array_VALUE, DataType.UInt8Array_VALUE -> 1;
                        case DataType.Int16Array_VALUE, DataType.UInt16Array_VALUE -> 2;
                        case DataType.Int32Array_VALUE, DataType.UInt32Array_VALUE, DataType.FloatArray_VALUE -> 4;
                        default -> 8;
                    };
                    return Arbitraries.bytes().array(byte[].class).ofMaxSize(4 * size)
                            .map(b -> Metric.newBuilder().setBytesValue(ByteString.copyFrom(b, 0,
                                    b.length - b.length % size)));
                }
                // Unknown (0), PropertySet (20), PropertySetList (21), 35: not metric datatypes.
                return Arbitraries.integers().map(i -> Metric.newBuilder().setIntValue(i));
        }
    }

    private static Arbitrary<Payload.DataSet> dataSet() {
        Arbitrary<Integer> columnType = Arbitraries.of(DataType.Int32_VALUE, DataType.Double_VALUE,
                DataType.String_VALUE, DataType.Boolean_VALUE, DataType.UInt64_VALUE);
        return Combinators.combine(columnType.list().ofMaxSize(4), Arbitraries.integers().between(0, 3))
                .as((types, rows) -> {
                    Payload.DataSet.Builder ds = Payload.DataSet.newBuilder().setNumOfColumns(types.size());
                    for (int c = 0; c < types.size(); c++) {
                        ds.addColumns("c" + c).addTypes(types.get(c));
                    }
                    for (int r = 0; r < rows; r++) {
                        Payload.DataSet.Row.Builder row = Payload.DataSet.Row.newBuilder();
                        for (int type : types) {
                            Payload.DataSet.DataSetValue.Builder v = Payload.DataSet.DataSetValue.newBuilder();
                            switch (type) {
                                case DataType.Int32_VALUE -> v.setIntValue(r - 1);
                                case DataType.Double_VALUE -> v.setDoubleValue(r * 1.5);
                                case DataType.String_VALUE -> v.setStringValue("r" + r);
                                case DataType.Boolean_VALUE -> v.setBooleanValue(r % 2 == 0);
                                default -> v.setLongValue(r * 1_000_000_000_000L);
                            }
                            row.addElements(v);
                        }
                        ds.addRows(row);
                    }
                    return ds.build();
                });
    }
}
