package org.mixdown.host.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The measurements of one file. Levels that do not exist (the loudness of silence, the correlation of a
 * mono file's missing second channel) are null in JSON, never a made-up number.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"file", "integratedLufs", "loudnessRange", "shortTermMaxLufs", "momentaryMaxLufs",
    "truePeakDbtp", "samplePeakDbfs", "rmsDbfs", "correlation", "durationSeconds", "sampleRate", "channels"})
public record AnalysisResult(String file, Double integratedLufs, Double loudnessRange, Double shortTermMaxLufs,
                             Double momentaryMaxLufs, Double truePeakDbtp, Double samplePeakDbfs, Double rmsDbfs,
                             Double correlation, double durationSeconds, int sampleRate, int channels) {

    /** A finite number, or null (JSON has no infinities). */
    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
