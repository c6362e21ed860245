package dev.iotstream.connect.bench.mqtt;

import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.mapping.HeaderSelection;
import dev.iotstream.connect.mqtt.mapping.KeyStrategy;
import dev.iotstream.connect.mqtt.mapping.RecordMapper;
import dev.iotstream.connect.mqtt.mapping.TopicRouter;
import dev.iotstream.connect.mqtt.payload.PayloadDecoder;
import dev.iotstream.connect.mqtt.payload.PayloadFormat;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.DefaultRecord;
import org.apache.kafka.common.utils.ByteBufferOutputStream;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * ns per record of the work that depends on {@code mqtt.headers}, on one thread: the connector's
 * {@link RecordMapper}, then what Connect and the producer do with the headers of every record. Connect's
 * WorkerSourceTask converts each header with the header converter (default {@link SimpleHeaderConverter}) into
 * a {@code RecordHeaders}; the producer sizes the record and writes it, headers included, into its batch
 * ({@link DefaultRecord#sizeInBytes} and {@link DefaultRecord#writeTo}). Not included: the Kafka broker (larger
 * batches to copy, checksum and store) and the consumers. 1,024 MQTT messages on 100 topics (34-35 characters)
 * with QoS 1 message ids and 50-byte JSON payloads, rotated.
 * <p>
 * Run: {@code mvn -pl benchmarks exec:exec -Dbench=MqttHeadersBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MqttHeadersBenchmark {
    /** A value of mqtt.headers; "all" is the default (every name), "none" the empty list. */
    @Param({"all", "topic", "none"})
    public String headers;

    private RecordMapper mapper;
    private InboundMessage[] messages;
    private final SimpleHeaderConverter converter = new SimpleHeaderConverter();
    private final ByteBufferOutputStream buffer = new ByteBufferOutputStream(ByteBuffer.allocate(1 << 16));
    private final DataOutputStream out = new DataOutputStream(buffer);
    private int next;

    @Setup
    public void setUp() {
        converter.configure(Map.of());
        HeaderSelection selection = headers.equals("all") ? HeaderSelection.ALL
                : HeaderSelection.of(headers.equals("none") ? List.of() : List.of(headers.split(",")));
        mapper = new RecordMapper(new RecordMapper.Origin(Map.of("mqtt.server", "tcp://h:1883"),
                Map.of("mqtt.replay", "unsupported"), "bench/0"),
                new RecordMapper.Routing(new TopicRouter("telemetry", List.of()), KeyStrategy.parse("none")),
                new RecordMapper.Decoding(PayloadDecoder.of(PayloadFormat.BYTES, false), "bytes", false,
                        "telemetry.dlq"), selection);
        messages = new InboundMessage[1024];
        for (int i = 0; i < messages.length; i++) {
            byte[] payload = ("{\"t\":21." + (i % 10) + ",\"h\":40.2" + (i % 10) + ",\"p\":1013.2,\"ts\":17000000000"
                    + String.format("%02d", i % 100) + "}").getBytes(StandardCharsets.UTF_8); // 50 bytes
            messages[i] = InboundMessage.v3("sensors/site-" + (i % 10) + "/device-" + (i % 100) + "/telemetry",
                    payload, 1, false, false, 1 + i, 1);
        }
    }

    @Benchmark
    public int mapConvertAndWrite() throws IOException {
        InboundMessage m = messages[next++ & 1023];
        SourceRecord record = mapper.map(m, 1_700_000_000_000L).records().get(0);
        RecordHeaders converted = new RecordHeaders(); // as AbstractWorkerSourceTask.convertHeaderFor
        for (Header h : record.headers()) {
            converted.add(h.key(), converter.fromConnectHeader(record.topic(), h.key(), h.schema(), h.value()));
        }
        org.apache.kafka.common.header.Header[] kafkaHeaders = converted.toArray();
        byte[] value = (byte[]) record.value();
        buffer.position(0);
        return DefaultRecord.sizeInBytes(next & 1023, 5, 0, value.length, kafkaHeaders)
                + DefaultRecord.writeTo(out, next & 1023, 5, null, ByteBuffer.wrap(value), kafkaHeaders);
    }
}
