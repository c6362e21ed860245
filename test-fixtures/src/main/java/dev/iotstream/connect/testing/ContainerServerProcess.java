package dev.iotstream.connect.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A server as a Testcontainers container that behaves like the child process: host networking (it binds the
 * 127.0.0.1 port the fixture chose; our Docker daemons have no bridge), the fixture's files mounted at the same
 * paths, run as the test's own user (so the fixture can read and delete what the server writes), its output
 * appended to the launch's log file. Readiness is the fixture's business, as for a process: Testcontainers only
 * creates and starts the container.
 */
final class ContainerServerProcess implements ServerProcess {
    private final GenericContainer<?> container;
    private final String image;
    private final OutputStream log;

    private ContainerServerProcess(GenericContainer<?> container, String image, OutputStream log) {
        this.container = container;
        this.image = image;
        this.log = log;
    }

    @SuppressWarnings("resource") // closed by stop()
    static ContainerServerProcess start(ServerImages.Choice image, Launch launch) {
        String user = fileOwner(launch.logFile().getParent());
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image.name()))
                .withNetworkMode("host")
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint(image.entrypoint()).withUser(user))
                .withCommand(launch.arguments().toArray(String[]::new))
                .withStartupCheckStrategy(new Started())
                .waitingFor(new NoWait());
        if (image.local()) {
            container.withImagePullPolicy(name -> false); // built by .ci/containers; there is no registry to ask
        }
        for (Path path : mounts(launch)) {
            container.withFileSystemBind(path.toString(), path.toString(), BindMode.READ_WRITE);
        }
        OutputStream log;
        try {
            log = new FileOutputStream(launch.logFile().toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            closeQuietly(log);
            throw e;
        }
        container.followOutput(frame -> {
            try {
                synchronized (log) {
                    log.write(frame.getBytes() == null ? new byte[0] : frame.getBytes());
                    log.flush();
                }
            } catch (IOException ignored) {
                // the log is for diagnosis only; a closed log at shutdown is fine
            }
        });
        return new ContainerServerProcess(container, image.name(), log);
    }

    private static void closeQuietly(OutputStream log) {
        try {
            log.close();
        } catch (IOException ignored) {
            // the log is for diagnosis only
        }
    }

    /** Each directory once: a file's parent directory, a directory itself; nested ones are covered by their parent. */
    private static Set<Path> mounts(Launch launch) {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(launch.logFile().toAbsolutePath().getParent());
        for (Path path : launch.paths()) {
            Path absolute = path.toAbsolutePath().normalize();
            dirs.add(Files.isDirectory(absolute) ? absolute : absolute.getParent());
        }
        Set<Path> outermost = new LinkedHashSet<>();
        for (Path dir : dirs) {
            if (dirs.stream().noneMatch(other -> !other.equals(dir) && dir.startsWith(other))) {
                outermost.add(dir);
            }
        }
        return outermost;
    }

    /** uid:gid of the test's own files, so that the server runs as the test's user and can use them. */
    private static String fileOwner(Path dir) {
        try {
            return Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "0:0";
        }
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    private InspectContainerResponse.ContainerState state() {
        return docker().inspectContainerCmd(container.getContainerId()).exec().getState();
    }

    @Override
    public boolean isAlive() {
        return Boolean.TRUE.equals(state().getRunning());
    }

    @Override
    public int exitValue() {
        Long code = state().getExitCodeLong();
        return code == null ? -1 : code.intValue();
    }

    @Override
    public long pid() {
        return state().getPidLong();
    }

    /** The cgroup freezer: like SIGSTOP for every process of the container, the kernel still accepts connections. */
    @Override
    public void freeze() {
        docker().pauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void thaw() {
        docker().unpauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void signal(String name) {
        docker().killContainerCmd(container.getContainerId()).withSignal(name).exec();
    }

    @Override
    public void stop(Duration grace) {
        try {
            if (Boolean.TRUE.equals(state().getPaused())) {
                thaw(); // a frozen server would not act on SIGTERM
            }
            if (isAlive()) {
                // docker stop: SIGTERM, SIGKILL after the grace; Testcontainers' own stop() kills at once
                docker().stopContainerCmd(container.getContainerId())
                        .withTimeout((int) Math.max(1, grace.toSeconds())).exec();
            }
        } finally {
            container.stop(); // removes it
            synchronized (log) {
                closeQuietly(log);
            }
        }
    }

    @Override
    public String description() {
        String id = container.getContainerId();
        return "container " + (id == null ? "?" : id.substring(0, Math.min(12, id.length()))) + " " + image;
    }

    /** Started means created and started: whether the server came up is checked by the fixture, with its log. */
    private static final class Started extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient dockerClient, String containerId) {
            return StartupStatus.SUCCESSFUL;
        }
    }

    private static final class NoWait extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            // the fixture waits for its port or health endpoint itself
        }
    }
}
