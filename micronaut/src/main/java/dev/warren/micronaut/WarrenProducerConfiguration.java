package dev.warren.micronaut;

import dev.warren.common.BrokerSettings;
import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import dev.warren.producer.ProducerOptions;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * The producer's settings under {@code warren.*} (so {@code WARREN_BROKER_URI}, {@code WARREN_QUEUE}
 * and friends work as environment variables). Unset values keep {@link ProducerOptions}' defaults.
 */
@ConfigurationProperties("warren")
public class WarrenProducerConfiguration {
    private String brokerUri;
    private String brokerAddresses;
    private QueueType replyQueueType;
    private String queue = Protocol.DEFAULT_QUEUE;
    private QueueType queueType = ProducerOptions.DEFAULT_QUEUE_TYPE;
    private String clientId;
    private Duration defaultTimeout;
    private int maxInFlight = ProducerOptions.DEFAULT_MAX_IN_FLIGHT;
    private Duration brokerLossTimeout = ProducerOptions.DEFAULT_BROKER_LOSS_TIMEOUT;

    /** The broker URI; default {@link BrokerSettings#fromEnvironment()} (which honours secret files). */
    public String getBrokerUri() { return brokerUri; }
    public void setBrokerUri(String brokerUri) { this.brokerUri = brokerUri; }
    /** Cluster nodes {@code host[:port],...} that replace the URI's host; default: the URI's ({@code WARREN_BROKER_ADDRESSES}). */
    public String getBrokerAddresses() { return brokerAddresses; }
    public void setBrokerAddresses(String brokerAddresses) { this.brokerAddresses = brokerAddresses; }
    /** quorum or classic; default quorum for several broker nodes, classic for one ({@code WARREN_REPLY_QUEUE_TYPE}). */
    public QueueType getReplyQueueType() { return replyQueueType; }
    public void setReplyQueueType(QueueType replyQueueType) { this.replyQueueType = replyQueueType; }
    /** The task queue; default {@value Protocol#DEFAULT_QUEUE}. */
    public String getQueue() { return queue; }
    public void setQueue(String queue) { this.queue = queue; }
    /** quorum (default) or classic; RabbitMQ only. */
    public QueueType getQueueType() { return queueType; }
    public void setQueueType(QueueType queueType) { this.queueType = queueType; }
    /** Names the reply queue {@code warren.reply.<client-id>}; default host-pid-random. */
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    /** A timeout for every task submitted without one; default none. */
    public Duration getDefaultTimeout() { return defaultTimeout; }
    public void setDefaultTimeout(Duration defaultTimeout) { this.defaultTimeout = defaultTimeout; }
    /** Messages outstanding per {@code map} call; default 1000. */
    public int getMaxInFlight() { return maxInFlight; }
    public void setMaxInFlight(int maxInFlight) { this.maxInFlight = maxInFlight; }
    /** How long the broker may be unreachable before pending futures fail; default 60 s. */
    public Duration getBrokerLossTimeout() { return brokerLossTimeout; }
    public void setBrokerLossTimeout(Duration brokerLossTimeout) { this.brokerLossTimeout = brokerLossTimeout; }

    /** These settings as validated {@link ProducerOptions}. */
    public ProducerOptions toOptions() { return toOptions(null); }

    /** The options, with the application's Micrometer registry when it has one (null: no metrics). */
    public ProducerOptions toOptions(Object meterRegistry) {
        BrokerSettings broker = brokerUri == null || brokerUri.isBlank() ? BrokerSettings.fromEnvironment() : BrokerSettings.of(brokerUri);
        if (brokerAddresses != null && !brokerAddresses.isBlank()) broker = broker.withAddresses(brokerAddresses);
        ProducerOptions.Builder b = ProducerOptions.builder().broker(broker).replyQueueType(replyQueueType)
                .queue(queue).queueType(queueType).maxInFlight(maxInFlight).brokerLossTimeout(brokerLossTimeout);
        if (clientId != null && !clientId.isBlank()) b.clientId(clientId);
        if (defaultTimeout != null) b.defaultTimeout(defaultTimeout);
        if (meterRegistry != null) b.meterRegistry(meterRegistry);
        return b.build();
    }
}
