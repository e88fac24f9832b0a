package io.kotanihub.edge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body is read through a counting stream that fails with {@link BodyTooLargeException} once more
 * than {@code limit} bytes came (a declared length or chunks alike), and whose reader decodes strictly as UTF-8
 * (failing with {@link NotUtf8Exception} on the first malformed byte, whatever charset the client declared).
 * The source is either the container's stream (read as the hub's code consumes it) or a body already read.
 */
class LimitedBodyRequest extends HttpServletRequestWrapper {

    private final ServletInputStream body;
    private BufferedReader reader;
    private volatile boolean tooLarge;
    private volatile boolean notUtf8;
    private boolean deferred;

    LimitedBodyRequest(HttpServletRequest request, InputStream source, long limit) {
        super(request);
        this.body = new Limited(source, limit);
    }

    private static final ServletInputStream EMPTY = new ServletInputStream() {
        @Override
        public int read() {
            return -1;
        }

        @Override
        public boolean isFinished() {
            return true;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("the hub reads request bodies blocking");
        }
    };

    boolean tooLarge() { return tooLarge; }
    boolean notUtf8() { return notUtf8; }

    @Override
    public ServletInputStream getInputStream() {
        return deferred ? EMPTY : body;
    }

    @Override
    public BufferedReader getReader() {
        return deferred ? new BufferedReader(Reader.nullReader()) : body();
    }

    /**
     * Hands the body over beside the servlet API: {@link #getInputStream()} and {@link #getReader()} then read
     * nothing, and the body is only {@link #body()}, exposed as the request attribute {@code attribute}. Camel's
     * platform-http reads every body whole into memory before a route starts; a body handed over this way streams
     * straight to the hub's code (the CSV batch upload).
     */
    LimitedBodyRequest deferTo(String attribute) {
        deferred = true;
        setAttribute(attribute, body());
        return this;
    }

    /** The body, decoded strictly as UTF-8 and cut at the limit. */
    BufferedReader body() {
        if (reader == null) {
            reader = new BufferedReader(new StrictUtf8(new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT))), 65536);
        }
        return reader;
    }

    @Override
    public String getCharacterEncoding() {
        return StandardCharsets.UTF_8.name();
    }

    private final class StrictUtf8 extends Reader {
        private final Reader in;

        StrictUtf8(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            try {
                return in.read(buffer, offset, length);
            } catch (CharacterCodingException e) {
                notUtf8 = true;
                throw new NotUtf8Exception();
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private final class Limited extends ServletInputStream {
        private final InputStream in;
        private final long limit;
        private long count;
        private boolean finished;

        Limited(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (tooLarge) {
                throw new BodyTooLargeException(limit);
            }
            int n = in.read(buffer, offset, (int) Math.min(length, limit - count + 1));
            if (n < 0) {
                finished = true;
                return n;
            }
            count += n;
            if (count > limit) {
                tooLarge = true;
                throw new BodyTooLargeException(limit);
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("the hub reads request bodies blocking");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
