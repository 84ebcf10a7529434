"""Overviews for hand-written pages (through macros): steps, themes, sources, municipalities."""

from __future__ import annotations

from praksisatlas.catalog import Catalog
from praksisatlas.model import OFF
from praksisatlas.render.explorer import explore_link
from praksisatlas.render.html import OnPage
from praksisatlas.render.listings import case_list, case_list_html
from praksisatlas.render.markup import esc, link, md_text, plural
from praksisatlas.slugs import slugify


def steps_overview(catalog: Catalog, on: OnPage, level: int = 2) -> str:
    """Each step with its description, the report's anchor and every case on it."""
    vocab, hashes, prefix = catalog.vocab, "#" * level, on.prefix
    parts = []
    for step in vocab.steps:
        anchor = catalog.by_slug.get(step.anchor)
        anchor_text = ""
        if anchor:
            target = f"{prefix}praksis/{anchor.slug}.md"
            anchor_text = f"Rapportens anker {step.letter}: {link(anchor.title, target)}."

        cases = catalog.on_step(step.step)
        parts.append(
            f"{hashes} Trin {step.step}: {md_text(step.name)} {{ #trin-{step.step} }}\n\n"
            f"{md_text(step.description)}\n\n{anchor_text}\n\n"
            + (explore_link(prefix, trin=step.step) if cases else "")
            + case_list(cases, vocab, on)
        )
    off = catalog.off_continuum()
    count = plural(len(off), "eksempel", "eksempler")
    parts.append(
        f"{hashes} Uden for kontinuummet {{ #uden-for }}\n\n"
        "Støtteinfrastruktur, som ikke selv er et aktivitets- eller beskæftigelsestilbud "
        "(dokumentation og måling, indgang, koordinering, døgndækning, faglig tilgang, "
        f"organisering), står på ingen af de fem trin, men på sin egen side: "
        f"{link('Uden for kontinuummet', f'{prefix}kontinuum/uden-for.md')} ({count}).\n"
    )
    return "\n".join(parts)


def off_continuum_overview(catalog: Catalog, on: OnPage, level: int = 2) -> str:
    """The practice off the continuum, grouped by support function (/kontinuum/uden-for/)."""
    vocab, hashes, prefix = catalog.vocab, "#" * level, on.prefix
    parts = []
    for function in vocab.support_functions:
        cases = catalog.with_support_function(function.key)
        parts.append(
            f"{hashes} {md_text(function.name)} {{ #{function.key} }}\n\n"
            f"{md_text(function.description)}\n\n"
            + case_list(cases, vocab, on, empty="Ingen praksiseksempler med denne funktion endnu.")
        )
    off = catalog.off_continuum()
    link_line = explore_link(prefix, trin=OFF) if off else ""
    return link_line + "\n".join(parts)


def step_table(catalog: Catalog, prefix: str) -> str:
    """A compact table: step, name, anchor, number of cases (front page)."""
    rows = ["| Trin | Navn | Anker | Eksempler |", "|---|---|---|---|"]
    for step in catalog.vocab.steps:
        anchor = catalog.by_slug.get(step.anchor)
        anchor_link = link(anchor.title, f"{prefix}praksis/{anchor.slug}.md") if anchor else "–"
        name = link(step.name, f"{prefix}kontinuum.md#trin-{step.step}")
        rows.append(
            f"| {step.step} | {name} | {step.letter}: {anchor_link} | "
            f"{len(catalog.on_step(step.step))} |"
        )
    off = link("Uden for kontinuummet", f"{prefix}kontinuum/uden-for.md")
    rows.append(f"| – | {off} | – | {len(catalog.off_continuum())} |")
    return "\n".join(rows) + "\n"


def themes_overview(catalog: Catalog, prefix: str) -> str:
    """The ten themes as a numbered list with description and count, linking to theme pages."""
    lines = []
    for theme in catalog.vocab.themes:
        count = plural(len(catalog.with_theme(theme.key)), "eksempel", "eksempler")
        lines.append(
            f"{theme.number}. **{link(theme.name, f'{prefix}temaer/{theme.key}.md')}** "
            f"({count})  \n   {md_text(theme.description)}"
        )
    return "\n".join(lines) + "\n"


def sources_overview(catalog: Catalog, on: OnPage, pages: set[str]) -> str:
    """Each source report: bibliographic facts, a link to its own page if any, its cases."""
    parts, prefix = [], on.prefix
    for source in catalog.vocab.sources:
        cases = catalog.citing(source.key)
        facts = [f"**Udgiver:** {md_text(source.publisher)}", f"**År:** {source.year}"]
        if source.year_note:
            facts[-1] += f" ({md_text(source.year_note)})"
        if source.authors:
            facts.append("**Forfattere:** " + md_text(", ".join(source.authors)))
        if source.commissioner:
            facts.append(f"**Bestilt af:** {md_text(source.commissioner)}")
        if source.funder:
            facts.append(f"**Finansieret af:** {md_text(source.funder)}")
        facts.append(f"**Type:** {md_text(source.kind)}")
        text = f"## {md_text(source.short)} {{ #{source.key} }}\n\n*{md_text(source.title)}*\n\n"
        text += "  \n".join(facts) + "\n\n"
        if source.note:
            text += md_text(source.note) + "\n\n"
        if source.page and source.page in pages:
            page = source.page.removeprefix("kilder/")
            text += f"Læs mere: {link('Om rapporten', f'{prefix}kilder/{page}')}.\n\n"
        text += on.hold(
            f"<details><summary>{esc(plural(len(cases), 'case', 'cases'))} bygger på "
            "rapporten</summary>\n"
            + case_list_html(cases, catalog.vocab, on, empty="Ingen cases endnu.")
            + "</details>\n"
        )
        parts.append(text)
    return "\n".join(parts)


def municipalities_overview(catalog: Catalog, on: OnPage) -> str:
    """Municipalities with cases, grouped by region, with counts."""
    vocab, prefix = catalog.vocab, on.prefix
    names = set(catalog.municipalities_with_cases)
    parts = []
    for region in vocab.regions:
        members = [m for m in vocab.municipalities if m.region == region and m.name in names]
        if not members:
            continue
        lines = [f"## {md_text(region)}", ""]
        for m in members:
            count = plural(len(catalog.in_municipality(m.name)), "eksempel", "eksempler")
            lines.append(f"- {link(m.name, f'{prefix}kommuner/{slugify(m.name)}.md')} ({count})")
        parts.append("\n".join(lines) + "\n")
    others = [c for c in catalog.cases if not c.municipalities]
    if others:
        parts.append(
            "## Uden kommune\n\nEksempler, der er landsdækkende eller kun knyttet til et amt "
            "fra før 2007:\n\n" + case_list(others, vocab, on)
        )
    return "\n".join(parts)
