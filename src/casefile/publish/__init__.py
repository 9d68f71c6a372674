"""The public site (issue 12, item 7): `casefile publish --clearance public -o site/`
writes a static website any web host serves, in the way political-prisoner lists are
published.

`model.build_model` reads what may be published into a plain `SiteModel` (through
`exchange.public.PublicRecords`: public documents' accepted facts, one
`Pseudonyms.for_publication` per run, so protected persons and everyone without a
recorded consent go by their pseudonym); `site.render_site` turns that model into files
(path -> bytes: pages from `templates/`, the report, the downloads, the sitemap);
`output.write_site` writes them incrementally against a manifest of content hashes.
See docs/publish.md."""

from casefile.publish.model import SiteModel, build_model
from casefile.publish.output import PublishResult, write_site
from casefile.publish.site import render_site

__all__ = ["PublishResult", "SiteModel", "build_model", "render_site", "write_site"]
