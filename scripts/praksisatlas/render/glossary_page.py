"""The glossary page's Markdown: groups of terms, each with explanation and its cases."""

from __future__ import annotations

from itertools import groupby

from praksisatlas.glossary import GlossaryEntry
from praksisatlas.render.markup import link, md_text, plural


def glossary_markdown(entries: list[GlossaryEntry], prefix: str) -> str:
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
                    link(c.title, f"{prefix}praksis/{c.slug}.md") for c in entry.cases
                )
                count = plural(len(entry.cases), "praksiseksempel", "praksiseksempler")
                text += ["", f"**{count}:** {links}"]
            parts.append("\n".join(text) + "\n")
    return "\n".join(parts)
