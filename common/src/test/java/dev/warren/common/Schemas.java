package dev.warren.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON Schemas shipped in common's jar, loaded from the class path under their {@code $id}s. */
final class Schemas {
    private Schemas() {}

    static final String ID_PREFIX = "https://schemas.warren.dev/protocol/v1/";
    static final String RESOURCE_DIR = "dev/warren/common/schema/";
    static final List<String> NAMES = List.of("task-envelope", "reply-envelope", "task-error", "control-message",
            "announcement");

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix(ID_PREFIX, "classpath:" + RESOURCE_DIR)));
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    static JsonSchema get(String name) {
        return CACHE.computeIfAbsent(name, n -> FACTORY.getSchema(SchemaLocation.of(ID_PREFIX + n + ".schema.json")));
    }

    /** Validation errors of the node against the named schema; empty when it is valid. */
    static List<String> errors(String name, JsonNode node) {
        return get(name).validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** Validation errors of a schema document against the draft 2020-12 meta-schema. */
    static List<String> metaErrors(JsonNode schemaDocument) {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        return meta.validate(schemaDocument).stream().map(ValidationMessage::getMessage).toList();
    }
}
