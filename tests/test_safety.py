"""Safety of input: HTML that can run code, unsafe or unencrypted addresses and personal data
never pass the check, and the editorial team's allow-list lets a public address through."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from praksisatlas import ProjectPaths, load_catalog
from praksisatlas.pipeline import check_files
from praksisatlas.reading import CaseFile
from praksisatlas.safety import (
    AllowedContact,
    AllowList,
    body_problems,
    load_allowed_contacts,
    meta_problems,
)

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid" / "aeoeaa-taarnby-faellesskab.md"


def body(text: str, allowed: AllowList | None = None) -> list[str]:
    """The formatted problems of a body, as if it started on line 10 of ``cases/x.md``."""
    case = CaseFile(Path("cases/x.md"), "cases/x.md", {}, text, 10)
    return [p.format() for p in body_problems(case, allowed or AllowList())]


BAD_BODIES = [
    ("<script>alert(1)</script>", "HTML-tagget <script> er ikke tilladt"),
    ("<SCRIPT SRC=https://example.com/x.js></SCRIPT>", "HTML-tagget <script>"),
    ('<iframe src="https://example.com"></iframe>', "HTML-tagget <iframe>"),
    ('<object data="x.swf"></object>', "HTML-tagget <object>"),
    ('<embed src="x.swf">', "HTML-tagget <embed>"),
    ("<svg><circle/></svg>", "HTML-tagget <svg>"),
    ('<a href="https://example.com">x</a>', "HTML-tagget <a>"),
    ('<img src="x.png" alt="">', "HTML-tagget <img>"),
    ("<style>body{}</style>", "HTML-tagget <style>"),
    ('<abbr title="MI" onclick="alert(1)">MI</abbr>', "Attributten i <abbr> er ikke tilladt"),
    ('<abbr\n  onmouseover="alert(1)">MI</abbr>', "Attributten i <abbr>"),
    ('<mark style="display:none">x</mark>', "Attributten i <mark>"),
    ('Tekst.\n{: onclick="alert(1)" }', "Attributlisten"),
    ('[x](https://example.dk){: onmouseover="alert(1)" }', "Attributlisten"),
    ("[x](javascript:alert(1))", "kan køre kode"),
    ("[x](JaVaScRiPt:alert(1))", "kan køre kode"),
    ("[x](jav&#x61;script:alert(1))", "kan køre kode"),
    ("[x](<javascript:alert(1)>)", "kan køre kode"),
    ("[x](vbscript:msgbox)", "kan køre kode"),
    ("[x](file:///etc/passwd)", "kan køre kode"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "Linket «data:text/html"),
    ("[x][1]\n\n[1]: javascript:alert(1)", "kan køre kode"),
    ("<javascript:alert(1)>", "kan køre kode"),
    ('[x](https://example.dk){: href="javascript:alert(1)" }', "kan køre kode"),
    ("![Logo](data:image/png;base64,iVBORw0KGgo=)", "er indlejret som en data:-adresse"),
    ("![Logo](http://example.dk/logo.png)", "Billedet «http://example.dk/logo.png» er ikke https"),
    ("[rapport](http://example.dk/r.pdf)", "Mente du «https://example.dk/r.pdf»?"),
    ("[rapport](HTTP://example.dk)", "er ikke https"),
    ("[rapport](//example.dk/r.pdf)", "Mente du «https://example.dk/r.pdf»?"),
    ("[rapport][r]\n\n[r]: http://example.dk", "er ikke https"),
    ("<http://example.dk>", "er ikke https"),
    ("Læs mere på http://example.dk/side.", "er ikke https"),
    ("[fil](ftp://example.dk/fil)", "adressetypen «ftp:»"),
    ("Borgeren har CPR 010190-1234.", "ligner et CPR-nummer"),
    ("CPR 0101901234 står i journalen.", "ligner et CPR-nummer"),
    ("Skriv til a.b@example.com.", "e-mailadresse («a.b@example.com»)"),
    ("[skriv](mailto:a.b@example.com)", "e-mailadresse"),
    ("Ring 12345678.", "telefonnummer («12345678»)"),
    ("Ring 12 34 56 78.", "telefonnummer («12 34 56 78»)"),
    ("Ring +45 12 34 56 78.", "telefonnummer («+45 12 34 56 78»)"),
    ("Ring 0045 12345678.", "telefonnummer"),
    ("Ring 1234 5678 efter kl. 9.", "telefonnummer («1234 5678»)"),
    ("Ring 12-34-56-78.", "telefonnummer"),
    ("[ring](tel:+4512345678)", "telefonnummer"),
]


@pytest.mark.parametrize(("text", "fragment"), BAD_BODIES)
def test_unsafe_body_is_rejected_in_danish(text: str, fragment: str) -> None:
    found = body(text)
    assert any(fragment in message for message in found), found
    assert all(message.startswith("cases/x.md:1") for message in found), found


SAFE_BODIES = [
    "Tekst med <abbr>MI</abbr>, <br> og <kbd>Ctrl</kbd>, <sup>2</sup> og <mark>vigtigt</mark>.",
    "Se [rapporten](https://example.dk/rapport.pdf) og [trin 1](../kontinuum.md#trin-1).",
    "![Diagram](../assets/diagram.png)",
    "[x][1]\n\n[1]: https://example.dk",
    "<https://example.dk>",
    "Score 3 < 4 og 5 > 2; x<y.",
    "Projektet kørte 2002-2004 og igen i 2011 2012.",
    "Budgettet var 1.234.567 kr., 12.345 borgere og 3,5 mio. kr.",
    "Se s. 55–58, § 85, kl. 12:30, tabel 12 og 2026-11-23.",
    "CVR 12345678 og CVR-nr. 87654321 er organisationers numre.",
    "EAN 5790001234567 er et varenummer.",
    "10 20 30 borgere; 45 % kom i arbejde.",
    "```\n<script>alert(1)</script> http://example.dk 12345678\n```",
    "Et eksempel {: .atlas-note }",
    "Æ, ø og å: «fællesskab», «sørge», «årsag».",
]


@pytest.mark.parametrize("text", SAFE_BODIES)
def test_ordinary_text_passes(text: str) -> None:
    assert body(text) == []


def test_problems_name_the_line_they_stand_on() -> None:
    found = body("Linje 10.\n\n```\n<script>\n```\n<iframe\n  src=x>\nRing 12345678.")
    assert [m.split(":", 2)[1] for m in found] == ["15", "17"], found


def test_bad_things_in_front_matter_are_found_with_field_and_line() -> None:
    meta = {
        "summary": "Ring til kontaktpersonen på 12 34 56 78.",
        "sources": [{"source": "x", "locator": "skriv til a@b.dk"}],
        "title": "CPR 010190-1234",
    }
    lines = {("summary",): 4, ("sources", 0, "locator"): 16, ("title",): 3}
    case = CaseFile(Path("cases/x.md"), "cases/x.md", meta, "Tekst.", 20, lines)
    found = sorted((p.line, p.field, p.message[:40]) for p in meta_problems(case, AllowList()))
    assert [(line, field) for line, field, _ in found] == [
        (3, "title"),
        (4, "summary"),
        (16, "sources[1].locator"),
    ]


ALLOWED = AllowList(
    (
        AllowedContact("kontakt@vaerestedet.dk", "Værestedet", "Offentlig fællesadresse."),
        AllowedContact("+45 70 10 20 30", "Borgerservice", "Kommunens hovednummer."),
    )
)


def test_allow_list_lets_a_public_address_through_and_nothing_else() -> None:
    assert body("Skriv til Kontakt@Vaerestedet.dk eller ring 70102030.", ALLOWED) == []
    assert body("Ring 70 10 20 30 eller +4570102030.", ALLOWED) == []
    found = body("Skriv til mette@vaerestedet.dk eller ring 70 10 20 31.", ALLOWED)
    assert len(found) == 2
    assert "data/allowed_contacts.yaml" in found[0]


def _project(tmp_path: Path, root: Path) -> ProjectPaths:
    shutil.copytree(root / "data", tmp_path / "data")
    (tmp_path / "cases").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    return ProjectPaths(tmp_path)


def test_allow_list_file_is_read_by_the_check(tmp_path: Path, root: Path) -> None:
    project = _project(tmp_path, root)
    text = VALID.read_text(encoding="utf-8").replace(
        "## Indsatsen\n", "## Indsatsen\n\nVærestedet kan kontaktes på kontakt@vaerestedet.dk.\n"
    )
    target = project.cases_dir / VALID.name
    target.write_text(text, encoding="utf-8")
    line = text.split("\n").index("Værestedet kan kontaktes på kontakt@vaerestedet.dk.") + 1
    before = check_files(project, [target])
    assert [p.line for p in before] == [line]
    assert "e-mailadresse («kontakt@vaerestedet.dk»)" in before[0].message
    (project.data_dir / "allowed_contacts.yaml").write_text(
        "- value: kontakt@vaerestedet.dk\n"
        "  organisation: Værestedet Eksempel\n"
        "  reason: Værestedets offentlige fællesadresse.\n",
        encoding="utf-8",
    )
    assert check_files(project, [target]) == []
    catalog, _ = load_catalog(project, [target])
    assert "kontakt@vaerestedet.dk" in catalog.by_slug[VALID.stem].body


def test_repository_allow_list_is_valid_and_names_whose_each_entry_is(root: Path) -> None:
    allowed = load_allowed_contacts(root / "data")
    for entry in allowed.entries:
        assert entry.organisation and entry.reason


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("- value: a@b.dk\n  organisation: X\n", "præcis felterne value, organisation og reason"),
        ("- value: 1234\n  organisation: X\n  reason: Y\n", "udfyldt tekst"),
        ("- value: '1234'\n  organisation: X\n  reason: Y\n", "hverken en e-mailadresse"),
        ("value: a@b.dk\n", "skal være en liste"),
        ("- [", "ikke gyldig YAML"),
    ],
)
def test_broken_allow_list_is_a_danish_error(tmp_path: Path, content: str, fragment: str) -> None:
    (tmp_path / "allowed_contacts.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=fragment):
        load_allowed_contacts(tmp_path)


def test_missing_allow_list_allows_nothing(tmp_path: Path) -> None:
    assert load_allowed_contacts(tmp_path) == AllowList()
