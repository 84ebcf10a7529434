"""Synthetic catalogues for the scale benchmark, drawn from the real vocabularies.

A benchmark project is a copy of the repository whose ``cases/`` holds only generated cases. The
slugs that the rest of the project names (docs pages linking a case, the continuum's anchors,
profiles) are kept as slugs, with generated content, so the real strict build still passes; every
other case is ``syntetisk-NNNNN``. Case number k is generated from its own seed, so it is the
same file in every catalogue size: its page can be compared across sizes.

The body has the usual sections and about the length of a real case (3–4 KB), written from the
vocabularies' own descriptions, so pages, listings and the search index weigh what they would.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from praksisatlas import ProjectPaths, load_catalog
from praksisatlas.vocabularies import Term, Vocabularies, load_vocabularies

IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "site",
    "export",
    "node_modules",
    ".bench",
    ".pytest_cache",
    ".ruff_cache",
    "__pycache__",
)
# Where the rest of the project may name a case by its slug.
REFERRING = ("docs", "overrides", "data")


@dataclass(frozen=True)
class Catalogue:
    """What was generated: the project folder and its case counts."""

    project: Path
    cases: int
    kept_slugs: int


def required_slugs(root: Path) -> list[str]:
    """Real case slugs named anywhere the build reads besides cases/ (whole-word matches)."""
    slugs = sorted(p.stem for p in (root / "cases").glob("*.md") if not p.name.startswith("_"))
    text = "\n".join(
        path.read_text(encoding="utf-8", errors="ignore")
        for folder in REFERRING
        for path in sorted((root / folder).rglob("*"))
        if path.is_file() and path.suffix in {".md", ".yaml", ".yml", ".html", ".json", ".csv"}
    )
    words = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text))
    return [slug for slug in slugs if slug in words]


def _sentence(term: Term) -> str:
    text = term.description or term.name
    return text if text.endswith(".") else text + "."


def _body(number: int, rng: random.Random, vocab: Vocabularies, picks: dict) -> str:
    """Markdown body with the usual sections, written from the vocabularies' descriptions."""
    themes, groups, methods = picks["themes"], picks["groups"], picks["methods"]
    place = picks["place"]
    extra_themes = rng.sample(vocab.themes, k=3)
    extra_methods = rng.sample(vocab.methods, k=min(3, len(vocab.methods)))
    sections = {
        "Kort fortalt": [
            f"Et syntetisk praksiseksempel (nr. {number}) fra {place} Kommune, lavet til "
            "benchmarken i scripts/bench/. Det ligner et rigtigt eksempel i form og længde.",
            " ".join(_sentence(t) for t in themes),
        ],
        "Målgruppe": [" ".join(f"{g.name}: {_sentence(g)}" for g in groups)],
        "Indsatsen": [
            " ".join(f"{m.label}: {_sentence(m)}" for m in methods)
            or "Indsatsen bygger ikke på en navngiven metode.",
            " ".join(_sentence(t) for t in extra_themes),
        ],
        "Organisering og samarbejde": [
            f"Bostøtten i {place} samarbejder med jobcenter, psykiatri og frivillige. "
            + " ".join(_sentence(m) for m in extra_methods)
        ],
        "Resultater": [
            "Kilden oplyser ingen tal. Medarbejderne oplever, at borgerne kommer tættere på "
            "fællesskaber, uddannelse eller arbejde, og at samarbejdet på tværs er blevet bedre."
        ],
        "Læring og opmærksomhedspunkter": [
            "\n".join(f"- {t.name}: {_sentence(t)}" for t in rng.sample(vocab.themes, k=3))
        ],
    }
    return "\n".join(
        f"## {title}\n\n" + "\n\n".join(paras) + "\n" for title, paras in sections.items()
    )


def _place_on_continuum(
    meta: dict[str, object], rng: random.Random, vocab: Vocabularies, pinned: bool
) -> None:
    """Every placement form, so the benchmarks exercise them: about one case in seven spans two
    or three steps, one in seven is off the continuum (with a support function); the rest, and
    the anchors (``pinned``), stand on one step. Drawn last, so the other fields stay as before.
    Rationales follow the rule (a comparison with an anchor; off: what kind of support)."""
    roll = rng.random()
    step = int(meta["continuum"])  # type: ignore[call-overload]
    letter = vocab.step(step).letter
    if not pinned and roll < 1 / 7:
        function = rng.choice(vocab.support_functions)
        meta["continuum"] = "uden-for"
        meta["support_function"] = function.key
        meta["continuum_rationale"] = (
            f"Syntetisk støtteinfrastruktur til benchmarken: {function.name.lower()} for "
            "bostøtten, som medarbejderne bruger omkring borgerens forløb."
        )
    elif not pinned and roll < 2 / 7:
        first = rng.randint(1, 4)
        last = rng.randint(first + 1, min(5, first + 2))
        meta["continuum"] = f"{first}-{last}"
        meta["continuum_rationale"] = (
            f"Syntetisk spænd til benchmarken: ligesom anker {vocab.step(first).letter} arbejder "
            f"deltagerne med faste opgaver, og ligesom anker {vocab.step(last).letter} rækker "
            "forløbet videre."
        )
    else:
        meta["continuum_rationale"] = (
            f"Syntetisk placering til benchmarken: ligesom anker {letter} arbejder deltagerne "
            "med opgaver, der passer til trinnet."
        )
    if rng.random() < 0.3:
        gaps = rng.sample(vocab.source_gaps, k=rng.randint(1, 3))
        meta["source_gaps"] = [g.key for g in vocab.source_gaps if g in gaps]


def synthetic_case(slug: str, number: int, seed: int, vocab: Vocabularies, step: int = 0) -> str:
    """One valid case file; ``step`` pins the continuum step (for the report's anchors)."""
    rng = random.Random(f"{seed}:{number}")
    municipalities = rng.sample(vocab.municipalities, k=rng.choice((1, 1, 1, 2)))
    themes = rng.sample(vocab.themes, k=rng.randint(1, 4))
    groups = rng.sample(vocab.target_groups, k=rng.randint(1, 3))
    methods = rng.sample(vocab.methods, k=rng.randint(0, 3))
    legal = rng.sample(vocab.legal_bases, k=rng.randint(0, 2))
    source = rng.choice([s for s in vocab.sources if s.sections])
    place = municipalities[0].name
    lead = methods[0].name if methods else themes[0].short
    meta: dict[str, object] = {
        "slug": slug,
        "title": f"Syntetisk praksis {number}: {lead} i {place}",
        "summary": (
            f"Syntetisk eksempel nr. {number} til benchmarken: {themes[0].short.lower()} for "
            f"{groups[0].name.lower()} i {place} Kommune."
        ),
        "organisation": f"{place} Kommune, syntetisk enhed {number}",
        "municipalities": [m.name for m in municipalities],
        "continuum": step or rng.randint(1, 5),
        "continuum_rationale": "",
        "themes": [t.key for t in themes],
        "target_groups": [g.key for g in groups],
        "legal_basis": [t.key for t in legal],
        "methods": [t.key for t in methods],
        "documentation": rng.choice(vocab.documentation).key,
        "sources": [{"source": source.key, "section": rng.choice(source.sections).id}],
        "updated": (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 900))).isoformat(),
    }
    _place_on_continuum(meta, rng, vocab, pinned=bool(step))
    picks = {"themes": themes, "groups": groups, "methods": methods, "place": place}
    body = _body(number, rng, vocab, picks)
    # JSON values are valid YAML and avoid YAML 1.1's traps (no → false, 2.10 → 2.1).
    lines = ["---", *(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())]
    return "\n".join([*lines, "---", "", body])


def _valid_count(paths: ProjectPaths) -> int:
    """How many cases the real pipeline accepts; any problem stops the benchmark."""
    catalog, problems = load_catalog(paths)
    if problems:
        shown = "\n".join(p.format() for p in problems[:20])
        raise SystemExit(f"De syntetiske cases er ikke gyldige:\n{shown}")
    return len(catalog)


def top_up_catalogue(root: Path, dest: Path, cases: int, seed: int = 8) -> tuple[int, int]:
    """Copy the project to ``dest`` keeping every real case and adding synthetic ones up to
    ``cases`` (the explorer benchmark: real cards among many). Returns (real, synthetic)."""
    shutil.copytree(root, dest, ignore=IGNORE)
    paths = ProjectPaths(dest)
    vocab = load_vocabularies(paths)
    real = len([p for p in paths.cases_dir.glob("*.md") if not p.name.startswith("_")])
    extra = max(0, cases - real)
    for number in range(1, extra + 1):
        slug = f"syntetisk-{number:05d}"
        text = synthetic_case(slug, number, seed, vocab)
        (paths.cases_dir / f"{slug}.md").write_text(text, encoding="utf-8")
    if _valid_count(paths) != real + extra:
        raise SystemExit("Ikke alle cases kom med i kataloget.")
    return real, extra


def make_catalogue(root: Path, dest: Path, cases: int, seed: int = 2026) -> Catalogue:
    """Copy the project to ``dest`` with a synthetic catalogue of (at least) ``cases`` cases.

    The catalogue is larger than asked only when the project names more cases than that.
    """
    kept = required_slugs(root)
    shutil.copytree(root, dest, ignore=IGNORE)
    paths = ProjectPaths(dest)
    vocab = load_vocabularies(paths)
    anchors = {step.anchor: step.step for step in vocab.steps}
    for old in paths.cases_dir.glob("*.md"):
        old.unlink()
    slugs = kept + [f"syntetisk-{n:05d}" for n in range(1, max(0, cases - len(kept)) + 1)]
    for index, slug in enumerate(slugs):
        number = int(slug.rsplit("-", 1)[1]) if slug.startswith("syntetisk-") else 90000 + index
        text = synthetic_case(slug, number, seed, vocab, anchors.get(slug, 0))
        (paths.cases_dir / f"{slug}.md").write_text(text, encoding="utf-8")
    return Catalogue(dest, _valid_count(paths), len(kept))


def plain_pages(project: Path) -> dict[str, str]:
    """The same cases as plain Markdown pages (title, summary, body) for plain Material."""
    pages = {}
    for path in sorted((project / "cases").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        meta = {
            k: json.loads(v) for k, v in (line.split(": ", 1) for line in front.strip().split("\n"))
        }
        pages[f"praksis/{path.stem}.md"] = f"# {meta['title']}\n\n{meta['summary']}\n\n{body}"
    return pages
