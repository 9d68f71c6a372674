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

from casefile.web.app import create_app


def run(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    config: Path | None = None,
    announce: Callable[[str], object] = print,
) -> None:
    """Serve until interrupted; `announce` is told the address once the app is built."""
    app = create_app(db, config=config)
    shown = f"[{host}]" if ":" in host else host
    announce(f"casefile: serving {db} at http://{shown}:{port}/ (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@contextmanager
def background_server(
    db: str | Path, *, port: int = 0, config: Path | None = None, timeout: float = 20.0
) -> Iterator[str]:
    """The app served on 127.0.0.1 in a daemon thread; yields its base URL
    ("http://127.0.0.1:PORT") once it accepts connections, and stops it on exit.
    `port=0` picks a free port."""
    if port == 0:
        port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db, config=config), host="127.0.0.1", port=port,
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
