"""Re-extract the interface's strings into src/casefile/web/locale/messages.pot and merge
them into every language's messages.po (new strings arrive untranslated, changed ones
fuzzy: tests/test_i18n.py fails until a translator has seen them).

    PYTHONPATH=src .venv/bin/python scripts/extract_messages.py

Sources: the web templates and the public site's (publish/templates; Jinja2's extractor:
`_`, `gettext`, `ngettext`, `{% trans %}`) and the Python modules whose words pages show
(`_`, `gettext`, `ngettext`, `pgettext`, and the markers `N_` / `NP_` and the error
messages `Msg` of casefile.i18n). See docs/translations.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "casefile"
LOCALE = PACKAGE / "web" / "locale"
# Python whose strings a page shows; the rest of the package speaks to logs, the CLI
# and the API, which stay English.
# The services' and the store's errors (raised as `Msg`) are shown on pages too.
PYTHON_SOURCES = ("i18n.py", "model.py", "web/*.py", "services/*.py", "store/*.py",
                  "advocacy/drafts.py", "publish/site.py",
                  "sources/published.py")  # fmt: skip
KEYWORDS = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2), "Msg": None}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                 "lstrip_blocks": "true"}  # fmt: skip


def extract() -> Catalog:
    template = Catalog(project="casefile", msgid_bugs_address="", fuzzy=False)
    method_map = [("web/templates/**.html", "jinja2"), ("publish/templates/**.html", "jinja2"),
                  *((pattern, "python") for pattern in PYTHON_SOURCES)]  # fmt: skip
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, method_map, options_map={"web/templates/**.html": JINJA_OPTIONS,
                                     "publish/templates/**.html": JINJA_OPTIONS},
        keywords=KEYWORDS, comment_tags=("Translators:",),
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments,
                     context=context)  # fmt: skip
    return template


def untranslated(catalog: Catalog) -> list[str]:
    """The msgids of `catalog` without a translation (every plural form) or fuzzy."""
    out = []
    for message in catalog:
        if not message.id:
            continue  # the header
        forms = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy or not all(forms):
            out.append(str(message.id))
    return out


def main() -> int:
    template = extract()
    template_path = LOCALE / "messages.pot"
    with template_path.open("wb") as out:
        write_po(out, template, width=88, sort_by_file=True, omit_header=False)
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/messages.po")):
        language = po_path.parent.parent.name
        with po_path.open("rb") as po:
            catalog = read_po(po, locale=language)
        catalog.update(template, no_fuzzy_matching=False)
        with po_path.open("wb") as out:
            write_po(out, catalog, width=88, sort_by_file=True, ignore_obsolete=True)
        total = sum(1 for m in catalog if m.id)
        missing = len(untranslated(catalog))
        print(f"{po_path.relative_to(ROOT)}: {total} strings, {missing} to translate")
    total = sum(1 for m in template if m.id)
    print(f"{template_path.relative_to(ROOT)}: {total} strings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
