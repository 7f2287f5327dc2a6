package dev.warren.testing;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.AddressResolver;
import java.io.IOException;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Resolves the broker's address by asking the container engine for the mapped AMQP port on every call, which
 * amqp-client makes on the first connection and on every recovery attempt: a reconnection finds the broker even
 * if a restart moved its port. Thread-safe.
 */
final class ContainerAddressResolver implements AddressResolver {
    private final String host;
    private final IntSupplier port;

    ContainerAddressResolver(String host, IntSupplier port) {
        this.host = host;
        this.port = port;
    }

    /** @throws IOException if the engine cannot say where the port is (container stopped, engine gone) */
    @Override public List<Address> getAddresses() throws IOException {
        try {
            return List.of(new Address(host, port.getAsInt()));
        } catch (RuntimeException e) {
            throw new IOException("cannot resolve the broker container's AMQP port: " + e.getMessage(), e);
        }
    }

    @Override public String toString() { return "ContainerAddressResolver[" + host + "]"; }
}
