"""Advocacy from the case record (issue 12): drafts of appeal letters and urgent actions.

`drafts.build_draft` reads a case as a viewer may see it and composes a `Draft` of plain
sentences, each with its sources; `render.render` writes it as Markdown, PDF (WeasyPrint)
or DOCX (python-docx) through a Jinja2 template; `authorities` reads the table of whom to
address per country. The CLI (`casefile draft`) and the web (the case page's draft form)
are thin layers over these. docs/advocacy.md tells how to change templates and the table.
"""
