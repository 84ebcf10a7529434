"""Property-based robustness of the loader and validator (hypothesis).

Whatever an editor types (broken YAML, wrong types, tags, aliases, odd bytes, hostile bodies),
every file ends either as a valid case or with Danish problems naming it: never an unhandled
exception, never a file that silently disappears. The runs are deterministic (``derandomize``)
so CI is stable, and small enough to keep the suite fast.
"""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import praksisatlas.pipeline as pipeline
from praksisatlas import ProjectPaths, load_catalog

FIXTURES = Path(__file__).parent / "fixtures"
VALID = (FIXTURES / "valid" / "aeoeaa-taarnby-faellesskab.md").read_text(encoding="utf-8")
VALID = VALID.split("## Indsatsen")[0]  # the tricky front matter, a short body
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What YAML and Markdown make of a single token: booleans, times, floats, dates, tags, anchors,
# flow collections, block scalars, document markers, HTML, unsafe links and personal data.
TOKENS = [
    "no",
    "yes",
    "on",
    "~",
    "null",
    "12:30",
    "2.10",
    "1e3",
    ".inf",
    "0x1F",
    "0o17",
    "-",
    "2026-13-45",
    "2026-02-29",
    "2024-02-29",
    "[",
    "]",
    "{",
    "}",
    "[a, b]",
    "{a: 1}",
    "'",
    '"',
    "&a",
    "*a",
    "&a [*a]",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGVq",
    "!!str 5",
    "!!int x",
    "!custom x",
    "|",
    ">-",
    "---",
    "...",
    "#",
    "%YAML 1.1",
    "? x",
    ": ",
    "\t",
    "  ",
    "\n",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![x](data:image/png;base64,AAA=)",
    "[x](http://example.dk)",
    "<iframe",
    "{: onclick=x }",
    "010190-1234",
    "a.b@example.com",
    "+45 12 34 56 78",
    "æøå ÆØÅ",
    "\u00a0",
    "\ufeff",
    "\x00",
    "\x7f",
    "\ud7ff",
    "Æbleø",
    "sundhed",
    "Randers",
    "raadet-2004",
    "2.1",
    "## Resultat",
    "# Titel",
    "```",
    "~~~",
]
KEYS = [
    "slug",
    "title",
    "summary",
    "organisation",
    "municipalities",
    "counties",
    "national",
    "place_in_source",
    "period",
    "continuum",
    "continuum_rationale",
    "continuum_uncertain",
    "themes",
    "target_groups",
    "legal_basis",
    "methods",
    "documentation",
    "sources",
    "related",
    "updated",
    "tema",
    "Title",
    "",
    "1",
]

_ENGLISH = re.compile(r"\b(expected|found|error|invalid|must|while|could not|got)\b", re.I)
_DANISH = re.compile(
    r"\b(er|skal|mangler|ikke|Ukendt|Feltet|Forventede|Teksten|Listen|Værdien|Filen|Slug|"
    r"Linket|Billedet|Afsnittet|Casen|Overskrift|Brødteksten|HTML-tagget|Attributten|"
    r"Attributlisten|Front|Der|En|Ankeret)\b"
)

tokens = st.sampled_from(TOKENS)
small_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs", "Cc")),
    max_size=30,
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 3000),
    st.floats(allow_nan=True, allow_infinity=True),
    small_text,
    tokens,
    st.dates().map(str),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=8,
)


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    """The valid file with a few edits of the kinds editors make (and some they should not)."""
    lines = VALID.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "value", "key", "insert", "indent"]))
        line = lines[index]
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {draw(st.one_of(tokens, small_text))}"
        elif action == "key" and ":" in line:
            lines[index] = f"{draw(st.sampled_from(KEYS))}:{line.split(':', 1)[1]}"
        elif action == "indent":
            lines[index] = draw(st.sampled_from(["", " ", "  ", "\t", "    "])) + line.lstrip()
        else:
            lines.insert(index, draw(st.one_of(tokens, small_text)))
        if not lines:
            lines = [""]
    return "\n".join(lines)


@st.composite
def structured_text(draw: st.DrawFn) -> str:
    """Front matter built from random values of random types under real and wrong keys."""
    meta = yaml.safe_load(VALID.split("---")[1])
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(KEYS))
        if draw(st.booleans()):
            meta[key] = draw(values)
        else:
            meta.pop(key, None)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    body = draw(st.lists(st.one_of(tokens, small_text), max_size=6))
    return f"---\n{front}---\n\n## Kort fortalt\n\n" + " ".join(body) + "\n"


file_contents = st.one_of(
    mutated_text().map(lambda t: t.encode("utf-8")),
    structured_text().map(lambda t: t.encode("utf-8")),
    st.binary(max_size=200),
    st.builds(lambda t: b"---\n" + t.encode("utf-8", "surrogatepass"), small_text),
)
SLUG_NAME = "aeoeaa-taarnby-faellesskab.md"  # the base's own name, so a harmless edit stays valid
file_names = st.one_of(
    st.just(SLUG_NAME),
    st.from_regex(r"[a-z0-9æøå_ -]{1,12}", fullmatch=True).map(lambda n: n + ".md"),
)
batches = st.lists(st.tuples(file_names, file_contents), min_size=1, max_size=3).filter(
    lambda items: len({name.lower() for name, _ in items}) == len(items)
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, root: Path) -> ProjectPaths:
    base = tmp_path_factory.mktemp("properties")
    shutil.copytree(root / "data", base / "data")
    (base / "cases").mkdir()
    (base / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    return ProjectPaths(base)


@pytest.fixture(scope="module", autouse=True)
def vocabularies_read_once() -> object:
    """The data files do not change between examples; reading them once keeps the run fast.
    Everything else in ``load_catalog`` runs as in the build."""
    original = pipeline.load_vocabularies
    pipeline.load_vocabularies = functools.lru_cache(maxsize=4)(original)  # type: ignore[assignment]
    yield
    pipeline.load_vocabularies = original  # type: ignore[assignment]


def _danish(message: str) -> bool:
    """Danish frame; a quoted value («…») or a parser's detail in (…) may be anything."""
    frame = re.sub(r"«[^»]*»|<[^>]*>", " ", message)
    while re.search(r"\([^()]*\)", frame):  # innermost first: «(… int() …)»
        frame = re.sub(r"\([^()]*\)", " ", frame)
    return bool(_DANISH.search(frame)) and not _ENGLISH.search(frame)


def _ends_as_case_or_danish_problems(project: ProjectPaths, items: list[tuple[str, bytes]]) -> int:
    """Check the property for one batch; returns how many files became cases."""
    for old in project.cases_dir.iterdir():
        old.unlink()
    paths = []
    for name, content in items:
        path = project.cases_dir / name
        path.write_bytes(content)
        paths.append(path)
    catalog, problems = load_catalog(project, paths)
    names = {f"cases/{name}" for name, _ in items}
    valid = {case.file for case in catalog.cases}
    failed = {problem.file for problem in problems}
    assert valid | failed == names, "a file was silently dropped"
    assert not valid & failed, "a file with problems became a case"
    assert len(valid) + len(failed) == len(items)
    for problem in problems:
        assert problem.message.strip()
        assert _danish(problem.message), problem.format()
        assert problem.line >= 0
    return len(valid)


@SETTINGS
@given(items=batches)
def test_every_input_ends_as_a_case_or_danish_problems(
    project: ProjectPaths, items: list[tuple[str, bytes]]
) -> None:
    valid = _ends_as_case_or_danish_problems(project, items)
    event(f"{valid} af {len(items)} gyldige")  # see --hypothesis-show-statistics


@SETTINGS
@given(text=mutated_text())
def test_a_mutated_valid_file_is_never_lost(project: ProjectPaths, text: str) -> None:
    valid = _ends_as_case_or_danish_problems(project, [(SLUG_NAME, text.encode("utf-8"))])
    event("gyldig" if valid else "med fejl")


def test_the_unmutated_base_is_valid(project: ProjectPaths) -> None:
    """The properties start from a valid file, so «valid» is a reachable outcome."""
    slugged = VALID.replace("slug: aeoeaa-taarnby-faellesskab", "slug: base")
    _ends_as_case_or_danish_problems(project, [("base.md", slugged.encode("utf-8"))])
    catalog, problems = load_catalog(project, [project.cases_dir / "base.md"])
    assert problems == [] and len(catalog) == 1


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        # Found by the properties above; each once crashed the checker (and the build).
        (b"---", "Front matter slutter ikke"),
        (b"---\ntitle: &a [*a]\n---\n\nTekst.\n", "anker og -alias"),
        # Ten lines that would expand to 10^9 values: refused before anything is expanded.
        (
            b"---\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + b"".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n".encode()
                for i in range(8)
            )
            + b"---\n\nTekst.\n",
            "anker og -alias",
        ),
        (b"---\ntitle: " + b"[" * 1500 + b"]" * 1500 + b"\n---\n\nTekst.\n", "for dybt"),
    ],
)
def test_inputs_that_once_crashed_now_give_danish_problems(
    project: ProjectPaths, content: bytes, fragment: str
) -> None:
    _ends_as_case_or_danish_problems(project, [("x.md", content)])
    _, problems = load_catalog(project, [project.cases_dir / "x.md"])
    assert any(fragment in p.message for p in problems), [p.format() for p in problems]
