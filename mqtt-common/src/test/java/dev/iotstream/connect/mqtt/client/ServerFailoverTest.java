package dev.iotstream.connect.mqtt.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerFailoverTest {
    private final List<String> tried = new ArrayList<>();
    private final Set<String> down = new HashSet<>();
    private final Set<String> fatal = new HashSet<>();

    /** A server per URI that is up, down (times out) or rejects the credentials, as the sets say at each attempt. */
    private final ServerFailover.Attempt servers = uri -> {
        tried.add(uri);
        if (fatal.contains(uri)) {
            throw new MqttConnectFailure("bad credentials", true, null);
        }
        if (down.contains(uri)) {
            throw new MqttConnectFailure("timed out", false, new IllegalStateException(uri));
        }
    };

    private static String who(String target) {
        return "connection to " + target;
    }

    @Test
    void attemptOrderStartsAtTheLastConnectedUriAndWrapsAround() {
        List<String> uris = List.of("a", "b", "c", "d");
        assertThat(ServerFailover.attemptOrder(uris, "a")).containsExactly("a", "b", "c", "d");
        assertThat(ServerFailover.attemptOrder(uris, "b")).containsExactly("b", "c", "d", "a");
        assertThat(ServerFailover.attemptOrder(uris, "d")).containsExactly("d", "a", "b", "c");
    }

    @Test
    void attemptOrderIsTheListOrderBeforeAnyConnectOrForAnUnknownUri() {
        List<String> uris = List.of("a", "b", "c");
        assertThat(ServerFailover.attemptOrder(uris, null)).containsExactly("a", "b", "c");
        assertThat(ServerFailover.attemptOrder(uris, "x")).containsExactly("a", "b", "c");
        assertThat(ServerFailover.attemptOrder(List.of("a"), "a")).containsExactly("a");
    }

    @Test
    void triesEachUriInOrderUntilOneConnects() throws Exception {
        down.add("a");
        assertThat(new ServerFailover(List.of("a", "b", "c")).connect(servers, ServerFailoverTest::who))
                .isEqualTo("b");
        assertThat(tried).containsExactly("a", "b");
    }

    @Test
    void firstUriThatWorksIsTheOnlyOneTried() throws Exception {
        assertThat(new ServerFailover(List.of("a", "b")).connect(servers, ServerFailoverTest::who)).isEqualTo("a");
        assertThat(tried).containsExactly("a");
    }

    @Test
    void reconnectGoesBackToTheUriThatLastConnected() throws Exception {
        ServerFailover failover = new ServerFailover(List.of("a", "b", "c"));
        down.add("a");
        failover.connect(servers, ServerFailoverTest::who); // a, then b
        tried.clear();

        assertThat(failover.connect(servers, ServerFailoverTest::who)).isEqualTo("b");
        assertThat(tried).as("the hung first URI costs nothing while b works").containsExactly("b");
    }

    @Test
    void whenTheLastConnectedUriIsDownTheRoundMovesOnAndWraps() throws Exception {
        ServerFailover failover = new ServerFailover(List.of("a", "b", "c"));
        down.add("a");
        failover.connect(servers, ServerFailoverTest::who); // on b
        down.addAll(Set.of("b", "c"));
        down.remove("a");
        tried.clear();

        assertThat(failover.connect(servers, ServerFailoverTest::who)).isEqualTo("a");
        assertThat(tried).containsExactly("b", "c", "a");

        tried.clear();
        down.remove("c");
        assertThat(failover.connect(servers, ServerFailoverTest::who)).as("a is now the last that worked")
                .isEqualTo("a");
        assertThat(tried).containsExactly("a");
    }

    @Test
    void aFailedRoundKeepsTheLastConnectedUriAsTheStart() throws Exception {
        ServerFailover failover = new ServerFailover(List.of("a", "b", "c"));
        down.add("a");
        failover.connect(servers, ServerFailoverTest::who); // on b
        down.addAll(Set.of("b", "c"));
        tried.clear();

        assertThatThrownBy(() -> failover.connect(servers, ServerFailoverTest::who))
                .hasMessage("connection to [b, c, a] failed: b: timed out; c: timed out; a: timed out");
        assertThat(tried).as("one attempt per URI per round").containsExactly("b", "c", "a");

        tried.clear();
        assertThatThrownBy(() -> failover.connect(servers, ServerFailoverTest::who))
                .isInstanceOf(MqttConnectFailure.class);
        assertThat(tried).containsExactly("b", "c", "a");
    }

    @Test
    void aFreshInstanceStartsAtTheFirstUri() throws Exception {
        ServerFailover before = new ServerFailover(List.of("a", "b"));
        down.add("a");
        before.connect(servers, ServerFailoverTest::who); // on b
        tried.clear();

        down.clear();
        assertThat(new ServerFailover(List.of("a", "b")).connect(servers, ServerFailoverTest::who)).isEqualTo("a");
        assertThat(tried).containsExactly("a");
    }

    @Test
    void allDownNamesEveryUriWithItsReason() {
        down.addAll(Set.of("a", "b"));
        assertThatThrownBy(() -> new ServerFailover(List.of("a", "b")).connect(servers, ServerFailoverTest::who))
                .isInstanceOf(MqttConnectFailure.class)
                .hasMessage("connection to [a, b] failed: a: timed out; b: timed out")
                .satisfies(e -> assertThat(((MqttConnectFailure) e).isFatal()).isFalse())
                .hasRootCauseMessage("b");
        assertThat(tried).containsExactly("a", "b");
    }

    @Test
    void singleUriMessageHasNoList() {
        down.add("a");
        assertThatThrownBy(() -> new ServerFailover(List.of("a")).connect(servers, ServerFailoverTest::who))
                .hasMessage("connection to a failed: timed out");
    }

    @Test
    void fatalFailureStopsAtOnce() {
        fatal.add("a");
        assertThatThrownBy(() -> new ServerFailover(List.of("a", "b")).connect(servers, ServerFailoverTest::who))
                .hasMessage("connection to a failed: bad credentials")
                .satisfies(e -> assertThat(((MqttConnectFailure) e).isFatal()).isTrue());
        assertThat(tried).containsExactly("a");
    }
}
