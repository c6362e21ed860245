package dev.iotstream.connect.bench.transforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotstream.connect.transforms.CoerceTypes;
import dev.iotstream.connect.transforms.ConvertUnits;
import dev.iotstream.connect.transforms.FlattenArrays;
import dev.iotstream.connect.transforms.HeadersToFields;
import dev.iotstream.connect.transforms.NormalizeTimestamp;
import dev.iotstream.connect.transforms.ParseJson;
import dev.iotstream.connect.transforms.TopicSegmentsToFields;
import dev.iotstream.connect.transforms.predicates.FieldInRange;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Filter;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * ns per record for each transform, the predicate and the whole chain, on 256 different realistic device
 * messages (rotated, so no single shape or value is all the JIT sees). Each transform gets the records its
 * predecessor in the chain produces. {@code jacksonReadMap} is the raw baseline for {@code parseJson*}: Jackson's
 * ObjectMapper turning the same bytes into a Map.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TransformBenchmarks {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private byte[][] payloads;
    private SourceRecord[] raw;
    private SourceRecord[] parsed;
    private SourceRecord[] segmented;
    private SourceRecord[] timed;
    private SourceRecord[] converted;
    private SourceRecord[] coerced;
    private int next;

    private ParseJson<SourceRecord> parseMap;
    private ParseJson<SourceRecord> parseStruct;
    private TopicSegmentsToFields<SourceRecord> segments;
    private HeadersToFields<SourceRecord> headers;
    private NormalizeTimestamp<SourceRecord> time;
    private ConvertUnits<SourceRecord> units;
    private CoerceTypes<SourceRecord> types;
    private FlattenArrays<SourceRecord> flattenArrays;
    private FieldInRange<SourceRecord> inRange;
    private Filter<SourceRecord> filter;
    private List<Transformation<SourceRecord>> chain;

    private static <T extends Transformation<SourceRecord>> T configured(T transform, Map<String, String> props) {
        transform.configure(props);
        return transform;
    }

    @Setup
    public void setUp() {
        payloads = DeviceMessages.payloads();
        parseMap = configured(new ParseJson.Value<>(), Map.of());
        parseStruct = configured(new ParseJson.Value<>(), Map.of("output", "struct"));
        segments = configured(new TopicSegmentsToFields<>(), Map.of("pattern", "sensors/{site}/{device}/{metric}",
                "key.segment", "device"));
        headers = configured(new HeadersToFields.Value<>(), Map.of("headers", "mqtt.qos", "fields", "qos"));
        time = configured(new NormalizeTimestamp.Value<>(), Map.of("field", "ts", "set.record.timestamp", "true"));
        units = configured(new ConvertUnits.Value<>(), Map.of("conversions", "temp:degF->degC,pressure:psi->hPa"));
        types = configured(new CoerceTypes.Value<>(), Map.of("spec", "battery:double,on:boolean"));
        flattenArrays = configured(new FlattenArrays.Value<>(), Map.of());
        inRange = new FieldInRange<>();
        inRange.configure(Map.of("field", "temp", "min", "-40", "max", "85"));
        filter = new Filter<>();
        filter.configure(Map.of());
        chain = List.of(parseMap, segments, time, units, types);

        int n = payloads.length;
        raw = new SourceRecord[n];
        parsed = new SourceRecord[n];
        segmented = new SourceRecord[n];
        timed = new SourceRecord[n];
        converted = new SourceRecord[n];
        coerced = new SourceRecord[n];
        for (int i = 0; i < n; i++) {
            raw[i] = DeviceMessages.record(i, payloads[i]);
            parsed[i] = parseMap.apply(raw[i]);
            segmented[i] = segments.apply(parsed[i]);
            timed[i] = time.apply(segmented[i]);
            converted[i] = units.apply(timed[i]);
            coerced[i] = types.apply(converted[i]);
        }
    }

    private int index() {
        int i = next;
        next = (i + 1) & (DeviceMessages.COUNT - 1);
        return i;
    }

    @Benchmark
    public Object jacksonReadMap() throws IOException {
        return MAPPER.readValue(payloads[index()], Map.class);
    }

    @Benchmark
    public SourceRecord parseJsonMap() {
        return parseMap.apply(raw[index()]);
    }

    @Benchmark
    public SourceRecord parseJsonStruct() {
        return parseStruct.apply(raw[index()]);
    }

    @Benchmark
    public SourceRecord topicSegmentsToFields() {
        return segments.apply(parsed[index()]);
    }

    @Benchmark
    public SourceRecord headersToFields() {
        return headers.apply(parsed[index()]);
    }

    @Benchmark
    public SourceRecord normalizeTimestamp() {
        return time.apply(segmented[index()]);
    }

    @Benchmark
    public SourceRecord convertUnits() {
        return units.apply(timed[index()]);
    }

    @Benchmark
    public SourceRecord coerceTypes() {
        return types.apply(converted[index()]);
    }

    @Benchmark
    public SourceRecord flattenArrays() {
        return flattenArrays.apply(coerced[index()]);
    }

    @Benchmark
    public boolean fieldInRange() {
        return inRange.test(coerced[index()]);
    }

    /** ParseJson -> TopicSegmentsToFields -> NormalizeTimestamp -> ConvertUnits -> CoerceTypes -> Filter(FieldInRange). */
    @Benchmark
    public SourceRecord chain() {
        SourceRecord record = raw[index()];
        for (Transformation<SourceRecord> transform : chain) {
            record = transform.apply(record);
        }
        return inRange.test(record) ? record : filter.apply(record);
    }
}
