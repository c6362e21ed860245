package dev.iotstream.connect.timeseries.write;

/** Truststore and optional client keystore for https targets; empty locations mean JVM defaults / no client cert. */
public record TlsSettings(String truststoreLocation, String truststorePassword, String truststoreType,
                          String keystoreLocation, String keystorePassword, String keystoreType) {
    public boolean customised() {
        return !truststoreLocation.isEmpty() || !keystoreLocation.isEmpty();
    }
}
