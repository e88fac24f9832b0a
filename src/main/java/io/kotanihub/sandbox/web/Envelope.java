package io.kotanihub.sandbox.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** Kotani's success envelope (§2.1): {@code {success:true, message, data}}. */
public final class Envelope {
    private Envelope() { }

    public static Map<String, Object> ok(String message, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("message", message);
        body.put("data", data == null ? Map.of() : data);
        return body;
    }

    /** Shape B error body. */
    public static Map<String, Object> error(int status, String message, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("message", message);
        body.put("error_code", status);
        body.put("data", data == null ? Map.of() : data);
        return body;
    }
}
