"""A page per municipality with cases: region, optional profile, and its cases."""

from __future__ import annotations

from praksisatlas.catalog import Catalog
from praksisatlas.render.denmark_map import DenmarkMap, locator
from praksisatlas.render.explorer import explore_link
from praksisatlas.render.html import OnPage
from praksisatlas.render.listings import case_list
from praksisatlas.render.markup import front_matter, md_text
from praksisatlas.vocabularies import Municipality


def page_path(municipality: Municipality) -> str:
    return f"kommuner/{municipality.slug}.md"


def municipality_page(
    municipality: Municipality,
    catalog: Catalog,
    profile: str = "",
    on: OnPage | None = None,
    denmark: DenmarkMap | None = None,
) -> str:
    """``profile`` is optional Markdown about how the municipality organises its efforts;
    ``denmark`` the map the page marks the municipality on (none: no map)."""
    on = on or OnPage(page_path(municipality))
    cases = catalog.in_municipality(municipality.name)
    title = f"{municipality.name} Kommune"
    text = front_matter(title=title, description=f"Praksiseksempler fra {title}.")
    text += f"# {md_text(title)}\n\n{md_text(municipality.region)}.\n\n"
    if denmark is not None:
        text += on.hold(locator(municipality.name, municipality.region, denmark))
    if profile.strip():
        text += profile.strip() + "\n\n"
    text += "## Praksiseksempler\n\n" + explore_link(on.prefix, kommune=municipality.slug)
    text += case_list(cases, catalog.vocab, on)
    return text
