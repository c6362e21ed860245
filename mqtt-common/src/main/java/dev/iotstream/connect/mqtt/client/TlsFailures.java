package dev.iotstream.connect.mqtt.client;

import java.security.cert.CertificateException;

/**
 * Names the cause of a TLS handshake failure where the JDK's words do not. A failed hostname check surfaces as
 * "No subject alternative names matching IP address 127.0.0.1 found", which reads like a broken certificate and
 * names neither the check nor the setting that controls it.
 */
final class TlsFailures {
    private TlsFailures() {
    }

    /**
     * @param failure             what the connection attempt threw
     * @param hostnameVerification whether the attempt checked the broker's host name (otherwise no failure is one)
     * @return text to append to the failure's description, or "" when it was not the hostname check
     */
    static String hint(Throwable failure, boolean hostnameVerification) {
        if (!hostnameVerification) {
            return "";
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateException && isHostnameMismatch(t.getMessage())) {
                return "; hostname verification failed: the broker's certificate does not name the host in the"
                        + " server URI. Connect to a host name that the certificate names, add the host to the"
                        + " certificate's subject alternative names, or (test brokers only) set "
                        + "mqtt.ssl.hostname.verification=false";
            }
        }
        return "";
    }

    /** The JDK's HostnameChecker messages (sun.security.util.HostnameChecker, unchanged since Java 7). */
    private static boolean isHostnameMismatch(String message) {
        return message != null
                && (message.startsWith("No subject alternative") || message.startsWith("No name matching"));
    }
}
