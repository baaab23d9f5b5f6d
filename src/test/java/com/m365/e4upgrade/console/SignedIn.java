package com.m365.e4upgrade.console;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's session without a browser: signed in through the login form, cookies kept.
 */
final class SignedIn {

    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final RunningConsole console;

    private final HttpClient http;

    private String token;

    private SignedIn(RunningConsole console, HttpClient http) {
        this.console = console;
        this.http = http;
    }

    static SignedIn as(RunningConsole console, String account, String password) throws Exception {
        SignedIn browser = new SignedIn(console, HttpClient.newBuilder().cookieHandler(new CookieManager()).build());
        browser.readToken("/login");
        HttpResponse<String> signedIn = browser.form("/login", "username=" + account + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + browser.token);
        if (signedIn.statusCode() != 302 || signedIn.headers().firstValue("Location").orElse("").contains("error")) {
            throw new AssertionError("could not sign in: " + signedIn.statusCode());
        }
        browser.readToken("/");
        return browser;
    }

    String token() {
        return token;
    }

    /** A form post with that CSRF token, or none. */
    HttpResponse<String> post(String path, String csrfToken) throws Exception {
        return form(path, csrfToken == null ? "" : "_csrf=" + URLEncoder.encode(csrfToken, StandardCharsets.UTF_8));
    }

    private void readToken(String path) throws Exception {
        String page = http
            .send(HttpRequest.newBuilder(URI.create(console.base + path)).build(), HttpResponse.BodyHandlers.ofString())
            .body();
        Matcher matcher = TOKEN.matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("no CSRF token on " + path);
        }
        token = matcher.group(1);
    }

    private HttpResponse<String> form(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(console.base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

}
