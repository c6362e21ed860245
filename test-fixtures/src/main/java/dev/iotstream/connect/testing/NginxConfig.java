package dev.iotstream.connect.testing;

import java.nio.file.Path;

/**
 * Renders the {@code nginx.conf} of {@link NginxProxy}: pure text from settings, no files or processes, so the
 * rendering of each mode can be checked without nginx. All paths nginx writes (pid, logs, temp dirs) are below
 * {@code dir}.
 *
 * @param dir               the proxy's own temp dir
 * @param port              the 127.0.0.1 port nginx listens on
 * @param upstreamUrl       where requests are forwarded to when not answered by nginx itself
 * @param clientMaxBodySize nginx answers 413 to request bodies above this size, e.g. {@code 8k}
 * @param tls               HTTPS settings, or null for plain HTTP
 * @param runAsRoot         whether nginx is started by root (workers must then stay root, see {@link #render})
 */
record NginxConfig(Path dir, int port, String upstreamUrl, String clientMaxBodySize, Tls tls, boolean runAsRoot) {

    /** Server certificate, key and the CA that client certificates must be signed by. */
    record Tls(Path serverCertPem, Path serverKeyPem, Path caPem, boolean requireClientCertificate) {
        static Tls of(TestCertificates certs, boolean requireClientCertificate) {
            return new Tls(certs.serverCertPem().toAbsolutePath(), certs.serverKeyPem().toAbsolutePath(),
                    certs.caPem().toAbsolutePath(), requireClientCertificate);
        }
    }

    /**
     * What nginx does with a proxied request: answer it itself with {@code status} (when > 0, with a Retry-After
     * header unless {@code retryAfterSeconds} is negative), or forward it, held by the rate limiter if
     * {@code delay}.
     */
    record Mode(int status, int retryAfterSeconds, boolean delay) {
        static final Mode PASS_THROUGH = new Mode(0, -1, false);
        static final Mode DELAYED = new Mode(0, -1, true);

        static Mode respondWith(int status, int retryAfterSeconds) {
            return new Mode(status, retryAfterSeconds, false);
        }
    }

    /** @param generation served at {@code /__generation}, so the fixture sees when a reload took effect */
    String render(int generation, Mode mode) {
        String d = dir.toAbsolutePath().toString();
        StringBuilder c = new StringBuilder();
        c.append("daemon off;\nmaster_process on;\nworker_processes 1;\n");
        // As root nginx would switch its workers to 'nobody', which cannot read the test's temp files.
        if (runAsRoot) {
            c.append("user root;\n");
        }
        c.append("pid ").append(d).append("/nginx.pid;\n");
        c.append("error_log ").append(d).append("/error.log info;\n");
        c.append("events { worker_connections 256; }\n");
        c.append("http {\n");
        c.append("  log_format timed '$msec $status $request_method $uri $content_length $sent_http_retry_after $http_transfer_encoding $http_content_encoding';\n");
        c.append("  access_log ").append(d).append("/access.log timed;\n");
        for (String temp : new String[] {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
            c.append("  ").append(temp).append("_temp_path ").append(d).append("/tmp-").append(temp).append(";\n");
        }
        c.append("  client_max_body_size ").append(clientMaxBodySize).append(";\n");
        // Always declared, so that reloads keep the zone (and its state) whichever mode they switch to. Every client
        // is 127.0.0.1, so this is one bucket (an empty key such as the unset $server_name would not be limited).
        c.append("  limit_req_zone $binary_remote_addr zone=slow:1m rate=1r/m;\n");
        c.append("  server {\n");
        c.append("    listen 127.0.0.1:").append(port).append(tls != null ? " ssl" : "").append(";\n");
        if (tls != null) {
            c.append("    ssl_certificate ").append(tls.serverCertPem()).append(";\n");
            c.append("    ssl_certificate_key ").append(tls.serverKeyPem()).append(";\n");
            c.append("    ssl_client_certificate ").append(tls.caPem()).append(";\n");
            c.append("    ssl_verify_client ").append(tls.requireClientCertificate() ? "on" : "optional")
                    .append(";\n");
        }
        // Lets the fixture see which config generation serves, so reloads are synchronous for tests.
        c.append("    location = /__generation { access_log off; default_type text/plain; return 200 '")
                .append(generation).append("'; }\n");
        c.append("    location / {\n");
        if (mode.status() > 0) {
            if (mode.retryAfterSeconds() >= 0) {
                c.append("      add_header Retry-After ").append(mode.retryAfterSeconds()).append(" always;\n");
            }
            c.append("      return ").append(mode.status()).append(";\n");
        } else {
            if (mode.delay()) {
                c.append("      limit_req zone=slow burst=100;\n");
            }
            c.append("      proxy_pass ").append(upstreamUrl).append(";\n");
            c.append("      proxy_http_version 1.1;\n");
            c.append("      proxy_set_header Connection \"\";\n");
        }
        c.append("    }\n  }\n}\n");
        return c.toString();
    }
}
