package io.kotanihub.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Checks {@code Authorization: Bearer <hub key>} against the configured SHA-256 hashes, in constant time. Refuses to
 * start in the production profile while the development key {@code hub_dev_key} is accepted.
 */
@Component
public class ApiKeyAuthenticator {

    static final String DEVELOPMENT_KEY = "hub_dev_key";

    private final List<byte[]> hashes;

    public ApiKeyAuthenticator(ApiProperties properties, Environment environment) {
        this.hashes = properties.getKeyHashes().stream()
                .map(String::trim).filter(h -> !h.isEmpty())
                .map(h -> HexFormat.of().parseHex(h.toLowerCase())).toList();
        if (environment.acceptsProfiles(Profiles.of("production")) && accepts(DEVELOPMENT_KEY)) {
            throw new IllegalStateException("the production profile refuses the development API key hub_dev_key:"
                    + " set hub.api.key-hashes (HUB_API_KEY_HASHES) to the SHA-256 of your own keys");
        }
    }

    /** Throws a 401 problem unless the header carries an accepted key. */
    public void authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiProblem(401, "Unauthorized", "Authorization: Bearer <hub API key> is required");
        }
        if (!accepts(authorization.substring(7).trim())) {
            throw new ApiProblem(401, "Unauthorized", "the API key is not accepted");
        }
    }

    public boolean accepts(String key) {
        byte[] candidate = sha256(key);
        boolean match = false;
        for (byte[] hash : hashes) {
            match |= MessageDigest.isEqual(hash, candidate);
        }
        return match;
    }

    public static String hashOf(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
