"""The page of one case: title, summary, fact box, the body, sources and «senest opdateret».

Only the title, the headings and the case's own body are Markdown; everything the build adds
around them is finished HTML (render/html.py says why), linked with the page's own path.
"""

from __future__ import annotations

from praksisatlas.catalog import Catalog
from praksisatlas.model import Case
from praksisatlas.render.corrections import correction_section
from praksisatlas.render.html import OnPage
from praksisatlas.render.hyphenation import soft_hyphens
from praksisatlas.render.markup import esc, front_matter, md_text
from praksisatlas.render.reading_aids import (
    PageContext,
    history_section,
    print_footer,
    suggestions_section,
)
from praksisatlas.slugs import slugify
from praksisatlas.vocabularies import Term, Vocabularies

THEMES_YEAR = 2021  # VIVE og SUS' mapping, where the ten quality themes come from


def _a(text_html: str, target: str, on: OnPage) -> str:
    """A link on the page to the page with source path ``target``."""
    return f'<a href="{on.href(target)}">{text_html}</a>'


def continuum_scale(case: Case, vocab: Vocabularies, on: OnPage) -> str:
    """The continuum as a line: the five steps as an ordered list drawn as one horizontal line
    with a dot per step (atlas.css «continuum line»); the case's step is a filled dot, a span a
    thick bar from its first to its last step. Marked in text as well, not by colour or shape
    alone. A case off the continuum says so above a dashed, unmarked line."""
    placement = case.placement
    items = []
    for step in vocab.steps:
        name = soft_hyphens(f"{step.step}. {step.name}")
        label = _a(esc(name), f"kontinuum.md#trin-{step.step}", on)
        if placement.on(step.step):
            # aria-current marks one item; on a span the first step carries it.
            current = ' aria-current="step"' if step.step == placement.first else ""
            bar = ""
            if placement.span:
                bar = (
                    " atlas-span-start"
                    if step.step == placement.first
                    else " atlas-span-end"
                    if step.step == placement.last
                    else " atlas-span-mid"
                )
            items.append(
                f'<li{current} class="is-current"><strong>{label}</strong> (dette eksempel)'
                f'<span class="atlas-line-bar{bar}" aria-hidden="true"></span></li>'
                if bar
                else f'<li{current} class="is-current"><strong>{label}</strong> (dette eksempel)'
                "</li>"
            )
        else:
            items.append(f"<li>{label}</li>")
    # The summary is visually hidden text, not aria-label: screen readers do not reliably read
    # a label on a list (html-validate «aria-label-misuse»).
    if placement.off:
        link = _a(
            esc(placement.label),
            f"kontinuum/uden-for.md#{placement.support_function}",
            on,
        )
        return (
            f'<p class="atlas-off-continuum"><strong>{link}</strong>: støtteinfrastruktur, '
            "ikke et aktivitets- eller beskæftigelsestilbud.</p>\n"
            '<ol class="atlas-scale atlas-scale-off">\n' + "\n".join(items) + "\n</ol>"
        )
    where = (
        f"trin {placement.first} til {placement.last} af 5"
        if placement.span
        else f"trin {placement.first} af 5"
    )
    return (
        f'<p class="atlas-sr-only">Kontinuum: {where}, '
        "fra social aktivering til arbejdsmarkedsrettet beskæftigelse.</p>\n"
        '<ol class="atlas-scale">\n' + "\n".join(items) + "\n</ol>"
    )


def depth_line(case: Case, vocab: Vocabularies, on: OnPage) -> str:
    """The one standard line at the top: how deep the source goes (documentation) and what it
    does not say (source_gaps), e.g. «Kort omtale · Kilden oplyser ikke: periode, omfang»."""
    documentation = next(d for d in vocab.documentation if d.key == case.documentation)
    parts = [
        f'<strong class="atlas-depth-label" data-dok="{esc(documentation.key)}">'
        f"{esc(documentation.name)}</strong>"
    ]
    if case.source_gaps:
        gaps = ", ".join(vocab.source_gap(key).name for key in case.source_gaps)
        parts.append(f"Kilden oplyser ikke: {esc(gaps)}")
    return '<p class="atlas-depth">' + " · ".join(parts) + "</p>\n"


def _terms(keys: tuple[str, ...], terms: tuple[Term, ...]) -> list[Term]:
    lookup = {t.key: t for t in terms}
    return [lookup[k] for k in keys]


def _term_list(on: OnPage, keys: tuple[str, ...], terms: tuple[Term, ...], explain: bool) -> str:
    """Terms as a list; with ``explain`` each name opens its explanation (native <details>,
    no script), so the fact box stays short on a phone, plus a link to the glossary entry."""
    items = []
    for term in _terms(keys, terms):
        if explain and term.description:
            glossary = on.href(f"ordliste.md#{term.key}")
            text = (
                f"<details><summary>{esc(term.label)}</summary>{esc(term.description)} "
                f'<a href="{glossary}">Se ordlisten</a></details>'
            )
        else:
            text = f"<strong>{esc(term.label)}</strong>"
        items.append(f"<li>{text}</li>")
    return '<ul class="atlas-terms">' + "".join(items) + "</ul>"


def _row(label: str, value_html: str) -> str:
    return f"<dt>{esc(label)}</dt>\n<dd>{value_html}</dd>"


def fact_box(case: Case, catalog: Catalog, on: OnPage) -> str:
    vocab, abbr = catalog.vocab, on.abbr
    rows = []
    themes = []
    for index, key in enumerate(case.themes):
        text = _a(esc(vocab.theme(key).name), f"temaer/{key}.md", on)
        themes.append(f"{text} (hovedtema)" if index == 0 else text)
    theme_text = " · ".join(themes)
    if max(vocab.source(ref.source).year for ref in case.sources) < THEMES_YEAR:
        # The ten themes are from 2021; an older example is tagged by the atlas, not its source.
        theme_text += (
            '<br><small class="atlas-theme-note">Temaerne er fra VIVE og SUS (2021); '
            "tagningen af dette ældre eksempel er atlassets egen.</small>"
        )
    rows.append(_row("Kvalitetstemaer", theme_text))
    rows.append(
        _row(
            "Kontinuum",
            continuum_scale(case, vocab, on)
            + (
                '<p class="atlas-uncertain">Placeringen er usikker, fordi kilden siger lidt.</p>'
                if case.continuum_uncertain
                else ""
            )
            + f'<p class="atlas-rationale">{abbr.text(case.continuum_rationale)}</p>',
        )
    )
    places = [_a(esc(f"{m} Kommune"), f"kommuner/{slugify(m)}.md", on) for m in case.municipalities]
    places += [abbr.text(vocab.county(k).name) for k in case.counties]
    if case.national:
        places.append("Landsdækkende")
    rows.append(_row("Sted", " · ".join(places) or "Ikke oplyst i kilden"))
    if case.regions:
        rows.append(_row("Region", abbr.text(", ".join(case.regions))))
    if case.place_in_source:
        rows.append(_row("Sted i kilden", abbr.text(case.place_in_source)))
    rows.append(_row("Organisation", abbr.text(case.organisation)))
    rows.append(_row("Periode", abbr.text(case.period.label)))
    facets = (
        ("Målgruppe", case.target_groups, vocab.target_groups, False),
        ("Lovgrundlag", case.legal_basis, vocab.legal_bases, True),
        ("Metoder", case.methods, vocab.methods, True),
    )
    for label, keys, terms, explain in facets:
        if keys or label == "Målgruppe":
            rows.append(_row(label, _term_list(on, keys, terms, explain)))
    documentation = next(d for d in vocab.documentation if d.key == case.documentation)
    rows.append(
        _row(
            "Dokumentation",
            f"<strong>{abbr.text(documentation.name)}</strong>: "
            f"{abbr.text(documentation.description)} "
            + _a("Om dokumentation og lovende praksis", "lovende-praksis.md", on),
        )
    )
    return (
        '<section class="atlas-facts" aria-label="Fakta om praksiseksemplet">\n'
        "<dl>\n" + "\n".join(rows) + "\n</dl>\n</section>"
    )


def sources_section(case: Case, vocab: Vocabularies, on: OnPage) -> str:
    abbr = on.abbr
    items = []
    for ref in case.sources:
        source = vocab.source(ref.source)
        section = source.section(ref.section)
        where = f"afsnit {ref.section}" if ref.section[0].isdigit() else ref.section
        if section is not None and section.title != ref.section:
            where += f" «{section.title}»"
        parts = [
            _a(abbr.text(source.short), f"kilder/index.md#{source.key}", on),
            f"<em>{abbr.text(source.title)}</em>",
            abbr.text(where),
        ]
        if ref.locator:
            parts.append(abbr.text(ref.locator))
        if ref.pages:
            parts.append(abbr.text(ref.pages))
        items.append("<li>" + ", ".join(parts) + ".</li>")
    return "## Kilder\n\n" + on.hold("<ul>\n" + "\n".join(items) + "\n</ul>\n")


def related_section(case: Case, catalog: Catalog, on: OnPage) -> str:
    """«Se også»: practices the source connects with this one (links in both directions)."""
    others = catalog.see_also(case)
    if not others:
        return ""
    items = [
        f"<li>{_a(on.abbr.text(other.title), other.page_path, on)}: "
        f"{on.abbr.text(other.summary)}</li>"
        for other in others
    ]
    return (
        '\n<nav class="atlas-related" aria-label="Se også">\n<p><strong>Se også</strong></p>\n'
        "<ul>\n" + "\n".join(items) + "\n</ul>\n</nav>\n"
    )


def compare_toggle(case: Case) -> str:
    """«Sammenlign» for the compare tray; like the explorer cards' toggles it shows once
    compare.js makes it work (explorer.css keeps its room until then)."""
    return (
        '<div class="atlas-compare-case"><button type="button" '
        f'class="atlas-compare-toggle md-button" data-compare="{esc(case.slug)}" '
        'aria-pressed="false">Sammenlign</button>'
        '<div class="atlas-compare-tray" hidden></div></div>\n\n'
    )


def case_page(
    case: Case,
    catalog: Catalog,
    context: PageContext | None = None,
    repo: str = "",
    on: OnPage | None = None,
) -> str:
    """The full Markdown source of ``praksis/<slug>.md``; ``repo`` adds «Foreslå en rettelse».
    ``on`` gives the build's abbreviations and takes each block of finished HTML out of the
    Markdown (render/html.py); without it the HTML stays inline."""
    context = context or PageContext()
    on = on or OnPage(case.page_path)
    see_also = related_section(case, catalog, on)
    return (
        front_matter(title=case.title, description=case.summary)
        + f"# {md_text(case.title)}\n\n"
        + on.hold(
            depth_line(case, catalog.vocab, on)
            + f'<p class="atlas-lede">{on.abbr.text(case.summary)}</p>\n'
            + compare_toggle(case)
            + fact_box(case, catalog, on)
        )
        + "\n\n"
        + case.body
        + "\n"
        + (on.hold(see_also) if see_also else "")
        + "\n"
        + sources_section(case, catalog.vocab, on)
        + "\n"
        + suggestions_section(case, catalog, on)
        + "\n"
        + on.hold(
            history_section(case, context.history)
            + correction_section(case, repo)
            + print_footer(case, context)
        )
    )
