package dev.iotstream.connect.mqtt.sparkplug;

/** The {@code message_type} level of a Sparkplug B topic. */
public enum SparkplugMessageType {
    NBIRTH(false), NDEATH(false), NDATA(false), NCMD(false),
    DBIRTH(true), DDEATH(true), DDATA(true), DCMD(true),
    /** Host Application state, {@code spBv1.0/STATE/{host_id}}: JSON, not protobuf. */
    STATE(false);

    private final boolean deviceLevel;

    SparkplugMessageType(boolean deviceLevel) {
        this.deviceLevel = deviceLevel;
    }

    /** True when the topic carries a device id after the edge node id. */
    public boolean deviceLevel() {
        return deviceLevel;
    }
}
