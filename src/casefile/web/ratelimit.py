"""Failed sign-ins counted per account and per client address, in memory.

After `per_account` failures for one name, or `per_address` from one address, within
`window` seconds, further attempts are refused with 429 before any password is checked
(argon2 is deliberately slow: unthrottled, guessing would also be a denial of service).
Counting per account stops a botnet guessing one analyst's password; per address stops
one client guessing many names. Memory, not the database: it is one process's defence,
resets on restart (argon2 still bounds guessing then), and a failed guess must not
cost a write. The tables are bounded, oldest keys dropped first.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class LoginLimiter:
    def __init__(
        self,
        per_account: int = 5,
        per_address: int = 20,
        window: float = 15 * 60,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_account = per_account
        self.per_address = per_address
        self.window = window
        self._max_keys = max_keys
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, name: str, address: str) -> int:
        """Seconds until an attempt for `name` from `address` may be made; 0: now."""
        now = self._clock()
        with self._lock:
            waits = [
                self._wait(key, limit, now)
                for key, limit in ((_account(name), self.per_account),
                                   (_address(address), self.per_address))
            ]  # fmt: skip
        return max(waits)

    def failed(self, name: str, address: str) -> None:
        now = self._clock()
        with self._lock:
            for key in (_account(name), _address(address)):
                times = self._failures.pop(key, deque())
                times.append(now)
                self._failures[key] = times  # most recent last
            while len(self._failures) > self._max_keys:
                self._failures.popitem(last=False)

    def succeeded(self, name: str) -> None:
        """The right password clears the account's count (not the address's)."""
        with self._lock:
            self._failures.pop(_account(name), None)

    def _wait(self, key: str, limit: int, now: float) -> int:
        times = self._failures.get(key)
        if not times:
            return 0
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) < limit:
            return 0
        return max(1, math.ceil(times[-limit] + self.window - now))


def _account(name: str) -> str:
    return "account:" + name.strip().casefold()[:100]


def _address(address: str) -> str:
    return "address:" + address
