package dev.warren.examples;

import dev.warren.examples.Examples;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** A separable Gaussian blur with Java ImageIO: decode, blur rows then columns, encode as PNG. */
final class ImageBlur {
    private ImageBlur() {}

    static Examples.BlurResult blur(Examples.BlurRequest req) throws IOException {
        if (req == null || req.image() == null) throw new IllegalArgumentException("no image");
        if (req.radius() < 1 || req.radius() > 64) throw new IllegalArgumentException("radius must be 1..64: " + req.radius());
        BufferedImage in = ImageIO.read(new ByteArrayInputStream(req.image()));
        if (in == null) throw new IllegalArgumentException("not an image ImageIO can read (" + req.image().length + " bytes)");
        int w = in.getWidth();
        int h = in.getHeight();
        if ((long) w * h > 50_000_000L) throw new IllegalArgumentException("image too large: " + w + "x" + h);
        int[] px = in.getRGB(0, 0, w, h, null, 0, w);
        float[] k = kernel(req.radius());
        int[] tmp = new int[px.length];
        pass(px, tmp, w, h, k, true);
        pass(tmp, px, w, h, k, false);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, px, 0, w);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(out, "png", png);
        return new Examples.BlurResult(png.toByteArray(), w, h);
    }

    static float[] kernel(int radius) {
        double sigma = Math.max(radius / 3.0, 0.5);
        float[] k = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            double v = Math.exp(-(i * i) / (2 * sigma * sigma));
            k[i + radius] = (float) v;
            sum += v;
        }
        for (int i = 0; i < k.length; i++) k[i] /= (float) sum;
        return k;
    }

    private static void pass(int[] src, int[] dst, int w, int h, float[] k, boolean horizontal) {
        int r = k.length / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float a = 0, rr = 0, g = 0, b = 0;
                for (int i = -r; i <= r; i++) {
                    int sx = horizontal ? clamp(x + i, w) : x;
                    int sy = horizontal ? y : clamp(y + i, h);
                    int p = src[sy * w + sx];
                    float kv = k[i + r];
                    a += kv * (p >>> 24);
                    rr += kv * ((p >> 16) & 0xFF);
                    g += kv * ((p >> 8) & 0xFF);
                    b += kv * (p & 0xFF);
                }
                dst[y * w + x] = (round(a) << 24) | (round(rr) << 16) | (round(g) << 8) | round(b);
            }
        }
    }

    private static int clamp(int v, int n) { return v < 0 ? 0 : v >= n ? n - 1 : v; }

    private static int round(float v) { return Math.min(255, Math.max(0, Math.round(v))); }
}
