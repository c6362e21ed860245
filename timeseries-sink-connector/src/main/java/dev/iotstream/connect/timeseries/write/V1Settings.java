package dev.iotstream.connect.timeseries.write;

/**
 * The InfluxDB 1.x destination and credentials; an empty retention policy means the database's default, an
 * empty username sends no credentials.
 */
public record V1Settings(String database, String retentionPolicy, String username, String password,
                         boolean createDatabase) {
}
