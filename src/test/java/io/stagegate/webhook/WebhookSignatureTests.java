package io.stagegate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The signature scheme that receivers verify. */
class WebhookSignatureTests {

    private static final String SECRET = "whsec-0123456789abcdef";
    private static final String BODY = "{\"id\":\"e1\",\"type\":\"phase.entered\"}";

    @Test
    void signsTimestampDotBodyWithHmacSha256InLowercaseHex() {
        // printf '%s' '1700000000.{"id":"e1","type":"phase.entered"}' | openssl dgst -sha256 -hmac
        // 'whsec-0123456789abcdef'
        assertThat(WebhookSignature.sign(SECRET, 1_700_000_000L, BODY))
                .isEqualTo("sha256=c6d4bd556bccf761ee619f702ff9d2f557f746f9130778bed1deaae3278dd040");
    }

    @Test
    void changesWithTheTimestampTheBodyAndTheSecret() {
        String signature = WebhookSignature.sign(SECRET, 1_700_000_000L, BODY);

        assertThat(WebhookSignature.sign(SECRET, 1_700_000_001L, BODY)).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(SECRET, 1_700_000_000L, BODY.replace("e1", "e2")))
                .isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(SECRET + "x", 1_700_000_000L, BODY)).isNotEqualTo(signature);
        assertThat(signature).matches("sha256=[0-9a-f]{64}");
    }

    @Test
    void signsTheBodyAsUtf8() {
        // printf '%s' '1700000000.{"name":"客服助手"}' | openssl dgst -sha256 -hmac 'whsec-0123456789abcdef'
        assertThat(WebhookSignature.sign(SECRET, 1_700_000_000L, "{\"name\":\"客服助手\"}"))
                .isEqualTo("sha256=7e5cae10e57d39e584187d1d4e468b3e3a81b2706bf5240e11306853263d9caf");
    }
}
