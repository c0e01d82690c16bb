package org.mixdown.host.bridge;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns native port and parameter names into unique parameter ids valid for
 * {@link org.mixdown.api.ParameterSpec}: lower case, every run of characters outside {@code [a-z0-9]}
 * becomes one '_', no leading or trailing '_', a leading digit gets a 'p' in front, and repeats get
 * {@code _2}, {@code _3}... ("Input gain (G)" -> {@code input_gain_g}).
 */
public final class ParameterIds {
    private final Set<String> used = new HashSet<>();

    /** A unique id for {@code name}; {@code fallback} (e.g. {@code param_3}) when nothing is left of it. */
    public String next(String name, String fallback) {
        String base = sanitize(name);
        if (base.isEmpty()) {
            base = fallback;
        }
        String id = base;
        for (int n = 2; !used.add(id); n++) {
            id = base + "_" + n;
        }
        return id;
    }

    /** The sanitised form of one name (not de-duplicated). */
    public static String sanitize(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        boolean pendingUnderscore = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (pendingUnderscore && out.length() > 0) {
                    out.append('_');
                }
                pendingUnderscore = false;
                out.append(c);
            } else {
                pendingUnderscore = true;
            }
        }
        if (out.length() > 0 && Character.isDigit(out.charAt(0))) {
            out.insert(0, 'p');
        }
        return out.toString();
    }
}
