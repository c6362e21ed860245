package dev.iotstream.connect.timeseries.lineprotocol;

import dev.iotstream.connect.timeseries.mapping.LineProtocol;
import dev.iotstream.connect.timeseries.mapping.MappingException;
import dev.iotstream.connect.timeseries.mapping.MetadataSettings;
import dev.iotstream.connect.timeseries.mapping.TimeUnitMode;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code input.format=line-protocol}: a record value (string or bytes) that already is line protocol, one or many
 * lines. Each line is checked ({@link LineChecker}); good lines are written as they are, with the static and Kafka
 * metadata tags the line does not have yet added, and, when a line has no timestamp, the record's Kafka timestamp
 * in the write precision (never the store's clock, so that a line written again is the same point). Bad lines are
 * returned with their line numbers and reasons, for the dead letter queue.
 */
public final class LineProtocolInput {
    private static final int MAX_REASONS = 20;
    private final MetadataSettings metadata;
    private final long precisionDivisor;
    /** Nothing to add to any line: no map per line. */
    private final boolean noMetadataTags;

    public LineProtocolInput(MetadataSettings metadata, TimeUnitMode writePrecision) {
        this.metadata = metadata;
        this.precisionDivisor = writePrecision.nanos();
        this.noMetadataTags = metadata.staticTags().isEmpty() && metadata.topicTag().isEmpty()
                && metadata.partitionTag().isEmpty();
    }

    /**
     * The record's good lines joined by newlines (null when none) and their count; {@code problem} describes the
     * bad lines (null when none).
     */
    public record Mapped(String lines, int points, String problem) {
    }

    public Mapped map(SinkRecord record) {
        String text = text(record.value());
        LineChecker.Spans spans = LineChecker.scan(text);
        if (noMetadataTags && spans.bad().isEmpty() && spans.good().size() == 1) {
            LineChecker.LineSpan only = spans.good().get(0);
            if (only.hasTimestamp() && only.start() == 0 && only.end() == text.length()) {
                // Telegraf's usual record, one complete line with nothing to add: written as received, no copy.
                return new Mapped(text, 1, null);
            }
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        int points = 0;
        int bad = 0;
        StringBuilder problems = new StringBuilder();
        for (BadLine b : spans.bad()) {
            appendProblem(problems, bad++, b.lineNumber(), b.reason(), b.text());
        }
        for (LineChecker.LineSpan line : spans.good()) {
            if (!line.hasTimestamp() && record.timestamp() == null) {
                appendProblem(problems, bad++, line.lineNumber(), "no timestamp, and the record has no Kafka "
                        + "timestamp to use instead", text.substring(line.start(), line.end()));
                continue;
            }
            if (points > 0) {
                out.append('\n');
            }
            append(out, text, line, record);
            points++;
        }
        return result(out, points, bad, problems);
    }

    private static Mapped result(StringBuilder out, int points, int bad, StringBuilder problems) {
        if (points == 0 && bad == 0) {
            throw new MappingException("record value holds no line of line protocol (only empty or comment lines)");
        }
        String problem = bad == 0 ? null : bad + " of " + (bad + points) + " line(s) not written: " + problems
                + (bad > MAX_REASONS ? "; ..." : "");
        return new Mapped(points == 0 ? null : out.toString(), points, problem);
    }

    /** Lists the first {@value #MAX_REASONS} bad lines; the count in the message covers all. */
    private static void appendProblem(StringBuilder problems, int listed, int lineNumber, String reason,
                                      String text) {
        if (listed >= MAX_REASONS) {
            return;
        }
        if (!problems.isEmpty()) {
            problems.append("; ");
        }
        problems.append("line ").append(lineNumber).append(": ").append(reason).append(" in '")
                .append(text.length() > 200 ? text.substring(0, 200) + "..." : text).append("'");
    }

    /**
     * The line copied by position ({@link LineChecker#scan} built nothing for it), with the metadata tags it lacks
     * inserted after its own tags and the record's timestamp when it has none.
     */
    private void append(StringBuilder out, String text, LineChecker.LineSpan line, SinkRecord record) {
        Map<String, String> extra = noMetadataTags ? Map.of() : extraTags(LineChecker.tagKeys(text, line), record);
        if (extra.isEmpty()) {
            out.append(text, line.start(), line.end());
        } else {
            int tagsEnd = line.start() + line.tagsEnd();
            out.append(text, line.start(), tagsEnd);
            extra.forEach((name, value) -> {
                out.append(',');
                LineProtocol.appendKey(out, name);
                out.append('=');
                LineProtocol.appendKey(out, value);
            });
            out.append(text, tagsEnd, line.end());
        }
        if (!line.hasTimestamp()) {
            out.append(' ').append(Math.floorDiv(record.timestamp() * 1_000_000L, precisionDivisor));
        }
    }

    /** Metadata tags the line does not already carry (a tag in the line keeps the line's value). */
    private Map<String, String> extraTags(List<String> lineTags, SinkRecord record) {
        Map<String, String> extra = new TreeMap<>();
        metadata.staticTags().forEach((name, value) -> {
            if (!lineTags.contains(name)) {
                extra.put(name, value);
            }
        });
        if (!metadata.topicTag().isEmpty() && !lineTags.contains(metadata.topicTag())) {
            extra.put(metadata.topicTag(), record.topic());
        }
        if (!metadata.partitionTag().isEmpty() && !lineTags.contains(metadata.partitionTag())
                && record.kafkaPartition() != null) {
            extra.put(metadata.partitionTag(), record.kafkaPartition().toString());
        }
        return extra;
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof byte[] bytes) {
            if (ascii(bytes)) {
                // ASCII is valid UTF-8 and decodes to the same text: no decoder (and its buffers) per record.
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new MappingException("record value is not UTF-8 text: " + e);
            }
        }
        if (value == null) {
            throw new MappingException("record value is null; input.format=line-protocol needs text");
        }
        throw new MappingException("input.format=line-protocol needs string or bytes values (StringConverter or "
                + "ByteArrayConverter), got " + value.getClass().getSimpleName());
    }
}
