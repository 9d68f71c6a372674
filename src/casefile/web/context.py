"""What every route shares: the request's store, the templates and their filters, and
the lazily loaded extraction pipeline. Who is asking is web/auth.py's business."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import Depends, Query, Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from casefile import i18n
from casefile.i18n import Msg
from casefile.ingest import default_title
from casefile.model import EVENT_TYPES, TERM_KINDS
from casefile.services.errors import InvalidInput, UnsupportedMediaType
from casefile.store import Store, open_store
from casefile.web.formatting import environment

if TYPE_CHECKING:
    from casefile.extract.pipeline import Pipeline

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"


@dataclass(frozen=True)
class WebSettings:
    db: str
    demo: bool = False  # loopback visitors are signed in as the demo admin
    secure_cookies: bool | None = None  # None: Secure when the request came over https


class PipelineHolder:
    """Loads the spaCy pipeline on first use (seconds), once, whichever thread asks."""

    def __init__(self, config: Path | None) -> None:
        self._config = config
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    def get(self) -> Pipeline:
        with self._lock:
            if self._pipeline is None:
                from casefile.extract.pipeline import Pipeline, load_config

                self._pipeline = Pipeline(load_config(self._config))
            return self._pipeline


class StorePool:
    """Stores kept open between requests, each serving one request at a time.

    A connection opened per request starts with an empty page cache and reads every
    index page of a query from the file again: at 100,000 facts that made the dashboard
    take ~70 ms instead of ~30 ms (bench/web.py). Stores are opened with
    shared_across_threads, since FastAPI may open one in a worker thread and run the
    route in another."""

    def __init__(self, db: str, keep: int = 8) -> None:
        self._db = db
        self._keep = keep
        self._idle: list[Store] = []
        self._lock = threading.Lock()

    def acquire(self) -> Store:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return open_store(self._db, shared_across_threads=True)

    def release(self, store: Store, *, reusable: bool) -> None:
        """Keep `store` for the next request, unless its request failed (then it is
        closed: a fresh one costs little, a half-finished transaction would cost a lot)."""
        conn = getattr(store, "conn", None)
        if reusable and not getattr(conn, "in_transaction", False):
            with self._lock:
                if len(self._idle) < self._keep:
                    self._idle.append(store)
                    return
        store.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for store in idle:
            store.close()


def get_store(request: Request) -> Iterator[Store]:
    """The store for one request, from the app's pool."""
    pool: StorePool = request.app.state.stores
    store = pool.acquire()
    reusable = False
    try:
        yield store
        reusable = True
    finally:
        pool.release(store, reusable=reusable)


def pipeline_of(request: Request) -> Callable[[], Pipeline]:
    """The app's pipeline, loaded when called: services ask only for input worth it."""
    holder: PipelineHolder = request.app.state.pipeline
    return holder.get


def require_form(request: Request) -> None:
    """Form routes take urlencoded or multipart bodies only (not JSON, not raw text)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise UnsupportedMediaType(Msg(
            "send this form as form data, not %(value)s",
            value=repr(kind or 'no type'),
        ))


def require_json(request: Request) -> None:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise UnsupportedMediaType(Msg(
            "send JSON (application/json), not %(value)s",
            value=repr(kind or 'no type'),
        ))


StoreDep = Annotated[Store, Depends(get_store)]
QueryText = Annotated[str, Query(max_length=500)]


def parse_version(raw: str | int | None) -> int | None:
    """The fact version a form or request was made from; None skips the check."""
    if raw is None or raw == "":
        return None
    text = str(raw).strip()
    if not text.isdigit() or len(text) > 12:
        raise InvalidInput(Msg("version: a whole number, not %(raw)s", raw=repr(raw)))
    return int(text)


def local_path(raw: str | None, default: str) -> str:
    """Where to go after a form: only a path on this site (no open redirects)."""
    if raw and raw.startswith("/") and not raw.startswith("//") and "\\" not in raw:
        return raw
    return default


# -- templates --------------------------------------------------------------------


def _web_url(url: str | None) -> str | None:
    """Only http(s) addresses become links; anything else is shown as text."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _query(request: Request, **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination)."""
    params = dict(request.query_params)
    params.update({k: str(v) for k, v in changes.items() if v is not None})
    return "?" + urlencode(params)


def _principal(request: Request) -> Any:
    """The signed-in principal (web/auth.py), or None on a page anyone may see."""
    return getattr(request.state, "principal", None)


@jinja2.pass_context
def _csrf_field(context: Any) -> Markup:
    """The hidden anti-forgery field every state-changing form carries."""
    principal = _principal(context["request"])
    token = getattr(principal, "csrf", None) or ""
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(token)


@jinja2.pass_context
def _may(context: Any, permission: str) -> bool:
    """Whether to show a form: the server checks again whatever is shown."""
    principal = _principal(context["request"])
    return bool(principal is not None and principal.may(permission))


_env = environment(HERE / "templates")
_env.filters.update(web_url=_web_url, basename=default_title)
_env.globals.update(EVENT_TYPES=EVENT_TYPES, TERM_KINDS=TERM_KINDS, query=_query,
                    principal=_principal, csrf_field=_csrf_field, may=_may,
                    LANGUAGES=i18n.LANGUAGES)
templates = Jinja2Templates(env=_env)
