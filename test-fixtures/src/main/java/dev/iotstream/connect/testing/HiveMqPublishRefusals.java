package dev.iotstream.connect.testing;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.services.Services;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes an embedded HiveMQ refuse PUBLISHes to chosen topic prefixes with an MQTT 5 reason code in the PUBACK /
 * PUBREC, the way a broker's policies would (ACL, quota, topic or payload validation): real reason codes on the
 * wire from a real broker, for tests of a publisher's handling of them. Pass {@link #extension()} to
 * {@link EmbeddedHiveMqBroker.Builder#extension}. The message is not delivered to subscribers.
 */
public final class HiveMqPublishRefusals {
    private final Map<String, Rule> rules = new ConcurrentHashMap<>();

    private record Rule(AckReasonCode code, int times, AtomicInteger seen) {
        boolean refuseNext() {
            int before = seen.getAndIncrement();
            return times < 0 || before < times;
        }
    }

    /** Every PUBLISH to a topic starting with {@code topicPrefix} is answered with {@code code}. */
    public HiveMqPublishRefusals refuse(String topicPrefix, AckReasonCode code) {
        rules.put(topicPrefix, new Rule(code, -1, new AtomicInteger()));
        return this;
    }

    /** Only the first {@code times} PUBLISHes to topics starting with {@code topicPrefix}; later ones pass. */
    public HiveMqPublishRefusals refuseFirst(String topicPrefix, AckReasonCode code, int times) {
        rules.put(topicPrefix, new Rule(code, times, new AtomicInteger()));
        return this;
    }

    /** How many PUBLISHes to {@code topicPrefix} reached the broker so far (refused or, past the count, passed). */
    public int seen(String topicPrefix) {
        Rule rule = rules.get(topicPrefix);
        return rule == null ? 0 : rule.seen().get();
    }

    public EmbeddedExtension extension() {
        PublishInboundInterceptor interceptor = this::intercept;
        return EmbeddedExtension.builder()
                .withId("iotstream-publish-refusals")
                .withName("iotstream test: publish refusals")
                .withVersion("1")
                .withExtensionMain(new ExtensionMain() {
                    @Override
                    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
                        Services.initializerRegistry().setClientInitializer(
                                (initializerInput, client) -> client.addPublishInboundInterceptor(interceptor));
                    }

                    @Override
                    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
                    }
                })
                .build();
    }

    private void intercept(PublishInboundInput input, PublishInboundOutput output) {
        String topic = input.getPublishPacket().getTopic();
        for (Map.Entry<String, Rule> e : rules.entrySet()) {
            if (topic.startsWith(e.getKey()) && e.getValue().refuseNext()) {
                output.preventPublishDelivery(e.getValue().code(), "refused by the test's rule for " + e.getKey());
                return;
            }
        }
    }
}
