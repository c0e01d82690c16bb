package org.mixdown.host.cli;

import org.mixdown.host.MixdownException;
import org.mixdown.host.io.SampleEncoding;

/** The --bits values the commands accept. */
final class Encodings {
    private Encodings() {
    }

    static SampleEncoding parse(String bits) {
        return switch (bits) {
            case "16" -> SampleEncoding.PCM_16;
            case "24" -> SampleEncoding.PCM_24;
            case "32f" -> SampleEncoding.FLOAT_32;
            default -> throw new MixdownException("--bits " + bits + ": expected 16, 24 or 32f");
        };
    }
}
