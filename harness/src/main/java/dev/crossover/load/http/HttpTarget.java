package dev.crossover.load.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * What every client of a comparison asks: {@code GET /delay?ms=D&bytes=B} on a loopback port, and how
 * the answer is checked (status 200, exactly {@code B} bytes of body).
 *
 * @param port    the {@link HttpDelayServer}'s port on the loopback interface
 * @param delayMs the delay the server waits before answering
 * @param bytes   the size of the body it answers with
 */
public record HttpTarget(int port, int delayMs, int bytes) {

    /** Kernel setting: the port. */
    public static final String PORT = "http.port";
    /** Kernel setting: the delay, ms. */
    public static final String DELAY_MS = "http.delayMs";
    /** Kernel setting: the body size, bytes. */
    public static final String BYTES = "http.bytes";
    /** How long one request may take before it fails: far above any delay used, so a lost server fails, never hangs. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    public HttpTarget {
        if (port < 1 || port > 65_535 || delayMs < 0 || delayMs > HttpDelayServer.MAX_DELAY_MS || bytes < 0
                || bytes > HttpDelayServer.MAX_BODY_BYTES) {
            throw new IllegalArgumentException("HTTP target: port 1..65535, delayMs 0.." + HttpDelayServer.MAX_DELAY_MS + ", bytes 0.."
                    + HttpDelayServer.MAX_BODY_BYTES + "; got port=" + port + " delayMs=" + delayMs + " bytes=" + bytes);
        }
    }

    /** The path and query of the request. */
    public String pathAndQuery() {
        return "/delay?ms=" + delayMs + "&bytes=" + bytes;
    }

    /** The request's URI. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery());
    }

    /** The request as {@link HttpClient} sends it. */
    public HttpRequest request() {
        return HttpRequest.newBuilder(uri()).GET().timeout(REQUEST_TIMEOUT).build();
    }

    /**
     * The JDK client every JDK-client configuration uses: HTTP/1.1, its default connection pool (a
     * kept-alive connection is reused when idle, a new one opened when none is: one connection per
     * request in flight, no cap), its default executor.
     */
    public static HttpClient newJdkClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** Throws unless {@code r} is the answer this target asks for. */
    public void check(HttpResponse<byte[]> r) throws java.io.IOException {
        check(r.statusCode(), r.body().length);
    }

    /** Throws unless a response of {@code status} with {@code bodyLength} bytes is the answer this target asks for. */
    public void check(int status, long bodyLength) throws java.io.IOException {
        if (status != 200 || bodyLength != bytes) {
            throw new java.io.IOException("GET " + uri() + " answered status " + status + " with " + bodyLength
                    + " bytes; expected 200 with " + bytes);
        }
    }

    /** As kernel settings. */
    public Map<String, String> settings() {
        return Map.of(PORT, Integer.toString(port), DELAY_MS, Integer.toString(delayMs), BYTES, Integer.toString(bytes));
    }

    /** From kernel settings. */
    public static HttpTarget of(Map<String, String> settings) {
        String port = settings.get(PORT);
        if (port == null) {
            throw new IllegalArgumentException("http-get: setting '" + PORT + "' is missing; start an HttpDelayServerProcess and pass "
                    + "HttpTarget.settings() to the pool");
        }
        return new HttpTarget(Integer.parseInt(port.trim()), Integer.parseInt(settings.getOrDefault(DELAY_MS, "0").trim()),
                Integer.parseInt(settings.getOrDefault(BYTES, "0").trim()));
    }
}
