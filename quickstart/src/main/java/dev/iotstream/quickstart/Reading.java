package dev.iotstream.quickstart;

/** One simulated sensor sample; {@code outOfRange} marks readings generated above the alert threshold. */
record Reading(String site, String device, long epochMillis, long sequence, double temperature, double humidity,
               double battery, int rssi, boolean outOfRange) {
}
