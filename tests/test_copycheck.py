"""The near-copy check (scripts/praksisatlas/copycheck.py): it catches issue 16's three pairs and a
retelling in the source's order, passes honest rewrites, ignores «» quotations, runs on the
committed fingerprints alone, and the fingerprints hold no source text and are current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from praksisatlas import copycheck as cc
from praksisatlas.cli import main

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"
FIXTURES = ROOT / "tests" / "fixtures" / "copycheck"
needs_sources = pytest.mark.skipif(
    not SOURCES.is_dir(), reason="../shared/sources is not here (a clean clone)"
)

# Issue 16: the landed text (atlas) that follows one source sentence with a few words swapped.
PAIRS = {
    "odense-forloebskoordinatorer": "Medarbejderne oplever, at det giver borgerne tryghed at vide, "
    "at der er koordineret hele vejen rundt om dem.",
    "aandehullet-vordingborg": "Den sociale aktivering tilrettelægges for hver enkelt og bygger "
    "først og fremmest på, at brugerne får større indsigt i sig selv.",
    "skanderborg-brobyggerordning": "Skanderborg har etableret en Brobyggerordning, som træder i "
    "kraft, når en borger indskrives på og udskrives fra psykiatrisk afdeling.",
}


@pytest.fixture(scope="module")
def prints() -> cc.Fingerprints:
    return cc.Fingerprints.loads(cc.fingerprints_path(ROOT).read_text(encoding="utf-8"))


def _check(text: str, prints: cc.Fingerprints, name: str = "cases/x.md") -> cc.FileResult:
    return cc.check_file(Path(name), prints, text)


@pytest.mark.parametrize("case", sorted(PAIRS))
def test_issue_16_pairs_are_caught(prints: cc.Fingerprints, case: str) -> None:
    scored = cc.score_sentence("x", cc.Sentence(1, PAIRS[case]), prints)
    assert scored.hard, (case, scored.score)
    assert prints.sentences[scored.best.index].key in {"vive-sus-2021", "raadet-2004"}


def test_honest_rewrites_pass(prints: cc.Fingerprints) -> None:
    path = FIXTURES / "honest_rewrites.md"
    result = cc.check_file(path, prints)
    assert len([s for s in result.scored if s.n_stems >= cc.MIN_STEMS]) >= 30
    worst = max(result.scored, key=lambda s: s.score)
    assert not any(s.hard for s in result.scored), (worst.sentence, worst.score)
    assert result.runs == []
    assert result.long == []


def test_text_that_follows_the_source_order_is_flagged(prints: cc.Fingerprints) -> None:
    text = (FIXTURES / "order_following.md").read_text(encoding="utf-8")
    result = _check(text, prints)
    assert not any(s.hard for s in result.scored), "each sentence alone is under the threshold"
    assert len(result.runs) == 1
    run = result.runs[0]
    assert run.key == "vive-sus-2021"
    assert len(run.sentences) >= cc.ORDER_RUN
    assert run.source_lines == sorted(run.source_lines)
    # The same sentences in reverse order do not follow the source.
    paragraphs = text.split("-->", 1)[1].strip().split("\n\n")
    reverse = _check("\n\n".join(reversed(paragraphs)) + "\n", prints)
    assert reverse.runs == []


def test_quotations_are_ignored(prints: cc.Fingerprints) -> None:
    sentence = PAIRS["odense-forloebskoordinatorer"]
    assert any(s.hard for s in _check(f"Kort fortalt.\n\n{sentence}\n", prints).scored)
    quoted = f"Bostøtterne siger det sådan: «{sentence}» (2.7.5).\n"
    result = _check(quoted, prints)
    assert not any(s.hard for s in result.scored)
    assert result.long == []


def test_a_copied_run_of_twelve_words_is_found(prints: cc.Fingerprints) -> None:
    text = (
        "Det er afgørende, at koordineringen sker i samarbejde med borgeren, at borgerens mål er "
        "i fokus, og at borgeren betragtes som en ligeværdig samarbejdspartner.\n"
    )
    result = _check(text, prints)
    assert result.long and len(result.long[0][1].split()) >= cc.RUN


def test_front_matter_citations_and_slugs_are_not_prose() -> None:
    text = (
        "---\nslug: a-b\ntitle: En titel\nsummary: >-\n  Første sætning her. Anden sætning\n"
        "  fortsætter her.\nrelated:\n  - odense-forloebskoordinatorer\nsources:\n"
        '  - source: vive-sus-2021\n    section: "2.7.5"\n'
        "    locator: Medarbejderne oplever, at det giver borgeren en tryghed\n---\n\n"
        "## Kort fortalt\n\nBrødtekst på linje elleve.\n"
    )
    sentences = cc.atlas_sentences(Path("cases/a-b.md"), text)
    assert [(s.line, s.text) for s in sentences] == [  # the title is a name, not prose
        (5, "Første sætning her."),
        (5, "Anden sætning fortsætter her."),
        (17, "Brødtekst på linje elleve."),
    ]


def test_abbreviations_do_not_end_a_sentence() -> None:
    text = "Det har kørt siden En plan (dvs. 5-6 år), fx. i Odense. Næste sætning."
    assert [s.text for s in cc.split_sentences(text)] == [
        "Det har kørt siden En plan (dvs. 5-6 år), fx. i Odense.",
        "Næste sætning.",
    ]


def test_fingerprints_round_trip(prints: cc.Fingerprints) -> None:
    assert cc.Fingerprints.loads(prints.dumps()).dumps() == prints.dumps()
    assert set(prints.sources) == set(cc.SOURCE_FILES)


def test_fingerprint_file_is_small() -> None:
    size = cc.fingerprints_path(ROOT).stat().st_size
    assert size < 800_000, size


def test_gate_runs_without_the_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean clone has no ../shared/sources: the gate runs on the fingerprints and names the
    source sentence by its id."""
    case = tmp_path / "pair.md"
    case.write_text(PAIRS["skanderborg-brobyggerordning"] + "\n", encoding="utf-8")
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        main, ["copycheck", "--sources", str(tmp_path / "none"), str(case)], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert re.search(r"kilde: vive-sus-2021, linje \d+$", result.output, re.MULTILINE)
    assert "Brobyggerordning, som træder i kraft, når borgeren" not in result.output


@needs_sources
def test_fingerprints_hold_no_source_text() -> None:
    """No run of four words of any source appears in the committed file (the source keys of
    data/sources.yaml, which name the sources in its head, left out: «rum-til-os-hedensted»)."""
    committed = cc.fingerprints_path(ROOT).read_text(encoding="utf-8")
    for key in cc.SOURCE_FILES:
        committed = committed.replace(key, " ")
    mine = cc.ngrams(cc.words(committed), 4)
    for name in cc.SOURCE_FILES.values():
        theirs = cc.ngrams(cc.words((SOURCES / name).read_text(encoding="utf-8")), 4)
        assert not mine & theirs, name


@needs_sources
def test_fingerprints_are_current() -> None:
    """The committed fingerprints are what `make copycheck-fingerprint` writes from the sources."""
    committed = cc.fingerprints_path(ROOT).read_text(encoding="utf-8")
    assert cc.fingerprint_sources(SOURCES).dumps() == committed, (
        "Kør make copycheck-fingerprint og commit data/copycheck/fingerprints.json."
    )


@needs_sources
def test_report_shows_the_source_sentence_when_sources_are_here(
    prints: cc.Fingerprints,
) -> None:
    local = cc.Fingerprints.loads(cc.fingerprints_path(ROOT).read_text(encoding="utf-8"))
    assert cc.attach_text(local, SOURCES)
    result = _check(PAIRS["odense-forloebskoordinatorer"] + "\n", local)
    report = cc.format_report([result], local, None)
    assert not report.ok
    assert "kilde: vive-sus-2021, linje" in report.text
    assert "hele vejen rundt om dem.»" in report.text
