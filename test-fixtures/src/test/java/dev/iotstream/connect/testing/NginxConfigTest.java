package dev.iotstream.connect.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The rendering of each mode of {@link NginxProxy}'s config, without nginx (FixturesSmokeIT runs the real one). */
class NginxConfigTest {
    private static final Path DIR = Path.of("/tmp/nginx-test");
    private static final NginxConfig PLAIN =
            new NginxConfig(DIR, 18080, "http://127.0.0.1:8428", "64m", null, false);

    @Test
    void passThroughForwardsToTheUpstreamWithoutRateLimit() {
        String conf = PLAIN.render(1, NginxConfig.Mode.PASS_THROUGH);
        assertThat(conf)
                .contains("    listen 127.0.0.1:18080;\n")
                .contains("  client_max_body_size 64m;\n")
                .contains("      proxy_pass http://127.0.0.1:8428;\n")
                .contains("      proxy_http_version 1.1;\n")
                .contains("return 200 '1'; }")
                .doesNotContain("limit_req zone=slow")
                .doesNotContain("Retry-After")
                .doesNotContain("ssl")
                .doesNotContain("user root;");
        // the zone is declared in every mode, so that a reload keeps its state
        assertThat(conf).contains("  limit_req_zone $binary_remote_addr zone=slow:1m rate=1r/m;\n");
    }

    @Test
    void everythingNginxWritesIsBelowItsDir() {
        String conf = PLAIN.render(1, NginxConfig.Mode.PASS_THROUGH);
        assertThat(conf)
                .contains("pid /tmp/nginx-test/nginx.pid;\n")
                .contains("error_log /tmp/nginx-test/error.log info;\n")
                .contains("  access_log /tmp/nginx-test/access.log timed;\n")
                // NginxProxy.requests() reads these fields by position
                .contains("  log_format timed '$msec $status $request_method $uri $content_length"
                        + " $sent_http_retry_after $http_transfer_encoding $http_content_encoding';\n")
                .contains("  client_body_temp_path /tmp/nginx-test/tmp-client_body;\n")
                .contains("  scgi_temp_path /tmp/nginx-test/tmp-scgi;\n");
    }

    @Test
    void fixedStatusAnswersWithoutUpstreamAndWithRetryAfterUnlessNegative() {
        String withRetryAfter = PLAIN.render(3, NginxConfig.Mode.respondWith(429, 7));
        assertThat(withRetryAfter)
                .contains("      add_header Retry-After 7 always;\n      return 429;\n")
                .contains("return 200 '3'; }")
                .doesNotContain("proxy_pass");
        String without = PLAIN.render(4, NginxConfig.Mode.respondWith(503, -1));
        assertThat(without).contains("      return 503;\n").doesNotContain("Retry-After").doesNotContain("proxy_pass");
        assertThat(PLAIN.render(5, NginxConfig.Mode.respondWith(429, 0))).contains("add_header Retry-After 0 always;");
    }

    @Test
    void delayedForwardsThroughTheRateLimiter() {
        assertThat(PLAIN.render(2, NginxConfig.Mode.DELAYED))
                .contains("      limit_req zone=slow burst=100;\n      proxy_pass http://127.0.0.1:8428;\n");
    }

    @Test
    void bodyLimitAndRootUser() {
        String conf = new NginxConfig(DIR, 1, "http://u", "8k", null, true).render(1, NginxConfig.Mode.PASS_THROUGH);
        assertThat(conf).contains("  client_max_body_size 8k;\n").startsWith(
                "daemon off;\nmaster_process on;\nworker_processes 1;\nuser root;\n");
    }

    @Test
    void tlsWithRequiredOrOptionalClientCertificate() {
        NginxConfig.Tls tls = new NginxConfig.Tls(Path.of("/c/server.pem"), Path.of("/c/server.key"),
                Path.of("/c/ca.pem"), true);
        String required = new NginxConfig(DIR, 8443, "http://u", "64m", tls, false)
                .render(1, NginxConfig.Mode.PASS_THROUGH);
        assertThat(required)
                .contains("    listen 127.0.0.1:8443 ssl;\n")
                .contains("    ssl_certificate /c/server.pem;\n")
                .contains("    ssl_certificate_key /c/server.key;\n")
                .contains("    ssl_client_certificate /c/ca.pem;\n")
                .contains("    ssl_verify_client on;\n");
        NginxConfig.Tls optional = new NginxConfig.Tls(tls.serverCertPem(), tls.serverKeyPem(), tls.caPem(), false);
        assertThat(new NginxConfig(DIR, 8443, "http://u", "64m", optional, false).render(1,
                NginxConfig.Mode.PASS_THROUGH)).contains("    ssl_verify_client optional;\n");
    }
}
