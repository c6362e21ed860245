package dev.iotstream.connect.mqtt.client;

import org.apache.kafka.common.config.ConfigException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

/** Builds the SSLSocketFactory for the broker connection from keystores or PEM files. */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** @return a socket factory, or null when no custom TLS material is configured (JVM defaults apply) */
    public static SSLSocketFactory socketFactory(TlsSettings tls) {
        if (!tls.anySet()) {
            return null;
        }
        try {
            TrustManagerFactory tmf = null;
            if (tls.customTrust()) {
                KeyStore trust = !tls.truststoreLocation().isBlank()
                        ? load(tls.truststoreLocation(), tls.truststoreType(), tls.truststorePassword())
                        : pemTrust(tls.caFile());
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (tls.clientAuth()) {
                char[] keyPassword;
                KeyStore keys;
                if (!tls.keystoreLocation().isBlank()) {
                    keys = load(tls.keystoreLocation(), tls.keystoreType(), tls.keystorePassword());
                    keyPassword = tls.keyPassword() != null ? tls.keyPassword()
                            : tls.keystorePassword() != null ? tls.keystorePassword() : new char[0];
                } else {
                    keyPassword = "pem".toCharArray();
                    keys = pemKeys(tls.certFile(), tls.keyFile(), keyPassword);
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, keyPassword);
            }
            SSLContext context = SSLContext.getInstance(tls.protocol());
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (Exception e) {
            throw new ConfigException("Cannot set up TLS for the MQTT connection: " + e.getMessage());
        }
    }

    private static KeyStore load(String location, String type, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            ks.load(in, password);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new GeneralSecurityException(type + " store " + location + " does not exist");
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot read " + type + " store " + location
                    + " (wrong type or password?): " + e.getMessage(), e);
        }
        return ks;
    }

    private static KeyStore pemTrust(String caFile) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (Certificate c : certificates(caFile)) {
            ks.setCertificateEntry("ca-" + i++, c);
        }
        if (i == 0) {
            throw new GeneralSecurityException("no certificate in " + caFile);
        }
        return ks;
    }

    private static KeyStore pemKeys(String certFile, String keyFile, char[] password) throws Exception {
        Collection<? extends Certificate> chain = certificates(certFile);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + certFile);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", privateKey(keyFile), password, chain.toArray(new Certificate[0]));
        return ks;
    }

    private static Collection<? extends Certificate> certificates(String file) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new GeneralSecurityException("PEM file " + file + " does not exist");
        }
    }

    private static PrivateKey privateKey(String file) throws Exception {
        String pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")
                || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new GeneralSecurityException(file + " holds a PKCS#1/SEC1 or encrypted key; convert it to an"
                    + " unencrypted PKCS#8 key (openssl pkcs8 -topk8 -nocrypt) or use a keystore");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException("no '-----BEGIN PRIVATE KEY-----' block in " + file);
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("the key in " + file + " is not an RSA, EC or Ed25519 PKCS#8 key");
    }
}
