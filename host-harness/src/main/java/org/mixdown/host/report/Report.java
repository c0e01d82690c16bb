package org.mixdown.host.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mixdown.host.MixdownException;
import org.mixdown.host.album.LoudnessTarget;
import org.mixdown.host.analysis.AnalysisResult;

/**
 * Writes {@code report.html} (self-contained: the plots are embedded) and the plots as PNG files into a
 * directory. The page opens with a verdict a person reads in seconds: PASS or FAIL per render, with the
 * integrated loudness, loudness range, true peak and correlation against the target. If charts cannot be
 * drawn (no fonts, no graphics stack), the page is still written, without plots, with a warning.
 */
public final class Report {
    /** One rendered file and its measurements. */
    public record Section(String name, Recorder.Measurements measurements, List<String> notes) {
    }

    /** Draws a section's plots, by name; replaced in tests to play a machine without fonts. */
    interface Drawer {
        Map<String, byte[]> draw(Recorder.Measurements m, LoudnessTarget target) throws IOException;
    }

    static Drawer drawer = Report::plots;

    private Report() {
    }

    /**
     * Writes the report.
     *
     * @param target the loudness target, or null (then the verdict only checks for clipping: true peak <= 0 dBTP)
     * @return warnings (e.g. plots skipped); empty when all went well
     */
    public static List<String> write(Path directory, String title, LoudnessTarget target, List<Section> sections) {
        return write(directory, title, target, sections, List.of());
    }

    /** {@link #write(Path, String, LoudnessTarget, List)} with lines shown under the verdict (album figures...). */
    public static List<String> write(Path directory, String title, LoudnessTarget target, List<Section> sections,
                                     List<String> notes) {
        System.setProperty("java.awt.headless", "true");
        List<String> warnings = new ArrayList<>();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new MixdownException(directory + ": cannot create the report directory: " + e.getMessage(), e);
        }
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:960px}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;")
                .append("text-align:right}th:first-child,td:first-child{text-align:left}")
                .append(".pass{background:#2e7d32;color:#fff}.fail{background:#c62828;color:#fff}")
                .append(".verdict{font-size:1.6em;font-weight:bold;padding:.4em .8em;display:inline-block}")
                .append(".warn{color:#b26a00}img{display:block;margin:1em 0;max-width:100%}</style></head><body>\n");
        html.append("<h1>").append(escape(title)).append("</h1>\n");
        html.append("<p>Target: ").append(target == null ? "none (checked: no clipping, true peak &le; 0 dBTP)"
                : escape(target.toString()) + ", loudness within &plusmn;" + LoudnessTarget.TOLERANCE_LU + " LU")
                .append("</p>\n");
        boolean allPass = sections.stream().allMatch(s -> verdict(s.measurements().after(), target).isEmpty());
        html.append("<p class=\"verdict ").append(allPass ? "pass\">PASS" : "fail\">FAIL")
                .append("</p> ").append(sections.size()).append(sections.size() == 1 ? " file" : " files")
                .append("\n<table><tr><th>file</th><th>integrated (LUFS)</th><th>true peak (dBTP)</th>")
                .append("<th>verdict</th></tr>\n");
        for (Section s : sections) {
            AnalysisResult a = s.measurements().after();
            List<String> problems = verdict(a, target);
            html.append("<tr><td><a href=\"#").append(anchor(s.name())).append("\">").append(escape(s.name()))
                    .append("</a></td><td>").append(number(a.integratedLufs())).append("</td><td>")
                    .append(number(a.truePeakDbtp())).append("</td><td class=\"")
                    .append(problems.isEmpty() ? "pass\">pass" : "fail\">" + escape(String.join("; ", problems)))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
        for (String note : notes) {
            html.append("<p>").append(escape(note)).append("</p>\n");
        }
        boolean plotsWork = true;
        int index = 0;
        for (Section s : sections) {
            index++;
            html.append(section(s, target));
            if (!plotsWork) {
                continue;
            }
            try {
                for (Map.Entry<String, byte[]> plot : drawer.draw(s.measurements(), target).entrySet()) {
                    String file = String.format(Locale.ROOT, "%02d-%s.png", index, plot.getKey());
                    Files.write(directory.resolve(file), plot.getValue());
                    html.append("<img alt=\"").append(plot.getKey()).append("\" src=\"data:image/png;base64,")
                            .append(Base64.getEncoder().encodeToString(plot.getValue())).append("\">\n");
                }
            } catch (IOException e) {
                throw new MixdownException(directory + ": cannot write the plots: " + e.getMessage(), e);
            } catch (Exception | LinkageError | InternalError e) {
                // headless AWT without fonts or native libraries: keep the figures, drop the pictures
                plotsWork = false;
                String warning = "plots skipped: charts cannot be drawn here (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")";
                warnings.add(warning);
                html.append("<p class=\"warn\">").append(escape(warning)).append("</p>\n");
            }
        }
        html.append("</body></html>\n");
        try {
            Files.writeString(directory.resolve("report.html"), html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MixdownException(directory + ": cannot write report.html: " + e.getMessage(), e);
        }
        return warnings;
    }

    /** What is wrong with a master against the target; empty when it passes. */
    public static List<String> verdict(AnalysisResult a, LoudnessTarget target) {
        List<String> problems = new ArrayList<>();
        double peak = a.truePeakDbtp() == null ? Double.NEGATIVE_INFINITY : a.truePeakDbtp();
        double ceiling = target == null ? 0 : target.truePeakDbtp();
        if (peak > ceiling + 1e-9) {
            problems.add(String.format(Locale.ROOT, "true peak %.2f dBTP above %.1f", peak, ceiling));
        }
        if (target != null) {
            if (a.integratedLufs() == null) {
                problems.add("silent");
            } else if (Math.abs(a.integratedLufs() - target.lufs()) > LoudnessTarget.TOLERANCE_LU) {
                problems.add(String.format(Locale.ROOT, "%.2f LUFS, %+.2f LU off target", a.integratedLufs(),
                        a.integratedLufs() - target.lufs()));
            }
        }
        return problems;
    }

    static Map<String, byte[]> plots(Recorder.Measurements m, LoudnessTarget target) throws IOException {
        Map<String, byte[]> plots = new LinkedHashMap<>();
        plots.put("loudness", Plots.loudness(m, target));
        plots.put("truepeak", Plots.truePeak(m, target));
        if (!m.gainReduction().isEmpty()) {
            plots.put("gainreduction", Plots.gainReduction(m));
        }
        plots.put("spectrum", Plots.spectrum(m));
        plots.put("waveform", Plots.waveform(m));
        return plots;
    }

    private static String section(Section s, LoudnessTarget target) {
        AnalysisResult b = s.measurements().before();
        AnalysisResult a = s.measurements().after();
        List<String> problems = verdict(a, target);
        StringBuilder h = new StringBuilder();
        h.append("<h2 id=\"").append(anchor(s.name())).append("\">").append(escape(s.name())).append(" <span class=\"")
                .append(problems.isEmpty() ? "pass\">&nbsp;PASS&nbsp;" : "fail\">&nbsp;FAIL&nbsp;")
                .append("</span></h2>\n");
        for (String note : s.notes()) {
            h.append("<p>").append(escape(note)).append("</p>\n");
        }
        h.append("<table><tr><th></th><th>before</th><th>after</th><th>target</th><th></th></tr>\n");
        row(h, "integrated loudness (LUFS)", b.integratedLufs(), a.integratedLufs(),
                target == null ? "" : number(target.lufs()) + " &plusmn;" + LoudnessTarget.TOLERANCE_LU,
                target == null ? null : a.integratedLufs() != null
                        && Math.abs(a.integratedLufs() - target.lufs()) <= LoudnessTarget.TOLERANCE_LU);
        row(h, "loudness range (LU)", b.loudnessRange(), a.loudnessRange(), "", null);
        double ceiling = target == null ? 0 : target.truePeakDbtp();
        row(h, "true peak (dBTP)", b.truePeakDbtp(), a.truePeakDbtp(), "&le; " + number(ceiling),
                a.truePeakDbtp() == null || a.truePeakDbtp() <= ceiling + 1e-9);
        row(h, "max short-term (LUFS)", b.shortTermMaxLufs(), a.shortTermMaxLufs(), "", null);
        row(h, "L/R correlation", b.correlation(), a.correlation(), "&gt; 0 (mono-safe)",
                a.correlation() == null ? null : a.correlation() > 0);
        h.append(String.format(Locale.ROOT, "<tr><td>duration (s)</td><td>%.2f</td><td>%.2f</td><td></td><td></td>"
                + "</tr>\n</table>\n", b.durationSeconds(), a.durationSeconds()));
        return h.toString();
    }

    private static void row(StringBuilder h, String name, Double before, Double after, String target, Boolean ok) {
        h.append("<tr><td>").append(name).append("</td><td>").append(number(before)).append("</td><td>")
                .append(number(after)).append("</td><td>").append(target).append("</td><td")
                .append(ok == null ? ">" : ok ? " class=\"pass\">ok" : " class=\"fail\">no").append("</td></tr>\n");
    }

    private static String number(Double v) {
        return v == null ? "&ndash;" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String anchor(String name) {
        return "s-" + name.replaceAll("[^A-Za-z0-9]", "-");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
