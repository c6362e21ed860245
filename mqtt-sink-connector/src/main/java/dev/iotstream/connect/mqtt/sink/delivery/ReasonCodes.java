package dev.iotstream.connect.mqtt.sink.delivery;

import java.util.Map;

/** MQTT 5 PUBACK/PUBREC reason codes >= 0x80, and what the sink does about each. */
public final class ReasonCodes {
    public enum Action { DEAD_LETTER, FAIL_TASK, RETRY }

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x80, "Unspecified error"), Map.entry(0x83, "Implementation specific error"),
            Map.entry(0x87, "Not authorized"), Map.entry(0x90, "Topic Name invalid"),
            Map.entry(0x91, "Packet Identifier in use"), Map.entry(0x92, "Packet Identifier not found"),
            Map.entry(0x95, "Packet too large"), Map.entry(0x97, "Quota exceeded"),
            Map.entry(0x99, "Payload format invalid"));

    private ReasonCodes() {
    }

    public static String name(int code) {
        return NAMES.getOrDefault(code, "reason code") + " (0x" + Integer.toHexString(code) + ")";
    }

    /** Per-message refusals go to the dead letter queue; a missing permission fails the task; the rest retry. */
    public static Action classify(int code) {
        return switch (code) {
            case 0x90, 0x95, 0x97, 0x99 -> Action.DEAD_LETTER;
            case 0x87 -> Action.FAIL_TASK;
            default -> Action.RETRY;
        };
    }
}
