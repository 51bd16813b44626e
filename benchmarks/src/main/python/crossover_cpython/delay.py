"""The suite's loopback delay protocol: a blocking client and a standard-library server speaking it.

Request, 16 bytes big-endian: ``token``, ``delay_micros`` (negative: the server's default). Reply, 16
bytes: ``token``, ``token ^ REPLY_MAGIC``. The harness starts its own delay server (a separate JVM) and
passes its port in ``CROSSOVER_DELAY_PORT``; without one, ``DelayServerChild`` starts this module's
asyncio server in a child interpreter, so the measured interpreter's GIL never serves the replies.
"""

import asyncio
import os
import socket
import struct
import subprocess
import sys

REPLY_MAGIC = 0x5DE1A7_C0FFEE
PORT_LINE_PREFIX = "DELAY_SERVER_PORT "
FRAME = struct.Struct(">qq")
PORT_ENV = "CROSSOVER_DELAY_PORT"


def request(port, token, delay_micros):
    """One blocking request on its own connection, as ``requests.get`` without a session makes one."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(FRAME.pack(token, delay_micros))
        got = b""
        while len(got) < FRAME.size:
            chunk = s.recv(FRAME.size - len(got))
            if not chunk:
                raise ConnectionError(f"delay server on port {port} closed the connection before replying")
            got += chunk
    tok, check = FRAME.unpack(got)
    if tok != token or (tok ^ REPLY_MAGIC) != check:
        raise ValueError(f"delay server on port {port} sent a reply for token {tok}, expected {token}")
    return tok


async def _serve(default_delay_micros):
    async def handle(reader, writer):
        try:
            while True:
                frame = await reader.readexactly(FRAME.size)
                token, delay = FRAME.unpack(frame)
                await asyncio.sleep((default_delay_micros if delay < 0 else delay) / 1e6)
                writer.write(FRAME.pack(token, token ^ REPLY_MAGIC))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=4096)
    port = server.sockets[0].getsockname()[1]
    print(PORT_LINE_PREFIX + str(port), flush=True)
    loop = asyncio.get_running_loop()
    # stdin is the lifeline: when the parent goes, stdin reaches end of file and the server stops
    await loop.run_in_executor(None, sys.stdin.buffer.read)
    server.close()
    await server.wait_closed()


def serve(default_delay_micros=10_000):
    asyncio.run(_serve(default_delay_micros))


class DelayServerChild:
    """A delay server in a child interpreter, stopped by ``close`` (and by this process's death)."""

    def __init__(self):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        self.process = subprocess.Popen([sys.executable, "-m", "crossover_cpython", "delay-server"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
        line = self.process.stdout.readline()
        if not line.startswith(PORT_LINE_PREFIX):
            self.close()
            raise RuntimeError(f"the delay server child did not say its port (it printed {line!r})")
        self.port = int(line[len(PORT_LINE_PREFIX):])

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()


def server_port():
    """(port, server to close or None): the harness's server when it gave one, else a child of our own."""
    given = os.environ.get(PORT_ENV)
    if given:
        return int(given), None
    child = DelayServerChild()
    return child.port, child
