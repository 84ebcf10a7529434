"""Shared helpers for the site-wide gates (accessibility, privacy, HTML, links).

One list of «page types» (front, theme, continuum, case, explorer with filters, matrix, compare,
search results, glossary, …) so the accessibility and privacy gates visit exactly the same pages,
and a way to open each one in the browser until it has settled (scripts done, search answered).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from praksisatlas import Catalog

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"


@dataclass(frozen=True)
class SiteAddress:
    """Where the built site says it lives (mkdocs.yml ``site_url``): links there are internal."""

    scheme: str
    host: str
    prefix: str  # the path, beginning and ending with «/»

    @classmethod
    def of(cls, url: str) -> SiteAddress:
        parts = urlsplit(url)
        prefix = parts.path if parts.path.endswith("/") else parts.path + "/"
        return cls(parts.scheme, parts.netloc, prefix if prefix.startswith("/") else "/" + prefix)


def site_address() -> SiteAddress:
    """The configured site_url, as MkDocs reads it (with its !ENV settings)."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return SiteAddress.of(str(config.site_url))


@dataclass(frozen=True)
class PageType:
    """One kind of page a reader meets; ``query`` types into Material's search after loading."""

    name: str
    path: str
    query: str = ""


def page_types(catalog: Catalog) -> list[PageType]:
    """Every page type of the site, with real slugs and keys taken from the catalog."""
    vocab = catalog.vocab
    first, second = catalog.cases[0], catalog.cases[1]
    theme = vocab.theme("sundhed").key
    municipality = vocab.municipality(catalog.municipalities_with_cases[0]).slug
    searchable = next(c for c in catalog.cases if c.municipalities)
    short = next((c for c in catalog.cases if c.documentation == "kort-omtale"), first)
    return [
        PageType("forside", "/"),
        PageType("tema", f"/temaer/{theme}/"),
        PageType("kontinuum", "/kontinuum/"),
        PageType("uden for kontinuummet", "/kontinuum/uden-for/"),
        PageType("case", f"/{first.url}"),
        PageType("kort omtale", f"/{short.url}"),
        PageType("udforsk", f"/udforsk/?tema={theme}&trin=1"),
        PageType("matrix", "/matrix/"),
        PageType("sammenlign", f"/sammenlign/?cases={first.slug},{second.slug}"),
        PageType("søgning", "/", query=searchable.municipalities[0]),
        PageType("ordliste", "/ordliste/"),
        PageType("kommuner", "/kommuner/"),
        PageType("kommune", f"/kommuner/{municipality}/"),
        PageType("kilder", "/kilder/"),
    ]


def open_page(page: object, base_url: str, kind: PageType) -> None:
    """Load a page and wait until its scripts are done (and, for search, results are shown).

    Material's search listens to key events, so after ``fill`` one key is pressed to make sure
    the query reaches the search worker even when the index loaded first.
    """
    page.goto(base_url + kind.path)  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    if kind.query:
        page.keyboard.press("/")  # type: ignore[attr-defined]
        box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
        box.fill(kind.query)
        box.press("End")
        page.wait_for_selector(".md-search-result__item", timeout=15000)  # type: ignore[attr-defined]


def html_pages(site: Path) -> list[Path]:
    """Every generated HTML page of the build, in a stable order."""
    return sorted(site.rglob("*.html"))


def node_tool(name: str) -> Path:
    """A command from node_modules/.bin, installed from package-lock.json by ``make test``."""
    tool = NODE_MODULES / ".bin" / name
    if not tool.exists():
        raise RuntimeError(
            f"{tool} mangler: kør `make test` (eller `npm ci`), som installerer Node-værktøjerne "
            "fra package-lock.json."
        )
    return tool
