package com.m365.e4upgrade.cli;

/** The contract's exit codes. */
public enum ExitCode {

    /** Completed, or already completed before (nothing done). */
    COMPLETED(0),
    /** Failed; the same command resumes. */
    FAILED(1),
    /**
     * Missing or unreadable file, missing required column, bad option; nothing written.
     */
    CANNOT_START(2),
    /** Stopped at --stop-at (or by SIGTERM); the same command resumes. */
    STOPPED(3),
    /**
     * The same migration, or the same database, is in use by another run; nothing done.
     */
    IN_USE(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

}
