package io.kotanihub.sandbox.web;

import java.util.Map;

/** An error answer of the sandbox, rendered as Kotani's Shape B ({@code success:false, message, error_code, data}). */
public class SandboxApiException extends RuntimeException {
    private final int status;
    private final Object data;

    public SandboxApiException(int status, String message) {
        this(status, message, Map.of());
    }

    public SandboxApiException(int status, String message, Object data) {
        super(message, null, false, false);
        this.status = status;
        this.data = data;
    }

    public int status() { return status; }
    public Object data() { return data; }

    public static SandboxApiException badRequest(String message) { return new SandboxApiException(400, message); }
    public static SandboxApiException notFound(String message) { return new SandboxApiException(404, message); }
}
