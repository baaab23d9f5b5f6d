package com.m365.e4upgrade.input;

import java.util.Locale;

/**
 * GUIDs compare case-insensitively, as Microsoft's do (csv-contract.md):
 * {@code 46FCD802-…} and {@code 46fcd802-…} name the same tenant. The database keys every
 * id in lower case; the reports write it as its file did.
 */
public final class Guids {

    private Guids() {
    }

    /**
     * 8-4-4-4-12 hexadecimal digits, in either case (checked by hand: two per row of
     * users.csv, where a regular expression cost more than the rest of the row's checks).
     */
    public static boolean isGuid(String value) {
        if (value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The form under which an id is stored, compared and joined. */
    public static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

}
