package dev.iotstream.connect.mqtt.client;

/** TLS material for the broker connection; empty strings mean "not set". */
public record TlsSettings(String truststoreLocation, char[] truststorePassword, String truststoreType,
                          String keystoreLocation, char[] keystorePassword, String keystoreType, char[] keyPassword,
                          String caFile, String certFile, String keyFile, boolean hostnameVerification,
                          String protocol) {

    public boolean customTrust() {
        return !truststoreLocation.isBlank() || !caFile.isBlank();
    }

    public boolean clientAuth() {
        return !keystoreLocation.isBlank() || !certFile.isBlank();
    }

    public boolean anySet() {
        return customTrust() || clientAuth() || !keyFile.isBlank();
    }
}
