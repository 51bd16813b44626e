package dev.crossover.workers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workers start from a jar of only what they reach, from an AOT cache once one is made, and without either when they cannot. */
class WorkerStartTest {

    private Path dir;

    @BeforeEach
    void ownCacheDir() throws IOException {
        dir = Files.createTempDirectory("worker-start-test");
        System.setProperty(WorkerStart.CACHE_DIR_PROPERTY, dir.toString());
    }

    @AfterEach
    void cleanUp() throws Exception {
        System.clearProperty(WorkerStart.CACHE_DIR_PROPERTY);
        System.clearProperty(WorkerStart.AOT_PROPERTY);
        Children.assertNoDescendants();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void theSlimJarHoldsWhatAWorkerReachesAndNothingElse() throws IOException {
        WorkerClassPath.Slim slim = WorkerClassPath.build(System.getProperty("java.class.path"), WorkerStart.ROOTS, dir);
        try (JarFile jar = new JarFile(slim.jar().toFile())) {
            for (String needed : List.of("dev/crossover/workers/WorkerMain.class", "dev/crossover/workers/ShmChildTransport.class",
                    "dev/crossover/ipc/PipeChannel.class", "dev/crossover/workers/EchoKernel.class", "dev/crossover/load/CpuKernel.class")) {
                assertNotNull(jar.getEntry(needed), needed + " is in " + slim.jar());
            }
            for (String notNeeded : List.of("dev/crossover/report/", "dev/crossover/cli/", "com/fasterxml/", "org/openjdk/jmh/",
                    "org/junit/", "picocli/")) {
                assertFalse(jar.stream().anyMatch(e -> e.getName().startsWith(notNeeded)), slim.jar() + " holds nothing of " + notNeeded);
            }
            String services = new String(jar.getInputStream(jar.getEntry("META-INF/services/" + Kernel.class.getName()))
                    .readAllBytes(), StandardCharsets.UTF_8);
            for (String kernel : KernelRegistry.standard().names()) {
                Kernel k = KernelRegistry.standard().create(kernel);
                assertTrue(services.contains(k.getClass().getName()), "the services file lists " + k.getClass().getName() + ": " + services);
                assertNotNull(jar.getEntry(k.getClass().getName().replace('.', '/') + ".class"), k.getClass() + " is in the jar");
            }
        }
        WorkerClassPath.Slim again = WorkerClassPath.build(System.getProperty("java.class.path"), WorkerStart.ROOTS, dir);
        assertEquals(slim.jar(), again.jar(), "the same classes give the same jar");
    }

    @Test
    void aMissingRootIsNamed() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> WorkerClassPath.build(System.getProperty("java.class.path"), List.of("no.such.Main"), dir));
        assertTrue(e.getMessage().contains("no.such.Main"), e.getMessage());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aPoolStartsItsWorkersFromTheSlimJarAndFromTheAotCacheOnceMade() throws Exception {
        WorkerStart.ClassPathChoice cp = WorkerStart.classPath();
        assertTrue(cp.slim(), cp.note());
        assertTrue(cp.classPath().startsWith(dir.toString()), cp.classPath());

        List<String> before = workerCommand();
        assertTrue(before.contains(cp.classPath()), "worker runs on the slim jar: " + before);
        assertFalse(before.stream().anyMatch(a -> a.startsWith("-XX:AOTCache")), "no cache made yet: " + before);

        WorkerStart.AotOutcome aot = WorkerStart.prepareAot(PoolSpec.DEFAULT_JVM_OPTIONS);
        assertTrue(aot.ready(), aot.note());
        assertTrue(Files.size(aot.cache()) > 0, aot.cache().toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.toString().contains("training") || p.toString().endsWith(".tmp")).toList(),
                    "no partial files are left");
        }
        List<String> after = workerCommand();
        assertTrue(after.contains("-XX:AOTCache=" + aot.cache()), "worker starts from the cache: " + after);
        assertEquals(aot.cache(), WorkerStart.prepareAot(PoolSpec.DEFAULT_JVM_OPTIONS).cache(), "made once");

        System.setProperty(WorkerStart.AOT_PROPERTY, "off");
        assertFalse(workerCommand().stream().anyMatch(a -> a.startsWith("-XX:AOTCache")), "switched off");
    }

    @Test
    void withoutAWritableCacheDirectoryWorkersStartOnTheFullClassPathAndSaySo() throws Exception {
        Path file = Files.createFile(dir.resolve("a-file"));
        System.setProperty(WorkerStart.CACHE_DIR_PROPERTY, file.resolve("sub").toString());
        WorkerStart.ClassPathChoice cp = WorkerStart.classPath();
        assertFalse(cp.slim());
        assertEquals(System.getProperty("java.class.path"), cp.classPath());
        assertTrue(cp.note().contains(WorkerStart.CACHE_DIR_PROPERTY), cp.note());
        WorkerStart.AotOutcome aot = WorkerStart.prepareAot(PoolSpec.DEFAULT_JVM_OPTIONS);
        assertFalse(aot.ready());
        assertNull(aot.cache());
        assertTrue(aot.note().startsWith("no AOT cache"), aot.note());
        assertTrue(workerCommand().contains(System.getProperty("java.class.path")), "the pool still starts");
    }

    @Test
    void aPoolThatChoosesClassDataSharingItselfGetsNoCache() {
        assertFalse(WorkerStart.aotAllowed(new WorkerStart.ClassPathChoice("x.jar", true, ""), List.of("-Xshare:off")));
        assertFalse(WorkerStart.aotAllowed(new WorkerStart.ClassPathChoice("x.jar", true, ""), List.of("-XX:AOTCache=y.aot")));
        assertFalse(WorkerStart.aotAllowed(new WorkerStart.ClassPathChoice("cp", false, ""), List.of()));
        assertTrue(WorkerStart.aotAllowed(new WorkerStart.ClassPathChoice("x.jar", true, ""), List.of("-Xmx64m")));
    }

    @Test
    void heapPreTouchAndRecordingsAreNotInherited() {
        assertEquals(List.of("-Xms1g", "-Xmx1g", "-XX:+UseSerialGC"), ChildJvm.inheritable(List.of("-Xms1g", "-Xmx1g",
                "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-XX:StartFlightRecording=filename=x.jfr", "--enable-native-access=ALL-UNNAMED")));
    }

    /** The command line of a worker of a fresh pool, which answers an echo first. */
    private static List<String> workerCommand() throws Exception {
        Workers pool = PoolSpec.of(Executor.PROCESS_PIPE, 1).start();
        try {
            assertArrayEquals(TaskArgs.longs(5), pool.submit("echo", TaskArgs.longs(5)).get(60, TimeUnit.SECONDS));
            long pid = pool.workerPids().get(0);
            return ProcessHandle.of(pid).orElseThrow().info().arguments().map(List::of).orElseThrow();
        } finally {
            pool.terminate();
            pool.join(java.time.Duration.ofSeconds(30));
        }
    }
}
