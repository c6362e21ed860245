package dev.iotstream.connect.mqtt.flow;

import dev.iotstream.connect.mqtt.ack.OrderedAckTracker.Ticket;
import dev.iotstream.connect.mqtt.client.InboundMessage;

import java.util.List;

/**
 * One message to the records handed to Kafka. Every record made from a message with a ticket must let
 * {@link InboundFlow}'s {@code ticketOf} find that ticket again when it is committed.
 *
 * @param <R> the record type (Connect's SourceRecord in the task, anything in tests)
 */
@FunctionalInterface
public interface MessageMapper<R> {

    /** What became of one message. */
    record Mapped<R>(List<R> records, boolean skipped, boolean decodeFailed) {
    }

    /**
     * @param ticket the message's ack ticket, or null when it needs no acknowledgement (QoS 0)
     * @throws RuntimeException to fail the task: then no message of the batch counts as handed to Kafka
     */
    Mapped<R> map(InboundMessage message, long arrivalMillis, Ticket<InboundMessage> ticket);
}
