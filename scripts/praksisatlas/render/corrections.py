"""«Foreslå en rettelse» at the foot of a case page: edit the file on GitHub, or report an error.

Plain links, no script and no request until a reader clicks one: the repository is configured
as ``extra.atlas_repo`` in mkdocs.yml (not ``repo_url``, which makes Material fetch repository
statistics from GitHub's API in every reader's browser).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from praksisatlas.model import Case
from praksisatlas.render.markup import esc

ISSUE_FORM = "ret-en-fejl.yml"  # .github/ISSUE_TEMPLATE/ret-en-fejl.yml
CASE_FIELD = "case"  # the form's field id; GitHub fills a form field from a query parameter


def edit_url(repo: str, case: Case, branch: str = "main") -> str:
    """GitHub's editor for the case file (it offers a fork to those who cannot push)."""
    return f"{repo.rstrip('/')}/edit/{quote(branch)}/{quote(case.file)}"


def report_url(repo: str, case: Case) -> str:
    """The «Ret en fejl» issue form with the case already named."""
    query = urlencode(
        {"template": ISSUE_FORM, "title": f"Fejl i: {case.title}", CASE_FIELD: case.slug},
        quote_via=quote,
    )
    return f"{repo.rstrip('/')}/issues/new?{query}"


def correction_section(case: Case, repo: str, branch: str = "main") -> str:
    """The HTML block; empty when no repository is configured (a fork without GitHub)."""
    if not repo:
        return ""
    return (
        '<aside class="atlas-correct" aria-labelledby="foreslaa-en-rettelse">\n'
        '<h2 id="foreslaa-en-rettelse">Foreslå en rettelse</h2>\n'
        "<p>Er noget forkert eller forældet i dette eksempel? Ret teksten direkte, eller fortæl "
        "redaktionen, hvad der skal rettes. Begge dele kræver en gratis GitHub-konto.</p>\n"
        "<ul>\n"
        f'<li><a href="{esc(edit_url(repo, case, branch))}" data-correct="edit">'
        "Ret filen på GitHub</a> (forslaget bliver en pull request, som redaktionen ser "
        "igennem)</li>\n"
        f'<li><a href="{esc(report_url(repo, case))}" data-correct="report">'
        f"Meld en fejl i «{esc(case.title)}»</a></li>\n"
        "</ul>\n"
        "</aside>\n"
    )
