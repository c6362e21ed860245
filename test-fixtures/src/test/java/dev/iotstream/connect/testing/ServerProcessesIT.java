package dev.iotstream.connect.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real Kafka broker and Connect worker processes: killed with SIGKILL and started again they come back on the
 * same ports with their data, every listener on 127.0.0.1; and a child JVM ends when its parent is killed.
 */
class ServerProcessesIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void brokerAndWorkerSurviveKillMinusNineAndRestartOnTheSamePortsWithTheirData() throws Exception {
        try (KafkaBrokerProcess kafka = KafkaBrokerProcess.startNew()) {
            String bootstrap = kafka.bootstrapServers();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "k", "before the crash")).get(60, TimeUnit.SECONDS);
            }
            try (ConnectWorkerProcess worker = ConnectWorkerProcess.builder(bootstrap).start()) {
                String url = worker.url();
                long firstPid = worker.pid();
                assertThat(listenersOf(kafka.pid(), worker.pid())).hasSize(3)
                        .allSatisfy(l -> assertThat(l.address().getHostAddress()).isEqualTo("127.0.0.1"));

                worker.kill();
                assertThat(worker.isAlive()).isFalse();
                assertThat(get(url + "/health")).isEqualTo(-1);
                worker.start();
                assertThat(worker.pid()).isNotEqualTo(firstPid);
                assertThat(worker.url()).isEqualTo(url);
                assertThat(get(url + "/connectors")).isEqualTo(200);

                kafka.kill();
                assertThat(kafka.isAlive()).isFalse();
                kafka.start();
                assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
                assertThat(consumeOne(bootstrap, "kept")).isEqualTo("before the crash");
            }
        }
    }

    @Test
    void aChildJvmEndsWhenItsParentIsKilled() throws Exception {
        Path dir = TempDirs.create("exit-with-parent");
        try {
            Path parentLog = dir.resolve("parent.log");
            Process parent = new ChildJvm(ParentOfSleeper.class.getName(), List.of(dir.resolve("child.log").toString()),
                    List.of("-Xmx64m"), parentLog).start();
            ProcessHandle child = await().atMost(Duration.ofSeconds(60)).until(() -> childOf(parentLog),
                    h -> h != null);
            try {
                assertThat(child.isAlive()).as("the child runs while its parent does").isTrue();
                parent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                // The bound only keeps a broken guard from hanging the build; the child ends within a second or so.
                child.onExit().completeOnTimeout(child, 60, TimeUnit.SECONDS).join();
                assertThat(child.isAlive()).as("child pid %d outlived its SIGKILLed parent", child.pid()).isFalse();
            } finally {
                child.destroyForcibly();
                parent.destroyForcibly();
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private static ProcessHandle childOf(Path parentLog) throws Exception {
        String log = Files.exists(parentLog) ? Files.readString(parentLog) : "";
        Matcher m = Pattern.compile("child pid (\\d+)").matcher(log);
        return m.find() ? ProcessHandle.of(Long.parseLong(m.group(1))).orElse(null) : null;
    }

    private static List<ListeningSockets.Listener> listenersOf(long... pids) {
        List<ListeningSockets.Listener> all = new ArrayList<>();
        for (long pid : pids) {
            ListeningSockets.ofProcessTree(ProcessHandle.of(pid).orElseThrow()).forEach(all::add);
        }
        return all;
    }

    private int get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception connectionRefused) {
            return -1;
        }
    }

    private static String consumeOne(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "kept-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    return r.value();
                }
            }
            throw new AssertionError("nothing to read from " + topic + " within 60 s");
        }
    }
}
