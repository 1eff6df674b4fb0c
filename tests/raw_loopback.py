"""A loopback HTTP server that writes its answers at the socket level, for what the simulators cannot show (they
answer whole messages): headers or a body trickling in a byte at a time, a chunked body that never ends, bytes after
a compressed body's end. A subclass writes the answer (`answer`); this class accepts, threads and closes."""

from __future__ import annotations

import socket
import threading


class RawServer:
    """Accepts connections on 127.0.0.1 until closed, each on a thread of its own with a 5 s socket timeout; a socket
    error ends that connection quietly. `connections` counts them; `stop` is set by `close` (a trickling answer waits
    on it, so that closing the server ends it)."""

    def __init__(self, path: str = "") -> None:
        self.connections = 0
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.root_url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self.url = self.root_url + path
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def answer(self, conn: socket.socket) -> None:
        """Read the request(s) from `conn` and write the answer(s)."""
        raise NotImplementedError

    @staticmethod
    def read_head(conn: socket.socket) -> bool:
        """Read one request's head, to its blank line; False when the client closed the connection first."""
        data = b""
        while b"\r\n\r\n" not in data:
            got = conn.recv(4096)
            if not got:
                return False
            data += got
        return True

    def close(self) -> None:
        self.stop.set()
        self._sock.close()

    def __enter__(self) -> RawServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _serve(self) -> None:
        self._sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                self.answer(conn)
            except OSError:
                return
