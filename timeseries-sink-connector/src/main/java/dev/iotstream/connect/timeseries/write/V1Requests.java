package dev.iotstream.connect.timeseries.write;

import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

import java.nio.charset.StandardCharsets;

/** The InfluxDB 1.x requests the sink sends: writes, the empty write that checks a target, CREATE DATABASE. */
public final class V1Requests {
    private V1Requests() {
    }

    /**
     * {@code /write?db=&rp=&precision=} under {@code base} (a path prefix is kept). InfluxDB 1.x knows the
     * precisions ns, u, ms, s; it reads an unknown one such as "us" as nanoseconds, silently. Nanoseconds are
     * every v1 API's default and their names differ (QuestDB documents "n"), so ns is sent as no parameter.
     */
    public static HttpUrl writeUrl(HttpUrl base, V1Settings v1, String precision) {
        HttpUrl.Builder url = base.newBuilder().addPathSegment("write").addQueryParameter("db", v1.database());
        if (!v1.retentionPolicy().isEmpty()) {
            url.addQueryParameter("rp", v1.retentionPolicy());
        }
        if (!"ns".equals(precision)) {
            url.addQueryParameter("precision", precision(precision));
        }
        return url.build();
    }

    public static String precision(String precision) {
        return "us".equals(precision) ? "u" : precision;
    }

    /**
     * Basic authentication rather than the {@code u}/{@code p} query parameters, which end up in the access
     * logs of the store and of proxies.
     */
    public static Request.Builder authenticated(Request.Builder request, V1Settings v1) {
        if (!v1.username().isEmpty()) {
            request.header("Authorization", Credentials.basic(v1.username(), v1.password(), StandardCharsets.UTF_8));
        }
        return request;
    }

    public static Request createDatabase(HttpUrl base, V1Settings v1) {
        String statement = "CREATE DATABASE " + quoted(v1.database());
        return authenticated(new Request.Builder().url(base.newBuilder().addPathSegment("query").build())
                .post(new FormBody.Builder().add("q", statement).build()), v1).build();
    }

    /** An InfluxQL identifier in double quotes, so names with spaces, dashes or keywords work. */
    static String quoted(String identifier) {
        return "\"" + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
