"""What helps a reader after the case itself: related practice, next steps on the continuum,
the change history from git, and a footer that only shows on paper."""

from __future__ import annotations

from dataclasses import dataclass

from praksisatlas.catalog import Catalog
from praksisatlas.history import History
from praksisatlas.model import Case
from praksisatlas.related import Suggestion
from praksisatlas.render.html import OnPage
from praksisatlas.render.markup import danish_date, esc, md_text


@dataclass(frozen=True)
class PageContext:
    """Build-wide facts a case page needs besides the catalog."""

    site_url: str = ""
    history: History | None = None


def _suggestion_list(suggestions: list[Suggestion], on: OnPage) -> str:
    items = [
        f'<li><a data-related="{esc(s.case.slug)}" '
        f'href="{on.href(s.case.page_path)}">{on.abbr.text(s.case.title)}</a><br>\n'
        f'  <span class="atlas-reason">{esc(s.reason)}</span></li>'
        for s in suggestions
    ]
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def _empty(text: str) -> str:
    return f'<p class="atlas-empty">{text}</p>'


def suggestions_section(case: Case, catalog: Catalog, on: OnPage | None = None) -> str:
    """«Lignende praksis» (up to five) and «Næste skridt på kontinuummet»."""
    on = on or OnPage(case.page_path)
    hold = on.hold
    similar, steps = catalog.related_index.suggestions(case)
    lines = ["## Lignende praksis {: #lignende-praksis }", ""]
    if similar:
        lines.append(hold(_suggestion_list(similar, on)))
    else:
        lines.append(
            hold(_empty("Atlasset har endnu ingen andre eksempler med samme tema eller metode."))
        )
    lines += ["", "### Næste skridt på kontinuummet {: #naeste-skridt }", ""]
    if case.continuum == 5:
        lines.append(hold(_empty("Eksemplet står allerede yderst mod beskæftigelse (trin 5).")))
    elif steps:
        lines.append(hold(_suggestion_list(steps, on)))
    else:
        lines.append(
            hold(_empty(f"Ingen eksempler på trin {case.continuum + 1} deler et tema med dette."))
        )
    return "\n".join(lines) + "\n"


def history_section(case: Case, history: History | None) -> str:
    """Dates and commit subjects from git; a case's own date is the editorial «updated»."""
    lines = ['<section class="atlas-history" aria-label="Ændringer">']
    if history is None:
        lines.append(
            f"<p>Redaktionelt opdateret {danish_date(case.updated)}. Eksemplet er ikke udgivet "
            "endnu (ingen ændringer i historikken).</p>"
        )
    else:
        lines.append(
            f"<p>Første gang udgivet {danish_date(history.first_published)} · senest ændret "
            f"{danish_date(history.last_changed)} · redaktionelt opdateret "
            f"{danish_date(case.updated)}.</p>"
        )
        lines += ["<details>", "<summary>Hvad er ændret</summary>", '<ul class="atlas-changes">']
        for change in history.changes:
            lines.append(
                f'<li><time datetime="{change.date}">{danish_date(change.date)}</time>: '
                f"{esc(change.message)}</li>"
            )
        lines += ["</ul>", "</details>"]
    lines.append("</section>")
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
