"""`casefile audit ...`, `casefile verify`, `casefile backup` and `casefile restore`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from casefile.commands.common import UserError, open_db, read_secret

audit_app = typer.Typer(no_args_is_help=True, help="The tamper-evident log of every change.")
PASSPHRASE_ENV = "CASEFILE_BACKUP_PASSPHRASE"
HeadOption = Annotated[
    str | None,
    typer.Option("--head", help="An audit head hash recorded earlier; it must still be in the"
                 " chain (catches entries removed from the end)."),
]


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
    app.command("verify")(verify)
    app.command("backup")(backup)
    app.command("restore")(restore)


@audit_app.command("verify")
def audit_verify(ctx: typer.Context, head: HeadOption = None) -> None:
    """Check the audit log's hash chain; names the first broken entry."""
    from casefile.services.audit import verify_audit
    from casefile.services.integrity import head_problems

    with open_db(ctx) as store:
        report = verify_audit(store)
        problems = [report.problem] if report.problem else []
        if head is not None and report.ok:
            problems += head_problems(store, head)
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo(f"audit log ok: {report.entries} entries, head {report.head}")


@audit_app.command("log")
def audit_log(
    ctx: typer.Context,
    record: Annotated[str | None, typer.Option(
        "--record", help="Only entries about KIND:ID (event:12, person:3, document:SHA,"
        " user:NAME, merge:2, link_proposal:5).")] = None,
    limit: Annotated[int, typer.Option(help="The latest N entries.")] = 100,
) -> None:
    """The latest changes: when, who, what, and what changed (oldest first)."""
    from casefile.services.audit import audit_log as entries
    from casefile.services.audit import render_entry

    with open_db(ctx) as store:
        for entry in entries(store, record, limit):
            typer.echo(render_entry(entry))


def verify(ctx: typer.Context, head: HeadOption = None) -> None:
    """Re-hash the originals, check the database and the audit chain.

    One line per problem, and a non-zero exit if there is any."""
    from casefile.services.integrity import verify_store

    with open_db(ctx) as store:
        report = verify_store(store, head)
    for problem in report.problems:
        typer.echo(f"error: {problem}", err=True)
    if not report.ok:
        raise typer.Exit(1)
    typer.echo(f"ok: {report.documents} originals match their sha256, database integrity ok,"
               f" audit chain of {report.audit.entries} entries ok (head {report.audit.head})")


def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The backup file to write (must not exist).")],
    encrypt: Annotated[bool, typer.Option(
        "--encrypt", help=f"Encrypt with a passphrase (from {PASSPHRASE_ENV} or asked).")
    ] = False,
) -> None:
    """A consistent snapshot of the database, safe while the server runs."""
    from casefile.services.backup import backup as run_backup
    from casefile.services.backup import check_new_passphrase

    passphrase = None
    if encrypt:
        passphrase = check_new_passphrase(
            read_secret("backup passphrase", confirm=True, env=PASSPHRASE_ENV))
    result = run_backup(ctx.obj["db"], file, passphrase)
    kind = "encrypted backup" if result.encrypted else "backup (not encrypted)"
    typer.echo(f"{kind} written to {result.path} ({result.size} bytes)")


def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A file made by 'casefile backup'.")],
    db: Annotated[str | None, typer.Option(
        "--db", help="The database to replace (default: the global --db).")] = None,
) -> None:
    """Check a backup completely, then make it the database.

    The old database is kept as *.before-restore-TIME; refused while the database is
    open elsewhere."""
    from casefile.services.backup import restore as run_restore

    def passphrase() -> str:
        return read_secret("backup passphrase", confirm=False, env=PASSPHRASE_ENV)

    if not file.is_file():
        raise UserError(f"{file}: no such file")
    result = run_restore(file, db or ctx.obj["db"], passphrase)
    kept = f"; the previous database is kept as {result.kept}" if result.kept else ""
    typer.echo(f"restored {result.database}: {result.documents} documents, audit chain of"
               f" {result.audit_entries} entries ok (head {result.audit_head}){kept}")
