package com.m365.e4upgrade.licensing;

/**
 * A failure that may pass if the same call is made again later (timeout, throttling, a
 * service briefly unavailable). The reassign step retries the chunk with backoff on it.
 */
public class TransientGatewayException extends RuntimeException {

    public TransientGatewayException(String message) {
        super(message);
    }

    public TransientGatewayException(String message, Throwable cause) {
        super(message, cause);
    }

}
