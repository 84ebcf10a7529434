"""An Atom feed (RFC 4287) of the cases, newest change first, dated from git history.

Built offline from the catalog and the git history, so two builds of one commit give the same
bytes. A case git does not know yet falls back to its editorial ``updated`` date.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from praksisatlas.catalog import Catalog
from praksisatlas.history import History
from praksisatlas.model import Case


def _stamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def feed_entries(catalog: Catalog, histories: dict[str, History]) -> list[tuple[str, str, bool]]:
    """(slug, ISO date of last change, is-new) per case, newest first, ties by slug."""
    entries = []
    for case in catalog.cases:
        history = histories.get(case.slug)
        if history is None:
            entries.append((case.slug, case.updated, True))
        else:
            entries.append((case.slug, history.last_changed, len(history.changes) == 1))
    return sorted(entries, key=lambda e: (e[1], e[0]), reverse=True)


def _placement_term(case: Case) -> str:
    placement = case.placement
    return placement.text if placement.off else f"trin-{placement.text}"


def atom_feed(catalog: Catalog, histories: dict[str, History], site_url: str) -> str:
    base = site_url.rstrip("/") + "/"
    entries = feed_entries(catalog, histories)
    newest = entries[0][1] if entries else "1970-01-01"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="da">',
        "  <title>Praksisatlas: nye og ændrede praksiseksempler</title>",
        f"  <id>{escape(base)}</id>",
        f'  <link rel="self" href={quoteattr(base + "feed.xml")}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(base)}/>',
        f"  <updated>{_stamp(newest)}</updated>",
        "  <author><name>Praksisatlas</name></author>",
    ]
    for slug, date, is_new in entries:
        case = catalog.by_slug[slug]
        url = base + case.url
        kind = "Nyt eksempel" if is_new else "Ændret"
        lines += [
            "  <entry>",
            f"    <title>{escape(case.title)}</title>",
            f"    <id>{escape(url)}</id>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>',
            f"    <updated>{_stamp(date)}</updated>",
            f"    <category term={quoteattr(kind)}/>",
            # Where the practice stands: «trin-3», «trin-2-4» or «uden-for», with its label.
            f"    <category term={quoteattr(_placement_term(case))} "
            f"label={quoteattr(case.placement.label)}/>",
            f"    <summary>{escape(kind + ': ' + case.summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
