package dev.crossover.sizing;

import java.util.BitSet;

/**
 * A CPU of its own for a server and the rest for its clients, so that a load generator cannot starve
 * the server it measures: the server gets the last CPU this thread may use, the client side (this JVM
 * after {@link #bindClients()}, and every process it starts afterwards) the others. The clients are
 * sized by {@link #clientCores()}: the budget less the server's CPU. With fewer than two CPUs (in the
 * affinity mask or in the budget), or where affinity cannot be set, nothing is split: server and
 * clients share every CPU and the clients are sized by the whole budget ({@link #isSplit()} false).
 */
public final class ServerCpuSplit {

    private final BitSet before;
    private final BitSet server;
    private final BitSet clients;
    private final int clientCores;
    private final int budgetCores;
    private boolean bound;

    private ServerCpuSplit(BitSet before, BitSet server, BitSet clients, int clientCores, int budgetCores) {
        this.before = before;
        this.server = server;
        this.clients = clients;
        this.clientCores = clientCores;
        this.budgetCores = budgetCores;
    }

    /** The split of the CPUs the calling thread may use now, within {@code budget}. */
    public static ServerCpuSplit plan(CpuBudget budget) {
        return of(CpuAffinity.available() ? CpuAffinity.current() : null, budget.cores());
    }

    /**
     * The split of {@code allowed} (null: unknown, nothing is split) for a budget of {@code budgetCores}:
     * the last CPU for the server, the others for the clients, sized by the budget less one core.
     */
    static ServerCpuSplit of(BitSet allowed, int budgetCores) {
        if (budgetCores < 1) {
            throw new IllegalArgumentException("a CPU budget of " + budgetCores + " cores leaves nothing to split; it must be >= 1");
        }
        if (allowed == null || allowed.cardinality() < 2 || budgetCores < 2) {
            return new ServerCpuSplit(allowed, null, allowed, budgetCores, budgetCores);
        }
        BitSet server = new BitSet();
        server.set(allowed.length() - 1);
        BitSet clients = (BitSet) allowed.clone();
        clients.andNot(server);
        return new ServerCpuSplit(allowed, server, clients, Math.min(clients.cardinality(), budgetCores - 1), budgetCores);
    }

    /** True when the server has a CPU of its own. */
    public boolean isSplit() {
        return server != null;
    }

    /** The server's CPUs, or null when it shares the clients' ({@link #isSplit()} false). */
    public BitSet serverCpus() {
        return server == null ? null : (BitSet) server.clone();
    }

    /** The client side's CPUs; null when unknown (affinity unreadable). */
    public BitSet clientCpus() {
        return clients == null ? null : (BitSet) clients.clone();
    }

    /** Cores the client side is sized by: the budget less the server's CPU when split, else the whole budget. */
    public int clientCores() {
        return clientCores;
    }

    /** Cores the server is sized by: its own CPUs when split, else the whole budget. */
    public int serverCores() {
        return server == null ? budgetCores : server.cardinality();
    }

    /** The server's CPU as a number (the lowest when several), or -1 when it shares the clients'. */
    public int serverCpu() {
        return server == null ? -1 : server.nextSetBit(0);
    }

    /**
     * Binds every thread of this JVM to the client CPUs (nothing when not split); threads and processes
     * started afterwards inherit them. {@link #restore()} undoes it.
     */
    public void bindClients() {
        if (server != null && !bound) {
            CpuAffinity.bindProcess(clients);
            bound = true;
        }
    }

    /** Gives every thread of this JVM back the CPUs the calling thread had at {@link #plan}; nothing when not bound. */
    public void restore() {
        if (bound) {
            CpuAffinity.bindProcess(before);
            bound = false;
        }
    }

    /** "server on CPU 1, clients on CPU 0 (sized for 1 core)" or, unsplit, why both share. */
    public String describe() {
        if (server == null) {
            return "server and clients share " + (clients == null ? budgetCores + " core(s)" : "CPU(s) " + CpuAffinity.list(clients))
                    + " (fewer than 2 CPUs, or affinity unavailable: no CPU of its own for the server)";
        }
        return "server on CPU " + CpuAffinity.list(server) + " alone, clients on CPU(s) " + CpuAffinity.list(clients)
                + " (sized for " + clientCores + " core(s))";
    }

    @Override
    public String toString() {
        return describe();
    }
}
