"""The Content-Security-Policy every page carries, as a ``<meta http-equiv>`` element.

GitHub Pages cannot send headers, so the policy travels in the page. It allows only what the
atlas itself serves: scripts, styles, fonts, data and the search worker from the site's own
origin, images also as the ``data:`` icons in Material's CSS, and no inline script except the
exact ones the build wrote. Those (Material's and the atlas' own small inline scripts, whose
text differs with the page's folder depth) are hashed per page, after the page is rendered, so
a script that an editor or an attacker slips into a page can never run.

Pagefind's WebAssembly runs inside the search worker (``assets/search-worker.js``). A
``<meta>`` policy does not reach a worker fetched from the network (a worker's own policy comes
from its response headers), so the page's policy needs no ``'wasm-unsafe-eval'``; the browser
gate checks that searching raises no policy violation.
"""

from __future__ import annotations

import base64
import hashlib
import re

# Executable inline scripts: <script> without src, of a JavaScript type (or none). Data blocks
# (application/json for Material's config, application/ld+json) never run and need no hash.
_SCRIPT_RE = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_TYPE_RE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_CHARSET_RE = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.I)

BASE_POLICY = (
    ("default-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("style-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions (``'sha256-…'``) for every executable inline script, in order."""
    hashes = []
    for match in _SCRIPT_RE.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = _TYPE_RE.search(attrs)
        if (kind.group(1).lower() if kind else "") not in _JS_TYPES:
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return list(dict.fromkeys(hashes))


def policy(html: str) -> str:
    """The page's policy: the base policy plus ``script-src`` with this page's own hashes."""
    scripts = " ".join(["'self'", *inline_script_hashes(html)])
    directives = [*BASE_POLICY[:1], ("script-src", scripts), *BASE_POLICY[1:]]
    return "; ".join(f"{name} {value}" for name, value in directives)


def with_policy(html: str) -> str:
    """The page with its policy as the first element after ``<meta charset>``, so it comes
    before every script (a meta policy only governs what follows it)."""
    element = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    match = _CHARSET_RE.search(html)
    if match is None:
        head = html.lower().find("<head>")
        if head < 0:
            return html  # not a page (a fragment): nothing to protect
        at = head + len("<head>")
    else:
        at = match.end()
    return html[:at] + element + html[at:]
