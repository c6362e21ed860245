package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.common.ProjectVersion;
import dev.iotstream.connect.common.Backoff;
import dev.iotstream.connect.mqtt.client.ConnectionSupervisor;
import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.client.MqttClientAdapter;
import dev.iotstream.connect.mqtt.client.MqttClients;
import dev.iotstream.connect.mqtt.sink.delivery.Dispatcher;
import dev.iotstream.connect.mqtt.sink.delivery.OffsetTracker;
import dev.iotstream.connect.mqtt.sink.message.MessageFactory;
import dev.iotstream.connect.mqtt.sink.metrics.MqttSinkTaskMetrics;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Thin Connect shell: turns records into MQTT messages ({@link MessageFactory}), hands them to the
 * {@link Dispatcher}, dead-letters what cannot be published, and commits only offsets the {@link OffsetTracker}
 * says are acknowledged.
 */
public class MqttSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(MqttSinkTask.class);

    private String name;
    private MqttSinkConfig config;
    private MessageFactory factory;
    private OffsetTracker<TopicPartition> tracker;
    private Dispatcher<TopicPartition> dispatcher;
    private MqttClientAdapter client;
    private ConnectionSupervisor supervisor;
    private MqttSinkTaskMetrics metrics;
    private ErrantRecordReporter reporter;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MqttSinkConfig(props);
        String connector = props.getOrDefault("name", "mqtt-sink");
        // the same wording as the source's task names, so one grep finds a task in a worker's log
        name = "MQTT sink " + connector + " task " + config.taskIndex() + " (client id " + config.clientId(connector)
                + ")";
        factory = new MessageFactory(config.messageSettings());
        tracker = new OffsetTracker<>(System::currentTimeMillis);
        reporter = reporterOrNull();
        MqttClientAdapter.Listener listener = new MqttClientAdapter.Listener() {
            @Override
            public void messageArrived(InboundMessage message) {
                // a publisher subscribes to nothing
            }

            @Override
            public void connectionLost(Throwable cause) {
                dispatcher.disconnected(cause);
                supervisor.connectionLost(cause);
            }
        };
        var settings = config.clientSettings(config.clientId(connector));
        client = MqttClients.create(config.mqttVersion(), settings, listener, name);
        dispatcher = new Dispatcher<>(client, tracker, System::currentTimeMillis,
                new Backoff(config.backoffInitialMs(), config.backoffMaxMs(),
                        () -> ThreadLocalRandom.current().nextDouble()), name);
        metrics = new MqttSinkTaskMetrics(new MqttSinkTaskMetrics.Sources(dispatcher::published,
                dispatcher::acknowledged, dispatcher::inFlight, dispatcher::queued, dispatcher::retried,
                tracker::oldestPendingAgeMs, () -> supervisor != null && supervisor.isConnected()));
        metrics.register(connector, config.taskIndex());
        supervisor = new ConnectionSupervisor(client, config.backoffInitialMs(), config.backoffMaxMs(),
                config.connectTimeoutMs(), name, reconnect -> {
                    if (reconnect) {
                        metrics.reconnected();
                    }
                    dispatcher.connected();
                });
        dispatcher.start();
        supervisor.start();
        log.info("{}: MQTT sink task started (client id '{}')", name, settings.clientId());
    }

    private ErrantRecordReporter reporterOrNull() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        healthCheck();
        settleRefusals();
        if (records.isEmpty()) {
            return;
        }
        boolean room;
        try {
            room = dispatcher.awaitRoom(config.maxInflight(), config.putMaxWaitMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException(name + ": interrupted while waiting for room");
        }
        healthCheck();
        if (!room) {
            metrics.batchHandedBack();
            context.timeout(Math.max(100, config.backoffInitialMs()));
            throw new RetriableException(name + ": " + (supervisor.isConnected()
                    ? "the broker has not acknowledged " + dispatcher.inFlight() + " messages yet"
                    : "not connected to the MQTT broker") + "; Connect offers these records again");
        }
        for (SinkRecord r : records) {
            TopicPartition tp = new TopicPartition(r.originalTopic(), r.originalKafkaPartition());
            OffsetTracker.Entry<TopicPartition> entry = tracker.accept(tp, r.originalKafkaOffset());
            MessageFactory.Outcome out = factory.build(new SinkRecordView(r));
            if (out.skip()) {
                metrics.nullSkipped();
                tracker.done(entry);
            } else if (out.problem() != null) {
                deadLetter(r, out.problem());
                tracker.done(entry);
            } else {
                dispatcher.submit(entry, r, out.message());
            }
        }
    }

    private void healthCheck() {
        supervisor.checkHealthy();
        try {
            dispatcher.checkFatal();
        } catch (IllegalStateException e) {
            throw new ConnectException(e.getMessage());
        }
    }

    private void settleRefusals() {
        for (Dispatcher.Refusal<TopicPartition> r : dispatcher.drainRefusals()) {
            deadLetter((SinkRecord) r.record(), r.reason());
            dispatcher.settled(r);
        }
    }

    private void deadLetter(SinkRecord record, String reason) {
        String where = record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
        if (reporter == null) {
            throw new ConnectException(name + ": record " + where + " cannot be published: " + reason
                    + ". Set errors.tolerance=all and errors.deadletterqueue.topic.name to send such records to a"
                    + " dead letter queue instead of stopping.");
        }
        log.warn("{}: record {} to the dead letter queue: {}", name, where, reason);
        reporter.report(record, new ConnectException(reason));
        metrics.deadLettered();
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> current) {
        settleRefusals();
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        tracker.committable().forEach((tp, offset) -> {
            if (current.containsKey(tp)) {
                out.put(tp, new OffsetAndMetadata(offset));
            }
        });
        return out;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        partitions.forEach(tracker::forget);
    }

    @Override
    public void stop() {
        if (supervisor != null) {
            supervisor.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (client != null) {
            client.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        log.info("{}: MQTT sink task stopped", name);
    }
}
