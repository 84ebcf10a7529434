"""What a search engine or a chat preview reads about a page: schema.org JSON-LD for case pages
and Open Graph properties for every page.

A shared link to a case should show its title and summary, and a search engine should know that
the page is about a practice in a given municipality, on given themes, drawn from given reports.
Everything comes from the catalog (nothing typed twice); dates come from git, like the page's own
history, so a rebuild of the same tree gives the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from praksisatlas.catalog import Catalog
from praksisatlas.history import History
from praksisatlas.model import Case


@dataclass(frozen=True)
class PageUrls:
    """The page's own address on the production site (canonical) and the site's root there."""

    canonical: str
    site_root: str


def case_json_ld(case: Case, catalog: Catalog, history: History | None, urls: PageUrls) -> str:
    """The case as a schema.org ``Article`` about a practice: JSON text, safe inside <script>."""
    vocab = catalog.vocab
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": urls.canonical,
        "url": urls.canonical,
        "mainEntityOfPage": urls.canonical,
        "name": case.title,
        "headline": case.title[:110],
        "description": case.summary,
        "inLanguage": "da",
        "isPartOf": {"@type": "WebSite", "name": "Praksisatlas", "url": urls.site_root},
        "about": [
            {
                "@type": "DefinedTerm",
                "name": vocab.theme(key).name,
                "termCode": key,
                "inDefinedTermSet": "De ti kvalitetstemaer for god bostøtte (VIVE og SUS, 2021)",
            }
            for key in case.themes
        ],
        "citation": [
            _citation(catalog, key) for key in dict.fromkeys(s.source for s in case.sources)
        ],
    }
    places = _places(case, catalog)
    if places:
        data["spatialCoverage"] = places
    if history is not None and history.changes:
        data["datePublished"] = history.first_published
        data["dateModified"] = history.last_changed
    # «</» may not appear inside a <script> element; JSON allows the escaped form.
    return json.dumps(data, ensure_ascii=False, indent=None).replace("</", "<\\/")


def _citation(catalog: Catalog, key: str) -> dict[str, object]:
    source = catalog.vocab.source(key)
    citation: dict[str, object] = {
        "@type": "Report",
        "name": source.title,
        "datePublished": str(source.year),
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.authors:
        citation["author"] = [{"@type": "Person", "name": name} for name in source.authors]
    return citation


def _places(case: Case, catalog: Catalog) -> list[dict[str, object]]:
    """Municipalities with their region; a case a source places only in an amt gets the amt."""
    places: list[dict[str, object]] = []
    for name in case.municipalities:
        municipality = catalog.vocab.municipality(name)
        places.append(
            {
                "@type": "AdministrativeArea",
                "name": municipality.name,
                "containedInPlace": {"@type": "AdministrativeArea", "name": municipality.region},
            }
        )
    for key in case.counties:
        places.append({"@type": "AdministrativeArea", "name": catalog.vocab.county(key).name})
    if case.national and not places:
        places.append({"@type": "Country", "name": "Danmark"})
    return places
