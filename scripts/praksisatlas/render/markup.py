"""Small, safe building blocks for generated Markdown: escaping, links, dates, sorting."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def esc(text: str) -> str:
    """Escape for HTML text and attribute values."""
    return html.escape(text, quote=True)


def md_text(text: str) -> str:
    """Escape text placed inside Markdown (titles in link text, list items)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def link(text: str, target: str) -> str:
    """A Markdown link whose text is escaped; ``target`` is a relative .md path."""
    return f"[{md_text(text)}]({target})"


def danish_date(iso: str) -> str:
    """«2026-11-23» → «23. november 2026»."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day}. {_MONTHS[day.month - 1]} {day.year}"


def front_matter(**fields: object) -> str:
    """A YAML front-matter block; values are JSON-quoted, which is valid YAML for any text."""
    lines = ["---"]
    for key, value in fields.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
