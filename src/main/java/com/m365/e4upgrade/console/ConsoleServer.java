package com.m365.e4upgrade.console;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import com.m365.e4upgrade.console.security.ConsoleAccounts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.util.unit.DataSize;

/**
 * {@code serve}: the operator console, a web server on the job and its database that runs
 * until it is stopped (SIGTERM or Ctrl-C; a running migration then stops at a chunk
 * boundary and resumes later). The accounts' passwords are read and hashed before Spring
 * starts, so that without an operator password nothing starts (exit 2, one line).
 */
public final class ConsoleServer {

    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);

    /** H2's "database may be already in use": another process holds the file. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private static final Set<String> OPTIONS = Set.of("parallelism", "progress-interval", "sku-catalog", "gateway");

    private static final List<String> PASSED_THROUGH = List.of("spring.", "logging.", "server.", "console.",
            "management.", "graph.", "gateway.");

    private final Class<?> application;

    private final PrintStream out;

    private final PrintStream err;

    private final Map<String, String> environment;

    public ConsoleServer(Class<?> application, PrintStream out, PrintStream err, Map<String, String> environment) {
        this.application = application;
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public static boolean isAskedFor(String... args) {
        return args.length > 0 && args[0].equals("serve");
    }

    /** Serves until the console is stopped; returns the exit code. */
    public int run(String... args) {
        String[] options = Arrays.copyOfRange(args, 1, args.length);
        ConsoleAccounts accounts;
        DataSize maxUpload;
        try {
            checkOptions(options);
            maxUpload = maxUpload(options);
            accounts = ConsoleAccounts.load(environment, options,
                    PasswordEncoderFactories.createDelegatingPasswordEncoder());
        }
        catch (ConsoleAccounts.Refused e) {
            err.println("e4-upgrade: " + e.getMessage());
            return 2;
        }
        ConfigurableApplicationContext context;
        CountDownLatch closed = new CountDownLatch(1);
        try {
            context = new SpringApplicationBuilder(application)
                .initializers(starting -> starting.getBeanFactory().registerSingleton("consoleAccounts", accounts))
                .listeners(event -> {
                    if (event instanceof ContextClosedEvent) {
                        closed.countDown();
                    }
                })
                .run(serverArguments(options, maxUpload));
        }
        catch (RuntimeException failure) {
            return startupFailed(failure);
        }
        int port = context instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : -1;
        out.println("E4 upgrade console: http://localhost:" + port + "/ (accounts: operator"
                + (accounts.viewerHash() == null ? "" : ", viewer") + "; health at /actuator/health)");
        out.flush();
        try {
            closed.await();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.close();
        }
        return 0;
    }

    private static void checkOptions(String[] options) throws ConsoleAccounts.Refused {
        ApplicationArguments arguments = new DefaultApplicationArguments(options);
        for (String name : arguments.getOptionNames()) {
            if (!OPTIONS.contains(name) && PASSED_THROUGH.stream().noneMatch(name::startsWith)) {
                throw new ConsoleAccounts.Refused("unknown option --" + name + " for serve");
            }
        }
        if (!arguments.getNonOptionArgs().isEmpty()) {
            throw new ConsoleAccounts.Refused("unexpected argument " + arguments.getNonOptionArgs().get(0)
                    + " (options are written --name=value)");
        }
    }

    private DataSize maxUpload(String[] options) throws ConsoleAccounts.Refused {
        List<String> values = new DefaultApplicationArguments(options).getOptionValues("console.max-upload");
        String value = values == null ? environment.get("CONSOLE_MAX_UPLOAD") : values.get(values.size() - 1);
        if (value == null) {
            return DataSize.ofMegabytes(512);
        }
        try {
            DataSize size = DataSize.parse(value.strip());
            if (size.toBytes() > 0) {
                return size;
            }
        }
        catch (IllegalArgumentException e) {
            // refused below
        }
        throw new ConsoleAccounts.Refused("option --console.max-upload=" + value + ": expected a size (512MB, 2GB)");
    }

    /**
     * The command line's own arguments, then what makes this a console: a web server, the
     * console's beans, its messages, its upload limit (each file; a request holds two),
     * which Actuator endpoints are served. An argument outranks application.properties,
     * which keeps the command line a plain command.
     */
    private static String[] serverArguments(String[] options, DataSize maxUpload) {
        List<String> arguments = new ArrayList<>(Arrays.asList(options));
        arguments.add("--spring.main.web-application-type=servlet");
        arguments.add("--spring.main.register-shutdown-hook=true");
        arguments.add("--console.enabled=true");
        if (Arrays.stream(options).noneMatch(option -> option.startsWith("--console.max-upload="))) {
            arguments.add("--console.max-upload=" + maxUpload.toBytes() + "B");
        }
        arguments.add("--spring.messages.basename=messages,console-messages");
        // parsed when the controller reads it, so a refusal is the API's or the page's
        // own
        arguments.add("--spring.servlet.multipart.resolve-lazily=true");
        arguments.add("--spring.servlet.multipart.max-file-size=" + maxUpload.toBytes() + "B");
        arguments.add("--spring.servlet.multipart.max-request-size=" + (2 * maxUpload.toBytes() + 1_048_576) + "B");
        arguments.add("--management.endpoints.web.exposure.include=health,info,metrics,prometheus");
        arguments.add("--server.servlet.session.cookie.same-site=strict");
        if (Arrays.stream(options).noneMatch(option -> option.startsWith("--server.port="))) {
            arguments.add("--server.port=8080");
        }
        return arguments.toArray(String[]::new);
    }

    private int startupFailed(Throwable failure) {
        log.error("The console could not start", failure);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PortInUseException portInUse) {
                err.println("e4-upgrade: cannot start the console: port " + portInUse.getPort()
                        + " is in use (choose another with --server.port=N)");
                return 2;
            }
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                err.println("e4-upgrade: the database is in use by another run; the console did not start");
                return 4;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        err.println("e4-upgrade: cannot start the console: " + message.lines().findFirst().orElse(message)
                + " (details in logs/e4-upgrade.log)");
        return 1;
    }

}
