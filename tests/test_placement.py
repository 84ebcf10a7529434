"""The placement value object (one step, a span, off the continuum) and the rationale rule."""

from __future__ import annotations

import pytest

from praksisatlas import ProjectPaths
from praksisatlas.model import Placement, parse_continuum
from praksisatlas.rationale import check_rationale
from praksisatlas.vocabularies import Vocabularies, load_vocabularies


@pytest.fixture(scope="module")
def vocab(root) -> Vocabularies:
    return load_vocabularies(ProjectPaths(root))


@pytest.mark.parametrize(
    ("value", "steps"),
    [(1, (1,)), (5, (5,)), ("2-4", (2, 3, 4)), ("1-5", (1, 2, 3, 4, 5)), ("uden-for", ())],
)
def test_the_three_forms_parse(value, steps) -> None:
    assert parse_continuum(value) == steps


@pytest.mark.parametrize(
    "value", [0, 6, True, "3", "4-2", "0-3", "3-3", "2-6", "2 - 4", "udenfor", None, 2.5]
)
def test_anything_else_is_rejected(value) -> None:
    assert parse_continuum(value) is None
    with pytest.raises(ValueError):
        Placement.of(value)


def test_step_span_and_off(vocab: Vocabularies) -> None:
    step = Placement.of(3, vocab=vocab)
    span = Placement.of("2-4", vocab=vocab)
    off = Placement.of("uden-for", "koordinering-og-overgange", vocab)
    assert step.label == "Trin 3: Udvikling og afklaring" and step.value == 3 and step.text == "3"
    assert span.label == "Trin 2–4" and span.value == "2-4" and span.keys == ("2", "3", "4")
    assert off.label == "Uden for kontinuummet: Koordinering og overgange"
    assert off.value == "uden-for" and off.keys == ("uden-for",) and off.text == "uden-for"
    assert [p.on(3) for p in (step, span, off)] == [True, True, False]
    assert [p.on(2) for p in (step, span, off)] == [False, True, False]
    assert not any(off.on(s) for s in range(1, 6))
    assert (step.first, step.last, span.first, span.last, off.first) == (3, 3, 2, 4, None)


def test_sort_by_first_then_last_step_off_last(vocab: Vocabularies) -> None:
    values = ["uden-for", 4, "2-4", 2, "1-5", "2-3", 1]
    placements = [Placement.of(v, "organisering-og-ledelse", vocab) for v in values]
    ordered = [p.value for p in sorted(placements, key=lambda p: p.sort_key)]
    assert ordered == [1, "1-5", 2, "2-3", "2-4", 4, "uden-for"]


def test_distance_between_step_sets(vocab: Vocabularies) -> None:
    p = {v: Placement.of(v, "organisering-og-ledelse", vocab) for v in (1, 5, "2-4", "uden-for")}
    assert p[1].distance(p[5]) == 4
    assert p[1].distance(p["2-4"]) == 1
    assert p[5].distance(p["2-4"]) == 1
    assert p["uden-for"].distance(p[1]) is None
    assert p["2-4"].distance(p["2-4"]) == 0


# --- the rationale rule ---------------------------------------------------------------------------

GOOD_STEP = [
    # The spec's good example.
    "Ligesom anker B (Projekt Grønt Job) mødes deltagerne om faste, praktiske opgaver i en gruppe, "
    "der giver rytme og mødestabilitet; i modsætning til B er opgaverne en del af bostøtten i eget "
    "hjem.",
    "Som anker E foregår oplæringen på en rigtig arbejdsplads med en kollega som vejleder.",
    "Formålene – at stabilisere og udvikle sociale kompetencer – svarer til Hjørnestenen (A).",
    "Redaktionel placering; som D handler den om skånejob på private arbejdspladser, "
    "og den nævnes sammen med anker D (Skive).",
    "Det står til venstre for Integration uden omveje (E), fordi omsorgen i caféen er "
    "udgangspunktet.",
    "Tættere på anker D end på anker C: træningen foregår i virksomheder med en mentor ved "
    "siden af.",
]
BAD_STEP = [
    # The spec's bad example: absence only.
    "Anker A: intet aktivitets- eller beskæftigelsessigte i beskrivelsen.",
    # Positive content but no comparison (no marker before the anchor).
    "Ved anker A: møderne handler om borgerens nære relationer og om ro i hverdagen.",
    # A comparison, but what it compares is only an absence.
    "I modsætning til anker B er der ingen faste aktiviteter og intet jobsigte.",
    # The comparison sits inside a negation: «ikke … som ved anker B».
    "Forløbet er en indgang til bostøtte, ikke for at træne arbejdsrytme som ved anker B.",
    # A marker, but no anchor: «som» alone is no comparison with an anchor.
    "Deltagerne mødes om faste opgaver, som giver rytme, men der er intet jobsigte.",
]


@pytest.mark.parametrize("text", GOOD_STEP)
def test_positive_comparisons_pass(text: str, vocab: Vocabularies) -> None:
    verdict = check_rationale(text, off=False, vocab=vocab)
    assert verdict.ok, verdict.problem


@pytest.mark.parametrize("text", BAD_STEP)
def test_absence_or_no_comparison_fails(text: str, vocab: Vocabularies) -> None:
    verdict = check_rationale(text, off=False, vocab=vocab)
    assert not verdict.ok
    assert "anker" in verdict.problem


def test_absence_gets_its_own_message(vocab: Vocabularies) -> None:
    verdict = check_rationale(BAD_STEP[0], off=False, vocab=vocab)
    assert "argumenterer med fravær" in verdict.problem


def test_anchor_name_with_uden_is_no_absence(vocab: Vocabularies) -> None:
    """«Integration uden omveje» contains «uden»; the name must not read as an absence."""
    assert check_rationale(
        "Som Integration uden omveje arbejder deltagerne i praktik på rigtige arbejdspladser.",
        off=False,
        vocab=vocab,
    ).ok


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (
            "Et dokumentations- og måleredskab, som bostøtten bruger til at følge borgerens "
            "udvikling; det er ikke et aktivitetstilbud.",
            True,
        ),
        ("Forløbskoordinatorer, der binder bostøtte, hjemmepleje og psykiatri sammen.", True),
        ("Ikke et aktivitets- eller beskæftigelsestilbud, intet jobsigte.", False),
        ("Der er hverken aktivitet eller beskæftigelse i praksissen.", False),
    ],
)
def test_off_rationale_says_what_infrastructure_it_is(text: str, ok: bool, vocab) -> None:
    verdict = check_rationale(text, off=True, vocab=vocab)
    assert verdict.ok is ok, verdict.problem


def test_the_rule_words_are_data(root, tmp_path) -> None:
    """Markers live in data/continuum_rationale.yaml: without «ligesom» the same text fails."""
    import shutil

    shutil.copytree(root / "data", tmp_path / "data")
    rule = tmp_path / "data" / "continuum_rationale.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("  - ligesom\n", ""), "utf-8")
    vocab = load_vocabularies(ProjectPaths(tmp_path))
    text = "Ligesom anker B giver opgaverne rytme og mødestabilitet i en fast gruppe."
    assert not check_rationale(text, off=False, vocab=vocab).ok
    assert check_rationale(text, off=False, vocab=load_vocabularies(ProjectPaths(root))).ok
