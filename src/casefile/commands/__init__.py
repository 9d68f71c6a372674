"""Command groups of the CLI beyond the core ones in `casefile.cli`: accounts, the safety
of the data (audit, verify, backup, restore), exports and imports, reports, the public
site. Each module adds its commands to the app passed to `register`; like cli.py they
only parse arguments and print."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from casefile.commands import (
        access,
        accounts,
        alerts,
        batch,
        curation,
        documents,
        exchange,
        interventions,
        possible,
        publish,
        report,
        safety,
        search,
    )

    access.register(app)
    accounts.register(app)
    alerts.register(app)
    batch.register(app)
    curation.register(app)
    documents.register(app)
    exchange.register(app)
    interventions.register(app)
    possible.register(app)
    publish.register(app)
    report.register(app)
    safety.register(app)
    search.register(app)
