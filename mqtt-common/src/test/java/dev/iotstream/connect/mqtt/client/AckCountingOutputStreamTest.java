package dev.iotstream.connect.mqtt.client;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class AckCountingOutputStreamTest {

    record Packet(int type, int bodyLength) {
        byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(type << 4 | (type == 6 || type == 8 ? 2 : 0));
            int n = bodyLength;
            do {
                int digit = n % 128;
                n /= 128;
                out.write(n > 0 ? digit | 0x80 : digit);
            } while (n > 0);
            byte[] body = new byte[bodyLength];
            Arrays.fill(body, (byte) 0x40); // PUBACK's type nibble: bodies must not be taken for headers
            out.writeBytes(body);
            return out.toByteArray();
        }

        boolean ack() {
            return type == 4 || type == 7;
        }
    }

    @Provide
    Arbitrary<List<Packet>> packets() {
        // 0, then around the one-, two- and three-byte remaining-length boundaries (127, 16,383, 2,097,151)
        Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(6, Arbitraries.integers().between(0, 130)),
                Tuple.of(2, Arbitraries.integers().between(16_370, 16_400)),
                Tuple.of(1, Arbitraries.integers().between(2_097_140, 2_097_160)));
        return Combinators.combine(Arbitraries.integers().between(1, 15), lengths).as(Packet::new)
                .list().ofMaxSize(40);
    }

    @Property(tries = 100)
    void countsEveryAckPacketHoweverTheBytesAreSplit(@ForAll("packets") List<Packet> packets,
                                                     @ForAll("chunks") List<Integer> chunkSizes) throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (Packet p : packets) {
            stream.writeBytes(p.encode());
        }
        byte[] bytes = stream.toByteArray();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        AtomicInteger counted = new AtomicInteger();
        try (AckCountingOutputStream out = new AckCountingOutputStream(sink, counted::addAndGet)) {
            int pos = 0;
            int chunk = 0;
            while (pos < bytes.length) {
                int size = chunkSizes.isEmpty() ? bytes.length : chunkSizes.get(chunk++ % chunkSizes.size());
                if (size == 0) {
                    out.write(bytes[pos++]);
                    continue;
                }
                int len = Math.min(size, bytes.length - pos);
                out.write(bytes, pos, len);
                pos += len;
            }
        }
        assertThat(counted.get()).isEqualTo((int) packets.stream().filter(Packet::ack).count());
        assertThat(sink.toByteArray()).isEqualTo(bytes);
    }

    @Provide
    Arbitrary<List<Integer>> chunks() {
        return Arbitraries.integers().between(0, 5000).list().ofMaxSize(8);
    }

    @Test
    void countsTheAcksPahoWritesForMqtt311AndMqtt5() throws Exception {
        List<byte[]> wire = new ArrayList<>();
        var publish3 = new org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish("a/b",
                new MqttMessage(new byte[300]));
        wire.add(concat(publish3.getHeader(), publish3.getPayload()));
        var ack3 = new org.eclipse.paho.client.mqttv3.internal.wire.MqttPubAck(7);
        wire.add(concat(ack3.getHeader(), ack3.getPayload()));
        publish3.setMessageId(8);
        var comp3 = new org.eclipse.paho.client.mqttv3.internal.wire.MqttPubComp(publish3);
        wire.add(concat(comp3.getHeader(), comp3.getPayload()));
        var rec3 = new org.eclipse.paho.client.mqttv3.internal.wire.MqttPubRec(publish3);
        wire.add(concat(rec3.getHeader(), rec3.getPayload()));
        MqttProperties props = new MqttProperties();
        props.setReasonString("x".repeat(200));
        var ack5 = new org.eclipse.paho.mqttv5.common.packet.MqttPubAck(0x10, 10, props);
        wire.add(concat(ack5.getHeader(), ack5.getPayload()));
        var comp5 = new org.eclipse.paho.mqttv5.common.packet.MqttPubComp(0, 11, new MqttProperties());
        wire.add(concat(comp5.getHeader(), comp5.getPayload()));

        AtomicInteger counted = new AtomicInteger();
        try (AckCountingOutputStream out = new AckCountingOutputStream(new ByteArrayOutputStream(),
                counted::addAndGet)) {
            for (byte[] packet : wire) {
                out.write(packet, 0, packet.length);
            }
        }
        assertThat(counted.get()).isEqualTo(4); // PUBACK and PUBCOMP of each version; not PUBLISH, not PUBREC
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
