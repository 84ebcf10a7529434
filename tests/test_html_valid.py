"""Valid HTML gate: every generated page passes html-validate (pinned in package-lock.json).

Two passes over the real build, each one html-validate process for all pages:

1. Whole pages against ``.htmlvalidate.json``: ``html-validate:recommended`` with the few rules
   switched off that Material's own templates break (``MATERIAL_RULES``, each with the reason)
   and a few relaxed everywhere (``EVERYWHERE_RULES``, each with the reason).
2. Our own content (each page's ``<article>``: Markdown, generated pages, macros, our widgets),
   wrapped in a minimal document, against ``recommended`` with only ``EVERYWHERE_RULES``
   relaxed, so an exception made for Material never hides a fault of ours.

Each pass also validates a canary page with known faults, so a validator that silently checks
nothing fails the test. No id may occur twice on a page (checked here too, with a plain parser).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from site_pages import ROOT, html_pages, node_tool

CONFIG = ROOT / ".htmlvalidate.json"

# Rules relaxed for whole pages only, because Material's templates (not our content) break them.
MATERIAL_RULES = {
    "attribute-allowed-values": 'Material writes tabindex="" on section labels in the sidebar.',
    "doctype-style": "Material writes <!doctype html> in lower case, which HTML allows.",
    "unique-landmark": "Material nests unnamed <nav> elements in the sidebar navigation.",
    "valid-autocomplete": 'Material puts autocomplete="off" on its drawer and search toggles.',
}
# Relaxed for whole pages and for our content alike, each for the reason given.
EVERYWHERE_RULES = {
    "long-title": "Titles are the sources' own names of practices plus « - Praksisatlas»; a "
    "descriptive title (WCAG 2.4.2) matters more than a search engine's 70-character snippet.",
    "no-trailing-whitespace": "Material's Jinja templates (inside <article> too) leave "
    "indentation on empty lines; whitespace is not a matter of validity.",
    "valid-id": "HTML allows any id without spaces (the relaxed mode still forbids empty ids and "
    "spaces). Material's ids start with «__», heading ids such as «-82-som-indgang…» (from "
    "«§ 82 som indgang …») or «5-veje-…» with a sign or a digit.",
    "void-style": "Python-Markdown writes <br />, Material's templates <br>; both are valid.",
    "wcag/h32": "Material's search and the explorer's filters act as you type or tick, with no "
    "submit button; they change the results on the page, not the context (WCAG 3.2.2).",
}

# Single findings accepted on purpose, everywhere: (rule, message pattern) → reason.
ACCEPTED = {
    ("no-redundant-role", r'^Redundant role "\w+" on <(table|thead|tbody|tr|th|td)>$'): (
        "The matrix reflows on phones by changing its cells' CSS display, and browsers then drop "
        "the table semantics; explicit table roles keep them (a documented ARIA workaround)."
    ),
}

CANARY = """<!DOCTYPE html>
<html lang="da">
<head><meta charset="utf-8"><title>Kanariefugl</title></head>
<body><main><article>
<h1 id="samme">En</h1><p id="samme">To sider med samme id og <b>et ukendt <blink>element</blink></p>
</article></main></body>
</html>
"""

WRAPPER = """<!DOCTYPE html>
<html lang="da">
<head><meta charset="utf-8"><title>Indhold</title></head>
<body><main>
{article}
</main></body>
</html>
"""


def run_html_validate(config: Path, report: Path, *targets: Path) -> list[dict]:
    """Messages per file (only files with messages), from one html-validate process.

    The report goes to a file: Node may exit before a large report piped to stdout is flushed.
    """
    result = subprocess.run(
        [
            str(node_tool("html-validate")),
            "--config",
            str(config),
            "--ext",
            "html",
            "--formatter",
            f"json={report}",
            *map(str, targets),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return json.loads(report.read_text(encoding="utf-8") or "[]")


def accepted(message: dict) -> bool:
    return any(
        message["ruleId"] == rule and re.search(pattern, message["message"])
        for rule, pattern in ACCEPTED
    )


def failures(report: list[dict], base: Path, canary: Path) -> tuple[list[str], set[str]]:
    """Readable failures outside the canary, and the rule ids the canary triggered."""
    lines, canary_rules = [], set()
    for entry in report:
        path = Path(entry["filePath"]).resolve()
        if path == canary.resolve():
            canary_rules |= {m["ruleId"] for m in entry["messages"]}
            continue
        name = path.relative_to(base.resolve()).as_posix()
        for m in entry["messages"]:
            if accepted(m):
                continue
            where = m.get("selector") or f"linje {m['line']}"
            lines.append(f"{name}: {m['ruleId']}: {m['message']} ({where})")
    return lines, canary_rules


def article_of(html: str) -> str:
    """The page's content column, as MkDocs and Material put it into <article>."""
    start = html.find("<article")
    end = html.rfind("</article>")
    assert start != -1 and end != -1, "page has no <article>"
    return html[start : end + len("</article>")]


def test_config_documents_every_relaxed_rule() -> None:
    config = json.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["extends"] == ["html-validate:recommended"]
    assert set(config["rules"]) == set(MATERIAL_RULES) | set(EVERYWHERE_RULES)


def test_whole_pages_are_valid(site: Path, tmp_path: Path) -> None:
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    report = run_html_validate(CONFIG, tmp_path / "report.json", site, canary)
    lines, canary_rules = failures(report, site, canary)
    assert {"no-dup-id", "close-order", "deprecated"} <= canary_rules, canary_rules
    assert not lines, f"{len(lines)} HTML-fejl:\n" + "\n".join(lines[:200])


def test_our_content_is_valid_without_material_exceptions(site: Path, tmp_path: Path) -> None:
    config = json.loads(CONFIG.read_text(encoding="utf-8"))
    strict = {
        "root": True,
        "extends": config["extends"],
        "rules": {k: v for k, v in config["rules"].items() if k in EVERYWHERE_RULES},
    }
    strict_config = tmp_path / "content.htmlvalidate.json"
    strict_config.write_text(json.dumps(strict), encoding="utf-8")
    content = tmp_path / "content"
    pages = html_pages(site)
    for page in pages:
        target = content / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        html = page.read_text(encoding="utf-8")
        target.write_text(WRAPPER.format(article=article_of(html)), encoding="utf-8")
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    report = run_html_validate(strict_config, tmp_path / "report.json", content, canary)
    lines, canary_rules = failures(report, content, canary)
    assert {"no-dup-id", "close-order", "deprecated"} <= canary_rules, canary_rules
    assert not lines, f"{len(lines)} HTML-fejl i sidernes indhold:\n" + "\n".join(lines[:200])


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value or "" for name, value in attrs if name == "id"]


def test_no_duplicate_ids(site: Path) -> None:
    problems = []
    for page in html_pages(site):
        parser = _Ids()
        parser.feed(page.read_text(encoding="utf-8"))
        doubles = sorted(i for i, n in Counter(parser.ids).items() if n > 1)
        if doubles:
            problems.append(f"{page.relative_to(site).as_posix()}: {', '.join(doubles)}")
    assert not problems, "Samme id flere gange på en side:\n" + "\n".join(problems)
