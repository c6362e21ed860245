package dev.iotstream.connect.testing;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerBinariesTest {
    private static final ServerBinaries VM = ServerBinaries.VICTORIA_METRICS;

    @TempDir
    Path tmp;
    private Path empty;
    private Path notExecutable;
    private Path installed;
    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> variables = new HashMap<>();

    @BeforeEach
    void directories() throws IOException {
        empty = Files.createDirectory(tmp.resolve("empty"));
        notExecutable = Files.createDirectory(tmp.resolve("not-executable"));
        Files.writeString(notExecutable.resolve("victoria-metrics"), "data");
        installed = Files.createDirectory(tmp.resolve("installed"));
        executable(installed.resolve("victoria-metrics"));
    }

    @Test
    void findsTheFirstExecutableOnPath() {
        path(empty, notExecutable, installed);
        assertThat(VM.find(environment())).contains(installed.resolve("victoria-metrics"));
        assertThat(VM.require(environment())).isEqualTo(installed.resolve("victoria-metrics"));
    }

    @Test
    void aDirectoryNamedLikeTheCommandIsNotTheBinary() throws IOException {
        Files.createDirectory(empty.resolve("victoria-metrics"));
        path(empty);
        assertThat(VM.find(environment())).isEmpty();
    }

    @Test
    void theSystemPropertyOverridesPathAndTheEnvironmentVariable() throws IOException {
        Path elsewhere = executable(tmp.resolve("vm-elsewhere"));
        Path viaVariable = executable(tmp.resolve("vm-variable"));
        path(installed);
        variables.put("IOTSTREAM_BIN_VICTORIA_METRICS", viaVariable.toString());
        assertThat(VM.find(environment())).contains(viaVariable);
        properties.put("iotstream.bin.victoria-metrics", elsewhere.toString());
        assertThat(VM.find(environment())).contains(elsewhere);
    }

    @Test
    void anOverrideToAMissingFileIsMissingEvenWhenPathHasOne() {
        path(installed);
        properties.put("iotstream.bin.victoria-metrics", tmp.resolve("nope").toString());
        assertThat(VM.find(environment())).isEmpty();
        assertThat(VM.missingReason(environment()))
                .contains("'" + tmp.resolve("nope") + "' (from -Diotstream.bin.victoria-metrics) is not an executable");
    }

    @Test
    void missingUnderCiFailsNamingThePackage() {
        path(empty, notExecutable);
        variables.put("IOTSTREAM_CI", "1");
        assertThatThrownBy(() -> VM.require(environment()))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("victoria-metrics not found on PATH=" + empty + File.pathSeparator)
                .hasMessageContaining("install the Debian package 'victoria-metrics'")
                .hasMessageContaining("-Diotstream.bin.victoria-metrics or $IOTSTREAM_BIN_VICTORIA_METRICS")
                .hasMessageContaining("IOTSTREAM_CI is set, so a missing server fails the test");
    }

    @Test
    void missingElsewhereAbortsWithTheSameReason() {
        path(empty);
        String reason = VM.missingReason(environment());
        assertThatThrownBy(() -> VM.require(environment()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith(reason)
                .hasMessageContaining("skipped");
        for (String off : new String[] {"", "0", "false", "FALSE"}) {
            variables.put("IOTSTREAM_CI", off);
            assertThatThrownBy(() -> VM.require(environment())).as(off).isInstanceOf(TestAbortedException.class);
        }
    }

    @Test
    void noPathAtAllIsMissing() {
        variables.put("IOTSTREAM_CI", "true");
        assertThatThrownBy(() -> VM.require(environment())).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("not found on PATH=null");
    }

    @Test
    void namesFollowTheCommand() {
        assertThat(ServerBinaries.MOSQUITTO.propertyName()).isEqualTo("iotstream.bin.mosquitto");
        assertThat(ServerBinaries.INFLUXD.environmentName()).isEqualTo("IOTSTREAM_BIN_INFLUXD");
        assertThat(ServerBinaries.INFLUXD.debianPackage()).isEqualTo("influxdb");
        assertThat(ServerBinaries.of("rabbitmq-server", "rabbitmq-server").environmentName())
                .isEqualTo("IOTSTREAM_BIN_RABBITMQ_SERVER");
    }

    @Test
    void aFixedLocationAheadOfPathWinsOverAWrapperOnPath() throws IOException {
        Path real = executable(Files.createDirectory(tmp.resolve("lib")).resolve("victoria-metrics"));
        ServerBinaries binary = ServerBinaries.withLocations("victoria-metrics", "victoria-metrics",
                List.of(tmp.resolve("absent").toString(), real.toString()), false);
        path(installed);
        assertThat(binary.find(environment())).contains(real);
        Files.delete(real);
        assertThat(binary.find(environment())).as("PATH still counts when the location is empty")
                .contains(installed.resolve("victoria-metrics"));
    }

    @Test
    void fallbackLocationsAfterPathAreUsedOnlyWhenPathHasNone() throws IOException {
        Path real = executable(Files.createDirectory(tmp.resolve("opt")).resolve("victoria-metrics"));
        ServerBinaries binary = ServerBinaries.withLocations("victoria-metrics", "victoria-metrics",
                List.of(real.toString()), true);
        path(installed);
        assertThat(binary.find(environment())).contains(installed.resolve("victoria-metrics"));
        path(empty);
        assertThat(binary.find(environment())).contains(real);
    }

    @Test
    void anOverrideBeatsTheFixedLocationsAndTheReasonNamesThem() throws IOException {
        Path real = executable(Files.createDirectory(tmp.resolve("lib")).resolve("victoria-metrics"));
        Path elsewhere = executable(tmp.resolve("vm-elsewhere"));
        ServerBinaries binary = ServerBinaries.withLocations("victoria-metrics", "victoria-metrics",
                List.of(real.toString()), false);
        properties.put("iotstream.bin.victoria-metrics", elsewhere.toString());
        assertThat(binary.find(environment())).contains(elsewhere);
        properties.clear();
        Files.delete(real);
        path(empty);
        variables.put("IOTSTREAM_CI", "1");
        assertThatThrownBy(() -> binary.require(environment())).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("not found on PATH=" + empty + File.pathSeparator + " nor at " + real);
    }

    @Test
    void rabbitMqIsLookedForWhereDebianPutsTheRealScript() {
        assertThat(ServerBinaries.RABBITMQ_SERVER.missingReason(environment()))
                .contains("nor at /usr/lib/rabbitmq/bin/rabbitmq-server")
                .contains("apt-get install -y rabbitmq-server");
    }

    @Test
    void allFoundNeedsEveryBinaryOnTheRealPath() {
        ServerBinaries shell = ServerBinaries.of("sh", "dash");
        assertThat(ServerBinaries.allFound(shell)).isTrue();
        assertThat(ServerBinaries.allFound(shell, ServerBinaries.of("no-such-server-binary", "none"))).isFalse();
    }

    private ServerBinaries.Environment environment() {
        return new ServerBinaries.Environment(properties::get, variables);
    }

    private void path(Path... dirs) {
        StringBuilder path = new StringBuilder();
        for (Path dir : dirs) {
            path.append(dir).append(File.pathSeparator);
        }
        variables.put("PATH", path.toString());
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
