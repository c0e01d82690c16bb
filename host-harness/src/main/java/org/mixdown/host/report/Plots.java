package org.mixdown.host.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.DecimalFormat;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.mixdown.host.album.LoudnessTarget;

/**
 * Draws the report's charts with JFreeChart into PNG bytes. Needs AWT in headless mode (set by
 * {@link Report}); the caller handles a missing font or graphics stack.
 */
final class Plots {
    static final int WIDTH = 900;
    static final int HEIGHT = 320;
    /** Levels below this are drawn at it, so silence does not stretch the axis to -infinity. */
    static final double FLOOR_DB = -60;
    private static final Color BEFORE = new Color(150, 150, 150);
    private static final Color AFTER = new Color(31, 119, 180);
    private static final Color AFTER_2 = new Color(255, 127, 14);
    private static final Color TARGET = new Color(200, 30, 30);

    private Plots() {
    }

    static byte[] loudness(Recorder.Measurements m, LoudnessTarget target) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(xy("momentary before", m.momentaryBefore()));
        data.addSeries(xy("short-term before", m.shortTermBefore()));
        data.addSeries(xy("momentary after", m.momentaryAfter()));
        data.addSeries(xy("short-term after", m.shortTermAfter()));
        JFreeChart chart = ChartFactory.createXYLineChart(m.title() + ": loudness over time", "time (s)", "LUFS",
                data);
        XYPlot plot = plot(chart, new Color(205, 205, 205), BEFORE, new Color(160, 200, 235), AFTER);
        if (target != null) {
            marker(plot, target.lufs(), "target " + target.lufs() + " LUFS");
        }
        return png(chart);
    }

    static byte[] truePeak(Recorder.Measurements m, LoudnessTarget target) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(xy("before", m.truePeakBefore()));
        data.addSeries(xy("after", m.truePeakAfter()));
        JFreeChart chart = ChartFactory.createXYLineChart(m.title() + ": true peak per 100 ms", "time (s)", "dBTP",
                data);
        XYPlot plot = plot(chart, BEFORE, AFTER);
        double ceiling = target == null ? 0 : target.truePeakDbtp();
        marker(plot, ceiling, "ceiling " + ceiling + " dBTP");
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return png(chart);
    }

    static byte[] gainReduction(Recorder.Measurements m) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : m.gainReduction()) {
            XYSeries xy = new XYSeries(s.name());
            for (int i = 0; i < s.size(); i++) {
                xy.add(s.time(i), s.value(i));
            }
            data.addSeries(xy);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(m.title() + ": gain reduction", "time (s)",
                "gain reduction (dB)", data);
        XYPlot plot = plot(chart);
        NumberAxis axis = (NumberAxis) plot.getRangeAxis();
        axis.setInverted(true);
        axis.setAutoRangeIncludesZero(true);
        double most = m.gainReduction().stream().mapToDouble(Series::max).max().orElse(0);
        if (!(most > 1)) {
            axis.setRange(0, 1);   // little or no reduction: a 0..1 dB scale, not one of 1e-9 dB
        }
        return png(chart);
    }

    static byte[] spectrum(Recorder.Measurements m) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(spectrum("before", m.spectrumBefore()));
        data.addSeries(spectrum("after", m.spectrumAfter()));
        JFreeChart chart = ChartFactory.createXYLineChart(m.title() + ": average spectrum", "frequency (Hz)",
                "dB (0 = full-scale sine)", data);
        XYPlot plot = plot(chart, BEFORE, AFTER);
        LogAxis frequency = new LogAxis("frequency (Hz)");
        frequency.setBase(2);
        frequency.setTickUnit(new NumberTickUnit(1));   // a tick per octave: 32, 64, ... 16384 Hz
        frequency.setNumberFormatOverride(new DecimalFormat("0"));
        frequency.setSmallestValue(20);
        frequency.setRange(20, m.sampleRate() / 2.0);
        plot.setDomainAxis(frequency);
        return png(chart);
    }

    static byte[] waveform(Recorder.Measurements m) throws IOException {
        YIntervalSeries band = new YIntervalSeries("after (min..max per 100 ms)");
        Series min = m.waveformMin();
        Series max = m.waveformMax();
        for (int i = 0; i < min.size(); i++) {
            band.add(min.time(i), (min.value(i) + max.value(i)) / 2, min.value(i), max.value(i));
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(band);
        JFreeChart chart = ChartFactory.createXYLineChart(m.title() + ": waveform", "time (s)", "amplitude",
                data);
        XYPlot plot = chart.getXYPlot();
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setSeriesFillPaint(0, AFTER);
        renderer.setSeriesPaint(0, new Color(0, 0, 0, 0));
        renderer.setAlpha(0.9f);
        plot.setRenderer(renderer);
        plot.getRangeAxis().setRange(-1.05, 1.05);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return png(chart);
    }

    private static XYSeries xy(String name, Series s) {
        XYSeries xy = new XYSeries(name);
        for (int i = 0; i < s.size(); i++) {
            double v = s.value(i);
            xy.add(s.time(i), Double.isFinite(v) ? Math.max(FLOOR_DB, v) : FLOOR_DB);
        }
        return xy;
    }

    private static XYSeries spectrum(String name, Spectrum s) {
        XYSeries xy = new XYSeries(name);
        for (int k = 1; k < s.bins(); k++) {
            double f = s.frequency(k);
            if (f >= 20) {
                double v = s.levelDb(k);
                xy.add(f, Double.isFinite(v) ? Math.max(-140, v) : -140);
            }
        }
        return xy;
    }

    private static XYPlot plot(JFreeChart chart, Color... colours) {
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        Color[] defaults = {AFTER, AFTER_2, new Color(44, 160, 44), new Color(148, 103, 189), TARGET};
        for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, i < colours.length ? colours[i] : defaults[i % defaults.length]);
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return plot;
    }

    private static void marker(XYPlot plot, double value, String label) {
        ValueMarker marker = new ValueMarker(value, TARGET, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
        marker.setLabel(label);
        marker.setLabelPaint(TARGET);
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);   // under the line, inside the plot
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        plot.addRangeMarker(marker);
    }

    private static byte[] png(JFreeChart chart) throws IOException {
        chart.setAntiAlias(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        return out.toByteArray();
    }
}
