package com.m365.e4upgrade.input;

/** A cell that breaks the contract; its message names the column and the problem. */
public class InvalidCellException extends RuntimeException {

    public InvalidCellException(String column, String problem) {
        super(column + ": " + problem);
    }

}
