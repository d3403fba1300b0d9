package io.stagegate.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A browser's view of Cockpit, Tasklist and Admin over plain HTTP: a cookie jar, Camunda's CSRF token read from its
 * {@code XSRF-TOKEN} cookie and sent back as {@code X-XSRF-TOKEN} (as the webapps' own JavaScript does), and the
 * webapps' form login.
 */
final class WebappSession {

    private final String base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;

    WebappSession(int port) {
        this.base = "http://localhost:" + port;
        this.client = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Opens the app's page: Camunda starts a session and hands out its CSRF token. */
    HttpResponse<String> open(String app) {
        return send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/" + app + "/default/"))
                .GET()
                .build());
    }

    /**
     * The webapps' login form post, with the CSRF token; the status of the answer. The login starts a new session,
     * whose CSRF token Camunda hands out on the next read: like the webapps, read the logged-in user right after.
     */
    int login(String app, String user, String password) {
        open(app);
        String form = "username=" + encode(user) + "&password=" + encode(password);
        int status = send(withToken(HttpRequest.newBuilder(
                                URI.create(base + "/camunda/api/admin/auth/user/default/login/" + app)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build())
                .statusCode();
        if (status == 200) {
            get("/camunda/api/admin/auth/user/default");
        }
        return status;
    }

    HttpResponse<String> get(String path) {
        return send(
                withToken(HttpRequest.newBuilder(URI.create(base + path))).GET().build());
    }

    /** A state-changing call of the webapps' API; {@code csrf} false leaves the token out, as a forged request would. */
    HttpResponse<String> send(String method, String path, String json, boolean csrf) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json == null ? "" : json));
        return send((csrf ? withToken(builder) : builder).build());
    }

    String csrfToken() {
        return cookie("XSRF-TOKEN");
    }

    String cookie(String name) {
        List<HttpCookie> all = cookies.getCookieStore().getCookies();
        return all.stream()
                .filter(cookie -> cookie.getName().equals(name))
                .map(HttpCookie::getValue)
                .reduce((first, last) -> last)
                .orElse(null);
    }

    private HttpRequest.Builder withToken(HttpRequest.Builder builder) {
        String token = csrfToken();
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

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
