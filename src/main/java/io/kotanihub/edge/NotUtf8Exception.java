package io.kotanihub.edge;

import java.io.IOException;

/** A request body is not valid UTF-8 text (400): the wording of the file drop's validation report. */
public class NotUtf8Exception extends IOException {

    /** What the file drop's validation report says of such a file, and what every body refused for it says. */
    public static final String DETAIL = "is not valid UTF-8 text (the file must be saved as UTF-8)";

    public NotUtf8Exception() {
        super("the body " + DETAIL);
    }
}
