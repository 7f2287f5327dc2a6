package dev.warren.common;

import com.rabbitmq.client.Address;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A broker URI taken apart: {@code amqp[s]://[user[:password]@]host[:port][,host[:port]...][/vhost][?query]}.
 * {@link java.net.URI} cannot hold several hosts (it falls back to a registry authority with no host, and
 * amqp-client's {@code setUri} would then silently connect to {@code localhost}), so the authority is split
 * here and each host is checked on its own. Hosts keep the text they were written with, so a URI without
 * a port prints back without one.
 *
 * <p>Every error names the setting the text came from and never contains the password.
 */
final class BrokerUri {
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?");

    final String scheme;
    /** Raw (still percent-encoded) {@code user[:password]}, or null. */
    final String rawUserInfo;
    /** Each host as written ({@code h}, {@code h:5672}, {@code [::1]:5672}). */
    final List<String> hosts;
    final List<Address> addresses;
    /** Raw path and query ({@code /%2F?heartbeat=5}), possibly empty. */
    final String rawRest;

    private BrokerUri(String scheme, String rawUserInfo, List<String> hosts, List<Address> addresses, String rawRest) {
        this.scheme = scheme;
        this.rawUserInfo = rawUserInfo;
        this.hosts = List.copyOf(hosts);
        this.addresses = List.copyOf(addresses);
        this.rawRest = rawRest;
    }

    boolean tls() { return "amqps".equals(scheme); }

    int defaultPort() { return tls() ? 5671 : 5672; }

    /** Parses a URI read from {@code setting} (a variable or property name, used in error messages). */
    static BrokerUri parse(String setting, String text) {
        if (text == null || text.isBlank()) throw new WarrenException(setting + " is empty");
        String t = text.trim();
        int colon = t.indexOf("://");
        String scheme = colon < 0 ? "" : t.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
            throw new WarrenException(setting + " must start with amqp:// or amqps://: " + BrokerSettings.mask(t));
        }
        String afterScheme = t.substring(colon + 3);
        int end = indexOfAny(afterScheme, "/?#");
        String authority = end < 0 ? afterScheme : afterScheme.substring(0, end);
        String rest = end < 0 ? "" : afterScheme.substring(end);
        if (rest.startsWith("#")) rest = "";
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String hostList = at < 0 ? authority : authority.substring(at + 1);
        int port = scheme.equals("amqps") ? 5671 : 5672;
        List<String> hosts = splitHosts(setting, hostList, BrokerSettings.mask(t));
        BrokerUri u = new BrokerUri(scheme, userInfo, hosts, toAddresses(setting, hosts, port, BrokerSettings.mask(t)), rest);
        try {
            new URI(u.firstHostUri(null)); // checks the encoding of user info, virtual host and query
        } catch (URISyntaxException e) {
            throw new WarrenException(setting + " is not a valid URI (" + e.getReason() + "): " + BrokerSettings.mask(t), e);
        }
        return u;
    }

    /** The same URI with its hosts replaced by {@code list} ({@code host[:port],...}), read from {@code setting}. */
    BrokerUri withHosts(String setting, String list) {
        if (list == null || list.isBlank()) throw new WarrenException(setting + " is empty");
        List<String> h = splitHosts(setting, list.trim(), list.trim());
        return new BrokerUri(scheme, rawUserInfo, h, toAddresses(setting, h, defaultPort(), list.trim()), rawRest);
    }

    /** The URI with every host, and credentials as given (the password replaced by {@code rawPassword} when not null). */
    String format(String rawPassword) {
        return scheme + "://" + userInfo(rawPassword, false) + String.join(",", hosts) + rawRest;
    }

    /** The URI with every host and the password masked: safe to log. */
    String masked() {
        return scheme + "://" + userInfo(null, true) + String.join(",", hosts) + rawRest;
    }

    /**
     * A single-host URI for amqp-client's {@code setUri} (credentials, virtual host, query), naming the first
     * host; the password replaced by {@code rawPassword} when not null.
     */
    String firstHostUri(String rawPassword) {
        return scheme + "://" + userInfo(rawPassword, false) + hosts.get(0) + rawRest;
    }

    private String userInfo(String rawPassword, boolean mask) {
        if (rawUserInfo == null && rawPassword == null) return "";
        String user = rawUserInfo == null ? "guest" : rawUserInfo.split(":", 2)[0];
        boolean hasPassword = rawPassword != null || (rawUserInfo != null && rawUserInfo.contains(":"));
        if (!hasPassword) return user + "@";
        if (mask) return user + ":****@";
        return user + ":" + (rawPassword != null ? rawPassword : rawUserInfo.split(":", 2)[1]) + "@";
    }

    private static List<String> splitHosts(String setting, String list, String shown) {
        List<String> hosts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : list.split(",", -1)) {
            String h = part.trim();
            if (h.isEmpty()) throw new WarrenException(setting + " has an empty host in its host list: " + shown);
            if (!seen.add(h.toLowerCase(Locale.ROOT))) {
                throw new WarrenException(setting + " lists host " + h + " twice: " + shown);
            }
            hosts.add(h);
        }
        return hosts;
    }

    private static List<Address> toAddresses(String setting, List<String> hosts, int defaultPort, String shown) {
        List<Address> out = new ArrayList<>();
        for (String h : hosts) out.add(address(setting, h, defaultPort, shown));
        return out;
    }

    private static Address address(String setting, String h, int defaultPort, String shown) {
        String host;
        String port = null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) throw new WarrenException(setting + ": unclosed '[' in host " + h + " of " + shown);
            host = h.substring(1, close);
            String tail = h.substring(close + 1);
            if (!tail.isEmpty()) {
                if (!tail.startsWith(":")) throw new WarrenException(setting + ": bad host " + h + " in " + shown);
                port = tail.substring(1);
            }
            if (!IPV6.matcher(host).matches()) throw new WarrenException(setting + ": bad IPv6 address " + h + " in " + shown);
        } else {
            int c = h.indexOf(':');
            if (c >= 0 && h.indexOf(':', c + 1) >= 0) {
                throw new WarrenException(setting + ": write an IPv6 address in brackets ([::1]:5672): " + h + " in " + shown);
            }
            host = c < 0 ? h : h.substring(0, c);
            port = c < 0 ? null : h.substring(c + 1);
            if (!HOST_NAME.matcher(host).matches()) {
                throw new WarrenException(setting + ": bad host name '" + host + "' in " + shown);
            }
        }
        return new Address(host, port == null ? defaultPort : port(setting, h, port, shown));
    }

    private static int port(String setting, String h, String port, String shown) {
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535) {
            throw new WarrenException(setting + ": port of " + h + " must be a number in 1..65535 in " + shown);
        }
        return p;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) return i;
        }
        return -1;
    }
}
