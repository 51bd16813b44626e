package dev.crossover.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ShmFileTest {

    @AfterAll
    static void noChildLeft() {
        assertEquals(0, ProcessHandle.current().descendants().count(), "child processes left behind");
    }

    @Test
    void createdInDevShmWithOwnerInNameAndDeletedOnClose() {
        Path p;
        try (ShmFile f = ShmFile.create("test", 8192)) {
            p = f.path();
            assertTrue(Files.exists(p));
            assertEquals(Path.of("/dev/shm"), p.getParent());
            ProcessIdentity me = ProcessIdentity.current();
            assertTrue(f.name().contains("-" + me.pid() + "-" + me.startMillis() + "-"), f.name());
            assertEquals(8192, f.segment().byteSize());
            assertEquals(0L, f.segment().get(ValueLayout.JAVA_LONG, 8184));
        }
        assertFalse(Files.exists(p), "file not deleted on close");
    }

    @Test
    void peerSeesWritesAndItsCloseKeepsTheFile() {
        try (ShmFile owner = ShmFile.create("test", 4096); ShmFile peer = ShmFile.open(owner.name())) {
            owner.segment().set(ValueLayout.JAVA_LONG, 64, 0x1234_5678_9abcL);
            assertEquals(0x1234_5678_9abcL, peer.segment().get(ValueLayout.JAVA_LONG, 64));
            assertFalse(peer.isOwner());
            peer.close();
            assertTrue(Files.exists(owner.path()), "a peer's close must not delete the owner's file");
        }
    }

    @Test
    void openingAMissingFileSaysWhy() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> ShmFile.open("crossover-none-1-1-1.shm"));
        assertTrue(e.getMessage().contains("no shared memory file"), e.getMessage());
    }

    @Test
    void sweepRemovesFilesOfDeadOwnersOnly() throws Exception {
        ProcessIdentity me = ProcessIdentity.current();
        // Same pid, other start time: a reused pid, so the owner is gone.
        Path stale = ShmFile.directory().resolve("crossover-test-" + me.pid() + "-" + (me.startMillis() - 5000) + "-1.shm");
        Files.write(stale, new byte[16]);
        try (ShmFile live = ShmFile.create("test", 4096)) {
            try {
                assertTrue(ShmFile.sweepStale() >= 1);
                assertFalse(Files.exists(stale), "stale file survived the sweep");
                assertTrue(Files.exists(live.path()), "the sweep removed a live owner's file");
            } finally {
                Files.deleteIfExists(stale);
            }
        }
    }

    @Test
    void shutdownHookDeletesOnExitAndSweepRemovesAKilledOwnersFile() throws Exception {
        Path exited;
        try (PeerJvm child = PeerJvm.start(IpcPeerMain.class, "shm-create", "exit")) {
            exited = Path.of(child.expect("path ", Duration.ofSeconds(30)).substring(5));
            assertEquals(0, child.waitFor(Duration.ofSeconds(30)));
        }
        assertFalse(Files.exists(exited), "shutdown hook did not delete " + exited);

        Path killed;
        try (PeerJvm child = PeerJvm.start(IpcPeerMain.class, "shm-create", "hang")) {
            killed = Path.of(child.expect("path ", Duration.ofSeconds(30)).substring(5));
            child.process().destroyForcibly();
            child.process().waitFor();
        }
        try {
            assertTrue(Files.exists(killed), "a SIGKILLed owner cannot delete its file");
            ShmFile.sweepStale();
            assertFalse(Files.exists(killed), "sweep did not remove the killed owner's file");
        } finally {
            Files.deleteIfExists(killed);
        }
    }
}
