package io.kotanihub.edge;

import java.io.IOException;

/** A request body passed its limit while it was being read: the rest of it is not read (413). */
public class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("the request body exceeds " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() { return limit; }
}
