package dev.iotstream.connect.timeseries;

import dev.iotstream.connect.testing.ConfigReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class ConfigReferenceTest {
    @Test
    void referenceIsUpToDate() {
        ConfigReference.assertUpToDate("Time-series sink connector",
                "`dev.iotstream.connect.timeseries.TimeSeriesSinkConnector` writes Kafka records as InfluxDB line "
                        + "protocol, synchronously, through the InfluxDB v2 write API to InfluxDB 2.x/3.x/Cloud, "
                        + "InfluxDB 1.8+ (v2 compatibility API), VictoriaMetrics and QuestDB, or through the 1.x write "
                        + "API (influx.api=v1). Input: schemaless maps, "
                        + "Structs or JSON strings. Offsets are committed only for records that were written or sent "
                        + "to the dead letter queue. See timeseries-sink-connector/README.md for delivery semantics, "
                        + "failure handling and metrics.",
                TimeSeriesSinkConfig.configDef(), Path.of("../docs/reference/timeseries-sink-connector.md"));
    }
}
