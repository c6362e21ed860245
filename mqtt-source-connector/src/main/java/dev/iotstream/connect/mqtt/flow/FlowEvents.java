package dev.iotstream.connect.mqtt.flow;

/**
 * What the flow sees that an operator should read about: the task turns these into log lines that name its
 * configuration. All are called on the MQTT client's callback thread.
 */
public interface FlowEvents {
    /** The broker keeps at most {@code brokerWindow} messages in flight to this task, well below the window. */
    void brokerWindowBelowOurs(int brokerWindow);

    /** Once per connection: the broker sent more un-acknowledged QoS 1/2 messages than the window. */
    void windowOverrun();

    /** Every {@link FlowSettings#windowFullLogMs()} while a message waits for a window slot. */
    void windowFull(int inFlight, long waitedMs);
}
