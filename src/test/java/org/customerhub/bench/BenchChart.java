package org.customerhub.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * The run as a picture, drawn with java.awt (headless): above, messages stored per second; below, each timed
 * ingest-to-queryable latency and lookup round trip (log scale); the phases marked along the time axis.
 */
final class BenchChart {
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 900;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final Color INGEST = new Color(0x1f77b4);
    private static final Color LATENCY = new Color(0xd62728);
    private static final Color LOOKUP = new Color(0x2ca02c);

    private BenchChart() {
    }

    static void write(Timeline timeline, String title, Path png) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 25);
        double seconds = Math.max(1, timeline.now());
        Panel top = new Panel(50, 400);
        Panel bottom = new Panel(470, 820);

        double maxRate = Math.max(1, timeline.ingest().stream().mapToDouble(Timeline.Point::value).max().orElse(1));
        top.frame(g, seconds, "messages stored per second", 0, maxRate, false);
        g.setColor(INGEST);
        g.setStroke(new BasicStroke(1.5f));
        Timeline.Point previous = null;
        for (Timeline.Point point : timeline.ingest()) {
            if (previous != null && point.second() - previous.second() < 1.5) {
                g.drawLine(x(previous.second(), seconds), top.y(previous.value(), 0, maxRate, false),
                        x(point.second(), seconds), top.y(point.value(), 0, maxRate, false));
            }
            previous = point;
        }

        double maxMs = Math.max(10, timeline.latencies().stream().mapToDouble(Timeline.Point::value).max().orElse(10));
        maxMs = Math.max(maxMs, timeline.lookups().stream().mapToDouble(Timeline.Point::value).max().orElse(10));
        bottom.frame(g, seconds, "latency, ms (log): ingest-to-queryable (red), lookups (green)", 0.1, maxMs, true);
        dots(g, timeline.latencies(), LATENCY, bottom, seconds, maxMs);
        dots(g, timeline.lookups(), LOOKUP, bottom, seconds, maxMs);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        List<String> names = timeline.phaseNames();
        List<Double> starts = timeline.phaseStarts();
        for (int i = 0; i < names.size(); i++) {
            int x = x(starts.get(i), seconds);
            g.setColor(new Color(0, 0, 0, 70));
            g.drawLine(x, top.top, x, bottom.bottom);
            g.setColor(Color.DARK_GRAY);
            g.drawString(names.get(i), x + 3, top.top + 12 + (i % 4) * 13);
        }
        g.setColor(Color.BLACK);
        g.drawString("seconds since the bench started (" + Math.round(seconds) + " s in all)", LEFT, HEIGHT - 20);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void dots(Graphics2D g, List<Timeline.Point> points, Color color, Panel panel, double seconds, double max) {
        g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 90));
        for (Timeline.Point point : points) {
            g.fillRect(x(point.second(), seconds) - 1, panel.y(point.value(), 0.1, max, true) - 1, 3, 3);
        }
    }

    private static int x(double second, double seconds) {
        return LEFT + (int) ((WIDTH - LEFT - RIGHT) * second / seconds);
    }

    private record Panel(int top, int bottom) {
        int y(double value, double min, double max, boolean log) {
            double share = log ? (Math.log10(Math.max(value, min)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
                    : (value - min) / (max - min);
            return bottom - (int) ((bottom - top) * Math.min(1, Math.max(0, share)));
        }

        void frame(Graphics2D g, double seconds, String label, double min, double max, boolean log) {
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1));
            g.drawRect(LEFT, top, WIDTH - LEFT - RIGHT, bottom - top);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(label, LEFT + 5, top - 5);
            for (int i = 0; i <= 4; i++) {
                double value = log ? Math.pow(10, Math.log10(min) + (Math.log10(max) - Math.log10(min)) * i / 4)
                        : min + (max - min) * i / 4;
                int y = y(value, min, max, log);
                g.setColor(new Color(0, 0, 0, 30));
                g.drawLine(LEFT, y, WIDTH - RIGHT, y);
                g.setColor(Color.BLACK);
                g.drawString(value >= 10 ? String.valueOf(Math.round(value)) : String.format("%.1f", value), 10, y + 4);
            }
            for (int i = 0; i <= 10; i++) {
                int x = x(seconds * i / 10, seconds);
                g.drawString(String.valueOf(Math.round(seconds * i / 10)), x - 8, bottom + 15);
            }
        }
    }
}
