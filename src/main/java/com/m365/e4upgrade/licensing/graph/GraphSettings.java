package com.m365.e4upgrade.licensing.graph;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * How the job reaches Microsoft Graph: {@code --graph.*} options, plus the client secret from the
 * environment variable {@value #SECRET_VARIABLE} or from {@code --graph.client-secret-file=PATH}.
 *
 * <p>The secret is deliberately not accepted as a {@code --graph.*} option: a command line is visible
 * to every user of the machine ({@code ps}) and ends up in shell histories and scheduler logs.
 *
 * @param baseUrl         Graph's root, without trailing slash (tests point it at a local server)
 * @param authority       Entra ID's login host, the token endpoint being {@code {authority}/{tenant}/oauth2/v2.0/token}
 * @param clientId        the application (client) id registered in Entra ID
 * @param clientSecret    the application's client secret; prints as {@code ****}
 * @param maxAttempts     sends of one call before a throttled or unavailable Graph counts as a transient failure
 * @param initialBackoff  the ceiling of the first backoff; doubles with each attempt
 * @param maxBackoff      the ceiling of a computed backoff (a Retry-After from Microsoft is honored as given)
 * @param parallelTenants how many tenants the reassign step moves at once
 * @param timeout         connect and response timeout of one HTTP call
 */
public record GraphSettings(
        URI baseUrl,
        URI authority,
        String clientId,
        Secret clientSecret,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        int parallelTenants,
        Duration timeout) {

    public static final String SECRET_VARIABLE = "GRAPH_CLIENT_SECRET";
    public static final String DEFAULT_BASE_URL = "https://graph.microsoft.com/v1.0";
    public static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";

    public GraphSettings {
        baseUrl = withoutTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl"));
        authority = withoutTrailingSlash(Objects.requireNonNull(authority, "authority"));
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("the client id is empty");
        }
        Objects.requireNonNull(clientSecret, "clientSecret");
        requireAtLeastOne(maxAttempts, "graph.max-attempts");
        requireAtLeastOne(parallelTenants, "graph.parallel-tenants");
        requirePositive(initialBackoff, "graph.initial-backoff");
        requirePositive(maxBackoff, "graph.max-backoff");
        requirePositive(timeout, "graph.timeout");
        if (initialBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalArgumentException("--graph.initial-backoff=" + initialBackoff
                    + " is longer than --graph.max-backoff=" + maxBackoff);
        }
    }

    /**
     * Reads the settings from Spring's environment (command line, system properties, environment
     * variables).
     *
     * @throws IllegalStateException with one clear line naming the missing or wrong option
     */
    public static GraphSettings from(Environment environment) {
        Binder binder = Binder.get(environment);
        String clientId = binder.bind("graph.client-id", String.class).map(String::strip).orElse("");
        if (clientId.isEmpty()) {
            throw new IllegalStateException("--gateway=graph needs --graph.client-id=ID"
                    + " (the application (client) id registered in Entra ID)");
        }
        Secret secret = clientSecret(environment, binder);
        try {
            return new GraphSettings(
                    url(bind(binder, "graph.base-url", String.class, DEFAULT_BASE_URL), "graph.base-url"),
                    url(bind(binder, "graph.authority", String.class, DEFAULT_AUTHORITY), "graph.authority"),
                    clientId,
                    secret,
                    bind(binder, "graph.max-attempts", Integer.class, 5),
                    bind(binder, "graph.initial-backoff", Duration.class, Duration.ofSeconds(1)),
                    bind(binder, "graph.max-backoff", Duration.class, Duration.ofSeconds(60)),
                    bind(binder, "graph.parallel-tenants", Integer.class, 4),
                    bind(binder, "graph.timeout", Duration.class, Duration.ofSeconds(30)));
        } catch (IllegalArgumentException e) {
            // no cause attached: the launcher prints the root cause's message as the operator's one line
            throw new IllegalStateException("Microsoft Graph settings: " + e.getMessage());
        }
    }

    /**
     * An explicit {@code --graph.client-secret-file} wins over the environment variable, as a command
     * line option wins over the environment everywhere else in Spring Boot.
     */
    private static Secret clientSecret(Environment environment, Binder binder) {
        String file = binder.bind("graph.client-secret-file", String.class).map(String::strip).orElse("");
        String value;
        if (!file.isEmpty()) {
            value = readSecretFile(Path.of(file));
            if (value.isEmpty()) {
                throw new IllegalStateException("--graph.client-secret-file=" + file + " is empty");
            }
        } else {
            value = stripTrailingNewlines(environment.getProperty(SECRET_VARIABLE, ""));
            if (value.isEmpty()) {
                throw new IllegalStateException("--gateway=graph needs the application's client secret: set the"
                        + " environment variable " + SECRET_VARIABLE + " or give --graph.client-secret-file=PATH");
            }
        }
        return Secret.of(value);
    }

    private static String readSecretFile(Path file) {
        try {
            return stripTrailingNewlines(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            // no cause attached (see from()); the reason is the exception's class, never the content
            throw new IllegalStateException("--graph.client-secret-file=" + file + ": cannot read the file ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Editors and {@code echo} end files with a newline that is not part of the secret. */
    private static String stripTrailingNewlines(String value) {
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
            end--;
        }
        return value.substring(0, end);
    }

    private static <T> T bind(Binder binder, String name, Class<T> type, T defaultValue) {
        try {
            return binder.bind(name, type).orElse(defaultValue);
        } catch (BindException e) {
            String given = binder.bind(name, String.class).orElse("");
            throw new IllegalStateException("--" + name + "=" + given + ": expected "
                    + (type == Duration.class ? "a duration such as 500ms, 2s or 1m" : "a whole number"));
        }
    }

    private static URI url(String text, String option) {
        try {
            URI uri = new URI(text.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(text, "not an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("--" + option + "=" + text + ": expected an absolute URL such as "
                    + (option.endsWith("authority") ? DEFAULT_AUTHORITY : DEFAULT_BASE_URL));
        }
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }

    private static void requireAtLeastOne(int value, String option) {
        if (value < 1) {
            throw new IllegalArgumentException("--" + option + "=" + value + ": expected 1 or more");
        }
    }

    private static void requirePositive(Duration value, String option) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("--" + option + "=" + value + ": expected a positive duration");
        }
    }
}
