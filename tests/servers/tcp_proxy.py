"""A loopback TCP relay in front of a real server, able to play a dead network.

`blackhole()` makes every connection open at that moment swallow traffic in both
directions while staying open, which is what a dropped route or a stuck NAT looks like to
the client: writes succeed, no answer ever comes. New connections still pass.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class _Link:
    def __init__(self, client: socket.socket, server: socket.socket) -> None:
        self.client, self.server = client, server
        self.blackholed = False

    def pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if not self.blackholed:
                    dst.sendall(data)
        except OSError:
            pass
        finally:
            if not self.blackholed:
                self.close()

    def close(self) -> None:
        for sock in (self.client, self.server):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.links: list[_Link] = []
        self.silenced: list[_Link] = []
        self.connections = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            link = _Link(client, server)
            with self._lock:
                self.links.append(link)
                self.connections += 1
            threading.Thread(target=link.pump, args=(client, server), daemon=True).start()
            threading.Thread(target=link.pump, args=(server, client), daemon=True).start()

    def blackhole(self) -> int:
        """Silence every open connection; return how many were silenced."""
        with self._lock:
            live = list(self.links)
            self.links.clear()
            self.silenced.extend(live)
        for link in live:
            link.blackholed = True
        return len(live)

    def close(self) -> None:
        self._listener.close()
        with self._lock:
            for link in self.links + self.silenced:
                link.close()
