"""What the command modules share: opening the store, who is acting, reading secrets."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


ByOption = Annotated[
    str | None,
    typer.Option("--by", envvar="CASEFILE_USER",
                 help="Who makes the change, for the audit log (default: your login name)."),
]


def actor(by: str | None) -> str:
    """Who a command acts as: --by / CASEFILE_USER, else the login name. Until the CLI
    signs users in this is a claim, recorded as made (phase 2 ties it to an account)."""
    name = " ".join((by or "").split())
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "cli"
    if len(name) > 80:
        raise UserError("--by: at most 80 characters")
    return name


def link_thresholds(ctx: typer.Context) -> Any:
    """`[link]` of --config (or ./casefile.toml): the thresholds every linking command
    uses (`casefile.link.config.load_link_config`; ingest and batch read them with the
    pipeline's `[extract]`)."""
    from casefile.link.config import LinkConfigError, load_link_config

    config = ctx.obj["config"]
    if config is not None and not config.is_file():
        raise UserError(f"--config: {config}: no such file")
    try:
        return load_link_config(config)
    except LinkConfigError as err:
        raise UserError(str(err)) from None


@contextmanager
def open_db(ctx: typer.Context) -> Iterator[Any]:
    from casefile.store import open_store

    store = open_store(ctx.obj["db"])
    try:
        yield store
    finally:
        store.close()


def read_secret(what: str, *, confirm: bool, env: str | None = None,
                from_stdin: bool = False) -> str:
    """A password or passphrase: from the environment variable `env`, the first line of
    standard input (`from_stdin`), or asked at the terminal without echo. Never from the
    command line, where other users of the machine can read it in the process list."""
    if env and os.environ.get(env):
        return os.environ[env]
    if from_stdin:
        line = sys.stdin.readline()
        secret = line[:-1] if line.endswith("\n") else line
        if not secret:
            raise UserError(f"no {what} on standard input")
        return secret
    if not sys.stdin.isatty():
        hint = f"set {env}" if env else "use --password-stdin"
        raise UserError(f"no terminal to ask for the {what}; {hint}")
    secret = getpass.getpass(f"{what[0].upper()}{what[1:]}: ")
    if confirm and getpass.getpass(f"{what[0].upper()}{what[1:]} again: ") != secret:
        raise UserError(f"the two {what}s differ")
    return secret


@contextmanager
def progress_bar(total: int, doing: str) -> Iterator[Any]:
    """A progress bar on standard error when it is a terminal (lines printed per document
    stay above it); nothing otherwise, so logs and pipes stay plain. Yields
    `advance(count, name)`."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda count, name: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn(doing), BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn(), TextColumn("{task.description}"))  # fmt: skip
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda count, name: bar.update(task, advance=count, description=name[-40:])
