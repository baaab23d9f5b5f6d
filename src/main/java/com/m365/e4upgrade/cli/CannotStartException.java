package com.m365.e4upgrade.cli;

/**
 * A problem found before anything is written: a bad option or an unusable input file
 * (exit code 2).
 */
public class CannotStartException extends Exception {

    public CannotStartException(String message) {
        super(message);
    }

}
