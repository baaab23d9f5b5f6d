package com.m365.e4upgrade.input;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * GUIDs compare case-insensitively, as Microsoft's do (csv-contract.md):
 * {@code 46FCD802-…} and {@code 46fcd802-…} name the same tenant. The database keys every
 * id in lower case; the reports write it as its file did.
 */
public final class Guids {

    private static final Pattern GUID = Pattern
        .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Guids() {
    }

    public static boolean isGuid(String value) {
        return GUID.matcher(value).matches();
    }

    /** The form under which an id is stored, compared and joined. */
    public static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

}
