package dev.iotstream.quickstart;

import java.io.PrintStream;

/**
 * Where the running quickstart's parts listen, embedded or the user's own, and the "where to look" list that tells the
 * user how to inspect each one while it runs.
 *
 * @param storeIsQuestDb whether the store answers QuestDB SQL (then its points can be counted and queried)
 */
record Endpoints(String connectUrl, String storeUrl, boolean storeIsQuestDb, String brokerUri,
                 String bootstrapServers) {

    void printWhereToLook(PrintStream out, QuickstartOptions options) {
        out.println();
        out.println("Where to look (everything listens on 127.0.0.1 only):");
        out.println("  Connect REST   " + connectUrl + "/connectors?expand=status");
        if (storeIsQuestDb) {
            out.println("  QuestDB        " + storeUrl + "  (web console: SQL editor and charts), e.g.");
            out.println("                   select timestamp, device, temperature from " + Pipeline.TELEMETRY_TABLE
                    + " where site = 'site-1'");
            out.println("                   select * from " + Pipeline.ALERTS_TABLE + " order by timestamp desc");
        } else {
            out.println("  Store          " + storeUrl + " (bucket " + options.influxBucket() + ", measurements "
                    + Pipeline.TELEMETRY_TABLE + ", " + Pipeline.ALERTS_TABLE + ")");
        }
        out.println("  MQTT broker    " + brokerUri + "  (topics sensors/{site}/{device}/telemetry)");
        out.println("  Kafka          " + bootstrapServers + "  (topics " + Pipeline.TELEMETRY_TOPIC + ", "
                + Pipeline.ALERTS_TOPIC + ")");
        out.println("  Server logs    " + QuickstartPaths.logFile() + ", " + QuickstartPaths.questDbLog());
        out.println("                 " + QuickstartPaths.connectLog() + (options.bootstrapServers().isPresent() ? ""
                : ", " + QuickstartPaths.kafkaLog()));
        out.println(options.duration().isPresent()
                ? "Running for " + options.duration().get().toSeconds() + " s, then draining; Ctrl-C stops earlier."
                : "Running until Ctrl-C.");
        out.println();
    }
}
