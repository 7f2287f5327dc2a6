package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.TaskType;
import org.junit.jupiter.api.Test;

class SubmitterTest {
    @Test void typedTasksDeclareTheirInputTypeAndUntypedJsonDeclaresNone() {
        assertThat(Submitter.declaredInputType(TaskType.of("cube", Integer.class, Integer.class))).isEqualTo("java.lang.Integer");
        assertThat(Submitter.declaredInputType(TaskType.of("any", JsonNode.class, JsonNode.class))).isNull();
        assertThat(Submitter.declaredInputType(TaskType.of("any", Object.class, Object.class))).isNull();
    }
}
