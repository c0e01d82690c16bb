package org.mixdown.host.chain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.mixdown.host.MixdownException;

/** Reads JSON configuration files into trees, turning every failure into a one-line message with the file name. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    /** The parsed file; a missing, unreadable or malformed file is a {@link MixdownException}. */
    public static JsonNode read(Path file) {
        if (Files.isDirectory(file)) {
            throw new MixdownException(file + ": is a directory, not a JSON file");
        }
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw new MixdownException(file + ": empty file, expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new MixdownException(file + ": malformed JSON" + where + ": " + e.getOriginalMessage()
                    .lines().findFirst().orElse(""), e);
        } catch (NoSuchFileException e) {
            throw new MixdownException(file + ": no such file", e);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new MixdownException(file + ": cannot read: " + reason, e);
        }
    }

    /** A required object member, or an error naming the file and JSON path. */
    public static JsonNode require(JsonNode parent, String field, String file, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new MixdownException(file + ": " + path + "." + field + ": missing");
        }
        return node;
    }

    /** Fails with "file: path: expected ..., found ..." */
    public static MixdownException expected(String file, String path, String what, JsonNode found) {
        return new MixdownException(file + ": " + path + ": expected " + what + ", found " + describe(found));
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return (node.isObject() ? "an object " : node.isArray() ? "an array " : "") +
                (text.length() > 40 ? text.substring(0, 37) + "..." : text);
    }
}
