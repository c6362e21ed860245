package dev.iotstream.connect.mqtt.sparkplug;

import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.Metric;

import java.util.List;

/**
 * A Sparkplug B edge node as the specification describes one, encoding with the same generated protobuf classes
 * a real one (Tahu) uses: NBIRTH with bdSeq and seq 0, aliases defined in BIRTH and used alone in DATA, seq
 * incremented mod 256 on every message but NDEATH.
 */
public final class EdgeNodeSim {
    public final String group;
    public final String edge;
    public long bdSeq;
    public int seq;
    long time = 1_700_000_000_000L;

    public EdgeNodeSim(String group, String edge) {
        this.group = group;
        this.edge = edge;
    }

    public String topic(String type) {
        return "spBv1.0/" + group + "/" + type + "/" + edge;
    }

    public String topic(String type, String device) {
        return topic(type) + "/" + device;
    }

    public static Metric.Builder named(String name, long alias, DataType type) {
        return Metric.newBuilder().setName(name).setAlias(alias).setDatatype(type.getNumber());
    }

    public static Metric.Builder byAlias(long alias) {
        return Metric.newBuilder().setAlias(alias);
    }

    public byte[] nbirth(Metric.Builder... metrics) {
        seq = 0;
        Payload.Builder p = Payload.newBuilder().setTimestamp(++time).setSeq(0)
                .addMetrics(Metric.newBuilder().setName("bdSeq").setDatatype(DataType.Int64_VALUE).setLongValue(bdSeq));
        for (Metric.Builder m : metrics) {
            p.addMetrics(m);
        }
        return p.build().toByteArray();
    }

    /** DBIRTH, NDATA, DDATA, DDEATH: the next seq. */
    public byte[] next(Metric.Builder... metrics) {
        return withSeq(seq = (seq + 1) & 0xFF, metrics);
    }

    public byte[] withSeq(long s, Metric.Builder... metrics) {
        Payload.Builder p = Payload.newBuilder().setTimestamp(++time).setSeq(s);
        for (Metric.Builder m : metrics) {
            p.addMetrics(m);
        }
        return p.build().toByteArray();
    }

    public byte[] ndeath(long deathBdSeq) {
        return Payload.newBuilder().setTimestamp(++time)
                .addMetrics(Metric.newBuilder().setName("bdSeq").setDatatype(DataType.Int64_VALUE)
                        .setLongValue(deathBdSeq))
                .build().toByteArray();
    }

    public static List<Metric> metrics(byte[] payload) throws Exception {
        return Payload.parseFrom(payload).getMetricsList();
    }
}
