package dev.closeout.application.infrastructure.axon;

import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedIdentifierFactoryTest {

    @Test
    void axon_names_its_messages_with_time_ordered_ids() {
        String first = GenericEventMessage.asEventMessage("一").getIdentifier();
        String second = GenericEventMessage.asEventMessage("二").getIdentifier();

        assertThat(UUID.fromString(first).version()).isEqualTo(7);
        assertThat(first.substring(0, 13)).isLessThanOrEqualTo(second.substring(0, 13));
    }
}
