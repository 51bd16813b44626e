package dev.crossover.load.http;

/** The clients compared on the same HTTP requests, by how they wait. */
public enum HttpClientKind {
    /** Blocking {@code HttpClient.send} on a fixed pool of {@code cores} platform threads. */
    FIXED_CORES(true),
    /** Blocking {@code send} on a fixed pool sized by the blocking formula {@code cores × (1 + wait/compute)}. */
    FIXED_FORMULA(true),
    /** Blocking {@code send} on a virtual thread per request. */
    VIRTUAL(true),
    /** Blocking {@code send} in {@code cores} child JVMs with formula ÷ cores threads each (the {@code http-get} kernel). */
    PROCESS(true),
    /** Non-blocking {@code HttpClient.sendAsync} chains: no thread held per request. */
    ASYNC(false),
    /** One thread running an NIO selector loop over plain sockets, speaking HTTP/1.1 itself: the asyncio-style loop. */
    EVENT_LOOP(false);

    private final boolean blocking;

    HttpClientKind(boolean blocking) {
        this.blocking = blocking;
    }

    /** True when a thread waits for each request. */
    public boolean blocking() {
        return blocking;
    }
}
