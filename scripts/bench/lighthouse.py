"""Lighthouse 12 (from package-lock.json) on the built site, mobile profile, Debian's Chromium.

The site is served on 127.0.0.1 with gzip, as any static host serves it (Python's plain server
does not compress, which would make the performance score measure the server, not the site).
Chromium gets the flags that keep it off the (closed) network, see DESIGN.md.
"""

from __future__ import annotations

import gzip
import http.server
import json
import os
import subprocess
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from bench import browser

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it (text types only), never cached here."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return _Bytes(body)


class _Bytes:
    """The minimal file object ``SimpleHTTPRequestHandler`` copies a body from."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        pass


def serve(site: Path) -> AbstractContextManager[str]:
    """Serve ``site`` gzipped, as a web server would, on an ephemeral 127.0.0.1 port."""
    return browser.serve(site, _GzipHandler)


@dataclass(frozen=True)
class Scores:
    """Category scores 0–100 and the main timings of one Lighthouse run."""

    page: str
    scores: dict[str, int]
    lcp_ms: float
    tbt_ms: float
    cls: float
    failed: tuple[str, ...]


def run_lighthouse(root: Path, url: str, page: str, out: Path) -> Scores:
    """One Lighthouse run (mobile profile: Lighthouse's default form factor and throttling)."""
    report = out / f"lighthouse-{page}.json"
    command = [
        str(root / "node_modules" / ".bin" / "lighthouse"),
        url,
        "--quiet",
        "--form-factor=mobile",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        "--max-wait-for-load=60000",
    ]
    env = {**os.environ, "CHROME_PATH": browser.chromium_path()}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"Lighthouse fejlede på {url}:\n{result.stderr[-3000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    scores = {c: round((data["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    failed = tuple(
        ref["id"]
        for c in CATEGORIES
        for ref in data["categories"][c]["auditRefs"]
        if ref.get("weight")
        and (audits[ref["id"]].get("score") is not None)
        and audits[ref["id"]]["score"] < 0.9
    )
    return Scores(
        page,
        scores,
        audits["largest-contentful-paint"].get("numericValue", 0.0),
        audits["total-blocking-time"].get("numericValue", 0.0),
        audits["cumulative-layout-shift"].get("numericValue", 0.0),
        failed,
    )
