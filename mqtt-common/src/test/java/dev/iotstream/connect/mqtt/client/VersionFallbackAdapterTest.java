package dev.iotstream.connect.mqtt.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionFallbackAdapterTest {

    /** Our adapter interface, answering connect attempts from a script. */
    private static final class Scripted implements MqttClientAdapter {
        final Deque<Object> answers = new ArrayDeque<>(); // a URI or an MqttConnectFailure
        final boolean v5;
        int attempts;
        boolean closed;
        boolean connected;

        Scripted(boolean v5, Object... answers) {
            this.v5 = v5;
            for (Object a : answers) {
                this.answers.add(a);
            }
        }

        @Override
        public String connectAndSubscribe() throws MqttConnectFailure {
            attempts++;
            Object a = answers.isEmpty() ? "tcp://b:1883" : answers.poll();
            if (a instanceof MqttConnectFailure f) {
                throw f;
            }
            connected = true;
            return (String) a;
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public boolean isMqtt5() {
            return v5;
        }

        @Override
        public long connectionEpoch() {
            return v5 ? 50 : 30;
        }

        @Override
        public void ack(InboundMessage message) {
        }

        @Override
        public void publish(OutboundMessage message, Consumer<PublishOutcome> done) {
        }

        @Override
        public int publishWindow() {
            return v5 ? 5 : 3;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static MqttConnectFailure refused(boolean fatal) {
        return new MqttConnectFailure(fatal ? "not authorized" : "unacceptable protocol version", fatal, null);
    }

    @Test
    void mqtt5WhenTheBrokerTakesItAndThe311ClientIsNeverMade() throws Exception {
        Scripted v5 = new Scripted(true);
        int[] made = {0};
        VersionFallbackAdapter a = new VersionFallbackAdapter(v5, () -> {
            made[0]++;
            return new Scripted(false);
        }, "t");
        assertThat(a.isMqtt5()).isTrue();
        a.connectAndSubscribe();
        assertThat(a.isMqtt5()).isTrue();
        assertThat(a.connectionEpoch()).isEqualTo(50);
        assertThat(made[0]).isZero();
    }

    @Test
    void refusedMqtt5FallsBackTo311AtOnceAndStaysThereForReconnects() throws Exception {
        Scripted v5 = new Scripted(true, refused(false));
        Scripted v3 = new Scripted(false);
        VersionFallbackAdapter a = new VersionFallbackAdapter(v5, () -> v3, "t");
        assertThat(a.connectAndSubscribe()).isEqualTo("tcp://b:1883");
        assertThat(a.isMqtt5()).isFalse();
        assertThat(a.publishWindow()).isEqualTo(3);
        assertThat(a.connectionEpoch()).isEqualTo(30);
        assertThat(v5.closed).isTrue();
        a.connectAndSubscribe(); // a reconnect
        assertThat(v5.attempts).isEqualTo(1);
        assertThat(v3.attempts).isEqualTo(2);
    }

    @Test
    void aFatalRefusalIsNotRetriedWithTheOtherVersion() {
        Scripted v3 = new Scripted(false);
        VersionFallbackAdapter a = new VersionFallbackAdapter(new Scripted(true, refused(true)), () -> v3, "t");
        assertThatThrownBy(a::connectAndSubscribe).isInstanceOf(MqttConnectFailure.class)
                .hasMessage("not authorized");
        assertThat(v3.attempts).isZero();
    }

    @Test
    void bothFailingNamesBothAndTheNextAttemptTriesMqtt5Again() throws Exception {
        Scripted v5 = new Scripted(true, refused(false));
        Scripted v3 = new Scripted(false, new MqttConnectFailure("connection refused", false, null));
        VersionFallbackAdapter a = new VersionFallbackAdapter(v5, () -> v3, "t");
        assertThatThrownBy(a::connectAndSubscribe).isInstanceOf(MqttConnectFailure.class)
                .hasMessageContaining("MQTT 5: unacceptable protocol version")
                .hasMessageContaining("MQTT 3.1.1: connection refused");
        assertThat(a.isConnected()).isFalse();
        a.connectAndSubscribe(); // the broker came back and takes MQTT 5
        assertThat(a.isMqtt5()).isTrue();
        assertThat(v5.attempts).isEqualTo(2);
    }

    @Test
    void publishingBeforeAnyConnectionIsRefused() {
        VersionFallbackAdapter a = new VersionFallbackAdapter(new Scripted(true), () -> new Scripted(false), "t");
        assertThatThrownBy(() -> a.publish(null, o -> { })).isInstanceOf(PublishRefusedException.class);
    }
}
