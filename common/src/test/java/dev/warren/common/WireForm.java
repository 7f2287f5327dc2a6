package dev.warren.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.ContentHeaderPropertyWriter;
import dev.warren.common.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts between AMQP messages and the JSON form docs/protocol.md's golden samples use:
 * {@code {"properties": {...}, "headers": {...}, "body": <JSON>}}. Messages pass through the real
 * AMQP 0-9-1 content-header encoding, so what is rendered is what a peer would receive.
 */
final class WireForm {
    private WireForm() {}

    /** Encodes the properties as the AMQP content header does and decodes them again. */
    static AMQP.BasicProperties overTheWire(AMQP.BasicProperties p) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeShort(0); // content header frame: weight, then body size, then the properties
            out.writeLong(0);
            p.writePropertiesTo(new ContentHeaderPropertyWriter(out));
            out.flush();
            return new AMQP.BasicProperties(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden-sample form of a message whose body is JSON. */
    static ObjectNode render(AMQP.BasicProperties p, byte[] body) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode props = f.objectNode();
        if (p.getMessageId() != null) props.put("message_id", p.getMessageId());
        if (p.getCorrelationId() != null) props.put("correlation_id", p.getCorrelationId());
        if (p.getType() != null) props.put("type", p.getType());
        if (p.getReplyTo() != null) props.put("reply_to", p.getReplyTo());
        if (p.getContentType() != null) props.put("content_type", p.getContentType());
        if (p.getDeliveryMode() != null) props.put("delivery_mode", p.getDeliveryMode());
        if (p.getTimestamp() != null) props.put("timestamp", p.getTimestamp().getTime() / 1000);
        if (p.getPriority() != null) props.put("priority", p.getPriority());
        if (p.getExpiration() != null) props.put("expiration", p.getExpiration());
        if (p.getAppId() != null) props.put("app_id", p.getAppId());
        if (p.getUserId() != null) props.put("user_id", p.getUserId());
        ObjectNode headers = f.objectNode();
        if (p.getHeaders() != null) p.getHeaders().forEach((k, v) -> headers.set(k, value(v)));
        ObjectNode msg = f.objectNode();
        msg.set("properties", props);
        msg.set("headers", headers);
        try {
            msg.set("body", Json.MAPPER.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return msg;
    }

    /** The AMQP properties and body a golden sample describes (numbers as Integer when they fit, else Long). */
    static AMQP.BasicProperties properties(JsonNode sample) {
        JsonNode p = sample.path("properties");
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = sample.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            headers.put(e.getKey(), v.canConvertToInt() && v.isIntegralNumber() ? (Object) v.intValue()
                    : v.isIntegralNumber() ? (Object) v.longValue() : v.asText());
        }
        return new AMQP.BasicProperties.Builder()
                .messageId(text(p, "message_id")).correlationId(text(p, "correlation_id")).type(text(p, "type"))
                .replyTo(text(p, "reply_to")).contentType(text(p, "content_type"))
                .deliveryMode(p.has("delivery_mode") ? p.get("delivery_mode").intValue() : null)
                .timestamp(p.has("timestamp") ? new Date(p.get("timestamp").longValue() * 1000) : null)
                .headers(headers).build();
    }

    static byte[] body(JsonNode sample) {
        try {
            return Json.MAPPER.writeValueAsBytes(sample.get("body"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode p, String field) { return p.has(field) ? p.get(field).asText() : null; }

    private static JsonNode value(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) return f.nullNode();
        if (v instanceof Integer i) return f.numberNode(i);
        if (v instanceof Long l) return f.numberNode(l);
        if (v instanceof Number n) return f.numberNode(n.longValue());
        if (v instanceof Boolean b) return f.booleanNode(b);
        if (v instanceof LongString || v instanceof String) return f.textNode(v.toString());
        throw new IllegalArgumentException("header value of unexpected type " + v.getClass().getName() + ": " + v);
    }
}
