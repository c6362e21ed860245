package dev.iotstream.connect.bench.batchedjson;

import dev.iotstream.connect.common.json.JsonNumbers;
import dev.iotstream.connect.common.json.JsonOptions;
import dev.iotstream.connect.mqtt.MqttSourceConfig;
import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.mapping.KeyStrategy;
import dev.iotstream.connect.mqtt.mapping.RecordMapper;
import dev.iotstream.connect.mqtt.mapping.TopicRouter;
import dev.iotstream.connect.mqtt.payload.JsonBatching;
import dev.iotstream.connect.mqtt.payload.PayloadDecoder;
import dev.iotstream.connect.mqtt.payload.PayloadFormat;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The source's per-record CPU for the same readings sent one per MQTT message vs batched {@code B} per message
 * ({@code payload.json.records.path=readings} with {@code gateway,site,ts->batch_ts} copied into each): the task's
 * mapping (JSON decode, fan-out, record and headers) plus what the worker does next with each record (JsonConverter,
 * schemaless). Times the poll thread's CPU, the two taking turns round by round so changing machine load hits both.
 * Prints records/s of one core for each and the ratio. MQTT and Kafka I/O are not in it: per message they cost
 * the same or less batched. Arguments: [rounds] [readings per round] [readings per batch].
 */
public final class BatchedJsonCpuHarness {
    private static volatile Object sink;

    private BatchedJsonCpuHarness() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        int readings = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int perBatch = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        JsonOptions options = new JsonOptions(JsonNumbers.LONG_OR_DOUBLE, JsonOptions.DEFAULT_MAX_DEPTH, false);
        RecordMapper single = mapper(PayloadDecoder.of(PayloadFormat.JSON, false, options));
        RecordMapper batched = mapper(PayloadDecoder.of(PayloadFormat.JSON, false, options,
                JsonBatching.parse("readings", List.of("gateway", "site", "ts->batch_ts"), 10_000)));
        List<InboundMessage> singles = new ArrayList<>();
        List<InboundMessage> batches = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 1000 * perBatch; i++) {
            String reading = String.format(Locale.ROOT, "{\"sensor\":\"s%d\",\"value\":%.2f,\"ts\":%d}", i % perBatch,
                    20 + (i % 97) / 10.0, 1_764_000_000_000L + i);
            // one per message carries what the batch has once: gateway, site and the time
            singles.add(message(String.format(Locale.ROOT,
                    "{\"gateway\":\"gw-%d\",\"site\":\"hall-3\",\"batch_ts\":%d,\"sensor\":\"s%d\",\"value\":%.2f,"
                            + "\"ts\":%d}", i / perBatch % 10, 1_764_000_000_000L, i % perBatch, 20 + (i % 97) / 10.0,
                    1_764_000_000_000L + i)));
            batch.append(batch.length() == 0 ? "" : ",").append(reading);
            if ((i + 1) % perBatch == 0) {
                batches.add(message("{\"gateway\":\"gw-" + (i / perBatch % 10) + "\",\"site\":\"hall-3\",\"ts\":"
                        + 1_764_000_000_000L + ",\"readings\":[" + batch + "]}"));
                batch.setLength(0);
            }
        }
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", false, "converter.type", "value"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int w = 0; w < 3; w++) {
            run(single, singles, readings, converter);
            run(batched, batches, readings, converter);
        }
        double[] s = new double[rounds];
        double[] b = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            int n1 = run(single, singles, readings, converter);
            long t1 = threads.getCurrentThreadCpuTime();
            int n2 = run(batched, batches, readings, converter);
            long t2 = threads.getCurrentThreadCpuTime();
            s[r] = n1 / ((t1 - t0) / 1e9);
            b[r] = n2 / ((t2 - t1) / 1e9);
        }
        java.util.Arrays.sort(s);
        java.util.Arrays.sort(b);
        double ms = s[rounds / 2];
        double mb = b[rounds / 2];
        System.out.printf(Locale.ROOT, "| one reading per message | %,.0f records/s per core |%n", ms);
        System.out.printf(Locale.ROOT, "| %d readings per message | %,.0f records/s per core |%n", perBatch, mb);
        System.out.printf(Locale.ROOT, "batched / one per message = %.2f (median of %d rounds, %d readings each)%n",
                mb / ms, rounds, readings);
    }

    private static int run(RecordMapper mapper, List<InboundMessage> messages, int readings, JsonConverter converter) {
        int records = 0;
        long bytes = 0;
        for (int i = 0; records < readings; i++) {
            for (SourceRecord r : mapper.map(messages.get(i % messages.size()), 1L).records()) {
                bytes += converter.fromConnectData(r.topic(), r.valueSchema(), r.value()).length;
                records++;
            }
        }
        sink = bytes;
        return records;
    }

    private static InboundMessage message(String json) {
        return InboundMessage.v3("gateways/gw/batch", json.getBytes(StandardCharsets.UTF_8), 1, false, false, 1, 1);
    }

    private static RecordMapper mapper(PayloadDecoder decoder) {
        return new RecordMapper(new RecordMapper.Origin(Map.of("p", 1), Map.of("o", 1), "bench/0"),
                new RecordMapper.Routing(new TopicRouter("readings", List.of()), KeyStrategy.parse("none")),
                new RecordMapper.Decoding(decoder, "json", false, "readings.dlq"),
                        new MqttSourceConfig(Map.of("mqtt.server.uris", "tcp://127.0.0.1:1883", "mqtt.topics", "a",
                        "kafka.topic", "readings")).headerSelection());
    }
}
