package dev.iotstream.connect.bench.sparkplug;

import dev.iotstream.connect.mqtt.sparkplug.SparkplugDecodeException;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugDecoder;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugOutput;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugResult;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugSettings;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.Metric;
import com.google.protobuf.InvalidProtocolBufferException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * ns per metric: the Sparkplug B decoder turning NDATA payloads (metrics by alias, as real edge nodes send them)
 * into Connect records, against protobuf's bare parse of the same bytes ({@code protobufParse}, the floor any
 * decoder pays, Tahu's included: its decoder runs this parse and then builds its own model). 256 different
 * payloads of {@value #METRICS} metrics each (Double, Float, Int32, Int64, Boolean, String, a few with their own
 * timestamp), sent in seq order so the decoder sees no gaps, rotated so the JIT sees no single shape.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SparkplugBenchmarks {
    static final int METRICS = 20;
    private static final String NBIRTH = "spBv1.0/plant/NBIRTH/gw";
    private static final String NDATA = "spBv1.0/plant/NDATA/gw";
    private static final DataType[] TYPES = {DataType.Double, DataType.Float, DataType.Int32, DataType.Int64,
        DataType.Boolean, DataType.String};

    private byte[][] payloads;
    private SparkplugDecoder metricDecoder;
    private SparkplugDecoder messageDecoder;
    private int next;

    @Setup
    public void setUp() throws SparkplugDecodeException {
        Random random = new Random(42);
        Payload.Builder birth = Payload.newBuilder().setTimestamp(1_700_000_000_000L).setSeq(0)
                .addMetrics(Metric.newBuilder().setName("bdSeq").setDatatype(DataType.Int64_VALUE).setLongValue(0));
        for (int i = 0; i < METRICS; i++) {
            birth.addMetrics(value(Metric.newBuilder().setName("line/machine" + i + "/" + TYPES[i % TYPES.length])
                    .setAlias(i + 1).setDatatype(TYPES[i % TYPES.length].getNumber()), i, random));
        }
        payloads = new byte[256][];
        for (int p = 0; p < payloads.length; p++) {
            Payload.Builder data = Payload.newBuilder().setTimestamp(1_700_000_000_000L + p * 1000L)
                    .setSeq((p + 1) & 0xFF);
            for (int i = 0; i < METRICS; i++) {
                Metric.Builder m = value(Metric.newBuilder().setAlias(i + 1), i, random);
                if (i % 5 == 0) {
                    m.setTimestamp(1_700_000_000_000L + p * 1000L + i);
                }
                data.addMetrics(m);
            }
            payloads[p] = data.build().toByteArray();
        }
        metricDecoder = born(SparkplugOutput.METRIC, birth.build().toByteArray());
        messageDecoder = born(SparkplugOutput.MESSAGE, birth.build().toByteArray());
    }

    private static SparkplugDecoder born(SparkplugOutput output, byte[] birth) throws SparkplugDecodeException {
        SparkplugDecoder decoder = new SparkplugDecoder(SparkplugSettings.defaults().withOutput(output),
                Clock.systemUTC());
        decoder.decode(NBIRTH, birth);
        return decoder;
    }

    private static Metric.Builder value(Metric.Builder m, int i, Random random) {
        return switch (TYPES[i % TYPES.length]) {
            case Double -> m.setDoubleValue(random.nextGaussian() * 100);
            case Float -> m.setFloatValue(random.nextFloat() * 50);
            case Int32 -> m.setIntValue(random.nextInt(100_000));
            case Int64 -> m.setLongValue(random.nextLong());
            case Boolean -> m.setBooleanValue(random.nextBoolean());
            default -> m.setStringValue(random.nextBoolean() ? "RUNNING" : "IDLE");
        };
    }

    private byte[] nextPayload() {
        byte[] p = payloads[next];
        next = (next + 1) & 0xFF;
        return p;
    }

    @Benchmark
    @OperationsPerInvocation(METRICS)
    public Payload protobufParse() throws InvalidProtocolBufferException {
        return Payload.parseFrom(nextPayload());
    }

    @Benchmark
    @OperationsPerInvocation(METRICS)
    public SparkplugResult decodeMetricRecords() throws SparkplugDecodeException {
        return metricDecoder.decode(NDATA, nextPayload());
    }

    @Benchmark
    @OperationsPerInvocation(METRICS)
    public SparkplugResult decodeMessageRecord() throws SparkplugDecodeException {
        return messageDecoder.decode(NDATA, nextPayload());
    }
}
