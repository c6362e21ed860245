package dev.iotstream.connect.testing;

import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Which image a containerised server runs: the one built here from {@code src/docker/<server>/Dockerfile}
 * ({@code .ci/containers} builds them on a debootstrap base, no registry needed; the same Debian packages as the
 * native runs) when the daemon has it, else the official image when a registry answers, else none, with the reason.
 */
final class ServerImages {
    /** Set {@code -Diotstream.registry.url} to a mirror's {@code /v2/} endpoint if Docker Hub is not the one used. */
    static final String REGISTRY_PROPERTY = "iotstream.registry.url";
    private static final String DOCKER_HUB = "https://registry-1.docker.io/v2/";
    private static volatile String dockerProblem;
    private static volatile Boolean dockerChecked;
    private static volatile String registryProblem;
    private static volatile Boolean registryChecked;

    /**
     * @param local image built by .ci/containers from src/docker/{@code directory}
     * @param official the upstream image used where a registry is reachable
     */
    record Image(String directory, String local, String localEntrypoint, String official, String officialEntrypoint) {
    }

    /** The image to run and the binary inside it. */
    record Choice(String name, String entrypoint, boolean local) {
    }

    static final Image MOSQUITTO = new Image("mosquitto", "iotstream/mosquitto:local", "/usr/sbin/mosquitto",
            "eclipse-mosquitto:2", "/usr/sbin/mosquitto");
    static final Image VICTORIA_METRICS = new Image("victoria-metrics", "iotstream/victoria-metrics:local",
            "/usr/bin/victoria-metrics", "victoriametrics/victoria-metrics:v1.79.5", "/victoria-metrics-prod");
    static final Image NGINX = new Image("nginx", "iotstream/nginx:local", "/usr/sbin/nginx", "nginx:stable",
            "/usr/sbin/nginx");
    static final Image INFLUXDB1 = new Image("influxdb1", "iotstream/influxdb1:local", "/usr/bin/influxd",
            "influxdb:1.8", "/usr/bin/influxd");

    private ServerImages() {
    }

    /** Null when Docker answers; otherwise why not, for the skip or failure message. */
    static String dockerProblem() {
        if (dockerChecked == null) {
            synchronized (ServerImages.class) {
                if (dockerChecked == null) {
                    try {
                        if (!DockerClientFactory.instance().isDockerAvailable()) {
                            dockerProblem = "no Docker daemon reachable (DOCKER_HOST="
                                    + System.getenv("DOCKER_HOST") + ")";
                        }
                    } catch (RuntimeException | LinkageError e) {
                        dockerProblem = "no Docker daemon reachable: " + e;
                    }
                    dockerChecked = true;
                }
            }
        }
        return dockerProblem;
    }

    /** Null when a container registry answers within a few seconds; otherwise why not. */
    static String registryProblem() {
        if (registryChecked == null) {
            synchronized (ServerImages.class) {
                if (registryChecked == null) {
                    registryProblem = probeRegistry(System.getProperty(REGISTRY_PROPERTY, DOCKER_HUB));
                    registryChecked = true;
                }
            }
        }
        return registryProblem;
    }

    /** Any HTTP answer (Docker Hub answers 401 to anonymous {@code /v2/}) means reachable; short timeouts. */
    private static String probeRegistry(String url) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        try {
            http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return null;
        } catch (IOException e) {
            return "no container registry reachable (" + url + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()) + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no container registry reachable (interrupted)";
        }
    }

    /** Reason text when neither image can be run; requires a reachable daemon. */
    static String unavailable(Image image) {
        return "image " + image.local() + " is not built (.ci/containers --images builds it from src/docker/"
                + image.directory() + ") and " + registryProblem() + " for " + image.official();
    }

    /** The local image if the daemon has it, else the official one if a registry answers, else null. */
    static Choice choose(Image image) {
        if (hasLocal(image.local())) {
            return new Choice(image.local(), image.localEntrypoint(), true);
        }
        if (registryProblem() == null) {
            return new Choice(image.official(), image.officialEntrypoint(), false);
        }
        return null;
    }

    private static boolean hasLocal(String name) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
