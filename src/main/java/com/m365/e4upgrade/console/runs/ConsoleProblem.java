package com.m365.e4upgrade.console.runs;

/**
 * Something the console refuses, as one line for the operator and the HTTP status that
 * says why: 400 for a file or option the command line would refuse too (with the same
 * line), 404 for what does not exist, 409 for an action the migration's state forbids.
 */
public class ConsoleProblem extends RuntimeException {

    private final int status;

    public ConsoleProblem(int status, String message) {
        super(message);
        this.status = status;
    }

    public static ConsoleProblem badRequest(String message) {
        return new ConsoleProblem(400, message);
    }

    public static ConsoleProblem notFound(String message) {
        return new ConsoleProblem(404, message);
    }

    public static ConsoleProblem conflict(String message) {
        return new ConsoleProblem(409, message);
    }

    public int status() {
        return status;
    }

}
