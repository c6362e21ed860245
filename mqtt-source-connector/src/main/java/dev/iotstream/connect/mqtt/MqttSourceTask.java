package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.common.ProjectVersion;
import dev.iotstream.connect.mqtt.ack.RedeliveryGuard;
import dev.iotstream.connect.mqtt.ack.TrackedSourceRecord;
import dev.iotstream.connect.mqtt.client.ClientSettings;
import dev.iotstream.connect.mqtt.client.ConnectionSupervisor;
import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.client.MqttClientAdapter;
import dev.iotstream.connect.mqtt.client.MqttClients;
import dev.iotstream.connect.mqtt.client.MqttVersion;
import dev.iotstream.connect.mqtt.client.OutboundMessage;
import dev.iotstream.connect.mqtt.client.PublishRefusedException;
import dev.iotstream.connect.mqtt.flow.Acker;
import dev.iotstream.connect.mqtt.flow.FlowEvents;
import dev.iotstream.connect.mqtt.flow.FlowSettings;
import dev.iotstream.connect.mqtt.flow.InboundFlow;
import dev.iotstream.connect.mqtt.flow.Sleeper;
import dev.iotstream.connect.mqtt.mapping.RecordMapper;
import dev.iotstream.connect.mqtt.mapping.TopicRouter;
import dev.iotstream.connect.mqtt.metrics.MqttSourceTaskMetrics;
import dev.iotstream.connect.mqtt.payload.PayloadDecoder;
import dev.iotstream.connect.mqtt.payload.PayloadFormat;
import dev.iotstream.connect.mqtt.payload.SparkplugPayloadDecoder;
import dev.iotstream.connect.mqtt.sparkplug.RebirthRequest;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugCounters;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugDecoder;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugEncoder;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugHostState;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Thin shell around {@link InboundFlow}, which holds the at-least-once path (hand-off, window, epochs, batches,
 * ordered acks) without Connect: this class reads the configuration, wires the client, mapper and metrics to the
 * flow, writes the log lines and turns Connect's calls into the flow's. The client's callbacks go to
 * {@link InboundFlow#onMessage} and {@link InboundFlow#connectionLost}, poll() to {@link InboundFlow#poll()},
 * commitRecord() to {@link InboundFlow#recordDone}; records of QoS 1/2 messages are {@link TrackedSourceRecord}s
 * carrying the message's ticket, so commitRecord() needs no lookup.
 */
public class MqttSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(MqttSourceTask.class);

    private String name;
    private MqttClientAdapter client;
    private ConnectionSupervisor supervisor;
    private InboundFlow<SourceRecord> flow;
    private RedeliveryGuard redeliveryGuard;
    private MqttSourceTaskMetrics metrics;
    private int keepAliveSeconds;
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
        keepAliveSeconds = config.keepAliveSeconds();
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
        RecordMapper mapper = new RecordMapper(
                new RecordMapper.Origin(Map.of("mqtt.server", String.join(",", config.serverUris()),
                        "mqtt.client.id", clientId), Map.of("mqtt.replay", "unsupported"),
                        connector + "/" + config.taskIndex()),
                new RecordMapper.Routing(new TopicRouter(config.kafkaTopic(), config.topicMappings()),
                        config.keyStrategy()),
                new RecordMapper.Decoding(PayloadDecoder.limitedTo(config.payloadMaxBytes(), decoder),
                        config.payloadFormat().name().toLowerCase(java.util.Locale.ROOT), config.skipRetained(),
                        config.deadLetterTopic()),
                config.headerSelection());
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
                flow.onMessage(message);
            }

            @Override
            public void connectionLost(Throwable cause) {
                flow.connectionLost();
                supervisor.connectionLost(cause);
            }
        };
        client = MqttClients.create(config.mqttVersion(), settings, listener, name);
        metrics = new MqttSourceTaskMetrics(() -> flow.acknowledged(), () -> flow.inFlight(),
                () -> supervisor.isConnected());
        // Past half the keep-alive, Paho's stalled reader would miss the PINGRESP long enough to drop the connection.
        long qos0AdmissionWaitMs = keepAliveSeconds == 0 ? Long.MAX_VALUE : keepAliveSeconds * 1000L / 2;
        flow = new InboundFlow<>(FlowSettings.forTask(config.maxInflight(), Math.min(config.maxInflight(), 2000),
                config.batchLingerMs(), qos0AdmissionWaitMs, name),
                new InboundFlow.Ports<>(new GuardedRecordMapper(mapper, redeliveryGuard, name),
                        GuardedRecordMapper::ticketOf, new ClientAcker(), client::connectionEpoch, metrics,
                        new WindowLog(), System::currentTimeMillis, Sleeper.REAL));
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

    /** The flow's window events as log lines that name the settings to change. */
    private final class WindowLog implements FlowEvents {
        @Override
        public void brokerWindowBelowOurs(int window) {
            log.warn("{}: the broker keeps at most {} un-acknowledged messages in flight to this task, well below"
                    + " mqtt.max.inflight ({}). With acknowledgements after Kafka that caps throughput at about {}"
                    + " messages per Kafka round trip, and a broker that bounds its queue for this client drops what a"
                    + " burst brings beyond it. {}", name, window, flow.window(), window, client.isMqtt5()
                    ? "The broker ignores the Receive Maximum the task asked for: raise its own in-flight limit."
                    : "Raise the broker's per-client in-flight limit (Mosquitto max_inflight_messages, RabbitMQ"
                    + " mqtt.prefetch, EMQX max_inflight) to mqtt.max.inflight, or connect with MQTT 5"
                    + " (mqtt.version=auto or 5), where the task sets it.");
        }

        @Override
        public void windowOverrun() {
            log.warn("{}: the broker sent more un-acknowledged QoS 1/2 messages than mqtt.max.inflight ({})."
                    + " The task takes no more until Kafka confirms some, which also stops Paho reading the"
                    + " socket: if Kafka takes longer than the keep-alive ({} s), the connection times out"
                    + " and pending messages are redelivered. {}", name, flow.window(), keepAliveSeconds,
                    client.isMqtt5() ? "The broker ignores the Receive Maximum the task asked for."
                            : "Set the broker's in-flight limit per client (Mosquitto max_inflight_messages)"
                            + " to at most mqtt.max.inflight.");
        }

        @Override
        public void windowFull(int inFlight, long waitedMs) {
            log.warn("{}: {} messages waiting for Kafka for {} s; not taking more from the broker", name, inFlight,
                    waitedMs / 1000);
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

    /** Acks through the client, which queues them for its sender thread. */
    private final class ClientAcker implements Acker {
        @Override
        public void ack(InboundMessage message) {
            try {
                client.ack(message);
            } catch (RuntimeException e) {
                log.debug("{}: ack of message {} not sent: {}", name, message.messageId(), e.toString());
            }
        }

        @Override
        public int inTransit() {
            return client.acksInTransit();
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        supervisor.checkHealthy();
        List<SourceRecord> out = flow.poll();
        if (out != null && sparkplug != null) {
            sparkplugCounters = sparkplug.decoder().counters();
        }
        return out;
    }

    /**
     * Connect stops a task only after waiting for the records it sent: a message whose records are still not all
     * written was refused (or the stop came during a Kafka outage). Counted so its redeliveries cannot loop.
     */
    private void noteUnwritten(InboundMessage unwritten) {
        if (redeliveryGuard == null) {
            return;
        }
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

    /** Also called with null metadata for records a transform dropped: those must be acknowledged too. */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        flow.recordDone(record);
    }

    @Override
    public void stop() {
        noteUnwritten(flow == null ? null : flow.stop());
        log.info("{}: stopping; {} un-acknowledged messages stay in the broker session ({} messages taken in {}"
                + " polls)", name, flow == null ? 0 : flow.inFlight(), flow == null ? 0 : flow.polledMessages(),
                flow == null ? 0 : flow.polls());
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
