"""mkdocs-macros module (``module_name: scripts/macros``): data for hand-written pages.

Pages opt in with ``render_macros: true`` in their front matter. Every macro reads the catalog
of the build in progress, so prose pages show the same counts and lists as generated pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from praksisatlas.mkdocs_adapter import current_catalog, html_on_page
from praksisatlas.render import charts, explorer, overviews
from praksisatlas.render.listings import case_list


def define_env(env) -> None:
    """Register the macros; ``prefix`` turns links relative to the calling page."""

    def prefix() -> str:
        return "../" * env.page.file.src_uri.count("/")

    def on() -> object:
        """The calling page, for finished HTML (links, tooltips, held out of its Markdown)."""
        return html_on_page(env.page.file.src_uri)

    @env.macro
    def count_cases() -> int:
        return len(current_catalog())

    @env.macro
    def count_municipalities() -> int:
        return len(current_catalog().municipalities_with_cases)

    @env.macro
    def count_sources() -> int:
        catalog = current_catalog()
        return sum(1 for s in catalog.vocab.sources if catalog.citing(s.key))

    @env.macro
    def theme_name(key: str) -> str:
        return current_catalog().vocab.theme(key).name

    @env.macro
    def theme_cases(key: str) -> str:
        catalog = current_catalog()
        theme = catalog.vocab.theme(key)  # unknown key: KeyError fails the build
        cases = catalog.with_theme(key)
        link = explorer.explore_link(prefix(), tema=key) if cases else ""
        page = on()
        chart = ""
        if cases:
            explore = page.href("udforsk.md")
            chart = page.hold(
                charts.step_bars(
                    cases,
                    catalog.vocab,
                    lambda step: explore + explorer.explorer_query({"tema": key, "trin": step}),
                    f"Temaet «{theme.name}» på kontinuummet",
                )
            )
        return chart + link + case_list(cases, catalog.vocab, page)

    @env.macro
    def step_chart() -> str:
        """How all cases spread over the five steps and off the continuum (continuum page)."""
        catalog = current_catalog()
        page = on()

        def target(step: str) -> str:
            if step == "uden-for":
                return page.href("kontinuum/uden-for.md")
            return page.href(f"kontinuum.md#trin-{step}")

        return page.hold(
            charts.step_bars(catalog.cases, catalog.vocab, target, "Eksemplerne på kontinuummet")
        )

    @env.macro
    def step_cases(step: int) -> str:
        catalog = current_catalog()
        cases = catalog.on_step(step)
        link = explorer.explore_link(prefix(), trin=step) if cases else ""
        return link + case_list(cases, catalog.vocab, on())

    @env.macro
    def method_cases(*keys: str) -> str:
        """Cases using any of the given methods (e.g. ``method_cases("ips", "trappemodel")``)."""
        catalog = current_catalog()
        terms = {t.key for t in catalog.vocab.methods}
        unknown = [k for k in keys if k not in terms]
        if unknown:
            raise KeyError(f"ukendt metode i method_cases: {unknown}")
        chosen = catalog.where(lambda c: any(k in c.methods for k in keys))
        return case_list(chosen, catalog.vocab, on())

    @env.macro
    def case_link(slug: str) -> str:
        """A Markdown link to a case by slug; an unknown slug fails the build."""
        case = current_catalog().by_slug[slug]
        return f"[{case.title}]({prefix()}praksis/{slug}.md)"

    @env.macro
    def source_cases(key: str) -> str:
        catalog = current_catalog()
        catalog.vocab.source(key)
        return case_list(catalog.citing(key), catalog.vocab, on())

    @env.macro
    def steps_overview(level: int = 2) -> str:
        return overviews.steps_overview(current_catalog(), on(), level)

    @env.macro
    def off_continuum_overview(level: int = 2) -> str:
        return overviews.off_continuum_overview(current_catalog(), on(), level)

    @env.macro
    def step_table() -> str:
        return overviews.step_table(current_catalog(), prefix())

    @env.macro
    def themes_overview() -> str:
        return overviews.themes_overview(current_catalog(), prefix())

    @env.macro
    def sources_overview() -> str:
        return overviews.sources_overview(current_catalog(), on(), _docs_pages(env))

    @env.macro
    def theme_voices(key: str) -> str:
        """Citizens', experts' and leaders' general views on a theme (Bilag B of the bostøtte
        mapping), kept as Markdown in data/stemmer/<key>.md; empty when none is written."""
        from praksisatlas.mkdocs_adapter import current_paths

        current_catalog().vocab.theme(key)  # an unknown key fails the build
        path = current_paths().data_dir / "stemmer" / f"{key}.md"
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    @env.macro
    def glossary_page() -> str:
        """The glossary: every vocabulary term, its explanation and the cases that use it."""
        from praksisatlas.glossary import extra_terms, glossary
        from praksisatlas.mkdocs_adapter import current_paths
        from praksisatlas.render.glossary_page import glossary_markdown

        catalog = current_catalog()
        entries = glossary(catalog, extra_terms(current_paths().data_dir))
        return glossary_markdown(entries, on())

    @env.macro
    def latest_changes(limit: int = 8) -> str:
        """The newest changes to cases, from git history (front page)."""
        from praksisatlas.feed import feed_entries
        from praksisatlas.mkdocs_adapter import current_histories
        from praksisatlas.render.markup import danish_date, link

        catalog = current_catalog()
        lines = []
        for slug, date, is_new in feed_entries(catalog, current_histories())[:limit]:
            case = catalog.by_slug[slug]
            kind = "nyt" if is_new else "ændret"
            target = f"{prefix()}praksis/{slug}.md"
            # A <time> element: «23. november» at the start of a list item would otherwise
            # be read as a nested ordered list.
            stamp = f'<time datetime="{date}">{danish_date(date)}</time>'
            lines.append(f"- {stamp}: {link(case.title, target)} ({kind})")
        return "\n".join(lines) + "\n"

    @env.macro
    def municipality_map() -> str:
        """The map of cases per municipality, with the counts that make the total (front page,
        /kommuner/)."""
        from praksisatlas.mkdocs_adapter import current_paths
        from praksisatlas.render.denmark_map import choropleth, load_map

        page = on()
        return page.hold(choropleth(current_catalog(), page, load_map(current_paths().data_dir)))

    @env.macro
    def municipalities_overview() -> str:
        return overviews.municipalities_overview(current_catalog(), on())

    def site_root() -> str:
        """Relative path from the page's URL to the site root, for raw-HTML links."""
        return "../" * env.page.url.count("/")

    @env.macro
    def explorer_view() -> str:
        """Every case as a filterable card, with the facets (docs/udforsk.md)."""
        return on().hold(explorer.explorer_html(current_catalog(), site_root()))

    @env.macro
    def matrix_view() -> str:
        """The continuum × theme table of counts (docs/matrix.md)."""
        return on().hold(explorer.matrix_html(current_catalog(), site_root()))

    @env.macro
    def compare_view() -> str:
        """The shell and labels the compare script fills (docs/sammenlign.md)."""
        return on().hold(explorer.compare_html(current_catalog(), site_root()))


def _docs_pages(env) -> set[str]:
    docs_dir = Path(env.conf["docs_dir"])
    return {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")}
