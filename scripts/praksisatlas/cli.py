"""The editors' and developers' command line: ``python -m praksisatlas <kommando>``.

It uses the same pipeline as the build, so a file that passes ``check`` also builds. Help texts
and headings are Danish; the few messages Click itself writes (unknown option …) stay English.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import ClassVar, NoReturn

import click

from praksisatlas.exports import write_exports
from praksisatlas.listing import CaseFilter, FilterError, table
from praksisatlas.model import OFF
from praksisatlas.paths import ProjectPaths
from praksisatlas.pipeline import check_files, load_catalog
from praksisatlas.problems import summarise
from praksisatlas.reading import case_files
from praksisatlas.scaffold import (
    PLACEHOLDER,
    InputError,
    NewCase,
    check_slug,
    check_title,
    placeholders,
    resolve_municipalities,
    resolve_section,
    resolve_source_key,
    resolve_step,
    resolve_support_function,
    resolve_terms,
    resolve_themes,
    slug_for,
    write_new_case,
)
from praksisatlas.vocabularies import Vocabularies, load_vocabularies

HELP = "Vis denne hjælp og afslut."


class _DanishFormatter(click.HelpFormatter):
    """Click's help layout with Danish headings («Brug:», «Tilvalg»)."""

    _HEADINGS: ClassVar[dict[str, str]] = {
        "Options": "Tilvalg",
        "Commands": "Kommandoer",
        "Arguments": "Argumenter",
    }

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Brug: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(self._HEADINGS.get(heading, heading))


class _DanishContext(click.Context):
    formatter_class = _DanishFormatter


@click.group(
    help="Praksisatlas: tjek, opret, list og eksportér praksiseksempler i cases/.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.help_option("-h", "--help", help=HELP)
def main() -> None:
    """Command group; each subcommand says what it does in Danish."""


def _fail(message: str) -> NoReturn:
    """A wrong option value: Danish message, exit code 2 as for any usage error."""
    click.echo(f"Fejl: {message}", err=True)
    sys.exit(2)


def _selected(files: tuple[Path, ...]) -> list[Path] | None:
    if not files:
        return None
    selected: list[Path] = []
    for item in files:
        selected += sorted(item.glob("*.md")) if item.is_dir() else [item]
    return selected


@main.command(help="Tjek cases (alle, eller de FILER du nævner) og vis alle fejl på dansk.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.help_option("-h", "--help", help=HELP)
def check(files: tuple[Path, ...]) -> None:
    paths = ProjectPaths.discover()
    selected = _selected(files)
    try:
        catalog, problems = load_catalog(paths, selected)
    except ValueError as error:  # a broken data file (e.g. data/allowed_contacts.yaml)
        click.echo(str(error), err=True)
        sys.exit(1)
    for problem in problems:
        click.echo(problem.format(), err=True)
    checked = selected if selected is not None else case_files(paths.cases_dir)
    _remind_format(checked)
    if problems:
        click.echo(summarise(problems), err=True)
        sys.exit(1)
    click.echo(f"{len(catalog)} cases tjekket. {summarise(problems)}")
    _remind_placeholders(checked)


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _remind_format(files: list[Path]) -> None:
    """Not canonical (issue 18): a note, not an error; `make fmt` fixes it (DESIGN.md)."""
    from praksisatlas.fmt import is_canonical

    off = []
    for path in files:
        if path.suffix == ".md" and path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # reported by the check itself
            if not is_canonical(text):
                off.append(path)
    if not off:
        return
    shown = [_display(p) for p in off]
    names = ", ".join(shown[:5]) + (f" og {len(off) - 5} til" if len(off) > 5 else "")
    one = shown[0] if len(off) == 1 else None
    fix = f"make fmt FILES={one}" if one else "make fmt"
    click.echo(
        f"Bemærk: front matter i {names} står ikke i standardformen (feltrækkefølge og "
        f"YAML-stil). Kør «{fix}», så retter den det uden at ændre indholdet.",
        err=True,
    )


def _remind_placeholders(files: list[Path]) -> None:
    """Valid, but not finished: the skeleton's «SKRIV HER» texts (the PR workflow refuses them)."""
    for path in files:
        if path.suffix == ".md" and path.is_file():
            lines = placeholders(path.read_text(encoding="utf-8", errors="replace"))
            if lines:
                where = ", ".join(str(n) for n in lines)
                click.echo(
                    f"Bemærk: {path.as_posix()} har stadig pladsholdertekst («{PLACEHOLDER}») "
                    f"på linje {where}. Skriv din egen tekst, før du foreslår casen.",
                    err=True,
                )


@main.command(help="Skriv cases.json, cases.csv og skemaet til en mappe uden at bygge sitet.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("export"),
    show_default=True,
    help="Mappen, filerne skrives til.",
)
@click.help_option("-h", "--help", help=HELP)
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


@main.command(
    help="Find sætninger, der ligger for tæt på en sætning i kilderapporterne (nærkopier), "
    "tekst, der følger en kildes rækkefølge sætning for sætning, og ordrette løb på 12+ ord. "
    "Uden FILES tjekkes cases/, docs/, profiler, stemmer og ordlisternes tekst."
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--sources",
    type=click.Path(path_type=Path),
    default=Path("../shared/sources"),
    show_default=True,
    help="Mappen med kilderapporterne som tekst (valgfri: uden den bruges fingeraftrykkene).",
)
@click.option(
    "--fingerprint",
    is_flag=True,
    help="Skriv data/copycheck/fingerprints.json på ny ud fra kilderne (kræver --sources).",
)
@click.option(
    "--limit",
    type=int,
    default=None,
    help="Vis højst så mange sætninger (standard: alle for FILES, ellers de 10 værste).",
)
@click.help_option("-h", "--help", help=HELP)
def copycheck(files: tuple[Path, ...], sources: Path, fingerprint: bool, limit: int | None) -> None:
    from praksisatlas import copycheck as cc

    root = Path.cwd()
    target = cc.fingerprints_path(root)
    if fingerprint:
        if not sources.is_dir():
            click.echo(f"Kildemappen {sources} findes ikke.", err=True)
            sys.exit(2)
        prints = cc.fingerprint_sources(sources)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(prints.dumps(), encoding="utf-8")
        size = target.stat().st_size
        click.echo(
            f"{target.relative_to(root).as_posix()}: {len(prints.sentences)} kildesætninger, "
            f"{size / 1024:.0f} KB."
        )
        return
    if not target.is_file():  # run from another checkout: use this package's fingerprints
        target = cc.fingerprints_path(Path(cc.__file__).resolve().parents[2])
    if not target.is_file():
        click.echo(
            f"{target} mangler. Kør «python -m praksisatlas copycheck --fingerprint».", err=True
        )
        sys.exit(2)
    prints = cc.Fingerprints.loads(target.read_text(encoding="utf-8"))
    if cc.attach_text(prints, sources) and cc.stale(prints, sources):
        click.echo(
            "Advarsel: kilderne er ændret siden fingeraftrykkene blev skrevet; kør "
            "«python -m praksisatlas copycheck --fingerprint».",
            err=True,
        )
    targets = list(files) or cc.default_targets(root)
    results = [cc.check_file(path, prints) for path in targets]
    report = cc.format_report(
        results, prints, limit if limit is not None else (None if files else cc.REPORT)
    )
    click.echo(report.text, err=not report.ok)
    if not report.ok:
        sys.exit(1)


@main.command(
    help="Skriv front matter i cases i standardformen (feltrækkefølge efter skemaet, én "
    "YAML-stil); brødteksten og betydningen ændres ikke. Uden FILES: alle filer i cases/."
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="Ret intet; exit 1, hvis en fil afviger.")
@click.help_option("-h", "--help", help=HELP)
def fmt(files: tuple[Path, ...], check_only: bool) -> None:
    from praksisatlas.fmt import FormatError, format_text

    paths = ProjectPaths.discover()
    targets = _selected(files) or sorted(paths.cases_dir.glob("*.md"))
    changed: list[Path] = []
    failed = False
    for path in targets:
        if path.suffix != ".md":
            continue
        try:
            text = path.read_text(encoding="utf-8")
            new = format_text(text)
        except (FormatError, UnicodeDecodeError) as error:
            click.echo(
                f"{path.as_posix()}: {error} Kør «make check FILES={path.as_posix()}».", err=True
            )
            failed = True
            continue
        if new == text:
            continue
        changed.append(path)
        if check_only:
            click.echo(f"{path.as_posix()}: ikke i standardformen.", err=True)
        else:
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(new)
            click.echo(f"{path.as_posix()}: omskrevet til standardformen.")
    verb = "afviger" if check_only else "omskrevet"
    click.echo(f"{len(targets)} filer, {len(changed)} {verb}.")
    if failed or (check_only and changed):
        if check_only and changed:
            click.echo("Kør «make fmt» for at rette dem.", err=True)
        sys.exit(1)


# --- new ----------------------------------------------------------------------------------------


def _ask(label: str, value: object, resolve: object, default: str | None = None) -> object:
    """Use the option if given (an error then stops), else ask until the answer is usable."""
    if value not in (None, (), ""):
        try:
            return resolve(value)  # type: ignore[operator]
        except InputError as error:
            _fail(str(error))
    while True:
        answer = click.prompt(label, default=default, show_default=default is not None)
        try:
            return resolve(answer)  # type: ignore[operator]
        except InputError as error:
            click.echo(str(error), err=True)


def _menu(vocab: Vocabularies) -> None:
    click.echo(
        "Trin på kontinuummet (1 social aktivering … 5 arbejdsmarkedsrettet), et spænd som "
        "2-4, eller uden-for:"
    )
    for step in vocab.steps:
        click.echo(f"  {step.step}  {step.name} (anker {step.letter}: {step.anchor})")
    click.echo("  uden-for  støtteinfrastruktur, ikke et aktivitets- eller beskæftigelsestilbud")
    click.echo("Støttefunktioner (kun ved uden-for; nummer eller nøgle):")
    for number, function in enumerate(vocab.support_functions, start=1):
        click.echo(f"  {number}  {function.key}  ({function.name})")
    click.echo("Kvalitetstemaer (skriv numre eller nøgler, det vigtigste først):")
    for theme in vocab.themes:
        click.echo(f"  {theme.number:>2}  {theme.key}  ({theme.name})")
    click.echo("Kilder:")
    for source in vocab.sources:
        click.echo(f"  {source.key}  ({source.short})")


@main.command(
    help="Opret en ny case i cases/ med dagens dato og det rigtige slug. Spørger om titel, "
    "kommune, trin, temaer og kilde, hvis du ikke angiver dem som tilvalg. Filen består «check» "
    f"med det samme; erstat derefter alle «{PLACEHOLDER}»-tekster med din egen tekst."
)
@click.option("--titel", "title", metavar="TEKST", help="Praksissens navn, som kilden skriver det.")
@click.option(
    "--kommune",
    "municipalities",
    metavar="NAVN",
    multiple=True,
    help="Kommunens officielle navn (kan gentages).",
)
@click.option(
    "--trin",
    "step",
    metavar="TRIN",
    help="Trin 1–5 på kontinuummet, et spænd som 2-4, eller uden-for (støtteinfrastruktur).",
)
@click.option(
    "--stoettefunktion",
    "support_function",
    metavar="NØGLE",
    help="Kun ved --trin uden-for: støttefunktionens nøgle eller nummer "
    "(data/support_functions.yaml).",
)
@click.option(
    "--tema",
    "themes",
    metavar="TEMA",
    multiple=True,
    help="Tema som nummer 1–10 eller nøgle; det vigtigste først (kan gentages).",
)
@click.option(
    "--kilde",
    "source",
    metavar="NØGLE",
    help="Kildens nøgle i data/sources.yaml, fx vive-sus-2021.",
)
@click.option(
    "--afsnit", "section", metavar="AFSNIT", help='Afsnit i kilden, fx "2.13" eller "Bilag C".'
)
@click.option(
    "--maalgruppe",
    "target_groups",
    metavar="NØGLE",
    multiple=True,
    help="Målgruppens nøgle i data/target_groups.yaml (kan gentages). Standard: psykisk-saarbare.",
)
@click.option(
    "--dokumentation",
    "documentation",
    metavar="NØGLE",
    default="kort-omtale",
    help="Nøgle i data/documentation.yaml. Standard: kort-omtale.",
)
@click.option(
    "--organisation", metavar="TEKST", help="Hvem driver indsatsen. Standard: «<kommune> Kommune»."
)
@click.option(
    "--slug", metavar="SLUG", help="Filnavnet uden .md, hvis det ikke skal laves ud fra titlen."
)
@click.help_option("-h", "--help", help=HELP)
def new(
    title: str | None,
    municipalities: tuple[str, ...],
    step: str | None,
    support_function: str | None,
    themes: tuple[str, ...],
    source: str | None,
    section: str | None,
    target_groups: tuple[str, ...],
    documentation: str,
    organisation: str | None,
    slug: str | None,
) -> None:
    paths = ProjectPaths.discover()
    vocab = load_vocabularies(paths)
    if not all((title, municipalities, step, themes, source, section)):
        _menu(vocab)
    title_ = _ask("Titel", title, check_title)
    places = _ask(
        "Kommune (flere adskilles med komma)",
        municipalities,
        lambda a: resolve_municipalities(a, vocab),
    )
    step_ = _ask("Trin (1–5, et spænd som 2-4, eller uden-for)", step, resolve_step)
    function_ = ""
    if step_ == OFF:
        function_ = str(
            _ask(
                "Støttefunktion (nummer eller nøgle)",
                support_function,
                lambda a: resolve_support_function(a, vocab),
            )
        )
    elif support_function:
        _fail("--stoettefunktion hører kun til --trin uden-for.")
    themes_ = _ask("Temaer (fx 5,1)", themes, lambda a: resolve_themes(a, vocab))
    source_ = _ask("Kilde (nøgle)", source, lambda a: resolve_source_key(a, vocab))
    section_ = _ask("Afsnit i kilden", section, lambda a: resolve_section(str(source_), a, vocab))
    try:
        groups = resolve_terms(
            target_groups or ("psykisk-saarbare",), vocab.target_groups, "målgruppe"
        )
        docs = resolve_terms((documentation,), vocab.documentation, "dokumentationsform")[0]
        slug_ = check_slug(slug) if slug else check_slug(slug_for(str(title_)))
        case = NewCase(
            title=str(title_),
            slug=slug_,
            municipalities=places,  # type: ignore[arg-type]
            continuum=step_,  # type: ignore[arg-type]
            themes=themes_,  # type: ignore[arg-type]
            source=str(source_),
            section=str(section_),
            target_groups=groups,
            documentation=docs,
            organisation=(organisation or f"{places[0]} Kommune").strip(),  # type: ignore[index]
            updated=dt.date.today(),
            support_function=function_,
        )
        target = write_new_case(paths.cases_dir, case, vocab)
    except InputError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    shown = target.relative_to(paths.root).as_posix()
    problems = check_files(paths, [target])
    for problem in problems:
        click.echo(problem.format(), err=True)
    if problems:
        click.echo(f"{shown} er skrevet, men har fejl: {summarise(problems)}", err=True)
        sys.exit(1)
    click.echo(f"Oprettet: {shown}")
    click.echo(
        f"Erstat alle «{PLACEHOLDER}»-tekster med din egen tekst, og kør «make check "
        f"FILES={shown}». Se CONTRIBUTING.md."
    )


# --- list ---------------------------------------------------------------------------------------


@main.command(
    name="list",
    help="Vis cases med slug, titel, kommune, trin og temaer som en tabel. Tilvalgene filtrerer; "
    "flere filtre skal alle passe.",
)
@click.option("--tema", "theme", metavar="TEMA", help="Temaets nøgle, nummer (1–10) eller navn.")
@click.option(
    "--trin",
    "step",
    metavar="TRIN",
    help="Trin 1–5 (et spænd tæller på hvert af sine trin) eller uden-for.",
)
@click.option("--kommune", "municipality", metavar="NAVN", help="Kommunens navn, fx Randers.")
@click.option("--kilde", "source", metavar="NØGLE", help="Kildens nøgle i data/sources.yaml.")
@click.help_option("-h", "--help", help=HELP)
def list_cases(
    theme: str | None, step: str | None, municipality: str | None, source: str | None
) -> None:
    paths = ProjectPaths.discover()
    catalog, problems = load_catalog(paths)
    try:
        wanted = CaseFilter.parse(catalog.vocab, theme, step, municipality, source)
    except FilterError as error:
        _fail(str(error))
    cases = wanted.apply(catalog)
    click.echo(table(cases, catalog))
    total = f"{len(cases)} af {len(catalog)} cases" if wanted.active else f"{len(cases)} cases"
    click.echo(total + (f" ({wanted.describe()})." if wanted.active else "."))
    if problems:
        files = len({p.file for p in problems})
        click.echo(
            f"Bemærk: {files} fil(er) med fejl er ikke med. Kør «make check» for at se fejlene.",
            err=True,
        )


for _command in (main, *main.commands.values()):
    _command.context_class = _DanishContext
    _command.options_metavar = "[TILVALG]"
main.subcommand_metavar = "KOMMANDO [ARGUMENTER]..."
