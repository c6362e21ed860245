package dev.iotstream.connect.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The choice between the native binary and a container, with probes of our own interface. */
class ServerRuntimeTest {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private static final ServerImages.Choice LOCAL = new ServerImages.Choice("iotstream/mosquitto:local",
            "/usr/sbin/mosquitto", true);

    /** Records which probes were asked. */
    private static final class FakeProbes implements ServerRuntime.Probes {
        final List<String> asked = new ArrayList<>();
        final Path binary;
        final String docker;
        final ServerImages.Choice image;

        FakeProbes(Path binary, String docker, ServerImages.Choice image) {
            this.binary = binary;
            this.docker = docker;
            this.image = image;
        }

        @Override
        public Optional<Path> binary() {
            asked.add("binary");
            return Optional.ofNullable(binary);
        }

        @Override
        public String binaryMissing() {
            return "mosquitto not found on PATH";
        }

        @Override
        public String dockerProblem() {
            asked.add("docker");
            return docker;
        }

        @Override
        public ServerImages.Choice image() {
            asked.add("image");
            return image;
        }

        @Override
        public String imageUnavailable() {
            return "image iotstream/mosquitto:local is not built and no container registry reachable";
        }
    }

    @Test
    void autoRunsTheBinaryWithoutAskingDocker() {
        FakeProbes probes = new FakeProbes(BINARY, null, LOCAL);
        assertThat(ServerRuntime.decide(ServerRuntime.Mode.AUTO, "mosquitto", probes))
                .isEqualTo(new ServerRuntime.Native(BINARY));
        assertThat(probes.asked).containsExactly("binary");
    }

    @Test
    void autoFallsBackToAContainerWithoutTheBinary() {
        FakeProbes probes = new FakeProbes(null, null, LOCAL);
        assertThat(ServerRuntime.decide(ServerRuntime.Mode.AUTO, "mosquitto", probes))
                .isEqualTo(new ServerRuntime.Container(LOCAL));
    }

    @Test
    void autoWithNeitherNamesThePackageAndTheDockerProblem() {
        ServerRuntime.Target target = ServerRuntime.decide(ServerRuntime.Mode.AUTO, "mosquitto",
                new FakeProbes(null, "no Docker daemon reachable", LOCAL));
        assertThat(target).isInstanceOf(ServerRuntime.Missing.class);
        assertThat(((ServerRuntime.Missing) target).reason())
                .isEqualTo("mosquitto not found on PATH; nor can it run in a container: no Docker daemon reachable");
    }

    @Test
    void autoWithDockerButNoImageSaysWhy() {
        ServerRuntime.Target target = ServerRuntime.decide(ServerRuntime.Mode.AUTO, "mosquitto",
                new FakeProbes(null, null, null));
        assertThat(((ServerRuntime.Missing) target).reason()).endsWith("no container registry reachable");
    }

    @Test
    void containerModeIgnoresAnInstalledBinary() {
        FakeProbes probes = new FakeProbes(BINARY, null, LOCAL);
        assertThat(ServerRuntime.decide(ServerRuntime.Mode.CONTAINER, "mosquitto", probes))
                .isEqualTo(new ServerRuntime.Container(LOCAL));
        assertThat(probes.asked).doesNotContain("binary");
    }

    @Test
    void containerModeWithoutDockerIsMissingEvenWithTheBinary() {
        ServerRuntime.Target target = ServerRuntime.decide(ServerRuntime.Mode.CONTAINER, "mosquitto",
                new FakeProbes(BINARY, "no Docker daemon reachable", LOCAL));
        assertThat(((ServerRuntime.Missing) target).reason())
                .isEqualTo("mosquitto in a container (-Diotstream.servers=container): no Docker daemon reachable");
    }

    @Test
    void nativeModeNeverAsksDocker() {
        FakeProbes probes = new FakeProbes(null, null, LOCAL);
        ServerRuntime.Target target = ServerRuntime.decide(ServerRuntime.Mode.NATIVE, "mosquitto", probes);
        assertThat(((ServerRuntime.Missing) target).reason()).contains("-Diotstream.servers=native");
        assertThat(probes.asked).containsExactly("binary");
    }

    @Test
    void modeComesFromThePropertyAndRejectsUnknownValues() {
        String before = System.getProperty(ServerRuntime.MODE_PROPERTY);
        try {
            System.setProperty(ServerRuntime.MODE_PROPERTY, "Container");
            assertThat(ServerRuntime.mode()).isEqualTo(ServerRuntime.Mode.CONTAINER);
            System.setProperty(ServerRuntime.MODE_PROPERTY, "docker");
            org.assertj.core.api.Assertions.assertThatThrownBy(ServerRuntime::mode)
                    .hasMessageContaining("auto, native, container");
        } finally {
            if (before == null) {
                System.clearProperty(ServerRuntime.MODE_PROPERTY);
            } else {
                System.setProperty(ServerRuntime.MODE_PROPERTY, before);
            }
        }
    }
}
