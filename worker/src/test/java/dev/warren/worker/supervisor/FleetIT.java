package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Connection;
import dev.warren.common.internal.Announcement;
import dev.warren.common.internal.Fleet;
import dev.warren.common.internal.FleetListener;
import dev.warren.common.internal.Json;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerProcess;
import dev.warren.testing.WorkerProcessBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two real supervisors on one queue announce themselves on {@code <queue>.fleet}; each serves the dashboard of
 * both. {@code slow} announces every 60 s (so a fresh reader hears it only because it answers hellos), {@code fast}
 * every 500 ms (so a killed one is gone after 1.5 s). The last tests stop them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String queue = TestBroker.uniqueQueue("it.fleet");
    private static WorkerProcess slow;
    private static WorkerProcess fast;
    private static Connection connection;

    @BeforeAll static void startTwoSupervisors() throws Exception {
        slow = WorkerProcess.builder(TestBroker.get().uri()).queue(queue).children(2)
                .env("WARREN_SUPERVISOR_NAME", "slow-" + queue).env("WARREN_ANNOUNCE_INTERVAL", "60s")
                .env("WARREN_DRAIN_TIMEOUT", "20s").launch();
        fast = WorkerProcess.builder(TestBroker.get().uri()).queue(queue).children(2)
                .env("WARREN_SUPERVISOR_NAME", "fast-" + queue).env("WARREN_ANNOUNCE_INTERVAL", "500ms").launch();
        // both start at once (one JVM start's wait instead of two); @AfterAll closes them whatever happens here
        slow.awaitReady(WorkerProcessBuilder.DEFAULT_READY_TIMEOUT);
        fast.awaitReady(WorkerProcessBuilder.DEFAULT_READY_TIMEOUT);
        connection = TestBroker.get().settings().connectionFactory().newConnection("fleet-it");
    }

    @AfterAll static void stop() throws Exception {
        if (slow != null) slow.close();
        if (fast != null) fast.close();
        if (connection != null) connection.abort();
        TestBroker.get().deleteTaskQueue(queue);
    }

    private static Fleet.Member member(Fleet fleet, String name) {
        return fleet.members(System.currentTimeMillis()).stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    private static Set<Long> announcedPids(Fleet.Member m) {
        return m.last().children().stream().map(Announcement.Child::pid).collect(Collectors.toSet());
    }

    private static HttpResponse<String> get(WorkerProcess w, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + w.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test @Order(1)
    void aFreshReaderHearsBothSupervisorsWithTheirChildrenBecauseTheyAnswerItsHello() {
        Fleet fleet = new Fleet();
        try (FleetListener l = FleetListener.start(connection, queue, fleet, null, "fleet-it")) {
            l.hello();
            // the slow one's next regular announcement is a minute away: only the answer to the hello can arrive in time
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Fleet.Member s = member(fleet, "slow-" + queue);
                assertThat(s).isNotNull();
                assertThat(s.last().state()).isEqualTo("running");
                assertThat(announcedPids(s)).isEqualTo(slow.childPids());
            });
            await().atMost(WAIT).untilAsserted(() -> assertThat(announcedPids(member(fleet, "fast-" + queue))).isEqualTo(fast.childPids()));
            Announcement a = member(fleet, "slow-" + queue).last();
            assertThat(a.pid()).isEqualTo(slow.pid());
            assertThat(a.httpPort()).isEqualTo(slow.httpPort());
            assertThat(a.queue()).isEqualTo(queue);
            assertThat(a.interval()).isEqualTo(60_000);
            assertThat(a.size()).isEqualTo(2);
            assertThat(a.version()).isNotBlank().isNotEqualTo("unknown");
            // two slots, both consuming, and the warm spare (WARREN_SPARE_CHILDREN defaults to 1)
            assertThat(a.children()).filteredOn(c -> c.slot() >= 0).hasSize(2)
                    .allSatisfy(c -> assertThat(c.state()).isEqualTo("consuming"));
            assertThat(a.children()).filteredOn(c -> c.slot() < 0).singleElement()
                    .satisfies(c -> assertThat(c.state()).isEqualTo("spare"));
        }
    }

    @Test @Order(2)
    void eachSupervisorServesTheDashboardAndTheFleetOfBoth() throws Exception {
        HttpResponse<String> page = get(fast, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<script src=\"/dashboard/app.js\">").doesNotContain("http://", "https://");
        HttpResponse<String> js = get(fast, "/dashboard/app.js");
        assertThat(js.statusCode()).isEqualTo(200);
        // nothing from another host: the only URL in the script is the SVG namespace name
        assertThat(js.body()).contains("/fleet.json");
        assertThat(js.body().replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
        assertThat(get(fast, "/dashboard/app.css").statusCode()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode f = Json.MAPPER.readTree(get(fast, "/fleet.json").body());
            assertThat(f.get("self").asText()).isEqualTo("fast-" + queue);
            assertThat(f.get("queue").get("consumers").asInt()).isEqualTo(4);
            assertThat(f.get("supervisors")).extracting(s -> s.get("name").asText())
                    .containsExactlyInAnyOrder("fast-" + queue, "slow-" + queue);
            assertThat(f.get("supervisors")).allSatisfy(s -> assertThat(s.get("children")).hasSize(3)); // 2 slots + the spare
        });
        JsonNode dead = Json.MAPPER.readTree(get(slow, "/dead.json").body());
        assertThat(dead.get("count").asLong()).isZero();
        assertThat(dead.get("first")).isEmpty();
    }

    @Test @Order(3)
    void tasksAndFailuresOfTheChildrenAreInTheAnnouncements() throws Exception {
        dev.warren.common.TaskType<Integer, Integer> cube = dev.warren.common.TaskType.of("cube", Integer.class, Integer.class);
        dev.warren.common.TaskType<String, String> fail = dev.warren.common.TaskType.of("fail", String.class, String.class);
        try (dev.warren.producer.TaskExecutor pool = dev.warren.producer.TaskExecutor.connect(
                dev.warren.producer.ProducerOptions.builder().uri(TestBroker.get().uri()).queue(queue).build())) {
            assertThat(pool.map(cube, java.util.stream.IntStream.rangeClosed(1, 60).boxed().toList(), // 60 messages
                    dev.warren.producer.MapOptions.builder().chunksize(1).build()).toList()).hasSize(60);
            assertThat(pool.submit(fail, "boom")).failsWithin(WAIT);
        }
        // the slow one announces once a minute; a hello (sent on each poll) has it announce its counters at once
        try (FleetListener l = FleetListener.start(connection, queue, new Fleet(), null, "fleet-it")) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                l.hello();
                JsonNode f = Json.MAPPER.readTree(get(slow, "/fleet.json").body());
                long done = 0, failed = 0;
                for (JsonNode s : f.get("supervisors")) {
                    done += s.get("totals").get("done").asLong();
                    failed += s.get("totals").get("failed").asLong();
                    long childDone = 0;
                    for (JsonNode c : s.get("children")) childDone += c.get("done").asLong();
                    assertThat(childDone).isEqualTo(s.get("totals").get("done").asLong());
                }
                assertThat(done).isEqualTo(61);
                assertThat(failed).isEqualTo(1);
                assertThat(f.get("failures")).singleElement().satisfies(x -> {
                    assertThat(x.get("task").asText()).isEqualTo("fail");
                    assertThat(x.get("error").asText()).isEqualTo("java.lang.IllegalStateException");
                });
            });
        }
    }

    @Test @Order(4)
    void theDashboardInAHeadlessChromiumNamesBothSupervisorsAndTheirChildren() throws Exception {
        Browser browser = Browser.find();
        String url = "http://127.0.0.1:" + slow.httpPort() + "/";
        Set<String> childIds = Json.MAPPER.readTree(get(slow, "/fleet.json").body()).findValues("children").stream()
                .flatMap(c -> java.util.stream.StreamSupport.stream(c.spliterator(), false)).map(c -> c.get("id").asText())
                .collect(Collectors.toSet());
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            String dom = browser.dumpDom(url);
            assertThat(dom).contains("data-ready=\"1\"")
                    .contains("data-supervisor=\"slow-" + queue + "\"").contains("data-supervisor=\"fast-" + queue + "\"");
            for (String id : childIds) assertThat(dom).contains("data-child=\"" + id + "\"");
            assertThat(dom.split("data-child=", -1)).hasSize(7); // six children: two slots and a spare per supervisor
            assertThat(dom).contains("java.lang.IllegalStateException"); // the failure of the test before
        });
        java.nio.file.Path png = java.nio.file.Path.of("target", "dashboard.png");
        browser.screenshot(url, png);
        assertThat(java.nio.file.Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test @Order(5)
    void aKilledSupervisorIsShownGoneAfterThreeMissedAnnouncements() throws Exception {
        fast.close(); // SIGKILL: no last announcement
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode f = Json.MAPPER.readTree(get(slow, "/fleet.json").body());
            JsonNode gone = null;
            for (JsonNode s : f.get("supervisors")) if (s.get("name").asText().equals("fast-" + queue)) gone = s;
            assertThat(gone).isNotNull();
            assertThat(gone.get("presence").asText()).isEqualTo("gone");
            assertThat(gone.get("seenAgoMs").asLong()).isGreaterThan(Fleet.goneAfterMs(500));
        });
    }

    @Test @Order(6)
    void aSupervisorStoppedWithSigtermSaysSoInItsLastAnnouncement() {
        Fleet fleet = new Fleet();
        try (FleetListener l = FleetListener.start(connection, queue, fleet, null, "fleet-it")) {
            l.hello();
            await().atMost(WAIT).until(() -> member(fleet, "slow-" + queue) != null);
            ProcessHandle.of(slow.pid()).ifPresent(ProcessHandle::destroy);
            await().atMost(WAIT).untilAsserted(() -> {
                Fleet.Member m = member(fleet, "slow-" + queue);
                assertThat(m.presence()).isEqualTo(Fleet.Presence.STOPPED);
                assertThat(m.last().children()).isEmpty();
            });
            await().atMost(WAIT).until(() -> !slow.isAlive());
        }
    }
}
