package dev.iotstream.connect.testing;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The RabbitMQ fixture: a working MQTT broker, listening on loopback only, gone without a trace when closed. */
class RabbitMqBrokerIT {
    private static final Pattern SS_LINE = Pattern.compile("^LISTEN\\s+\\d+\\s+\\d+\\s+(\\S+)\\s+\\S+\\s+users:(.*)$");
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");

    @Test
    void servesMqttOnLoopbackOnlyAndLeavesNoProcessBehind() throws Exception {
        List<Long> pids;
        try (RabbitMqBroker broker = RabbitMqBroker.start()) {
            pids = broker.pids();
            List<String> listeners = listenersOf(pids);
            assertThat(listeners).as("every listening socket of %s (ss -ltnp)", pids)
                    .allSatisfy(address -> assertThat(address).matches("(127\\.0\\.0\\.1|\\[::1\\]):\\d+"));
            assertThat(listeners).as("MQTT, AMQP, Erlang distribution and epmd, each on 127.0.0.1")
                    .containsAll(broker.ports().stream().map(port -> "127.0.0.1:" + port).toList());

            assertThat(roundTrip(broker.uri())).isEqualTo("a/b=hello");
        }
        assertThat(pids).as("processes of the closed broker")
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(listenersOf(pids)).isEmpty();
    }

    private static String roundTrip(String uri) throws Exception {
        MqttClient subscriber = new MqttClient(uri, "sub", new MemoryPersistence());
        MqttClient publisher = new MqttClient(uri, "pub", new MemoryPersistence());
        try {
            subscriber.connect(new MqttConnectOptions());
            CompletableFuture<String> received = new CompletableFuture<>();
            subscriber.subscribe("a/#", 1, (topic, message) ->
                    received.complete(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8)));
            publisher.connect(new MqttConnectOptions());
            publisher.publish("a/b", "hello".getBytes(StandardCharsets.UTF_8), 1, false);
            return received.get(30, TimeUnit.SECONDS);
        } finally {
            publisher.disconnectForcibly();
            subscriber.disconnectForcibly();
            publisher.close();
            subscriber.close();
        }
    }

    /** Local addresses of the TCP sockets these processes listen on, from {@code ss -ltnpH}. */
    private static List<String> listenersOf(List<Long> pids) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ss.exitValue()).as(out).isZero();
        List<String> addresses = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = SS_LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Matcher pid = PID.matcher(m.group(2));
            while (pid.find()) {
                if (pids.contains(Long.parseLong(pid.group(1)))) {
                    addresses.add(m.group(1));
                    break;
                }
            }
        }
        return addresses;
    }
}
