package com.m365.e4upgrade.licensing.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class GraphSettingsTests {

    private static final String SECRET = "Xy7~Q.abc_SECRET-value-9Zk";

    @TempDir
    Path directory;

    private final MockEnvironment environment = new MockEnvironment()
            .withProperty("graph.client-id", "5e0f9c1a-2b3c-4d5e-8f70-1a2b3c4d5e6f")
            .withProperty(GraphSettings.SECRET_VARIABLE, SECRET);

    @Test
    void defaultsToMicrosoftsPublicCloudAndPatientRetries() {
        GraphSettings settings = GraphSettings.from(environment);

        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://graph.microsoft.com/v1.0"));
        assertThat(settings.authority()).isEqualTo(URI.create("https://login.microsoftonline.com"));
        assertThat(settings.clientId()).isEqualTo("5e0f9c1a-2b3c-4d5e-8f70-1a2b3c4d5e6f");
        assertThat(settings.clientSecret().reveal()).isEqualTo(SECRET);
        assertThat(settings.maxAttempts()).isEqualTo(5);
        assertThat(settings.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.parallelTenants()).isEqualTo(4);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsEveryGraphOption() {
        environment.withProperty("graph.base-url", "https://graph.microsoft.us/v1.0/")
                .withProperty("graph.authority", "https://login.microsoftonline.us")
                .withProperty("graph.max-attempts", "8")
                .withProperty("graph.initial-backoff", "250ms")
                .withProperty("graph.max-backoff", "2m")
                .withProperty("graph.parallel-tenants", "10")
                .withProperty("graph.timeout", "45s");

        GraphSettings settings = GraphSettings.from(environment);

        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://graph.microsoft.us/v1.0"));
        assertThat(settings.authority()).isEqualTo(URI.create("https://login.microsoftonline.us"));
        assertThat(settings.maxAttempts()).isEqualTo(8);
        assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.parallelTenants()).isEqualTo(10);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void readsTheSecretFromAFileWithoutItsTrailingNewline() throws Exception {
        Path file = Files.writeString(directory.resolve("graph-secret"), "from-file~secret\r\n", StandardCharsets.UTF_8);
        environment.withProperty("graph.client-secret-file", file.toString());

        GraphSettings settings = GraphSettings.from(environment);

        assertThat(settings.clientSecret().reveal()).isEqualTo("from-file~secret");
    }

    @Test
    void prefersTheSecretFileGivenOnTheCommandLineToTheEnvironmentVariable() throws Exception {
        Path file = Files.writeString(directory.resolve("graph-secret"), "from-file\n", StandardCharsets.UTF_8);
        environment.withProperty("graph.client-secret-file", file.toString());

        assertThat(GraphSettings.from(environment).clientSecret().reveal()).isEqualTo("from-file");
    }

    @Test
    void refusesToStartWithoutAClientId() {
        environment.setProperty("graph.client-id", " ");

        assertThatThrownBy(() -> GraphSettings.from(environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("--gateway=graph needs --graph.client-id=ID (the application (client) id registered in Entra ID)");
    }

    @Test
    void refusesToStartWithoutASecretAndSaysWhereToPutIt() {
        MockEnvironment withoutSecret = new MockEnvironment().withProperty("graph.client-id", "app");

        assertThatThrownBy(() -> GraphSettings.from(withoutSecret))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("environment variable GRAPH_CLIENT_SECRET")
                .hasMessageContaining("--graph.client-secret-file=PATH");
    }

    @Test
    void namesAnUnreadableOrEmptySecretFile() throws Exception {
        Path missing = directory.resolve("no-such-file");
        environment.withProperty("graph.client-secret-file", missing.toString());
        assertThatThrownBy(() -> GraphSettings.from(environment))
                .hasMessageStartingWith("--graph.client-secret-file=" + missing + ": cannot read the file");

        Path empty = Files.writeString(directory.resolve("empty"), "\n", StandardCharsets.UTF_8);
        environment.setProperty("graph.client-secret-file", empty.toString());
        assertThatThrownBy(() -> GraphSettings.from(environment))
                .hasMessage("--graph.client-secret-file=" + empty + " is empty");
    }

    @Test
    void explainsAWrongOptionInOneLineWithoutTheSecret() {
        environment.withProperty("graph.max-attempts", "many");
        assertThatThrownBy(() -> GraphSettings.from(environment))
                .hasMessage("--graph.max-attempts=many: expected a whole number")
                .hasNoCause();

        environment.setProperty("graph.max-attempts", "0");
        assertThatThrownBy(() -> GraphSettings.from(environment))
                .hasMessage("Microsoft Graph settings: --graph.max-attempts=0: expected 1 or more")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));

        environment.setProperty("graph.max-attempts", "5");
        environment.setProperty("graph.timeout", "soon");
        assertThatThrownBy(() -> GraphSettings.from(environment))
                .hasMessage("--graph.timeout=soon: expected a duration such as 500ms, 2s or 1m");

        environment.setProperty("graph.timeout", "30s");
        environment.setProperty("graph.base-url", "graph.microsoft.com");
        assertThatThrownBy(() -> GraphSettings.from(environment))
                .hasMessageStartingWith("--graph.base-url=graph.microsoft.com: expected an absolute URL");
    }

    @Test
    void neverPrintsTheSecret() {
        GraphSettings settings = GraphSettings.from(environment);

        assertThat(settings.toString()).doesNotContain(SECRET).contains("clientSecret=****");
        assertThat(settings.clientSecret()).hasToString("****");
    }
}
