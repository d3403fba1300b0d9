package io.stagegate.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which URLs webhooks may target, against server-side request forgery: http or https only, and every address the
 * host resolves to must be public — no loopback, link-local (cloud metadata included), private, multicast or
 * reserved address — unless the host name or the address is listed in {@code stagegate.webhooks.allowed-hosts}.
 * Checked when subscribing and again before every attempt, because what a name resolves to can change between
 * the two (DNS rebinding). The JVM caches successful lookups (30 s by default), so the HTTP client connects to the
 * addresses checked here a moment before.
 */
final class WebhookTargets {

    static final int MAX_URL_LENGTH = 2000;

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** fd00:ec2::254, the AWS instance metadata service over IPv6. */
    private static final byte[] AWS_METADATA_V6 = {
        (byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54
    };

    /** Resolves a host name to its addresses; DNS in production, a table in unit tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Why a target is refused; the message completes "url …". */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** What an address is, as far as forgery goes; everything but PUBLIC is refused unless allowed. */
    enum Kind {
        PUBLIC("a public"),
        LOOPBACK("a loopback"),
        LINK_LOCAL("a link-local"),
        METADATA("a cloud metadata"),
        PRIVATE("a private"),
        UNSPECIFIED("an unspecified"),
        MULTICAST("a multicast"),
        RESERVED("a reserved");

        private final String article;

        Kind(String article) {
            this.article = article;
        }

        String describe() {
            return article + " address";
        }
    }

    private final List<String> allowedNames;
    private final List<Cidr> allowedRanges;
    private final Resolver resolver;

    WebhookTargets(List<String> allowedHosts, Resolver resolver) {
        List<String> names = new ArrayList<>();
        List<Cidr> ranges = new ArrayList<>();
        for (String entry : allowedHosts) {
            String value = entry.strip();
            if (value.isEmpty()) {
                continue;
            }
            Optional<Cidr> range = Cidr.parse(value);
            if (range.isPresent()) {
                ranges.add(range.get());
            } else if (value.contains("/")
                    || value.contains(":")
                    || IPV4_LITERAL.matcher(value).matches()) {
                throw new IllegalStateException("stagegate.webhooks.allowed-hosts: '" + value
                        + "' is neither a host name nor a valid address or CIDR range");
            } else {
                names.add(normalize(value));
            }
        }
        this.allowedNames = List.copyOf(names);
        this.allowedRanges = List.copyOf(ranges);
        this.resolver = resolver;
    }

    static WebhookTargets withDns(List<String> allowedHosts) {
        return new WebhookTargets(allowedHosts, InetAddress::getAllByName);
    }

    /** Parses and checks a target: scheme, shape and every address the host resolves to now. */
    URI check(String url) throws Refused {
        URI uri = parse(url);
        checkAddresses(uri);
        return uri;
    }

    static URI parse(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused("is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new Refused("must have at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new Refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new Refused("must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getRawAuthority() == null) {
            throw new Refused("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not contain credentials; the signature authenticates deliveries");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not contain a fragment");
        }
        return uri;
    }

    /** Refuses the target unless its host is allowed by name or every address it resolves to is public or allowed. */
    void checkAddresses(URI uri) throws Refused {
        String host = host(uri);
        if (allowedNames.contains(normalize(host))) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new Refused("host " + host + " cannot be resolved");
        }
        if (addresses == null || addresses.length == 0) {
            throw new Refused("host " + host + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            Kind kind = classify(address);
            if (kind != Kind.PUBLIC && allowedRanges.stream().noneMatch(range -> range.contains(address))) {
                throw new Refused("host " + host + " resolves to " + kind.describe() + " ("
                        + address.getHostAddress() + "); only public addresses may be targeted unless the host is"
                        + " listed in stagegate.webhooks.allowed-hosts");
            }
        }
    }

    static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String normalize(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    static Kind classify(InetAddress address) {
        byte[] b = address.getAddress();
        return address instanceof Inet6Address ? classifyV6(b) : classifyV4(b);
    }

    private static Kind classifyV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if ((a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254) || (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200)) {
            return Kind.METADATA; // AWS, GCP, Azure, OpenStack …; Alibaba Cloud
        }
        if (a0 == 0) {
            return Kind.UNSPECIFIED;
        }
        if (a0 == 127) {
            return Kind.LOOPBACK;
        }
        if (a0 == 169 && a1 == 254) {
            return Kind.LINK_LOCAL;
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return Kind.PRIVATE;
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return Kind.PRIVATE; // shared address space (carrier-grade NAT)
        }
        if (a0 >= 224 && a0 <= 239) {
            return Kind.MULTICAST;
        }
        if (a0 >= 240
                || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))
                || (a0 == 198 && (a1 == 18 || a1 == 19))
                || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return Kind.RESERVED; // future use and broadcast, IETF protocol assignments, benchmarking, documentation
        }
        return Kind.PUBLIC;
    }

    private static Kind classifyV6(byte[] b) {
        if (Arrays.equals(b, new byte[16])) {
            return Kind.UNSPECIFIED;
        }
        if (allZero(b, 0, 15) && b[15] == 1) {
            return Kind.LOOPBACK;
        }
        if (Arrays.equals(b, AWS_METADATA_V6)) {
            return Kind.METADATA;
        }
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return classifyV4(Arrays.copyOfRange(b, 12, 16)); // IPv4-mapped
        }
        if (allZero(b, 0, 12)) {
            return classifyV4(Arrays.copyOfRange(b, 12, 16)); // IPv4-compatible (deprecated)
        }
        int first = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        if (first == 0x0064 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            return allZero(b, 4, 12) ? classifyV4(Arrays.copyOfRange(b, 12, 16)) : Kind.PRIVATE; // NAT64
        }
        if (first == 0x2002) {
            return classifyV4(Arrays.copyOfRange(b, 2, 6)); // 6to4 embeds the IPv4 address
        }
        if ((b[0] & 0xff) == 0xff) {
            return Kind.MULTICAST;
        }
        if ((first & 0xffc0) == 0xfe80) {
            return Kind.LINK_LOCAL;
        }
        if ((first & 0xffc0) == 0xfec0 || (first & 0xfe00) == 0xfc00) {
            return Kind.PRIVATE; // site-local (deprecated), unique local
        }
        if ((first == 0x2001 && ((b[2] & 0xff) << 8 | (b[3] & 0xff)) == 0x0db8)
                || (first == 0x0100 && allZero(b, 2, 8))
                || (first == 0x2001 && b[2] == 0 && b[3] == 0)) {
            return Kind.RESERVED; // documentation, discard-only, Teredo (hides the real IPv4 peer)
        }
        return Kind.PUBLIC;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** An address range of {@code allowed-hosts}: {@code 10.0.0.0/8}, {@code fd00::/8} or one address. */
    record Cidr(byte[] network, int prefix) {

        static Optional<Cidr> parse(String value) {
            int slash = value.indexOf('/');
            String address = slash < 0 ? value : value.substring(0, slash);
            byte[] bytes;
            if (IPV4_LITERAL.matcher(address).matches()) {
                bytes = new byte[4];
                String[] octets = address.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(octets[i]);
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
            } else if (address.contains(":")) {
                try {
                    bytes = InetAddress.getByName(address).getAddress(); // an IPv6 literal: no lookup
                } catch (UnknownHostException e) {
                    return Optional.empty();
                }
            } else {
                return Optional.empty();
            }
            int prefix;
            try {
                prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                return Optional.empty();
            }
            return Optional.of(new Cidr(bytes, prefix));
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
