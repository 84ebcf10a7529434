"""The near-copy check: atlas sentences that stay too close to one sentence of a source report.

Three measures per atlas sentence (see DESIGN.md «Near-copy check» for the thresholds and how they
were fixed before the rewrite):

- **stems**: the set of content-word stems (Danish Snowball stemmer, stop words left out) compared
  with every source sentence: containment |A∩B|/|A| and Jaccard |A∩B|/|A∪B| of the best match;
- **shingles**: runs of ``SHINGLE`` stemmed words (all words) shared with one source sentence;
- **order**: a run of consecutive atlas sentences whose matches follow each other in one source
  passage, the signature of text that retells a report sentence by sentence.

The old check (a run of twelve or more words shared with any source) is kept: it is a chain of
``RUN - SHINGLE + 1`` consecutive shared shingles.

The reports are copyrighted, so the repository holds only fingerprints of them
(``data/copycheck/fingerprints.json``): per source sentence its id (source key and line) and keyed,
truncated hashes of its stem set and its shingles, never text. ``fingerprint`` regenerates the file
from ``../shared/sources``; when that folder is present the check also prints the source sentence.

Text inside «…» (quotations), Markdown headings, a case's ``locator``/``section`` lines and the
reports' own section titles (cited headings) are left out before comparing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import snowballstemmer
import yaml

# --- thresholds (fixed before the rewrite; DESIGN.md «Near-copy check») --------------------------
MIN_STEMS = 6  # an atlas sentence needs this many distinct content stems to be scored on stems
HARD_CONTAINMENT = 0.60  # share of the sentence's content stems found in one source sentence …
HARD_JACCARD = 0.35  # … and the two stem sets this alike (both): the sentence is a near copy
HARD_SHINGLES = 2  # this many shared 6-word shingles with one source sentence: a near copy too
ORDER_SCORE = 0.75  # a weaker match (score, see Scored.score) that counts towards an order run
ORDER_RUN = 3  # this many consecutive atlas sentences matching one source passage in order
ORDER_WINDOW = 12  # the next match lies at most this many source sentences further on
SHINGLE = 6
RUN = 12  # the old check: a run of this many words shared with a source
REPORT = 10  # worst sentences printed

FINGERPRINT_VERSION = 1
SALT = b"praksisatlas-copycheck-1"  # public: it only stops ready-made tables of hashes
STEM_BYTES = 2  # 16 bits: many Danish stems share a hash, so a stem set cannot be read back
SHINGLE_BYTES = 3  # 24 bits: collisions inside one source sentence are negligible

# Which text file under ../shared/sources holds which source key of data/sources.yaml.
SOURCE_FILES = {
    "rum-til-os-hedensted": "000_d8e7b4a2925c5b40.txt",
    "raadet-2004": "001_a263188c04532188.txt",
    "star-2016": "002_8acc28ee3f8e8390.txt",
    "vive-2019": "003_63927353a580ca24.txt",
    "vive-sus-2021": "004_490bb5ecee9253c5.txt",
}

# Danish function words (Snowball's Danish stop list and a few more); compared before stemming.
_STOP_TEXT = """
    af alle allerede alt andet andre anden at bare blev blive bliver da de dem den denne dens der
    deres det dette dig din dine disse dit dog du efter eller en end er et for fordi fra få får
    gennem gør gøre han hans har have havde hende her hendes herunder hos hun hvad hvem hver hvilke
    hvilken hvis hvor hvordan hvornår i igen ikke ind indtil jeg jer jo kan kunne man mange med
    meget men mig min mine mit mod mere mest ned noget nogen nogle nok når og også om op os over
    på sig sin sine sit skal skulle som så sådan selv siden til uden under ud var vi vil ville
    være været vores fx dvs bl.a. ca mv osv samt både blandt ligesom ifølge derfor dermed heller
    hele helt kun lige netop nu nye ny nyt ofte sammen sidst først flere færre
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_WORD_RE = re.compile(r"[0-9a-zæøåéüö§%]+", re.IGNORECASE)
_QUOTE_RE = re.compile(r"«[^»]*»", re.DOTALL)
_HYPHEN_BREAK_RE = re.compile(r"(?<=\w)-[ \t]*\n\s*(?=[a-zæøå])")
# A sentence ends at . ! ? followed by space and a capital, digit or quote (or at : + line break).
_ABBREVIATIONS_TEXT = """dvs fx f.eks bl.a ca pga jf evt mht nr kap s ift mv osv etc inkl ekskl
vedr hhv
m.fl m.m ang iflg kl tlf cand mag stk"""
ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())
_LAST_WORD_RE = re.compile(r"(?<![\w.])([\w.]+)\.$")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'’”»)]*\s+(?=[\"'«„(]*[A-ZÆØÅ0-9§])|:\s*\n")


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("danish")


@cache
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def words(text: str) -> list[str]:
    """Lower-case words, with words split by a hyphen at a line break joined again."""
    text = _HYPHEN_BREAK_RE.sub("", text)
    return [w.lower() for w in _WORD_RE.findall(text)]


def stems(tokens: Iterable[str]) -> list[str]:
    return [stem(t) for t in tokens]


def content_stems(tokens: Iterable[str]) -> set[str]:
    return {stem(t) for t in tokens if t not in STOP_WORDS and not t.isdigit() and len(t) > 1}


def ngrams(tokens: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def _hash(text: str, size: int) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), key=SALT, digest_size=8).digest()[:size]


def stem_hash(s: str) -> bytes:
    return _hash("s\x00" + s, STEM_BYTES)


def shingle_hashes(text: str) -> list[bytes | None]:
    """The hash of each run of SHINGLE stemmed words in ``text``; None for a run holding a name
    (a capitalised word not first in the sentence), a number or «§»: names of places,
    organisations and laws and the figures are facts the atlas must repeat, not phrasing."""
    text = _HYPHEN_BREAK_RE.sub("", text)
    found = _WORD_RE.findall(text)
    stemmed = [stem(w.lower()) for w in found]
    fact = [
        (i > 0 and w[0].isupper()) or w == "§" or any(c.isdigit() for c in w)
        for i, w in enumerate(found)
    ]
    return [
        None
        if any(fact[i : i + SHINGLE])
        else _hash("g\x00" + " ".join(stemmed[i : i + SHINGLE]), SHINGLE_BYTES)
        for i in range(len(stemmed) - SHINGLE + 1)
    ]


# --- sentences -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    line: int  # 1-based line where the sentence starts
    text: str


def split_sentences(text: str, first_line: int = 1) -> Iterator[Sentence]:
    """Split one stretch of text into sentences, each with the line it starts on."""
    pos = 0
    for match in _SENTENCE_END_RE.finditer(text):
        before = _LAST_WORD_RE.search(text, max(0, match.start() - 12), match.start())
        if before and before.group(1).lower() in ABBREVIATIONS:
            continue  # «dvs. 5-6 år», «fx. Herning»: not the end of a sentence
        chunk = text[pos : match.start() + 1]
        if chunk.strip():
            yield _sentence(text, pos, chunk, first_line)
        pos = match.end()
    if text[pos:].strip():
        yield _sentence(text, pos, text[pos:], first_line)


def _sentence(text: str, pos: int, chunk: str, first_line: int) -> Sentence:
    lead = len(chunk) - len(chunk.lstrip())
    line = first_line + text.count("\n", 0, pos + lead)
    return Sentence(line, " ".join(_HYPHEN_BREAK_RE.sub("", chunk).split()))


def source_sentences(text: str) -> list[Sentence]:
    """A report's sentences. The PDF extraction has no reliable paragraphs, so only punctuation
    splits; a sentence over 60 words (a table, headings run together) is cut in 40-word pieces."""
    out: list[Sentence] = []
    for sentence in split_sentences(text):
        parts = sentence.text.split()
        if len(parts) <= 60:
            out.append(sentence)
            continue
        for i in range(0, len(parts), 40):
            out.append(Sentence(sentence.line, " ".join(parts[i : i + 40])))
    return out


# Lines of a case's front matter or a YAML file that are not the atlas' prose. ``title``,
# ``organisation``, ``place_in_source`` and a source's ``authors`` and ``publisher`` are names (as
# the source writes them): facts that carry over, not phrasing.
_SKIP_KEY_RE = re.compile(
    r"^\s*(-\s*)?(slug|section|source|locator|related|updated|key|id|entry|lines|municipality|"
    r"title|organisation|place_in_source|authors|publisher|"
    r"page|file|url|href|number|step|letter|code|kommunekode)\s*:"
)
_KEY_RE = re.compile(r"^\s*(-\s+)?[A-Za-z_][\w-]*\s*:\s*(>-?|\|-?)?\s*")
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_RE = re.compile(r"<[^>]+>|\{\{.*?\}\}|\{%.*?%\}|\{[#.][^}]*\}")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_SLUG_ITEM_RE = re.compile(r"^\s*-?\s*[\"']?[a-z0-9][a-z0-9-]*[\"']?\s*$")
_BULLET_RE = re.compile(r"^\s*([-*+]|\d+[.)])\s+")


VOCABULARIES = ("themes", "target_groups", "methods", "legal_bases", "continuum", "documentation")


@cache
def _cited_headings() -> re.Pattern[str] | None:
    """Names left out before comparing: the reports' titles and section titles (data/sources.yaml;
    naming one is citing, not copying) and the vocabularies' names, which are the atlas' own terms
    even where a report coined them (a theme's name is a report's heading)."""
    data = Path(__file__).resolve().parents[2] / "data"
    names: set[str] = set()
    path = data / "sources.yaml"
    if path.is_file():
        registry = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for src in registry:
            names.add(str(src.get("title", "")))
            names |= {str(sec.get("title", "")) for sec in src.get("sections") or []}
    for vocab in VOCABULARIES:
        path = data / f"{vocab}.yaml"
        if path.is_file():
            for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
                if isinstance(entry, dict):
                    names |= {str(entry.get(k, "")) for k in ("name", "short", "title")}
    names = {n.strip() for n in names if len(n.split()) >= 3}
    if not names:
        return None
    alts = sorted((re.escape(n) for n in names), key=len, reverse=True)
    return re.compile("|".join(alts), re.IGNORECASE)


def atlas_blocks(path: Path, text: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each block of prose in an atlas file, non-prose blanked out."""
    lines = text.split("\n")
    in_front = False
    yaml_file = path.suffix in {".yaml", ".yml"}
    block: list[str] = []
    start = 0
    cited = _cited_headings()

    def flush() -> Iterator[tuple[int, str]]:
        nonlocal block
        if block:
            yield start, "\n".join(block)
        block = []

    skip_indent: int | None = None  # inside the value of a skipped key (its list or folded text)
    for number, raw in enumerate(lines, 1):
        line = raw
        indent = len(line) - len(line.lstrip())
        if skip_indent is not None:
            within = indent > skip_indent or (
                indent == skip_indent and line.lstrip().startswith("- ")
            )
            if not line.strip() or within:
                continue
            skip_indent = None
        if number == 1 and line.strip() == "---" and not yaml_file:
            in_front = True
            continue
        if in_front and line.strip() == "---":
            in_front = False
            yield from flush()
            continue
        structured = in_front or yaml_file
        stripped = line.strip()
        if (
            not stripped
            or stripped.startswith(("#", "|", "```", "!!!", "???", "<!--", "-->"))
            or (structured and _SKIP_KEY_RE.match(line))
            or (structured and _SLUG_ITEM_RE.match(line))
        ):
            if structured and _SKIP_KEY_RE.match(line) and not line.lstrip().startswith("- "):
                skip_indent = indent  # its value may go on below: a list, folded text
            # Headings, tables (cells are labels and citations), comments: not running prose.
            yield from flush()
            continue
        if structured:
            if _KEY_RE.match(line):
                yield from flush()
                line = _KEY_RE.sub("", line)
        elif _BULLET_RE.match(line):
            yield from flush()
            line = _BULLET_RE.sub("", line)
        line = _MD_LINK_RE.sub(r"\1", line)
        line = _HTML_RE.sub(" ", line)
        line = line.replace("**", "").replace("__", "")
        if cited is not None:
            line = cited.sub(" ", line)
        if not block:
            start = number
        block.append(line)
    yield from flush()


def atlas_sentences(path: Path, text: str | None = None) -> list[Sentence]:
    if text is None:
        text = path.read_text(encoding="utf-8")
    text = _QUOTE_RE.sub(lambda m: "«»" + "\n" * m.group(0).count("\n"), text)
    text = _COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return [s for first, block in atlas_blocks(path, text) for s in split_sentences(block, first)]


# --- fingerprints --------------------------------------------------------------------------------


@dataclass
class SourceSentence:
    key: str
    line: int
    stems: frozenset[bytes]
    shingles: tuple[bytes, ...]
    text: str | None = None


@dataclass
class Fingerprints:
    sentences: list[SourceSentence]
    sources: dict[str, str] = field(default_factory=dict)  # key -> sha256 of the source text
    by_stem: dict[bytes, list[int]] = field(default_factory=dict)
    by_shingle: dict[bytes, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_stem: dict[bytes, list[int]] = defaultdict(list)
        by_shingle: dict[bytes, list[int]] = defaultdict(list)
        for index, sentence in enumerate(self.sentences):
            for h in sentence.stems:
                by_stem[h].append(index)
            for h in set(sentence.shingles):
                by_shingle[h].append(index)
        self.by_stem = dict(by_stem)
        self.by_shingle = dict(by_shingle)

    # The committed form: JSON, one line per source sentence, hashes in base64.
    def dumps(self) -> str:
        head = {
            "version": FINGERPRINT_VERSION,
            "about": "Near-copy check fingerprints (praksisatlas copycheck --fingerprint). "
            "Keyed, truncated hashes of each source sentence's stem set and 6-word shingles; "
            "no text.",
            "stem_bytes": STEM_BYTES,
            "shingle_bytes": SHINGLE_BYTES,
            "shingle": SHINGLE,
            # key -> sha256 of the text it was made from; rows name a source by its index here.
            "sources": [[key, self.sources[key]] for key in sorted(self.sources)],
        }
        index = {key: i for i, key in enumerate(sorted(self.sources))}
        rows = [
            json.dumps(
                [
                    index[s.key],
                    s.line,
                    base64.b64encode(b"".join(sorted(s.stems))).decode(),
                    base64.b64encode(b"".join(s.shingles)).decode(),
                ],
                ensure_ascii=False,
            )
            for s in self.sentences
        ]
        return (
            '{"head": '
            + json.dumps(head, ensure_ascii=False, sort_keys=True)
            + ',\n"sentences": [\n'
            + ",\n".join(rows)
            + "\n]}\n"
        )

    @classmethod
    def loads(cls, text: str) -> Fingerprints:
        data = json.loads(text)
        head = data["head"]
        if head["version"] != FINGERPRINT_VERSION:
            raise ValueError(
                f"fingerprints version {head['version']}, expected {FINGERPRINT_VERSION}"
            )
        sb, gb = head["stem_bytes"], head["shingle_bytes"]
        sentences = []
        keys = [key for key, _ in head["sources"]]
        for source, line, stem_b64, shingle_b64 in data["sentences"]:
            sraw, graw = base64.b64decode(stem_b64), base64.b64decode(shingle_b64)
            sentences.append(
                SourceSentence(
                    keys[source],
                    line,
                    frozenset(sraw[i : i + sb] for i in range(0, len(sraw), sb)),
                    tuple(graw[i : i + gb] for i in range(0, len(graw), gb)),
                )
            )
        return cls(sentences, {key: digest for key, digest in head["sources"]})


def fingerprint_sources(source_dir: Path) -> Fingerprints:
    sentences: list[SourceSentence] = []
    digests: dict[str, str] = {}
    for key, name in sorted(SOURCE_FILES.items()):
        path = source_dir / name
        if not path.is_file():
            raise FileNotFoundError(path)
        text = path.read_text(encoding="utf-8")
        digests[key] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        for sentence in source_sentences(text):
            tokens = words(sentence.text)
            if not tokens:
                continue
            sentences.append(
                SourceSentence(
                    key,
                    sentence.line,
                    frozenset(stem_hash(s) for s in content_stems(tokens)),
                    tuple(h for h in shingle_hashes(sentence.text) if h is not None),
                    sentence.text,
                )
            )
    return Fingerprints(sentences, digests)


def attach_text(prints: Fingerprints, source_dir: Path) -> bool:
    """Give each fingerprinted sentence its text when the sources are here and unchanged."""
    if not source_dir.is_dir():
        return False
    try:
        fresh = fingerprint_sources(source_dir)
    except FileNotFoundError:
        return False
    texts = {(s.key, s.line, s.stems): s.text for s in fresh.sentences}
    for s in prints.sentences:
        s.text = texts.get((s.key, s.line, s.stems))
    return True


# --- scoring -------------------------------------------------------------------------------------


@dataclass
class Match:
    index: int  # into Fingerprints.sentences
    containment: float
    jaccard: float
    shared: int  # shared content stems
    shingles: int  # shared shingles


@dataclass
class Scored:
    file: str
    sentence: Sentence
    n_stems: int
    best: Match | None
    candidates: list[Match]  # matches scoring ORDER_SCORE or more, best first

    @property
    def hard(self) -> bool:
        return self.score >= 1.0

    @property
    def score(self) -> float:
        """1.0 or more is a near copy: the larger of the stem measure (containment and Jaccard
        each over its hard threshold; sentences with ≥ MIN_STEMS stems only) and the shingle
        measure (shared shingles over HARD_SHINGLES)."""
        b = self.best
        if b is None:
            return 0.0
        return round(max(stem_score(b, self.n_stems), b.shingles / HARD_SHINGLES), 3)


def stem_score(match: Match, n_stems: int) -> float:
    if n_stems < MIN_STEMS:
        return 0.0
    return min(match.containment / HARD_CONTAINMENT, match.jaccard / HARD_JACCARD)


def score_sentence(path: str, sentence: Sentence, prints: Fingerprints) -> Scored:
    tokens = words(sentence.text)
    a = {stem_hash(s) for s in content_stems(tokens)}
    shingles = {h for h in shingle_hashes(sentence.text) if h is not None}
    counts: dict[int, int] = defaultdict(int)
    for h in a:
        for index in prints.by_stem.get(h, ()):
            counts[index] += 1
    shingle_counts: dict[int, int] = defaultdict(int)
    for h in shingles:
        for index in prints.by_shingle.get(h, ()):
            shingle_counts[index] += 1
    matches: list[Match] = []
    for index in set(counts) | set(shingle_counts):
        shared = counts.get(index, 0)
        b = len(prints.sentences[index].stems)
        containment = shared / len(a) if a else 0.0
        jaccard = shared / (len(a) + b - shared) if a else 0.0
        matches.append(Match(index, containment, jaccard, shared, shingle_counts.get(index, 0)))
    n = len(a)
    matches.sort(
        key=lambda m: (max(stem_score(m, n), m.shingles / HARD_SHINGLES), m.containment),
        reverse=True,
    )
    best = matches[0] if matches else None
    candidates = [
        m for m in matches if max(stem_score(m, n), m.shingles / HARD_SHINGLES) >= ORDER_SCORE
    ][:8]
    return Scored(path, sentence, len(a), best, candidates)


@dataclass
class OrderRun:
    file: str
    sentences: list[Scored]
    source_lines: list[int]
    key: str


def order_runs(scored: list[Scored], prints: Fingerprints) -> list[OrderRun]:
    """Runs of ≥ ORDER_RUN consecutive scored sentences (those with ≥ MIN_STEMS stems) whose
    matches lie in one source, each at most ORDER_WINDOW source sentences after the previous."""
    runs: list[OrderRun] = []
    eligible = [s for s in scored if s.n_stems >= MIN_STEMS]
    # chain[i][index] = (length, previous index) for candidate `index` of sentence i
    chains: list[dict[int, tuple[int, int | None]]] = []
    for i, s in enumerate(eligible):
        here: dict[int, tuple[int, int | None]] = {}
        for m in s.candidates:
            best: tuple[int, int | None] = (1, None)
            if i > 0:
                for prev, (length, _) in chains[i - 1].items():
                    same = prints.sentences[prev].key == prints.sentences[m.index].key
                    if same and 0 < m.index - prev <= ORDER_WINDOW and length + 1 > best[0]:
                        best = (length + 1, prev)
            here[m.index] = best
        chains.append(here)
    # Report each maximal run once: at its end.
    i = len(eligible) - 1
    while i >= 0:
        top = max(chains[i].items(), key=lambda kv: kv[1][0], default=None)
        if top is None or top[1][0] < ORDER_RUN:
            i -= 1
            continue
        length = top[1][0]
        indices = [top[0]]
        j, cur = i, top[0]
        while chains[j][cur][1] is not None:
            cur = chains[j][cur][1]  # type: ignore[assignment]
            j -= 1
            indices.append(cur)
        indices.reverse()
        members = eligible[i - length + 1 : i + 1]
        runs.append(
            OrderRun(
                members[0].file,
                members,
                [prints.sentences[k].line for k in indices],
                prints.sentences[indices[0]].key,
            )
        )
        i -= length
    runs.reverse()
    return runs


def long_runs(path: str, text: str, prints: Fingerprints) -> list[tuple[int, str]]:
    """The old check: ≥ RUN consecutive words (quotations excluded) shared with the sources, seen
    as RUN - SHINGLE + 1 consecutive shared shingles in one sentence. A name or a number has no
    shingle here (see shingle_hashes), so it ends a run. (line, words) per run."""
    need = RUN - SHINGLE + 1
    found: list[tuple[int, str]] = []
    for s in atlas_sentences(Path(path), text):
        hits = [h is not None and h in prints.by_shingle for h in shingle_hashes(s.text)]
        t = words(s.text)
        i = 0
        while i < len(hits):
            j = i
            while j < len(hits) and hits[j]:
                j += 1
            if j - i >= need:
                found.append((s.line, " ".join(t[i : j + SHINGLE - 1])))
            i = max(j, i + 1)
    return found


@dataclass
class FileResult:
    file: str
    scored: list[Scored]
    runs: list[OrderRun]
    long: list[tuple[int, str]]


def check_file(path: Path, prints: Fingerprints, text: str | None = None) -> FileResult:
    if text is None:
        text = path.read_text(encoding="utf-8")
    name = path.as_posix()
    scored = [score_sentence(name, s, prints) for s in atlas_sentences(path, text)]
    return FileResult(name, scored, order_runs(scored, prints), long_runs(name, text, prints))


def default_targets(root: Path) -> list[Path]:
    """Everything the atlas writes in its own voice: cases, docs pages, profiles, voices and the
    vocabularies' descriptions."""
    out = [p for p in sorted((root / "cases").glob("*.md")) if not p.name.startswith("_")]
    out += sorted((root / "docs").rglob("*.md"))
    out += sorted((root / "data" / "kommuneprofiler").glob("*.md"))
    out += sorted((root / "data" / "stemmer").glob("*.md"))
    for name in (*VOCABULARIES, "glossary", "body_sections"):
        if (root / "data" / f"{name}.yaml").is_file():
            out.append(root / "data" / f"{name}.yaml")
    return out


def fingerprints_path(root: Path) -> Path:
    return root / "data" / "copycheck" / "fingerprints.json"


def stale(prints: Fingerprints, source_dir: Path) -> bool:
    """True when a source file differs from the one the fingerprints were made from."""
    for key, name in SOURCE_FILES.items():
        path = source_dir / name
        if not path.is_file():
            continue
        digest = hashlib.sha256(path.read_text(encoding="utf-8").encode("utf-8")).hexdigest()
        if prints.sources.get(key) != digest:
            return True
    return False


# --- report --------------------------------------------------------------------------------------


@dataclass
class Report:
    ok: bool
    text: str


def _da(number: float) -> str:
    return f"{number:.2f}".replace(".", ",")


def _source_label(prints: Fingerprints, index: int) -> str:
    s = prints.sentences[index]
    where = f"{s.key}, linje {s.line}"
    return f"{where}: «{s.text}»" if s.text else where


def format_report(results: list[FileResult], prints: Fingerprints, limit: int | None) -> Report:
    """The worst sentences first (file:line, score, source sentence or its id), then order runs
    and 12-word runs, then a summary. ``ok`` is False when anything is over the hard threshold."""
    scored = [s for r in results for s in r.scored]
    hard = sorted((s for s in scored if s.hard), key=lambda s: -s.score)
    runs = [run for r in results for run in r.runs]
    longs = [(r.file, line, text) for r in results for line, text in r.long]
    ok = not hard and not runs and not longs
    lines: list[str] = []
    shown = hard if hard else sorted((s for s in scored if s.best), key=lambda s: -s.score)
    if limit is not None:
        shown = shown[:limit]
    if shown:
        lines.append(
            "Nærkopier (score ≥ 1,00 er over grænsen):" if hard else "Tættest på kilderne:"
        )
    for s in shown:
        b = s.best
        assert b is not None
        lines.append(
            f"{s.file}:{s.sentence.line}: score {_da(s.score)} ({b.containment:.0%} af "
            f"sætningens ordstammer, Jaccard {_da(b.jaccard)}, {b.shingles} fælles "
            f"{SHINGLE}-ordsfølger)"
        )
        lines.append(f"  atlas: {s.sentence.text}")
        lines.append(f"  kilde: {_source_label(prints, b.index)}")
    for run in runs:
        first, last = run.sentences[0].sentence.line, run.sentences[-1].sentence.line
        lines.append(
            f"{run.file}:{first}-{last}: {len(run.sentences)} sætninger i træk følger {run.key} "
            f"linje {run.source_lines[0]}-{run.source_lines[-1]} i kildens rækkefølge"
        )
    for file, line, text in longs:
        lines.append(f"{file}:{line}: ordret løb på {len(text.split())} ord: «{text}»")
    total = len(scored)
    share = f"{len(hard) / total:.1%}".replace(".", ",") if total else "0,0%"
    lines.append(
        f"{len(results)} filer, {total} sætninger tjekket: {len(hard)} nærkopier ({share}), "
        f"{len(runs)} afsnit i kildens rækkefølge, {len(longs)} ordrette løb på {RUN}+ ord."
    )
    if not ok:
        lines.append(
            "Skriv teksten ud fra en faktaliste i atlassets egen rækkefølge "
            "(../shared/WRITING.md); korte citater i «» med kilde er tilladt."
        )
    return Report(ok, "\n".join(lines))
