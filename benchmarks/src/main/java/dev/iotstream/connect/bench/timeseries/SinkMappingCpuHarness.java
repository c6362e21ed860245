package dev.iotstream.connect.bench.timeseries;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.iotstream.connect.timeseries.TimeSeriesSinkConfig;
import dev.iotstream.connect.timeseries.lineprotocol.LineProtocolInput;
import dev.iotstream.connect.timeseries.mapping.PointMapper;
import dev.iotstream.connect.timeseries.mapping.TimeUnitMode;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time per record of the sink's mapping (JSON bytes to one line of line protocol, {@link PointMapper} as the
 * task builds it from its config) against a raw baseline in the same run: Jackson's streaming parser reading
 * every token of the same bytes (the least any JSON-fed mapping does). Thread CPU time, so other load on the
 * machine moves the numbers little; median of the rounds.
 * <p>
 * Run: {@code mvn -pl benchmarks exec:exec -Dbench.main=dev.iotstream.connect.bench.timeseries.SinkMappingCpuHarness
 * -Dbench.args="9 300000"} (rounds, records per round).
 */
public final class SinkMappingCpuHarness {
    private static final int DEVICES = 10;
    private static final long BASE_MS = 1_700_000_000_000L;
    /** Configured like the sink's own parser (fast double parsing), so the baseline is not handicapped. */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    private static volatile long sink;

    private SinkMappingCpuHarness() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        SinkRecord[] records = new SinkRecord[n];
        SinkRecord[] lines = new SinkRecord[n];
        for (int i = 0; i < n; i++) {
            // The same points as finished lines, as the "lp" variant (input.format=line-protocol) gets them.
            lines[i] = new SinkRecord("readings", 0, Schema.STRING_SCHEMA, "dev-" + (i % DEVICES), null,
                    BenchPoints.line("readings", i).getBytes(StandardCharsets.UTF_8), i, BASE_MS + i,
                    org.apache.kafka.common.record.TimestampType.CREATE_TIME);
            // The same readings as SinkThroughputBenchmark's connector phases.
            String json = "{\"device\":\"dev-" + (i % DEVICES) + "\",\"site\":\"plant-" + (i % DEVICES / 5)
                    + "\",\"temp\":" + (20 + (i % 100) * 0.1) + ",\"hum\":" + (40 + i % 30) + ",\"pressure\":"
                    + (1000 + (i % 50) * 0.5) + ",\"battery\":" + (100 - i % 100) + ",\"ts\":" + (BASE_MS + i) + "}";
            records[i] = new SinkRecord("readings", 0, Schema.STRING_SCHEMA, "dev-" + (i % DEVICES), null,
                    json.getBytes(StandardCharsets.UTF_8), i, BASE_MS + i, org.apache.kafka.common.record.TimestampType.CREATE_TIME);
        }
        PointMapper mapper = new PointMapper(new TimeSeriesSinkConfig(Map.of("influx.url", "http://127.0.0.1:1",
                "influx.bucket", "b", "tags", "device,site", "time.field", "ts", "time.unit", "ms"))
                .mappingSettings());
        LineProtocolInput lineInput = new LineProtocolInput(new TimeSeriesSinkConfig(Map.of("influx.url",
                "http://127.0.0.1:1", "influx.bucket", "b", "input.format", "line-protocol")).metadataSettings(),
                TimeUnitMode.NS);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] lineChecking = new double[rounds];
        double[] mapping = new double[rounds];
        double[] parsing = new double[rounds];
        double[] roundRatios = new double[rounds];
        for (int r = -3; r < rounds; r++) { // three warm-up rounds
            long t0 = threads.getCurrentThreadCpuTime();
            long chars = 0;
            for (SinkRecord record : records) {
                chars += mapper.map(record).line().length();
            }
            long t1 = threads.getCurrentThreadCpuTime();
            long tokens = 0;
            for (SinkRecord record : records) {
                tokens += readAllTokens((byte[]) record.value());
            }
            long t2 = threads.getCurrentThreadCpuTime();
            for (SinkRecord record : lines) {
                chars += lineInput.map(record).points();
            }
            long t3 = threads.getCurrentThreadCpuTime();
            sink = chars + tokens;
            if (r >= 0) {
                lineChecking[r] = (t3 - t2) / (double) n;
                mapping[r] = (t1 - t0) / (double) n;
                parsing[r] = (t2 - t1) / (double) n;
                roundRatios[r] = mapping[r] / parsing[r];
            }
        }
        Arrays.sort(mapping);
        Arrays.sort(parsing);
        Arrays.sort(lineChecking);
        Arrays.sort(roundRatios);
        double map = mapping[rounds / 2];
        double parse = parsing[rounds / 2];
        System.out.printf(Locale.ROOT, "%n=== SinkMappingCpuHarness: %d records x %d rounds, thread CPU ns/record (median)%n"
                + "Jackson tokens only (baseline) %.0f | PointMapper.map (JSON bytes -> line) %.0f | ratio %.2f%n"
                + "LineProtocolInput.map (line bytes -> checked line, input.format=line-protocol) %.0f | vs "
                + "PointMapper.map %.2f%n", n, rounds, parse, map, map / parse, lineChecking[rounds / 2],
                lineChecking[rounds / 2] / map);
        // M's speed moves by up to 2x within minutes: the ratio within each round (mapping and baseline a few
        // hundred milliseconds apart) varies far less between runs than the ratio of the two medians.
        System.out.printf(Locale.ROOT, "PointMapper.map / Jackson tokens within each round: median %.2f (%.2f-%.2f)%n",
                roundRatios[rounds / 2], roundRatios[0], roundRatios[rounds - 1]);
    }

    private static long readAllTokens(byte[] json) throws Exception {
        long count = 0;
        try (JsonParser parser = JSON.createParser(json)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    count += (long) parser.getDoubleValue();
                } else if (t == JsonToken.VALUE_NUMBER_INT) {
                    count += parser.getLongValue();
                } else if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) {
                    count += parser.getText().length();
                }
            }
        }
        return count;
    }
}
