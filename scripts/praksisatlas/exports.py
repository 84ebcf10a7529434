"""Step 4b: the catalog as data files for other tools (Excel, scripts, other generators).

``cases.csv`` is written for Danish Excel: UTF-8 with BOM and «;» as separator, list values
joined with «|», so opening it by double-click shows æøå and one field per column.

The continuum placement (data contract since the continuum model, DESIGN.md): JSON ``continuum``
is the written value (an integer, "F-T" or "uden-for") plus ``continuum_steps`` (a list, [] off
the continuum) and ``support_function`` (a key or null); the CSV's step column (``continuum``,
as before) holds that value as text ("3", "2-4", "uden-for"), followed by ``trin_fra``,
``trin_til`` (empty off the continuum) and ``stoettefunktion``.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

from praksisatlas.catalog import Catalog
from praksisatlas.model import Case
from praksisatlas.paths import ProjectPaths

CSV_COLUMNS = (
    "slug",
    "title",
    "url",
    "summary",
    "organisation",
    "municipalities",
    "counties",
    "regions",
    "national",
    "place_in_source",
    "period",
    "continuum",
    "trin_fra",
    "trin_til",
    "stoettefunktion",
    "continuum_rationale",
    "themes",
    "target_groups",
    "legal_basis",
    "methods",
    "documentation",
    "source_gaps",
    "sources",
    "related",
    "updated",
)


def cases_json(catalog: Catalog) -> str:
    """One object per case, in the catalog's stable order; keys in a fixed order. The same text
    as ``json.dumps`` of the whole list with ``indent=2``, made case by case so that a case's
    part is remembered while the case is unchanged (the preview rebuilds it after each edit)."""
    if not catalog.cases:
        return "[]\n"
    return "[\n" + ",\n".join(_case_json(case) for case in catalog.cases) + "\n]\n"


@functools.lru_cache(maxsize=8192)
def _case_json(case: Case) -> str:
    text = json.dumps(case.to_export(), ensure_ascii=False, indent=2)
    return "  " + text.replace("\n", "\n  ")


def _cell(value: object) -> str:
    if isinstance(value, list):
        return " | ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{v}" for v in value.values() if v not in (None, ""))
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return "" if value is None else str(value)


def cases_csv(catalog: Catalog) -> str:
    """The same rows as the JSON, flattened; starts with a BOM for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for case in catalog.cases:
        row = case.to_export()
        placement = case.placement
        row["continuum"] = placement.text
        row["trin_fra"] = placement.first
        row["trin_til"] = placement.last
        row["stoettefunktion"] = placement.support_function
        row["sources"] = [
            " ".join(filter(None, (s["source"], s["section"], s.get("locator", ""))))
            for s in row["sources"]
        ]
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    return "\ufeff" + buffer.getvalue()


def export_files(catalog: Catalog, paths: ProjectPaths) -> dict[str, str]:
    """File name → content, for the build (served under /data/) and for ``export``."""
    return {
        "cases.json": cases_json(catalog),
        "cases.csv": cases_csv(catalog),
        "case.schema.json": paths.schema_file.read_text(encoding="utf-8"),
    }


def write_exports(catalog: Catalog, paths: ProjectPaths, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in export_files(catalog, paths).items():
        target = out / name
        target.write_text(content, encoding="utf-8", newline="")
        written.append(target)
    return written
