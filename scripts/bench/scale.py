"""Scale benchmark (``make bench``): the atlas at 100–2,000 cases against plain Material, and
Lighthouse on the real site. Prints a Markdown table and writes it to ``--out``.

Not a test: timings depend on the machine, so it asserts nothing and prints the goals next to
the numbers. For each catalogue size it

1. copies the project and generates a synthetic catalogue from the vocabularies
   (scripts/bench/catalogue.py),
2. builds it (the real ``mkdocs build --strict``) and, in the same run, a plain Material site with
   the same number of Markdown pages carrying the same text (scripts/bench/builds.py), each timed,
   with its peak memory,
3. measures the site, one case page that is the same file at every size, the search payload and
   the explorer's click-to-update time in headless Chromium (scripts/bench/explorer.py).

Then it builds the real project and runs Lighthouse 12 (mobile) on the front page, the explorer
and a case page (scripts/bench/lighthouse.py).

    make bench
    python scripts/bench/scale.py --sizes 100,200 --no-lighthouse   # quicker
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from bench.builds import (  # noqa: E402
    Build,
    SearchPayload,
    folder_bytes,
    html_pages,
    timed_build,
    write_plain_project,
)
from bench.catalogue import IGNORE, make_catalogue, plain_pages  # noqa: E402
from bench.lighthouse import CATEGORIES, Scores, run_lighthouse, serve  # noqa: E402

PROBE = "syntetisk-00001"  # the case page compared across sizes
GOAL_RATIO, GOAL_SCALING, GOAL_PAGE = 1.15, 11.0, 1.1


@dataclass(frozen=True)
class Row:
    cases: int
    atlas: Build
    plain: Build
    pages: int
    plain_pages: int
    atlas_bytes: int
    plain_bytes: int
    case_page: int
    search: SearchPayload
    explorer_ms: float


def machine() -> str:
    """One line about the machine the numbers were measured on."""
    cpu = "ukendt CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"{cpu}, {os.cpu_count()} kerner{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Node {node}"
    )


def measure_explorer(site: Path, clicks: int) -> float:
    """Median ms from a facet click to the updated list (the explorer benchmark's own probe)."""
    from bench.explorer import measure

    with serve(site) as url:
        result = measure(url, clicks)
    return statistics.median(result["layout"])


def best(builds: list[Build]) -> Build:
    """The fastest of repeated builds (the least disturbed by other work on the machine)."""
    return min(builds, key=lambda build: build.seconds)


def measure_size(work: Path, cases: int, seed: int, clicks: int, repeat: int) -> Row:
    catalogue = make_catalogue(ROOT, work / f"atlas-{cases}", cases, seed)
    n = catalogue.cases
    print(f"\n{n} cases ({catalogue.kept_slugs} med slugs, som projektet nævner) …", flush=True)
    atlas = timed_build(catalogue.project, work / f"site-atlas-{n}")
    pages = len(html_pages(atlas.site))
    plain_project = work / f"plain-{n}"
    write_plain_project(plain_project, plain_pages(catalogue.project), pages)
    plain = timed_build(plain_project, work / f"site-plain-{n}", strict=False)
    atlas_runs, plain_runs = [atlas], [plain]
    for again in range(1, repeat):  # alternate, so both see the same machine load
        atlas_runs.append(timed_build(catalogue.project, work / f"site-atlas-{n}-{again}"))
        plain_runs.append(timed_build(plain_project, work / f"site-plain-{n}-{again}", False))
    atlas, plain = best(atlas_runs), best(plain_runs)
    print(f"  atlas {atlas.seconds:.1f} s, almindelig Material {plain.seconds:.1f} s", flush=True)
    probe = atlas.site / "praksis" / PROBE / "index.html"
    row = Row(
        cases=n,
        atlas=atlas,
        plain=plain,
        pages=pages,
        plain_pages=len(html_pages(plain.site)),
        atlas_bytes=folder_bytes(atlas.site),
        plain_bytes=folder_bytes(plain.site),
        case_page=probe.stat().st_size if probe.is_file() else 0,
        search=SearchPayload.of(atlas.site),
        explorer_ms=measure_explorer(atlas.site, clicks) if clicks else float("nan"),
    )
    shutil.rmtree(catalogue.project, ignore_errors=True)
    shutil.rmtree(plain_project, ignore_errors=True)
    return row


def lighthouse(work: Path, runs: int) -> list[Scores]:
    """Build the real project and run Lighthouse on three page types; per page the run with the
    median performance score counts (Lighthouse's own advice for noisy machines)."""
    project = work / "real"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    build = timed_build(project, work / "site-real")
    case = sorted((build.site / "praksis").iterdir())[0].name
    results = []
    with serve(build.site) as url:
        for name, path in (
            ("forside", "/"),
            ("udforsk", "/udforsk/"),
            ("case", f"/praksis/{case}/"),
        ):
            print(f"Lighthouse: {path} ({runs} gange) …", flush=True)
            tries = [run_lighthouse(ROOT, url + path, name, work) for _ in range(runs)]
            tries.sort(key=lambda scores: scores.scores["performance"])
            results.append(tries[len(tries) // 2])
    return results


def mib(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}"


def kib(n: int) -> str:
    return f"{n / 1024:.0f}"


def scale_table(rows: list[Row]) -> list[str]:
    lines = [
        "| cases | sider | atlas s | Material s | atlas/Material | atlas MiB maks | "
        "Material MiB maks | site MiB (atlas / Material) | case-side KiB | "
        "search_index.json KiB (gzip) | Pagefind KiB | udforsker ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.cases} | {r.pages} / {r.plain_pages} | {r.atlas.seconds:.1f} | "
            f"{r.plain.seconds:.1f} | {r.atlas.seconds / r.plain.seconds:.2f} | "
            f"{r.atlas.peak_mib:.0f} | {r.plain.peak_mib:.0f} | "
            f"{mib(r.atlas_bytes)} / {mib(r.plain_bytes)} | {r.case_page / 1024:.1f} | "
            f"{kib(r.search.index_bytes)} ({kib(r.search.index_gzip)}) | "
            f"{kib(r.search.pagefind_bytes)} | {r.explorer_ms:.1f} |"
        )
    return lines


def ratio_lines(rows: list[Row]) -> list[str]:
    by_size = {r.cases: r for r in rows}
    lines = []
    worst = max(r.atlas.seconds / r.plain.seconds for r in rows)
    verdict = "nået" if worst <= GOAL_RATIO else "IKKE nået"
    lines.append(f"- Byggetid atlas/Material, højeste: {worst:.2f} (mål ≤ {GOAL_RATIO}): {verdict}")
    small, large = min(by_size), max(by_size)
    near_200 = min(by_size, key=lambda n: abs(n - 200))
    if large != near_200:
        scaling = by_size[large].atlas.seconds / by_size[near_200].atlas.seconds
        verdict = "nået" if scaling <= GOAL_SCALING else "IKKE nået"
        lines.append(
            f"- Byggetid {large} / {near_200} cases: {scaling:.2f} "
            f"(mål ≤ {GOAL_SCALING:g}, {large / near_200:g} gange så mange cases): {verdict}"
        )
    if large != small and by_size[small].case_page:
        growth = by_size[large].case_page / by_size[small].case_page
        verdict = "nået" if growth <= GOAL_PAGE else "IKKE nået"
        lines.append(
            f"- Case-sidens HTML {large} / {small} cases: {growth:.3f} "
            f"(mål ≤ {GOAL_PAGE}): {verdict}"
        )
    return lines


def lighthouse_table(results: list[Scores]) -> list[str]:
    names = {"performance": "ydelse", "accessibility": "tilgængelighed"}
    names |= {"best-practices": "god praksis", "seo": "SEO"}
    lines = [
        "| side | " + " | ".join(names[c] for c in CATEGORIES) + " | LCP ms | TBT ms | CLS | "
        "vægtede audits < 0,9 |",
        "|---|" + "---:|" * (len(CATEGORIES) + 3) + "---|",
    ]
    for r in results:
        lines.append(
            f"| {r.page} | "
            + " | ".join(str(r.scores[c]) for c in CATEGORIES)
            + f" | {r.lcp_ms:.0f} | {r.tbt_ms:.0f} | {r.cls:.3f} | {', '.join(r.failed) or '–'} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,200,500,2000", help="catalogue sizes")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--clicks", type=int, default=40, help="explorer clicks (0: skip)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per size; the fastest counts")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="runs per page (median)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / ".bench" / "results.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    sizes = sorted({int(s) for s in args.sizes.split(",")})
    work = Path(tempfile.mkdtemp(prefix="praksisatlas-scale-"))
    try:
        rows = [measure_size(work, n, args.seed, args.clicks, args.repeat) for n in sizes]
        scores = [] if args.no_lighthouse else lighthouse(work, args.lighthouse_runs)
    finally:
        if args.keep:
            print(f"Mappen er beholdt: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [f"# Praksisatlas: målinger {stamp}", "", f"Maskine: {machine()}", ""]
    lines += [f"Belastning ved slut (load average 1/5/15 min): {load}", ""]
    lines += [*scale_table(rows), "", *ratio_lines(rows)]
    if scores:
        lines += ["", f"Lighthouse 12, mobilprofil (median af {args.lighthouse_runs} kørsler):", ""]
        lines += lighthouse_table(scores)
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"Skrevet til {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
