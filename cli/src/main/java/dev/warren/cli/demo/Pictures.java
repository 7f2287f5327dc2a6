package dev.warren.cli.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/** Draws the demo's images with Java2D (headless): gradients, circles, stripes and a label. */
final class Pictures {
    private static final String[] THEMES = {"sunset", "rings", "stripes", "bubbles", "grid", "waves", "dots", "beams"};

    private Pictures() {}

    /** {@code count} PNGs by file name, e.g. {@code 01-sunset.png}. */
    static Map<String, byte[]> generate(int count, int width, int height) {
        System.setProperty("java.awt.headless", "true");
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String theme = THEMES[i % THEMES.length];
            images.put(String.format("%02d-%s.png", i + 1, theme), png(draw(i, theme, width, height)));
        }
        return images;
    }

    private static BufferedImage draw(int index, String theme, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Random rnd = new Random(index * 7919L + 17);
            Color a = Color.getHSBColor(rnd.nextFloat(), 0.7f, 0.95f);
            Color b = Color.getHSBColor(rnd.nextFloat(), 0.8f, 0.35f);
            g.setPaint(new GradientPaint(0, 0, a, w, h, b));
            g.fillRect(0, 0, w, h);
            g.setStroke(new BasicStroke(Math.max(2, w / 100f)));
            for (int k = 0; k < 12; k++) {
                g.setColor(Color.getHSBColor(rnd.nextFloat(), 0.6f, 1f));
                int x = rnd.nextInt(w);
                int y = rnd.nextInt(h);
                int r = 10 + rnd.nextInt(Math.max(11, h / 4));
                switch (theme) {
                    case "stripes", "beams" -> g.fillRect(k * w / 12, 0, w / 24, h);
                    case "rings", "waves" -> g.drawOval(w / 2 - r * 2, h / 2 - r * 2, r * 4, r * 4);
                    case "grid" -> {
                        g.drawLine(k * w / 12, 0, k * w / 12, h);
                        g.drawLine(0, k * h / 12, w, k * h / 12);
                    }
                    default -> g.fillOval(x - r, y - r, 2 * r, 2 * r);
                }
            }
            label(g, "warren #" + (index + 1), w, h);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** A label in white; skipped on a JDK without fonts (a headless image may lack fontconfig). */
    private static void label(Graphics2D g, String text, int w, int h) {
        try {
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, h / 8)));
            g.drawString(text, w / 16, h - h / 10);
        } catch (RuntimeException | LinkageError | InternalError noFonts) {
            // the picture is still a picture without its label
        }
    }

    private static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", out)) throw new IllegalStateException("no PNG writer");
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
