"""Hand-written pages: every nav page exists and none is a placeholder."""

from __future__ import annotations

from pathlib import Path

import yaml


def _nav_files(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [f for item in node for f in _nav_files(item)]
    if isinstance(node, dict):
        return [f for value in node.values() for f in _nav_files(value)]
    return []


def test_no_placeholder_pages(root: Path) -> None:
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for name in _nav_files(config["nav"]):
        text = (root / "docs" / name).read_text(encoding="utf-8")
        assert "UNDER UDARBEJDELSE" not in text, f"docs/{name} is still a placeholder"
