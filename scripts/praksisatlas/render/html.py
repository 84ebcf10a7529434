"""Finished HTML for the generated parts of a page: links between site pages and abbreviations.

Why not Markdown: the fact box, the lists of related practice, the sources and the history are
generated for every case page. Written as Markdown inside HTML (``md_in_html``) they cost more
to convert than the case's own text, and at 2,000 cases that was the largest part of the build
(DESIGN.md «Measurements»). As finished HTML, Python-Markdown passes them through untouched.

Finished HTML written into Markdown is still parsed by Python-Markdown (and by MkDocs, for
anchors) before it is passed through. :class:`HeldHtml` keeps it out altogether: the Markdown gets
a one-line placeholder, and the adapter's ``on_page_content`` puts the HTML back in its place
after conversion.

What Markdown did for those parts is done here instead, the same way:

- links name a page by its source path (``temaer/x.md#anker``), as in Markdown, and become the
  URL MkDocs gives that page, relative to the page they are on (``use_directory_urls: true``,
  which the adapter requires); the links gate in the tests checks every one in the built site;
- abbreviations get the same ``<abbr title>`` tooltips the ``abbr`` extension gives the body
  (whole words, the same list).
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from praksisatlas.render.markup import esc


def page_url(path: str) -> str:
    """The site URL MkDocs gives a source path with directory URLs: ``a/b.md`` → ``a/b/``,
    ``a/index.md`` → ``a/``; a ``#fragment`` is kept."""
    path, hash_, fragment = path.partition("#")
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
    elif stem:
        stem += "/"
    return stem + hash_ + fragment


@functools.lru_cache(maxsize=1 << 17)
def href(target: str, page: str) -> str:
    """``target`` (a source path from the docs root) as a link relative to the source page
    ``page``, exactly as MkDocs writes a Markdown link between the two. Remembered: at 2,000
    cases the lists make some 20,000 links a build, and ``relpath`` is slow."""
    target_url, hash_, fragment = page_url(target).partition("#")
    base = page_url(page)
    relative = posixpath.relpath(target_url or ".", base or ".")
    if relative == ".":
        relative = "./"
    elif not target_url or target_url.endswith("/"):
        relative += "/"
    return esc(relative + hash_ + fragment)


class Abbreviations:
    """``<abbr title>`` around whole-word abbreviations (MI, SEL …) in escaped text."""

    def __init__(self, explanations: Mapping[str, str]) -> None:
        self.explanations = dict(explanations)
        words = sorted(self.explanations, key=len, reverse=True)
        self._pattern = (
            re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b") if words else None
        )
        self._done: dict[str, str] = {}  # the same titles and summaries recur on many pages

    def text(self, plain: str) -> str:
        """``plain`` escaped for HTML, its abbreviations marked up."""
        done = self._done.get(plain)
        if done is not None:
            return done
        escaped = html.escape(plain, quote=False)
        if self._pattern is not None:
            escaped = self._pattern.sub(
                lambda m: f'<abbr title="{esc(self.explanations[m.group(1)])}">{m.group(1)}</abbr>',
                escaped,
            )
        self._done[plain] = escaped
        return escaped


NO_ABBREVIATIONS = Abbreviations({})


Hold = Callable[[str], str]


def inline(html_block: str) -> str:
    """A :data:`Hold` that leaves the HTML in the Markdown (outside a build, e.g. in tests)."""
    return html_block


class HeldHtml:
    """Blocks of finished HTML kept out of one page's Markdown (see the module docstring).

    The placeholder carries a random token, so a comment an editor writes in a case body can
    never be taken for one (the token never reaches the built site)."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self._token = secrets.token_hex(8)
        self._placeholder = re.compile(rf"<!-- atlas-html {self._token} (\d+) -->")

    def hold(self, html_block: str) -> str:
        """The placeholder to write into the Markdown instead of ``html_block``."""
        self.blocks.append(html_block)
        return f"\n\n<!-- atlas-html {self._token} {len(self.blocks) - 1} -->\n\n"

    def restore(self, converted: str) -> str:
        """The page's HTML with every placeholder replaced by its block."""
        return self._placeholder.sub(lambda m: self.blocks[int(m.group(1))], converted)


@dataclass(frozen=True)
class OnPage:
    """Where generated HTML goes: the page's source path (``temaer/sundhed.md``; links are made
    relative to it), the abbreviation tooltips, and how a block is kept out of its Markdown."""

    path: str
    abbr: Abbreviations = NO_ABBREVIATIONS
    hold: Hold = inline

    def href(self, target: str) -> str:
        """A link from this page to the page with source path ``target``."""
        return href(target, self.path)

    @property
    def prefix(self) -> str:
        """The page's relative path to docs/, for Markdown links (``../`` per folder)."""
        return "../" * self.path.count("/")
