package dev.crossover.workers;

import dev.crossover.ipc.FrameChannel;
import dev.crossover.ipc.PipeChannel;

import java.io.IOException;
import java.util.List;

/** Frames over the child's stdin (requests) and stdout (results); nothing to create or delete. */
final class PipeTransport implements WorkerTransport {

    @Override
    public String name() {
        return "pipe";
    }

    @Override
    public Endpoint prepare(String workerName) {
        return new Endpoint() {
            @Override
            public List<String> childArgs() {
                return List.of();
            }

            @Override
            public FrameChannel connect(Process child) throws IOException {
                return new PipeChannel(child.getInputStream(), child.getOutputStream());
            }

            @Override
            public void close() {
            }
        };
    }
}
