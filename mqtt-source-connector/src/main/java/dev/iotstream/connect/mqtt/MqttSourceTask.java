package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.common.ProjectVersion;
import dev.iotstream.connect.mqtt.ack.BrokerWindowObserver;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker;
import dev.iotstream.connect.mqtt.ack.Qos0Admission;
import dev.iotstream.connect.mqtt.ack.RedeliveryGuard;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker.Ticket;
import dev.iotstream.connect.mqtt.ack.TrackedSourceRecord;
import dev.iotstream.connect.mqtt.client.ClientSettings;
import dev.iotstream.connect.mqtt.client.ConnectionSupervisor;
import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.client.MqttClientAdapter;
import dev.iotstream.connect.mqtt.client.MqttClients;
import dev.iotstream.connect.mqtt.client.MqttVersion;
import dev.iotstream.connect.mqtt.mapping.RecordMapper;
import dev.iotstream.connect.mqtt.mapping.TopicRouter;
import dev.iotstream.connect.mqtt.metrics.MqttSourceTaskMetrics;
import dev.iotstream.connect.mqtt.client.OutboundMessage;
import dev.iotstream.connect.mqtt.client.PublishRefusedException;
import dev.iotstream.connect.mqtt.payload.PayloadDecoder;
import dev.iotstream.connect.mqtt.payload.PayloadFormat;
import dev.iotstream.connect.mqtt.payload.SparkplugPayloadDecoder;
import dev.iotstream.connect.mqtt.sparkplug.RebirthRequest;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugCounters;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugDecoder;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugEncoder;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugHostState;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Thin shell: the client adapter delivers messages into the hand-off queue, poll() maps them to records,
 * commitRecord() completes them, and the tracker sends acks in arrival order.
 * <p>
 * QoS 1/2 messages hold a slot of the ack window from arrival until Kafka has all their records; their records are
 * {@link TrackedSourceRecord}s carrying the ticket, so commitRecord() needs no lookup. QoS 0 messages have nothing
 * to acknowledge and skip the tracker: they hold one of {@code mqtt.max.inflight} hand-off slots of their own until
 * poll() takes them, and after that are bounded by the producer's {@code buffer.memory} (Connect's send blocks when
 * it is full). So the hand-off holds at most one window of QoS 0 messages and two of tickets (the tracker's bound,
 * voided ones included), and a ticket never waits for queue space.
 * <p>
 * Paho reads the socket and calls back on separate threads, but its reader stops when ten messages wait for the
 * callback; then it reads no PINGRESP either, and the client gives up on the connection about one keep-alive
 * after its PINGREQ. So the callback waits only where the protocol leaves no choice: for a QoS 1/2 message beyond
 * the window, which a broker keeping to the window (MQTT 5 Receive Maximum, or the broker's in-flight limit for
 * MQTT 3.1.1) never sends; it logs that the broker does. QoS 0 has no flow control in MQTT: a QoS 0 message waits
 * for a slot at most half the keep-alive interval (so Paho's reader is never stalled long enough to time out), then
 * QoS 0 messages are dropped and counted ({@code MessagesDropped}) until poll() takes messages again.
 */
public class MqttSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(MqttSourceTask.class);
    private static final long POLL_WAIT_MS = 1000;
    private static final long WINDOW_WAIT_SLICE_MS = 200;
    private static final long WINDOW_FULL_LOG_MS = 30_000;

    /**
     * Tickets (QoS 1/2) and bare messages (QoS 0), in arrival order. Not bounded by its own capacity: tickets are
     * bounded by the tracker (two windows, voided ones included), QoS 0 messages by {@link #qos0Admission}, so a ticket
     * never waits here.
     */
    private BlockingQueue<Object> handoff;
    private Qos0Admission qos0Admission;
    private BrokerWindowObserver windowObserver; // only on Paho's callback thread
    private long overrunWarnedEpoch = -1; // only on Paho's callback thread
    /** Epoch of the last connection lost; messages of it or earlier are void. */
    private volatile long deadEpoch = -1;
    private final List<Object> batch = new ArrayList<>();
    private volatile boolean stopping;
    private String name;
    private MqttClientAdapter client;
    private ConnectionSupervisor supervisor;
    private OrderedAckTracker<InboundMessage> tracker;
    private RecordMapper mapper;
    private RedeliveryGuard redeliveryGuard;
    private MqttSourceTaskMetrics metrics;
    private int maxBatch;
    private int batchLingerMs;
    private int keepAliveSeconds;
    private long polls;
    private long polledMessages;
    private SparkplugPayloadDecoder sparkplug; // null unless payload.format=sparkplugb
    /** The decoder's counters as of the last poll, for JMX threads (the decoder is poll-thread only). */
    private volatile SparkplugCounters sparkplugCounters = SparkplugCounters.NONE;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        MqttSourceConfig config = new MqttSourceConfig(props);
        String connector = props.getOrDefault("name", "mqtt-source");
        String clientId = config.clientId(connector);
        name = "MQTT source " + connector + " task " + config.taskIndex() + " (client id " + clientId + ")";
        maxBatch = Math.min(config.maxInflight(), 2000);
        batchLingerMs = config.batchLingerMs();
        keepAliveSeconds = config.keepAliveSeconds();
        handoff = new LinkedBlockingQueue<>();
        // client is set below, before any message can arrive
        tracker = new OrderedAckTracker<>(config.maxInflight(), this::sendAck, () -> client.acksInTransit());
        PayloadDecoder decoder;
        if (config.payloadFormat() == PayloadFormat.SPARKPLUGB) {
            sparkplug = new SparkplugPayloadDecoder(
                    new SparkplugDecoder(config.sparkplugSettings(), java.time.Clock.systemUTC()),
                    this::requestRebirth, name);
            decoder = sparkplug;
        } else {
            decoder = PayloadDecoder.of(config.payloadFormat(), config.jsonAsStruct(), config.jsonOptions(),
                    config.jsonBatching());
        }
        mapper = new RecordMapper(
                new RecordMapper.Origin(Map.of("mqtt.server", String.join(",", config.serverUris()),
                        "mqtt.client.id", clientId), Map.of("mqtt.replay", "unsupported"),
                        connector + "/" + config.taskIndex()),
                new RecordMapper.Routing(new TopicRouter(config.kafkaTopic(), config.topicMappings()),
                        config.keyStrategy()),
                new RecordMapper.Decoding(PayloadDecoder.limitedTo(config.payloadMaxBytes(), decoder),
                        config.payloadFormat().name().toLowerCase(java.util.Locale.ROOT), config.skipRetained(),
                        config.deadLetterTopic()),
                config.headerSelection());
        windowObserver = new BrokerWindowObserver(config.maxInflight(), System::currentTimeMillis);
        redeliveryGuard = RedeliveryGuard.forTask(connector, config.taskIndex(), config.payloadMaxRejectedRuns());
        ClientSettings settings = config.clientSettings(clientId, config.topicFilters());
        // One Host Application per connector: several tasks' wills would report it offline while others run.
        String hostId = config.taskIndex() == 0 ? config.sparkplugHostId() : null;
        SparkplugHostState hostOnline = null;
        if (hostId != null) {
            long ts = System.currentTimeMillis();
            hostOnline = SparkplugEncoder.hostOnline(hostId, ts);
            SparkplugHostState offline = SparkplugEncoder.hostOffline(hostId, ts);
            settings = settings.withWill(OutboundMessage.plain(offline.topic(), offline.payload(), offline.qos(),
                    offline.retained()));
        }
        SparkplugHostState online = hostOnline;
        MqttClientAdapter.Listener listener = new MqttClientAdapter.Listener() {
            @Override
            public void messageArrived(InboundMessage message) {
                onMessage(message);
            }

            @Override
            public void connectionLost(Throwable cause) {
                deadEpoch = client.connectionEpoch(); // before voidAll: a ticket registered after it is seen as void
                tracker.voidAll();
                // not yet polled: no record exists, and the broker redelivers them on the next connection
                handoff.removeIf(item -> {
                    if (item instanceof Ticket<?> t && t.voided()) {
                        discard(t);
                        return true;
                    }
                    return false;
                });
                supervisor.connectionLost(cause);
            }
        };
        client = MqttClients.create(config.mqttVersion(), settings, listener, name);
        metrics = new MqttSourceTaskMetrics(tracker::acknowledged, tracker::inFlight, () -> supervisor.isConnected());
        // Past half the keep-alive, Paho's stalled reader would miss the PINGRESP long enough to drop the connection.
        qos0Admission = new Qos0Admission(config.maxInflight(),
                keepAliveSeconds == 0 ? Long.MAX_VALUE : keepAliveSeconds * 1000L / 2, metrics, name);
        supervisor = new ConnectionSupervisor(client, config.backoffInitialMs(), config.backoffMaxMs(),
                config.connectTimeoutMs(), name, reconnect -> {
                    if (reconnect) {
                        metrics.reconnected();
                    }
                    if (online != null) {
                        publishHostOnline(online);
                    }
                });
        metrics.sparkplug(() -> sparkplugCounters);
        metrics.register(connector, config.taskIndex());
        log.info("{}: starting, filters {} at QoS {}, window {}, clean session {}, MQTT {}", name,
                config.topicFilters(), config.qos(), config.maxInflight(), config.cleanSession(),
                config.mqttVersion().configName());
        if (config.mqttVersion() == MqttVersion.V5 && (config.qos() == 2 || config.qosOverrides().containsValue(2))) {
            log.warn("{}: QoS 2 subscriptions over MQTT 5: Paho's v5 client stalls inbound QoS 2 flows acknowledged"
                    + " after Kafka (other messages then stop arriving). Use QoS 1 (the same guarantee here) or"
                    + " mqtt.version=3.1.1 or auto.", name);
        }
        supervisor.start();
    }

    /** On Paho's callback thread: must return promptly, see the class comment for where it may wait and how long. */
    private void onMessage(InboundMessage message) {
        metrics.messageReceived();
        if (message.qos() == 0) {
            onQos0(message);
        } else {
            onAcknowledged(message);
        }
    }

    private void onQos0(InboundMessage message) {
        try {
            if (qos0Admission.admit(() -> stopping, handoff.size())) {
                handoff.add(message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * QoS 1/2: waits for a window slot, in slices, giving up when the task stops or the message's connection is
     * gone (the broker redelivers it). With a broker that keeps to the window this never waits.
     */
    private void onAcknowledged(InboundMessage message) {
        windowObserver.arrived(tracker.inFlight()).ifPresent(window -> log.warn("{}: the broker keeps at most {}"
                + " un-acknowledged messages in flight to this task, well below mqtt.max.inflight ({}). With"
                + " acknowledgements after Kafka that caps throughput at about {} messages per Kafka round trip, and"
                + " a broker that bounds its queue for this client drops what a burst brings beyond it. {}", name,
                window,
                tracker.window(), window, client.isMqtt5()
                        ? "The broker ignores the Receive Maximum the task asked for: raise its own in-flight limit."
                        : "Raise the broker's per-client in-flight limit (Mosquitto max_inflight_messages, RabbitMQ"
                        + " mqtt.prefetch, EMQX max_inflight) to mqtt.max.inflight, or connect with MQTT 5"
                        + " (mqtt.version=auto or 5), where the task sets it."));
        long waitingSince = System.currentTimeMillis();
        long lastLog = waitingSince;
        try {
            while (!stopping && message.connectionEpoch() > deadEpoch) {
                Ticket<InboundMessage> ticket = tracker.register(message, WINDOW_WAIT_SLICE_MS);
                if (ticket != null) {
                    if (message.connectionEpoch() <= deadEpoch) {
                        tracker.voidOne(ticket); // registered after its connection was voided
                    } else {
                        handoff.add(ticket);
                    }
                    return;
                }
                if (message.connectionEpoch() != client.connectionEpoch()) {
                    return; // its connection is gone; the broker redelivers it on the current one
                }
                if (tracker.inFlight() >= tracker.window() && overrunWarnedEpoch != message.connectionEpoch()) {
                    overrunWarnedEpoch = message.connectionEpoch();
                    log.warn("{}: the broker sent more un-acknowledged QoS 1/2 messages than mqtt.max.inflight ({})."
                            + " The task takes no more until Kafka confirms some, which also stops Paho reading the"
                            + " socket: if Kafka takes longer than the keep-alive ({} s), the connection times out"
                            + " and pending messages are redelivered. {}", name, tracker.window(), keepAliveSeconds,
                            client.isMqtt5() ? "The broker ignores the Receive Maximum the task asked for."
                                    : "Set the broker's in-flight limit per client (Mosquitto max_inflight_messages)"
                                    + " to at most mqtt.max.inflight.");
                }
                long now = System.currentTimeMillis();
                if (now - lastLog >= WINDOW_FULL_LOG_MS) {
                    lastLog = now;
                    log.warn("{}: {} messages waiting for Kafka for {} s; not taking more from the broker",
                            name, tracker.inFlight(), (now - waitingSince) / 1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the poll thread: Paho queues the QoS 0 NCMD and returns, so a slow broker does not hold up poll(). */
    private void requestRebirth(RebirthRequest r) {
        try {
            client.publish(OutboundMessage.plain(r.topic(), r.payload(), 0, false), outcome -> {
                if (!outcome.acknowledged()) {
                    metrics.rebirthPublishFailed();
                    log.warn("{}: rebirth request to {} not sent: {}", name, r.topic(), outcome.failure());
                }
            });
            log.info("{}: asked Sparkplug edge node {}/{} to rebirth ({}) on {}", name, r.group(), r.edgeNode(),
                    r.reason(), r.topic());
        } catch (PublishRefusedException | RuntimeException e) {
            metrics.rebirthPublishFailed();
            log.warn("{}: rebirth request to {} ({}) not sent: {}; the next unknown alias asks again after"
                    + " sparkplug.rebirth.min.interval.ms", name, r.topic(), r.reason(), e.getMessage());
        }
    }

    /** On the supervisor's thread after every connect: the retained STATE online, its offline twin being the will. */
    private void publishHostOnline(SparkplugHostState online) {
        try {
            client.publish(OutboundMessage.plain(online.topic(), online.payload(), online.qos(), online.retained()),
                    outcome -> {
                        if (!outcome.acknowledged()) {
                            log.warn("{}: Sparkplug host STATE online on {} not confirmed: {}", name, online.topic(),
                                    outcome);
                        }
                    });
            log.info("{}: Sparkplug Host Application STATE online published on {}", name, online.topic());
        } catch (PublishRefusedException | RuntimeException e) {
            log.warn("{}: Sparkplug host STATE online on {} not sent: {}", name, online.topic(), e.getMessage());
        }
    }

    private void sendAck(InboundMessage message) {
        try {
            client.ack(message);
        } catch (RuntimeException e) {
            log.debug("{}: ack of message {} not sent: {}", name, message.messageId(), e.toString());
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        supervisor.checkHealthy();
        Object first = handoff.poll(POLL_WAIT_MS, TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }
        try {
            batch.add(first);
            handoff.drainTo(batch, maxBatch - 1);
            if (batchLingerMs > 0 && batch.size() < maxBatch) {
                // A short sleep, not a timed wait on the queue: a wait would be woken by the next single message.
                // Without it polls carry ~5 messages at 20-40k msg/s and Connect's per-poll work dominates.
                Thread.sleep(batchLingerMs);
                handoff.drainTo(batch, maxBatch - batch.size());
            }
            polls++;
            polledMessages += batch.size();
            long now = System.currentTimeMillis();
            releaseQos0Slots();
            List<SourceRecord> out = new ArrayList<>(batch.size());
            // Record counts are given to the tracker only once the whole batch is mapped: if mapping throws, no
            // message of the batch counts as handed to Connect (the redelivery guard must not blame them).
            int[] counts = new int[batch.size()];
            for (int i = 0; i < counts.length; i++) {
                Object item = batch.get(i);
                @SuppressWarnings("unchecked")
                Ticket<InboundMessage> ticket = item instanceof Ticket ? (Ticket<InboundMessage>) item : null;
                counts[i] = -1;
                if (ticket != null && ticket.voided()) {
                    tracker.discard(ticket); // its connection went before Kafka saw it: redelivered, no duplicate
                    continue;
                }
                InboundMessage message = ticket != null ? ticket.message() : (InboundMessage) item;
                RecordMapper.Result result = ticket != null && redeliveryGuard.watching()
                        ? mapGuarded(message, now, ticket) : mapper.map(message, now, ticket);
                if (result.decodeFailed()) {
                    metrics.decodeFailure();
                }
                if (result.skipped()) {
                    metrics.skipped();
                }
                out.addAll(result.records());
                counts[i] = result.records().size();
            }
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] >= 0 && batch.get(i) instanceof Ticket<?> t) {
                    @SuppressWarnings("unchecked")
                    Ticket<InboundMessage> ticket = (Ticket<InboundMessage>) t;
                    tracker.expect(ticket, counts[i]);
                }
            }
            metrics.recordsProduced(out.size());
            if (sparkplug != null) {
                sparkplugCounters = sparkplug.decoder().counters();
            }
            return out;
        } finally {
            batch.clear();
        }
    }

    /**
     * Connect stops a task only after waiting for the records it sent: a message whose records are still not all
     * written was refused (or the stop came during a Kafka outage). Counted so its redeliveries cannot loop.
     */
    private void noteUnwritten() {
        if (tracker == null || redeliveryGuard == null) {
            return;
        }
        InboundMessage unwritten = tracker.oldestUnwritten();
        int runs = unwritten == null ? redeliveryGuard.stopped(null, null)
                : redeliveryGuard.stopped(unwritten.topic(), unwritten.payload());
        if (unwritten != null) {
            log.warn("{}: stopping while the records of the MQTT message on topic '{}' (message id {}) are not all in"
                            + " Kafka. If the task is failing, a converter, a transform or the producer refused them;"
                            + " the broker redelivers the message to the next run. Runs in a row stopped on it: {};"
                            + " at {} it goes to the dead-letter topic instead (payload.max.rejected.runs)", name,
                    unwritten.topic(), unwritten.messageId(), runs, redeliveryGuard.maxFailures());
        }
    }

    /** After earlier runs of this task stopped on a message: that message is not handed to Connect again as is. */
    private RecordMapper.Result mapGuarded(InboundMessage message, long now, Ticket<InboundMessage> ticket) {
        RedeliveryGuard.Verdict verdict = redeliveryGuard.verdict(message.topic(), message.payload());
        if (verdict == RedeliveryGuard.Verdict.PASS) {
            return mapper.map(message, now, ticket);
        }
        String reason = "the records of this message were rejected downstream of the connector (a converter, a"
                + " transform or the producer; see the task's earlier errors) in " + redeliveryGuard.maxFailures()
                + " runs of the task in a row";
        if (verdict == RedeliveryGuard.Verdict.FAIL) {
            throw new ConnectException(name + ": the MQTT message on topic '" + message.topic() + "' (" +
                    message.payload().length + " bytes) was rejected downstream of the connector in every run of"
                    + " this task, and so was its dead letter. To skip it: set errors.tolerance=all on the"
                    + " connector (Connect then drops what it cannot write and the message is acknowledged), or"
                    + " remove it from the broker session (clean session), or restart the worker");
        }
        log.warn("{}: the MQTT message on topic '{}' (message id {}) is redelivered after {}; it goes to the"
                        + " dead-letter topic{} and is acknowledged", name, message.topic(), message.messageId(),
                reason, verdict == RedeliveryGuard.Verdict.DEAD_LETTER ? "" : " without its payload");
        boolean withPayload = verdict == RedeliveryGuard.Verdict.DEAD_LETTER;
        return mapper.rejectedDownstream(message, now, ticket,
                withPayload ? reason : reason + "; its dead letter carrying the payload was rejected too",
                withPayload ? RecordMapper.Payload.HEADER : RecordMapper.Payload.NONE);
    }

    @SuppressWarnings("unchecked")
    private void discard(Ticket<?> ticket) {
        tracker.discard((Ticket<InboundMessage>) ticket);
    }

    /** QoS 0 messages of the batch leave the hand-off now; from here the producer's buffer.memory bounds them. */
    private void releaseQos0Slots() {
        int qos0 = 0;
        for (Object item : batch) {
            if (!(item instanceof Ticket)) {
                qos0++;
            }
        }
        qos0Admission.release(qos0);
    }

    /** Also called with null metadata for records a transform dropped: those must be acknowledged too. */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (record instanceof TrackedSourceRecord<?> tracked) {
            @SuppressWarnings("unchecked")
            Ticket<InboundMessage> ticket = (Ticket<InboundMessage>) tracked.ticket();
            tracker.recordDone(ticket);
        }
    }

    @Override
    public void stop() {
        stopping = true;
        noteUnwritten();
        log.info("{}: stopping; {} un-acknowledged messages stay in the broker session ({} messages taken in {}"
                + " polls)", name, tracker == null ? 0 : tracker.inFlight(), polledMessages, polls);
        if (supervisor != null) {
            supervisor.close();
        }
        if (client != null) {
            client.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
