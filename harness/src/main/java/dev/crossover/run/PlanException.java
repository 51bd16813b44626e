package dev.crossover.run;

/** A run request that cannot be planned (unknown preset, claim, pattern …); the message lists what is accepted. */
public final class PlanException extends Exception {

    private static final long serialVersionUID = 1L;

    public PlanException(String message) {
        super(message);
    }
}
