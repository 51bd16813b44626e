package dev.crossover.load.http;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Non-blocking {@link HttpClient#sendAsync}: the answer completes a future, no thread waits for it. */
final class AsyncHttpClient implements HttpLoadClient {

    private final HttpTarget target;
    private final HttpRequest request;
    private final HttpClient client = HttpTarget.newJdkClient();

    AsyncHttpClient(HttpTarget target) {
        this.target = target;
        this.request = target.request();
    }

    @Override
    public void send(Done done) {
        try {
            client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
                if (e != null) {
                    done.completed(e);
                    return;
                }
                try {
                    target.check(r);
                    done.completed(null);
                } catch (Exception bad) {
                    done.completed(bad);
                }
            });
        } catch (RuntimeException e) {
            done.completed(e);
        }
    }

    @Override
    public int waitingThreads() {
        return 0;
    }

    @Override
    public String describe() {
        return "HttpClient.sendAsync, HTTP/1.1, the JDK client's connection pool (one kept-alive connection per request in flight, "
                + "reused when idle, no cap) and its default executor";
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
