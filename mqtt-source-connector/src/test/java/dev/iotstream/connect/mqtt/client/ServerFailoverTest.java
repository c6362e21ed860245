package dev.iotstream.connect.mqtt.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerFailoverTest {
    private final List<String> tried = new ArrayList<>();

    private ServerFailover.Attempt failingOn(Set<String> down, Set<String> fatal) {
        return uri -> {
            tried.add(uri);
            if (fatal.contains(uri)) {
                throw new MqttConnectFailure("bad credentials", true, null);
            }
            if (down.contains(uri)) {
                throw new MqttConnectFailure("timed out", false, new IllegalStateException(uri));
            }
        };
    }

    @Test
    void triesEachUriInOrderUntilOneConnects() throws Exception {
        ServerFailover.connectToFirst(List.of("a", "b", "c"), failingOn(Set.of("a"), Set.of()), t -> "to " + t);
        assertThat(tried).containsExactly("a", "b");
    }

    @Test
    void firstUriThatWorksIsTheOnlyOneTried() throws Exception {
        ServerFailover.connectToFirst(List.of("a", "b"), failingOn(Set.of(), Set.of()), t -> "to " + t);
        assertThat(tried).containsExactly("a");
    }

    @Test
    void allDownNamesEveryUriWithItsReason() {
        assertThatThrownBy(() -> ServerFailover.connectToFirst(List.of("a", "b"),
                failingOn(Set.of("a", "b"), Set.of()), t -> "connection to " + t))
                .isInstanceOf(MqttConnectFailure.class)
                .hasMessage("connection to [a, b] failed: a: timed out; b: timed out")
                .satisfies(e -> assertThat(((MqttConnectFailure) e).isFatal()).isFalse())
                .hasRootCauseMessage("b");
        assertThat(tried).containsExactly("a", "b");
    }

    @Test
    void singleUriMessageHasNoList() {
        assertThatThrownBy(() -> ServerFailover.connectToFirst(List.of("a"), failingOn(Set.of("a"), Set.of()),
                t -> "connection to " + t)).hasMessage("connection to a failed: timed out");
    }

    @Test
    void fatalFailureStopsAtOnce() {
        assertThatThrownBy(() -> ServerFailover.connectToFirst(List.of("a", "b"), failingOn(Set.of(), Set.of("a")),
                t -> "connection to " + t))
                .hasMessage("connection to a failed: bad credentials")
                .satisfies(e -> assertThat(((MqttConnectFailure) e).isFatal()).isTrue());
        assertThat(tried).containsExactly("a");
    }
}
