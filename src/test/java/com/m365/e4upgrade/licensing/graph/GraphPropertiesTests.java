package com.m365.e4upgrade.licensing.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.m365.e4upgrade.licensing.SkuCatalog;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

/**
 * The {@code graph.*} settings as Spring Boot binds them when the context starts with
 * {@code --gateway=graph}. A wrong setting fails the start; what the operator reads is
 * the root cause's message (see MigrationLauncher), so that is what the failures are
 * checked on.
 */
class GraphPropertiesTests {

    private static final String SECRET = "Xy7~Q.abc_SECRET-value-9Zk";

    private static final SkuCatalog CATALOG = SkuCatalog
        .load(new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv"));

    @TempDir
    Path directory;

    private final ApplicationContextRunner withoutSecret = new ApplicationContextRunner()
        .withUserConfiguration(GraphGatewayConfiguration.class)
        .withBean(SkuCatalog.class, () -> CATALOG)
        .withPropertyValues("gateway=graph", "graph.client-id=5e0f9c1a-2b3c-4d5e-8f70-1a2b3c4d5e6f");

    private final ApplicationContextRunner context = withoutSecret
        .withPropertyValues(GraphProperties.SECRET_VARIABLE + "=" + SECRET);

    @Test
    void defaultsToMicrosoftsPublicCloudAndPatientRetries() {
        GraphProperties settings = bound(context);

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
        GraphProperties settings = bound(context.withPropertyValues("graph.base-url=https://graph.microsoft.us/v1.0/",
                "graph.authority=https://login.microsoftonline.us", "graph.max-attempts=8",
                "graph.initial-backoff=250ms", "graph.max-backoff=2m", "graph.parallel-tenants=10",
                "graph.timeout=45s"));

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
        Path file = Files.writeString(directory.resolve("graph-secret"), "from-file~secret\r\n",
                StandardCharsets.UTF_8);

        GraphProperties settings = bound(context.withPropertyValues("graph.client-secret-file=" + file));

        assertThat(settings.clientSecret().reveal()).isEqualTo("from-file~secret");
    }

    @Test
    void prefersTheSecretFileGivenOnTheCommandLineToTheEnvironmentVariable() throws Exception {
        Path file = Files.writeString(directory.resolve("graph-secret"), "from-file\n", StandardCharsets.UTF_8);

        assertThat(bound(context.withPropertyValues("graph.client-secret-file=" + file)).clientSecret().reveal())
            .isEqualTo("from-file");
    }

    @Test
    void takesTheEnvironmentVariableWhenTheSecretFileOptionIsEmpty() {
        assertThat(bound(context.withPropertyValues("graph.client-secret-file=")).clientSecret().reveal())
            .isEqualTo(SECRET);
    }

    @Test
    void neverTakesTheSecretFromAGraphOption() {
        // on a command line, the secret would be visible to every user of the machine
        String typed = "graph.client-secret=typed-on-the-command-line";

        assertThat(bound(context.withPropertyValues(typed)).clientSecret().reveal()).isEqualTo(SECRET);
        startupFailure(withoutSecret.withPropertyValues(typed))
            .hasMessageContaining("environment variable GRAPH_CLIENT_SECRET");
    }

    @Test
    void refusesToStartWithoutAClientId() {
        startupFailure(context.withPropertyValues("graph.client-id= ")).isInstanceOf(IllegalStateException.class)
            .hasMessage(
                    "--gateway=graph needs --graph.client-id=ID (the application (client) id registered in Entra ID)");
    }

    @Test
    void refusesToStartWithoutASecretAndSaysWhereToPutIt() {
        startupFailure(withoutSecret).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("environment variable GRAPH_CLIENT_SECRET")
            .hasMessageContaining("--graph.client-secret-file=PATH");
    }

    @Test
    void namesAnUnreadableOrEmptySecretFile() throws Exception {
        Path missing = directory.resolve("no-such-file");
        startupFailure(context.withPropertyValues("graph.client-secret-file=" + missing))
            .hasMessageStartingWith("--graph.client-secret-file=" + missing + ": cannot read the file");

        Path empty = Files.writeString(directory.resolve("empty"), "\n", StandardCharsets.UTF_8);
        startupFailure(context.withPropertyValues("graph.client-secret-file=" + empty))
            .hasMessage("--graph.client-secret-file=" + empty + " is empty");
    }

    @Test
    void explainsAWrongOptionInOneLineWithoutTheSecret() {
        startupFailure(context.withPropertyValues("graph.max-attempts=many"))
            .hasMessage("--graph.max-attempts=many: expected a whole number")
            .hasNoCause();

        startupFailure(context.withPropertyValues("graph.max-attempts=0"))
            .hasMessage("Microsoft Graph settings: --graph.max-attempts=0: expected 1 or more")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));

        startupFailure(context.withPropertyValues("graph.timeout=soon"))
            .hasMessage("--graph.timeout=soon: expected a duration such as 500ms, 2s or 1m");

        startupFailure(context.withPropertyValues("graph.base-url=graph.microsoft.com"))
            .hasMessageStartingWith("--graph.base-url=graph.microsoft.com: expected an absolute URL");
    }

    @Test
    void movesAtMostAsManyTenantsAtOnceAsTheCommandLineAllows() {
        assertThat(bound(context.withPropertyValues("graph.parallel-tenants=32")).parallelTenants()).isEqualTo(32);

        startupFailure(context.withPropertyValues("graph.parallel-tenants=33"))
            .hasMessage("Microsoft Graph settings: --graph.parallel-tenants=33: expected 32 or fewer");
        startupFailure(context.withPropertyValues("graph.parallel-tenants=0"))
            .hasMessage("Microsoft Graph settings: --graph.parallel-tenants=0: expected 1 or more");
    }

    @Test
    void spendsMicrosoftsQuotasLessABurstUnlessToldToLeaveMoreRoom() {
        GraphProperties defaults = bound(context);
        assertThat(defaults.appWritesPerSecond()).isEqualTo(116.0).isLessThan(35_000 / 300.0);
        assertThat(defaults.tenantWritesPerSecond()).isEqualTo(19.6).isLessThan(3_000 / 150.0);
        assertThat(defaults.batchesInFlight()).isEqualTo(64);

        GraphProperties modest = bound(
                context.withPropertyValues("graph.app-writes-per-second=50", "graph.tenant-writes-per-second=10.5"));
        assertThat(modest.appWritesPerSecond()).isEqualTo(50.0);
        assertThat(modest.tenantWritesPerSecond()).isEqualTo(10.5);

        startupFailure(context.withPropertyValues("graph.tenant-writes-per-second=0"))
            .hasMessage("Microsoft Graph settings: --graph.tenant-writes-per-second=0: expected a positive number");
        startupFailure(context.withPropertyValues("graph.batches-in-flight=513"))
            .hasMessage("Microsoft Graph settings: --graph.batches-in-flight=513: expected 512 or fewer");
        startupFailure(context.withPropertyValues("graph.batches-in-flight=0"))
            .hasMessage("Microsoft Graph settings: --graph.batches-in-flight=0: expected 1 or more");
    }

    @Test
    void neverPrintsTheSecret() {
        GraphProperties settings = bound(context);

        assertThat(settings.toString()).doesNotContain(SECRET).contains("clientSecret=****");
        assertThat(settings.clientSecret()).hasToString("****");
    }

    private static GraphProperties bound(ApplicationContextRunner runner) {
        AtomicReference<GraphProperties> settings = new AtomicReference<>();
        runner.run(run -> {
            assertThat(run).hasNotFailed();
            settings.set(run.getBean(GraphProperties.class));
        });
        return settings.get();
    }

    /** What the launcher prints when the context cannot start. */
    private static AbstractThrowableAssert<?, ? extends Throwable> startupFailure(ApplicationContextRunner runner) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        runner.run(run -> failure.set(run.getStartupFailure()));
        Throwable root = failure.get();
        assertThat(root).as("startup failure").isNotNull();
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return assertThat(root);
    }

}
