"""The loader and validator on a corpus of bad files (each with its expected Danish message),
on tricky valid files, and through the editors' command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from praksisatlas import ProjectPaths, load_catalog
from praksisatlas.pipeline import check_files

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = FIXTURES / "invalid"
EXPECTED: dict[str, list[dict]] = yaml.safe_load(
    (INVALID / "expected.yaml").read_text(encoding="utf-8")
)


@pytest.fixture
def project(tmp_path: Path, root: Path) -> ProjectPaths:
    """A throwaway project: the real data/ and an empty cases/ to put fixtures in."""
    shutil.copytree(root / "data", tmp_path / "data")
    (tmp_path / "cases").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    return ProjectPaths(tmp_path)


def test_every_bad_file_has_an_expectation() -> None:
    files = {p.name for p in INVALID.glob("*.md")}
    assert files == set(EXPECTED), "invalid/*.md and expected.yaml disagree"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gives_its_danish_message(name: str, project: ProjectPaths) -> None:
    # The two «dublet» files only show their problem together.
    names = sorted(p.name for p in INVALID.glob("dublet-*.md")) if "dublet" in name else [name]
    targets = [project.cases_dir / n for n in names]
    for target in targets:
        shutil.copy(INVALID / target.name, target)
    problems = check_files(project, targets)
    found = [(p.line, p.field, p.format()) for p in problems if p.file.endswith(name)]
    for expected in EXPECTED[name]:
        assert any(
            line == expected["line"] and field == expected["field"] and expected["text"] in text
            for line, field, text in found
        ), f"{name}: expected {expected}, got {found}"
    # Nothing unexpected: every problem of this file is one the corpus names.
    assert len(found) == len(EXPECTED[name]), found


def test_one_run_reports_every_bad_file(project: ProjectPaths) -> None:
    for path in INVALID.glob("*.md"):
        shutil.copy(path, project.cases_dir / path.name)
    catalog, problems = load_catalog(project)
    reported = {Path(p.file).name for p in problems}
    assert set(EXPECTED) <= reported
    assert len(catalog) == 0, "a bad file must never become a case"


def test_tricky_valid_file_passes(project: ProjectPaths) -> None:
    source = FIXTURES / "valid" / "aeoeaa-taarnby-faellesskab.md"
    shutil.copy(source, project.cases_dir / source.name)
    problems = check_files(project, [project.cases_dir / source.name])
    assert problems == []
    catalog, _ = load_catalog(project, [project.cases_dir / source.name])
    case = catalog.by_slug["aeoeaa-taarnby-faellesskab"]
    assert case.title.startswith("Æbleø: Fællesskab på Tårnby Strand")
    assert case.regions == ("Region Hovedstaden",)
    assert case.body.count("\n") > 390


def test_valid_and_invalid_side_by_side(project: ProjectPaths) -> None:
    """A bad file next to a good one: the good one is loaded, the bad one reported."""
    good = FIXTURES / "valid" / "aeoeaa-taarnby-faellesskab.md"
    shutil.copy(good, project.cases_dir / good.name)
    shutil.copy(INVALID / "trin-uden-for.md", project.cases_dir / "trin-uden-for.md")
    files = sorted(project.cases_dir.glob("*.md"))
    catalog, problems = load_catalog(project, files)
    assert list(catalog.by_slug) == ["aeoeaa-taarnby-faellesskab"]
    assert [Path(p.file).name for p in problems] == ["trin-uden-for.md"]


def test_missing_anchor_is_reported(project: ProjectPaths) -> None:
    _, problems = load_catalog(project)
    assert sum("Ankeret for trin" in p.message for p in problems) == 5


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "scripts")}
    return subprocess.run(
        [sys.executable, "-m", "praksisatlas", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_check_reports_all_files_and_fails(root: Path) -> None:
    result = _cli("check", str(INVALID), cwd=root)
    assert result.returncode == 1
    for name in EXPECTED:
        assert f"invalid/{name}" in result.stderr, name
    assert "Mente du «sundhed»?" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_check_passes_on_the_repository(root: Path) -> None:
    result = _cli("check", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Alle cases er gyldige." in result.stdout


# --- the continuum placement and the rationale rule (issue 17) ----------------------------------

PLACEMENT_VALID = ["spaend-klubhus-med-overgangsjob.md", "uden-for-maaleredskab.md"]


def test_span_and_off_fixtures_are_valid_and_placed(project: ProjectPaths) -> None:
    targets = []
    for name in PLACEMENT_VALID:
        shutil.copy(FIXTURES / "valid" / name, project.cases_dir / name)
        targets.append(project.cases_dir / name)
    assert check_files(project, targets) == []
    catalog, _ = load_catalog(project, targets)
    span = catalog.by_slug["spaend-klubhus-med-overgangsjob"].placement
    off = catalog.by_slug["uden-for-maaleredskab"].placement
    assert span.steps == (2, 3, 4) and span.value == "2-4" and span.label == "Trin 2–4"
    assert off.off and off.steps == () and off.support_function == "dokumentation-og-maaling"
    assert off.label == "Uden for kontinuummet: Dokumentation og måling"
    assert catalog.by_slug["spaend-klubhus-med-overgangsjob"].source_gaps == (
        "omfang",
        "resultater",
    ), "source gaps come in the vocabulary's order"


@pytest.mark.parametrize(
    "name",
    [
        "begrundelse-kun-fravaer",
        "begrundelse-uden-anker",
        "begrundelse-anker-uden-sammenligning",
        "sammenligning-med-fravaer",
        "uden-for-uden-stoettefunktion",
        "uden-for-kun-fravaer",
        "stoettefunktion-paa-trin",
        "spaend-baglaens",
        "spaend-fra-nul",
    ],
)
def test_placement_fixtures_fail(name: str, project: ProjectPaths) -> None:
    """The brief's failing fixtures exist, are in the corpus and fail on their own field."""
    assert f"{name}.md" in EXPECTED
    target = project.cases_dir / f"{name}.md"
    shutil.copy(INVALID / target.name, target)
    problems = check_files(project, [target])
    assert problems, name
    fields = {p.field for p in problems}
    assert fields <= {"continuum", "continuum_rationale", "support_function"}, fields


def test_anchor_case_needs_no_comparison(project: ProjectPaths) -> None:
    """The anchor's own case is the yardstick; the same text on another case is rejected."""
    text = (INVALID / "begrundelse-anker-uden-sammenligning.md").read_text(encoding="utf-8")
    anchor = "projekt-groent-job-revacentret"
    (project.cases_dir / f"{anchor}.md").write_text(
        text.replace("slug: begrundelse-anker-uden-sammenligning", f"slug: {anchor}"),
        encoding="utf-8",
    )
    assert check_files(project, [project.cases_dir / f"{anchor}.md"]) == []
