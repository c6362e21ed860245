package dev.iotstream.connect.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away CA with a server certificate (for 127.0.0.1 and localhost) and a client certificate, generated with
 * BouncyCastle and written to a temp directory as PEM (CA, certificates, unencrypted PKCS#8 keys) and as PKCS12 and
 * JKS stores (password {@link #PASSWORD}). Also a second, unrelated CA ({@link #otherCaPem()}) for negative tests,
 * and on request server certificates from the test CA for other host names ({@link #serverCertificateFor}).
 */
public final class TestCertificates implements AutoCloseable {
    public static final String PASSWORD = "changeit";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final KeyPair caKeys; // signs the certificates made on request

    private TestCertificates(Path dir, KeyPair caKeys) {
        this.dir = dir;
        this.caKeys = caKeys;
    }

    /** A server certificate (PEM) and its unencrypted PKCS#8 key (PEM). */
    public record ServerPem(Path certificate, Path key) {
    }

    public static TestCertificates generate() {
        Path dir = TempDirs.create("certs");
        try {
            KeyPair caKeys = rsa();
            X509Certificate ca = sign(new X500Name("CN=iotstream test CA"), caKeys, new X500Name("CN=iotstream test CA"),
                    caKeys, true, null, null);
            KeyPair serverKeys = rsa();
            X509Certificate server = sign(new X500Name("CN=127.0.0.1"), serverKeys,
                    new X500Name("CN=iotstream test CA"), caKeys, false, KeyPurposeId.id_kp_serverAuth,
                    new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.dNSName, "localhost")}));
            KeyPair clientKeys = rsa();
            X509Certificate client = sign(new X500Name("CN=iotstream-client"), clientKeys,
                    new X500Name("CN=iotstream test CA"), caKeys, false, KeyPurposeId.id_kp_clientAuth, null);
            KeyPair otherKeys = rsa();
            X509Certificate other = sign(new X500Name("CN=other CA"), otherKeys, new X500Name("CN=other CA"),
                    otherKeys, true, null, null);

            pem(dir.resolve("ca.pem"), "CERTIFICATE", ca.getEncoded());
            pem(dir.resolve("other-ca.pem"), "CERTIFICATE", other.getEncoded());
            pem(dir.resolve("server.pem"), "CERTIFICATE", server.getEncoded());
            pem(dir.resolve("server.key"), "PRIVATE KEY", serverKeys.getPrivate().getEncoded());
            pem(dir.resolve("client.pem"), "CERTIFICATE", client.getEncoded());
            pem(dir.resolve("client.key"), "PRIVATE KEY", clientKeys.getPrivate().getEncoded());
            for (String type : new String[] {"PKCS12", "JKS"}) {
                String ext = type.equals("JKS") ? "jks" : "p12";
                KeyStore trust = KeyStore.getInstance(type);
                trust.load(null, null);
                trust.setCertificateEntry("ca", ca);
                store(trust, dir.resolve("truststore." + ext));
                KeyStore keys = KeyStore.getInstance(type);
                keys.load(null, null);
                keys.setKeyEntry("client", clientKeys.getPrivate(), PASSWORD.toCharArray(),
                        new Certificate[] {client, ca});
                store(keys, dir.resolve("client-keystore." + ext));
                KeyStore serverStore = KeyStore.getInstance(type);
                serverStore.load(null, null);
                serverStore.setKeyEntry("server", serverKeys.getPrivate(), PASSWORD.toCharArray(),
                        new Certificate[] {server, ca});
                store(serverStore, dir.resolve("server-keystore." + ext));
            }
            return new TestCertificates(dir, caKeys);
        } catch (Exception e) {
            TempDirs.deleteRecursively(dir);
            throw new IllegalStateException("cannot generate test certificates", e);
        }
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public Path otherCaPem() {
        return dir.resolve("other-ca.pem");
    }

    public Path serverCertPem() {
        return dir.resolve("server.pem");
    }

    public Path serverKeyPem() {
        return dir.resolve("server.key");
    }

    public Path clientCertPem() {
        return dir.resolve("client.pem");
    }

    public Path clientKeyPem() {
        return dir.resolve("client.key");
    }

    /**
     * A server certificate signed by the test CA (so trusted like {@link #serverCertPem()}) that names only
     * {@code dnsName}, in its subject alternative names and its CN: a broker or store using it fails hostname
     * verification when clients connect to 127.0.0.1 or localhost. Generated on each call.
     */
    public ServerPem serverCertificateFor(String dnsName) {
        try {
            KeyPair keys = rsa();
            X509Certificate cert = sign(new X500Name("CN=" + dnsName), keys, new X500Name("CN=iotstream test CA"),
                    caKeys, false, KeyPurposeId.id_kp_serverAuth,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            String serial = cert.getSerialNumber().toString();
            ServerPem pem = new ServerPem(dir.resolve("server-" + serial + ".pem"),
                    dir.resolve("server-" + serial + ".key"));
            pem(pem.certificate(), "CERTIFICATE", cert.getEncoded());
            pem(pem.key(), "PRIVATE KEY", keys.getPrivate().getEncoded());
            return pem;
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a server certificate for " + dnsName, e);
        }
    }

    /** @param type PKCS12 or JKS */
    public Path truststore(String type) {
        return dir.resolve("truststore." + (type.equalsIgnoreCase("JKS") ? "jks" : "p12"));
    }

    /** @param type PKCS12 or JKS; holds the client key and certificate chain under alias "client" */
    public Path clientKeystore(String type) {
        return dir.resolve("client-keystore." + (type.equalsIgnoreCase("JKS") ? "jks" : "p12"));
    }

    /** @param type PKCS12 or JKS; holds the broker's key and certificate chain (127.0.0.1) under alias "server" */
    public Path serverKeystore(String type) {
        return dir.resolve("server-keystore." + (type.equalsIgnoreCase("JKS") ? "jks" : "p12"));
    }

    /** A client-side SSL context that trusts the test CA, for fixtures that talk to their own TLS servers. */
    public SSLContext clientTrustingCa() {
        try (InputStream in = Files.newInputStream(truststore("PKCS12"))) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(in, PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build an SSL context from the test CA", e);
        }
    }

    /** Like {@link #clientTrustingCa()}, also presenting the client certificate (servers that require one). */
    public SSLContext clientWithCertificate() {
        try (InputStream trustIn = Files.newInputStream(truststore("PKCS12"));
             InputStream keyIn = Files.newInputStream(clientKeystore("PKCS12"))) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(trustIn, PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(keyIn, PASSWORD.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a client SSL context with the test client certificate", e);
        }
    }

    @Override
    public void close() {
        TempDirs.deleteRecursively(dir);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                        boolean isCa, KeyPurposeId purpose, GeneralNames altNames) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (isCa) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (altNames != null) {
            b.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }

    private static void pem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }

    private static void store(KeyStore ks, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
