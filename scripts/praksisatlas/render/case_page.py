"""The page of one case: title, summary, fact box, the body, sources and «senest opdateret»."""

from __future__ import annotations

from praksisatlas.catalog import Catalog
from praksisatlas.model import Case
from praksisatlas.render.corrections import correction_section
from praksisatlas.render.markup import esc, front_matter, link, md_text
from praksisatlas.render.reading_aids import (
    PageContext,
    history_section,
    print_footer,
    suggestions_section,
)
from praksisatlas.slugs import slugify
from praksisatlas.vocabularies import Term, Vocabularies

PREFIX = "../"  # case pages live at docs/praksis/<slug>.md
THEMES_YEAR = 2021  # VIVE og SUS' mapping, where the ten quality themes come from


def continuum_scale(case: Case, vocab: Vocabularies, prefix: str = PREFIX) -> str:
    """The five steps as an ordered list; the case's step is marked in text, not colour alone."""
    items = []
    for step in vocab.steps:
        current = step.step == case.continuum
        label = f"{step.step}. {step.name}"
        target = f"{prefix}kontinuum.md#trin-{step.step}"
        if current:
            items.append(
                f'<li class="is-current" aria-current="step" markdown="span">'
                f"**{link(label, target)}** (dette eksempel)</li>"
            )
        else:
            items.append(f'<li markdown="span">{link(label, target)}</li>')
    # The summary is visually hidden text, not aria-label: screen readers do not reliably read
    # a label on a list (html-validate «aria-label-misuse»).
    return (
        f'<p class="atlas-sr-only">Kontinuum: trin {case.continuum} af 5, '
        "fra social aktivering til arbejdsmarkedsrettet beskæftigelse.</p>\n"
        '<ol class="atlas-scale" markdown>\n' + "\n".join(items) + "\n</ol>"
    )


def _terms(keys: tuple[str, ...], terms: tuple[Term, ...]) -> list[Term]:
    lookup = {t.key: t for t in terms}
    return [lookup[k] for k in keys]


def _term_list(keys: tuple[str, ...], terms: tuple[Term, ...], explain: bool) -> str:
    """Terms as a list; with ``explain`` each name opens its explanation (native <details>,
    no script), so the fact box stays short on a phone, plus a link to the glossary entry."""
    items = []
    for term in _terms(keys, terms):
        if explain and term.description:
            glossary = f"{PREFIX}../ordliste/#{esc(term.key)}"
            text = (
                f"<details><summary>{esc(term.label)}</summary>{esc(term.description)} "
                f'<a href="{glossary}">Se ordlisten</a></details>'
            )
        else:
            text = f"<strong>{esc(term.label)}</strong>"
        items.append(f"<li>{text}</li>")
    return '<ul class="atlas-terms">' + "".join(items) + "</ul>"


def _row(label: str, value: str, span: bool = False) -> str:
    attr = ' markdown="span"' if span else ""
    return f"<dt>{esc(label)}</dt>\n<dd{attr}>{value}</dd>"


def fact_box(case: Case, catalog: Catalog) -> str:
    vocab = catalog.vocab
    rows = []
    themes = []
    for index, key in enumerate(case.themes):
        theme = vocab.theme(key)
        text = link(theme.name, f"{PREFIX}temaer/{key}.md")
        themes.append(f"{text} (hovedtema)" if index == 0 else text)
    theme_text = " · ".join(themes)
    if max(vocab.source(ref.source).year for ref in case.sources) < THEMES_YEAR:
        # The ten themes are from 2021; an older example is tagged by the atlas, not its source.
        theme_text += (
            '<br><small class="atlas-theme-note">Temaerne er fra VIVE og SUS (2021); '
            "tagningen af dette ældre eksempel er atlassets egen.</small>"
        )
    rows.append(_row("Kvalitetstemaer", theme_text, span=True))
    rows.append(
        "<dt>Kontinuum</dt>\n<dd markdown>"
        + continuum_scale(case, vocab)
        + (
            '<p class="atlas-uncertain">Placeringen er usikker, fordi kilden siger lidt.</p>'
            if case.continuum_uncertain
            else ""
        )
        + f'<p class="atlas-rationale">{esc(case.continuum_rationale)}</p></dd>'
    )
    places = [
        link(f"{m} Kommune", f"{PREFIX}kommuner/{slugify(m)}.md") for m in case.municipalities
    ]
    places += [md_text(vocab.county(k).name) for k in case.counties]
    if case.national:
        places.append("Landsdækkende")
    rows.append(_row("Sted", " · ".join(places) or "Ikke oplyst i kilden", span=True))
    if case.regions:
        rows.append(_row("Region", md_text(", ".join(case.regions)), span=True))
    if case.place_in_source:
        rows.append(_row("Sted i kilden", md_text(case.place_in_source), span=True))
    rows.append(_row("Organisation", md_text(case.organisation), span=True))
    rows.append(_row("Periode", md_text(case.period.label), span=True))
    rows.append(
        _row("Målgruppe", _term_list(case.target_groups, vocab.target_groups, explain=False))
    )
    if case.legal_basis:
        rows.append(_row("Lovgrundlag", _term_list(case.legal_basis, vocab.legal_bases, True)))
    if case.methods:
        rows.append(_row("Metoder", _term_list(case.methods, vocab.methods, True)))
    documentation = next(d for d in vocab.documentation if d.key == case.documentation)
    rows.append(
        _row(
            "Dokumentation",
            f"**{md_text(documentation.name)}**: {md_text(documentation.description)} "
            f"{link('Om dokumentation og lovende praksis', f'{PREFIX}lovende-praksis.md')}",
            span=True,
        )
    )
    return (
        '<section class="atlas-facts" aria-label="Fakta om praksiseksemplet" markdown>\n'
        "<dl markdown>\n" + "\n".join(rows) + "\n</dl>\n</section>"
    )


def sources_section(case: Case, vocab: Vocabularies) -> str:
    lines = ["## Kilder", ""]
    for ref in case.sources:
        source = vocab.source(ref.source)
        section = source.section(ref.section)
        where = f"afsnit {ref.section}" if ref.section[0].isdigit() else ref.section
        if section is not None and section.title != ref.section:
            where += f" «{section.title}»"
        parts = [
            link(source.short, f"{PREFIX}kilder/index.md#{source.key}"),
            f"*{md_text(source.title)}*",
            md_text(where),
        ]
        if ref.locator:
            parts.append(md_text(ref.locator))
        if ref.pages:
            parts.append(md_text(ref.pages))
        lines.append("- " + ", ".join(parts) + ".")
    return "\n".join(lines) + "\n"


def related_section(case: Case, catalog: Catalog) -> str:
    """«Se også»: practices the source connects with this one (links in both directions)."""
    others = catalog.see_also(case)
    if not others:
        return ""
    lines = ["", '<nav class="atlas-related" aria-label="Se også" markdown>', "", "**Se også**", ""]
    for other in others:
        lines.append(f"- {link(other.title, f'{other.slug}.md')}: {md_text(other.summary)}")
    lines += ["", "</nav>", ""]
    return "\n".join(lines)


def case_page(
    case: Case, catalog: Catalog, context: PageContext | None = None, repo: str = ""
) -> str:
    """The full Markdown source of ``praksis/<slug>.md``; ``repo`` adds «Foreslå en rettelse»."""
    context = context or PageContext()
    return (
        front_matter(title=case.title, description=case.summary)
        + f"# {md_text(case.title)}\n\n"
        + f'<p class="atlas-lede">{esc(case.summary)}</p>\n\n'
        + fact_box(case, catalog)
        + "\n\n"
        + case.body
        + "\n"
        + related_section(case, catalog)
        + "\n"
        + sources_section(case, catalog.vocab)
        + "\n"
        + suggestions_section(case, catalog)
        + "\n"
        + history_section(case, context.history)
        + "\n"
        + correction_section(case, repo)
        + "\n"
        + print_footer(case, context)
    )
