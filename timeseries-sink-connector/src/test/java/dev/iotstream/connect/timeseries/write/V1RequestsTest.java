package dev.iotstream.connect.timeseries.write;

import okhttp3.HttpUrl;
import okio.Buffer;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class V1RequestsTest {
    private static final HttpUrl BASE = HttpUrl.get("http://store:8086/prefix");

    @Test
    void writeUrlCarriesDatabaseRetentionPolicyAndAPrecisionInfluxDb1Knows() {
        V1Settings v1 = new V1Settings("my db", "one week", "", "", false);
        assertThat(V1Requests.writeUrl(BASE, v1, "us").toString())
                .isEqualTo("http://store:8086/prefix/write?db=my%20db&rp=one%20week&precision=u");
        V1Settings noRp = new V1Settings("d", "", "", "", false);
        // ns is every v1 API's default, and they name it differently: no parameter
        assertThat(V1Requests.writeUrl(BASE, noRp, "ns").queryParameterNames()).containsExactly("db");
        assertThat(V1Requests.writeUrl(BASE, noRp, "ms").queryParameter("precision")).isEqualTo("ms");
        assertThat(V1Requests.precision("ns")).isEqualTo("ns");
        assertThat(V1Requests.precision("ms")).isEqualTo("ms");
        assertThat(V1Requests.precision("s")).isEqualTo("s");
        assertThat(V1Requests.precision("us")).isEqualTo("u");
    }

    @Test
    void credentialsGoInABasicHeaderNeverInTheUrl() {
        V1Settings v1 = new V1Settings("d", "", "writer", "pä:ss", false);
        var request = V1Requests.authenticated(new okhttp3.Request.Builder().url(V1Requests.writeUrl(BASE, v1, "ns")),
                v1).build();
        assertThat(request.url().toString()).doesNotContain("writer").doesNotContain("ss");
        String header = request.header("Authorization");
        assertThat(new String(Base64.getDecoder().decode(header.substring("Basic ".length())),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("writer:pä:ss");
        V1Settings anonymous = new V1Settings("d", "", "", "", false);
        assertThat(V1Requests.authenticated(new okhttp3.Request.Builder().url(BASE), anonymous).build()
                .header("Authorization")).isNull();
    }

    @Test
    void createDatabaseQuotesTheName() throws Exception {
        var request = V1Requests.createDatabase(BASE, new V1Settings("we\"ird\\db", "", "", "", true));
        assertThat(request.url().encodedPath()).isEqualTo("/prefix/query");
        Buffer body = new Buffer();
        request.body().writeTo(body);
        assertThat(java.net.URLDecoder.decode(body.readUtf8(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("q=CREATE DATABASE \"we\\\"ird\\\\db\"");
    }
}
