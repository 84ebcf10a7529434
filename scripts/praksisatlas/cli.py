"""The editors' and developers' command line: ``python -m praksisatlas <kommando>``.

It uses the same pipeline as the build, so a file that passes ``check`` also builds.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from praksisatlas.exports import write_exports
from praksisatlas.paths import ProjectPaths
from praksisatlas.pipeline import load_catalog
from praksisatlas.problems import summarise


@click.group(help="Praksisatlas: tjek, eksportér og vedligehold praksiseksempler i cases/.")
def main() -> None:
    """Command group; each subcommand says what it does in Danish."""


@main.command(help="Tjek cases (alle, eller de FILER du nævner) og vis alle fejl på dansk.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    paths = ProjectPaths.discover()
    selected: list[Path] | None = None
    if files:
        selected = []
        for item in files:
            selected += sorted(item.glob("*.md")) if item.is_dir() else [item]
    catalog, problems = load_catalog(paths, selected)
    for problem in problems:
        click.echo(problem.format(), err=True)
    if problems:
        click.echo(summarise(problems), err=True)
        sys.exit(1)
    click.echo(f"{len(catalog)} cases tjekket. {summarise(problems)}")


@main.command(help="Skriv cases.json, cases.csv og skemaet til en mappe uden at bygge sitet.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("export"), show_default=True)
def export(out: Path) -> None:
    paths = ProjectPaths.discover()
    catalog, problems = load_catalog(paths)
    if problems:
        for problem in problems:
            click.echo(problem.format(), err=True)
        click.echo(summarise(problems) + " Eksporten er ikke skrevet.", err=True)
        sys.exit(1)
    written = write_exports(catalog, paths, out)
    click.echo(f"{len(catalog)} cases eksporteret: " + ", ".join(p.as_posix() for p in written))


@main.command(help="Find ordrette løb på 12+ ord, som en tekst deler med kilderapporterne.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--sources",
    type=click.Path(path_type=Path),
    default=Path("../shared/sources"),
    show_default=True,
    help="Mappen med kilderapporterne som tekst.",
)
def copycheck(files: tuple[Path, ...], sources: Path) -> None:
    from praksisatlas.copycheck import copied_runs, source_ngrams

    if not sources.is_dir():
        click.echo(f"Kildemappen {sources} findes ikke.", err=True)
        sys.exit(2)
    grams = source_ngrams(sources)
    targets = list(files) or sorted(Path("cases").glob("*.md")) + sorted(Path("docs").rglob("*.md"))
    found = [run for path in targets for run in copied_runs(path, grams)]
    for run in found:
        click.echo(f"{run.file}: «{run.text}»", err=True)
    if found:
        click.echo(f"{len(found)} kopierede løb. Omskriv dem med egne ord.", err=True)
        sys.exit(1)
    click.echo(f"{len(targets)} filer tjekket: ingen kopierede løb.")
