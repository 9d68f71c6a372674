"""Running the app under uvicorn: in the foreground (`casefile serve`), or in a
background thread on a free port, for browser tests and benchmarks."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from casefile.services import accounts
from casefile.store import open_store
from casefile.web.app import create_app
from casefile.web.hosts import HostRefused, serving_hosts, trusted_proxies
from casefile.web.ratelimit import LoginLimiter

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


class ServeRefused(Exception):
    """`casefile serve` will not start as asked; the message says what to do."""


def check_serve(db: str | Path, host: str, demo: bool, proxies: tuple[str, ...] = ()) -> None:
    """Refuse to serve records nobody can administer, and demo mode off this machine
    (it signs visitors in without a password)."""
    if demo:
        if host not in LOOPBACK_HOSTS:
            raise ServeRefused(
                f"--demo signs every visitor in as an admin: serve it on 127.0.0.1, not {host}"
            )
        if proxies:
            raise ServeRefused("--demo signs in visitors from this machine: a proxy would"
                               " pass on everyone's requests; leave out --trusted-proxy")
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
    allowed_hosts: tuple[str, ...] = (),
    proxies: tuple[str, ...] = (),
    announce: Callable[[str], object] = print,
) -> None:
    """Serve until interrupted; `announce` is told the address once the app is built.
    `allowed_hosts` are Host names answered besides loopback names and `host`;
    `proxies` the reverse proxies whose X-Forwarded-For is believed (web/hosts.py)."""
    try:
        names = serving_hosts(host, allowed_hosts, demo=demo)
        trusted = trusted_proxies(proxies)
    except HostRefused as refused:
        raise ServeRefused(str(refused)) from None
    check_serve(db, host, demo, tuple(trusted))
    app = create_app(db, config=config, demo=demo, secure_cookies=secure_cookies,
                     allowed_hosts=names, port=port)  # fmt: skip
    shown = f"[{host}]" if ":" in host else host
    mode = " in DEMO mode: visitors from this machine are signed in as admin" if demo else ""
    announce(f"casefile: serving {db} at http://{shown}:{port}/{mode} (Ctrl-C stops)")
    uvicorn.Server(uvicorn_config(app, host, port, trusted)).run()


def uvicorn_config(app: FastAPI, host: str, port: int, proxies: list[str],
                   **options: Any) -> uvicorn.Config:  # fmt: skip
    """Forwarded headers believed only from `proxies`: uvicorn's default believes any
    from 127.0.0.1, which lets a local client choose its address for the sign-in limits."""
    return uvicorn.Config(
        app, host=host, port=port, log_level="warning", proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None, **options,
    )  # fmt: skip


@contextmanager
def background_server(
    db: str | Path, *, port: int = 0, config: Path | None = None, timeout: float = 20.0,
    demo: bool = False, proxies: tuple[str, ...] = (), limiter: LoginLimiter | None = None,
) -> Iterator[str]:
    """The app served on 127.0.0.1 in a daemon thread, as `casefile serve` would serve
    it; yields its base URL ("http://127.0.0.1:PORT") once it accepts connections, and
    stops it on exit. `port=0` picks a free port."""
    if port == 0:
        port = free_port()
    app = create_app(db, config=config, demo=demo, limiter=limiter, port=port,
                     allowed_hosts=serving_hosts("127.0.0.1", (), demo=demo))  # fmt: skip
    server = uvicorn.Server(
        uvicorn_config(app, "127.0.0.1", port, trusted_proxies(proxies), lifespan="off")
    )
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
