package com.m365.e4upgrade.console.security;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what. Denied by default: every path not named here is refused. Pages log in
 * with a form (a session, CSRF tokens on every form); scripts call the API with HTTP
 * Basic on each request (no session, no CSRF token: nothing a browser sends by itself).
 * The viewer may look and download; only the operator uploads, starts, stops, resumes and
 * reads the metrics. Spring Security's default headers (no caching, no framing, no MIME
 * sniffing) stay on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("console.enabled")
public class ConsoleSecurityConfiguration {

    static final String OPERATOR_ROLE = "OPERATOR";

    static final String VIEWER_ROLE = "VIEWER";

    @Bean
    public PasswordEncoder consolePasswordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    public UserDetailsService consoleUsers(ConsoleAccounts accounts) {
        List<UserDetails> users = new ArrayList<>();
        users.add(User.withUsername(ConsoleAccounts.OPERATOR)
            .password(accounts.operatorHash())
            .roles(OPERATOR_ROLE, VIEWER_ROLE)
            .build());
        if (accounts.viewerHash() != null) {
            users.add(User.withUsername(ConsoleAccounts.VIEWER)
                .password(accounts.viewerHash())
                .roles(VIEWER_ROLE)
                .build());
        }
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    public SecurityFilterChain consoleSecurity(HttpSecurity http) throws Exception {
        RequestMatcher api = request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return path.startsWith("/api/") || path.startsWith("/actuator/");
        };
        http.authorizeHttpRequests(requests -> requests
            .requestMatchers("/login", "/console/**", "/favicon.ico", "/error", "/actuator/health",
                    "/actuator/health/**")
            .permitAll()
            .requestMatchers("/actuator/**", "/migrations/new")
            .hasRole(OPERATOR_ROLE)
            .requestMatchers(HttpMethod.POST, "/api/**", "/migrations", "/migrations/**")
            .hasRole(OPERATOR_ROLE)
            .requestMatchers(HttpMethod.GET, "/", "/migrations", "/migrations/**", "/api/**")
            .hasRole(VIEWER_ROLE)
            .anyRequest()
            .denyAll())
            .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
            .httpBasic(basic -> basic.realmName("e4-upgrade"))
            .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
            .csrf(csrf -> csrf.ignoringRequestMatchers(ConsoleSecurityConfiguration::basicFromAScript))
            // a page asked before signing in is shown after it; an API call opens no
            // session
            .requestCache(cache -> cache.requestCache(pagesOnly(api)))
            .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(apiEntryPoint(), api)
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
                .defaultAccessDeniedHandlerFor((request, response, denied) -> json(response, 403,
                        "forbidden: this account may not do that (the viewer looks and downloads; the operator acts)"),
                        api));
        return http.build();
    }

    /**
     * A request with HTTP Basic credentials that no web page sent: browsers mark every
     * request of a page with Sec-Fetch-Site, so one from another site still needs the
     * CSRF token. curl and scripts send no such header.
     */
    static boolean basicFromAScript(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        String site = request.getHeader("Sec-Fetch-Site");
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)
                && (site == null || site.equals("same-origin") || site.equals("none"));
    }

    private static HttpSessionRequestCache pagesOnly(RequestMatcher api) {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(request -> "GET".equals(request.getMethod()) && !api.matches(request));
        return cache;
    }

    private static AuthenticationEntryPoint apiEntryPoint() {
        return (request, response, failure) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"e4-upgrade\"");
            json(response, 401, "unauthenticated: send the operator's or the viewer's credentials (HTTP Basic)");
        };
    }

    private static void json(HttpServletResponse response, int status, String error) throws java.io.IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"error\":\"" + error + "\"}");
    }

}
