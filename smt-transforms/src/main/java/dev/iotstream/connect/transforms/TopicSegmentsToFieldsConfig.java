package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.common.config.ConfigEnums;
import dev.iotstream.connect.common.config.Validators;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.Map;

/** Configuration of {@link TopicSegmentsToFields}. */
public final class TopicSegmentsToFieldsConfig extends AbstractConfig {
    public static final String PATTERN = "pattern";
    public static final String TOPIC_HEADER = "topic.header";
    public static final String KEY_SEGMENT = "key.segment";
    public static final String ON_MISMATCH = "on.mismatch";

    /** What happens to a record whose topic does not match the pattern. */
    public enum OnMismatch { PASSTHROUGH, FAIL }

    private static final String GROUP = "Topic segments";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(PATTERN, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.value(
                    "MQTT topic levels separated by '/': {name} captures a level into field 'name', '+' matches "
                            + "any one level, a final '#' any remaining levels, anything else must match literally",
                    Validators.parses(TopicPattern::parse)), ConfigDef.Importance.HIGH,
                    "Pattern of the MQTT topic, e.g. sensors/{site}/{device}/{metric}. Each {name} level becomes a string "
                            + "field 'name' in the record value.", GROUP, 1, ConfigDef.Width.LONG, "Pattern")
            .define(TOPIC_HEADER, ConfigDef.Type.STRING, MqttHeaders.TOPIC, ConfigDef.Importance.MEDIUM,
                    "Header holding the MQTT topic (the iotstream MQTT source writes '" + MqttHeaders.TOPIC + "'). When a "
                            + "record has no such header, or this is empty, the Kafka topic is matched instead.",
                    GROUP, 2, ConfigDef.Width.MEDIUM, "Topic header")
            .define(KEY_SEGMENT, ConfigDef.Type.STRING, "", ConfigDef.Importance.MEDIUM,
                    "Name of a segment of the pattern whose value also becomes the record key (a string), e.g. device, "
                            + "so all readings of one device land in one partition. Empty: the key is left as is.",
                    GROUP, 3, ConfigDef.Width.SHORT, "Key segment")
            .define(ON_MISMATCH, ConfigDef.Type.STRING, "fail", Validators.oneOf(OnMismatch.class),
                    ConfigDef.Importance.MEDIUM,
                    "A topic that does not match the pattern: 'fail' raises a DataException naming the topic and the "
                            + "pattern (with errors.tolerance=all it goes to the dead letter queue); 'passthrough' leaves "
                            + "the record unchanged.", GROUP, 4, ConfigDef.Width.SHORT, "On mismatch");

    private final TopicPattern pattern;

    public TopicSegmentsToFieldsConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        pattern = TopicPattern.parse(getString(PATTERN));
        String key = keySegment();
        if (key != null && !pattern.names().contains(key)) {
            throw new ConfigException(KEY_SEGMENT, key, "not a segment of the pattern; segments: " + pattern.names());
        }
    }

    TopicPattern pattern() {
        return pattern;
    }

    /** The header to read the topic from, or null to always use the Kafka topic. */
    public String topicHeader() {
        String header = getString(TOPIC_HEADER);
        return header == null || header.isBlank() ? null : header.trim();
    }

    public String keySegment() {
        String key = getString(KEY_SEGMENT);
        return key == null || key.isBlank() ? null : key.trim();
    }

    public OnMismatch onMismatch() {
        return ConfigEnums.parse(OnMismatch.class, getString(ON_MISMATCH));
    }
}
