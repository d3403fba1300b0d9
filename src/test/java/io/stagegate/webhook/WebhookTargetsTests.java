package io.stagegate.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagegate.webhook.WebhookTargets.Kind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF rules: which addresses are refused, and what {@code allowed-hosts} lets through. */
class WebhookTargetsTests {

    private static final WebhookTargets NOTHING_ALLOWED = WebhookTargets.withDns(List.of());

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "127.0.0.1, LOOPBACK",
        "127.10.20.30, LOOPBACK",
        "::1, LOOPBACK",
        "::ffff:127.0.0.1, LOOPBACK",
        "2002:7f00:1::1, LOOPBACK",
        "169.254.169.254, METADATA",
        "::ffff:169.254.169.254, METADATA",
        "100.100.100.200, METADATA",
        "fd00:ec2::254, METADATA",
        "169.254.0.1, LINK_LOCAL",
        "fe80::1, LINK_LOCAL",
        "febf:ffff::1, LINK_LOCAL",
        "10.0.0.1, PRIVATE",
        "10.255.255.255, PRIVATE",
        "172.16.0.1, PRIVATE",
        "172.31.255.254, PRIVATE",
        "192.168.1.10, PRIVATE",
        "100.64.0.1, PRIVATE",
        "fc00::1, PRIVATE",
        "fd12:3456:789a::1, PRIVATE",
        "fec0::1, PRIVATE",
        "64:ff9b::a00:1, PRIVATE",
        "0.0.0.0, UNSPECIFIED",
        "::, UNSPECIFIED",
        "224.0.0.251, MULTICAST",
        "ff02::1, MULTICAST",
        "255.255.255.255, RESERVED",
        "240.0.0.1, RESERVED",
        "2001:db8::1, RESERVED",
        "8.8.8.8, PUBLIC",
        "172.32.0.1, PUBLIC",
        "172.15.255.255, PUBLIC",
        "100.128.0.1, PUBLIC",
        "169.255.0.1, PUBLIC",
        "2606:4700:4700::1111, PUBLIC",
        "64:ff9b::808:808, PUBLIC"
    })
    void classifiesAddresses(String address, Kind kind) throws UnknownHostException {
        assertThat(WebhookTargets.classify(InetAddress.getByName(address))).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8080/hook",
                "http://localhost/hook",
                "http://[::1]/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/hook",
                "https://192.168.0.10/hook",
                "http://[fe80::1]/hook",
                "http://0.0.0.0/",
                "http://[::ffff:10.0.0.1]/"
            })
    void refusesLoopbackLinkLocalMetadataAndPrivateTargetsWhenNothingIsAllowed(String url) {
        assertThatThrownBy(() -> NOTHING_ALLOWED.check(url))
                .isInstanceOf(WebhookTargets.Refused.class)
                .hasMessageContaining("only public addresses");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://example.com/hook",
                "file:///etc/passwd",
                "javascript:alert(1)",
                "/relative/hook",
                "https://user:password@hooks.example.com/",
                "https:///no-host",
                "https://hooks.example.com/#fragment",
                "not a url",
                ""
            })
    void refusesUrlsThatAreNotPlainHttpTargets(String url) {
        assertThatThrownBy(() -> NOTHING_ALLOWED.check(url)).isInstanceOf(WebhookTargets.Refused.class);
    }

    @Test
    void acceptsAPublicAddress() {
        WebhookTargets targets = new WebhookTargets(List.of(), resolving(Map.of("hooks.example.com", "93.184.216.34")));
        assertThatCode(() -> targets.check("https://hooks.example.com/stagegate?x=1"))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesANameThatResolvesToAPrivateAddress() {
        WebhookTargets targets = new WebhookTargets(List.of(), resolving(Map.of("hooks.example.com", "10.0.0.5")));
        assertThatThrownBy(() -> targets.check("https://hooks.example.com/"))
                .isInstanceOf(WebhookTargets.Refused.class)
                .hasMessageContaining("a private address (10.0.0.5)");
    }

    @Test
    void refusesANameWithOnePrivateAddressAmongPublicOnes() {
        WebhookTargets targets = new WebhookTargets(List.of(), host ->
                new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("127.0.0.1")});
        assertThatThrownBy(() -> targets.check("https://hooks.example.com/"))
                .isInstanceOf(WebhookTargets.Refused.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void checksTheAddressAgainAtEveryCallAgainstDnsRebinding() throws Exception {
        Deque<String> answers = new ArrayDeque<>(List.of("93.184.216.34", "169.254.169.254"));
        WebhookTargets targets =
                new WebhookTargets(List.of(), host -> new InetAddress[] {InetAddress.getByName(answers.pop())});

        var uri = targets.check("https://rebind.example.com/hook");

        assertThatThrownBy(() -> targets.checkAddresses(uri))
                .isInstanceOf(WebhookTargets.Refused.class)
                .hasMessageContaining("cloud metadata");
    }

    @Test
    void refusesAHostThatDoesNotResolve() {
        WebhookTargets targets = new WebhookTargets(List.of(), resolving(Map.of()));
        assertThatThrownBy(() -> targets.check("https://nowhere.invalid/"))
                .isInstanceOf(WebhookTargets.Refused.class)
                .hasMessageContaining("cannot be resolved");
    }

    @Test
    void allowsAListedHostNameWhateverItResolvesTo() throws Exception {
        WebhookTargets targets = new WebhookTargets(
                List.of("erp.internal.example", "other.example"),
                resolving(Map.of("erp.internal.example", "10.0.0.5", "unlisted.example", "10.0.0.6")));

        assertThatCode(() -> targets.check("https://ERP.internal.example./hooks"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> targets.check("https://unlisted.example/hooks"))
                .isInstanceOf(WebhookTargets.Refused.class);
    }

    @Test
    void allowsAddressesInsideListedCidrRangesOnly() {
        WebhookTargets targets = new WebhookTargets(
                List.of("10.20.0.0/16", "fd00:1234::/32", "127.0.0.1"),
                resolving(Map.of(
                        "in.example", "10.20.3.4",
                        "out.example", "10.21.0.1",
                        "v6in.example", "fd00:1234:5::1",
                        "v6out.example", "fd00:1235::1")));

        assertThatCode(() -> targets.check("http://in.example/")).doesNotThrowAnyException();
        assertThatCode(() -> targets.check("http://v6in.example/")).doesNotThrowAnyException();
        assertThatCode(() -> targets.check("http://127.0.0.1:9000/")).doesNotThrowAnyException();
        assertThatThrownBy(() -> targets.check("http://out.example/")).isInstanceOf(WebhookTargets.Refused.class);
        assertThatThrownBy(() -> targets.check("http://v6out.example/")).isInstanceOf(WebhookTargets.Refused.class);
        assertThatThrownBy(() -> targets.check("http://127.0.0.2/")).isInstanceOf(WebhookTargets.Refused.class);
        assertThatThrownBy(() -> targets.check("http://[::1]/")).isInstanceOf(WebhookTargets.Refused.class);
    }

    @Test
    void matchesCidrRangesThatDoNotEndOnAByteBoundary() throws Exception {
        WebhookTargets.Cidr range = WebhookTargets.Cidr.parse("172.16.0.0/12").orElseThrow();

        assertThat(range.contains(InetAddress.getByName("172.31.255.255"))).isTrue();
        assertThat(range.contains(InetAddress.getByName("172.32.0.0"))).isFalse();
        assertThat(range.contains(InetAddress.getByName("::ffff:172.16.0.1"))).isTrue();
        assertThat(range.contains(InetAddress.getByName("fc00::1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/x", "fd00::/129", "999.1.1.1/8"})
    void refusesToStartWithAnInvalidRange(String entry) {
        assertThatThrownBy(() -> WebhookTargets.withDns(List.of(entry)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("allowed-hosts");
    }

    private static WebhookTargets.Resolver resolving(Map<String, String> table) {
        return host -> {
            String address = table.get(host.toLowerCase());
            if (address == null) {
                if (host.matches("[0-9.]+") || host.contains(":")) {
                    return new InetAddress[] {InetAddress.getByName(host)};
                }
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {
                InetAddress.getByAddress(host, InetAddress.getByName(address).getAddress())
            };
        };
    }
}
