package dev.iotstream.connect.timeseries.write;

import java.time.Duration;

/** Where and how to write: the store's URL, credentials, destination, precision and HTTP behaviour. */
public record TargetSettings(String url, String token, String org, String bucket, String precision, boolean gzip,
                             Duration connectTimeout, Duration requestTimeout, TlsSettings tls) {
}
