"""The editors' command line: ``new`` writes a case that passes ``check`` and builds, ``list``
shows the catalog's cases filtered like the site, and every help text is Danish."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import run_build
from praksisatlas import Catalog, ProjectPaths, load_catalog
from praksisatlas.cli import main
from praksisatlas.listing import COLUMNS
from praksisatlas.pipeline import check_files
from praksisatlas.scaffold import PLACEHOLDER, slug_for

NEW_ARGS = [
    "new",
    "--titel",
    "Æbleø: Fællesskab på Tårnby Strand «no» 12:30",
    "--kommune",
    "tårnby",
    "--kommune",
    "Lyngby-Taarbæk Kommune",
    "--trin",
    "2",
    "--tema",
    "5",
    "--tema",
    "familie-venner-og-faellesskaber",
    "--kilde",
    "vive-sus-2021",
    "--afsnit",
    "2.10.3",
]
SLUG = "aebleoe-faellesskab-paa-taarnby-strand-no-12-30"
_NOT_COPIED = {".git", ".venv", "site", "export", "tests", ".pytest_cache", ".ruff_cache"}


@pytest.fixture
def project(tmp_path: Path, root: Path) -> ProjectPaths:
    """A throwaway project: the real data/ and an empty cases/."""
    shutil.copytree(root / "data", tmp_path / "data")
    (tmp_path / "cases").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    return ProjectPaths(tmp_path)


def full_project(root: Path, target: Path) -> ProjectPaths:
    """A copy of the whole repository (cases, docs, theme, scripts) that builds on its own."""
    shutil.copytree(
        root,
        target,
        ignore=lambda folder, names: [n for n in names if n in _NOT_COPIED or n == "__pycache__"],
    )
    return ProjectPaths(target)


def invoke(args: list[str], cwd: Path, stdin: str | None = None) -> object:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, input=stdin)
    finally:
        os.chdir(old)


def cli(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The real entry point, as ``make`` calls it."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "scripts")}
    return subprocess.run(
        [sys.executable, "-m", "praksisatlas", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- new ----------------------------------------------------------------------------------------


def test_slug_is_ascii_and_short() -> None:
    assert slug_for("Åndehullet – Vordingborg") == "aandehullet-vordingborg"
    assert slug_for("Grønt Job: «Revacentret» (København)") == "groent-job-revacentret-koebenhavn"
    long = slug_for("Et meget langt navn " * 10)
    assert len(long) <= 80 and not long.endswith("-") and long.startswith("et-meget-langt")


def test_new_with_options_writes_a_case_that_passes_check(project: ProjectPaths) -> None:
    today = dt.date.today()
    result = invoke(NEW_ARGS, project.root)
    assert result.exit_code == 0, result.output
    target = project.cases_dir / f"{SLUG}.md"
    assert f"Oprettet: cases/{SLUG}.md" in result.output
    assert check_files(project, [target]) == []
    catalog, _ = load_catalog(project, [target])
    case = catalog.by_slug[SLUG]
    assert case.title == "Æbleø: Fællesskab på Tårnby Strand «no» 12:30"
    assert case.municipalities == ("Tårnby", "Lyngby-Taarbæk")
    assert case.placement.value == 2
    assert case.themes == ("sundhed", "familie-venner-og-faellesskaber")
    assert case.updated in {today.isoformat(), dt.date.today().isoformat()}
    assert case.organisation == "Tårnby Kommune"
    assert PLACEHOLDER in target.read_text(encoding="utf-8")


def test_new_asks_in_danish_and_explains_wrong_answers(project: ProjectPaths) -> None:
    answers = "\n".join(
        [
            "Mødestedet i Kobenhavn",
            "Kobenhavn",  # wrong: suggests København
            "København",
            "7",  # wrong step
            "3",
            "sundhet",  # wrong theme
            "5, 1",
            "vive-sus-2022",  # wrong source
            "vive-sus-2021",
            "2.99",  # no such section
            "2.10.3",
        ]
    )
    result = invoke(["new"], project.root, stdin=answers + "\n")
    assert result.exit_code == 0, result.output
    for text in (
        "Titel:",
        "Mente du «København»?",
        "Trinnet skal være et helt tal fra 1 til 5",
        "Mente du «sundhed»?",
        "Mente du «vive-sus-2021»?",
        "Afsnittet «2.99» findes ikke",
    ):
        assert text in result.output, text
    target = project.cases_dir / "moedestedet-i-kobenhavn.md"
    assert check_files(project, [target]) == []
    meta = yaml.safe_load(target.read_text(encoding="utf-8").split("---")[1])
    assert meta["themes"] == ["sundhed", "oensker-og-motivation"]
    assert meta["continuum"] == 3


@pytest.mark.parametrize(
    ("trin", "extra", "value", "support"),
    [
        ("2-4", [], "2-4", ""),
        ("2–4", [], "2-4", ""),
        ("uden-for", ["--stoettefunktion", "3"], "uden-for", "koordinering-og-overgange"),
        (
            "uden-for",
            ["--stoettefunktion", "dokumentation-og-maaling"],
            "uden-for",
            "dokumentation-og-maaling",
        ),
    ],
)
def test_new_writes_a_span_or_an_off_case_that_passes_check(
    project: ProjectPaths, trin: str, extra: list[str], value: str, support: str
) -> None:
    args = [*NEW_ARGS]
    args[args.index("--trin") + 1] = trin
    result = invoke([*args, *extra], project.root)
    assert result.exit_code == 0, result.output
    target = project.cases_dir / f"{SLUG}.md"
    assert check_files(project, [target]) == []
    meta = yaml.safe_load(target.read_text(encoding="utf-8").split("---")[1])
    assert meta["continuum"] == value
    assert meta.get("support_function", "") == support


@pytest.mark.parametrize(
    ("trin", "extra", "message"),
    [
        ("4-2", [], "et spænd som «2-4»"),
        ("udenfor", [], "Mente du «uden-for»?"),
        (
            "uden-for",
            ["--stoettefunktion", "koordinering"],
            "Mente du «koordinering-og-overgange»?",
        ),
        ("3", ["--stoettefunktion", "3"], "hører kun til --trin uden-for"),
    ],
)
def test_new_explains_a_wrong_placement(
    project: ProjectPaths, trin: str, extra: list[str], message: str
) -> None:
    args = [*NEW_ARGS]
    args[args.index("--trin") + 1] = trin
    result = invoke([*args, *extra], project.root)
    assert result.exit_code != 0
    assert message in result.output
    assert not list(project.cases_dir.glob("*.md"))


def test_new_refuses_to_overwrite(project: ProjectPaths) -> None:
    assert invoke(NEW_ARGS, project.root).exit_code == 0
    target = project.cases_dir / f"{SLUG}.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nMin egen tekst.\n", "utf-8")
    before = target.read_bytes()
    result = invoke(NEW_ARGS, project.root)
    assert result.exit_code == 1
    assert f"{SLUG}.md findes allerede i cases/" in result.output
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("--trin", "7"), "Fejl: Trinnet skal være et helt tal fra 1 til 5"),
        (("--tema", "sundhet"), "Mente du «sundhed»?"),
        (("--kommune", "Kobenhavn"), "Mente du «København»?"),
        (("--kilde", "raadet-2005"), "Mente du «raadet-2004»?"),
        (("--slug", "Æble_Ø"), "er ikke et gyldigt slug"),
    ],
)
def test_new_rejects_a_bad_option_without_writing(
    project: ProjectPaths, change: tuple[str, str], message: str
) -> None:
    args = list(NEW_ARGS)
    if change[0] in args:
        args[args.index(change[0]) + 1] = change[1]
    else:
        args += list(change)
    result = invoke(args, project.root)
    assert result.exit_code in {1, 2}
    assert message in result.output
    assert list(project.cases_dir.iterdir()) == []


def test_new_case_builds_strictly_with_the_whole_site(root: Path, tmp_path: Path) -> None:
    """``python -m praksisatlas new`` in a copy of the repository, then the real strict build."""
    project = full_project(root, tmp_path / "repo")
    result = cli(*NEW_ARGS, cwd=project.root)
    assert result.returncode == 0, result.stderr
    checked = cli("check", cwd=project.root)
    assert checked.returncode == 0, checked.stderr
    assert "Alle cases er gyldige." in checked.stdout
    assert f"cases/{SLUG}.md har stadig pladsholdertekst" in checked.stderr
    built = run_build(project.root, tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    page = (tmp_path / "site" / "praksis" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Æbleø: Fællesskab på Tårnby Strand «no» 12:30" in page
    assert f"/edit/main/cases/{SLUG}.md" in page


def test_the_build_refuses_what_check_refuses(root: Path, tmp_path: Path) -> None:
    """The safety checks run inside the build: an http link stops the strict build."""
    project = full_project(root, tmp_path / "repo")
    target = project.cases_dir / "farlig.md"
    text = (root / "tests" / "fixtures" / "invalid" / "http-link.md").read_text(encoding="utf-8")
    target.write_text(text.replace("slug: http-link", "slug: farlig"), encoding="utf-8")
    built = run_build(project.root, tmp_path / "site")
    assert built.returncode != 0
    assert "cases/farlig.md:21" in built.stderr
    assert "Linket «http://example.dk/rapport» er ikke https" in built.stderr


def test_template_file_is_valid_but_not_a_case(root: Path, project: ProjectPaths) -> None:
    template = root / "cases" / "_skabelon.md"
    copy = project.cases_dir / "skabelon.md"
    shutil.copy(template, copy)
    assert check_files(project, [copy]) == []
    assert PLACEHOLDER in template.read_text(encoding="utf-8")
    catalog, _ = load_catalog(ProjectPaths(root))
    assert "skabelon" not in catalog.by_slug


# --- check --------------------------------------------------------------------------------------


def test_check_reports_a_broken_allow_list_in_danish(project: ProjectPaths) -> None:
    (project.data_dir / "allowed_contacts.yaml").write_text("- value: x\n", encoding="utf-8")
    result = cli("check", cwd=project.root)
    assert result.returncode == 1
    assert "data/allowed_contacts.yaml, post 1" in result.stderr
    assert "Traceback" not in result.stderr


# --- list ---------------------------------------------------------------------------------------


def _slugs(output: str) -> list[str]:
    lines = output.strip().split("\n")
    assert lines[0].split() == list(COLUMNS)
    return [line.split()[0] for line in lines[1:-1]]


def test_list_shows_every_case_with_its_key_fields(root: Path, catalog: Catalog) -> None:
    result = invoke(["list"], root)
    assert result.exit_code == 0, result.output
    assert _slugs(result.output) == [case.slug for case in catalog.cases]
    assert result.output.strip().endswith(f"{len(catalog)} cases.")
    case = catalog.cases[0]
    row = next(line for line in result.output.split("\n") if line.startswith(case.slug + " "))
    assert f"  {case.placement.text}  " in row
    assert row.rstrip().endswith(", ".join(case.themes))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--tema", "sundhed"], lambda c: c.with_theme("sundhed")),
        (["--tema", "5"], lambda c: c.with_theme("sundhed")),
        (["--trin", "1"], lambda c: c.on_step(1)),
        (["--kommune", "randers"], lambda c: c.in_municipality("Randers")),
        (["--kilde", "raadet-2004"], lambda c: c.citing("raadet-2004")),
        (
            ["--tema", "sundhed", "--trin", "1"],
            lambda c: tuple(x for x in c.with_theme("sundhed") if x.placement.on(1)),
        ),
    ],
)
def test_list_filters_like_the_site(
    root: Path, catalog: Catalog, args: list[str], expected: object
) -> None:
    wanted = [case.slug for case in expected(catalog)]  # type: ignore[operator]
    assert wanted, "the filter should match some cases"
    result = invoke(["list", *args], root)
    assert result.exit_code == 0, result.output
    assert _slugs(result.output) == wanted
    assert f"{len(wanted)} af {len(catalog)} cases" in result.output


def test_list_explains_an_unknown_filter(root: Path) -> None:
    result = invoke(["list", "--tema", "sundhet"], root)
    assert result.exit_code == 2
    assert "Fejl: Ukendt tema: «sundhet». Mente du «sundhed»?" in result.output


# --- help ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["check"], ["new"], ["list"], ["export"], ["copycheck"]])
def test_help_is_danish(root: Path, command: list[str]) -> None:
    result = invoke([*command, "--help"], root)
    assert result.exit_code == 0
    assert result.output.startswith("Brug: ")
    assert "Tilvalg:" in result.output
    assert "Vis denne hjælp og afslut." in result.output
    for english in ("Usage:", "Options:", "Show this message", "Commands:"):
        assert english not in result.output


# --- CONTRIBUTING.md ----------------------------------------------------------------------------


def test_contributing_example_passes_check(root: Path, tmp_path: Path) -> None:
    """The complete example in the guide is a valid case, so the guide cannot drift."""
    text = (root / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = text.split("```markdown\n", 1)[1].split("\n```\n", 1)[0] + "\n"
    slug = re.search(r"^slug: (\S+)$", example, re.MULTILINE).group(1)  # type: ignore[union-attr]
    target = tmp_path / f"{slug}.md"
    target.write_text(example, encoding="utf-8")
    assert check_files(ProjectPaths(root), [target]) == []


def test_contributing_explains_every_field_and_command(root: Path) -> None:
    text = (root / "CONTRIBUTING.md").read_text(encoding="utf-8")
    schema = json.loads((root / "data" / "case.schema.json").read_text(encoding="utf-8"))
    table = {m for m in re.findall(r"^\| `([a-z_]+)` \|", text, re.MULTILINE)}
    assert table == set(schema["properties"])
    for command in ("make new", "make check", "make list", "make serve", "make pre-commit"):
        assert command in text, command
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    for target in ("new", "list", "check", "serve", "copycheck", "pre-commit"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
