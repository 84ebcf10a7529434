"""The site search: what the browser needs to search Danish text well, made after the build.

The engine (Pagefind by default, see DESIGN.md «Search») indexes the built HTML. On top of it the
search worker (``docs/assets/search-worker.js``) runs a small Danish query pipeline
(``docs/assets/search-da.js``) that needs these from the build, written to
``search/praksisatlas.json``:

- ``lexicon``: every word that occurs in the pages' main text, with its frequency, so a typed word
  can be corrected to a word the site really uses (typos, «Naestved» for «Næstved»);
- ``terms``: the vocabularies' names, abbreviations and synonyms, so «motiverende samtale», «MI»
  and «Motivational Interviewing» find the same cases, and «bostøtte» finds cases under § 85;
- ``cases``: per case page its title, places, steps (each step of a span, none off the
  continuum), placement label, themes and tags, shown in the results and used to narrow a
  search by theme or step (``trin=uden-for`` for practice off the continuum);
- ``pagefind``: Pagefind's result ids → page path and title, so results can be ranked and
  filtered before any excerpt is fetched.

Plain Python (no MkDocs import): the adapter calls :func:`post_build` with the site folder.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from praksisatlas.catalog import Catalog
from praksisatlas.glossary import extra_terms
from praksisatlas.model import OFF
from praksisatlas.paths import ProjectPaths
from praksisatlas.vocabularies import Term

ENGINES = ("material", "lunr-da", "pagefind", "pagefind-da")
DEFAULT_ENGINE = "pagefind-da"
NOT_INDEXED = ("404.html",)
DATA_FILE = "search/praksisatlas.json"
MATERIAL_INDEX = "search/search_index.json"
# Only the article is searched: header, navigation and footer are the same on every page.
ROOT_SELECTOR = "article.md-content__inner"
# Not searched either: text that repeats other pages, so a word of one case's summary finds
# that case and not every list it is shown in: case lists (themes, municipalities, sources),
# the explorer's and matrix's cards, «Se også» and «Lignende praksis» on case pages, and the
# boilerplate under each case (history, «Foreslå en rettelse», print footer). Only simple
# `.class` and `[attribute]` selectors, so the lexicon below can skip the same elements.
EXCLUDE_SELECTORS = (
    ".headerlink",
    ".atlas-cases",
    ".atlas-explorer__list",
    ".atlas-matrix",
    ".atlas-related",
    "[data-related]",
    ".atlas-reason",
    ".atlas-history",
    ".atlas-correct",
    ".atlas-print-only",
    ".atlas-print-url",
    ".atlas-compare-case",
)
_SKIP_CLASSES = frozenset(s[1:] for s in EXCLUDE_SELECTORS if s.startswith("."))
_SKIP_ATTRS = frozenset(s[1:-1] for s in EXCLUDE_SELECTORS if s.startswith("["))

# The same word pattern as tokenize() in search-da.js: letters, digits and «§».
_WORD = re.compile(r"(?:[^\W_]|§)+")

# Words people search for that name a tagged term without being one of its labels. Kept short
# and explained: the vocabularies are the source of truth, this only links them.
EXTRA_LABELS: dict[tuple[str, str], tuple[str, ...]] = {
    # The glossary's «bostøtte» is socialpædagogisk bistand after § 85; a search for bostøtte
    # should favour the cases that are tagged with that legal basis.
    ("lov", "sel-85"): ("bostøtte", "socialpædagogisk bistand", "socialpædagogisk støtte"),
    ("metode", "ips"): ("job med støtte",),
}


@dataclass(frozen=True)
class SearchTerm:
    """One vocabulary term as the search sees it: a facet key and every name it goes by."""

    facet: str
    key: str
    labels: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"facet": self.facet, "key": self.key, "labels": list(self.labels)}


def _section_labels(name: str) -> list[str]:
    """«Serviceloven § 82 a» is also searched as «§ 82 a» and «§ 82a»."""
    match = re.search(r"§\s*(\d+)\s*([a-z]?)\b", name)
    if not match:
        return []
    number, letter = match.groups()
    labels = [f"§ {number} {letter}".strip()]
    if letter:
        labels.append(f"§ {number}{letter}")
    return labels


def _labels(term: Term) -> tuple[str, ...]:
    labels = [term.name, term.abbr, *term.synonyms, *_section_labels(term.abbr or term.name)]
    seen: dict[str, None] = {}
    for label in labels:
        if label and label.strip() and label.lower() not in {s.lower() for s in seen}:
            seen[label.strip()] = None
    return tuple(seen)


def search_terms(catalog: Catalog, glossary_terms: tuple[Term, ...] = ()) -> list[SearchTerm]:
    """Methods, legal bases, target groups and municipalities (facets a case is tagged with),
    plus the glossary's general terms (facet ``begreb``, no case carries them; they only feed
    synonyms)."""
    vocab = catalog.vocab
    groups: list[tuple[str, tuple[Term, ...]]] = [
        ("metode", vocab.methods),
        ("lov", vocab.legal_bases),
        ("maalgruppe", vocab.target_groups),
        ("begreb", glossary_terms),
    ]
    terms = []
    for facet, items in groups:
        for term in items:
            labels = _labels(term) + EXTRA_LABELS.get((facet, term.key), ())
            terms.append(SearchTerm(facet, term.key, labels))
    # «Greve alkoholmisbrug»: a municipality in the query favours the cases that are there.
    for name in catalog.municipalities_with_cases:
        terms.append(SearchTerm("kommune", name, (name,)))
    return terms


def case_records(catalog: Catalog) -> dict[str, dict[str, Any]]:
    """Per case URL what a search result shows and filters on."""
    vocab = catalog.vocab
    records = {}
    for case in catalog.cases:
        places = [f"{m} Kommune" for m in case.municipalities]
        places += [vocab.county(k).name for k in case.counties]
        if case.national:
            places.append("Landsdækkende")
        # No summary: this file is fetched whole, so it stays small per case (the engine's
        # excerpts show the text).
        records[case.url] = {
            "title": case.title,
            "places": places,
            # The steps the case is on (each step of a span; [] off the continuum) and the
            # placement as the case page labels it («Trin 3: …», «Trin 2–4», «Uden for …»).
            "steps": list(case.placement.steps),
            "placement": case.placement.label,
            "themes": list(case.themes),
            # In the case's own order: the first method of a case is its main one.
            "keys": [f"metode:{k}" for k in case.methods]
            + [f"lov:{k}" for k in case.legal_basis]
            + [f"maalgruppe:{k}" for k in case.target_groups]
            + [f"kommune:{m}" for m in case.municipalities],
        }
    return records


# Elements without an end tag: they carry no text and must not change the depth count.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class _ArticleText(HTMLParser):
    """The text of ``<article class="md-content__inner">`` minus EXCLUDE_SELECTORS and scripts:
    what Pagefind indexes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 while inside the article
        self.skip = 0  # >0 while inside an element whose text is not content
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if self.depth:
            excluded = classes & _SKIP_CLASSES or _SKIP_ATTRS & attributes.keys()
            if self.skip or tag in {"script", "style"} or excluded:
                self.skip += 1
            self.depth += 1
        elif tag == "article" and "md-content__inner" in classes:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.depth:
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def article_text(html: str) -> str:
    """The searchable text of one built page (what Pagefind indexes with ROOT_SELECTOR)."""
    # Parse only from Material's <article> to its end: the header, navigation and footer around
    # it are most of a page's bytes and hold no searchable text (same result, 2.5 × faster).
    start, end = html.find("<article"), html.rfind("</article>")
    if start != -1 and end > start:
        html = html[start : end + len("</article>")]
    # Parse only the article: the navigation around it is most of every page's HTML.
    start = html.find('<article class="md-content__inner')
    end = html.rfind("</article>")
    parser = _ArticleText()
    parser.feed(html[start : end + len("</article>")] if 0 <= start < end else html)
    parser.close()
    return " ".join(parser.parts)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def lexicon(site_dir: Path) -> dict[str, int]:
    """Every word in the searchable text of the site, with how often it occurs."""
    counts: Counter[str] = Counter()
    for page in sorted(site_dir.rglob("*.html")):
        if page.name == "404.html":
            continue
        counts.update(words(article_text(page.read_text(encoding="utf-8"))))
    return dict(sorted(counts.items()))


def search_data(catalog: Catalog, paths: ProjectPaths, words_: dict[str, int]) -> dict[str, Any]:
    vocab = catalog.vocab
    return {
        "themes": [{"key": t.key, "name": t.name} for t in vocab.themes],
        "steps": [{"step": s.step, "name": s.name} for s in vocab.steps],
        # The «trin» select's extra value, offered when some case is off the continuum.
        "off": {"key": OFF, "name": "Uden for kontinuummet"} if catalog.off_continuum() else None,
        "terms": [t.to_json() for t in search_terms(catalog, extra_terms(paths.data_dir))],
        "cases": case_records(catalog),
        "lexicon": words_,
    }


def run_pagefind(site_dir: Path, not_indexed: Sequence[str] = ()) -> None:
    """Index the built site with Pagefind (the binary ships in the ``pagefind[bin]`` wheel, so
    no network is needed). It detects Danish from ``<html lang="da">`` and stems with it."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--root-selector",
        ROOT_SELECTOR,
        "--exclude-selectors",
        ", ".join(EXCLUDE_SELECTORS),
        "--silent",
    ]
    # «Siden findes ikke» and pages whose front matter says «search: exclude» are no search
    # results; Pagefind has no option to skip a file, so they are out of its sight meanwhile.
    names = (*NOT_INDEXED, *not_indexed)
    hidden = [(site_dir / name, site_dir / f"{name}.skjult") for name in names]
    for page, aside in hidden:
        if page.is_file():
            page.rename(aside)
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    finally:
        for page, aside in hidden:
            if aside.is_file():
                aside.rename(page)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind fejlede:\n{result.stdout}\n{result.stderr}")


def pagefind_fragments(site_dir: Path) -> dict[str, dict[str, Any]]:
    """Pagefind's page records (url, title, the indexed text) by result id."""
    fragments = {}
    for fragment in sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(fragment.read_bytes())
        fragments[fragment.stem] = json.loads(raw[raw.index(b"{") :])
    return fragments


def pagefind_pages(fragments: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Pagefind result id → [page path, title]. With it the worker can rank, filter and merge
    results without fetching a fragment per result."""
    return {
        key: [data["url"].lstrip("/"), data.get("meta", {}).get("title", "")]
        for key, data in fragments.items()
    }


def fragment_lexicon(fragments: dict[str, dict[str, Any]]) -> dict[str, int]:
    """The lexicon from exactly the text Pagefind indexed (no HTML to parse again)."""
    counts: Counter[str] = Counter()
    for data in fragments.values():
        counts.update(words(data.get("content", "")))
    return dict(sorted(counts.items()))


def material_indexes_text(engine: str) -> bool:
    """Whether Material's own index must hold the pages' text (its lunr answers the queries)."""
    return not engine.startswith("pagefind")


def write_material_index(site_dir: Path, catalog: Catalog, pages: dict[str, list[str]]) -> None:
    """Material's bundle fetches ``search_index.json`` on every page even when Pagefind answers
    the queries, so it stays, small: Material's config (the page highlighter reads it) and one
    record per page (title, and a case's places). Material indexed no text (the adapter set
    ``search: exclude``); the pages come from Pagefind's records."""
    path = site_dir / MATERIAL_INDEX
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    records = case_records(catalog)
    docs = []
    for location, title in sorted(pages.values()):
        record = records.get(location)
        text = " · ".join(record["places"]) if record else ""
        docs.append({"location": location, "title": title, "text": text})
    index["docs"] = docs
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")


def post_build(
    site_dir: Path,
    catalog: Catalog,
    paths: ProjectPaths,
    engine: str,
    not_indexed: Sequence[str] = (),
) -> None:
    """After the build: the search data for our worker, and the engine's index.
    ``not_indexed``: built pages (``udforsk/index.html``) that are no search result."""
    if engine not in ENGINES:
        raise ValueError(f"Ukendt søgemaskine «{engine}»; vælg en af: {', '.join(ENGINES)}")
    if engine == "material":
        return
    if engine.startswith("pagefind"):
        run_pagefind(site_dir, not_indexed)
        fragments = pagefind_fragments(site_dir)
        data = search_data(catalog, paths, fragment_lexicon(fragments))
        data["pagefind"] = pagefind_pages(fragments)
        write_material_index(site_dir, catalog, data["pagefind"])
    else:
        data = search_data(catalog, paths, lexicon(site_dir))
    target = site_dir / DATA_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")


def payload_bytes(site_dir: Path, engine: str) -> tuple[int, int]:
    """Bytes (raw, gzipped) a browser may fetch to search: the engine's files and our data.
    For Pagefind this is the whole bundle, an upper bound (it loads only the chunks a query
    needs)."""
    files = [site_dir / MATERIAL_INDEX]
    if engine != "material":
        files.append(site_dir / DATA_FILE)
    if engine.startswith("pagefind"):
        files += [p for p in (site_dir / "pagefind").rglob("*") if p.is_file()]
        files = [p for p in files if "-ui" not in p.name and "playground" not in p.parts]
    raw = packed = 0
    for path in files:
        if path.is_file():
            content = path.read_bytes()
            raw += len(content)
            # Pagefind's chunks are gzipped already; count them as stored.
            packed += len(content) if path.suffix.startswith(".pf") else len(gzip.compress(content))
    return raw, packed
