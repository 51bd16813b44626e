package dev.crossover.load.http;

/**
 * One way of sending the {@link HttpTarget}'s request, as the open- and closed-loop drivers use it:
 * {@link #send} hands a request over and returns without waiting for its answer, and {@code done} is
 * called once, from whatever thread the client completes on, with null or the failure.
 */
public interface HttpLoadClient extends AutoCloseable {

    /** Hands one request over; never waits for its answer. */
    void send(Done done);

    /** Threads the client holds for waiting requests (a pool's size; 0 where no thread waits per request). */
    int waitingThreads();

    /** How the client handles connections and threads, for the run's record. */
    String describe();

    /** Stops the client: requests still waiting fail, every socket and thread it started is released. */
    @Override
    void close();

    /** Called once per request. */
    @FunctionalInterface
    interface Done {
        void completed(Throwable failure);
    }
}
