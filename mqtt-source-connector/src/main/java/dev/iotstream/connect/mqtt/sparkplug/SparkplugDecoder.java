package dev.iotstream.connect.mqtt.sparkplug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.Metric;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stateful Sparkplug B decoder: one per task, called from the poll thread only (not thread-safe). Learns aliases,
 * names and datatypes from NBIRTH/DBIRTH per edge node and device, resolves DATA metrics sent by alias, tracks
 * {@code seq} (0-255, wrapping) and the NBIRTH's {@code bdSeq}, and turns each message into data records, status
 * records, per-metric failures and rate-limited rebirth requests ({@link SparkplugResult}).
 *
 * <p>An unresolvable metric is never written under a guessed name: it is a failure with the reason, and (for
 * NDATA/DDATA) the edge node is asked to rebirth. Templates are flattened: each member metric of an instance
 * becomes its own metric named {@code instance/member} (recursively), with the template's ref, version and
 * parameters in its properties ({@code template.ref}, {@code template.version}, {@code template.parameter.<name>});
 * template definitions carry no data and become notes. DataSets stay one value: an array of row Structs.
 */
public final class SparkplugDecoder {
    private static final String BD_SEQ = "bdSeq";
    private static final int MAX_TEMPLATE_DEPTH = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkplugSettings settings;
    private final Clock clock;
    private final EdgeSessions sessions;
    private final BoundedCache<String, Long> lastRebirth;
    /** Parsed topics: a fleet publishes on the same few topics again and again. */
    private final BoundedCache<String, ParsedTopic> topics = new BoundedCache<>(4096);

    private record ParsedTopic(SparkplugTopic topic, String edgeKey, String typeName) {
    }
    private final RecordSchemas schemas = new RecordSchemas();
    private final DataSets dataSets = new DataSets();
    /** DATA and CMD payloads of the usual shape are read without protobuf's parser; null: always parse. */
    private final DataWireReader wire;
    private final StructFill fill;
    private long seqGaps;
    private long unknownAliases;
    private long rebirthsRequested;
    private long rebirthsSuppressed;
    private long staleDeaths;

    public SparkplugDecoder(SparkplugSettings settings, Clock clock) {
        this(settings, clock, true, StructFill.DEFAULT);
    }

    /**
     * readWire false: every payload goes through protobuf's parser; fill: how Structs are filled (the tests compare
     * both ways of each).
     */
    SparkplugDecoder(SparkplugSettings settings, Clock clock, boolean readWire, StructFill fill) {
        this.wire = readWire ? new DataWireReader() : null;
        this.fill = fill;
        this.settings = settings;
        this.clock = clock;
        this.sessions = new EdgeSessions(settings);
        this.lastRebirth = new BoundedCache<>(settings.maxEdgeNodes());
    }

    /**
     * Decodes one MQTT message.
     *
     * @throws SparkplugDecodeException when the topic is not a Sparkplug B topic or the payload is not a Sparkplug
     *                                  B payload at all (nothing of it can be decoded)
     */
    public SparkplugResult decode(String mqttTopic, byte[] payload) throws SparkplugDecodeException {
        ParsedTopic parsed = topics.get(mqttTopic);
        if (parsed == null) {
            SparkplugTopic t = SparkplugTopic.parse(mqttTopic);
            parsed = new ParsedTopic(t, t.edgeNodeKey(), t.type().name());
            topics.put(mqttTopic, parsed);
        }
        SparkplugTopic topic = parsed.topic();
        if (payload == null) {
            throw new SparkplugDecodeException("no payload");
        }
        long now = clock.millis();
        if (topic.type() == SparkplugMessageType.STATE) {
            return hostState(topic, payload, now);
        }
        Call call;
        if (wire != null && emitsOnly(topic.type()) && wire.read(payload)) {
            call = new Call(parsed, null, wire, now);
        } else {
            Payload p;
            try {
                p = Payload.parseFrom(payload);
            } catch (InvalidProtocolBufferException e) {
                throw new SparkplugDecodeException("not a Sparkplug B payload (protobuf): " + e.getMessage(), e);
            }
            call = new Call(parsed, p, null, now);
        }
        try {
            call.run();
        } finally {
            if (call.wire != null) {
                call.wire.release();
            }
        }
        return call.result();
    }

    /** DATA and CMD: messages whose payload only becomes metric records (no BIRTH learning, no bdSeq). */
    private static boolean emitsOnly(SparkplugMessageType type) {
        return type == SparkplugMessageType.NDATA || type == SparkplugMessageType.DDATA
                || type == SparkplugMessageType.NCMD || type == SparkplugMessageType.DCMD;
    }

    public SparkplugCounters counters() {
        return new SparkplugCounters(seqGaps, unknownAliases, rebirthsRequested, rebirthsSuppressed, staleDeaths,
                sessions.forgottenNodes(), sessions.forgottenDevices());
    }

    /** Edge node sessions currently remembered (at most {@link SparkplugSettings#maxEdgeNodes()}). */
    public int rememberedEdgeNodes() {
        return sessions.nodeCount();
    }

    /** Alias and name entries currently remembered (at most {@link SparkplugSettings#maxAliases()}). */
    public long rememberedAliases() {
        return sessions.entries();
    }

    private SparkplugResult hostState(SparkplugTopic topic, byte[] payload, long now)
            throws SparkplugDecodeException {
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (IOException e) {
            throw new SparkplugDecodeException("STATE payload is not JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject() || !json.path("online").isBoolean()) {
            throw new SparkplugDecodeException("STATE payload must be a JSON object with a boolean 'online' "
                    + "(Sparkplug 3.0), got: " + (json == null ? "nothing" : json.getNodeType()));
        }
        JsonNode ts = json.path("timestamp");
        if (!ts.isMissingNode() && !ts.canConvertToLong()) {
            throw new SparkplugDecodeException("STATE 'timestamp' must be epoch milliseconds, got " + ts);
        }
        long timestamp = ts.isMissingNode() ? now : ts.asLong();
        Struct status = new Struct(RecordSchemas.STATUS_SCHEMA)
                .put("host_id", topic.hostId())
                .put("message_type", SparkplugMessageType.STATE.name())
                .put("online", json.get("online").booleanValue())
                .put("timestamp", timestamp);
        SparkplugRecord record = new SparkplugRecord("STATE/" + topic.hostId(), RecordSchemas.STATUS_SCHEMA, status,
                timestamp);
        return new SparkplugResult(List.of(), List.of(record), List.of(), List.of(), List.of());
    }

    /** One message's decoding: its outputs and the scope its aliases resolve in. */
    private final class Call {
        private final SparkplugTopic topic;
        /** The parsed payload, or null when {@link #wire} read it. */
        private final Payload payload;
        private final DataWireReader wire;
        /**
         * One per message, not per decoder: a young object takes the references of each metric without G1's
         * write barrier slow path (see {@link DataWireReader}).
         */
        private final MetricView view = new MetricView();
        private final int metricCount;
        private final long now;
        private final long payloadTime;
        /** Boxed once: most metrics carry no timestamp of their own. */
        private final Long payloadTimeBoxed;
        private final Long seq;
        private final String edgeKey;
        private final String typeName;
        private final List<SparkplugRecord> records;
        private final List<SparkplugRecord> statuses = new ArrayList<>(1);
        private final List<SparkplugFailure> failures = new ArrayList<>(0);
        private final List<RebirthRequest> rebirths = new ArrayList<>(0);
        private final List<String> notes = new ArrayList<>(0);
        private EdgeSessions.Node node;
        private EdgeSessions.Scope scope;
        private boolean rebirthOnUnknown;
        // Message output: the metrics collected for the one record.
        private List<String> names;
        private List<Schema> valueSchemas;
        private List<Object> values;
        private List<String> tokens;
        private List<Integer> datatypes;
        private List<Integer> indices;
        private List<Long> aliases;
        private int currentIndex;
        private Long currentAlias;

        Call(ParsedTopic parsed, Payload payload, DataWireReader wire, long now) {
            this.topic = parsed.topic();
            this.payload = payload;
            this.wire = wire;
            this.now = now;
            if (payload != null) {
                this.metricCount = payload.getMetricsCount();
                this.payloadTime = payload.hasTimestamp() ? payload.getTimestamp() : now;
                this.seq = payload.hasSeq() ? payload.getSeq() : null;
            } else {
                this.metricCount = wire.count();
                this.payloadTime = wire.hasTimestamp() ? wire.timestamp() : now;
                this.seq = wire.hasSeq() ? wire.seq() : null;
            }
            this.payloadTimeBoxed = payloadTime;
            this.edgeKey = parsed.edgeKey();
            this.typeName = parsed.typeName();
            boolean perMetric = settings.output() == SparkplugOutput.METRIC;
            this.records = new ArrayList<>(perMetric ? metricCount : 1);
            if (!perMetric) {
                int n = metricCount;
                names = new ArrayList<>(n);
                valueSchemas = new ArrayList<>(n);
                values = new ArrayList<>(n);
                tokens = new ArrayList<>(n);
                datatypes = new ArrayList<>(n);
                indices = new ArrayList<>(n);
                aliases = new ArrayList<>(n);
            }
        }

        void run() {
            switch (topic.type()) {
                case NBIRTH -> nbirth();
                case DBIRTH -> dbirth();
                case NDATA -> {
                    node = sessions.node(edgeKey);
                    checkSeq();
                    scope = node == null ? null : node.scope;
                    rebirthOnUnknown = true;
                    emitAll();
                }
                case DDATA -> {
                    node = sessions.node(edgeKey);
                    checkSeq();
                    scope = node == null ? null : sessions.device(node, topic.device());
                    rebirthOnUnknown = true;
                    emitAll();
                }
                case NDEATH -> ndeath();
                case DDEATH -> ddeath();
                case NCMD, DCMD -> {
                    node = sessions.node(edgeKey);
                    scope = node == null ? null
                            : topic.device() == null ? node.scope : sessions.device(node, topic.device());
                    emitAll();
                }
                default -> throw new IllegalStateException("STATE is decoded elsewhere");
            }
            finishMessage();
        }

        private void nbirth() {
            node = sessions.birthNode(edgeKey);
            node.lastSeq = seq == null ? -1 : (int) (seq & 0xFF);
            node.bdSeq = bdSeq();
            scope = node.scope;
            learnAll();
            emitAll();
            status(null, true, node.bdSeq);
        }

        private void dbirth() {
            node = sessions.nodeOrCreate(edgeKey);
            checkSeq();
            scope = sessions.birthDevice(node, topic.device());
            learnAll();
            emitAll();
            status(topic.device(), true, null);
        }

        private void ndeath() {
            Long deathBdSeq = bdSeq();
            node = sessions.node(edgeKey);
            if (node != null && node.bdSeq != null && deathBdSeq != null && !node.bdSeq.equals(deathBdSeq)) {
                staleDeaths++;
                notes.add("NDEATH of " + edgeKey + " with bdSeq " + deathBdSeq + " ignored: the current session "
                        + "was born with bdSeq " + node.bdSeq + " (a late death certificate of an earlier session)");
                return;
            }
            status(null, false, deathBdSeq);
            if (node != null) {
                for (String device : node.devices.keySet()) {
                    status(device, false, null);
                }
            }
            sessions.removeNode(edgeKey);
        }

        private void ddeath() {
            node = sessions.node(edgeKey);
            checkSeq();
            scope = node == null ? null : sessions.device(node, topic.device());
            emitAll();
            status(topic.device(), false, null);
            if (node != null) {
                sessions.removeDevice(node, topic.device());
            }
        }

        private Long bdSeq() {
            for (Metric m : payload.getMetricsList()) {
                if (BD_SEQ.equals(m.getName())) {
                    if (m.hasLongValue()) {
                        return m.getLongValue();
                    }
                    if (m.hasIntValue()) {
                        return Integer.toUnsignedLong(m.getIntValue());
                    }
                }
            }
            return null;
        }

        private void checkSeq() {
            if (node == null || seq == null) {
                return;
            }
            if (node.lastSeq >= 0) {
                long expected = (node.lastSeq + 1) & 0xFF;
                if (seq != expected) {
                    seqGaps++;
                    requestRebirth("seq gap on " + edgeKey + ": expected " + expected + ", got " + seq);
                }
            }
            node.lastSeq = (int) (seq & 0xFF);
        }

        private void learnAll() {
            for (Metric m : payload.getMetricsList()) {
                if (!m.hasName() || m.getName().isEmpty() || !m.hasDatatype()) {
                    continue;
                }
                Long alias = m.hasAlias() ? m.getAlias() : null;
                EdgeSessions.Definition earlier = alias == null ? null : scope.byAlias.get(alias.longValue());
                if (earlier != null && !earlier.name().equals(m.getName())) {
                    notes.add("BIRTH of " + where() + " gives alias " + alias + " to both '" + earlier.name()
                            + "' and '" + m.getName() + "': the first is kept");
                    alias = null;
                }
                learn(alias, m.getName(), m.getDatatype());
                if (m.getDatatype() == DataType.Template_VALUE && m.hasTemplateValue()) {
                    learnTemplate(m.getName(), m.getTemplateValue(), 0);
                }
            }
        }

        private void learnTemplate(String prefix, Payload.Template t, int depth) {
            if (depth > MAX_TEMPLATE_DEPTH) {
                return;
            }
            for (Metric member : t.getMetricsList()) {
                if (member.hasName() && member.hasDatatype()) {
                    String name = prefix + "/" + member.getName();
                    learn(null, name, member.getDatatype());
                    if (member.hasTemplateValue()) {
                        learnTemplate(name, member.getTemplateValue(), depth + 1);
                    }
                }
            }
        }

        private void learn(Long alias, String name, int datatype) {
            if (!sessions.learn(node, scope, alias, name, datatype)) {
                notes.add("'" + name + "' of " + where() + " not remembered: " + settings.maxAliases()
                        + " alias/name entries are remembered at most; DATA by its alias will be unresolvable");
            }
        }

        private void emitAll() {
            for (int i = 0; i < metricCount; i++) {
                MetricView m = payload != null ? view.of(payload.getMetrics(i)) : wire.metric(i, view);
                String name = m.hasName() && !m.name().isEmpty() ? m.name() : null;
                int datatype = m.hasDatatype() ? m.datatype() : -1;
                Long alias;
                String key;
                if (name == null) {
                    if (!m.hasAlias()) {
                        fail(i, null, null, "has neither a name nor an alias");
                        continue;
                    }
                    EdgeSessions.Definition def = scope == null ? null : scope.byAlias.get(m.alias());
                    if (def == null) {
                        unknownAlias(i, m.alias());
                        continue;
                    }
                    name = def.name();
                    alias = def.alias();
                    key = def.key();
                    if (datatype < 0) {
                        datatype = def.datatype();
                    }
                } else {
                    alias = m.hasAlias() ? m.alias() : null;
                    key = null;
                    if (datatype < 0) {
                        Integer known = scope == null ? null : scope.datatypes.get(name);
                        if (known == null) {
                            unknownDatatype(i, name, alias);
                            continue;
                        }
                        datatype = known;
                    }
                }
                long ts = m.hasTimestamp() ? m.timestamp() : payloadTime;
                currentIndex = i;
                currentAlias = alias;
                try {
                    Schema scalar = m.plain() ? ValueSchemas.of(datatype) : null;
                    if (scalar != null) {
                        scalarRecord(name, key, alias, datatype, scalar, m, ts);
                    } else {
                        emit(name, key, alias, datatype, m, ts, null, 0);
                    }
                } catch (MetricException e) {
                    fail(i, name, alias, e.getMessage());
                }
            }
        }

        /** Out of {@link #emitAll}'s loop, with its message building, so the loop stays small enough to inline. */
        private void unknownDatatype(int index, String name, Long alias) {
            if (rebirthOnUnknown) {
                requestRebirth("datatype of '" + name + "' unknown for " + where());
            }
            fail(index, name, alias, "no datatype in the metric and no BIRTH of " + where() + " gave one");
        }

        private void unknownAlias(int index, long alias) {
            unknownAliases++;
            String reason = "alias " + alias + " is unknown for " + where() + ": no BIRTH defining it was seen "
                    + "since the connector started or since the last DEATH";
            if (rebirthOnUnknown) {
                requestRebirth("unknown alias " + alias + " from " + where());
                reason += "; the edge node is asked to rebirth (rate limited)";
            }
            fail(index, null, alias, reason);
        }

        /** key: the record key when a Definition already made it, else null. */
        private void emit(String name, String key, Long alias, int datatype, MetricView m, long ts,
                          Map<String, String> inherited, int depth) throws MetricException {
            if (datatype == DataType.Template_VALUE) {
                template(name, m, ts, inherited, depth);
                return;
            }
            boolean isNull = m.isNull() || m.valueCase() == Metric.ValueCase.VALUE_NOT_SET;
            Schema valueSchema;
            Object value = null;
            String shapeToken;
            if (datatype == DataType.DataSet_VALUE) {
                Payload.DataSet ds = m.valueCase() == Metric.ValueCase.DATASET_VALUE ? m.proto().getDatasetValue()
                        : Payload.DataSet.getDefaultInstance();
                if (!isNull && m.valueCase() != Metric.ValueCase.DATASET_VALUE) {
                    throw new MetricException("datatype DataSet but the metric has "
                            + m.valueCase().name().toLowerCase(java.util.Locale.ROOT));
                }
                shapeToken = DataSets.layout(ds);
                valueSchema = dataSets.schema(ds, shapeToken);
                if (!isNull) {
                    value = DataSets.rows(ds, valueSchema);
                }
            } else {
                valueSchema = ValueSchemas.of(datatype);
                if (valueSchema == null) {
                    throw new MetricException("unsupported metric datatype " + ValueSchemas.name(datatype));
                }
                shapeToken = null;
                if (!isNull) {
                    value = MetricValues.scalarOrArray(datatype, m);
                }
            }
            Map<String, String> props = inherited;
            if (m.hasProperties() || m.hasMetadata()) {
                props = inherited == null ? new LinkedHashMap<>() : new LinkedHashMap<>(inherited);
                if (m.hasProperties()) {
                    PropertySets.addProperties(m.proto().getProperties(), "", props, 0);
                }
                if (m.hasMetadata()) {
                    PropertySets.addMetadata(m.proto().getMetadata(), props);
                }
            }
            if (settings.output() == SparkplugOutput.METRIC) {
                metricRecord(name, key, alias, datatype, valueSchema, value, ts, m, isNull, props);
            } else {
                collect(name, datatype, valueSchema, value, shapeToken);
            }
        }

        /**
         * {@link #emit} for what nearly every metric is: a scalar or array value without properties. A small method
         * of its own, so the JIT compiles the common path apart from DataSets, Templates and properties.
         */
        private void scalarRecord(String name, String key, Long alias, int datatype, Schema valueSchema, MetricView m,
                                  long ts) throws MetricException {
            boolean isNull = m.isNull() || m.valueCase() == Metric.ValueCase.VALUE_NOT_SET;
            Object value = isNull ? null : MetricValues.scalarOrArray(datatype, m);
            if (settings.output() == SparkplugOutput.METRIC) {
                metricRecord(name, key, alias, datatype, valueSchema, value, ts, m, isNull, null);
            } else {
                collect(name, datatype, valueSchema, value, null);
            }
        }

        private void template(String name, MetricView m, long ts, Map<String, String> inherited, int depth)
                throws MetricException {
            if (m.valueCase() != Metric.ValueCase.TEMPLATE_VALUE) {
                if (m.isNull() || m.valueCase() == Metric.ValueCase.VALUE_NOT_SET) {
                    notes.add("template instance '" + name + "' of " + where() + " is null: no members to write");
                    return;
                }
                throw new MetricException("datatype Template but the metric has "
                        + m.valueCase().name().toLowerCase(java.util.Locale.ROOT));
            }
            Payload.Template t = m.proto().getTemplateValue();
            if (t.getIsDefinition()) {
                notes.add("template definition '" + name + "' of " + where() + ": type metadata, no data");
                return;
            }
            if (depth >= MAX_TEMPLATE_DEPTH) {
                throw new MetricException("templates nested deeper than " + MAX_TEMPLATE_DEPTH + " levels");
            }
            Map<String, String> props = inherited == null ? new LinkedHashMap<>() : new LinkedHashMap<>(inherited);
            if (t.hasTemplateRef()) {
                props.put("template.ref", t.getTemplateRef());
            }
            if (t.hasVersion()) {
                props.put("template.version", t.getVersion());
            }
            for (Payload.Template.Parameter p : t.getParametersList()) {
                props.put("template.parameter." + p.getName(), parameter(p));
            }
            if (m.hasProperties()) {
                PropertySets.addProperties(m.proto().getProperties(), "", props, 0);
            }
            List<Metric> members = t.getMetricsList();
            for (int j = 0; j < members.size(); j++) {
                Metric member = members.get(j);
                if (!member.hasName() || member.getName().isEmpty()) {
                    throw new MetricException("template '" + name + "' member #" + j + " has no name");
                }
                String memberName = name + "/" + member.getName();
                int datatype = member.hasDatatype() ? member.getDatatype() : -1;
                if (datatype < 0) {
                    Integer known = scope == null ? null : scope.datatypes.get(memberName);
                    if (known == null) {
                        throw new MetricException("template member '" + memberName + "' has no datatype and no "
                                + "BIRTH gave one");
                    }
                    datatype = known;
                }
                emit(memberName, null, null, datatype, new MetricView().of(member),
                        member.hasTimestamp() ? member.getTimestamp() : ts, props, depth + 1);
            }
        }

        private static String parameter(Payload.Template.Parameter p) {
            return switch (p.getValueCase()) {
                case INT_VALUE -> Integer.toUnsignedString(p.getIntValue());
                case LONG_VALUE -> Long.toString(p.getLongValue());
                case FLOAT_VALUE -> Float.toString(p.getFloatValue());
                case DOUBLE_VALUE -> Double.toString(p.getDoubleValue());
                case BOOLEAN_VALUE -> Boolean.toString(p.getBooleanValue());
                case STRING_VALUE -> p.getStringValue();
                default -> null;
            };
        }

        private void metricRecord(String name, String key, Long alias, int datatype, Schema valueSchema,
                                  Object value, long ts, MetricView m, boolean isNull, Map<String, String> props) {
            Schema schema = schemas.metric(datatype, valueSchema);
            Struct s = new Struct(schema);
            Object[] direct = fill.valueArray(s);
            Object[] v = direct != null ? direct : new Object[RecordSchemas.PROPS + 1];
            v[RecordSchemas.GROUP] = topic.group();
            v[RecordSchemas.EDGE] = topic.edgeNode();
            v[RecordSchemas.DEVICE] = topic.device();
            v[RecordSchemas.TYPE] = typeName;
            v[RecordSchemas.NAME] = name;
            v[RecordSchemas.ALIAS] = alias;
            v[RecordSchemas.DATATYPE] = ValueSchemas.name(datatype);
            v[RecordSchemas.VALUE] = value;
            v[RecordSchemas.TIMESTAMP] = ts == payloadTime ? payloadTimeBoxed : Long.valueOf(ts);
            v[RecordSchemas.SEQ] = seq;
            v[RecordSchemas.HISTORICAL] = m.isHistorical();
            v[RecordSchemas.TRANSIENT] = m.isTransient();
            v[RecordSchemas.NULL] = isNull;
            v[RecordSchemas.PROPS] = props;
            if (direct == null) {
                StructFill.putAll(s, v);
            }
            String recordKey = key != null ? key : (scope != null ? scope.keyPrefix : keyPrefix()) + name;
            records.add(new SparkplugRecord(recordKey, schema, s, ts));
        }

        private String keyPrefix() {
            return edgeKey + "/" + (topic.device() == null ? "" : topic.device()) + "/";
        }

        private void collect(String name, int datatype, Schema valueSchema, Object value, String shapeToken) {
            names.add(name);
            valueSchemas.add(valueSchema);
            values.add(value);
            tokens.add(shapeToken);
            datatypes.add(datatype);
            indices.add(currentIndex);
            aliases.add(currentAlias);
        }

        private void finishMessage() {
            if (names == null || names.isEmpty()) {
                return;
            }
            Schema schema = scope == null ? null : sameShapeAsLast();
            if (schema == null) {
                dropDuplicateNames();
                if (names.isEmpty()) {
                    return;
                }
                StringBuilder shape = new StringBuilder();
                for (int i = 0; i < names.size(); i++) {
                    String token = tokens.get(i);
                    shape.append(names.get(i)).append('\u0002').append(token != null ? token : datatypes.get(i))
                            .append('\u0003');
                }
                schema = schemas.message(shape.toString(), names, valueSchemas);
                if (scope != null) {
                    scope.lastShapeNames = names.toArray(String[]::new);
                    scope.lastShapeSchema = schema;
                }
            }
            Schema metricsSchema = schema.field("metrics").schema();
            Struct metrics = fill.fillIn(new Struct(metricsSchema), values.toArray());
            Object[] v = {topic.group(), topic.edgeNode(), topic.device(), typeName, payloadTime, seq, metrics};
            Struct s = fill.fillIn(new Struct(schema), v);
            records.add(new SparkplugRecord(scopeKey(topic.device()), schema, s, payloadTime));
        }

        /** The scope's last message schema when this message has the same metric names and value schemas. */
        private Schema sameShapeAsLast() {
            String[] last = scope.lastShapeNames;
            if (last == null || last.length != names.size()) {
                return null;
            }
            Schema schema = (Schema) scope.lastShapeSchema;
            List<Field> fields = schema.field("metrics").schema().fields();
            for (int i = 0; i < last.length; i++) {
                String name = names.get(i);
                if ((name != last[i] && !name.equals(last[i])) || fields.get(i).schema() != valueSchemas.get(i)) {
                    return null;
                }
            }
            return schema;
        }

        /** A Struct holds one value per name: later metrics with an earlier one's name become failures. */
        private void dropDuplicateNames() {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < names.size(); i++) {
                if (!seen.add(names.get(i))) {
                    fail(indices.get(i), names.get(i), aliases.get(i), "'" + names.get(i) + "' appears more than "
                            + "once in the message; one record per message holds one value per name "
                            + "(sparkplug.output=metric keeps them all)");
                    names.remove(i);
                    valueSchemas.remove(i);
                    values.remove(i);
                    tokens.remove(i);
                    datatypes.remove(i);
                    indices.remove(i);
                    aliases.remove(i);
                    i--;
                }
            }
        }

        private void status(String device, boolean online, Long bdSeq) {
            Struct s = new Struct(RecordSchemas.STATUS_SCHEMA)
                    .put("group", topic.group())
                    .put("edge_node", topic.edgeNode())
                    .put("device", device)
                    .put("message_type", topic.type().name())
                    .put("online", online)
                    .put("timestamp", payloadTime)
                    .put("bd_seq", bdSeq);
            statuses.add(new SparkplugRecord(scopeKey(device), RecordSchemas.STATUS_SCHEMA, s, payloadTime));
        }

        private String scopeKey(String device) {
            return device == null ? edgeKey : edgeKey + "/" + device;
        }

        private String where() {
            return topic.device() == null ? "edge node " + edgeKey : "device " + edgeKey + "/" + topic.device();
        }

        private void fail(int index, String name, Long alias, String reason) {
            String element = "metric #" + index + (name != null ? " '" + name + "'" : "")
                    + (alias != null ? " (alias " + alias + ")" : "");
            failures.add(new SparkplugFailure(element, reason));
        }

        private void requestRebirth(String reason) {
            if (!rebirths.isEmpty()) {
                return;
            }
            if (!settings.rebirthRequests()) {
                rebirthsSuppressed++;
                return;
            }
            Long last = lastRebirth.get(edgeKey);
            if (last != null && now - last < settings.rebirthMinInterval().toMillis()) {
                rebirthsSuppressed++;
                return;
            }
            lastRebirth.put(edgeKey, now);
            rebirthsRequested++;
            rebirths.add(new RebirthRequest(topic.group(), topic.edgeNode(),
                    SparkplugTopic.ncmdTopic(topic.group(), topic.edgeNode()), SparkplugEncoder.rebirthCommand(now),
                    reason));
        }

        SparkplugResult result() {
            return new SparkplugResult(records, statuses, failures, rebirths, notes);
        }
    }
}
