package dev.warren.worker.supervisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.common.internal.DeadLetter;
import dev.warren.common.internal.Json;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard, read-only: {@code GET /} (the page; its script and style are {@code /dashboard/*}, all in the
 * jar), {@code GET /fleet.json} (the fleet from the announcements this supervisor hears, as {@code warren status
 * --json} prints it, plus {@code self}) and {@code GET /dead.json} (the count and the first messages of
 * {@code <queue>.dead}, left in place). Nothing here can change anything.
 */
@Controller
final class DashboardController {
    private final FleetHub fleet;
    private final byte[] page;

    DashboardController(FleetHub fleet) {
        this.fleet = fleet;
        this.page = resource("/dashboard/index.html");
    }

    @Get(uri = "/", produces = MediaType.TEXT_HTML)
    HttpResponse<byte[]> index() {
        return HttpResponse.ok(page).header("Cache-Control", "no-cache");
    }

    @Get(uri = "/fleet.json", produces = MediaType.APPLICATION_JSON)
    String fleetJson() throws JsonProcessingException {
        ObjectNode root = fleet.status().toJson();
        root.put("self", fleet.name());
        return Json.MAPPER.writeValueAsString(root);
    }

    @Get(uri = "/dead.json", produces = MediaType.APPLICATION_JSON)
    String deadJson() throws JsonProcessingException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        Long count = fleet.status().counts().dead();
        if (count == null) root.putNull("count"); else root.put("count", count);
        ArrayNode first = root.putArray("first");
        for (DeadLetter d : fleet.deadPeek()) first.add(Json.MAPPER.valueToTree(d));
        return Json.MAPPER.writeValueAsString(root);
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardController.class.getResourceAsStream(name)) {
            if (in == null) return ("missing " + name).getBytes(StandardCharsets.UTF_8);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }
}
