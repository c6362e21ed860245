package dev.iotstream.connect.mqtt.client;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.security.cert.CertificateException;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDK's hostname check failures, wrapped as Paho and the TLS handshake wrap them, are named as such. */
class TlsFailuresTest {
    private static Exception handshakeFailure(String certificateMessage) {
        CertificateException cause = new CertificateException(certificateMessage);
        SSLHandshakeException handshake = new SSLHandshakeException(certificateMessage);
        handshake.initCause(cause);
        return new Exception("MqttException", handshake);
    }

    @Test
    void hostnameMismatchesAreNamedWithTheSetting() {
        for (String message : new String[] {"No subject alternative names matching IP address 127.0.0.1 found",
                "No subject alternative DNS name matching localhost found.", "No subject alternative names present",
                "No name matching broker.example found"}) {
            assertThat(TlsFailures.hint(handshakeFailure(message), true)).as(message)
                    .contains("hostname verification failed").contains("mqtt.ssl.hostname.verification=false");
        }
    }

    @Test
    void otherCertificateFailuresAndUncheckedHostsGetNoHint() {
        assertThat(TlsFailures.hint(handshakeFailure("PKIX path building failed"), true)).isEmpty();
        assertThat(TlsFailures.hint(new SSLHandshakeException("No subject alternative names present"), true))
                .as("only the certificate check's own exception counts").isEmpty();
        assertThat(TlsFailures.hint(new Exception("connection refused"), true)).isEmpty();
        assertThat(TlsFailures.hint(handshakeFailure("No name matching x found"), false)).isEmpty();
    }
}
