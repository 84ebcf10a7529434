"""Benchmark the editor's preview: edit-to-visible time of ``make serve`` at 2,000 cases.

Not a test (``make bench-serve``, not part of ``make test``): it prints numbers and asserts
nothing about them, because timings depend on the machine. It

1. copies the project to a temporary folder (without .git, .venv, site/ and node_modules/),
   keeps every real case and adds synthetic, valid ones up to ``--cases``
   (``bench/catalogue.py``), and commits the copy to a fresh git repository, so the build reads
   git history as it does in a real checkout,
2. starts ``mkdocs serve`` in it exactly as ``make serve`` does (``--mode incremental``, the
   default) or without the atlas' serve mode (``--mode full``, MkDocs' own full rebuild: the
   «before»), and waits for the first build,
3. edits one case at a time (a new title, a different case each time), and times from the
   moment the file is written until the served case page shows the new title — the dev
   server answers a page only once the rebuild is finished, so this is the time until an
   editor's browser can show the change,
4. adds a new case and times until its page is served,
5. prints the median and spread of the edits, the new case's time and the first build.

    make bench-serve
    python scripts/bench/serve.py --modes full,incremental --edits 5
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from bench.catalogue import top_up_catalogue  # noqa: E402

SERVE_ENV = "PRAKSISATLAS_SERVE"  # set by `make serve` (mkdocs_adapter.py, «serve mode»)


@dataclass(frozen=True)
class Result:
    mode: str
    first_build: float
    edits: list[float]
    new_case: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def git_commit(project: Path) -> None:
    """A fresh repository with one commit, so history is read as in a checkout."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    }
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Benchmark"]):
        subprocess.run(["git", *command], cwd=project, env=env, check=True)


class Server:
    """``mkdocs serve`` as ``make serve`` starts it, its log collected in the background."""

    def __init__(self, project: Path, mode: str, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "PYTHONPATH": str(project / "scripts"),
            "PRAKSISATLAS_SITE_URL": self.url,
        }
        env.pop(SERVE_ENV, None)
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--strict",
            "--livereload",
            "--dev-addr",
            f"127.0.0.1:{self.port}",
        ]
        if mode == "incremental":  # as `make serve` runs it
            env[SERVE_ENV] = "1"
            command.append("--dirty")
        self.lines: list[str] = []
        self.log = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            command,
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            self.log.write(line)
            self.log.flush()

    def wait_ready(self, timeout: float = 600) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if any("Serving on" in line for line in self.lines):
                return time.perf_counter() - started
            if self.process.poll() is not None:
                raise SystemExit("mkdocs serve stoppede:\n" + "".join(self.lines[-40:]))
            time.sleep(0.1)
        raise SystemExit("mkdocs serve blev ikke klar.")

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=300) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError:
            return ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def wait_for(server: Server, path: str, marker: str, started: float, timeout: float) -> float:
    """Seconds from ``started`` until ``path`` is served with ``marker`` in it."""
    while time.perf_counter() - started < timeout:
        if marker in server.get(path):
            return time.perf_counter() - started
        if server.process.poll() is not None:
            raise SystemExit("mkdocs serve stoppede:\n" + "".join(server.lines[-40:]))
        time.sleep(0.05)
    raise SystemExit(f"{path} viste ikke ændringen inden for {timeout:.0f} s.")


def edit_title(path: Path, marker: str) -> None:
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r'^title: "', f'title: "{marker} ', text, count=1, flags=re.M)
    if not count:
        raise SystemExit(f"{path} har ingen titel i den syntetiske form.")
    path.write_text(text, encoding="utf-8")


def measure(project: Path, mode: str, edits: int, timeout: float) -> Result:
    server = Server(project, mode, project.parent / f"serve-{mode}.log")
    try:
        first = server.wait_ready()
        server.get("")  # waits for the first build to be visible
        times = []
        synthetic = sorted((project / "cases").glob("syntetisk-*.md"))
        step = max(1, len(synthetic) // (edits + 1))
        for k in range(edits):
            case = synthetic[(k + 1) * step - 1]
            marker = f"Redigering{k}x{mode}"
            time.sleep(1.5)  # let the watcher settle after the previous rebuild
            started = time.perf_counter()
            edit_title(case, marker)
            seconds = wait_for(server, f"praksis/{case.stem}/", marker, started, timeout)
            times.append(seconds)
            print(f"  {mode}: redigering {k + 1} ({case.stem}) synlig efter {seconds:.2f} s")
        time.sleep(1.5)
        template = synthetic[0].read_text(encoding="utf-8")
        slug = f"ny-bench-{mode}"
        text = re.sub(r"^slug: .*$", f'slug: "{slug}"', template, count=1, flags=re.M)
        text = re.sub(r'^title: "', 'title: "Ny case ', text, count=1, flags=re.M)
        started = time.perf_counter()
        (project / "cases" / f"{slug}.md").write_text(text, encoding="utf-8")
        new = wait_for(server, f"praksis/{slug}/", "Ny case", started, timeout)
        print(f"  {mode}: ny case synlig efter {new:.2f} s")
        return Result(mode, first, times, new)
    finally:
        server.stop()


def summary(result: Result) -> str:
    edits = result.edits
    spread = f"{min(edits):.2f}–{max(edits):.2f}"
    return (
        f"| {result.mode} | {len(edits)} | {statistics.median(edits):.2f} | {spread} | "
        f"{result.new_case:.2f} | {result.first_build:.1f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--modes", default="full,incremental", help="full and/or incremental")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="praksisatlas-serve-"))
    results = []
    try:
        for mode in args.modes.split(","):
            project = work / f"projekt-{mode}"
            real, synthetic = top_up_catalogue(ROOT, project, args.cases)
            git_commit(project)
            print(f"{mode}: {real} rigtige + {synthetic} syntetiske cases i {project}")
            results.append(measure(project, mode, args.edits, args.timeout))
    finally:
        if args.keep:
            print(f"Mappen er beholdt: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nmake serve ved {args.cases} cases (load average {load}):\n")
    print("| mode | edits | median s | spread s | new case s | first build s |")
    print("|---|---:|---:|---:|---:|---:|")
    for result in results:
        print(summary(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
