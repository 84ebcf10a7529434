"""The pull-request pipeline around the checker: GitHub workflow and issue forms (validated
offline against the schemas check-jsonschema ships), the «Foreslå en rettelse» links on every
case page, the pre-commit hook (run for real in a throwaway git repository) and the VS Code
wiring (its task run and its problem matcher applied to the real output)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from praksisatlas import Catalog
from praksisatlas.render.corrections import CASE_FIELD, ISSUE_FORM

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
FORMS = GITHUB / "ISSUE_TEMPLATE"
WORKFLOW = GITHUB / "workflows" / "tjek-og-byg.yml"
INVALID = ROOT / "tests" / "fixtures" / "invalid"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def jsonc(path: Path) -> dict:
    """VS Code's JSON with whole-line // comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return json.loads("\n".join(line for line in lines if not line.strip().startswith("//")))


def atlas_repo() -> str:
    """The configured repository (mkdocs.yml, with its !ENV default), as MkDocs reads it."""
    from mkdocs.config import load_config

    env = {key: value for key, value in os.environ.items() if key != "PRAKSISATLAS_REPO"}
    saved = os.environ.copy()
    os.environ.clear()
    os.environ.update(env)
    try:
        return str(load_config(str(ROOT / "mkdocs.yml")).extra["atlas_repo"])
    finally:
        os.environ.clear()
        os.environ.update(saved)


def check_output(*files: Path) -> list[str]:
    """Real ``check`` output (stderr lines) for the given files, run from the repository."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    result = subprocess.run(
        [sys.executable, "-m", "praksisatlas", "check", *map(str, files)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    return result.stderr.splitlines()


# --- schemas ------------------------------------------------------------------------------------


def schema_check(schema: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with a schema it ships (GitHub's own, via SchemaStore): no network."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", sorted((GITHUB / "workflows").glob("*.yml"))),
        ("vendor.github-issue-forms", [p for p in FORMS.glob("*.yml") if p.name != "config.yml"]),
        ("vendor.github-issue-config", [FORMS / "config.yml"]),
    ],
)
def test_github_files_validate_against_githubs_schemas(schema: str, files: list[Path]) -> None:
    assert files
    result = schema_check(schema, files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The schema check above can fail: a job without runs-on is rejected."""
    broken = load(WORKFLOW)
    del broken["jobs"]["check-test-build"]["runs-on"]
    target = tmp_path / "broken.yml"
    target.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    assert schema_check("vendor.github-workflows", [target]).returncode == 1


# --- the workflow -------------------------------------------------------------------------------


def test_workflow_checks_tests_and_builds_every_pull_request() -> None:
    workflow = load(WORKFLOW)
    triggers = workflow[True]  # YAML 1.1 reads the key «on» as true
    assert "pull_request" in triggers
    job = workflow["jobs"]["check-test-build"]
    assert job["container"].startswith("python:3.11-") and "bookworm" in job["container"]
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    for command in ("apt-get install", "chromium", "make check", "bash .ci/run", "make build"):
        assert command in runs, command
    assert workflow["permissions"] == {"contents": "read"}
    if (ROOT / "package.json").is_file():  # the Node quality gates need Node >= 20.19
        node = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-node"))
        assert int(str(node["with"]["node-version"]).split(".")[0]) >= 20
    # .ci/run is what runs the tests: it must still end in the README's test command.
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("make test")


def test_problem_matcher_turns_check_output_into_annotations() -> None:
    matcher = json.loads((GITHUB / "praksisatlas-matcher.json").read_text(encoding="utf-8"))
    assert f".github/{'praksisatlas-matcher.json'}" in WORKFLOW.read_text(encoding="utf-8")
    pattern = matcher["problemMatcher"][0]["pattern"][0]
    regexp = re.compile(pattern["regexp"])
    lines = check_output(INVALID / "http-link.md", INVALID / "tema-stavefejl.md")
    hits = [m for m in map(regexp.match, lines) if m]
    found = {(m.group(pattern["file"]), m.group(pattern["line"])) for m in hits}
    assert found == {
        ("tests/fixtures/invalid/http-link.md", "21"),
        ("tests/fixtures/invalid/tema-stavefejl.md", "10"),
    }
    assert any("er ikke https" in m.group(pattern["message"]) for m in hits)
    # Continuation lines («Tilladt: …», «Mente du …?») are not separate annotations.
    assert not any(regexp.match(line) for line in lines if line.startswith("    "))


# --- issue forms, pull-request template, code owners --------------------------------------------


def test_issue_forms_are_the_two_danish_forms() -> None:
    names = {load(path)["name"] for path in FORMS.glob("*.yml") if path.name != "config.yml"}
    assert names == {"Foreslå et praksiseksempel", "Ret en fejl"}
    assert load(FORMS / "config.yml")["blank_issues_enabled"] is False


def test_correction_form_has_the_field_case_pages_fill_in() -> None:
    form = load(FORMS / ISSUE_FORM)
    ids = {item.get("id") for item in form["body"]}
    assert CASE_FIELD in ids
    field = next(item for item in form["body"] if item.get("id") == CASE_FIELD)
    assert field["type"] == "input"


def test_proposal_form_offers_the_atlas_own_themes_and_steps(catalog: Catalog) -> None:
    form = {item.get("id"): item for item in load(FORMS / "foreslaa-praksiseksempel.yml")["body"]}
    themes = form["themes"]["attributes"]["options"]
    assert themes == [f"{t.number} {t.name}" for t in catalog.vocab.themes]
    steps = form["continuum"]["attributes"]["options"]
    assert steps[:5] == [f"{s.step} {s.name}" for s in catalog.vocab.steps]
    required = [item for item in form.values() if item.get("validations", {}).get("required")]
    assert {item["id"] for item in required} >= {"title", "municipality", "summary", "sources"}


def test_every_link_to_the_repository_uses_the_configured_repository() -> None:
    repo = atlas_repo()
    assert repo.startswith("https://github.com/")
    texts = [p.read_text(encoding="utf-8") for p in GITHUB.rglob("*") if p.is_file()]
    texts.append((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    links = [url for text in texts for url in re.findall(r"https://github\.com/[\w./-]+", text)]
    assert links
    for url in links:
        assert url.startswith(repo + "/") or url == repo, url
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^(repo_url|edit_uri):", mkdocs, re.MULTILINE)


def test_pull_request_template_is_the_editors_checklist() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.MULTILINE)
    assert len(items) >= 10
    for topic in ("SKRIV HER", "sources", "copycheck", "personoplysninger", "https://"):
        assert topic.lower() in text.lower(), topic


def test_code_owners_guard_the_allow_list() -> None:
    rules = [
        line.split()
        for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert any(rule[0] == "/data/allowed_contacts.yaml" and len(rule) > 1 for rule in rules)


# --- «Foreslå en rettelse» on every case page ---------------------------------------------------

_LINK_RE = re.compile(r'<a href="([^"]+)" data-correct="(edit|report)">')


def test_every_case_page_links_to_edit_and_report(site: Path, catalog: Catalog) -> None:
    repo = atlas_repo()
    for case in catalog.cases:
        html = (site / "praksis" / case.slug / "index.html").read_text(encoding="utf-8")
        assert 'id="foreslaa-en-rettelse"' in html, case.slug
        links = {kind: url.replace("&amp;", "&") for url, kind in _LINK_RE.findall(html)}
        assert links["edit"] == f"{repo}/edit/main/cases/{case.slug}.md"
        assert (ROOT / "cases" / f"{case.slug}.md").is_file()
        report = urlparse(links["report"])
        assert f"{report.scheme}://{report.netloc}{report.path}" == f"{repo}/issues/new"
        query = parse_qs(report.query)
        assert query["template"] == [ISSUE_FORM]
        assert query[CASE_FIELD] == [case.slug]
        assert query["title"] == [f"Fejl i: {case.title}"]
        assert (FORMS / ISSUE_FORM).is_file()


@pytest.mark.browser
def test_correction_links_are_visible_and_load_nothing(
    page: object, base_url: str, catalog: Catalog
) -> None:
    case = catalog.cases[0]
    page.goto(f"{base_url}/praksis/{case.slug}/")  # type: ignore[attr-defined]
    box = page.locator("aside.atlas-correct")  # type: ignore[attr-defined]
    assert box.locator("h2").inner_text().removesuffix("¶").strip() == "Foreslå en rettelse"
    assert box.locator("a").count() == 2
    assert box.locator('a[data-correct="edit"]').is_visible()
    assert case.title in box.locator('a[data-correct="report"]').inner_text()
    host = urlparse(base_url).netloc
    for url in page.requests_seen:  # type: ignore[attr-defined]
        assert urlparse(url).netloc in {host, ""}, url


# --- pre-commit ---------------------------------------------------------------------------------


def _pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_pre_commit_config_is_valid(tmp_path: Path) -> None:
    result = _pre_commit(
        "validate-config", str(ROOT / ".pre-commit-config.yaml"), cwd=ROOT, home=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hook_checks_the_committed_case(tmp_path: Path) -> None:
    """The hook for real, in a throwaway git repository that borrows .venv and scripts/."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("data", "cases"):
        shutil.copytree(ROOT / name, repo / name)
    for name in (".venv", "scripts"):
        (repo / name).symlink_to(ROOT / name)
    for name in ("mkdocs.yml", ".pre-commit-config.yaml"):
        shutil.copy(ROOT / name, repo / name)
    shutil.copy(INVALID / "telefonnummer.md", repo / "cases" / "telefonnummer.md")
    git = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True, env=git)
    subprocess.run(["git", "add", "cases", "data"], cwd=repo, check=True, env=git)
    home = tmp_path / "pre-commit-home"
    bad = _pre_commit(
        "run", "praksisatlas-check", "--files", "cases/telefonnummer.md", cwd=repo, home=home
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "cases/telefonnummer.md:21" in bad.stdout
    assert "ligner et telefonnummer" in bad.stdout
    good = _pre_commit(
        "run", "praksisatlas-check", "--files", "cases/horsens-rem.md", cwd=repo, home=home
    )
    assert good.returncode == 0, good.stdout + good.stderr
    template = _pre_commit(
        "run", "praksisatlas-check", "--files", "cases/_skabelon.md", cwd=repo, home=home
    )
    assert "(no files to check)" in template.stdout  # templates are not cases


# --- VS Code ------------------------------------------------------------------------------------


def test_vscode_maps_the_case_schema_to_case_files() -> None:
    settings = jsonc(ROOT / ".vscode" / "settings.json")
    globs = settings["yaml.schemas"]["./data/case.schema.json"]
    assert any(fnmatch("cases/horsens-rem.md", glob) for glob in globs)
    assert json.loads((ROOT / "data" / "case.schema.json").read_text(encoding="utf-8"))["type"]
    recommended = jsonc(ROOT / ".vscode" / "extensions.json")["recommendations"]
    assert "redhat.vscode-yaml" in recommended


def test_vscode_check_task_runs_and_its_matcher_finds_the_lines() -> None:
    tasks = jsonc(ROOT / ".vscode" / "tasks.json")["tasks"]
    task = next(t for t in tasks if t.get("group", {}) == {"kind": "build", "isDefault": True})
    bad = INVALID / "ukendt-kommune.md"

    def expand(value: str) -> str:
        return value.replace("${workspaceFolder}", str(ROOT)).replace("${file}", str(bad))

    env = {**os.environ, **{k: expand(v) for k, v in task["options"]["env"].items()}}
    result = subprocess.run(
        [expand(task["command"]), *map(expand, task["args"])],
        cwd=expand(task["options"]["cwd"]),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    pattern = task["problemMatcher"]["pattern"]
    hits = [m for m in map(re.compile(pattern["regexp"]).match, result.stderr.splitlines()) if m]
    assert [(m.group(pattern["file"]), m.group(pattern["line"])) for m in hits] == [
        ("tests/fixtures/invalid/ukendt-kommune.md", "7")
    ]
    assert task["problemMatcher"]["fileLocation"] == ["relative", "${workspaceFolder}"]


# --- publishing: deploy from main, a preview per pull request (issue 18) ------------------------

DEPLOY = GITHUB / "workflows" / "udgiv.yml"
PREVIEW = GITHUB / "workflows" / "forhaandsvisning.yml"
PINNED = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}")


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_every_action_is_pinned_by_commit_sha() -> None:
    """A tag can be moved to other code; a commit SHA cannot. The comment says the version."""
    for path in sorted((GITHUB / "workflows").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        for step in _steps(load(path)):
            if "uses" in step:
                assert PINNED.fullmatch(step["uses"]), f"{path.name}: {step['uses']}"
                line = next(line for line in text.splitlines() if step["uses"] in line)
                assert re.search(r"#\s*v\d+\.\d+\.\d+", line), f"{path.name}: version comment"


def test_workflows_grant_least_permissions() -> None:
    """No workflow-wide write access: each job names what it needs; only deploying jobs write."""
    for path in (DEPLOY, PREVIEW):
        workflow = load(path)
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            permissions = job["permissions"]
            uses = " ".join(step.get("uses", "") for step in job["steps"])
            deploys = "pages-deploy-action" in uses or "pr-preview-action" in uses
            writes = {key for key, value in permissions.items() if value == "write"}
            if deploys:
                assert "contents" in writes, (path.name, name)
                assert writes <= {"contents", "pull-requests"}, (path.name, name)
            else:
                assert not writes, (path.name, name)


def test_deploy_publishes_make_build_from_main_and_keeps_the_previews() -> None:
    workflow = load(DEPLOY)
    triggers = workflow[True]
    assert triggers["push"] == {"branches": ["main"]} and "pull_request" not in triggers
    build = workflow["jobs"]["build"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "make build" in runs  # the same build as the developers' `make build`
    assert "mkdocs" not in runs
    upload = next(s for s in build["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site/"
    deploy = next(s for s in _steps(workflow) if "pages-deploy-action" in s.get("uses", ""))
    assert deploy["with"]["folder"] == "site" and deploy["with"]["branch"] == "gh-pages"
    assert deploy["with"]["clean-exclude"].rstrip("/") == "pr-preview"
    assert deploy["with"]["force"] is False  # never force-push over the previews
    assert workflow["concurrency"]["cancel-in-progress"] is False
    env = build["env"]
    for key in ("PRAKSISATLAS_SITE_URL", "PRAKSISATLAS_PRODUCTION_URL", "PRAKSISATLAS_REPO"):
        assert key in env, key
    assert "vars.PRAKSISATLAS_SITE_URL" in env["PRAKSISATLAS_SITE_URL"]  # a setting, not code


def test_preview_builds_every_pull_request_and_deploys_only_its_own_branches() -> None:
    workflow = load(PREVIEW)
    triggers = workflow[True]
    assert set(triggers) == {"pull_request"}  # never pull_request_target with fork code
    assert set(triggers["pull_request"]["types"]) >= {"opened", "synchronize", "closed"}
    jobs = workflow["jobs"]
    build, deploy, remove = jobs["build"], jobs["deploy"], jobs["remove"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "make build" in runs and "pr-preview/pr-" in runs
    assert build["env"]["PRAKSISATLAS_PREVIEW"] == "true"  # noindex, canonical to production
    own_branch = "github.event.pull_request.head.repo.full_name == github.repository"
    assert own_branch in deploy["if"] and own_branch in remove["if"]
    assert "closed" in remove["if"] and "!= 'closed'" in deploy["if"]
    for job in (deploy, remove):
        action = next(s for s in job["steps"] if "pr-preview-action" in s.get("uses", ""))
        assert action["with"]["qr-code"] == "false"  # its default loads an image from another host
        assert action["with"]["umbrella-dir"] == "pr-preview"
        assert action["with"]["preview-branch"] == "gh-pages"
    summary = next(s for s in build["steps"] if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert "FROM_FORK" in summary["if"]
    assert re.findall(r"^\s+[123]\. ", summary["run"], re.MULTILINE)  # the three steps, in Danish
    assert "forhaandsvisning" in summary["run"] and "http.server" in summary["run"]


def test_preview_build_is_marked_noindex_with_canonical_links_to_production(
    tmp_path: Path,
) -> None:
    """A real build with the preview's settings: noindex everywhere, canonical to production,
    robots.txt closed, and links inside the preview under its own path."""
    from conftest import run_build

    preview = "https://eksempel.github.io/praksisatlas/pr-preview/pr-7/"
    production = "https://eksempel.github.io/praksisatlas/"
    site = tmp_path / "site"
    settings = {
        "PRAKSISATLAS_SITE_URL": preview,
        "PRAKSISATLAS_PRODUCTION_URL": production,
        "PRAKSISATLAS_PREVIEW": "true",
    }
    result = run_build(ROOT, site, settings)
    assert result.returncode == 0, result.stderr
    case_page = next((site / "praksis").glob("*/index.html"))
    html = case_page.read_text(encoding="utf-8")
    slug = case_page.parent.name
    assert '<meta name="robots" content="noindex">' in html
    assert f'<link rel="canonical" href="{production}praksis/{slug}/">' in html
    assert "Disallow: /" in (site / "robots.txt").read_text(encoding="utf-8")
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="/praksisatlas/pr-preview/pr-7/assets/' in not_found  # Material #755
