"""`casefile search find WORDS` and `casefile search reindex`."""

from __future__ import annotations

from typing import Annotated

import typer

from casefile.commands.common import open_db

search_app = typer.Typer(no_args_is_help=True, help="Search cases, facts and documents.")


def register(app: typer.Typer) -> None:
    app.add_typer(search_app, name="search")


@search_app.command("find")
def find(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(help="Words to find, in any spelling or"
                                                    " script; end one with * for a prefix.")],
    limit: Annotated[int, typer.Option(help="At most this many of each kind.")] = 10,
) -> None:
    """The cases, facts and documents holding every word (full clearance)."""
    from casefile.services.search import search

    with open_db(ctx) as store:
        found = search(store, " ".join(words), limit=max(1, limit))
        typer.echo(f"cases ({found.case_total}):")
        for case in found.cases[:limit]:
            typer.echo(f"  {case.person_id}\t{case.name}\t{case.status}")
        typer.echo(f"facts ({len(found.events)}):")
        for stored in found.events:
            source = found.sources.get(stored.event.evidence.document_id, "")
            typer.echo(f"  {stored.id}\t{stored.event.type}\t{stored.entity_name}\t{source}")
        typer.echo(f"documents ({len(found.documents)}):")
        for hit in found.documents:
            typer.echo(f"  {hit.sha256[:12]}\t{hit.label}")


@search_app.command("reindex")
def reindex(ctx: typer.Context) -> None:
    """Rebuild the search index from the records (it is kept in step by itself; this is
    for a database edited by other means, or after a change to how words are folded)."""
    from casefile.services.search_index import reindex as rebuild

    with open_db(ctx) as store:
        done = rebuild(store)
    typer.echo(f"indexed {done.documents} documents, {done.events} facts, {done.cases} cases")
