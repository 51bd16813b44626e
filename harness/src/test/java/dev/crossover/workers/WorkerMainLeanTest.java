package dev.crossover.workers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The classes on a worker's path to its first answer use no lambdas or streams: each would
 * bootstrap invokedynamic machinery that SpawnBench would measure as worker start time.
 */
class WorkerMainLeanTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev/crossover/workers/WorkerMain", "dev/crossover/workers/WorkerMain$Runner",
            "dev/crossover/workers/WorkerMain$Lifeline", "dev/crossover/workers/Wire",
            "dev/crossover/ipc/PipeChannel", "dev/crossover/ipc/FrameCodec", "dev/crossover/ipc/FrameBuilder",
            "dev/crossover/ipc/FrameReader", "dev/crossover/workers/EchoKernel"})
    void noLambdaOrStreamOnTheStartPath(String name) throws IOException {
        try (InputStream in = WorkerMain.class.getClassLoader().getResourceAsStream(name + ".class")) {
            assertNotNull(in, name);
            String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertFalse(constants.contains("java/lang/invoke/LambdaMetafactory"), name + " uses a lambda or method reference");
            assertFalse(constants.contains("java/util/stream/"), name + " uses a stream");
            assertFalse(constants.contains("java/lang/foreign/"), name + " uses FFM");
        }
    }
}
