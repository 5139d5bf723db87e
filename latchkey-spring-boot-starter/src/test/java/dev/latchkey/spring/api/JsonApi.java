package dev.latchkey.spring.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON client for black-box tests of the API: real HTTP, no cookies. */
final class JsonApi {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String origin;

    JsonApi(int port) {
        this.origin = "http://localhost:" + port;
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String text(String field) {
            JsonNode node = body.get(field);
            return node == null || node.isNull() ? null : node.asText();
        }
    }

    Reply post(String path, Map<String, ?> body) {
        return post(path, JSON.writeValueAsString(body), "application/json", null);
    }

    Reply post(String path, Map<String, ?> body, String bearer) {
        return post(path, JSON.writeValueAsString(body), "application/json", bearer);
    }

    Reply post(String path, String body, String contentType, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    /** Sends {@code body} chunked, without a Content-Length, as a client streaming it would. */
    Reply postStreamed(String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(origin + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
    }

    Reply postAccepting(String path, Map<String, ?> body, String accept) {
        return send(HttpRequest.newBuilder(URI.create(origin + path)).header("Content-Type", "application/json")
                .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Reply get(String pathOrUrl, String bearer) {
        URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : origin + pathOrUrl);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    Reply delete(String path, String bearer) {
        return send(HttpRequest.newBuilder(URI.create(origin + path)).header("Authorization", "Bearer " + bearer)
                .DELETE());
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode node = body.isBlank() || !body.strip().startsWith("{") ? JSON.nullNode() : JSON.readTree(body);
            return new Reply(response.statusCode(), node, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
