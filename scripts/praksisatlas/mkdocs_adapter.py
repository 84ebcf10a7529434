"""The thin MkDocs adapter: wires the core pipeline to MkDocs events, nothing more.

- ``on_config`` loads and validates the catalog; any problem is logged in Danish and the build
  stops (a bad case never silently disappears from the site).
- ``on_files`` adds the generated pages (cases, municipalities) and the data exports.
- ``on_page_markdown`` spares Material's search plugin from indexing pages Pagefind indexes.
- abbreviations (MI, IPS, SEL …) reach every page through the ``abbr`` extension's own
  ``glossary`` option, set here from the vocabularies.
The macros module reads the same catalog through :func:`current_catalog`.

Serve mode (``make serve``: ``PRAKSISATLAS_SERVE=1`` and ``mkdocs serve --dirty``; DESIGN.md
«Preview in seconds»): cases are read and checked only when their file changed, a case page is
rendered only when its content changed, MkDocs writes only those pages (its own ``--dirty``),
the search index is not rebuilt, and a broken case is shown, not fatal. ``make build`` and
``make check`` are never in serve mode.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2
import jinja2.bccache
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
from praksisatlas.incremental import CaseCache, Loaded, related_from, tree_stamp
from praksisatlas.model import Case
from praksisatlas.paths import ProjectPaths
from praksisatlas.pipeline import load_catalog
from praksisatlas.problems import Problem, summarise
from praksisatlas.render.case_page import case_page
from praksisatlas.render.denmark_map import EXPLORER_MAP_FILE, DenmarkMap, explorer_svg, load_map
from praksisatlas.render.html import NO_ABBREVIATIONS, Abbreviations, HeldHtml, OnPage
from praksisatlas.render.municipality_page import municipality_page, page_path
from praksisatlas.render.reading_aids import PageContext
from praksisatlas.render.structured_data import PageUrls, case_json_ld
from praksisatlas.search_index import DEFAULT_ENGINE, MATERIAL_INDEX, material_indexes_text
from praksisatlas.search_index import post_build as search_post_build
from praksisatlas.vocabularies import Municipality

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
    serve: _Serve | None = None


SERVE_ENV = "PRAKSISATLAS_SERVE"
# `make search-index` touches this file while `make serve` runs: the next rebuild indexes.
SEARCH_REQUEST = ".serve/search-index"


@dataclass
class _Serve:
    """What serve mode keeps from one rebuild to the next."""

    cases: CaseCache = field(default_factory=CaseCache)
    loaded: Loaded | None = None
    previous: Catalog | None = None
    # Everything besides cases/ that pages are made from; when it changes, all pages are built.
    inputs: object = None
    full: bool = True
    # Case and municipality page source path → (what it was made from, its Markdown, its held
    # HTML), of this rebuild and of the one before.
    pages: dict[str, tuple[object, str, HeldHtml]] = field(default_factory=dict)
    previous_pages: dict[str, tuple[object, str, HeldHtml]] = field(default_factory=dict)
    built: set[str] = field(default_factory=set)  # those pages, written to site_dir
    rendered: int = 0
    outputs: set[str] = field(default_factory=set)  # dest_uri of every file of the last build
    current: set[str] = field(default_factory=set)  # … and of this one
    search_index: bytes | None = None  # Material's slim index from the last search build
    search_time: str = ""  # when the search index was last built ("" never)
    search_stamp: int = 0
    templates: _TemplateCache = field(default_factory=lambda: _TemplateCache())


_state = _State()
_editor_log = logging.getLogger("praksisatlas.serve")


def _setup_editor_log() -> None:
    """Problems of a case in serve mode go to the terminal outside MkDocs' loggers, so
    ``--strict`` does not count them: the preview goes on showing the last good version."""
    if not _editor_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        _editor_log.addHandler(handler)
        _editor_log.setLevel(logging.INFO)
        _editor_log.propagate = False


class _DirtyNotice(logging.Filter):
    """MkDocs warns on every ``--dirty`` build; in serve mode that is the design, and under
    ``--strict`` the warning would stop every rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


def on_startup(*, command: str, dirty: bool) -> None:
    """Serve mode when ``make serve`` asks for it (``PRAKSISATLAS_SERVE=1`` and ``--dirty``)."""
    wanted = os.environ.get(SERVE_ENV, "") not in ("", "0")
    if command == "serve" and wanted and dirty:
        _state.serve = _Serve()
        _setup_editor_log()
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())
    else:
        _state.serve = None
        if wanted:
            log.info("Praksisatlas: serve-tilstand kræver «mkdocs serve --dirty»; bygger alt.")


def on_build_error(error: Exception, **_: object) -> None:
    """Serve mode: after a failed rebuild some pages may not have been written; the next
    rebuild builds every page."""
    if _state.serve is not None:
        _state.serve.inputs = None


def on_serve(server: object, config: MkDocsConfig, **_: object) -> object:
    """Watch the folder `make search-index` writes its request to."""
    if _state.serve is not None:
        folder = Path(config.config_file_path).resolve().parent / SEARCH_REQUEST
        folder.parent.mkdir(exist_ok=True)
        server.watch(str(folder.parent))  # type: ignore[attr-defined]
    return server


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
    if _state.serve is not None:
        catalog = _serve_catalog(paths)
    else:
        catalog, problems = load_catalog(paths)
        if problems:
            for problem in problems:
                log.error(problem.format())
            raise PluginError(
                f"Praksisatlas: {summarise(problems)} Ret fejlene ovenfor (eller kør «make check»)."
            )
    _state.catalog, _state.paths = catalog, paths
    _state.unsearchable = set()
    _state.held = {}
    _state.histories = read_history(paths.root)
    if not config.use_directory_urls:
        # Generated pages link in finished HTML (render/html.py) with directory URLs.
        raise PluginError("Praksisatlas: mkdocs.yml skal have «use_directory_urls: true».")
    explanations = abbreviations(catalog, extra_terms(paths.data_dir))
    if _state.serve is None or _state.abbreviations.explanations != explanations:
        _state.abbreviations = Abbreviations(explanations)
    if "abbr" in config.markdown_extensions:
        # The documented glossary option: one list for all pages, no definitions in the text.
        config.mdx_configs.setdefault("abbr", {})["glossary"] = explanations
    if _state.serve is not None:
        _serve_inputs(config, paths, explanations)
    else:
        log.info("Praksisatlas: %d praksiseksempler indlæst.", len(catalog))
    return config


def _serve_catalog(paths: ProjectPaths) -> Catalog:
    """Serve mode: the catalog from the case cache; problems are logged and shown on the pages,
    and a broken file keeps its last good version (incremental.py)."""
    serve = _state.serve
    assert serve is not None
    loaded = serve.cases.load(paths)
    serve.loaded = loaded
    for problem in loaded.problems:
        _editor_log.warning("Praksisatlas: %s", problem.format())
    if loaded.problems:
        _editor_log.warning(
            "Praksisatlas: %s Forhåndsvisningen viser den sidste gyldige udgave af filerne "
            "med fejl; «make build» og «make check» afviser dem.",
            summarise(loaded.problems),
        )
    log.info(
        "Praksisatlas: %d praksiseksempler (%d fil(er) læst igen).",
        len(loaded.shown),
        serve.cases.reread,
    )
    return loaded.shown


def _serve_inputs(config: MkDocsConfig, paths: ProjectPaths, explanations: object) -> None:
    """Whether anything but cases/ changed since the last rebuild: then every page is built."""
    serve = _state.serve
    assert serve is not None
    root = paths.root
    folders = [root / name for name in ("docs", "overrides", "data")]
    inputs = (
        tree_stamp(*[f for f in folders if f.exists()], Path(config.config_file_path)),
        sorted(dict(explanations).items()),  # type: ignore[call-overload]
        config.site_url,
        str(config.extra.get("atlas_repo") or ""),
    )
    serve.full = inputs != serve.inputs
    serve.inputs = inputs
    if serve.full:
        serve.pages = {}
        serve.built = set()
    else:
        related_from(current_catalog(), serve.previous)
    serve.previous = current_catalog()


def _add(files: Files, config: MkDocsConfig, path: str, content: str) -> None:
    if files.get_file_from_path(path) is not None:
        raise PluginError(
            f"Praksisatlas: docs/{path} findes allerede, men siden laves af bygget. Slet filen."
        )
    # Generated pages are reached through listings, not the nav: declared so, MkDocs does not list
    # each of them as «not included in the nav» on every build and serve.
    inclusion = InclusionLevel.NOT_IN_NAV if path.endswith(".md") else InclusionLevel.UNDEFINED
    files.append(File.generated(config, path, content=content, inclusion=inclusion))


def _municipality_page(
    municipality: Municipality, catalog: Catalog, profile: str, denmark: DenmarkMap, on: OnPage
) -> str:
    """A municipality page with the map; ``on`` last, so a partial can wait for the page's path."""
    return municipality_page(municipality, catalog, profile, on, denmark)


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
    if _state.serve is not None:
        _serve_case_pages(files, config, repo)
    else:
        for case in catalog.cases:
            context = PageContext(config.site_url or "", current_histories().get(case.slug))
            on = html_on_page(case.page_path)
            _add(files, config, case.page_path, case_page(case, catalog, context, repo, on))
    denmark = load_map(paths.data_dir)
    for name in catalog.municipalities_with_cases:
        municipality = catalog.vocab.municipality(name)
        path = page_path(municipality)
        profile = _profile(paths, municipality.slug)
        # The map is the same for every build (data/map/), so it is not part of the serve key.
        render = partial(_municipality_page, municipality, catalog, profile, denmark)
        if _state.serve is not None:
            key = (municipality, catalog.in_municipality(name), profile)
            _serve_page(files, config, path, key, render)
        else:
            _add(files, config, path, render(html_on_page(path)))
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
    if _state.serve is not None:
        _serve_mark_pages(files)
    return files


def _serve_page(
    files: Files, config: MkDocsConfig, path: str, key: object, render: Callable[[OnPage], str]
) -> None:
    """Serve mode: a generated page's Markdown is made again only when ``key`` (everything it
    is made from) changed; otherwise the last one is reused, and MkDocs does not write the page
    again (``_serve_mark_pages``)."""
    serve = _state.serve
    assert serve is not None
    cached = serve.previous_pages.get(path)
    if cached is not None and cached[0] == key:
        _, markdown, held = cached
        _state.held[path] = held
    else:
        markdown = render(html_on_page(path))
        held = _state.held[path]
        serve.rendered += 1
        serve.built.discard(path)
    serve.pages[path] = (key, markdown, held)
    _add(files, config, path, markdown)


def _serve_case_pages(files: Files, config: MkDocsConfig, repo: str) -> None:
    """Serve mode: case pages, each made again only when what it is made from changed (the
    case, «Se også», the related lists with their cases, its history, its problems)."""
    serve, catalog = _state.serve, current_catalog()
    assert serve is not None and serve.loaded is not None
    broken = serve.loaded.broken
    serve.previous_pages, serve.pages, serve.rendered = serve.pages, {}, 0
    for case in catalog.cases:
        history = current_histories().get(case.slug)
        chosen = catalog.related_index.chosen(case)
        named = [entry[-1] for entries in chosen for entry in entries]
        key = (
            case,
            catalog.see_also(case),
            chosen,
            tuple(catalog.by_slug[slug] for slug in named),
            history,
            tuple(broken.get(case.file, ())),
        )

        def render(on: OnPage, case: Case = case, history: History | None = history) -> str:
            context = PageContext(config.site_url or "", history)
            return case_page(case, catalog, context, repo, on)

        _serve_page(files, config, case.page_path, key, render)
    # A new file with problems has no last good version: its page says what is wrong.
    for display, page in serve.loaded.pages.items():
        if display in broken and page not in serve.pages and files.get_file_from_path(page) is None:
            _add(files, config, page, f"# Casen har fejl\n\n{html.escape(display)}\n")
            serve.built.discard(page)


def _always() -> bool:
    return True


def _never() -> bool:
    return False


def _serve_mark_pages(files: Files) -> None:
    """MkDocs' ``--dirty`` writes only pages whose ``is_modified()`` is true: a case page whose
    Markdown is unchanged and already written is not; every other page is (lists, explorer,
    matrix, theme, step and municipality pages depend on the whole catalog)."""
    serve = _state.serve
    assert serve is not None
    for file in files.documentation_pages():
        if file.src_uri in serve.pages and file.src_uri in serve.built:
            file.is_modified = _never  # type: ignore[method-assign]
        else:
            file.is_modified = _always  # type: ignore[method-assign]
    serve.built |= set(serve.pages)
    serve.current = {file.dest_uri for file in files}


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
    if _state.serve is not None and not _serve_post_build(config):
        return
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
    if _state.serve is not None:
        index = Path(config.site_dir) / MATERIAL_INDEX
        _state.serve.search_index = index.read_bytes() if index.is_file() else None
        _state.serve.search_time = dt.datetime.now().strftime("%H:%M:%S")
        log.info("Praksisatlas: søgeindekset er bygget (kl. %s).", _state.serve.search_time)


def _serve_post_build(config: MkDocsConfig) -> bool:
    """Serve mode: stale outputs are removed; the search index is built on the first build and
    when `make search-index` asks, else the last one is kept and the log says so."""
    serve = _state.serve
    assert serve is not None
    site = Path(config.site_dir)
    current = serve.current
    for gone in sorted(serve.outputs - current):
        target = site / gone
        if target.is_file():
            target.unlink()
            if target.parent != site and not any(target.parent.iterdir()):
                target.parent.rmdir()
    serve.outputs = current
    pages = len(serve.pages)
    log.info(
        "Praksisatlas: serve-tilstand, %s; %d af %d case- og kommunesider lavet om.",
        "alle sider bygget" if serve.full else "oversigterne og de ændrede sider skrevet",
        serve.rendered,
        pages,
    )
    request = Path(config.config_file_path).resolve().parent / SEARCH_REQUEST
    asked = request.stat().st_mtime_ns if request.is_file() else 0
    if not serve.search_time or asked > serve.search_stamp:
        serve.search_stamp = asked
        return True
    if serve.search_index is not None:
        (site / MATERIAL_INDEX).write_bytes(serve.search_index)
    log.info(
        "Praksisatlas: søgeindekset er ikke bygget om (serve-tilstand); søgningen viser sitet "
        "fra kl. %s. «make search-index» bygger det ved næste genopbygning.",
        serve.search_time,
    )
    return False


def on_pre_page(page: Page, config: MkDocsConfig, **_: object) -> Page:
    """Every page names its production address as canonical, a preview under another path too,
    so search engines never take a preview for the atlas. Set before MkDocs writes the sitemap
    (which it does before rendering the pages), so the sitemap lists the production pages."""
    page.canonical_url = production_url(config) + page.url
    return page


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates kept between rebuilds (MkDocs makes a new Jinja environment
    for each); Jinja checks each template's source checksum, so an edited template compiles."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files, **_: object) -> object:
    """Serve mode: pages MkDocs does not write again never reach ``on_pre_page``; their
    canonical address is set here, before the sitemap is written. Templates compile once."""
    if _state.serve is not None:
        env.bytecode_cache = _state.serve.templates
        for file in files.documentation_pages():
            if file.page is not None:
                file.page.canonical_url = production_url(config) + file.page.url
    return env


def on_page_context(
    context: dict[str, object], page: Page, config: MkDocsConfig, **_: object
) -> dict[str, object]:
    """A case page carries its schema.org description (render/structured_data.py) for the
    template to write."""
    case = current_catalog().by_page_path.get(page.file.src_uri)
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
    content = held.restore(html) if held else html
    if _state.serve is not None and _state.serve.loaded is not None:
        content = _problem_banner(page.file.src_uri, _state.serve.loaded) + content
    return content


def _problem_line(problem: Problem, with_file: bool) -> str:
    where = [f"linje {problem.line}"] if problem.line else []
    if problem.field:
        where.append(f"felt {problem.field}")
    text = problem.message + (f" ({', '.join(where)})" if where else "")
    if problem.allowed:
        text += f" Tilladt: {problem.allowed}."
    if problem.suggestion:
        text += f" Mente du «{problem.suggestion}»?"
    if with_file:
        text = f"{problem.file}: {text}"
    return "<li>" + html.escape(text, quote=False) + "</li>"


def _problem_banner(path: str, loaded: Loaded) -> str:
    """Serve mode: the problems of a broken case on its own page, and all problems on every
    page that is not a case page (those are built on every rebuild)."""
    if not loaded.broken:
        return ""
    mine = [f for f, page in loaded.pages.items() if page == path and f in loaded.broken]
    if mine:
        title = "Denne case har fejl"
        items = [_problem_line(p, False) for f in mine for p in loaded.broken[f]]
        note = "Siden viser den sidste gyldige udgave, indtil fejlene er rettet."
    elif _state.serve is not None and path in _state.serve.pages:
        return ""  # a case or municipality page is written only when it changes
    else:
        title = f"Fejl i cases: {summarise(loaded.problems)}"
        items = [_problem_line(p, True) for p in loaded.problems]
        note = "Forhåndsvisningen viser den sidste gyldige udgave af filerne med fejl."
    return (
        '<div class="admonition danger atlas-serve-problems" role="alert">'
        f'<p class="admonition-title">{html.escape(title)}</p>'
        f"<ul>{''.join(items)}</ul><p>{note}</p></div>\n"
    )


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
