package dev.crossover.bench;

import dev.crossover.ipc.IpcPeerMain;
import dev.crossover.ipc.SharedLongArray;
import dev.crossover.ipc.ShmEvent;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer of {@link TimerLatenessBench} in a child JVM: {@code TimerPeerMain <request> <fired> <control>}.
 * On each {@code request} event it clears it, reads the intended firing time (a {@code System.nanoTime()}
 * value, the same clock in every process of a Linux machine) and schedules a task on its
 * {@link ScheduledThreadPoolExecutor} for then; the task records the time it ran and sets {@code fired}.
 * Prints {@code READY}; stops when the stop word is set or its stdin (the lifeline) ends.
 */
public final class TimerPeerMain {

    private TimerPeerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TimerPeerMain <request event> <fired event> <control array>");
            System.exit(2);
        }
        IpcPeerMain.watchLifeline();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        try (ShmEvent request = ShmEvent.open(args[0]); ShmEvent fired = ShmEvent.open(args[1]);
             SharedLongArray control = SharedLongArray.open(args[2])) {
            System.out.println("READY");
            System.out.flush();
            while (control.get(TimerLatenessBench.STOP) == 0) {
                if (!request.await(Duration.ofSeconds(1))) {
                    continue;
                }
                request.clear();
                long intended = control.get(TimerLatenessBench.INTENDED);
                timer.schedule(() -> {
                    control.set(TimerLatenessBench.FIRED, System.nanoTime());
                    fired.set();
                }, intended - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
        } finally {
            timer.shutdownNow();
        }
    }
}
