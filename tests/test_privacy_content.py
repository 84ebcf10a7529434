"""Privacy over the written content: cases/*.md and docs/**/*.md.

No first name of a citizen from the source reports, no CPR-like number, no e-mail address and no
Danish phone number may appear. The names are kept here on purpose, so the check does not depend
on the sources being present.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# First names of citizens and other private persons in the sources, matched as whole words,
# case-sensitive, with an optional genitive -s («Evas»).
CITIZEN_NAMES: tuple[str, ...] = (
    # 000 «Rum til os, Hedensted»: the citizen of the case.
    "Kaj",
    # 002 STAR 2016, Appendiks 2: the ten citizen cases.
    "Eva",
    "Per",
    "Bo",
    "Ibrahim",
    "Ole",
    "Rie",
    "Esben",
    "Tove",
    "Anne",
    "Kim",
    # 003 VIVE 2019: no citizen is named; quotes are from staff only.
    # 004 VIVE og SUS 2021: friends in the «Min Mestringsplan» example, two children named on a
    # coping card, and the woman named in a linked newspaper headline. The names of her voices are
    # left out: «Karl» would hit the researcher Karl Tomm, whom the atlas cites.
    "Karen",
    "Helle",
    "Ruth",
    "Julie",
    "Anna",
    "Pia",
)

# Full names of private persons and staff that the atlas refers to by role only (001 and 004).
PRIVATE_FULL_NAMES: tuple[str, ...] = (
    "Ole Rudolf",
    "Jannie Petersen",
    "Janni Petersen",
    "Jonas Gustavsson",
    "Karen Albertsen",
    "Lene Damgaard",
)

# Public persons (authors, researchers) whose full name shares a first name with the list above.
PUBLIC_PERSONS: tuple[str, ...] = (
    "Per Schultz Jørgensen",
    "Julie Schou Nicolajsen",
)

# Words that are spelt like a name but are ordinary Danish when a given word follows: «Per 1.
# januar», «Per uge». Kept narrow, so «Per fortæller» is still caught.
ALLOWED_AFTER: dict[str, re.Pattern[str]] = {
    "Per": re.compile(r"\s+(\d|uge\b|måned\b|år\b|dag\b|time\b|person\b|borger\b)"),
}

NAME_RE = re.compile(r"\b(" + "|".join(CITIZEN_NAMES) + r")s?\b")
CPR_RE = re.compile(r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}-?\d{4}(?!\d)")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Eight digits, alone or in the spaced forms «12 34 56 78» and «1234 5678», optionally +45.
PHONE_RE = re.compile(
    r"(?<![\w.,/-])(?:\+45\s?)?(?:\d{8}|\d{2} \d{2} \d{2} \d{2}|\d{4} \d{4})(?![\w.,/-]|\s\d)"
)


def content_files() -> list[Path]:
    files = sorted((ROOT / "cases").glob("*.md")) + sorted((ROOT / "docs").rglob("*.md"))
    return [f for f in files if f.is_file()]


def _hits(pattern: re.Pattern[str], text: str) -> list[str]:
    return [m.group(0) for m in pattern.finditer(text)]


def name_hits(text: str) -> list[str]:
    for person in PUBLIC_PERSONS:
        text = text.replace(person, "")
    found: list[str] = []
    for match in NAME_RE.finditer(text):
        allowed = ALLOWED_AFTER.get(match.group(1))
        if allowed and allowed.match(text, match.end()):
            continue
        found.append(match.group(0))
    found += [name for name in PRIVATE_FULL_NAMES if name in text]
    return found


def test_there_is_content() -> None:
    assert len(content_files()) > 10


@pytest.mark.parametrize("path", content_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_personal_data(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    problems = {
        "fornavn fra en borgerhistorie": name_hits(text),
        "CPR-lignende nummer": _hits(CPR_RE, text),
        "e-mailadresse": _hits(EMAIL_RE, text),
        "telefonnummer": _hits(PHONE_RE, text),
    }
    found = {kind: hits for kind, hits in problems.items() if hits}
    assert not found, f"{path.relative_to(ROOT)}: {found}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Eva begynder i praktik.", ["Eva"]),
        ("Evas mentor", ["Evas"]),
        ("Per fortæller", ["Per"]),
        ("Per 1. januar og per uge", []),
        ("Per uge mødes de.", []),
        ("at bo i egen bolig", []),
        ("Karl Tomms fire spørgsmål", []),
        ("(Per Schultz Jørgensen, 2017)", []),
        ("Per Hansen", ["Per"]),
        ("en kaj ved havnen", []),
        ("Anneks og Kimberley", []),
    ],
)
def test_name_matching(text: str, expected: list[str]) -> None:
    assert name_hits(text) == expected


@pytest.mark.parametrize(
    ("pattern", "text", "hit"),
    [
        (CPR_RE, "cpr 010190-1234", True),
        (CPR_RE, "0101901234", True),
        (CPR_RE, "i 2013–2016", False),
        (EMAIL_RE, "skriv til navn@eksempel.dk", True),
        (PHONE_RE, "ring 12 34 56 78", True),
        (PHONE_RE, "ring 1234 5678", True),
        (PHONE_RE, "ring +45 12345678", True),
        (PHONE_RE, "98 borgere og 77 forløb", False),
        (PHONE_RE, "LBK nr. 55 af 29/01/2001", False),
        (PHONE_RE, "https://star.dk/media/9153/ips-rapport.pdf", False),
    ],
)
def test_patterns(pattern: re.Pattern[str], text: str, hit: bool) -> None:
    assert bool(pattern.search(text)) is hit
