package com.m365.e4upgrade.licensing.graph;

import com.m365.e4upgrade.batch.RunSettings;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the job reaches Microsoft Graph: the {@code --graph.*} options, plus the client
 * secret from the environment variable {@value #SECRET_VARIABLE} or from
 * {@code --graph.client-secret-file=PATH}. Bound by Spring Boot with
 * {@code --gateway=graph} only, and checked here, in the constructor: a wrong value stops
 * the command before any step runs, with one line naming the option.
 *
 * <p>
 * The secret is deliberately not accepted as a {@code --graph.*} option: a command line
 * is visible to every user of the machine ({@code ps}) and ends up in shell histories and
 * scheduler logs. {@code graph.client-secret} is therefore bound from the environment
 * variable only, see
 * {@link GraphGatewayConfiguration#clientSecretFromTheEnvironmentOnly}.
 *
 * @param baseUrl Graph's root, without trailing slash (tests point it at a local server)
 * @param authority Entra ID's login host, the token endpoint being
 * {@code {authority}/{tenant}/oauth2/v2.0/token}
 * @param clientId the application (client) id registered in Entra ID
 * @param clientSecret the application's client secret; prints as {@code ****}
 * @param clientSecretFile where to read the secret instead, or null; it wins over the
 * environment variable, as a command line option wins over the environment everywhere
 * else. Text rather than a Path: Spring's conversion to Path would look a relative path
 * up on the classpath first
 * @param maxAttempts sends of one call before a throttled or unavailable Graph counts as
 * a transient failure
 * @param initialBackoff the ceiling of the first backoff; doubles with each attempt
 * @param maxBackoff the ceiling of a computed backoff (a Retry-After from Microsoft is
 * honored as given)
 * @param parallelTenants the reassign step's partitions: ranges of whole tenants moved
 * side by side, each committing its outcomes in its own transaction (two database
 * connections). Not the tenants in flight, which {@code batchesInFlight} and the quotas
 * set
 * @param timeout connect and response timeout of one HTTP call
 * @param parallelChecks how many tenants' live target checks ({@code subscribedSkus}) run
 * at once in the eligibility step: each waits on Microsoft's latency, not on the machine,
 * and holds no database connection
 */
@ConfigurationProperties(prefix = "graph")
public record GraphProperties(@DefaultValue(DEFAULT_BASE_URL) URI baseUrl,
        @DefaultValue(DEFAULT_AUTHORITY) URI authority, String clientId, Secret clientSecret, String clientSecretFile,
        @DefaultValue("5") int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("60s") Duration maxBackoff, @DefaultValue("4") int parallelTenants,
        @DefaultValue("30s") Duration timeout, @DefaultValue("128") int parallelChecks,
        @DefaultValue("64") int batchesInFlight, @DefaultValue("116") double appWritesPerSecond,
        @DefaultValue("19.6") double tenantWritesPerSecond, @DefaultValue("7500") double appReadUnitsPerSecond,
        @DefaultValue("350") double tenantReadUnitsPerSecond) {

    public static final String SECRET_VARIABLE = "GRAPH_CLIENT_SECRET";

    public static final String DEFAULT_BASE_URL = "https://graph.microsoft.com/v1.0";

    public static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";

    /**
     * Partitions at most: each holds two database connections. The same bound as
     * {@code --parallelism} (RunSettings.MAX_PARALLELISM), which the command line checks
     * first.
     */
    public static final int MAX_PARALLEL_TENANTS = RunSettings.MAX_PARALLELISM;

    /**
     * Each call in flight waits in a thread: a few hundred are cheap, thousands are not,
     * and Microsoft's quotas never need that many.
     */
    public static final int MAX_BATCHES_IN_FLIGHT = 512;

    private static final String SETTINGS = "Microsoft Graph settings: ";

    /**
     * @throws IllegalStateException with one line naming the missing or wrong option,
     * never the secret
     */
    public GraphProperties {
        clientId = clientId == null ? "" : clientId.strip();
        if (clientId.isEmpty()) {
            throw new IllegalStateException("--gateway=graph needs --graph.client-id=ID"
                    + " (the application (client) id registered in Entra ID)");
        }
        clientSecretFile = clientSecretFile == null || clientSecretFile.isBlank() ? null : clientSecretFile.strip();
        clientSecret = clientSecretFile != null ? readSecretFile(clientSecretFile) : requireSecret(clientSecret);
        baseUrl = absoluteUrl(baseUrl, "graph.base-url", DEFAULT_BASE_URL);
        authority = absoluteUrl(authority, "graph.authority", DEFAULT_AUTHORITY);
        requireAtLeastOne(maxAttempts, "graph.max-attempts");
        requireAtLeastOne(parallelTenants, "graph.parallel-tenants");
        if (parallelTenants > MAX_PARALLEL_TENANTS) {
            throw new IllegalStateException(SETTINGS + "--graph.parallel-tenants=" + parallelTenants + ": expected "
                    + MAX_PARALLEL_TENANTS + " or fewer");
        }
        requireAtLeastOne(parallelChecks, "graph.parallel-checks");
        requireAtLeastOne(batchesInFlight, "graph.batches-in-flight");
        if (batchesInFlight > MAX_BATCHES_IN_FLIGHT) {
            throw new IllegalStateException(SETTINGS + "--graph.batches-in-flight=" + batchesInFlight + ": expected "
                    + MAX_BATCHES_IN_FLIGHT + " or fewer");
        }
        requirePositive(appWritesPerSecond, "graph.app-writes-per-second");
        requirePositive(tenantWritesPerSecond, "graph.tenant-writes-per-second");
        requirePositive(appReadUnitsPerSecond, "graph.app-read-units-per-second");
        requirePositive(tenantReadUnitsPerSecond, "graph.tenant-read-units-per-second");
        requirePositive(initialBackoff, "graph.initial-backoff");
        requirePositive(maxBackoff, "graph.max-backoff");
        requirePositive(timeout, "graph.timeout");
        if (initialBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalStateException(SETTINGS + "--graph.initial-backoff=" + initialBackoff
                    + " is longer than --graph.max-backoff=" + maxBackoff);
        }
    }

    private static Secret requireSecret(Secret fromEnvironment) {
        String value = fromEnvironment == null ? "" : stripTrailingNewlines(fromEnvironment.reveal());
        if (value.isEmpty()) {
            throw new IllegalStateException("--gateway=graph needs the application's client secret: set the"
                    + " environment variable " + SECRET_VARIABLE + " or give --graph.client-secret-file=PATH");
        }
        return Secret.of(value);
    }

    private static Secret readSecretFile(String file) {
        String value;
        try {
            value = stripTrailingNewlines(Files.readString(Path.of(file), StandardCharsets.UTF_8));
        }
        catch (IOException | InvalidPathException e) {
            // no cause attached: the launcher prints the root cause's message as the
            // operator's one
            // line; the reason is the exception's class, never the content
            throw new IllegalStateException("--graph.client-secret-file=" + file + ": cannot read the file ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (value.isEmpty()) {
            throw new IllegalStateException("--graph.client-secret-file=" + file + " is empty");
        }
        return Secret.of(value);
    }

    /**
     * Editors and {@code echo} end files with a newline that is not part of the secret.
     */
    private static String stripTrailingNewlines(String value) {
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
            end--;
        }
        return value.substring(0, end);
    }

    /**
     * A relative URL would send the token nowhere sensible; a trailing slash would double
     * in every path.
     */
    private static URI absoluteUrl(URI url, String option, String example) {
        if (url == null || url.getScheme() == null || url.getHost() == null) {
            throw new IllegalStateException(
                    "--" + option + "=" + (url == null ? "" : url) + ": expected an absolute URL such as " + example);
        }
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    private static void requireAtLeastOne(int value, String option) {
        if (value < 1) {
            throw new IllegalStateException(SETTINGS + "--" + option + "=" + value + ": expected 1 or more");
        }
    }

    private static void requirePositive(double value, String option) {
        if (!(value > 0) || Double.isInfinite(value)) {
            String given = Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                    : String.valueOf(value);
            throw new IllegalStateException(SETTINGS + "--" + option + "=" + given + ": expected a positive number");
        }
    }

    private static void requirePositive(Duration value, String option) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalStateException(SETTINGS + "--" + option + "=" + value + ": expected a positive duration");
        }
    }
}
