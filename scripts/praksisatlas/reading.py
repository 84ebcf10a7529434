"""Step 1 of the pipeline: read ``cases/*.md`` into raw records with line numbers.

Reading never raises on bad input: a file that cannot be decoded or parsed yields problems, so
the validator can report every file in one run. YAML is composed by hand (not only loaded) so
that every field and list item keeps the line it was written on, and so duplicate keys, which
PyYAML would silently collapse, are caught.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from praksisatlas.problems import Problem, display_path

LinePath = tuple[str | int, ...]


@dataclass(frozen=True)
class CaseFile:
    """One case file as read: front matter (unvalidated), body and where everything stands."""

    path: Path
    display: str
    meta: dict[str, Any]
    body: str
    body_line: int
    lines: dict[LinePath, int] = field(default_factory=dict)

    @property
    def file_slug(self) -> str:
        return self.path.stem

    def line_of(self, *path: str | int) -> int:
        """The line of a field or list item, falling back to its nearest parent, then line 1."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


_HANDLER = frontmatter.YAMLHandler()
# libyaml's C loader when PyYAML was built with it (the pinned wheel is): the same YAML 1.1
# semantics and node marks, several times faster, which editors feel in `make check`.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                display,
                line,
                "",
                f"Filen er ikke gyldig UTF-8 (byte 0x{raw[error.start]:02x}). "
                "Gem filen som UTF-8 i din editor.",
            )
        ]
    return text.removeprefix("\ufeff"), []


def _line_map(node: yaml.Node, prefix: LinePath, out: dict[LinePath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = (*prefix, str(key_node.value))
            out[path] = key_node.start_mark.line + 1
            _line_map(value_node, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = (*prefix, index)
            out[path] = item.start_mark.line + 1
            _line_map(item, path, out)


def _duplicate_keys(node: yaml.Node, prefix: str, offset: int) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            name = f"{prefix}{key_node.value}"
            if key_node.value in seen:
                found.append((name, key_node.start_mark.line + 1 + offset))
            seen.add(key_node.value)
            found += _duplicate_keys(value_node, f"{name}.", offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found += _duplicate_keys(item, f"{prefix[:-1]}[{index + 1}].", offset)
    return found


def _alias_line(node: yaml.Node) -> int:
    """The line of a node reached twice, i.e. through an alias (*a), or 0.

    A case never needs aliases, and they can make a cycle (``&a [*a]``) that no walk ends, or
    expand a few lines into millions of values. The walk is iterative for the same reason.
    """
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            return current.start_mark.line + 1
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            stack += [part for pair in current.value for part in pair]
        elif isinstance(current, yaml.SequenceNode):
            stack += current.value
    return 0


_MAX_DEPTH = 50  # a case needs 3 levels; the walkers below are recursive


def _depth(root: yaml.Node) -> int:
    """Nesting depth, computed without recursion (libyaml composes any depth)."""
    deepest, stack, seen = 0, [(root, 1)], set()
    while stack:
        node, level = stack.pop()
        if id(node) in seen:  # shared through an alias: one visit, or an alias bomb explodes
            continue
        seen.add(id(node))
        deepest = max(deepest, level)
        if level > _MAX_DEPTH:
            break
        if isinstance(node, yaml.MappingNode):
            stack += [(child, level + 1) for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(child, level + 1) for child in node.value]
    return deepest


def _bad_scalar(node: yaml.Node, name: str = "") -> tuple[str, int]:
    """Find the scalar PyYAML cannot construct (an impossible date), for the error's line."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            found = _bad_scalar(value_node, f"{name}.{key_node.value}" if name else key_node.value)
            if found[1]:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found = _bad_scalar(item, f"{name}[{index + 1}]")
            if found[1]:
                return found
    elif isinstance(node, yaml.ScalarNode):
        try:
            yaml.SafeLoader("").construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):
            return name, node.start_mark.line + 1
    return "", 0


def read_case(path: Path, root: Path) -> tuple[CaseFile | None, list[Problem]]:
    """Read one file. Returns the record, or ``None`` with the problems that stopped reading."""
    display = display_path(path, root)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(display, 0, "", f"Filen kan ikke læses: {error.strerror}.")]
    text, problems = _decode(raw, display)
    if text is None:
        return None, problems
    text = text.replace("\r\n", "\n")
    if not _HANDLER.detect(text):
        return None, [
            Problem(
                display,
                1,
                "",
                "Filen mangler front matter. Den skal begynde med en linje med tre bindestreger "
                "(---), derefter felterne i YAML og så en linje med --- igen.",
            )
        ]
    try:
        front, body = _HANDLER.split(text)
    except ValueError:  # an opening --- without a closing one
        return None, [
            Problem(
                display,
                1,
                "",
                "Front matter slutter ikke. Efter felterne skal der stå en linje med tre "
                "bindestreger (---), før brødteksten begynder.",
            )
        ]
    # ``front`` keeps the newline after the opening ---, so YAML line 0 is file line 1.
    offset = 0
    body_line = text[: len(text) - len(body)].count("\n") + 1
    body_line = min(body_line, max(1, text.count("\n")))  # an empty body: the last line
    try:
        node = yaml.compose(front, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 + offset if mark else 1
        reason = getattr(error, "problem", None) or str(error)
        return None, [
            Problem(
                display,
                line,
                "",
                f"Front matter er ikke gyldig YAML ({reason}). Tjek indrykning, kolon efter "
                "feltnavne og anførselstegn om tekst med kolon.",
            )
        ]
    except RecursionError:
        return None, [
            Problem(display, 1, "", "Front matter er indlejret for dybt (mange [ eller {).")
        ]
    if not isinstance(node, yaml.MappingNode):
        return None, [
            Problem(display, 2, "", "Front matter skal være felter af formen «navn: værdi».")
        ]
    alias_line = _alias_line(node)
    if alias_line:
        return None, [
            Problem(
                display,
                alias_line,
                "",
                "Front matter bruger YAML-anker og -alias (& og *). Skriv værdien ud hvert sted.",
            )
        ]
    if _depth(node) > _MAX_DEPTH:
        return None, [
            Problem(display, 1, "", "Front matter er indlejret for dybt (mange [ eller {).")
        ]
    for name, line in _duplicate_keys(node, "", offset):
        problems.append(
            Problem(display, line, name, "Feltet står to gange. Slet den ene forekomst.")
        )
    try:
        meta = yaml.load(front, Loader=_LOADER) or {}
    except (yaml.YAMLError, ValueError) as error:
        # PyYAML raises ValueError for date-like values that are no real date (2024-13-45).
        field, line = _bad_scalar(node)
        return None, [
            Problem(
                display,
                line,
                field,
                f"Værdien kan ikke læses ({error}). En dato skal findes i kalenderen og "
                "skrives ÅÅÅÅ-MM-DD; sæt anden tekst i anførselstegn.",
            )
        ]
    lines: dict[LinePath, int] = {}
    _line_map(node, (), lines)
    lines = {key: value + offset for key, value in lines.items()}
    return CaseFile(path, display, meta, body, body_line, lines), problems


def read_cases(files: list[Path], root: Path) -> tuple[list[CaseFile], list[Problem]]:
    """Read many files; every file is read even when earlier ones fail."""
    cases: list[CaseFile] = []
    problems: list[Problem] = []
    for path in sorted(files):
        case, found = read_case(path, root)
        problems += found
        if case is not None:
            cases.append(case)
    return cases, problems


def case_files(cases_dir: Path) -> list[Path]:
    """Every case file. Files starting with ``_`` (templates) are not cases."""
    return sorted(p for p in cases_dir.glob("*.md") if not p.name.startswith("_"))


def jsonable(value: Any) -> Any:
    """YAML dates become ISO strings so the JSON Schema can judge them like any other text."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value
