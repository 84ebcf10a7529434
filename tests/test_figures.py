"""The På vej til arbejde page shows the mid-term figures exactly as VIVE (2019) gives them.

Expected values are copied from the report's tables (line numbers refer to the atlas' text copy,
`../shared/sources/003_63927353a580ca24.txt`); the test reads the built page, so a figure lost in
rendering fails too.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

SLUG = "paa-vej-til-arbejde-naestved"

# (row label on the page, the numbers in that row, where the report has them)
TABLE_ROWS = [
    ("Borgere med opstartsmåling", ("98", "100")),  # Tabel 5.1, l. 978
    ("fortsat i forløb", ("77", "79")),  # Tabel 5.1, l. 979
    ("planlagt afsluttet", ("6", "6")),  # Tabel 5.1, l. 981
    ("uplanlagt afsluttet", ("15", "15")),  # Tabel 5.1, l. 983
    ("I beskæftigelse med ordinære timer", ("9", "9")),  # Tabel 6.1, l. 1266 (n = 98)
    ("Påbegyndt uddannelse", ("3", "3")),  # Tabel 6.1, l. 1266
    ("Påbegyndt virksomhedspraktik", ("19", "19")),  # Tabel 6.1, l. 1266; l. 1289
    # Tabel 6.5, l. 1606–1616: fremragende, vældig godt, godt, mindre godt, dårligt (n = 39)
    ("Psykisk, 1. måling", ("0", "3", "16", "45", "37")),
    ("Psykisk, 3. måling", ("0", "5", "23", "49", "23")),
    ("Fysisk, 1. måling", ("3", "10", "28", "39", "21")),
    ("Fysisk, 3. måling", ("3", "10", "31", "41", "15")),
]

# Figures in running text: (words that must stand together on the page, where). A change
# «from a to b» may be told either way round: «fra a til b pct.» or «b pct. mod før a pct.».
TEXT_FIGURES = [
    ("fra 18 til 33 pct.", "33 pct. mod før 18 pct."),  # WHO-5 «glad og i godt humør», l. 1645–1646
    ("fra 59 til 36 pct.", "36 pct. mod før 59 pct."),  # WHO-5 «rolig og afslappet», l. 1646–1647
    ("fra 37 til 23 pct.", "23 pct. mod 37 pct."),  # dårligt psykisk helbred, l. 1623
    "mindst 20 pct.",  # målet for ordinære timer, l. 67–69 / 468–480
    "mindst 15 pct.",  # målet for uddannelse, l. 67–69 / 468–480
    "i gennemsnit omkring 20 timer",  # l. 1277–1278
]


def _rows(page: str) -> dict[str, tuple[str, ...]]:
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                 for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, flags=re.S)]  # fmt: skip
        if cells:
            rows[cells[0]] = tuple(cells[1:])
    return rows


def test_pa_vej_til_arbejde_figures_match_the_report(site: Path) -> None:
    page = (site / "praksis" / SLUG / "index.html").read_text(encoding="utf-8")
    rows = _rows(page)
    for label, numbers in TABLE_ROWS:
        match = [key for key in rows if label in key]
        assert match, f"row «{label}» missing"
        assert rows[match[0]] == numbers, (label, rows[match[0]], numbers)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    for figure in TEXT_FIGURES:
        ways = (figure,) if isinstance(figure, str) else figure
        assert any(way in text for way in ways), figure
