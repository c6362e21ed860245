package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.common.ProjectVersion;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker.Ticket;
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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Thin shell: the client adapter delivers messages into a hand-off queue (each holding a slot of the ack
 * window), poll() maps them to records, commitRecord() completes them, and the tracker sends acks in arrival
 * order. A full window makes the client callback wait (in short slices, giving up on stop), which stops Paho
 * reading further PUBLISHes: backpressure instead of memory growth.
 */
public class MqttSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(MqttSourceTask.class);
    private static final long POLL_WAIT_MS = 1000;
    private static final long WINDOW_WAIT_SLICE_MS = 200;
    private static final long WINDOW_FULL_LOG_MS = 30_000;

    private final LinkedBlockingQueue<Ticket<InboundMessage>> handoff = new LinkedBlockingQueue<>();
    private final Map<SourceRecord, Ticket<InboundMessage>> tickets = Collections.synchronizedMap(new IdentityHashMap<>());
    private volatile boolean stopping;
    private String name;
    private MqttClientAdapter client;
    private ConnectionSupervisor supervisor;
    private OrderedAckTracker<InboundMessage> tracker;
    private RecordMapper mapper;
    private MqttSourceTaskMetrics metrics;
    private int maxBatch;

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
        tracker = new OrderedAckTracker<>(config.maxInflight(), this::sendAck);
        mapper = new RecordMapper(
                Map.of("mqtt.server", String.join(",", config.serverUris()), "mqtt.client.id", clientId),
                Map.of("mqtt.replay", "unsupported"),
                new TopicRouter(config.kafkaTopic(), config.topicMappings()), config.keyStrategy(),
                PayloadDecoder.of(config.payloadFormat(), config.jsonAsStruct()),
                config.payloadFormat().name().toLowerCase(java.util.Locale.ROOT), config.skipRetained(),
                config.deadLetterTopic(), connector + "/" + config.taskIndex());
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
        long waitingSince = System.currentTimeMillis();
        long lastLog = waitingSince;
        try {
            while (!stopping) {
                Ticket<InboundMessage> ticket = tracker.register(message, WINDOW_WAIT_SLICE_MS);
                if (ticket != null) {
                    handoff.add(ticket);
                    return;
                }
                if (message.connectionEpoch() != client.connectionEpoch()) {
                    return; // its connection is gone; the broker redelivers it on the current one
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
        Ticket<InboundMessage> first = handoff.poll(POLL_WAIT_MS, TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }
        List<Ticket<InboundMessage>> batch = new ArrayList<>();
        batch.add(first);
        handoff.drainTo(batch, maxBatch - 1);
        long now = System.currentTimeMillis();
        List<SourceRecord> out = new ArrayList<>(batch.size());
        for (Ticket<InboundMessage> ticket : batch) {
            RecordMapper.Result result = mapper.map(ticket.message(), now);
            if (result.decodeFailed()) {
                metrics.decodeFailure();
            }
            if (result.skipped()) {
                metrics.skipped();
            }
            for (SourceRecord r : result.records()) {
                tickets.put(r, ticket);
            }
            out.addAll(result.records());
            metrics.recordsProduced(result.records().size());
            tracker.expect(ticket, result.records().size());
        }
        return out;
    }

    /** Also called with null metadata for records a transform dropped: those must be acknowledged too. */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        Ticket<InboundMessage> ticket = tickets.remove(record);
        if (ticket != null) {
            tracker.recordDone(ticket);
        }
    }

    @Override
    public void stop() {
        stopping = true;
        log.info("{}: stopping; {} un-acknowledged messages stay in the broker session", name,
                tracker == null ? 0 : tracker.inFlight());
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
