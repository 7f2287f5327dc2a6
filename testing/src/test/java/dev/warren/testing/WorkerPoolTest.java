package dev.warren.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.internal.Json;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test
    void poolJsonIsParsedWithTheCurrentTaskWhereThereIsOneAndUnknownFieldsIgnored() throws Exception {
        WorkerPool pool = WorkerPool.of(Json.MAPPER.readTree("""
                {"state":"running","size":2,"alive":2,"consuming":1,"startFailures":{"failures":1,"error":"x"},
                 "children":[
                  {"id":"child-1","pid":11,"slot":0,"state":"consuming","uptimeMs":900,"tasksDone":3,
                   "currentTaskId":"t-1","currentTask":"cube","currentTaskMs":12,"futureField":true},
                  {"id":"child-3","pid":13,"slot":1,"state":"recycling","uptimeMs":100,"tasksDone":2,
                   "currentTaskId":null}]}
                """));

        assertThat(pool.state()).isEqualTo("running");
        assertThat(pool.size()).isEqualTo(2);
        assertThat(pool.consuming()).isEqualTo(1);
        assertThat(pool.pids()).containsExactly(11L, 13L);
        assertThat(pool.tasksDone()).isEqualTo(5);
        assertThat(pool.children().get(0)).isEqualTo(new WorkerPool.Child("child-1", 11, 0, "consuming", 900, 3, "t-1", "cube", 12L));
        assertThat(pool.children().get(0).consuming()).isTrue();
        assertThat(pool.children().get(0).busy()).isTrue();
        WorkerPool.Child recycling = pool.children().get(1);
        assertThat(recycling.consuming()).isFalse();
        assertThat(recycling.busy()).isFalse();
        assertThat(recycling.currentTask()).isNull();
        assertThat(recycling.currentTaskMs()).isNull();
    }

    @Test
    void aCleanExitIsZeroUnkilledWithNothingLeftOver() {
        assertThat(new WorkerExit(0, false, java.util.List.of()).clean()).isTrue();
        assertThat(new WorkerExit(78, false, java.util.List.of()).clean()).isFalse();
        assertThat(new WorkerExit(137, true, java.util.List.of()).clean()).isFalse();
        assertThat(new WorkerExit(0, false, java.util.List.of(42L)).clean()).isFalse();
    }
}
