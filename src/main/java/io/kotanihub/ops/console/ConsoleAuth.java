package io.kotanihub.ops.console;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Nothing of the console without a signed-in session: a page request without one is sent to the sign-in page
 * (303), a data request ({@code /console/api/...}) is refused with 401. The session lives in an HttpOnly,
 * SameSite=Strict cookie scoped to {@code /console}, so no script can read it and no other site can send it.
 */
@Component
public class ConsoleAuth implements HandlerInterceptor {

    public static final String COOKIE = "kotani_console";
    static final String LOGIN = "/console/login";

    private final ConsoleSessions sessions;
    private final ConsoleProperties properties;

    public ConsoleAuth(ConsoleSessions sessions, ConsoleProperties properties) {
        this.sessions = sessions;
        this.properties = properties;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if (sessions.valid(token(request))) {
            return true;
        }
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (request.getRequestURI().startsWith("/console/api/")) {
            response.setStatus(401);
            response.setContentType("application/problem+json");
            response.getOutputStream().write(("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                    + "\"detail\":\"sign in to the console with a hub API key\"}").getBytes(StandardCharsets.UTF_8));
        } else {
            String page = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            response.setStatus(303);
            response.setHeader(HttpHeaders.LOCATION, "GET".equals(request.getMethod()) && safeNext(page)
                    ? LOGIN + "?next=" + URLEncoder.encode(page, StandardCharsets.UTF_8) : LOGIN);
        }
        return false;
    }

    /** Where to go after signing in: only a console page of this hub (never another site, never the sign-in). */
    static boolean safeNext(String next) {
        return next != null && next.length() <= 1000 && next.startsWith("/console") && !next.startsWith(LOGIN)
                && !next.startsWith("/console/api/") && !next.contains("//") && !next.contains("\\")
                && next.chars().noneMatch(Character::isISOControl);
    }

    static String token(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    /** The session cookie ({@code maxAgeSeconds} 0 removes it); Secure when configured or when reached over HTTPS. */
    String cookie(HttpServletRequest request, String value, long maxAgeSeconds) {
        return ResponseCookie.from(COOKIE, value).path("/console").httpOnly(true).sameSite("Strict")
                .secure(properties.isSecureCookie() || request.isSecure()).maxAge(maxAgeSeconds).build().toString();
    }
}
