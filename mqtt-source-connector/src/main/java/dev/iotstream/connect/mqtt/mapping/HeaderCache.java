package dev.iotstream.connect.mqtt.mapping;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;

import java.util.HashMap;
import java.util.Map;

/**
 * Shared, immutable {@link Header} objects for the MQTT metadata headers that repeat from message to message (QoS,
 * flags, message id 0, the topics of the last few thousand distinct MQTT topics), with exactly the schemas
 * {@code ConnectHeaders.addString/addInt/addBoolean} would give them. Saves four to five header objects and
 * their schema checks per record. Not thread-safe: used by the task's poll thread only.
 */
final class HeaderCache {
    private static final int MAX_TOPICS = 4096;

    private final Header[] qos = new Header[3];
    private final Header retainedTrue;
    private final Header retainedFalse;
    private final Header duplicateTrue;
    private final Header duplicateFalse;
    private final Header messageIdZero;
    private final Map<String, Header> topics = new HashMap<>();
    private final String topicKey;
    private final String messageIdKey;

    HeaderCache(String topicKey, String qosKey, String retainedKey, String duplicateKey, String messageIdKey) {
        this.topicKey = topicKey;
        this.messageIdKey = messageIdKey;
        for (int i = 0; i < qos.length; i++) {
            qos[i] = header(qosKey, new SchemaAndValue(Schema.INT32_SCHEMA, i));
        }
        retainedTrue = header(retainedKey, new SchemaAndValue(Schema.BOOLEAN_SCHEMA, true));
        retainedFalse = header(retainedKey, new SchemaAndValue(Schema.BOOLEAN_SCHEMA, false));
        duplicateTrue = header(duplicateKey, new SchemaAndValue(Schema.BOOLEAN_SCHEMA, true));
        duplicateFalse = header(duplicateKey, new SchemaAndValue(Schema.BOOLEAN_SCHEMA, false));
        messageIdZero = header(messageIdKey, new SchemaAndValue(Schema.INT32_SCHEMA, 0));
    }

    /** ConnectHeader itself is package-private: let ConnectHeaders make (and validate) the header once. */
    private static Header header(String key, SchemaAndValue value) {
        return new ConnectHeaders().add(key, value).lastWithName(key);
    }

    Header topic(String topic) {
        Header h = topics.get(topic);
        if (h == null) {
            if (topics.size() >= MAX_TOPICS) {
                topics.clear(); // bounded: many distinct topics just means fewer hits
            }
            h = header(topicKey, new SchemaAndValue(Schema.STRING_SCHEMA, topic));
            topics.put(topic, h);
        }
        return h;
    }

    Header qos(int value) {
        return value >= 0 && value < qos.length ? qos[value]
                : header(qos[0].key(), new SchemaAndValue(Schema.INT32_SCHEMA, value));
    }

    Header retained(boolean value) {
        return value ? retainedTrue : retainedFalse;
    }

    Header duplicate(boolean value) {
        return value ? duplicateTrue : duplicateFalse;
    }

    Header messageId(int id) {
        return id == 0 ? messageIdZero : header(messageIdKey, new SchemaAndValue(Schema.INT32_SCHEMA, id));
    }
}
