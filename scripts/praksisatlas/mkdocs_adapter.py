"""The thin MkDocs adapter: wires the core pipeline to MkDocs events, nothing more.

- ``on_config`` loads and validates the catalog; any problem is logged in Danish and the build
  stops (a bad case never silently disappears from the site).
- ``on_files`` adds the generated pages (cases, municipalities) and the data exports.
- ``on_page_markdown`` spares Material's search plugin from indexing pages Pagefind indexes.
- abbreviations (MI, IPS, SEL …) reach every page through the ``abbr`` extension's own
  ``glossary`` option, set here from the vocabularies.
The macros module reads the same catalog through :func:`current_catalog`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from praksisatlas.catalog import Catalog
from praksisatlas.csp import with_policy
from praksisatlas.exports import export_files
from praksisatlas.feed import atom_feed
from praksisatlas.glossary import abbreviations, extra_terms
from praksisatlas.history import History, read_history
from praksisatlas.model import Case
from praksisatlas.paths import ProjectPaths
from praksisatlas.pipeline import load_catalog
from praksisatlas.problems import summarise
from praksisatlas.render.case_page import case_page
from praksisatlas.render.denmark_map import EXPLORER_MAP_FILE, explorer_svg, load_map
from praksisatlas.render.html import NO_ABBREVIATIONS, Abbreviations, HeldHtml, OnPage
from praksisatlas.render.municipality_page import municipality_page, page_path
from praksisatlas.render.reading_aids import PageContext
from praksisatlas.render.structured_data import PageUrls, case_json_ld
from praksisatlas.search_index import DEFAULT_ENGINE, material_indexes_text
from praksisatlas.search_index import post_build as search_post_build

log = logging.getLogger("mkdocs.plugins.praksisatlas")
# mkdocs-macros announces its module, variables and filters at INFO on every build and every
# rebuild in `make serve`; its warnings and errors still come through.
logging.getLogger("mkdocs.plugins.mkdocs_macros.util").setLevel(logging.WARNING)


@dataclass
class _State:
    catalog: Catalog | None = None
    paths: ProjectPaths | None = None
    histories: dict[str, History] | None = None
    abbreviations: Abbreviations = NO_ABBREVIATIONS
    # Built pages whose front matter says «search: exclude» (the explorer, matrix, compare).
    unsearchable: set[str] = field(default_factory=set)
    # Finished HTML kept out of generated pages' Markdown, by page source path (render/html.py).
    held: dict[str, HeldHtml] = field(default_factory=dict)
    # Case by its generated page's source path, for per-page hooks.
    case_pages: dict[str, Case] = field(default_factory=dict)


_state = _State()


def current_catalog() -> Catalog:
    """The catalog of the build in progress (set by ``on_config``)."""
    if _state.catalog is None:
        raise PluginError("Praksisatlas: kataloget er ikke indlæst (on_config har ikke kørt).")
    return _state.catalog


def current_histories() -> dict[str, History]:
    """Git history per case slug (empty outside a git checkout)."""
    return _state.histories or {}


def html_on_page(path: str) -> OnPage:
    """Generated HTML for the page with source path ``path``: held out of its Markdown and put
    back by ``on_page_content`` (render/html.py), with the build's abbreviations."""
    if path not in _state.held:
        _state.held[path] = HeldHtml()
    return OnPage(path, _state.abbreviations, _state.held[path].hold)


def current_paths() -> ProjectPaths:
    if _state.paths is None:
        raise PluginError("Praksisatlas: projektets stier er ikke kendt endnu.")
    return _state.paths


# Priority 100: runs before the macros plugin's on_config (priority 0), so the macros can rely
# on the catalog being there.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    paths = ProjectPaths(Path(config.config_file_path).resolve().parent)
    catalog, problems = load_catalog(paths)
    if problems:
        for problem in problems:
            log.error(problem.format())
        raise PluginError(
            f"Praksisatlas: {summarise(problems)} Ret fejlene ovenfor (eller kør «make check»)."
        )
    _state.catalog, _state.paths = catalog, paths
    _state.case_pages = {case.page_path: case for case in catalog.cases}
    _state.unsearchable = set()
    _state.held = {}
    _state.histories = read_history(paths.root)
    if not config.use_directory_urls:
        # Generated pages link in finished HTML (render/html.py) with directory URLs.
        raise PluginError("Praksisatlas: mkdocs.yml skal have «use_directory_urls: true».")
    explanations = abbreviations(catalog, extra_terms(paths.data_dir))
    _state.abbreviations = Abbreviations(explanations)
    if "abbr" in config.markdown_extensions:
        # The documented glossary option: one list for all pages, no definitions in the text.
        config.mdx_configs.setdefault("abbr", {})["glossary"] = explanations
    log.info("Praksisatlas: %d praksiseksempler indlæst.", len(catalog))
    return config


def _add(files: Files, config: MkDocsConfig, path: str, content: str) -> None:
    if files.get_file_from_path(path) is not None:
        raise PluginError(
            f"Praksisatlas: docs/{path} findes allerede, men siden laves af bygget. Slet filen."
        )
    # Generated pages are reached through listings, not the nav: declared so, MkDocs does not list
    # each of them as «not included in the nav» on every build and serve.
    inclusion = InclusionLevel.NOT_IN_NAV if path.endswith(".md") else InclusionLevel.UNDEFINED
    files.append(File.generated(config, path, content=content, inclusion=inclusion))


def _profile(paths: ProjectPaths, slug: str) -> str:
    """Optional hand-written profile of a municipality (data/kommuneprofiler/<slug>.md)."""
    profile = paths.data_dir / "kommuneprofiler" / f"{slug}.md"
    return profile.read_text(encoding="utf-8") if profile.is_file() else ""


def on_files(files: Files, config: MkDocsConfig) -> Files:
    catalog, paths = current_catalog(), current_paths()
    for theme in catalog.vocab.themes:
        if files.get_file_from_path(f"temaer/{theme.key}.md") is None:
            raise PluginError(
                f"Praksisatlas: temaet «{theme.name}» mangler sin side docs/temaer/{theme.key}.md."
            )
    # «Foreslå en rettelse» links; extra.atlas_repo, not repo_url (see render/corrections.py).
    repo = str(config.extra.get("atlas_repo") or "")
    for case in catalog.cases:
        context = PageContext(config.site_url or "", current_histories().get(case.slug))
        on = html_on_page(case.page_path)
        _add(files, config, case.page_path, case_page(case, catalog, context, repo, on))
    denmark = load_map(paths.data_dir)
    for name in catalog.municipalities_with_cases:
        municipality = catalog.vocab.municipality(name)
        _add(
            files,
            config,
            page_path(municipality),
            municipality_page(
                municipality,
                catalog,
                _profile(paths, municipality.slug),
                html_on_page(page_path(municipality)),
                denmark,
            ),
        )
    # The explorer's map view, fetched when the reader opens it (render/denmark_map.py).
    _add(files, config, EXPLORER_MAP_FILE, explorer_svg(denmark))
    for name, content in export_files(catalog, paths).items():
        _add(files, config, f"data/{name}", content)
    _add(files, config, "feed.xml", atom_feed(catalog, current_histories(), config.site_url or ""))
    _add(
        files,
        config,
        "robots.txt",
        robots_txt(production_url(config), bool(config.extra.get("preview"))),
    )
    return files


def robots_txt(production: str, preview: bool) -> str:
    """Crawlers may read the production site and find its sitemap; a preview is closed to them
    (its pages also say noindex, for crawlers that reach them by a link)."""
    if preview:
        return "User-agent: *\nDisallow: /\n"
    return f"User-agent: *\nAllow: /\n\nSitemap: {production}sitemap.xml\n"


# Priority -100: after Material's search plugin has written search/search_index.json, which
# the search step slims down when another engine answers the queries.
@event_priority(-100)
def on_post_build(config: MkDocsConfig) -> None:
    """The site search's data and index (search_index.py; engine in extra.search_engine)."""
    engine = _engine(config)
    try:
        search_post_build(
            Path(config.site_dir),
            current_catalog(),
            current_paths(),
            engine,
            not_indexed=sorted(_state.unsearchable),
        )
    except (RuntimeError, ValueError) as error:
        raise PluginError(f"Praksisatlas: søgningen kunne ikke bygges: {error}") from error


def on_pre_page(page: Page, config: MkDocsConfig, **_: object) -> Page:
    """Every page names its production address as canonical, a preview under another path too,
    so search engines never take a preview for the atlas. Set before MkDocs writes the sitemap
    (which it does before rendering the pages), so the sitemap lists the production pages."""
    page.canonical_url = production_url(config) + page.url
    return page


def on_page_context(
    context: dict[str, object], page: Page, config: MkDocsConfig, **_: object
) -> dict[str, object]:
    """A case page carries its schema.org description (render/structured_data.py) for the
    template to write."""
    case = _state.case_pages.get(page.file.src_uri)
    if case is not None:
        urls = PageUrls(canonical=str(page.canonical_url), site_root=production_url(config))
        history = current_histories().get(case.slug)
        page.meta["atlas_json_ld"] = case_json_ld(case, current_catalog(), history, urls)
    return context


def production_url(config: MkDocsConfig) -> str:
    """The production site's root, ending in «/»: ``extra.production_url``, else ``site_url``."""
    url = str(config.extra.get("production_url") or config.site_url or "/")
    return url if url.endswith("/") else url + "/"


# Priority -100: the policy hashes the page's inline scripts as they are finally written, after
# every other plugin has had its say.
@event_priority(-100)
def on_post_page(output: str, page: Page, **_: object) -> str:
    """Every page carries its Content-Security-Policy (csp.py)."""
    return with_policy(output)


@event_priority(-100)
def on_post_template(output_content: str, template_name: str, **_: object) -> str:
    """Static templates that are pages (Material's 404.html) carry the policy too."""
    return with_policy(output_content) if template_name.endswith(".html") else output_content


def on_page_content(html: str, page: Page, **_: object) -> str:
    """Puts the finished HTML of a generated page back where its placeholders are."""
    held = _state.held.get(page.file.src_uri)
    return held.restore(html) if held else html


def _engine(config: MkDocsConfig) -> str:
    return str(config.extra.get("search_engine") or DEFAULT_ENGINE)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    """When Pagefind answers the queries, Material's index keeps only a title per page, which
    the search step writes from Pagefind's records; Material's documented ``search: exclude``
    saves it parsing the HTML of every page (a tenth of the build at 2,000 cases)."""
    search = page.meta.get("search")
    search = search if isinstance(search, dict) else {}
    if search.get("exclude"):
        _state.unsearchable.add(page.file.dest_uri)
    elif not material_indexes_text(_engine(config)):
        page.meta["search"] = {**search, "exclude": True}
    return markdown
