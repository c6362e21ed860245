package dev.iotstream.quickstart;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code --format sparkplugb}: every simulated device is a Sparkplug B 3.0 edge node (group = its site, edge node =
 * the device). Its first reading, and its first after an NCMD {@code Node Control/Rebirth}, is an NBIRTH carrying the
 * metrics with names, datatypes and aliases (and {@code bdSeq}); the others are NDATA by alias only, with {@code seq}
 * counting up mod 256. So each reading is still one MQTT message. No NDEATH wills: devices share connections.
 * <p>
 * The payloads are written in the protobuf wire format directly (the Sparkplug B .proto's field numbers), so the
 * simulator needs no protobuf library and no connector jar on its class path. Readings come from the pacing
 * thread; rebirth requests from Paho's callback thread.
 */
final class SparkplugEdgeNodes {
    static final String NAMESPACE = "spBv1.0";
    static final String REBIRTH = "Node Control/Rebirth";
    // Sparkplug B DataType values
    static final int INT32 = 3;
    static final int INT64 = 4;
    static final int FLOAT = 9;
    static final int DOUBLE = 10;

    record Message(String topic, byte[] payload) {
    }

    private static final class Node {
        long bdSeq = -1;
        int seq;
        volatile boolean birthNeeded = true;
    }

    private final Map<String, Node> nodes = new ConcurrentHashMap<>();

    /** The MQTT message for this reading: an NBIRTH when the node has not been born (or was asked to rebirth). */
    Message next(Reading r) {
        Node node = nodes.computeIfAbsent(key(r.site(), r.device()), k -> new Node());
        long ts = r.epochMillis();
        Payload p = new Payload(ts);
        if (node.birthNeeded) {
            node.birthNeeded = false;
            node.bdSeq = (node.bdSeq + 1) & 0xFF;
            node.seq = 0;
            p.seq(0);
            p.metric("bdSeq", -1, INT64, ts, w -> w.varintField(11, node.bdSeq));
            p.metric("temperature", 1, DOUBLE, ts, w -> w.doubleField(13, r.temperature()));
            p.metric("humidity", 2, DOUBLE, ts, w -> w.doubleField(13, r.humidity()));
            p.metric("battery", 3, FLOAT, ts, w -> w.floatField(12, (float) r.battery()));
            p.metric("rssi", 4, INT32, ts, w -> w.varintField(10, r.rssi() & 0xFFFFFFFFL));
            p.metric(REBIRTH, 5, 11 /* Boolean */, ts, w -> w.varintField(14, 0));
            return new Message(topic(r, "NBIRTH"), p.bytes());
        }
        node.seq = (node.seq + 1) & 0xFF;
        p.seq(node.seq);
        p.metric(null, 1, -1, -1, w -> w.doubleField(13, r.temperature()));
        p.metric(null, 2, -1, -1, w -> w.doubleField(13, r.humidity()));
        p.metric(null, 3, -1, -1, w -> w.floatField(12, (float) r.battery()));
        p.metric(null, 4, -1, -1, w -> w.varintField(10, r.rssi() & 0xFFFFFFFFL));
        return new Message(topic(r, "NDATA"), p.bytes());
    }

    /** An NCMD arrived on {@code topic}: a rebirth request makes that node's next reading an NBIRTH. */
    void command(String topic, byte[] payload) {
        String[] levels = topic.split("/");
        if (levels.length == 4 && levels[0].equals(NAMESPACE) && levels[2].equals("NCMD")
                && new String(payload, StandardCharsets.ISO_8859_1).contains(REBIRTH)) {
            Node node = nodes.get(key(levels[1], levels[3]));
            if (node != null) {
                node.birthNeeded = true;
            }
        }
    }

    static String commandFilter() {
        return NAMESPACE + "/+/NCMD/+";
    }

    private static String topic(Reading r, String type) {
        return NAMESPACE + "/" + r.site() + "/" + type + "/" + r.device();
    }

    private static String key(String site, String device) {
        return site + "/" + device;
    }

    /** Payload { timestamp = 1; repeated Metric metrics = 2; seq = 3 }. */
    private static final class Payload {
        private final Writer out = new Writer();

        Payload(long timestamp) {
            out.varintField(1, timestamp);
        }

        void seq(long seq) {
            out.varintField(3, seq);
        }

        /** Metric { name = 1; alias = 2; timestamp = 3; datatype = 4; value oneof 10..15 }; -1 leaves a field out. */
        void metric(String name, long alias, int datatype, long timestamp, java.util.function.Consumer<Writer> value) {
            Writer m = new Writer();
            if (name != null) {
                m.bytesField(1, name.getBytes(StandardCharsets.UTF_8));
            }
            if (alias >= 0) {
                m.varintField(2, alias);
            }
            if (timestamp >= 0) {
                m.varintField(3, timestamp);
            }
            if (datatype >= 0) {
                m.varintField(4, datatype);
            }
            value.accept(m);
            out.bytesField(2, m.toByteArray());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** The three protobuf wire types the payload needs: varint (0), 64-bit (1), length-delimited (2), 32-bit (5). */
    static final class Writer extends ByteArrayOutputStream {
        void varintField(int field, long value) {
            varint((long) field << 3);
            varint(value);
        }

        void doubleField(int field, double value) {
            varint(((long) field << 3) | 1);
            fixed(Double.doubleToRawLongBits(value), 8);
        }

        void floatField(int field, float value) {
            varint(((long) field << 3) | 5);
            fixed(Float.floatToRawIntBits(value) & 0xFFFFFFFFL, 4);
        }

        void bytesField(int field, byte[] bytes) {
            varint(((long) field << 3) | 2);
            varint(bytes.length);
            write(bytes, 0, bytes.length);
        }

        private void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        private void fixed(long v, int n) {
            for (int i = 0; i < n; i++) {
                write((int) (v >>> (8 * i)) & 0xFF);
            }
        }
    }
}
