package dev.iotstream.connect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Mosquitto on a free 127.0.0.1 port with a generated config, as a child process or a container
 * ({@link ServerRuntime#MOSQUITTO}: the binary on PATH or {@code -Diotstream.bin.mosquitto}, else a container); where
 * neither can run, starting a broker fails the test under CI and skips it elsewhere. {@code .ci/run} installs it.
 * The broker log goes to {@code <dir>/mosquitto.log} ({@code log_dest stderr}, redirected) for diagnosis.
 */
public final class MosquittoBroker implements AutoCloseable {
    private final int port;
    private final Builder settings;
    private final Path dir;
    private ServerProcess process;
    private boolean frozen;

    private MosquittoBroker(Builder settings) {
        ServerRuntime.MOSQUITTO.require(); // before any temp dir: a skip leaves nothing behind
        this.settings = settings;
        this.port = FreePorts.next();
        this.dir = TempDirs.create("mosquitto");
        writeConfig();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Plain TCP, anonymous access, default limits. */
    public static MosquittoBroker start() {
        return builder().start();
    }

    public static final class Builder {
        private Path caFile;
        private Path certFile;
        private Path keyFile;
        private boolean requireCertificate;
        private final Map<String, String> users = new LinkedHashMap<>();
        private int maxInflight = -1;
        private int maxQueued = -1;
        private boolean persistence;
        private String aclFile;
        private final StringBuilder extra = new StringBuilder();

        /** TLS listener with the server certificate and key (PEM); clients must present a certificate if required. */
        public Builder tls(Path caFile, Path certFile, Path keyFile, boolean requireCertificate) {
            this.caFile = caFile;
            this.certFile = certFile;
            this.keyFile = keyFile;
            this.requireCertificate = requireCertificate;
            return this;
        }

        /** Turns off anonymous access; only these users may connect. */
        public Builder user(String name, String password) {
            users.put(name, password);
            return this;
        }

        /** Raises max_inflight_messages and max_queued_messages (Mosquitto defaults 20 and 1000) for throughput work. */
        public Builder limits(int maxInflightMessages, int maxQueuedMessages) {
            this.maxInflight = maxInflightMessages;
            this.maxQueued = maxQueuedMessages;
            return this;
        }

        /** Keeps sessions and queued messages on disk across {@link #restart()}. */
        public Builder persistence(boolean persistence) {
            this.persistence = persistence;
            return this;
        }

        /** An ACL file with these lines (e.g. "topic write ok/#"); everything it does not grant is denied. */
        public Builder acl(String... lines) {
            this.aclFile = String.join("\n", lines) + "\n";
            return this;
        }

        /** A raw mosquitto.conf line (e.g. "message_size_limit 100"), for broker behaviour a test provokes. */
        public Builder option(String line) {
            extra.append(line).append('\n');
            return this;
        }

        public MosquittoBroker start() {
            MosquittoBroker broker = new MosquittoBroker(this);
            broker.startProcess();
            return broker;
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return (settings.certFile != null ? "ssl" : "tcp") + "://127.0.0.1:" + port;
    }

    public Path logFile() {
        return dir.resolve("mosquitto.log");
    }

    public String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile()) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * Freezes the broker (SIGSTOP; the cgroup freezer for a container): a hung broker. The kernel still completes TCP
     * handshakes into the listen backlog, but nothing answers CONNECT, PINGREQ or anything else until {@link #thaw()}.
     */
    public void freeze() {
        running().freeze();
        frozen = true;
    }

    /** Lets a frozen broker run again (SIGCONT). */
    public void thaw() {
        running().thaw();
        frozen = false;
    }

    private ServerProcess running() {
        if (process == null) {
            throw new IllegalStateException("mosquitto is not running");
        }
        return process;
    }

    public void stop() {
        if (frozen && process != null) {
            thaw(); // a stopped process would not act on SIGTERM
        }
        // SIGTERM first: mosquitto writes its persistence file on the way out
        if (process != null) {
            process.stop(Duration.ofSeconds(10));
        }
        process = null;
    }

    public void restart() {
        stop();
        startProcess();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private void startProcess() {
        List<Path> files = new ArrayList<>(List.of(dir));
        if (settings.certFile != null) {
            files.addAll(List.of(settings.caFile, settings.certFile, settings.keyFile));
        }
        process = ServerRuntime.MOSQUITTO.start(new ServerProcess.Launch(
                List.of("-c", dir.resolve("mosquitto.conf").toString()), logFile(), files));
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto (" + process.description() + ") exited with "
                        + process.exitValue() + ": " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("mosquitto did not listen on 127.0.0.1:" + port + ": " + log());
    }

    private void writeConfig() {
        StringBuilder c = new StringBuilder();
        c.append("per_listener_settings false\n");
        c.append("user root\n"); // do not drop to user 'mosquitto': it could not read the test's temp files
        c.append("log_dest stderr\n");
        c.append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
        c.append("listener ").append(port).append(" 127.0.0.1\n");
        if (settings.certFile != null) {
            c.append("cafile ").append(settings.caFile.toAbsolutePath()).append('\n');
            c.append("certfile ").append(settings.certFile.toAbsolutePath()).append('\n');
            c.append("keyfile ").append(settings.keyFile.toAbsolutePath()).append('\n');
            c.append("require_certificate ").append(settings.requireCertificate).append('\n');
        }
        if (settings.users.isEmpty()) {
            c.append("allow_anonymous true\n");
        } else {
            c.append("allow_anonymous false\n");
            c.append("password_file ").append(dir.resolve("passwd")).append('\n');
            writePasswords();
        }
        if (settings.maxInflight > 0) {
            c.append("max_inflight_messages ").append(settings.maxInflight).append('\n');
        }
        if (settings.maxQueued > 0) {
            c.append("max_queued_messages ").append(settings.maxQueued).append('\n');
        }
        if (settings.persistence) {
            c.append("persistence true\n");
            c.append("persistence_location ").append(dir.toAbsolutePath()).append("/\n");
            c.append("autosave_interval 1\n");
        } else {
            c.append("persistence false\n");
        }
        try {
            if (settings.aclFile != null) {
                Files.writeString(dir.resolve("acl"), settings.aclFile);
                c.append("acl_file ").append(dir.resolve("acl").toAbsolutePath()).append('\n');
            }
            c.append(settings.extra);
            Files.writeString(dir.resolve("mosquitto.conf"), c.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mosquitto 2 password file lines: user:$7$iterations$salt$hash (PBKDF2-HMAC-SHA512, base64). */
    private void writePasswords() {
        StringBuilder out = new StringBuilder();
        SecureRandom random = new SecureRandom();
        try {
            for (Map.Entry<String, String> u : settings.users.entrySet()) {
                byte[] salt = new byte[12];
                random.nextBytes(salt);
                int iterations = 101;
                byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                        .generateSecret(new PBEKeySpec(u.getValue().toCharArray(), salt, iterations, 512)).getEncoded();
                out.append(u.getKey()).append(":$7$").append(iterations).append('$')
                        .append(Base64.getEncoder().encodeToString(salt)).append('$')
                        .append(Base64.getEncoder().encodeToString(hash)).append('\n');
            }
            Files.writeString(dir.resolve("passwd"), out.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot hash mosquitto passwords", e);
        }
    }
}
