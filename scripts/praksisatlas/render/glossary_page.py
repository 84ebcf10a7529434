"""The glossary page's Markdown: groups of terms, each with explanation and its cases."""

from __future__ import annotations

from itertools import groupby

from praksisatlas.glossary import GlossaryEntry
from praksisatlas.render.html import OnPage
from praksisatlas.render.markup import md_text, plural


def glossary_markdown(entries: list[GlossaryEntry], on: OnPage) -> str:
    """Headings stay Markdown (the page's table of contents); each term's list of cases, which
    at 2,000 cases can name a thousand, is finished HTML held out of the Markdown."""
    parts = []
    for group, items in groupby(entries, key=lambda e: e.group):
        parts.append(f"## {md_text(group)}\n")
        for entry in items:
            term = entry.term
            title = md_text(term.name) + (f" ({md_text(term.abbr)})" if term.abbr else "")
            text = [f"### {title} {{ #{term.key} }}", "", md_text(term.description)]
            if term.synonyms:
                text.append("")
                text.append("*Også kaldt:* " + md_text(", ".join(term.synonyms)))
            if entry.cases:
                links = ", ".join(
                    f'<a href="{on.href(c.page_path)}">{on.abbr.text(c.title)}</a>'
                    for c in entry.cases
                )
                count = plural(len(entry.cases), "praksiseksempel", "praksiseksempler")
                text += ["", on.hold(f"<p><strong>{count}:</strong> {links}</p>")]
            parts.append("\n".join(text) + "\n")
    return "\n".join(parts)
