package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.common.ProjectVersion;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker.Ticket;
import dev.iotstream.connect.mqtt.ack.TrackedSourceRecord;
import dev.iotstream.connect.mqtt.client.ClientSettings;
import dev.iotstream.connect.mqtt.client.ConnectionSupervisor;
import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.client.MqttClientAdapter;
import dev.iotstream.connect.mqtt.client.PahoV3ClientAdapter;
import dev.iotstream.connect.mqtt.client.PahoV5ClientAdapter;
import dev.iotstream.connect.mqtt.mapping.RecordMapper;
import dev.iotstream.connect.mqtt.mapping.TopicRouter;
import dev.iotstream.connect.mqtt.metrics.MqttSourceTaskMetrics;
import dev.iotstream.connect.mqtt.payload.PayloadDecoder;
import org.apache.kafka.clients.producer.RecordMetadata;
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
 * Thin shell: the client adapter delivers messages into a bounded hand-off queue, poll() maps them to records,
 * commitRecord() completes them, and the tracker sends acks in arrival order.
 * <p>
 * QoS 1/2 messages hold a slot of the ack window from arrival until Kafka has all their records; their records are
 * {@link TrackedSourceRecord}s carrying the ticket, so commitRecord() needs no lookup. QoS 0 messages have nothing
 * to acknowledge and skip the tracker: they are bounded by the hand-off's capacity (the window) until poll() takes
 * them, and after that by the producer's {@code buffer.memory} (Connect's send blocks when it is full). A full window
 * or hand-off makes the client callback wait (in short slices, giving up on stop), which stops Paho reading further
 * PUBLISHes: backpressure instead of memory growth.
 */
public class MqttSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(MqttSourceTask.class);
    private static final long POLL_WAIT_MS = 1000;
    private static final long WINDOW_WAIT_SLICE_MS = 200;
    private static final long WINDOW_FULL_LOG_MS = 30_000;

    /** Tickets (QoS 1/2) and bare messages (QoS 0), in arrival order. */
    private BlockingQueue<Object> handoff;
    private final List<Object> batch = new ArrayList<>();
    private volatile boolean stopping;
    private String name;
    private MqttClientAdapter client;
    private ConnectionSupervisor supervisor;
    private OrderedAckTracker<InboundMessage> tracker;
    private RecordMapper mapper;
    private MqttSourceTaskMetrics metrics;
    private int maxBatch;
    private int batchLingerMs;
    private long polls;
    private long polledMessages;

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
        handoff = new LinkedBlockingQueue<>(config.maxInflight());
        tracker = new OrderedAckTracker<>(config.maxInflight(), this::sendAck);
        mapper = new RecordMapper(
                Map.of("mqtt.server", String.join(",", config.serverUris()), "mqtt.client.id", clientId),
                Map.of("mqtt.replay", "unsupported"),
                new TopicRouter(config.kafkaTopic(), config.topicMappings()), config.keyStrategy(),
                PayloadDecoder.of(config.payloadFormat(), config.jsonAsStruct()),
                config.payloadFormat().name().toLowerCase(java.util.Locale.ROOT), config.skipRetained(),
                config.deadLetterTopic(), connector + "/" + config.taskIndex(), config.headerSelection());
        ClientSettings settings = ClientSettings.of(config, clientId, config.topicFilters());
        MqttClientAdapter.Listener listener = new MqttClientAdapter.Listener() {
            @Override
            public void messageArrived(InboundMessage message) {
                onMessage(message);
            }

            @Override
            public void connectionLost(Throwable cause) {
                tracker.voidAll();
                supervisor.connectionLost(cause);
            }
        };
        client = config.isMqtt5() ? new PahoV5ClientAdapter(settings, listener)
                : new PahoV3ClientAdapter(settings, listener);
        metrics = new MqttSourceTaskMetrics(tracker::acknowledged, tracker::inFlight, () -> supervisor.isConnected());
        supervisor = new ConnectionSupervisor(client, config.backoffInitialMs(), config.backoffMaxMs(),
                config.connectTimeoutMs(), name, reconnect -> {
                    if (reconnect) {
                        metrics.reconnected();
                    }
                });
        metrics.register(connector, config.taskIndex());
        log.info("{}: starting, filters {} at QoS {}, window {}, clean session {}", name, config.topicFilters(),
                config.qos(), config.maxInflight(), config.cleanSession());
        supervisor.start();
    }

    /** On Paho's callback thread: must return, so it waits for window space only in slices and never past stop. */
    private void onMessage(InboundMessage message) {
        metrics.messageReceived();
        if (message.qos() == 0 && handoff.offer(message)) {
            return; // the common QoS 0 case: no ticket, no clock, no lock beyond the queue's
        }
        long waitingSince = System.currentTimeMillis();
        long lastLog = waitingSince;
        Object item = message.qos() == 0 ? message : null;
        try {
            while (!stopping) {
                if (item == null) {
                    item = tracker.register(message, WINDOW_WAIT_SLICE_MS);
                }
                if (item != null && handoff.offer(item, WINDOW_WAIT_SLICE_MS, TimeUnit.MILLISECONDS)) {
                    return;
                }
                // A registered ticket must reach poll() even if its connection is gone: it holds a window slot
                // and is released (voided, never acked) only when its records complete.
                if (!(item instanceof Ticket) && message.connectionEpoch() != client.connectionEpoch()) {
                    return; // its connection is gone; the broker redelivers it (QoS >= 1) on the current one
                }
                long now = System.currentTimeMillis();
                if (now - lastLog >= WINDOW_FULL_LOG_MS) {
                    lastLog = now;
                    log.warn("{}: {} messages waiting for Kafka for {} s; not taking more from the broker",
                            name, Math.max(tracker.inFlight(), handoff.size()), (now - waitingSince) / 1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            List<SourceRecord> out = new ArrayList<>(batch.size());
            for (Object item : batch) {
                @SuppressWarnings("unchecked")
                Ticket<InboundMessage> ticket = item instanceof Ticket ? (Ticket<InboundMessage>) item : null;
                InboundMessage message = ticket != null ? ticket.message() : (InboundMessage) item;
                RecordMapper.Result result = mapper.map(message, now, ticket);
                if (result.decodeFailed()) {
                    metrics.decodeFailure();
                }
                if (result.skipped()) {
                    metrics.skipped();
                }
                out.addAll(result.records());
                if (ticket != null) {
                    tracker.expect(ticket, result.records().size());
                }
            }
            metrics.recordsProduced(out.size());
            return out;
        } finally {
            batch.clear();
        }
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
