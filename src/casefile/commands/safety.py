"""`casefile audit ...`, `casefile verify`, `casefile backup`, `casefile restore` and
`casefile migrate-store`."""

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
                 " chain (catches entries removed from the end and a recomputed chain)."),
]
HeadFileOption = Annotated[
    Path | None,
    typer.Option("--head-file", help="A file of audit heads kept away from the database"
                 " (another machine, removable media): its last head must still be in the"
                 " chain, and the current head is added to it when all is well."),
]
UNANCHORED = ("note: the audit chain is not anchored: whoever can write the database file"
              " could recompute it from the start and this check would not know. Keep the"
              " head elsewhere: --head-file FILE on another disk, or --head HASH.")


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
    app.command("verify")(verify)
    app.command("backup")(backup)
    app.command("restore")(restore)
    app.command("migrate-store")(migrate_store)


@audit_app.command("verify")
def audit_verify(
    ctx: typer.Context, head: HeadOption = None, head_file: HeadFileOption = None
) -> None:
    """Check the audit log's hash chain; names the first broken entry."""
    from casefile.services.audit import verify_audit
    from casefile.services.integrity import append_head_file, head_problems

    heads = _heads(head, head_file)
    with open_db(ctx) as store:
        report = verify_audit(store)
        problems = [report.problem] if report.problem else []
        if report.ok:
            for wanted in heads:
                problems += head_problems(store, wanted)
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    if head_file is not None:
        append_head_file(head_file, report)
    typer.echo(f"audit log ok: {report.entries} entries, head {report.head}")
    _anchoring(heads, head_file)


def _anchoring(heads: list[str], head_file: Path | None) -> None:
    if head_file is not None:
        first = "" if heads else " (its first: nothing to check against until the next run)"
        typer.echo(f"head recorded in {head_file}{first}")
    elif not heads:
        typer.echo(UNANCHORED)


def _heads(head: str | None, head_file: Path | None) -> list[str]:
    """The heads to check: the one given, the last one in the head file."""
    from casefile.services.integrity import read_head_file

    heads = [head] if head is not None else []
    recorded = read_head_file(head_file) if head_file is not None else None
    if recorded is not None:
        heads.append(recorded)
    return heads


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


def verify(ctx: typer.Context, head: HeadOption = None, head_file: HeadFileOption = None
           ) -> None:  # fmt: skip
    """Re-hash the originals, check the database, the audit chain, and every record
    against the state the audit log recorded (names records edited outside casefile).

    One line per problem, and a non-zero exit if there is any."""
    from casefile.services.integrity import append_head_file, head_problems, verify_store

    heads = _heads(head, head_file)
    with open_db(ctx) as store:
        report = verify_store(store, heads[0] if heads else None)
        more = [p for wanted in heads[1:] if report.audit.ok
                for p in head_problems(store, wanted)]
    problems = more + report.problems
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    if head_file is not None:
        append_head_file(head_file, report.audit)
    typer.echo(f"ok: {report.documents} originals match their sha256, database integrity ok,"
               f" audit chain of {report.audit.entries} entries ok (head {report.audit.head}),"
               f" {report.records} records as the audit log recorded them")
    _anchoring(heads, head_file)


def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The backup file to write (must not exist).")],
    encrypt: Annotated[bool, typer.Option(
        "--encrypt", help=f"Encrypt with a passphrase (from {PASSPHRASE_ENV} or asked).")
    ] = False,
    head_file: Annotated[Path | None, typer.Option(
        "--head-file", help="Add the backup's audit head to this file (kept elsewhere).")
    ] = None,
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
    typer.echo(f"audit head {result.audit_head} ({result.audit_entries} entries): keep it"
               " apart from the backup; 'casefile restore --head' checks it")
    if head_file is not None:
        from casefile.security.chain import ChainReport
        from casefile.services.integrity import append_head_file

        append_head_file(head_file, ChainReport(result.audit_entries, result.audit_head))


def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A file made by 'casefile backup'.")],
    db: Annotated[str | None, typer.Option(
        "--db", help="The database to replace (default: the global --db).")] = None,
    head: Annotated[str | None, typer.Option(
        "--head", help="The audit head 'casefile backup' printed; the backup's chain must"
        " hold it.")] = None,
) -> None:
    """Check a backup completely, then make it the database.

    The old database is kept as *.before-restore-TIME; refused while the database is
    open elsewhere."""
    from casefile.services.backup import restore as run_restore

    def passphrase() -> str:
        return read_secret("backup passphrase", confirm=False, env=PASSPHRASE_ENV)

    if not file.is_file():
        raise UserError(f"{file}: no such file")
    result = run_restore(file, db or ctx.obj["db"], passphrase, head)
    kept = f"; the previous database is kept as {result.kept}" if result.kept else ""
    typer.echo(f"restored {result.database}: {result.documents} documents, audit chain of"
               f" {result.audit_entries} entries ok (head {result.audit_head}){kept}")
    if head is None:
        typer.echo(UNANCHORED)


def migrate_store(
    source: Annotated[str, typer.Argument(help="The database to copy: a SQLite file (or"
                                          " sqlite:///path) or a store URL.")],
    destination: Annotated[str, typer.Argument(help="An empty database to copy it into"
                                               " (a new SQLite file is created).")],
) -> None:
    """Copy a whole database into another store (SQLite to PostgreSQL and back):
    documents with their original bytes, facts, reviews, links, users and the audit
    chain as it is, then verify the copy.

    Refuses a destination holding data and databases of different schema versions;
    the copy appends nothing to the audit log. Stop `casefile serve` first."""
    from casefile.commands.common import progress_bar
    from casefile.services.migrate_store import MigrateFailed, describe
    from casefile.services.migrate_store import migrate_store as run_migrate

    try:
        result = run_migrate(source, destination,
                             lambda total: progress_bar(total, "copying"))  # fmt: skip
    except MigrateFailed as failed:
        for problem in failed.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1) from None
    for line in describe(result):
        typer.echo(line)
