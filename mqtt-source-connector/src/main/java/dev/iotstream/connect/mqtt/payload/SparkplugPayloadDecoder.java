package dev.iotstream.connect.mqtt.payload;

import dev.iotstream.connect.mqtt.sparkplug.RebirthRequest;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugDecodeException;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugDecoder;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugFailure;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugRecord;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * payload.format=sparkplugb: the stateful {@link SparkplugDecoder} of one task behind the {@link PayloadDecoder}
 * interface. Data and status records keep the keys and timestamps the decoder gives them; per-metric failures
 * become {@link ElementFailure}s; rebirth requests go to {@code rebirths} (the task publishes them). Poll thread
 * only, like the decoder.
 */
public final class SparkplugPayloadDecoder implements PayloadDecoder {
    private static final Logger log = LoggerFactory.getLogger(SparkplugPayloadDecoder.class);

    private final SparkplugDecoder decoder;
    private final Consumer<RebirthRequest> rebirths;
    private final String name;

    public SparkplugPayloadDecoder(SparkplugDecoder decoder, Consumer<RebirthRequest> rebirths, String name) {
        this.decoder = decoder;
        this.rebirths = rebirths;
        this.name = name;
    }

    public SparkplugDecoder decoder() {
        return decoder;
    }

    @Override
    public List<Decoded> decode(byte[] payload) throws PayloadDecodeException {
        throw new UnsupportedOperationException("Sparkplug B needs the MQTT topic: use decodeMessage");
    }

    @Override
    public Batch decodeMessage(String topic, byte[] payload) throws PayloadDecodeException {
        SparkplugResult result;
        try {
            result = decoder.decode(topic, payload);
        } catch (SparkplugDecodeException e) {
            throw new PayloadDecodeException(e.getMessage(), e);
        }
        // Before the records are mapped: with payload.on.error=fail an unknown alias stops the task, and the
        // rebirth it asked for is what lets the next run name the metrics.
        for (RebirthRequest r : result.rebirthRequests()) {
            rebirths.accept(r);
        }
        if (log.isDebugEnabled()) {
            for (String note : result.notes()) {
                log.debug("{}: Sparkplug B message on {}: {}", name, topic, note);
            }
        }
        List<Decoded> values = new ArrayList<>(result.records().size() + result.statuses().size());
        for (SparkplugRecord r : result.statuses()) {
            values.add(decoded(r));
        }
        for (SparkplugRecord r : result.records()) {
            values.add(decoded(r));
        }
        List<ElementFailure> failures = result.failures().isEmpty() ? List.of()
                : new ArrayList<>(result.failures().size());
        for (SparkplugFailure f : result.failures()) {
            failures.add(new ElementFailure(f.element(), f.reason()));
        }
        return new Batch(values, failures);
    }

    private static Decoded decoded(SparkplugRecord r) {
        return new Decoded(r.schema(), r.value(), r.key(), r.timestamp());
    }
}
