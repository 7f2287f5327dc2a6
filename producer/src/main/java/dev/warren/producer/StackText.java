package dev.warren.producer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text {@code Throwable.printStackTrace()} writes back into {@link RemoteStackTrace}s. A pure function.
 *
 * <pre>
 *  header line(s)                       → message (a multi-line message keeps its lines)
 *  {prefix}\tat [loader/][module[@v]/]pkg.Class.method(File.java:12) → a frame
 *  {prefix}\t... 3 more                 → the enclosing trace's last 3 frames
 *  {prefix}\tSuppressed: header         → a suppressed exception, its lines one tab deeper
 *  {prefix}Caused by: header            → the cause, at the same depth
 * </pre>
 *
 * Lines it cannot read (a stack cut short by the worker's size limit, another language's traceback) are skipped;
 * text with no frames at all still gives an exception whose message is the text.
 */
final class StackText {
    private static final String AT = "at ";
    private static final String SUPPRESSED = "Suppressed: ";
    private static final String CAUSED_BY = "Caused by: ";
    private static final Pattern MORE = Pattern.compile("\\.\\.\\. (\\d{1,9}) more");
    private static final Pattern HIDDEN_CLASS = Pattern.compile("/0x[0-9a-fA-F]+$");

    private final List<String> lines;
    private int next;

    private StackText(String text) {
        this.lines = text.lines().toList();
    }

    static RemoteStackTrace parse(String text) {
        if (text == null || text.isBlank()) return null;
        StackText p = new StackText(text.strip());
        return p.block(p.lines.get(p.next++), 0, new StackTraceElement[0]);
    }

    /** One exception printed at {@code depth} tabs, whose header line was just read. */
    private RemoteStackTrace block(String header, int depth, StackTraceElement[] enclosing) {
        StringBuilder message = new StringBuilder(header);
        List<StackTraceElement> frames = new ArrayList<>();
        List<RemoteStackTrace> suppressed = new ArrayList<>();
        RemoteStackTrace cause = null;
        while (next < lines.size() && cause == null) {
            String line = lines.get(next);
            int tabs = tabs(line);
            String rest = line.substring(tabs);
            Matcher more = MORE.matcher(rest);
            if (tabs == depth + 1 && rest.startsWith(AT)) {
                next++;
                StackTraceElement frame = frame(rest.substring(AT.length()));
                if (frame != null) frames.add(frame);
            } else if (tabs == depth + 1 && more.matches()) {
                next++;
                int n = Math.min(Integer.parseInt(more.group(1)), enclosing.length);
                frames.addAll(Arrays.asList(enclosing).subList(enclosing.length - n, enclosing.length));
            } else if (tabs == depth + 1 && rest.startsWith(SUPPRESSED)) {
                next++;
                suppressed.add(block(rest.substring(SUPPRESSED.length()), depth + 1, frames.toArray(StackTraceElement[]::new)));
            } else if (tabs == depth && rest.startsWith(CAUSED_BY)) {
                next++;
                cause = block(rest.substring(CAUSED_BY.length()), depth, frames.toArray(StackTraceElement[]::new));
            } else if ((rest.startsWith(SUPPRESSED) && tabs <= depth) || (rest.startsWith(CAUSED_BY) && tabs < depth)) {
                break; // an enclosing exception's next part
            } else {
                next++;
                if (frames.isEmpty() && suppressed.isEmpty() && tabs == 0) message.append('\n').append(line);
                // else: unreadable (a cut-off line, the "\t..." of a truncated stack): skipped
            }
        }
        RemoteStackTrace t = new RemoteStackTrace(message.toString(), frames.toArray(StackTraceElement[]::new), cause);
        suppressed.forEach(t::addSuppressed);
        return t;
    }

    private static int tabs(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == '\t') n++;
        return n;
    }

    /** {@code [loader/][module[@version]/]pkg.Class.method(Source)}, as {@link StackTraceElement#toString()} writes it; null if unreadable. */
    static StackTraceElement frame(String s) {
        int open = s.lastIndexOf('(');
        if (open < 0 || !s.endsWith(")")) return null;
        String qualified = s.substring(0, open);
        String source = s.substring(open + 1, s.length() - 1);
        int dot = qualified.lastIndexOf('.');
        if (dot <= 0 || dot == qualified.length() - 1) return null;
        String method = qualified.substring(dot + 1);
        String cls = qualified.substring(0, dot);
        Matcher hidden = HIDDEN_CLASS.matcher(cls); // a hidden class: pkg.Foo$$Lambda$14/0x0000000800c03000
        String suffix = hidden.find() ? cls.substring(hidden.start()) : "";
        String[] parts = cls.substring(0, cls.length() - suffix.length()).split("/", -1);
        if (parts.length > 3) return null;
        String loader = parts.length == 3 ? emptyToNull(parts[0]) : null;
        String module = parts.length >= 2 ? emptyToNull(parts[parts.length - 2]) : null;
        String version = null;
        if (module != null && module.indexOf('@') >= 0) {
            version = emptyToNull(module.substring(module.indexOf('@') + 1));
            module = module.substring(0, module.indexOf('@'));
        }
        String declaring = parts[parts.length - 1] + suffix;
        if (declaring.isEmpty()) return null;
        String file = null;
        int line = -1;
        if (source.equals("Native Method")) {
            line = -2;
        } else if (!source.equals("Unknown Source")) {
            int colon = source.lastIndexOf(':');
            String digits = source.substring(colon + 1);
            if (colon > 0 && !digits.isEmpty() && digits.length() <= 9 && digits.chars().allMatch(Character::isDigit)) {
                file = source.substring(0, colon);
                line = Integer.parseInt(digits);
            } else {
                file = source;
            }
        }
        return new StackTraceElement(loader, module, version, declaring, method, file, line);
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
