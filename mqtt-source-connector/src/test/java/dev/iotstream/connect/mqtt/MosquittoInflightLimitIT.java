package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.ServerRuntime;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evidence for the duplicate bound in the README (Delivery guarantees): Mosquitto's per-client in-flight limit
 * ({@code max_inflight_messages}) holds for a subscriber that never acknowledges, but not for one that acknowledges
 * more slowly than the publisher: when that one dies, the broker has far more than the limit outstanding and resends
 * all of them at once on the next connection. So the broker does not bound the duplicates of a hard kill; the
 * task's own window ({@code mqtt.max.inflight}) does. Plain Paho MQTT 3.1.1 clients with manual acks, no Connect.
 */
class MosquittoInflightLimitIT {
    private static final int LIMIT = 100;
    private static final int MESSAGES = 3000;

    @Test
    void outstandingMessagesOfAnAckingSessionExceedTheInflightLimitAndAreAllResent() throws Exception {
        ServerRuntime.requireAll(ServerRuntime.MOSQUITTO);
        try (MosquittoBroker broker = MosquittoBroker.builder().limits(LIMIT, 10 * MESSAGES).start()) {
            // Control: a session that never acknowledges gets exactly the limit.
            Subscriber idle = Subscriber.connect(broker.uri(), "idle-sub", false);
            publish(broker.uri(), MESSAGES);
            assertThat(idle.awaitQuiet()).isEqualTo(LIMIT);
            idle.crash();

            // A session that acknowledges each message, 1 ms after it arrives: slower than the publisher.
            Subscriber slow = Subscriber.connect(broker.uri(), "slow-sub", true);
            publish(broker.uri(), MESSAGES);
            Thread.sleep(1000);
            int acked = slow.received.get();
            slow.crash();
            Subscriber resumed = Subscriber.connect(broker.uri(), "slow-sub", false);
            int resent = resumed.awaitQuiet();
            System.out.printf("max_inflight_messages %d: idle session got %d; the acking session had taken %d of %d"
                    + " when it died, and the broker resent %d at once (%d with the DUP flag)%n", LIMIT, LIMIT,
                    acked, MESSAGES, resent, resumed.duplicates.get());
            assertThat(resent).as("outstanding messages resent at once, against a limit of " + LIMIT)
                    .isGreaterThan(2 * LIMIT);
            assertThat(resumed.duplicates.get()).as("all of them marked as sent before").isEqualTo(resent);
            resumed.crash();
        }
    }

    private static void publish(String uri, int messages) throws Exception {
        MqttClient publisher = new MqttClient(uri, "inflight-pub", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        publisher.connect(options);
        for (int i = 0; i < messages; i++) {
            publisher.publish("inflight/t", Integer.toString(i).getBytes(StandardCharsets.UTF_8), 1, false);
        }
        publisher.disconnect();
        publisher.close();
    }

    /** A persistent-session subscriber with manual acks that counts what arrives. */
    private static final class Subscriber implements MqttCallback {
        private final MqttClient client;
        private final boolean ack;
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();

        private Subscriber(MqttClient client, boolean ack) {
            this.client = client;
            this.ack = ack;
        }

        static Subscriber connect(String uri, String clientId, boolean ack) throws Exception {
            MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
            Subscriber s = new Subscriber(client, ack);
            client.setManualAcks(true);
            client.setCallback(s);
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            client.connect(options);
            client.subscribe("inflight/#", 1);
            return s;
        }

        /** Waits until nothing has arrived for a second; returns how many arrived. */
        int awaitQuiet() throws InterruptedException {
            int last = -1;
            while (received.get() != last) {
                last = received.get();
                Thread.sleep(1000);
            }
            return last;
        }

        /** Closes the socket without DISCONNECT, as a killed process would. */
        void crash() throws Exception {
            client.disconnectForcibly(0, 0, false);
            client.close(true);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            received.incrementAndGet();
            if (message.isDuplicate()) {
                duplicates.incrementAndGet();
            }
            if (ack) {
                Thread.sleep(1);
                client.messageArrivedComplete(message.getId(), message.getQos());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
