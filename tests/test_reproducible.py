"""Reproducible build: a second build of the same tree is byte-identical to the session's build.

The second build runs in another time zone (UTC+14, so «today» is a different date than in UTC
for most of the day) and with another hash seed (so set and dict orders built from strings
change), which flushes out any use of the local clock or of unordered iteration. Dates come from
git (page history, the feed) and ``SOURCE_DATE_EPOCH`` (MkDocs' sitemap); the Makefile sets it
to the last commit's time for ``make build``, ``make serve`` and ``make test``.
"""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from site_pages import ROOT

# Files allowed to differ between two builds of one tree, with the reason. Empty: every byte is
# reproducible. Only without SOURCE_DATE_EPOCH (pytest run by hand, not through `make test`)
# does MkDocs date the sitemap from the clock; see ``clock_dated``.
EXCEPTIONS: dict[str, str] = {}
CLOCK_DATED = {
    "sitemap.xml": "MkDocs' <lastmod> is the build date unless SOURCE_DATE_EPOCH is set.",
    "sitemap.xml.gz": "the gzip header holds the build time unless SOURCE_DATE_EPOCH is set.",
}


def clock_dated() -> dict[str, str]:
    """Files dated by the clock in this run: none when the Makefile set SOURCE_DATE_EPOCH."""
    return {} if os.environ.get("SOURCE_DATE_EPOCH") else CLOCK_DATED


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths that differ in content or exist on one side only."""
    found = []
    compare = filecmp.dircmp(left, right, ignore=[])
    stack = [(compare, "")]
    while stack:
        node, prefix = stack.pop()
        found += [f"{prefix}{name} (kun i den ene)" for name in node.left_only + node.right_only]
        found += [f"{prefix}{name} (kan ikke sammenlignes)" for name in node.funny_files]
        for name in node.common_files:
            if (Path(node.left) / name).read_bytes() != (Path(node.right) / name).read_bytes():
                found.append(f"{prefix}{name}")
        stack += [(sub, f"{prefix}{name}/") for name, sub in node.subdirs.items()]
    return sorted(found)


def test_second_build_is_byte_identical(site: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "TZ": "Etc/GMT-14",
        "PYTHONHASHSEED": "2026",
    }
    again = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(again)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    allowed = EXCEPTIONS | clock_dated()
    differing = [path for path in differences(site, again) if path not in allowed]
    assert not differing, "To builds af samme træ er forskellige:\n" + "\n".join(differing)


def test_sitemap_is_dated_by_source_date_epoch(site: Path) -> None:
    """With SOURCE_DATE_EPOCH (as `make test` sets it) the sitemap carries that date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text()))
    assert dates, "the sitemap has no dates"
    if epoch:
        assert dates == {datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%d")}
    else:
        assert len(dates) == 1


def test_comparison_sees_a_changed_byte(tmp_path: Path) -> None:
    left, right = tmp_path / "a", tmp_path / "b"
    for side, text in ((left, "en"), (right, "to")):
        (side / "x").mkdir(parents=True)
        (side / "x" / "index.html").write_text(text, encoding="utf-8")
        (side / "same.txt").write_text("samme", encoding="utf-8")
    (right / "extra.txt").write_text("", encoding="utf-8")
    assert differences(left, right) == ["extra.txt (kun i den ene)", "x/index.html"]
