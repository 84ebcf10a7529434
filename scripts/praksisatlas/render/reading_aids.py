"""What helps a reader after the case itself: related practice, next steps on the continuum,
the change history from git, and a footer that only shows on paper."""

from __future__ import annotations

from dataclasses import dataclass

from praksisatlas.catalog import Catalog
from praksisatlas.history import History
from praksisatlas.model import Case
from praksisatlas.related import Suggestion, next_steps, related
from praksisatlas.render.markup import danish_date, esc, link, md_text


@dataclass(frozen=True)
class PageContext:
    """Build-wide facts a case page needs besides the catalog."""

    site_url: str = ""
    history: History | None = None


def _suggestion_items(suggestions: list[Suggestion]) -> list[str]:
    return [
        f"- {link(s.case.title, f'{s.case.slug}.md')}"
        f'{{ data-related="{esc(s.case.slug)}" }}  \n'
        f'  <span class="atlas-reason">{esc(s.reason)}</span>'
        for s in suggestions
    ]


def suggestions_section(case: Case, catalog: Catalog) -> str:
    """«Lignende praksis» (up to five) and «Næste skridt på kontinuummet»."""
    lines = ["## Lignende praksis {: #lignende-praksis }", ""]
    similar = related(case, catalog)
    if similar:
        lines += _suggestion_items(similar)
    else:
        lines.append(
            '<p class="atlas-empty">Atlasset har endnu ingen andre eksempler med samme tema '
            "eller metode.</p>"
        )
    lines += ["", "### Næste skridt på kontinuummet {: #naeste-skridt }", ""]
    if case.continuum == 5:
        lines.append(
            '<p class="atlas-empty">Eksemplet står allerede yderst mod beskæftigelse (trin 5).</p>'
        )
    else:
        steps = next_steps(case, catalog)
        if steps:
            lines += _suggestion_items(steps)
        else:
            lines.append(
                f'<p class="atlas-empty">Ingen eksempler på trin {case.continuum + 1} deler et '
                "tema med dette.</p>"
            )
    return "\n".join(lines) + "\n"


def history_section(case: Case, history: History | None) -> str:
    """Dates and commit subjects from git; a case's own date is the editorial «updated»."""
    lines = ['<section class="atlas-history" aria-label="Ændringer" markdown>', ""]
    if history is None:
        lines.append(
            f"Redaktionelt opdateret {danish_date(case.updated)}. Eksemplet er ikke udgivet "
            "endnu (ingen ændringer i historikken)."
        )
    else:
        lines.append(
            f"Første gang udgivet {danish_date(history.first_published)} · senest ændret "
            f"{danish_date(history.last_changed)} · redaktionelt opdateret "
            f"{danish_date(case.updated)}."
        )
        lines += [
            "",
            "<details><summary>Hvad er ændret</summary>",
            "",
            '<ul class="atlas-changes">',
        ]
        for change in history.changes:
            lines.append(
                f'<li><time datetime="{change.date}">{danish_date(change.date)}</time>: '
                f"{esc(change.message)}</li>"
            )
        lines += ["</ul>", "", "</details>"]
    lines += ["", "</section>"]
    return "\n".join(lines) + "\n"


def print_footer(case: Case, context: PageContext) -> str:
    """Only on paper: the page's address and the print date (set by a tiny script)."""
    url = context.site_url.rstrip("/") + "/" + case.url if context.site_url else case.url
    return (
        '<p class="atlas-print-only">Siden findes på '
        f'<span class="atlas-print-url">{esc(url)}</span> · udskrevet '
        "<span data-print-date></span></p>\n"
    )


__all__ = ["PageContext", "history_section", "md_text", "print_footer", "suggestions_section"]
