package dev.warren.worker.child;

import com.rabbitmq.client.AMQP;

/**
 * One delivery off the task queue, as the consumer received it: the unit the main loop handles.
 *
 * @param tag         the delivery tag to ack or reject
 * @param redelivered the broker's flag: an earlier holder of the message died without acking it
 * @param props       the AMQP properties as received (never null from the client library)
 * @param body        the body as received
 */
record Delivery(long tag, boolean redelivered, AMQP.BasicProperties props, byte[] body) {
    /** The AMQP {@code type} property (the task name), or null. */
    String typeProperty() { return props == null ? null : props.getType(); }
}
