package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.Protocol;
import dev.warren.common.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NotJson is "no JSON value can be read from the start of the body"; BadInput is "one can, but the
 * body is not what the task takes (anything after the value, duplicate keys, past the worker's
 * limits, wrong shape)" — docs/protocol.md 3.5.
 */
class InputBindingTest {
    static final JavaType INT = Json.type(Integer.class);
    static final JavaType ANY = Json.type(JsonNode.class);

    static InputBinding.Result bind(String body, JavaType type, int chunk) {
        return InputBinding.bind(body.getBytes(StandardCharsets.UTF_8), type, chunk);
    }

    static String refusal(String body, JavaType type) {
        InputBinding.Result r = bind(body, type, 0);
        assertThat(r).as(body).isInstanceOf(InputBinding.Refused.class);
        return ((InputBinding.Refused) r).type();
    }

    static String nested(int depth) { return "[".repeat(depth) + "]".repeat(depth); }

    @Test void aBodyOfTheDeclaredTypeBinds() {
        assertThat(bind("3", INT, 0)).isEqualTo(new InputBinding.Bound(3));
        assertThat(bind(" [1, 2] ", INT, 2)).isEqualTo(new InputBinding.Bound(List.of(1, 2)));
    }

    @Test void anEmptyOrBlankBodyIsNotJsonWhateverTheInputType() {
        for (JavaType t : List.of(INT, ANY)) {
            assertThat(refusal("", t)).isEqualTo(Protocol.E_NOT_JSON);
            assertThat(refusal("  \n", t)).isEqualTo(Protocol.E_NOT_JSON);
        }
    }

    @Test void aSyntaxErrorIsNotJsonEvenWhenTheShapeIsWrongFirst() {
        assertThat(refusal("{not json", INT)).isEqualTo(Protocol.E_NOT_JSON);
        assertThat(refusal("[1,", INT)).isEqualTo(Protocol.E_NOT_JSON);
        assertThat(refusal("NaN", ANY)).isEqualTo(Protocol.E_NOT_JSON);
        assertThat(refusal("\"unterminated", ANY)).isEqualTo(Protocol.E_NOT_JSON);
        assertThat(refusal("-", INT)).isEqualTo(Protocol.E_NOT_JSON);
        assertThat(refusal("tru", ANY)).isEqualTo(Protocol.E_NOT_JSON);
    }

    @Test void anythingAfterACompleteValueIsTrailingTokensAndBadInput() {
        for (String body : List.of("1 2", "{} {}", "[1]x", "1}", "\"a\" ,", "truex", "01", "1.5e", " null]")) {
            for (JavaType t : List.of(INT, ANY)) {
                InputBinding.Result r = bind(body, t, 0);
                assertThat(r).as(body).isEqualTo(new InputBinding.Refused(Protocol.E_BAD_INPUT, "trailing tokens after the JSON value"));
            }
        }
    }

    @Test void jsonOfTheWrongShapeOrNeedingCoercionIsBadInput() {
        assertThat(refusal("{\"n\": 3}", INT)).isEqualTo(Protocol.E_BAD_INPUT);
        assertThat(refusal("\"3\"", INT)).isEqualTo(Protocol.E_BAD_INPUT);
        assertThat(refusal("3.5", INT)).isEqualTo(Protocol.E_BAD_INPUT);
    }

    @Test void duplicateKeysAreBadInputNotNotJson() {
        assertThat(refusal("{\"a\": 1, \"a\": 2}", ANY)).isEqualTo(Protocol.E_BAD_INPUT);
        assertThat(refusal("{\"a\": 1, \"a\": 2}", INT)).isEqualTo(Protocol.E_BAD_INPUT);
    }

    @Test void nestingDeeperThan256IsBadInputAnd256Binds() {
        assertThat(bind(nested(256), ANY, 0)).isInstanceOf(InputBinding.Bound.class);
        assertThat(refusal(nested(257), ANY)).isEqualTo(Protocol.E_BAD_INPUT);
        assertThat(refusal(nested(257), INT)).isEqualTo(Protocol.E_BAD_INPUT);
        assertThat(((InputBinding.Refused) bind(nested(300), ANY, 0)).detail()).contains("limits");
    }

    @Test void aNumberLongerThan1000DigitsIsBadInput() {
        assertThat(refusal("1".repeat(1001), ANY)).isEqualTo(Protocol.E_BAD_INPUT);
        assertThat(bind("1".repeat(20), ANY, 0)).isInstanceOf(InputBinding.Bound.class);
    }

    @Test void aChunkThatIsNotAnArrayOfTheAnnouncedLengthIsBadInput() {
        assertThat(bind("[1]", INT, 2)).isEqualTo(new InputBinding.Refused(Protocol.E_BAD_INPUT, "chunk header says 2 inputs, body has 1"));
        assertThat(((InputBinding.Refused) bind("3", INT, 1)).type()).isEqualTo(Protocol.E_BAD_INPUT);
        assertThat(((InputBinding.Refused) bind("[1 2]", INT, 2)).type()).isEqualTo(Protocol.E_NOT_JSON);
        assertThat(((InputBinding.Refused) bind("[1, 2] 3", INT, 2)).type()).isEqualTo(Protocol.E_BAD_INPUT);
    }
}
