package dev.iotstream.connect.timeseries.write;

import java.util.Map;

/**
 * InfluxDB 1.x's answers mapped onto the sink's failure classes ({@link FailureClassifier} for everything the
 * two APIs share), with messages that name the influx.v1.* setting to fix.
 */
public final class V1Failures {
    static final String DATABASE_NOT_FOUND = "database not found";
    private static final String RP_NOT_FOUND = "retention policy not found";

    private V1Failures() {
    }

    /** InfluxDB 1.x answers an unknown retention policy with 500: retrying cannot help. */
    public static FailureKind kind(int status, String body, Map<String, String> headers) {
        if (status == 500 && body.contains(RP_NOT_FOUND)) {
            return FailureKind.CONFIGURATION;
        }
        return FailureClassifier.kind(status, headers);
    }

    public static boolean databaseNotFound(int status, String body) {
        return status == 404 && body.contains(DATABASE_NOT_FOUND);
    }

    public static String explain(int status, String body, String target, V1Settings v1, Map<String, String> headers) {
        String prefix = "HTTP " + status + " from " + target + ": ";
        if (status == 401) {
            return prefix + "InfluxDB rejected the credentials; check influx.v1.username and influx.v1.password";
        }
        if (status == 403) {
            return prefix + "user '" + v1.username() + "' (influx.v1.username) may not write to database '"
                    + v1.database() + "' (influx.v1.database)";
        }
        if (databaseNotFound(status, body)) {
            return prefix + "database '" + v1.database() + "' (influx.v1.database) does not exist; create it "
                    + "(CREATE DATABASE) or set influx.v1.create.database=true";
        }
        if (status == 404 || status == 405) {
            return prefix + "no InfluxDB 1.x write endpoint there; influx.url must be the server's base URL "
                    + "(without /write), check its path";
        }
        if (status == 500 && body.contains(RP_NOT_FOUND)) {
            return prefix + "retention policy '" + v1.retentionPolicy() + "' (influx.v1.retention.policy) does not "
                    + "exist on database '" + v1.database() + "'; empty uses the database's default";
        }
        return FailureClassifier.explain(status, target, headers);
    }

    /** The setting a failed target check points at, for the per-field error of validate(). */
    public static String setting(int status, String body) {
        if (status == 401) {
            return "influx.v1.password";
        }
        if (status == 403) {
            return "influx.v1.username";
        }
        if (databaseNotFound(status, body)) {
            return "influx.v1.database";
        }
        if (status == 500 && body.contains(RP_NOT_FOUND)) {
            return "influx.v1.retention.policy";
        }
        return "influx.url";
    }
}
