package com.m365.e4upgrade.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import com.m365.e4upgrade.testsupport.ChildJvm;

/**
 * The console as an operator starts it ({@code java -jar e4-upgrade.jar serve}), in a
 * child JVM with a working directory of its own under target/, on a free port, with both
 * accounts. One console serves every test class of the test JVM (it starts in about 15
 * s); each test brings data the console has not seen, so the tests do not depend on each
 * other's migrations.
 */
public final class RunningConsole {

    public static final String OPERATOR_PASSWORD = "operator-" + UUID.randomUUID();

    public static final String VIEWER_PASSWORD = "viewer-" + UUID.randomUUID();

    /**
     * Each file may hold this much: the tests' files are far smaller, the too-large one
     * bigger.
     */
    static final int MAX_UPLOAD = 2 * 1024 * 1024;

    private static RunningConsole shared;

    public final Path workDir;

    public final String base;

    public final ChildJvm process;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final JsonMapper json = JsonMapper.builder().build();

    private RunningConsole(Path workDir, int port, ChildJvm process) {
        this.workDir = workDir;
        this.base = "http://localhost:" + port;
        this.process = process;
    }

    static synchronized RunningConsole get() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static RunningConsole start() {
        try {
            return start(Files.createDirectories(Path.of("target", "console-tests", "console-" + System.nanoTime()))
                .toAbsolutePath(), List.of(), Map.of());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A console of its own in that directory, with more options and variables (another
     * database).
     */
    public static RunningConsole start(Path workDir, List<String> options, Map<String, String> environment) {
        try {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            ChildJvm process = ChildJvm.in(workDir)
                .arguments("serve", "--server.port=" + port, "--console.max-upload=" + MAX_UPLOAD + "B")
                .arguments(options)
                .environment(Map.of("E4_CONSOLE_OPERATOR_PASSWORD", OPERATOR_PASSWORD, "E4_CONSOLE_VIEWER_PASSWORD",
                        VIEWER_PASSWORD))
                .environment(environment)
                .start();
            process.awaitLog("Tomcat started on port " + port);
            return new RunningConsole(workDir, port, process);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- HTTP as curl sends it
    // --------------------------------------------------------------------

    public HttpResponse<String> get(String path, String account) {
        return send(request(path, account).GET().build());
    }

    public HttpResponse<byte[]> download(String path, String account) {
        try {
            return http.send(request(path, account).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> post(String path, String account) {
        return send(request(path, account).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /**
     * {@code curl -F tenants=@... -F users=@... -F name=value}: files by field name, then
     * fields.
     */
    public HttpResponse<String> upload(String account, Map<String, Path> files, Map<String, String> fields) {
        String boundary = "----e4-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (Map.Entry<String, Path> file : files.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.getKey()
                        + "\"; filename=\"" + file.getValue().getFileName() + "\"\r\nContent-Type: text/csv\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
                body.write(Files.readAllBytes(file.getValue()));
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, String> field : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                        + "\"\r\n\r\n" + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(
                request("/api/migrations", account).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build());
    }

    public JsonNode json(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        }
        catch (RuntimeException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /**
     * Reads the migration until it satisfies the condition (a run of the tests' sizes
     * takes seconds).
     */
    public JsonNode awaitMigration(long id, Predicate<JsonNode> condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode migration;
        do {
            migration = json(get("/api/migrations/" + id, "operator"));
            if (condition.test(migration)) {
                return migration;
            }
            ChildJvm.pause(Duration.ofMillis(200));
        }
        while (System.nanoTime() < deadline);
        throw new AssertionError("migration " + id + " did not get there within " + limit + ": " + migration);
    }

    public static Predicate<JsonNode> status(String status) {
        return migration -> migration.path("migration").path("status").asText().equals(status);
    }

    private HttpRequest.Builder request(String path, String account) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (account != null) {
            String password = account.equals("operator") ? OPERATOR_PASSWORD
                    : account.equals("viewer") ? VIEWER_PASSWORD : "wrong";
            builder.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((account.replace("-wrong", "") + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

}
