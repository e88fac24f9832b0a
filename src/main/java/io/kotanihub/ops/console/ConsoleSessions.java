package io.kotanihub.ops.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Console sign-ins: a random token in an HttpOnly cookie, only its SHA-256 in {@code console_sessions}, so that any
 * hub instance sharing the database recognises it and a database dump does not reveal a usable token.
 */
@Component
public class ConsoleSessions {

    private final JdbcTemplate jdbc;
    private final ConsoleProperties properties;
    private final SecureRandom random = new SecureRandom();

    public ConsoleSessions(JdbcTemplate jdbc, ConsoleProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** A new session; returns its token (the cookie value). Expired sessions are swept at the same time. */
    public String open() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("delete from console_sessions where expires_at < ?", now);
        jdbc.update("insert into console_sessions (token_hash, created_at, expires_at) values (?, ?, ?)",
                hash(token), now, now.plus(properties.getSessionTimeout()));
        return token;
    }

    public boolean valid(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return false;
        }
        Integer n = jdbc.queryForObject("select count(*) from console_sessions where token_hash = ? and expires_at > ?",
                Integer.class, hash(token), OffsetDateTime.now(ZoneOffset.UTC));
        return n != null && n > 0;
    }

    public void close(String token) {
        if (token != null) {
            jdbc.update("delete from console_sessions where token_hash = ?", hash(token));
        }
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
