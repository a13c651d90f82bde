"""The ``translate-letter`` command line: thin click commands over the core modules."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import build as build_module
from .catalogs import compile_catalogs, project_stats, update_catalogs
from .config import Settings, load_settings
from .errors import UserError
from .extract import extract_templates
from .provenance import INCLUDE_LEVELS, STATES


class UserErrorGroup(click.Group):
    """Reports a :class:`UserError` as one line on stderr with exit status 2."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except UserError as exc:
            click.echo(f"translate-letter: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


language_option = click.option(
    "-l", "--lang", "langs", multiple=True, metavar="LANG",
    help="Language code (repeatable or comma-separated); default: every configured language.",
)


@click.group(cls=UserErrorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "--project", "project", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Project folder (where pyproject.toml, source/ and locales/ are).")
@click.version_option(package_name="translate-letter")
@click.pass_context
def cli(ctx: click.Context, project: Path) -> None:
    """Translate a letter through gettext catalogs: extract, update, pretranslate, review,
    check, compile, build."""
    ctx.obj = load_settings(project)


@cli.command()
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Segment every source/*.txt into locales/<doc>.pot."""
    settings = _settings(ctx)
    for path in extract_templates(settings):
        click.echo(f"wrote {_relative(path, settings.root)}")


@cli.command()
@language_option
@click.pass_context
def update(ctx: click.Context, langs: tuple[str, ...]) -> None:
    """Create missing catalogs and merge the templates into existing ones."""
    settings = _settings(ctx)
    for result in update_catalogs(settings, settings.select_languages(langs)):
        where = _relative(result.path, settings.root)
        if result.created:
            click.echo(f"created {where}")
        else:
            click.echo(f"updated {where}: {result.changed} changed source(s) now drafts, "
                       f"{result.obsolete} obsolete")


@cli.command()
@language_option
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.pass_context
def stats(ctx: click.Context, langs: tuple[str, ...], as_json: bool) -> None:
    """Untranslated / draft / translated / approved counts per document and language."""
    settings = _settings(ctx)
    rows = project_stats(settings, settings.select_languages(langs))
    if as_json:
        click.echo(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2))
        return
    header = f"{'document':<12} {'lang':<5}" + "".join(f" {s!s:>18}" for s in STATES)
    click.echo(header)
    for row in rows:
        cells = "".join(
            f" {row.counts[str(s)]:>5} {row.percent(str(s)):5.1f}% {row.word_counts[str(s)]:>4}w"
            for s in STATES
        )
        click.echo(f"{row.doc:<12} {row.lang:<5}{cells}")


@cli.command(name="compile")
@language_option
@click.pass_context
def compile_command(ctx: click.Context, langs: tuple[str, ...]) -> None:
    """Write a .mo file next to each .po (drafts left out, as msgfmt does)."""
    settings = _settings(ctx)
    for path in compile_catalogs(settings, settings.select_languages(langs)):
        click.echo(f"wrote {_relative(path, settings.root)}")


@cli.command()
@language_option
@click.option("-f", "--format", "formats", multiple=True, metavar="FORMAT",
              help="Output format: txt, md, html, pdf, docx (repeatable), or 'all'; "
                   "default: txt.")
@click.option("--include", type=click.Choice(list(INCLUDE_LEVELS)), default="translated",
              show_default=True, help="Which states count as translated.")
@click.option("--min-complete", type=click.FloatRange(0, 100),
              default=build_module.DEFAULT_MIN_COMPLETE, show_default=True,
              help="Skip a language below this % complete at the --include level.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder; default: dist/.")
@click.option("--bilingual", is_flag=True,
              help="Also write <doc>.bilingual.<ext>: English beside the translation "
                   "(html, pdf, docx).")
@click.pass_context
def build(ctx: click.Context, langs: tuple[str, ...], formats: tuple[str, ...], include: str,
          min_complete: float, out_dir: Path | None, bilingual: bool) -> None:
    """Localized documents: dist/<lang>/<doc>.<ext> (txt, md, html, pdf, docx)."""
    settings = _settings(ctx)
    report = build_module.build(
        settings, settings.select_languages(langs), list(formats), include, min_complete,
        out_dir, bilingual,
    )
    for path in report.written:
        click.echo(f"wrote {_relative(path, settings.root)}")
    for reason in report.skipped:
        click.echo(f"translate-letter: not written: {reason}", err=True)
    if report.skipped:
        ctx.exit(1)


def main() -> None:
    cli(prog_name="translate-letter")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
