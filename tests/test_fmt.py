"""`make fmt` (scripts/praksisatlas/fmt.py): one canonical front matter. Idempotent, meaning
preserving, body untouched, comments kept; any reordering or restyling of a real case formats to
the same bytes. Works on copies of the real cases in a temporary folder, never on cases/."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from praksisatlas import fmt
from praksisatlas.cli import main

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted(p for p in (ROOT / "cases").glob("*.md") if not p.name.startswith("_"))
TEMPLATE = ROOT / "cases" / "_skabelon.md"


def _front(text: str) -> object:
    return yaml.safe_load(fmt.split(text)[1])


def _comments(text: str) -> list[str]:
    front = fmt.split(text)[1]
    return sorted(
        line.strip() if line.lstrip().startswith("#") else "#" + line.split("  #", 1)[1]
        for line in front.splitlines()
        if line.lstrip().startswith("#") or "  #" in line
    )


@pytest.fixture
def copies(tmp_path: Path) -> Path:
    target = tmp_path / "cases"
    shutil.copytree(ROOT / "cases", target)
    return target


def test_every_real_case_formats_idempotently_and_keeps_its_meaning(copies: Path) -> None:
    for path in sorted(copies.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        once = fmt.format_text(text)
        assert fmt.format_text(once) == once, path.name
        assert _front(once) == _front(text), path.name
        assert fmt.split(once)[2] == fmt.split(text)[2], f"{path.name}: the body changed"
        assert fmt.split(once)[0] == fmt.split(text)[0]


def test_cli_formats_files_in_place_and_check_mode_reports(
    copies: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    files = [str(p) for p in sorted(copies.glob("*.md"))[:6]]
    runner = CliRunner()
    first = runner.invoke(main, ["fmt", *files])
    assert first.exit_code == 0, first.output
    again = runner.invoke(main, ["fmt", "--check", *files])
    assert again.exit_code == 0, again.output
    assert "0 afviger" in again.output
    path = Path(files[1])
    text = path.read_text(encoding="utf-8")
    before, front, rest = fmt.split(text)
    path.write_text(before + front.replace("\n", "\n\n") + rest, encoding="utf-8")
    off = runner.invoke(main, ["fmt", "--check", str(path)])
    assert off.exit_code == 1
    assert "ikke i standardformen" in off.output
    assert "make fmt" in off.output


def test_check_says_in_danish_when_a_case_is_not_canonical(
    copies: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    path = copies / CASES[0].name
    text = fmt.format_text(path.read_text(encoding="utf-8"))
    before, front, rest = fmt.split(text)
    shuffled = "\n".join(reversed(_top_level_blocks(front))) + "\n"
    path.write_text(before + shuffled + rest, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output  # a note, not an error
    assert "står ikke i standardformen" in result.output
    assert f"make fmt FILES={path.as_posix()}" in result.output


def _top_level_blocks(front: str) -> list[str]:
    """Each top-level field with the comment lines above it and its nested lines."""
    blocks: list[list[str]] = []
    pending: list[str] = []
    for line in front.rstrip("\n").split("\n"):
        if line.startswith("#"):
            pending.append(line)
        elif line and not line.startswith(" "):
            blocks.append([*pending, line])
            pending = []
        else:
            blocks[-1].append(line)
    return ["\n".join(b) for b in blocks] + ["\n".join(pending)] * bool(pending)


def test_template_and_new_case_comments_survive(tmp_path: Path) -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    formatted = fmt.format_text(text)
    assert _comments(formatted) == _comments(text)
    assert fmt.format_text(formatted) == formatted
    # a comment stays above the field it was above, also when the field moves
    before, front, rest = fmt.split(formatted)
    moved = "\n".join(reversed(_top_level_blocks(front))) + "\n"
    assert fmt.format_text(before + moved + rest) == formatted


def test_make_new_writes_a_canonical_file_with_its_comments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "atlas"
    shutil.copytree(ROOT / "data", project / "data")
    (project / "cases").mkdir()
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    monkeypatch.chdir(project)
    args = ["new", "--titel", "Mestringsvejledning med MI", "--kommune", "Randers", "--trin", "1"]
    args += ["--tema", "1", "--kilde", "vive-sus-2021", "--afsnit", "2.2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    [path] = (project / "cases").glob("*.md")
    text = path.read_text(encoding="utf-8")
    assert fmt.format_text(text) == text
    assert "# En til to sætninger med egne ord" in text
    assert "continuum: 1  # " in text


def test_style_rules() -> None:
    front = (
        "zeta: 1\nupdated: 2026-11-23\nsources:\n- {section: '2.7', source: vive-sus-2021}\n"
        "support_function: koordinering\ncontinuum: '2-4'\nsource_gaps: [økonomi]\n"
        "title: 'Ja: nej'\nalpha: yes\ndocumentation: kort-omtale\nslug: a\n"
        "continuum_uncertain: true\ntags: ['no', '12:30', '2019']\n"
        "summary: En kort tekst.\nperiod: {note: n, start: 2019}\n"
    )
    out = fmt.format_front(front)
    keys = [line.split(":")[0] for line in out.splitlines() if not line.startswith(" ")]
    assert keys == [
        "slug",
        "title",
        "summary",
        "period",
        "continuum",
        "continuum_uncertain",
        "support_function",
        "documentation",
        "source_gaps",
        "sources",
        "updated",
        "alpha",
        "tags",
        "zeta",
    ]
    assert 'title: "Ja: nej"' in out
    assert "summary: >-\n  En kort tekst.\n" in out
    assert "continuum: 2-4\n" in out
    assert "alpha: true\n" in out
    assert 'tags: ["no", "12:30", "2019"]\n' in out
    assert '  - source: vive-sus-2021\n    section: "2.7"\n' in out
    assert "period:\n  start: 2019\n  note: n\n" in out
    assert yaml.safe_load(out) == yaml.safe_load(front)


def test_long_text_is_folded_at_100_columns_and_long_lists_are_block_lists() -> None:
    long = " ".join(["ordet"] * 40)
    items = [f"nøgle-nummer-{i}" for i in range(12)]
    out = fmt.format_front(json.dumps({"organisation": long, "methods": items}))
    assert out.startswith("organisation: >-\n")
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "methods:\n  - nøgle-nummer-0\n" in out
    assert yaml.safe_load(out) == {"organisation": long, "methods": items}


def test_meaning_changing_input_is_refused() -> None:
    with pytest.raises(fmt.FormatError):
        fmt.format_text("---\nslug: [a\n---\nbody\n")
    with pytest.raises(fmt.FormatError):
        fmt.format_text("no front matter\n")


# --- the property: any restyling of a real case formats to the same bytes ------------------------


def _styled_string(draw: st.DrawFn, value: str, indent: int, in_flow: bool = False) -> str:
    options = ["double"]
    if (not in_flow and fmt._plain(value) is not None) or (in_flow and fmt._flow_item(value)):
        options.append("plain")
    if "\n" not in value:
        options.append("single")
    if not in_flow and fmt._foldable(value):
        options.append("folded")
    style = draw(st.sampled_from(options))
    if style == "plain":
        return (fmt._flow_item(value) if in_flow else fmt._plain(value)) or ""
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "folded":
        width = draw(st.integers(min_value=12, max_value=140))
        pad = " " * (indent + draw(st.sampled_from([2, 4])))
        return ">-\n" + "\n".join(pad + line for line in fmt._fold(value, width))
    return json.dumps(value, ensure_ascii=False)


def _styled_scalar(draw: st.DrawFn, value: object, indent: int, in_flow: bool = False) -> str:
    if isinstance(value, str):
        return _styled_string(draw, value, indent, in_flow)
    return fmt._plain(value) or json.dumps(value)


def _styled(draw: st.DrawFn, key: str, value: object, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        lines = [f"{pad}{key}:"]
        for k in draw(st.permutations(list(value))):
            lines += _styled(draw, k, value[k], indent + 2)
        return lines
    if isinstance(value, list):
        scalars = not any(isinstance(i, dict) for i in value)
        if scalars and draw(st.booleans()):
            items = [_styled_scalar(draw, i, indent, in_flow=True) for i in value]
            return [f"{pad}{key}: [{', '.join(items)}]"]
        lines = [f"{pad}{key}:"]
        dash = pad + " " * draw(st.sampled_from([0, 2]))
        for item in value:
            if isinstance(item, dict):
                keys = draw(st.permutations(list(item)))
                inner = []
                for k in keys:
                    inner += _styled(draw, k, item[k], len(dash) + 2)
                inner[0] = f"{dash}- {inner[0].lstrip()}"
                lines += inner
            else:
                lines.append(f"{dash}- {_styled_scalar(draw, item, len(dash) + 2)}")
        return lines
    return [f"{pad}{key}: {_styled_scalar(draw, value, indent)}"]


@st.composite
def restyled_case(draw: st.DrawFn) -> tuple[str, str]:
    path = draw(st.sampled_from(CASES))
    text = path.read_text(encoding="utf-8")
    before, front, rest = fmt.split(text)
    data = yaml.safe_load(front)
    lines: list[str] = []
    for key in draw(st.permutations(list(data))):
        lines += _styled(draw, key, data[key], 0)
        if draw(st.integers(0, 9)) == 0:
            lines.append("")
    return text, before + "\n".join(lines) + "\n" + rest


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(restyled_case())
def test_any_restyling_of_a_case_formats_to_the_same_bytes(pair: tuple[str, str]) -> None:
    original, restyled = pair
    assert _front(restyled) == _front(original), "the generator must keep the meaning"
    assert fmt.format_text(restyled) == fmt.format_text(original)


def test_every_landed_case_is_canonical() -> None:
    """Issue 18: the landed cases are in the canonical form (`make fmt` once, after the rewrite)."""
    off = [p.name for p in [*CASES, TEMPLATE] if not fmt.is_canonical(p.read_text("utf-8"))]
    assert not off, f"Kør make fmt: {len(off)} filer står ikke i standardformen, fx {off[:3]}"


def test_key_order_follows_the_schema() -> None:
    schema = json.loads((ROOT / "data" / "case.schema.json").read_text(encoding="utf-8"))
    order = fmt.key_order()
    assert [k for k in order[""] if k in schema["properties"]] == list(schema["properties"])
    assert order["sources"][:2] == ("source", "section")
    assert re.fullmatch(r"\('start', 'end', 'note'\)", repr(order["period"]))


def test_contributing_example_is_canonical() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = text.split("```markdown\n", 1)[1].split("\n```\n", 1)[0] + "\n"
    assert fmt.format_text(example) == example
