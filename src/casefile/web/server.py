"""Running the app under uvicorn: in the foreground (`casefile serve`), or in a
background thread on a free port, for browser tests and benchmarks."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from casefile.services import accounts
from casefile.store import open_store
from casefile.web.app import create_app

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


class ServeRefused(Exception):
    """`casefile serve` will not start as asked; the message says what to do."""


def check_serve(db: str | Path, host: str, demo: bool) -> None:
    """Refuse to serve records nobody can administer, and demo mode off this machine
    (it signs visitors in without a password)."""
    if demo:
        if host not in LOOPBACK_HOSTS:
            raise ServeRefused(
                f"--demo signs every visitor in as an admin: serve it on 127.0.0.1, not {host}"
            )
        return
    with open_store(db) as store:
        if not accounts.has_admin(store):
            raise ServeRefused(
                "no admin account: make one with 'casefile user add NAME --role admin'"
                " (or try casefile with --demo, on this machine only)"
            )


def run(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    config: Path | None = None,
    demo: bool = False,
    secure_cookies: bool | None = None,
    announce: Callable[[str], object] = print,
) -> None:
    """Serve until interrupted; `announce` is told the address once the app is built."""
    check_serve(db, host, demo)
    app = create_app(db, config=config, demo=demo, secure_cookies=secure_cookies)
    shown = f"[{host}]" if ":" in host else host
    mode = " in DEMO mode: visitors from this machine are signed in as admin" if demo else ""
    announce(f"casefile: serving {db} at http://{shown}:{port}/{mode} (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@contextmanager
def background_server(
    db: str | Path, *, port: int = 0, config: Path | None = None, timeout: float = 20.0,
    demo: bool = False,
) -> Iterator[str]:
    """The app served on 127.0.0.1 in a daemon thread; yields its base URL
    ("http://127.0.0.1:PORT") once it accepts connections, and stops it on exit.
    `port=0` picks a free port."""
    if port == 0:
        port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db, config=config, demo=demo), host="127.0.0.1", port=port,
                       log_level="warning", lifespan="off")
    )  # fmt: skip
    thread = threading.Thread(target=server.run, name=f"casefile-web-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the web server did not start on port {port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
