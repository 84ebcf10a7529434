"""Build-time HTML for the explorer (/udforsk/), the matrix (/matrix/) and compare (/sammenlign/).

Everything a reader needs without JavaScript is rendered here: every case as a card with links,
the facets as native checkboxes in fieldsets, and the matrix as a plain table of links. The small
scripts in ``docs/assets`` only wire these up (filtering, counts, URL state), so the facet keys
written into ``data-*`` attributes here are the contract between the build and the browser.

The output is raw HTML (not Markdown): at 2,000 cases, Markdown parsing of the cards would dominate
the build, and raw HTML lets each card carry its facet data. Because MkDocs does not rewrite links
inside raw HTML, every ``href`` is built from ``root``, the relative path from the page's URL to
the site root (e.g. ``"../"`` for ``/udforsk/``), and points at a directory URL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from praksisatlas.catalog import Catalog
from praksisatlas.model import OFF, Case
from praksisatlas.render.denmark_map import (
    EXPLORER_MAP_FILE,
    scale_bins,
    scale_legend,
    step_of,
)
from praksisatlas.render.listings import depth_badge, place_label
from praksisatlas.render.markup import esc
from praksisatlas.slugs import slugify
from praksisatlas.vocabularies import Term, Vocabularies

UNKNOWN_PERIOD = "ikke-oplyst"
EXPLORER_PAGE = "udforsk/"
MATRIX_PAGE = "matrix/"
COMPARE_PAGE = "sammenlign/"
# From this many cards the list lets the browser skip off-screen cards (explorer.css).
LONG_LIST = 500

SORTS = (("titel", "Titel (A–Å)"), ("trin", "Trin på kontinuummet"), ("nyeste", "Senest opdateret"))


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str


@dataclass(frozen=True)
class Facet:
    """One filter group: its URL/``data-*`` key (Danish ASCII), legend and the values in use."""

    param: str
    legend: str
    values: tuple[FacetValue, ...]
    keys_of: Callable[[Case], tuple[str, ...]]
    open: bool = False


def period_bucket(case: Case) -> str:
    """The decade a practice was active from: the start year, else the end year, else unknown.

    Decades keep the facet short (sources span 1986–2020) and match how readers think of old
    and new practice; the key is the decade's first year, e.g. ``"2000"`` for 2000–2009.
    """
    year = case.period.start or case.period.end
    return str(year // 10 * 10) if year else UNKNOWN_PERIOD


def _period_label(key: str) -> str:
    return "Ikke oplyst" if key == UNKNOWN_PERIOD else f"{key}’erne"


def _terms_in_use(
    terms: tuple[Term, ...], used: set[str], label: Callable[[Term], str] = lambda t: t.label
) -> tuple[FacetValue, ...]:
    return tuple(FacetValue(t.key, label(t)) for t in terms if t.key in used)


def facets(catalog: Catalog) -> tuple[Facet, ...]:
    """The ten facets in display order, each with only the values some case actually has.

    A value no case has would always count 0; leaving it out keeps long vocabularies (47 methods)
    readable. Values that reach 0 only under other filters stay and are shown disabled.
    """
    vocab, cases = catalog.vocab, catalog.cases

    def used(keys_of: Callable[[Case], tuple[str, ...]]) -> set[str]:
        return {key for case in cases for key in keys_of(case)}

    def regions(case: Case) -> tuple[str, ...]:
        return tuple(slugify(r) for r in case.regions)

    def municipalities(case: Case) -> tuple[str, ...]:
        return tuple(slugify(m) for m in case.municipalities)

    def sources(case: Case) -> tuple[str, ...]:
        return tuple(dict.fromkeys(ref.source for ref in case.sources))

    region_keys, muni_keys, source_keys = used(regions), used(municipalities), used(sources)
    periods = sorted(used(lambda c: (period_bucket(c),)) - {UNKNOWN_PERIOD})
    if any(period_bucket(c) == UNKNOWN_PERIOD for c in cases):
        periods.append(UNKNOWN_PERIOD)
    return (
        Facet(
            "tema",
            "Kvalitetstema",
            _terms_in_use(vocab.themes, used(lambda c: c.themes), lambda t: t.name),
            lambda c: c.themes,
            open=True,
        ),
        Facet(
            "trin",
            "Trin på kontinuummet",
            tuple(FacetValue(str(s.step), f"{s.step}. {s.name}") for s in vocab.steps)
            + ((FacetValue(OFF, "Uden for kontinuummet"),) if catalog.off_continuum() else ()),
            lambda c: c.placement.keys,
            open=True,
        ),
        Facet(
            "maalgruppe",
            "Målgruppe",
            _terms_in_use(vocab.target_groups, used(lambda c: c.target_groups)),
            lambda c: c.target_groups,
        ),
        Facet(
            "lov",
            "Lovgrundlag",
            _terms_in_use(vocab.legal_bases, used(lambda c: c.legal_basis)),
            lambda c: c.legal_basis,
        ),
        Facet(
            "metode",
            "Metode",
            _terms_in_use(vocab.methods, used(lambda c: c.methods)),
            lambda c: c.methods,
        ),
        Facet(
            "dok",
            "Dokumentation",
            _terms_in_use(vocab.documentation, used(lambda c: (c.documentation,))),
            lambda c: (c.documentation,),
        ),
        Facet(
            "region",
            "Region",
            tuple(FacetValue(slugify(r), r) for r in vocab.regions if slugify(r) in region_keys),
            regions,
        ),
        Facet(
            "kommune",
            "Kommune",
            tuple(FacetValue(m.slug, m.name) for m in vocab.municipalities if m.slug in muni_keys),
            municipalities,
        ),
        Facet(
            "kilde",
            "Kilde",
            tuple(FacetValue(s.key, s.short) for s in vocab.sources if s.key in source_keys),
            sources,
        ),
        Facet(
            "periode",
            "Periode (startår)",
            tuple(FacetValue(k, _period_label(k)) for k in periods),
            lambda c: (period_bucket(c),),
        ),
    )


def explorer_query(filters: Mapping[str, str | int | tuple[str, ...]]) -> str:
    """``{"tema": "sundhed", "trin": 2}`` → ``"?tema=sundhed&trin=2"``: the scripts' URL format.

    Several values of one facet are joined with commas (``tema=a,b``), which keeps shared links
    short and readable; keys are ASCII slugs, so they never contain a comma.
    """
    parts = []
    for param, value in filters.items():
        values = value if isinstance(value, tuple) else (str(value),)
        parts.append(f"{param}=" + ",".join(quote(v, safe="") for v in values))
    return "?" + "&".join(parts) if parts else ""


def explore_link(prefix: str, **filters: str | int) -> str:
    """A Markdown line linking a listing (theme, step, municipality) into the explorer.

    ``prefix`` is the page's relative path to ``docs/`` (as for ``case_list``): the link targets
    ``udforsk.md`` so MkDocs checks it and keeps the query string. No ``data-slug`` here: the build
    tests count those to compare listings with the catalog.
    """
    target = f"{prefix}udforsk.md{explorer_query(filters)}"
    return f"[Se dem i udforskeren, og filtrér videre]({target}){{ .atlas-explore-link }}\n\n"


# --- explorer -------------------------------------------------------------------------------------


def _links(items: list[tuple[str, str]]) -> str:
    return ", ".join(f'<a href="{esc(href)}">{esc(text)}</a>' for text, href in items)


def explorer_card(case: Case, vocab: Vocabularies, facet_list: tuple[Facet, ...], root: str) -> str:
    """One case as a list item whose ``data-*`` attributes hold every facet's keys."""
    data = " ".join(f'data-{f.param}="{esc(" ".join(f.keys_of(case)))}"' for f in facet_list)
    placement = case.placement
    if case.municipalities:
        place = _links([(m, f"{root}kommuner/{slugify(m)}/") for m in case.municipalities])
    else:
        place = esc(place_label(case, vocab))
    if placement.off:
        where = f"{root}kontinuum/uden-for/#{placement.support_function}"
    else:
        where = f"{root}kontinuum/#trin-{placement.first}"
    step_link = _links([(placement.label, where)])
    themes = _links([(vocab.theme(k).short, f"{root}temaer/{k}/") for k in case.themes])
    return (
        f'<li class="atlas-xcard" data-case="{esc(case.slug)}" {data} '
        f'data-updated="{esc(case.updated)}" data-order="{_order(case)}">'
        f'<h3 class="atlas-xcard__title"><a href="{root}praksis/{esc(case.slug)}/">'
        f"{esc(case.title)}</a></h3>"
        f'<p class="atlas-xcard__meta">{place} · {step_link} · {depth_badge(case, vocab)}</p>'
        f'<p class="atlas-xcard__summary">{esc(case.summary)}</p>'
        f'<p class="atlas-xcard__themes">Temaer: {themes}</p>'
        f'<button type="button" class="atlas-compare-toggle" data-compare="{esc(case.slug)}" '
        f'aria-pressed="false" aria-label="Sammenlign «{esc(case.title)}»">Sammenlign</button>'
        "</li>"
    )


def _order(case: Case) -> str:
    """Sort key for «sortér efter trin» in the script: first step, last step; off last."""
    first, last = case.placement.sort_key
    return f"{first}{last}"


def _facet_fieldset(facet: Facet, counts: dict[str, int]) -> str:
    boxes = []
    for value in facet.values:
        ident = f"atlas-f-{facet.param}-{value.key}"
        boxes.append(
            f'<li><input type="checkbox" id="{esc(ident)}" name="{facet.param}" '
            f'value="{esc(value.key)}"><label for="{esc(ident)}">{esc(value.label)} '
            f'<span class="atlas-facet-count">({counts.get(value.key, 0)})</span></label></li>'
        )
    return (
        f'<details class="atlas-facet" data-facet="{facet.param}"{" open" if facet.open else ""}>'
        f'<summary>{esc(facet.legend)}<span class="atlas-facet-chosen"></span></summary>'
        f'<fieldset><legend class="atlas-sr-only">{esc(facet.legend)}</legend>'
        f'<ul class="atlas-facet-values">{"".join(boxes)}</ul></fieldset></details>'
    )


def explorer_html(catalog: Catalog, root: str) -> str:
    """The whole explorer: hidden-until-scripted controls, the live count and every case card.

    Without JavaScript the form stays hidden (it could not filter) and the reader gets the
    complete list; the script unhides the form and from then on only toggles ``hidden``.
    """
    facet_list = facets(catalog)
    vocab, total = catalog.vocab, len(catalog)
    fieldsets = []
    for facet in facet_list:
        counts: dict[str, int] = {}
        for case in catalog.cases:
            for key in facet.keys_of(case):
                counts[key] = counts.get(key, 0) + 1
        fieldsets.append(_facet_fieldset(facet, counts))
    sorts = "".join(f'<option value="{key}">{esc(label)}</option>' for key, label in SORTS)
    cards = "".join(explorer_card(case, vocab, facet_list, root) for case in catalog.cases)
    noun = "praksiseksempel" if total == 1 else "praksiseksempler"
    long = " data-long" if total >= LONG_LIST else ""
    return (
        f'<div class="atlas-explorer" data-data="{root}data/cases.csv" '
        f'data-matrix="{root}{MATRIX_PAGE}" data-compare="{root}{COMPARE_PAGE}">'
        '<form class="atlas-explorer__form" role="search" aria-label="Filtrér praksiseksempler" '
        'hidden><a class="atlas-skip" href="#atlas-results">Gå til resultaterne</a>'
        '<p class="atlas-explorer__text"><label for="atlas-q">Søg i titel og resumé</label>'
        '<input type="search" id="atlas-q" name="soeg" autocomplete="off" '
        'spellcheck="false"></p>'
        '<p class="atlas-explorer__sort"><label for="atlas-sort">Sortér efter</label>'
        f'<select id="atlas-sort" name="sort">{sorts}</select></p>'
        + "".join(fieldsets)
        + '<p class="atlas-explorer__reset"><button type="reset" class="md-button">'
        "Nulstil alle filtre</button></p></form>"
        '<section class="atlas-explorer__results" id="atlas-results" tabindex="-1" '
        'aria-labelledby="atlas-results-heading">'
        '<h2 id="atlas-results-heading" class="atlas-sr-only">Resultater</h2>'
        '<div class="atlas-explorer__bar">'
        f'<p class="atlas-explorer__count" role="status" aria-live="polite">'
        f"{total} af {total} {noun}</p>"
        '<p class="atlas-explorer__tools" hidden>'
        f'<button type="button" class="md-button atlas-csv">Hent udvalget som CSV ({total})'
        "</button> "
        f'<a class="atlas-matrix-link" href="{root}{MATRIX_PAGE}">Vis udvalget i matrixen</a> '
        '<button type="button" class="md-button atlas-map-toggle" aria-expanded="false" '
        'aria-controls="atlas-explorer-map">Vis udvalget på kort</button></p>'
        '<div class="atlas-compare-tray" hidden></div></div>'
        + _explorer_map(catalog, root)
        + "<noscript><p>Uden JavaScript ser du alle praksiseksempler nedenfor. Filtre, søgning og "
        "sammenligning kræver JavaScript.</p></noscript>"
        '<p class="atlas-explorer__empty" hidden>Ingen praksiseksempler passer til alle '
        "filtrene. Fjern et filter, eller nulstil.</p>"
        f'<ol class="atlas-explorer__list" data-total="{total}"{long}>{cards}</ol>'
        "</section></div>\n"
    )


def _explorer_map(catalog: Catalog, root: str) -> str:
    """The map view's place: empty until opened (explorer.js fetches the map file then). The
    shades keep the full catalogue's classes, so the key stays true under any filter."""
    largest = max(
        (len(catalog.in_municipality(n)) for n in catalog.municipalities_with_cases), default=0
    )
    bins = scale_bins(largest)
    lows = ",".join(str(low) for low, _ in bins)
    return (
        f'<section class="atlas-explorer__map" id="atlas-explorer-map" hidden '
        f'data-src="{root}{EXPLORER_MAP_FILE}" data-bins="{lows}" '
        'aria-labelledby="atlas-explorer-map-title">'
        '<h2 class="atlas-explorer__map-title" id="atlas-explorer-map-title">'
        "Udvalget på kortet</h2>"
        '<p class="atlas-explorer__map-how">Tallet på en kommune er antallet af eksempler i '
        "udvalget. Vælg en kommune for at filtrere efter den (og igen for at fjerne filteret). "
        "Hovedstadsområdet er vist forstørret i rammen til højre. Eksempler, der kun hører til "
        "et amt eller hele landet, står ikke på kortet.</p>"
        '<div class="atlas-explorer__map-drawing"></div>'
        + scale_legend(bins, "Praksiseksempler pr. kommune", "atlas-explorer__map-key")
        + '<p class="atlas-map__credit">Kommunegrænser: Klimadatastyrelsen, DAGI 1:500.000 '
        "(2014), CC BY 4.0.</p></section>"
    )


# --- matrix ---------------------------------------------------------------------------------------


def _facet_index(catalog: Catalog, facet_list: tuple[Facet, ...]) -> str:
    """Compact JSON for the matrix script: labels, and per case the value indexes per facet."""
    positions = [{v.key: i for i, v in enumerate(f.values)} for f in facet_list]
    data = {
        "facets": [
            {"param": f.param, "legend": f.legend, "values": [[v.key, v.label] for v in f.values]}
            for f in facet_list
        ],
        "cases": [
            [case.slug]
            + [
                [pos[k] for k in f.keys_of(case)]
                for f, pos in zip(facet_list, positions, strict=True)
            ]
            for case in catalog.cases
        ],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/")


def matrix_html(catalog: Catalog, root: str) -> str:
    """Steps (rows) × themes (columns), each cell a count linking to the explorer.

    A heat map: each step × theme cell is shaded by its count in the map's four classes
    (``atlas-heat-1`` … ``4``, same colours and contrast as the map; explorer.js re-shades after
    filtering, with the same classes), and the number stays in the cell. Empty cells say «ingen»
    in text (a gap map must not rely on colour). The totals are sums and are not shaded. The ARIA
    table roles are explicit because the phone layout changes ``display``, which would otherwise
    drop them.
    """
    vocab = catalog.vocab
    explorer = f"{root}{EXPLORER_PAGE}"
    head = ['<th scope="col" role="columnheader">Trin \\ tema</th>']
    for theme in vocab.themes:
        head.append(
            f'<th scope="col" role="columnheader"><a href="{root}temaer/{theme.key}/">'
            f"{esc(theme.short)}</a></th>"
        )
    head.append('<th scope="col" role="columnheader">Alle temaer</th>')
    rows = []
    row_heads = [
        (
            str(step.step),
            f'<a href="{root}kontinuum/#trin-{step.step}">{step.step}. {esc(step.name)}</a>',
            catalog.on_step(step.step),
        )
        for step in vocab.steps
    ]
    # Its own row: practice off the continuum is in none of the five step rows.
    row_heads.append(
        (
            OFF,
            f'<a href="{root}kontinuum/uden-for/">Uden for kontinuummet</a>',
            catalog.off_continuum(),
        )
    )
    heat = [
        sum(1 for c in members if theme.key in c.themes)
        for _, _, members in row_heads
        for theme in vocab.themes
    ]
    bins = scale_bins(max(heat, default=0))
    for key, head_html, members in row_heads:
        cells = [f'<th scope="row" role="rowheader">{head_html}</th>']
        for theme in vocab.themes:
            count = sum(1 for c in members if theme.key in c.themes)
            query = explorer_query({"tema": theme.key, "trin": key})
            cells.append(
                _matrix_cell(
                    count,
                    f"{explorer}{query}",
                    theme.short,
                    theme.key,
                    key,
                    step_of(count, bins),
                )
            )
        query = explorer_query({"trin": key})
        cells.append(_matrix_cell(len(members), f"{explorer}{query}", "Alle temaer", "", key))
        css = ' class="atlas-matrix__off"' if key == OFF else ""
        rows.append(f'<tr role="row"{css}>{"".join(cells)}</tr>')
    totals = ['<th scope="row" role="rowheader">Alle eksempler</th>']
    for theme in vocab.themes:
        query = explorer_query({"tema": theme.key})
        count = len(catalog.with_theme(theme.key))
        totals.append(_matrix_cell(count, f"{explorer}{query}", theme.short, theme.key, ""))
    totals.append(_matrix_cell(len(catalog), explorer, "Alle temaer", "", ""))
    rows.append(f'<tr role="row" class="atlas-matrix__totals">{"".join(totals)}</tr>')
    return (
        f'<div class="atlas-matrix" data-explorer="{explorer}" data-cases="{root}data/cases.json"'
        f' data-heat-bins="{",".join(str(low) for low, _ in bins)}">'
        '<p class="atlas-matrix__filters" role="status" aria-live="polite"></p>'
        '<section class="atlas-matrix__scroll" aria-labelledby="atlas-matrix-caption" '
        'tabindex="0"><table class="atlas-matrix__table" role="table">'
        '<caption id="atlas-matrix-caption">Antal praksiseksempler pr. trin og kvalitetstema. '
        "Et eksempel med flere temaer tælles under hvert af dem, og et eksempel, der spænder "
        "over flere trin, tælles på hvert af sine trin. Praksis uden for kontinuummet "
        "(støtteinfrastruktur) har sin egen række; «Alle eksempler» tæller hvert eksempel "
        "én gang.</caption>"
        f'<thead role="rowgroup"><tr role="row">{"".join(head)}</tr></thead>'
        f'<tbody role="rowgroup">{"".join(rows)}</tbody></table></section>'
        + scale_legend(bins, "Skygge: praksiseksempler pr. trin og tema", "atlas-matrix__legend")
        + '<script type="application/json" class="atlas-matrix__data">'
        f"{_facet_index(catalog, facets(catalog))}</script></div>\n"
    )


# --- compare --------------------------------------------------------------------------------------


def compare_labels(vocab: Vocabularies) -> dict[str, dict[str, str]]:
    """Danish labels for every vocabulary key the compare page shows (it reads cases.json)."""

    def terms(items: tuple[Term, ...]) -> dict[str, str]:
        return {t.key: t.label for t in items}

    return {
        "themes": {t.key: t.name for t in vocab.themes},
        "steps": {str(s.step): f"{s.step}. {s.name}" for s in vocab.steps},
        "support_functions": {t.key: t.name for t in vocab.support_functions},
        "source_gaps": {t.key: t.name for t in vocab.source_gaps},
        "target_groups": terms(vocab.target_groups),
        "legal_basis": terms(vocab.legal_bases),
        "methods": terms(vocab.methods),
        "documentation": terms(vocab.documentation),
        "sources": {s.key: s.short for s in vocab.sources},
        "counties": {c.key: c.name for c in vocab.counties},
    }


def compare_html(catalog: Catalog, root: str) -> str:
    """The compare page's shell: the script fills it from ``data/cases.json`` and the labels."""
    labels = json.dumps(compare_labels(catalog.vocab), ensure_ascii=False, separators=(",", ":"))
    labels = labels.replace("</", "<\\/")
    return (
        f'<div class="atlas-compare" data-cases="{root}data/cases.json" data-root="{root}" '
        f'data-explorer="{root}{EXPLORER_PAGE}">'
        '<div class="atlas-compare__message" role="status" aria-live="polite"></div>'
        '<div class="atlas-compare__body"></div>'
        "<noscript><p>Sammenligningen bygges i browseren og kræver JavaScript. Du kan stadig "
        f'læse hvert eksempel for sig via <a href="{root}{EXPLORER_PAGE}">udforskeren</a>.</p>'
        "</noscript>"
        '<script type="application/json" class="atlas-compare__labels">'
        f"{labels}</script></div>\n"
    )


def _matrix_cell(
    count: int, href: str, label: str, theme: str, step: str, heat: int | None = None
) -> str:
    """A count cell; ``heat`` (0–4) shades a step × theme cell, None leaves a total unshaded."""
    attrs = f'role="cell" data-label="{esc(label)}" data-tema="{theme}" data-trin="{step}"'
    if heat is not None:
        attrs += f' data-heat="{heat}"'
    if count == 0:
        return f'<td {attrs} class="is-empty" data-count="0"><span>ingen</span></td>'
    shade = f' class="atlas-heat-{heat}"' if heat else ""
    return f'<td {attrs}{shade} data-count="{count}"><a href="{esc(href)}">{count}</a></td>'
