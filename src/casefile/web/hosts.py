"""Which Host headers the app answers, and which proxies it believes about the client.

DNS rebinding: a page on another site can point its own name at 127.0.0.1 and then
read what this server answers, as a same-origin request to its own name. The browser
still sends that name in the Host header, so refusing names we do not serve by stops
it. In demo mode (which signs loopback visitors in as an admin) only loopback names
are answered; otherwise `casefile serve` answers loopback names, the address it listens
on and each `--allowed-host` (the names a reverse proxy passes on). "*" turns the check
off, for a deliberately open deployment.

Proxies: the client address (counted by the sign-in limits) is the TCP peer's unless
`--trusted-proxy` names the proxy, whose X-Forwarded-For is then believed, taking the
rightmost hop that is not itself trusted (what uvicorn's ProxyHeadersMiddleware does).
Without it no forwarded header is believed: uvicorn otherwise trusts 127.0.0.1, so any
process on this machine could pick a new address for every guess.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
ANY_HOST = "*"
WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "::", ""})


class HostRefused(ValueError):
    """The options name hosts or proxies that cannot be honoured; the message says why."""


def serving_hosts(bind: str, extra: Iterable[str], *, demo: bool) -> frozenset[str]:
    """The Host names `casefile serve --host BIND --allowed-host ...` answers to."""
    names = frozenset(normal_name(name) for name in extra)
    if demo:
        if names - LOOPBACK_NAMES:
            raise HostRefused("--demo answers only to loopback names (127.0.0.1, localhost,"
                              " [::1]): leave out --allowed-host")  # fmt: skip
        return LOOPBACK_NAMES
    if ANY_HOST in names:
        return frozenset({ANY_HOST})
    if normal_name(bind) in WILDCARD_ADDRESSES and not names:
        raise HostRefused(
            f"--host {bind or '0.0.0.0'} listens on every address: name the host names"
            " clients use with --allowed-host NAME (or --allowed-host '*' for any)"
        )
    return LOOPBACK_NAMES | names | {normal_name(bind)}


def trusted_proxies(addresses: Iterable[str]) -> list[str]:
    """The --trusted-proxy addresses (or networks), checked; never "*"."""
    checked = []
    for raw in addresses:
        text = raw.strip()
        try:
            ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise HostRefused(
                f"--trusted-proxy: an IP address or network of the proxy, not {raw!r}"
            ) from None
        checked.append(text)
    return checked


def normal_name(name: str) -> str:
    name = name.strip().lower().rstrip(".")
    return name[1:-1] if name.startswith("[") and name.endswith("]") else name


def split_host(header: str) -> tuple[str, int | None] | None:
    """("name", port or None) of a Host header; None if it is not one."""
    header = header.strip()
    port_text = ""
    if header.startswith("["):  # [::1]:8000
        end = header.find("]")
        if end < 0:
            return None
        name, rest = header[1:end], header[end + 1:]
        if rest:
            if not rest.startswith(":"):
                return None
            port_text = rest[1:]
    elif header.count(":") == 1:
        name, port_text = header.split(":")
    elif ":" in header:
        return None  # an IPv6 address must be bracketed
    else:
        name = header
    if port_text and not (port_text.isdigit() and len(port_text) <= 5):
        return None
    return normal_name(name), int(port_text) if port_text else None


def host_allowed(header: str, allowed: frozenset[str], port: int | None) -> bool:
    if ANY_HOST in allowed:
        return True
    parsed = split_host(header)
    if parsed is None:
        return False
    name, sent_port = parsed
    if name not in allowed:
        return False
    # A loopback name is what the visitor typed to reach this very server; a proxied
    # name may carry the proxy's port.
    return name not in LOOPBACK_NAMES or sent_port is None or port is None or sent_port == port


class HostCheck:
    """Refuse (400) any request whose Host header is not one of `allowed`."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str], port: int | None = None) -> None:
        self.app = app
        self.allowed = allowed
        self.port = port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        if not host_allowed(header, self.allowed, self.port):
            response = PlainTextResponse(
                "unexpected Host header: this casefile does not serve that name"
                " (casefile serve --allowed-host)\n", status_code=400,
            )  # fmt: skip
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
