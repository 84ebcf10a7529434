"""`make fmt`: one canonical form for a case's front matter, so that hand edits, GitHub's web
editor and tools all give the same file and a diff shows only real changes.

The canonical form (DESIGN.md «Canonical case format»):

- keys in the order of ``data/case.schema.json``'s ``properties`` (``period`` and ``sources`` items
  too), with ``source_gaps`` after ``documentation`` and ``support_function`` after
  ``continuum_uncertain`` when the schema lacks them; keys the table does not know come after
  the known ones, alphabetically;
- a list of short scalars as a flow list ``[a, b]`` when ``key: [a, b]`` fits in 100 columns,
  otherwise a block list; a list of mappings (``sources``) always as a block list;
- ``summary`` and ``continuum_rationale`` always, and any other text too long for its line, as a
  ``>-`` folded block wrapped at 100 columns;
- strings plain, double-quoted only where YAML needs it (a colon and a space, a leading quote,
  ``yes``, a date …), and ``section`` always double-quoted;
- no blank lines in the front matter; the body after the closing ``---`` untouched, byte for byte.

Comments survive: a run of comment lines belongs to the field below it and moves with it; a
comment at the end of a line stays on that field's first line; a comment on a list item that the
canonical form joins into a flow list goes above the field. Formatting never changes meaning: the
YAML parsed before and after must be equal, or the file is left as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

WIDTH = 100
INDENT = 2
FOLDED = frozenset({"summary", "continuum_rationale"})
ALWAYS_QUOTED = frozenset({"section"})
# Keys other branches add; placed here while the schema this branch sees lacks them.
_EXTRA_AFTER = {"documentation": "source_gaps", "continuum_uncertain": "support_function"}
_SCHEMA = Path(__file__).resolve().parents[2] / "data" / "case.schema.json"

Path_ = tuple[str | int, ...]


class FormatError(ValueError):
    """The front matter cannot be formatted (no front matter, invalid YAML, or a round trip that
    would change its meaning)."""


# --- key order -----------------------------------------------------------------------------------


@cache
def key_order(schema_path: Path = _SCHEMA) -> dict[str, tuple[str, ...]]:
    """Key order per mapping: "" for the top level, then one entry per nested object
    (``period``, and ``sources`` for the items of that list)."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    props: dict[str, dict] = schema.get("properties", {})
    top = list(props)
    for after, extra in _EXTRA_AFTER.items():
        if extra not in top and after in top:
            top.insert(top.index(after) + 1, extra)
    orders: dict[str, tuple[str, ...]] = {"": tuple(top)}
    for name, spec in props.items():
        if spec.get("type") == "object" and "properties" in spec:
            orders[name] = tuple(spec["properties"])
        items = spec.get("items")
        if isinstance(items, dict) and items.get("type") == "object" and "properties" in items:
            orders[name] = tuple(items["properties"])
    return orders


def _sorted_keys(mapping: dict, order: tuple[str, ...]) -> list[str]:
    known = [k for k in order if k in mapping]
    rest = sorted((k for k in mapping if k not in order), key=str)
    return known + rest


# --- scalars -------------------------------------------------------------------------------------


def _loads(text: str) -> object:
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):
        return _Unreadable


class _Unreadable:
    pass


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def _plain(value: object) -> str | None:
    """``value`` as a plain scalar if it reads back as exactly the same value, else None."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = repr(value)
    elif isinstance(value, dt.date | dt.datetime):
        text = value.isoformat()
    elif isinstance(value, str):
        if not value or value != value.strip() or any(c in value for c in "\n\r\t"):
            return None
        text = value
    else:
        return None
    return text if _same(_loads(f"k: {text}\n"), {"k": value}) else None


def _flow_item(value: object) -> str | None:
    text = _plain(value)
    if text is None or (isinstance(value, str) and any(c in value for c in ",[]{}#")):
        return None
    return text if _same(_loads(f"k: [{text}]\n"), {"k": [value]}) else None


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _scalar(value: object, key: str | int | None) -> str:
    if isinstance(value, str) and key in ALWAYS_QUOTED:
        return _quoted(value)
    text = _plain(value)
    if text is not None:
        return text
    if isinstance(value, str):
        return _quoted(value)
    raise FormatError(f"Værdien {value!r} kan ikke skrives i standardformen.")


def _foldable(value: object) -> bool:
    return (
        isinstance(value, str)
        and bool(value)
        and value == value.strip()
        and not any(c in value for c in "\n\r\t")
    )


def _fold(text: str, width: int) -> list[str]:
    """Greedy wrap at single spaces between words; a break is read back as one space."""
    words = re.split(r"(?<=\S) (?=\S)", text)
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


# --- emitting ------------------------------------------------------------------------------------


@dataclass
class Comments:
    """Comments of a front matter, attached to the paths of the fields they belong to."""

    leading: dict[Path_, list[str]] = field(default_factory=dict)
    inline: dict[Path_, str] = field(default_factory=dict)
    # indented comments closing a block (the template's «    # pages: …» after an item's keys):
    # they stay at the end of that block
    after: dict[Path_, list[str]] = field(default_factory=dict)
    trailing: list[str] = field(default_factory=list)


@dataclass
class _Line:
    text: str
    path: Path_ | None = None  # the field this line starts, for comments


def _emit(key: str | int, value: object, indent: int, path: Path_, orders: dict) -> list[_Line]:
    pad = " " * indent
    head = f"{pad}{key}:"
    if isinstance(value, dict):
        if not value:
            return [_Line(f"{head} {{}}", path)]
        lines = [_Line(head, path)]
        lines += _emit_mapping(value, indent + INDENT, path, orders)
        return lines
    if isinstance(value, list):
        return _emit_list(head, value, indent, path, orders)
    if isinstance(value, str) and key not in ALWAYS_QUOTED and _foldable(value):
        one = f"{head} {_scalar(value, key)}"
        if key in FOLDED or len(one) > WIDTH:
            inner = " " * (indent + INDENT)
            return [_Line(f"{head} >-", path)] + [
                _Line(inner + line) for line in _fold(value, WIDTH - len(inner))
            ]
        return [_Line(one, path)]
    return [_Line(f"{head} {_scalar(value, key)}", path)]


def _emit_list(head: str, items: list, indent: int, path: Path_, orders: dict) -> list[_Line]:
    if not items:
        return [_Line(f"{head} []", path)]
    if not any(isinstance(i, dict | list) for i in items):
        flow = [_flow_item(i) or (_quoted(i) if isinstance(i, str) else None) for i in items]
        if all(f is not None for f in flow):
            line = f"{head} [{', '.join(flow)}]"  # type: ignore[arg-type]
            if len(line) <= WIDTH:
                return [_Line(line, path)]
    lines = [_Line(head, path)]
    pad = " " * (indent + INDENT)
    key = path[-1]
    for index, item in enumerate(items):
        item_path = (*path, index)
        if isinstance(item, dict) and item:
            inner = _emit_mapping(item, indent + 2 * INDENT, item_path, orders, list_key=key)
            first = inner[0]
            first.text = f"{pad}- {first.text.lstrip()}"
            lines += inner
        elif isinstance(item, list | dict):
            raise FormatError("Lister i lister kan ikke skrives i standardformen.")
        else:
            lines.append(_Line(f"{pad}- {_scalar(item, key)}", item_path))
    return lines


def _emit_mapping(
    mapping: dict, indent: int, path: Path_, orders: dict, list_key: str | int | None = None
) -> list[_Line]:
    name = str(list_key if list_key is not None else (path[-1] if path else ""))
    order = orders.get(name, ()) if path else orders[""]
    lines: list[_Line] = []
    for key in _sorted_keys(mapping, order):
        lines += _emit(key, mapping[key], indent, (*path, str(key)), orders)
    return lines


def _place_comments(lines: list[_Line], comments: Comments) -> list[str]:
    known = {line.path for line in lines if line.path is not None}
    leading: dict[Path_, list[str]] = {}
    inline: dict[Path_, str] = {}
    trailing = list(comments.trailing)
    for path, block in comments.leading.items():
        target = _nearest(path, known)
        if target is None:
            trailing[:0] = block
        else:
            leading.setdefault(target, []).extend(block)
    for path, text in comments.inline.items():
        target = _nearest(path, known)
        if target == path:
            inline[path] = text
        elif target is not None:  # a list item joined into a flow list: above the field
            leading.setdefault(target, []).append(" " * _indent_of(lines, target) + text)
        else:
            trailing.append(text)
    prefixes = {p[:n] for p in known for n in range(1, len(p) + 1)}
    after: dict[Path_, list[str]] = {}
    for path, block in comments.after.items():
        target = path
        while target and target not in prefixes:
            target = target[:-1]
        if target:
            after.setdefault(target, []).extend(block)
        else:
            trailing[:0] = block
    out: list[str] = []
    open_: list[Path_] = []  # blocks with closing comments that we are inside
    for line in lines:
        if line.path is not None:
            while open_ and line.path[: len(open_[-1])] != open_[-1]:
                out += after[open_.pop()]
            for n in range(1, len(line.path) + 1):
                if line.path[:n] in after and line.path[:n] not in open_:
                    open_.append(line.path[:n])
            out += leading.get(line.path, [])
            if line.path in inline:
                out.append(f"{line.text}  {inline[line.path]}")
                continue
        out.append(line.text)
    while open_:
        out += after[open_.pop()]
    return out + trailing


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indent_of(lines: list[_Line], path: Path_) -> int:
    for line in lines:
        if line.path == path:
            return len(line.text) - len(line.text.lstrip())
    return 0


def _nearest(path: Path_, known: set[Path_]) -> Path_ | None:
    while path:
        if path in known:
            return path
        path = path[:-1]
    return None


# --- reading comments ----------------------------------------------------------------------------

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s#:\"'\[\]{},][^:#]*?):(?:\s|$)")
_ITEM_LINE = re.compile(r"^(?P<indent> *)- +")
_BLOCK_START = re.compile(r"(?::|^ *-)\s+[|>][-+0-9]*$")


def _inline_comment(line: str) -> str | None:
    """The ``# …`` at the end of a YAML line, outside quotes; None if there is none."""
    quote: str | None = None
    i = 0
    while i < len(line):
        c = line[i]
        if quote == '"':
            if c == "\\":
                i += 2
                continue
            if c == '"':
                quote = None
        elif quote == "'":
            if c == "'":
                quote = None
        elif c in "\"'" and (i == 0 or line[i - 1] in " \t[{,:-"):
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[i:].rstrip()
        i += 1
    return None


def read_comments(front: str) -> Comments:
    """Attach each comment of the front matter to the path of the field it belongs to."""
    comments = Comments()
    pending: list[str] = []
    last: Path_ | None = None
    top: str | None = None
    nested: list[tuple[int, str | int]] = []  # (indent, key) below the top-level key
    item_index: dict[Path_, int] = {}
    block_indent: int | None = None  # inside a block scalar started at this key indent
    for raw in front.split("\n"):
        line = raw.rstrip()
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            pending.append(line)
            continue
        path: Path_ | None = None
        match = _KEY_LINE.match(line)
        item = _ITEM_LINE.match(line)
        if indent == 0 and match and not match.group("dash"):
            top = match.group("key").strip()
            nested = []
            path = (top,)
        elif top is not None:
            while nested and nested[-1][0] >= indent:
                nested.pop()
            base: Path_ = (top, *(k for _, k in nested))
            if item:
                parent = base
                item_index[parent] = item_index.get(parent, -1) + 1
                index = item_index[parent]
                nested.append((indent, index))
                if match and match.group("dash"):
                    key_indent = len(item.group(0))
                    nested.append((key_indent, match.group("key").strip()))
                    path = (*parent, index, match.group("key").strip())
                else:
                    path = (*parent, index)
            elif match:
                nested.append((indent, match.group("key").strip()))
                path = (*base, match.group("key").strip())
        if path is None:
            continue  # a continuation line of a flow collection or a plain scalar
        if pending:
            closing = [c for c in pending if _indent(c) > indent and last is not None]
            if closing and last is not None:
                owner = last[:-1] if len(last) > 1 else last
                comments.after.setdefault(owner, []).extend(closing)
            rest = [c for c in pending if c not in closing]
            if rest:
                comments.leading.setdefault(path, []).extend(rest)
            pending = []
        last = path
        comment = _inline_comment(line[len(match.group(0)) if match else len(item.group(0)) :])  # type: ignore[union-attr]
        if comment:
            comments.inline[path] = comment
            line = line[: len(line) - len(comment)].rstrip()
        if _BLOCK_START.search(line):
            dashed = match is not None and match.group("dash")
            block_indent = len(item.group(0)) if dashed and item else indent
    comments.trailing = pending
    return comments


# --- files ---------------------------------------------------------------------------------------

_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)


def split(text: str) -> tuple[str, str, str]:
    """(before, front matter, rest): ``before`` is the opening ``---`` line (with a BOM if any),
    ``rest`` starts with the closing ``---`` line and is never changed."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    first = _FENCE.match(body)
    if not first:
        raise FormatError("Filen begynder ikke med front matter (en linje med ---).")
    start = first.end() + 1
    close = _FENCE.search(body, start)
    if not close:
        raise FormatError("Front matter slutter ikke (ingen linje med --- efter felterne).")
    return bom + body[:start], body[start : close.start()], body[close.start() :]


def format_front(front: str, orders: dict | None = None) -> str:
    """The canonical text of a front matter (without the --- lines), ending in a newline."""
    orders = orders or key_order()
    try:
        data = yaml.safe_load(front)
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        raise FormatError(f"Front matter er ikke gyldig YAML: {error}") from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FormatError("Front matter skal være felter af formen «navn: værdi».")
    lines = _emit_mapping(data, 0, (), orders)
    out = "\n".join(_place_comments(lines, read_comments(front))) + "\n"
    if out.strip() == "":
        out = ""
    again = yaml.safe_load(out) if out else None
    if (again or {}) != data:
        raise FormatError("Standardformen ville ændre betydningen; filen er ikke ændret.")
    return out


def format_text(text: str, orders: dict | None = None) -> str:
    before, front, rest = split(text)
    newline = "\r\n" if "\r\n" in before else "\n"
    formatted = format_front(front.replace("\r\n", "\n"), orders)
    return before + formatted.replace("\n", newline) + rest


def is_canonical(text: str) -> bool:
    try:
        return format_text(text) == text
    except (FormatError, yaml.YAMLError, RecursionError):
        return True  # `make check` reports broken front matter on its own


def format_file(path: Path) -> bool:
    """Rewrite ``path`` in the canonical form; True if it changed."""
    text = path.read_text(encoding="utf-8")
    new = format_text(text)
    if new == text:
        return False
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(new)
    return True
