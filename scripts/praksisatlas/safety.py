"""What must never reach the site from a case file, whatever the schema says.

Case bodies are rendered by Python-Markdown with raw HTML passed through and no sanitiser, and
``attr_list`` lets ``{: onclick=… }`` put attributes on any element. So this check is the guard:
it runs in ``check`` and in the build (both go through :mod:`praksisatlas.validation`).

It rejects HTML that can run code or load something from elsewhere, link and image addresses
that can run code or are not https, and personal data: CPR-like numbers, e-mail addresses and
phone numbers. A public organisation's address or number may be shown only when the editorial
team has named it in ``data/allowed_contacts.yaml`` (a file the team alone controls, see
``.github/CODEOWNERS``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from praksisatlas.problems import Problem
from praksisatlas.reading import CaseFile

ALLOW_FILE = "data/allowed_contacts.yaml"
BODY = "(brødtekst)"

# --- the editorial team's allow-list ------------------------------------------------------------


def _phone_digits(text: str) -> str:
    """The national number: digits only, without a +45/0045 country code."""
    digits = re.sub(r"\D", "", text)
    stripped = text.strip()
    if stripped.startswith("+45") or stripped.startswith("0045"):
        digits = digits[2:] if stripped.startswith("+") else digits[4:]
    return digits


@dataclass(frozen=True)
class AllowedContact:
    """One public contact detail the editorial team has allowed, and whose it is."""

    value: str
    organisation: str
    reason: str


@dataclass(frozen=True)
class AllowList:
    """E-mail addresses and phone numbers of public organisations that case text may show."""

    entries: tuple[AllowedContact, ...] = ()

    def allows_email(self, address: str) -> bool:
        wanted = address.lower()
        return any(entry.value.lower() == wanted for entry in self.entries)

    def allows_phone(self, number: str) -> bool:
        wanted = _phone_digits(number)
        return any(
            "@" not in entry.value and _phone_digits(entry.value) == wanted
            for entry in self.entries
        )


def load_allowed_contacts(data_dir: Path) -> AllowList:
    """Read the allow-list; a missing file means nothing is allowed.

    A malformed entry raises :class:`ValueError` with a Danish message: the file is the
    editorial team's, and a half-read allow-list must not silently allow or forbid anything.
    """
    path = data_dir / "allowed_contacts.yaml"
    if not path.is_file():
        return AllowList()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{ALLOW_FILE}: filen er ikke gyldig YAML ({error}).") from error
    if data is None:
        return AllowList()
    if not isinstance(data, list):
        raise ValueError(f"{ALLOW_FILE}: filen skal være en liste af poster (eller []).")
    entries = []
    for index, item in enumerate(data, start=1):
        where = f"{ALLOW_FILE}, post {index}"
        if not isinstance(item, dict) or set(item) != {"value", "organisation", "reason"}:
            raise ValueError(
                f"{where}: en post skal have præcis felterne value, organisation og reason."
            )
        if not all(isinstance(item[k], str) and item[k].strip() for k in item):
            raise ValueError(f"{where}: value, organisation og reason skal være udfyldt tekst.")
        value = item["value"].strip()
        is_email = _EMAIL_RE.fullmatch(value) is not None
        if not is_email and len(_phone_digits(value)) != 8:
            raise ValueError(
                f"{where}: «{value}» er hverken en e-mailadresse eller et dansk telefonnummer "
                "med 8 cifre."
            )
        entries.append(AllowedContact(value, item["organisation"].strip(), item["reason"].strip()))
    return AllowList(tuple(entries))


# --- patterns -----------------------------------------------------------------------------------

ALLOWED_TAGS = frozenset({"br", "sup", "sub", "abbr", "small", "mark", "kbd"})
# A tag may span lines; an unclosed one (``<iframe`` at the end) is still a tag.
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>]|$)([^<>]*)>?")
_EVENT_RE = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
_STYLE_RE = re.compile(r"\bstyle\s*=", re.IGNORECASE)
# attr_list: ``{: #id .class key=value }`` after a block or an inline element.
_ATTR_LIST_RE = re.compile(r"\{:?[^{}\n=]*=[^{}\n]*\}")
_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\(\s*<?\s*([^)\s>]+)")
_LINK_RE = re.compile(r"\]\(\s*<?\s*([^)\s>]+)")
_REFERENCE_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)", re.MULTILINE)
_AUTOLINK_RE = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>")
_ATTR_URL_RE = re.compile(
    r"\b(?:href|src|srcset|action|formaction|poster)\s*=\s*[\"']?([^\"'\s>]+)"
)
_BARE_HTTP_RE = re.compile(r"(?<![\w(<\"'=])(http://[^\s)<>\"']+)", re.IGNORECASE)
_CODE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*):")

CPR_RE = re.compile(r"\b(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}-?\d{4}\b")
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]*\w\b")
# Danish numbers as people write them: 12345678, 12 34 56 78, 1234 5678, with +45/0045 or not.
# Not part of a longer number, date, amount or range (12-34 is a range, 1.234 an amount).
PHONE_RE = re.compile(
    r"(?<![\w.,/-])"
    r"(?:(?:\+|00)45[ \u00a0-]?)?"
    r"(\d{8}|\d{2}(?:[ \u00a0]\d{2}){3}|\d{2}(?:-\d{2}){3}|(\d{4})[ \u00a0](\d{4}))"
    r"(?![\w/-]|[.,]\d)"
)
_YEAR_RE = re.compile(r"^(19|20)\d\d$")
_CVR_BEFORE = re.compile(r"(cvr|p-nr|ean|se-nr)[\w.\- ]{0,6}$", re.IGNORECASE)
_FENCE_RE = re.compile(r"^\s*(```|~~~)")


def _masked(body: str) -> str:
    """The body with fenced code blanked (it is shown as text); every line keeps its place."""
    out, in_fence = [], False
    for line in body.split("\n"):
        if _FENCE_RE.match(line):
            in_fence = not in_fence
            out.append("")
            continue
        out.append("" if in_fence else line)
    return "\n".join(out)


def _clean_url(raw: str) -> str:
    """What a browser would make of the address: entities decoded, blanks and controls gone."""
    return re.sub(r"[\x00-\x20\x7f]", "", html.unescape(raw)).lower()


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def phone_numbers(text: str) -> Iterator[str]:
    """Phone-like numbers in a text, leaving out CVR/EAN numbers and year pairs (2011 2012)."""
    for match in PHONE_RE.finditer(text):
        first, second = match.group(2), match.group(3)
        if first and _YEAR_RE.match(first) and _YEAR_RE.match(second):
            continue
        if _CVR_BEFORE.search(text[max(0, match.start() - 12) : match.start()]):
            continue
        yield match.group(0)


def emails(text: str) -> Iterator[str]:
    for match in _EMAIL_RE.finditer(text):
        yield match.group(0)


# --- checks -------------------------------------------------------------------------------------


def _contact_allowed_text() -> str:
    return (
        "ingen personlige kontaktoplysninger; en offentlig organisations fællesadresse eller "
        f"hovednummer kun, når redaktionen har skrevet den i {ALLOW_FILE}"
    )


def text_problems(
    display: str, line: int, field: str, text: str, allowed: AllowList
) -> list[Problem]:
    """CPR numbers, e-mail addresses and phone numbers in one piece of text (a line, a field)."""
    problems = []
    if CPR_RE.search(text):
        problems.append(
            Problem(
                display,
                line,
                field,
                "Teksten indeholder noget, der ligner et CPR-nummer. Borgere skal være "
                "anonyme; slet nummeret.",
            )
        )
    for address in emails(text):
        if allowed.allows_email(address):
            continue
        problems.append(
            Problem(
                display,
                line,
                field,
                f"Teksten indeholder en e-mailadresse («{_short(address)}»). Atlasset viser ikke "
                "personers kontaktoplysninger; slet den.",
                allowed=_contact_allowed_text(),
            )
        )
    for number in phone_numbers(CPR_RE.sub(" ", text)):
        if allowed.allows_phone(number):
            continue
        problems.append(
            Problem(
                display,
                line,
                field,
                f"Teksten indeholder noget, der ligner et telefonnummer («{number}»). Atlasset "
                "viser ikke personers kontaktoplysninger; slet det.",
                allowed=_contact_allowed_text(),
            )
        )
    return problems


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


def _tag_problems(masked: str) -> Iterator[tuple[int, Problem]]:
    for tag in _TAG_RE.finditer(masked):
        if tag.group(1):  # a closing tag; its opening tag is already reported
            continue
        name, attributes = tag.group(2).lower(), tag.group(3)
        offset = _line_at(masked, tag.start())
        if name not in ALLOWED_TAGS:
            yield (
                offset,
                Problem(
                    "",
                    0,
                    BODY,
                    f"HTML-tagget <{name}> er ikke tilladt i en case.",
                    allowed="Markdown, og kun disse HTML-tags: " + ", ".join(sorted(ALLOWED_TAGS)),
                ),
            )
        elif _EVENT_RE.search(attributes) or _STYLE_RE.search(attributes):
            yield (
                offset,
                Problem(
                    "",
                    0,
                    BODY,
                    f"Attributten i <{name}> er ikke tilladt (on…= og style kan køre kode "
                    "eller ændre siden).",
                    allowed="tagget uden attributter, fx <abbr>",
                ),
            )
    for attrs in _ATTR_LIST_RE.finditer(masked):
        if _EVENT_RE.search(attrs.group(0)) or _STYLE_RE.search(attrs.group(0)):
            yield (
                _line_at(masked, attrs.start()),
                Problem(
                    "",
                    0,
                    BODY,
                    f"Attributlisten «{_short(attrs.group(0), 40)}» er ikke tilladt (on…= og style "
                    "kan køre kode eller ændre siden).",
                    allowed="{: #id .klasse } uden on…= og style",
                ),
            )


def _urls(masked: str) -> dict[int, tuple[str, bool]]:
    """Every address in the body by its offset, and whether it is an image's."""
    found: dict[int, tuple[str, bool]] = {}
    for pattern in (_LINK_RE, _REFERENCE_RE, _AUTOLINK_RE, _ATTR_URL_RE, _BARE_HTTP_RE):
        for match in pattern.finditer(masked):
            found.setdefault(match.start(1), (match.group(1), False))
    for match in _IMAGE_RE.finditer(masked):
        found[match.start(1)] = (match.group(1), True)
    return found


def url_problem(raw: str, image: bool) -> Problem | None:
    """The problem with one link or image address, or ``None`` when it is allowed."""
    url = _clean_url(raw)
    what = "Billedet" if image else "Linket"
    shown = _short(raw, 50)
    if url.startswith(_CODE_SCHEMES):
        if image and url.startswith("data:"):
            return Problem(
                "",
                0,
                BODY,
                f"Billedet «{shown}» er indlejret som en data:-adresse. Indlejrede billeder og "
                "filer kan skjule indhold og kode.",
                allowed="et billede som fil i atlasset eller en https://-adresse",
            )
        return Problem(
            "",
            0,
            BODY,
            f"{what} «{shown}» bruger en adressetype, der kan køre kode.",
            allowed="https://-links og links til andre sider i atlasset",
        )
    if url.startswith("http:") or url.startswith("//"):
        fixed = "https://" + re.sub(r"^(https?:)?/+", "", raw.strip(), flags=re.IGNORECASE)
        return Problem(
            "",
            0,
            BODY,
            f"{what} «{shown}» er ikke https. Atlasset linker kun til sider, der kan nås "
            "krypteret; findes siden ikke med https://, så lad linket være.",
            allowed="https://-adresser og links til andre sider i atlasset",
            suggestion=fixed,
        )
    scheme = _SCHEME_RE.match(url)
    if scheme and scheme.group(1) not in {"https", "mailto", "tel"}:
        return Problem(
            "",
            0,
            BODY,
            f"{what} «{shown}» bruger adressetypen «{scheme.group(1)}:», som ikke er tilladt.",
            allowed="https://-adresser og links til andre sider i atlasset",
        )
    return None


def body_problems(case: CaseFile, allowed: AllowList) -> list[Problem]:
    """Every unsafe thing in a case body, each with the file line it stands on."""
    masked = _masked(case.body)
    located: list[tuple[int, Problem]] = list(_tag_problems(masked))
    for offset, (raw, image) in sorted(_urls(masked).items()):
        problem = url_problem(raw, image)
        if problem is not None:
            located.append((_line_at(masked, offset), problem))
    for index, line in enumerate(masked.split("\n")):
        for problem in text_problems("", 0, BODY, line, allowed):
            located.append((index, problem))
    return [_place(problem, case.display, case.body_line + offset) for offset, problem in located]


def _place(problem: Problem, display: str, line: int) -> Problem:
    return Problem(
        display, line, problem.field, problem.message, problem.allowed, problem.suggestion
    )


def _strings(
    value: Any, path: tuple[str | int, ...]
) -> Iterable[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _field(path: tuple[str | int, ...]) -> str:
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


def meta_problems(case: CaseFile, allowed: AllowList) -> list[Problem]:
    """Personal data in front-matter text (summary, organisation, notes, locators …)."""
    problems = []
    for path, text in _strings(case.meta, ()):
        problems += text_problems(case.display, case.line_of(*path), _field(path), text, allowed)
    return problems
