package dev.crossover.results;

import java.nio.file.Path;

/**
 * A user gave a file or value the harness cannot use. The message names the file and the problem
 * and, where there is one, the fix; the command line turns it into exit status 2, never a stack trace.
 */
public final class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public BadInputException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
