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
    """«Fyldigere beskrivelser» (short notes only), «Lignende praksis» (up to five) and
    «Næste skridt på kontinuummet»."""
    on = on or OnPage(case.page_path)
    hold = on.hold
    similar, steps, fuller = catalog.related_index.lists(case)
    lines = []
    short = {d.key for d in catalog.vocab.documentation if d.extra.get("short")}
    if case.documentation in short:
        where = (
            "samme støttefunktion"
            if case.placement.off
            else ("et af samme trin" if case.placement.span else "samme trin")
        )
        lines += ["## Fyldigere beskrivelser {: #fyldigere-beskrivelser }", ""]
        if fuller:
            lines.append(
                hold(
                    f'<p class="atlas-fuller-intro">Dette er en kort omtale. Eksempler med samme '
                    f"tema og {where}, som kilderne beskriver grundigere:</p>\n"
                    + _suggestion_list(fuller, on)
                )
            )
        else:
            lines.append(
                hold(
                    _empty(
                        f"Dette er en kort omtale. Atlasset har endnu ingen grundigere beskrevne "
                        f"eksempler med samme tema og {where}."
                    )
                )
            )
        lines.append("")
    lines += ["## Lignende praksis {: #lignende-praksis }", ""]
    if similar:
        lines.append(hold(_suggestion_list(similar, on)))
    else:
        lines.append(
            hold(_empty("Atlasset har endnu ingen andre eksempler med samme tema eller metode."))
        )
    lines += ["", "### Næste skridt på kontinuummet {: #naeste-skridt }", ""]
    placement = case.placement
    if placement.off:
        lines.append(
            hold(
                _empty(
                    "Eksemplet står uden for kontinuummet (støtteinfrastruktur), så det har "
                    "intet næste skridt."
                )
            )
        )
    elif placement.last == 5:
        lines.append(hold(_empty("Eksemplet står allerede yderst mod beskæftigelse (trin 5).")))
    elif steps:
        lines.append(hold(_suggestion_list(steps, on)))
    else:
        lines.append(
            hold(
                _empty(
                    f"Ingen eksempler, der begynder på trin {placement.last + 1}, deler et tema "
                    "med dette."
                )
            )
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
