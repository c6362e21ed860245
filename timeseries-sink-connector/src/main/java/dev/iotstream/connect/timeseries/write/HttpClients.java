package dev.iotstream.connect.timeseries.write;

import okhttp3.OkHttpClient;
import org.apache.kafka.common.config.ConfigException;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;

/** One place that builds the HTTP client for writes and for the target check, so both see the same TLS. */
public final class HttpClients {
    private HttpClients() {
    }

    public static OkHttpClient.Builder builder(Duration connectTimeout, Duration requestTimeout, TlsSettings tls) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(requestTimeout)
                .writeTimeout(requestTimeout)
                // Retries are ours (backoff, ordering, deadline); OkHttp's silent ones would hide outages.
                .retryOnConnectionFailure(false);
        if (tls != null && tls.customised()) {
            applyTls(builder, tls);
        }
        return builder;
    }

    private static void applyTls(OkHttpClient.Builder builder, TlsSettings tls) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(tls.truststoreLocation().isEmpty() ? null
                    : load(tls.truststoreLocation(), tls.truststorePassword(), tls.truststoreType()));
            KeyManager[] keyManagers = null;
            if (!tls.keystoreLocation().isEmpty()) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(tls.keystoreLocation(), tls.keystorePassword(), tls.keystoreType()),
                        tls.keystorePassword().toCharArray());
                keyManagers = kmf.getKeyManagers();
            }
            X509TrustManager trustManager = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    trustManager = x;
                }
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, new TrustManager[]{trustManager}, null);
            builder.sslSocketFactory(context.getSocketFactory(), trustManager);
        } catch (Exception e) {
            throw new ConfigException("cannot set up TLS from influx.ssl.* settings: " + e.getMessage());
        }
    }

    private static KeyStore load(String location, String password, String type) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password.isEmpty() ? null : password.toCharArray());
        }
        return store;
    }
}
