package dev.warren.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Address;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContainerAddressResolverTest {

    @Test void everyResolutionAsksForThePortAgainSoAMovedPortIsFound() throws Exception {
        AtomicInteger port = new AtomicInteger(40001);
        ContainerAddressResolver resolver = new ContainerAddressResolver("10.88.0.1", port::get);
        assertThat(resolver.getAddresses()).containsExactly(new Address("10.88.0.1", 40001));
        port.set(40002);
        assertThat(resolver.getAddresses()).containsExactly(new Address("10.88.0.1", 40002));
    }

    @Test void anEngineThatCannotNameThePortIsAnIoExceptionWhichAmqpClientRetries() {
        ContainerAddressResolver resolver = new ContainerAddressResolver("h", () -> {
            throw new IllegalStateException("container stopped");
        });
        assertThatThrownBy(resolver::getAddresses).isInstanceOf(IOException.class).hasMessageContaining("container stopped");
    }
}
