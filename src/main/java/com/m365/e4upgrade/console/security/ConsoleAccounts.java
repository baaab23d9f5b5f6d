package com.m365.e4upgrade.console.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The console's two accounts, held only as hashes: {@code operator} (upload, start, stop,
 * resume) and, when it has a password, the read-only {@code viewer}. A password comes
 * from a file named on the command line or, failing that, from the environment, never
 * from the command line itself (ps would show it); it is hashed at start and the text
 * dropped.
 *
 * @param operatorHash the operator's password hash
 * @param viewerHash the viewer's, or null when there is no viewer account
 */
public record ConsoleAccounts(String operatorHash, String viewerHash) {

    public static final String OPERATOR = "operator";

    public static final String VIEWER = "viewer";

    public static final String OPERATOR_VARIABLE = "E4_CONSOLE_OPERATOR_PASSWORD";

    public static final String VIEWER_VARIABLE = "E4_CONSOLE_VIEWER_PASSWORD";

    static final String OPERATOR_FILE = "console.operator-password-file";

    static final String VIEWER_FILE = "console.viewer-password-file";

    /** A password that cannot be had, as the one line that says which and why. */
    public static final class Refused extends Exception {

        public Refused(String message) {
            super(message);
        }

    }

    /**
     * Reads and hashes the passwords.
     * @throws Refused without an operator password, or with a file that cannot be read or
     * is empty
     */
    public static ConsoleAccounts load(Map<String, String> environment, String[] args, PasswordEncoder encoder)
            throws Refused {
        ApplicationArguments arguments = new DefaultApplicationArguments(args);
        String operator = password(arguments, OPERATOR_FILE, environment.get(OPERATOR_VARIABLE));
        if (operator == null) {
            throw new Refused("no operator password: set " + OPERATOR_VARIABLE + " or give --" + OPERATOR_FILE
                    + "=PATH (a file holding it); the console does not start without one");
        }
        String viewer = password(arguments, VIEWER_FILE, environment.get(VIEWER_VARIABLE));
        return new ConsoleAccounts(encoder.encode(operator), viewer == null ? null : encoder.encode(viewer));
    }

    private static String password(ApplicationArguments arguments, String option, String fromEnvironment)
            throws Refused {
        List<String> files = arguments.getOptionValues(option);
        if (files == null) {
            return fromEnvironment == null || fromEnvironment.isEmpty() ? null : fromEnvironment;
        }
        if (files.size() != 1 || files.get(0).isBlank()) {
            throw new Refused("option --" + option + " needs exactly one value");
        }
        try {
            Path file = Path.of(files.get(0));
            // the first line, without its line break: echo and editors add one
            String text = Files.readString(file).lines().findFirst().orElse("");
            if (text.isEmpty()) {
                throw new Refused("option --" + option + "=" + files.get(0) + ": the file holds no password");
            }
            return text;
        }
        catch (IOException | InvalidPathException | SecurityException e) {
            throw new Refused("option --" + option + "=" + files.get(0) + ": not a readable file");
        }
    }

}
