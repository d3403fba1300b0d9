package io.stagegate.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A browser for the webapps' OpenID Connect login over plain HTTP: a cookie jar, redirects followed one by one (and
 * recorded), the provider's user chosen by adding {@code login_hint} when the browser is sent to the provider, and
 * Camunda's CSRF token sent back as {@code X-XSRF-TOKEN} like the webapps' JavaScript does.
 */
final class OidcBrowser {

    private final String base;
    private final String provider;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;
    /** Every URI the last {@link #open} visited, in order. */
    final List<URI> visited = new ArrayList<>();

    OidcBrowser(int port, String provider) {
        this.base = "http://localhost:" + port;
        this.provider = provider;
        this.client = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Opens a page and follows redirects (at most 10); at the provider's authorization endpoint logs in as user. */
    HttpResponse<String> open(String path, String user) {
        visited.clear();
        URI uri = URI.create(base + path);
        for (int hop = 0; hop < 10; hop++) {
            if (uri.toString().startsWith(provider + "/auth?")) {
                uri = URI.create(uri + "&login_hint=" + user);
            }
            visited.add(uri);
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(uri).GET().build());
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() / 100 != 3 || location == null) {
                return response;
            }
            uri = uri.resolve(location);
        }
        throw new IllegalStateException("Redirect loop: " + visited);
    }

    HttpResponse<String> get(String path) {
        return send(
                withToken(HttpRequest.newBuilder(URI.create(base + path))).GET().build());
    }

    /** A state-changing call of the webapps' API, with Camunda's CSRF token. */
    HttpResponse<String> send(String method, String path, String json) {
        return send(withToken(HttpRequest.newBuilder(URI.create(base + path)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    HttpResponse<String> postForm(String path, String form) {
        return send(withToken(HttpRequest.newBuilder(URI.create(base + path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    }

    private HttpRequest.Builder withToken(HttpRequest.Builder builder) {
        String token = cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .reduce((first, last) -> last)
                .orElse(null);
        return token == null ? builder : builder.header("X-XSRF-TOKEN", token);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
