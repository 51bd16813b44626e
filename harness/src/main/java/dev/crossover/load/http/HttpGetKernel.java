package dev.crossover.load.http;

import dev.crossover.workers.Kernel;
import dev.crossover.workers.TaskArgs;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Kernel {@code http-get}: one blocking {@link HttpClient#send} of the {@link HttpTarget} given in
 * the pool's settings, the notes' {@code requests.get} on a pool. The argument is ignored; the result
 * is {@code [bodyLength]}, checked against the target. One JDK client per kernel instance (per child
 * JVM in a process pool), closed with the kernel.
 */
public final class HttpGetKernel implements Kernel {

    private volatile HttpClient client;
    private volatile HttpTarget target;
    private volatile java.net.http.HttpRequest request;

    @Override
    public String name() {
        return "http-get";
    }

    @Override
    public void open(Map<String, String> settings) {
        target = HttpTarget.of(settings);
        request = target.request();
        client = HttpTarget.newJdkClient();
    }

    @Override
    public byte[] apply(byte[] arg) throws Exception {
        HttpClient c = client;
        if (c == null) {
            throw new IllegalStateException("http-get: open(settings) was not called");
        }
        HttpResponse<byte[]> r = c.send(request, HttpResponse.BodyHandlers.ofByteArray());
        target.check(r);
        return TaskArgs.longs(r.body().length);
    }

    @Override
    public void close() {
        HttpClient c = client;
        client = null;
        if (c != null) {
            c.shutdownNow(); // requests still waiting fail at once
        }
    }
}
