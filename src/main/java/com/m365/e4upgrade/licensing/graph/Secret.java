package com.m365.e4upgrade.licensing.graph;

import java.util.Objects;

/**
 * A credential (the app's client secret, an access token). Not a record: a record would
 * expose its value through an accessor that serializers, binders and debuggers pick up by
 * convention, whereas {@link #reveal()} is only ever called where the value goes on the
 * wire.
 */
public final class Secret {

    private static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /**
     * The clear value, for the one place that sends it (the token request, the
     * Authorization header).
     */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return MASK;
    }

}
