"""The ``translate-letter`` command line: thin click commands over the core modules."""

from __future__ import annotations

import dataclasses
import importlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from .catalog.states import INCLUDE_LEVELS, STATES
from .core.config import Settings, load_settings
from .core.errors import UserError

# Commands import what they use when they run: ``update`` starts without the machine
# engines, the renderers, the review app or the accounts.


def _constant(source: str):
    """``module:NAME`` of this package, imported on first use."""
    module, name = source.split(":")
    return getattr(importlib.import_module(module, __package__), name)


class _DefaultFrom(click.Option):
    """An option whose default is a constant of a module imported only when the command
    runs or shows its help."""

    def __init__(self, *args, default_from: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.default_from = default_from

    def get_default(self, ctx: click.Context, call: bool = True):
        return _constant(self.default_from)


class _ChoiceFrom(click.Choice):
    """click's Choice among a module's constant, imported when the command is used."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__(())

    @property
    def choices(self) -> tuple:  # type: ignore[override]
        return tuple(_constant(self.source))

    @choices.setter
    def choices(self, value: tuple) -> None:
        pass


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


# Commands that read no catalog (serve writes the review app's saves itself).
WITHOUT_CATALOGS = {"extract", "serve", "user", "key", "verify", "db"}

language_option = click.option(
    "-l", "--lang", "langs", multiple=True, metavar="LANG",
    help="Language code (repeatable or comma-separated); default: every configured language.",
)


@click.group(cls=UserErrorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "--project", "project", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Project folder (where pyproject.toml, source/ and locales/ are).")
@click.option("--locales-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Catalog folder to work on instead of the project's locales-dir "
                   "(e.g. the review app's own src/translate_letter/web/translations).")
@click.version_option(package_name="translate-letter")
@click.pass_context
def cli(ctx: click.Context, project: Path, locales_dir: Path | None) -> None:
    """Translate a letter through gettext catalogs: extract, update, pretranslate, review,
    check, compile, build."""
    settings = load_settings(project)
    if locales_dir is not None:
        settings = dataclasses.replace(settings, locales_dir=locales_dir.resolve())
    elif ctx.invoked_subcommand not in WITHOUT_CATALOGS:
        from .review.store import write_review_saves

        write_review_saves(settings)  # the review app's acknowledged saves count too
    ctx.obj = settings


force_option = click.option(
    "--force", is_flag=True,
    help="Go on even if the source is empty or would make most translations obsolete "
         "(update: or a catalog holds no entry).")


@cli.command()
@force_option
@click.pass_context
def extract(ctx: click.Context, force: bool) -> None:
    """Segment every source/*.txt into locales/<doc>.pot."""
    from .extract import extract_templates

    settings = _settings(ctx)
    for path in extract_templates(settings, force=force):
        click.echo(f"wrote {_relative(path, settings.root)}")


@cli.command()
@language_option
@force_option
@click.pass_context
def update(ctx: click.Context, langs: tuple[str, ...], force: bool) -> None:
    """Create missing catalogs and merge the templates into existing ones."""
    from .catalog.merge import update_catalogs

    settings = _settings(ctx)
    for result in update_catalogs(settings, settings.select_languages(langs), force=force):
        where = _relative(result.path, settings.root)
        if result.created:
            click.echo(f"created {where}")
        else:
            click.echo(f"updated {where}: {result.changed} changed source(s) now drafts, "
                       f"{result.obsolete} obsolete, {result.left_alone} translated or "
                       "approved left as they were")


@cli.command()
@language_option
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.pass_context
def stats(ctx: click.Context, langs: tuple[str, ...], as_json: bool) -> None:
    """Untranslated / draft / translated / approved counts per document and language."""
    from .catalog.stats import project_stats

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
    from .catalog.compile import compile_catalogs

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
@click.option("--min-complete", type=click.FloatRange(0, 100), cls=_DefaultFrom,
              default_from=".build:DEFAULT_MIN_COMPLETE", show_default=True,
              help="Skip a language below this % complete at the --include level.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder; default: dist/.")
@click.option("--bilingual", is_flag=True,
              help="Also write <doc>.bilingual.<ext>: English beside the translation "
                   "(html, pdf, docx).")
@click.option("--strict", is_flag=True,
              help="Leave out a language whose printed text has QA errors "
                   "(see 'translate-letter check').")
@click.pass_context
def build(ctx: click.Context, langs: tuple[str, ...], formats: tuple[str, ...], include: str,
          min_complete: float, out_dir: Path | None, bilingual: bool, strict: bool) -> None:
    """Localized documents: dist/<lang>/<doc>.<ext> (txt, md, html, pdf, docx)."""
    from . import build as build_module

    settings = _settings(ctx)
    report = build_module.build(
        settings, settings.select_languages(langs), list(formats), include, min_complete,
        out_dir, bilingual, strict,
    )
    for path in report.written:
        click.echo(f"wrote {_relative(path, settings.root)}")
    for warning in report.warnings:
        click.echo(f"translate-letter: warning: {warning}", err=True)
    for reason in report.skipped:
        click.echo(f"translate-letter: not written: {reason}", err=True)
    if report.skipped:
        ctx.exit(1)


class _ProgressBar:
    """click's progress bar (counts, rate, ETA) on a terminal, fed by progress callbacks."""

    def __init__(self) -> None:
        self.bar = None
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="pretranslate", file=sys.stderr,
                                         show_pos=True, show_eta=True,
                                         item_show_func=lambda rate: rate)
            self.bar.__enter__()
        rate = done / max(time.monotonic() - self.started, 1e-6)
        self.bar.update(done - self.bar.pos, current_item=f"{rate:.1f} segments/s")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


@cli.command(name="pretranslate")
@language_option
@click.option("--engine", cls=_DefaultFrom, default_from=".machine:DEFAULT_ENGINE",
              show_default=True, metavar="NAME",
              help="Machine translation engine, or 'memory' (see --list-engines).")
@click.option("--url", help="Address of the service (a LibreTranslate server, or another "
              "engine's base URL).")
@click.option("--api-key", help="The engine's key (ID:SECRET for Papago and Baidu); default: "
              "its environment variable.")
@click.option("--model", help="The model the llm engine asks (default: LLM_MODEL).")
@click.option("--workers", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Requests in flight at once.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=10.0,
              show_default=True, help="Seconds one request may take, to the last byte of its "
              "answer.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Retries of a request after a timeout, 429 or 5xx.")
@click.option("--memory", "memory_files", multiple=True, type=click.Path(path_type=Path),
              metavar="FILE", help="PO or TMX translation memory for --engine memory "
              "(repeatable; the project's catalogs are always used).")
@click.option("--threshold", type=click.FloatRange(0, 100, min_open=True), default=None,
              help="Lowest similarity (%) of a fuzzy memory match  [default: 75]")
@click.option("--redraft", is_flag=True, help="Also replace drafts that an engine or the memory "
              "wrote (never translated or approved entries, nor people's drafts).")
@click.option("--list-engines", is_flag=True, help="List the engines and exit.")
@click.pass_context
def pretranslate_command(ctx: click.Context, langs: tuple[str, ...], engine: str,
                         url: str | None, api_key: str | None, model: str | None, workers: int,
                         timeout: float, retries: int, memory_files: tuple[Path, ...],
                         threshold: float | None, redraft: bool, list_engines: bool) -> None:
    """Fill untranslated entries with drafts (fuzzy, engine and date noted)."""
    from . import machine
    from .review.app_lock import project_database

    if list_engines:
        click.echo(f"{'engine':<15} {'key':<19} {'offline':<8} service and settings")
        for row in machine.engine_table():
            click.echo(f"{row['name']:<15} {row['key']:<19} {row['offline']:<8} {row['title']}"
                       + (f"; {row['settings']}" if row["settings"] else ""))
        return
    settings = _settings(ctx)
    options = machine.Options(engine=engine, url=url, api_key=api_key, model=model,
                              workers=workers, timeout=timeout, retries=retries,
                              memory_files=memory_files, threshold=threshold, redraft=redraft)
    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        report = machine.pretranslate(settings, settings.select_languages(langs), options, bar,
                                      cache_at=project_database(settings))
    finally:
        if bar is not None:
            bar.close()
    click.echo(report.summary())
    for lang, msgid, tokens in report.flagged:
        click.echo(f"flagged: {lang} \"{_short(msgid)}\": tokens differ: {', '.join(tokens)}")
    for lang, msgid, text in report.suspect:
        click.echo(f"flagged: {lang} \"{_short(msgid)}\": drafted from a request that held "
                   f"instruction-like text (\"{_short(text)}\")")
    for failure in report.failed[:20]:
        click.echo(f"translate-letter: failed: {failure.lang} \"{_short(failure.msgid)}\": "
                   f"{failure.reason}", err=True)
    if len(report.failed) > 20:
        click.echo(f"translate-letter: … and {len(report.failed) - 20} more failed", err=True)
    if not report.ok:
        ctx.exit(1)


@cli.command()
@language_option
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--list", "list_checks", is_flag=True, help="List the checks and exit.")
@click.pass_context
def check(ctx: click.Context, langs: tuple[str, ...], as_json: bool, list_checks: bool) -> None:
    """QA checks over every catalog; exit 1 when an error-level finding exists."""
    from . import checks as checks_module

    if list_checks:
        rows = [c.as_dict() for c in checks_module.CHECKS.values()]
        if as_json:
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        for row in [] if as_json else rows:
            click.echo(f"{row['id']:<16} {row['level']:<8} {row['description']}")
        return
    settings = _settings(ctx)
    findings = checks_module.run_checks(settings, settings.select_languages(langs))
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
        click.echo(checks_module.summary(findings), err=True)
    if checks_module.has_errors(findings):
        ctx.exit(1)


def _document(settings: Settings, doc: str | None) -> str:
    """The document a command names, or the project's only one."""
    documents = settings.documents()
    if doc is None and len(documents) == 1:
        return documents[0]
    if doc is None:
        raise UserError(f"name the document with --doc ({', '.join(documents) or 'none'})")
    return doc


@cli.command(name="export")
@click.option("-l", "--lang", "lang", metavar="LANG",
              help="The catalog's language (XLIFF; TMX holds every language).")
@click.option("--doc", metavar="DOC", help="The document (default: the project's only one).")
@click.option("--format", "fmt", type=_ChoiceFrom(".review.exchange:EXPORT_FORMATS"),
              default="xliff", show_default=True,
              help="xliff: XLIFF 1.2; xliff2: XLIFF 2.0; tmx: the team's memory, TMX 1.4b.")
@click.option("--state", "states", metavar="STATES",
              help="Only entries in these states, comma-separated (untranslated, draft, "
                   "translated, approved); default: all.")
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False,
                                                                        path_type=Path),
              help="The file to write.")
@click.pass_context
def export_command(ctx: click.Context, lang: str | None, doc: str | None, fmt: str,
                   states: str | None, out: Path) -> None:
    """Write a catalog as XLIFF for a translator's own tool, or the team's memory as TMX."""
    from .catalog.files import atomic_write_bytes
    from .review.exchange import chosen_states, export_memory, export_xliff

    settings = _settings(ctx)
    chosen = chosen_states(states)
    if fmt == "tmx":
        count = export_memory(settings, out, chosen)
        click.echo(f"wrote {out}: {count} translation units", err=True)
        return
    if not lang:
        raise UserError("name the catalog's language with -l LANG")
    data = export_xliff(settings, _document(settings, doc), lang, fmt, chosen)
    atomic_write_bytes(out, data)
    click.echo(f"wrote {out}", err=True)


@cli.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as", "name", metavar="NAME",
              help="Who translated the file's texts, for their provenance and history "
                   "(default: your login name).")
@click.option("--draft", is_flag=True,
              help="Take the texts as drafts (origin import:FILE), not as translations.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def import_command(ctx: click.Context, file: Path, name: str | None, draft: bool,
                   as_json: bool) -> None:
    """Bring translations back from an XLIFF (1.2, 2.0), TMX or PO file; exit 1 when an
    entry changed since the export (a conflict) or a text is refused."""
    import getpass

    from .review.exchange import Importer, import_file

    report = import_file(_settings(ctx), file, Importer(name or getpass.getuser(), draft))
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    for clash in [] if as_json else report.conflicts + report.refused:
        why = clash.reason
        click.echo(f"{clash.doc}/{clash.lang} {clash.id}: {why}: {_short(clash.source)}\n"
                   f"  now:  {clash.ours}\n  file: {clash.theirs}")
    for eid, source in [] if as_json else report.gone:
        click.echo(f"{eid}: no longer in the documents: {_short(source)}")
    click.echo(report.summary(), err=True)
    if not report.ok:
        ctx.exit(1)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (another machine can reach only a non-loopback one).")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--instance", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the review database; default: instance/ in the project.")
@click.option("--threads", type=click.IntRange(1, 256), default=8, show_default=True,
              help="Requests served at once.")
@click.option("--proxy", is_flag=True,
              help="Behind one reverse proxy: trust its X-Forwarded-For/-Proto/-Host headers.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, instance: Path | None, threads: int,
          proxy: bool) -> None:
    """Run the review web app on the project's catalogs (waitress)."""
    from .accounts import ensure_first_maintainer
    from .web import create_app, services
    from .web import serve as run_server

    settings = _settings(ctx)
    # One review app per project folder: the app claims it (and tells the commands where
    # its journal is), whatever server runs it.
    app = create_app({"PROJECT_ROOT": settings.root, "INSTANCE_PATH": instance,
                      "PROXY": proxy})
    first = ensure_first_maintainer(services(app).db)
    if first:
        click.echo(f"no accounts yet: created maintainer {first[0]!r} with the one-time "
                   f"password {first[1]!r} (shown only this once; change it at sign-in)")

    def announce(url: str) -> None:
        click.echo(f"review app for {settings.root}: the public reading room at {url} "
                   "(Ctrl+C stops)")
        click.echo(f"staff sign in at {url}login")

    run_server(app, host, port, announce, threads)


@cli.command()
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site into (replaced if it holds an earlier site).")
@click.option("--instance", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the review database (the maintainers' publishing decisions); "
                   "default: the review app's (serve --instance), else instance/.")
@click.pass_context
def publish(ctx: click.Context, out_dir: Path, instance: Path | None) -> None:
    """The public reading room as static files: published languages only, relative links."""
    from .reading.site import write_site
    from .review.app_lock import project_database
    from .review.publishing import record_found, saved_decisions

    settings = _settings(ctx)
    database = project_database(settings, instance)
    site = write_site(settings, saved_decisions(database), out_dir)
    record_found(settings, database)
    result = site.publication
    for edition in result.editions:
        if edition.published:
            click.echo(f"published {edition.describe()}")
    for edition in result.left_out():
        click.echo(f"translate-letter: left out: {edition.describe()}", err=True)
    for reason in site.failed:
        click.echo(f"translate-letter: not written: {reason}", err=True)
    click.echo(f"wrote {out_dir}")
    if result.left_out() or site.failed:
        ctx.exit(1)


key_option = click.option(
    "--key", "key", type=click.Path(dir_okay=False, path_type=Path),
    help="The release key's private file (its public half beside it, .pub); default: "
         "release-key in the instance folder.")
release_instance_option = click.option(
    "--instance", type=click.Path(file_okay=False, path_type=Path),
    help="The instance folder (the release key, the publishing decisions); default: the "
         "review app's (serve --instance), else instance/.")


def _release_key(settings: Settings, key: Path | None, instance: Path | None):
    from .reading.release import key_path
    from .review.app_lock import project_instance
    from .signing import SigningKey

    return SigningKey(key_path(settings, key, project_instance(settings, instance)))


def _audit(settings: Settings, instance: Path | None, event: str, detail: str) -> None:
    """Record a command's change of public state in the instance's audit trail."""
    from .accounts.audit import record
    from .accounts.schema import open_accounts
    from .review.app_lock import project_database

    db = open_accounts(project_database(settings, instance))
    try:
        record(db, event, None, detail)
    finally:
        db.close()


@cli.group(name="key")
def key_group() -> None:
    """The release key that signs every release (OpenSSH, ed25519)."""


@key_group.command(name="init")
@key_option
@release_instance_option
@click.pass_context
def key_init(ctx: click.Context, key: Path | None, instance: Path | None) -> None:
    """Make the release key once (ssh-keygen, ed25519, mode 0600); never published."""
    from .signing import init_key

    settings = _settings(ctx)
    made = init_key(_release_key(settings, key, instance).path)
    _audit(settings, instance, "release-key-made", f"{made.path} {made.fingerprint()}")
    click.echo(f"made the release key {made.path} (public half: {made.public.name}), "
               f"fingerprint {made.fingerprint()}")


@key_group.command(name="show")
@key_option
@release_instance_option
@click.pass_context
def key_show(ctx: click.Context, key: Path | None, instance: Path | None) -> None:
    """Print the release key's fingerprint and its allowed-signers line."""
    from .signing import allowed_signers

    found = _release_key(_settings(ctx), key, instance).check()
    click.echo(found.fingerprint())
    click.echo(allowed_signers(found.public.read_text(encoding="utf-8")), nl=False)


@cli.command()
@click.option("--version", "version", metavar="VERSION",
              help="The release's name; default: today's date and a counter (2026-12-04.1).")
@key_option
@release_instance_option
@click.pass_context
def release(ctx: click.Context, version: str | None, key: Path | None,
            instance: Path | None) -> None:
    """Build the published letters into dist/release/<version>/, list them in SHA256SUMS and
    sign it."""
    from .reading.release import make_release
    from .review.app_lock import project_database
    from .review.publishing import saved_decisions

    settings = _settings(ctx)
    signing_key = _release_key(settings, key, instance)
    decisions = saved_decisions(project_database(settings, instance))
    made = make_release(settings, decisions, signing_key, version)
    new = made.release
    _audit(settings, instance, "released", new.summary())
    since = f"since release {new.previous}" if new.previous else "(the first release)"
    for change in new.changes:
        click.echo(f"  {change.describe()}")
    for edition in made.publication.left_out():
        click.echo(f"translate-letter: not in this release: {edition.describe()}", err=True)
    click.echo(f"released {new.version} {since}: {_relative(new.folder, settings.root)}/ "
               f"({len(new.files())} files, signed with key {new.fingerprint})")


@cli.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--release", "release_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The release folder to check against; default: the nearest folder above "
                   "each file that holds SHA256SUMS.")
@click.option("--signers", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The key to trust: an allowed-signers file or an OpenSSH public key; "
                   "default: the project's release key, else the one the release publishes.")
@click.pass_context
def verify(ctx: click.Context, files: tuple[Path, ...], release_dir: Path | None,
           signers: Path | None) -> None:
    """Check files against a release's SHA256SUMS and its signature; exit 1 when one is not
    authentic."""
    from .reading.release import release_name
    from .signing import verify_files

    settings = _settings(ctx)
    if signers is None:
        own = _release_key(settings, None, None).public
        signers = own if own.is_file() else None
    verdicts, signatures = verify_files(files, release_dir, signers)
    for verdict in verdicts:
        where = f"release {release_name(verdict.release)}"
        if verdict.authentic:
            click.echo(f"{verdict.path}: OK, {verdict.name} of {where}")
        else:
            click.echo(f"{verdict.path}: FAILED: {verdict.reason} ({where})")
    for folder, signature in signatures.items():
        if signature.good:
            trust = (" (the key the release publishes: compare this fingerprint with the one "
                     "the signatories publish)" if signature.own_key else "")
            click.echo(f"release {release_name(folder)} ({folder}) is signed with key "
                       f"{signature.fingerprint}{trust}", err=True)
    if not all(v.authentic for v in verdicts):
        ctx.exit(1)


@cli.group()
def user() -> None:
    """Accounts of the review app."""


instance_option = click.option(
    "--instance", type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the review database; default: the review app's (serve --instance), "
         "else instance/ in the project.")


def _accounts_db(ctx: click.Context, instance: Path | None):
    from .accounts.schema import open_accounts
    from .review.app_lock import project_database

    return open_accounts(project_database(_settings(ctx), instance))


def _read_password() -> str:
    """A password from standard input, or asked for twice without echo on a terminal."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@user.command(name="add")
@click.argument("name")
@click.option("--role", required=True, type=_ChoiceFrom(".accounts:ROLES"),
              help="What the account may do.")
@click.option("--lang", "langs", multiple=True, metavar="LANG",
              help="Languages of a translator's or reviewer's role (repeatable or "
                   "comma-separated), or 'all' for every language.")
@instance_option
@click.pass_context
def user_add(ctx: click.Context, name: str, role: str, langs: tuple[str, ...],
             instance: Path | None) -> None:
    """Create an account (password from stdin, or asked for), or give one more languages.

    An existing account keeps its password.
    """
    from .accounts import account_exists, add_account, grant_languages, validate_name

    settings = _settings(ctx)
    validate_name(name)
    codes = [code.strip() for item in langs for code in item.split(",") if code.strip()]
    every = codes == ["all"]
    if "all" in codes and not every:
        raise UserError("--lang all grants every language: leave out the others")
    if role != "maintainer" and not codes:
        raise UserError(f"a {role} needs --lang LANG (or --lang all for every language)")
    languages = settings.select_languages(codes) if codes and not every else []
    grant_languages(role, languages, settings.languages, every)
    db = _accounts_db(ctx, instance)
    password = None if account_exists(db, name) else _read_password()
    created = add_account(db, name, role, languages, settings.languages, password, every=every)
    scope = "every language" if role == "maintainer" or every else ", ".join(languages)
    click.echo(f"{'created' if created else 'updated'} account {name!r}: {role} for {scope}")


@user.command(name="list")
@instance_option
@click.pass_context
def user_list(ctx: click.Context, instance: Path | None) -> None:
    """Every account with its roles and sign-in standing."""
    from .accounts import list_accounts, name_key
    from .accounts.throttle import locked_until

    db = _accounts_db(ctx, instance)
    for person in list_accounts(db):
        roles = ", ".join(f"{role} ({'all' if lang == '*' else lang})"
                          for lang, role in person.grants.items())
        standing = ["disabled" if person.disabled else "enabled"]
        standing += [word for word, due in (
            ("locked", locked_until(db, name_key(person.name))), ("two-factor",
            person.two_factor), ("new password due", person.must_change_password)) if due]
        click.echo(f"{person.name:<20} {', '.join(standing):<36} {roles}")


@user.command(name="passwd")
@click.argument("name")
@instance_option
@click.pass_context
def user_passwd(ctx: click.Context, name: str, instance: Path | None) -> None:
    """Set an account's password (from stdin, or asked for) and end its sessions."""
    from .accounts import set_password

    db = _accounts_db(ctx, instance)
    set_password(db, name, _read_password())
    click.echo(f"new password for {name!r}; its sessions are ended")


def _account_command(name: str, help_text: str, action: Callable[..., str],
                     done: str) -> None:
    @user.command(name=name, help=help_text)
    @click.argument("account")
    @instance_option
    @click.pass_context
    def command(ctx: click.Context, account: str, instance: Path | None) -> None:
        click.echo(done.format(action(_accounts_db(ctx, instance), account)))


_account_command("disable", "Disable an account and end its sessions.",
                 lambda db, name: _constant(".accounts:set_disabled")(db, name, True),
                 "disabled {!r}")
_account_command("enable", "Enable a disabled account.",
                 lambda db, name: _constant(".accounts:set_disabled")(db, name, False),
                 "enabled {!r}")
_account_command("reset-2fa", "Turn off an account's two-factor sign-in (a lost phone).",
                 lambda db, name: _constant(".accounts:reset_two_factor")(db, name),
                 "two-factor sign-in of {!r} is off; it may enrol again")
_account_command("unlock", "Lift an account's sign-in lockout.",
                 lambda db, name: _constant(".accounts:unlock")(db, name), "unlocked {!r}")


@cli.group(name="db")
def db_group() -> None:
    """The review database: its schema and migrations, and copying it elsewhere."""


@db_group.command(name="upgrade")
@instance_option
@click.pass_context
def db_upgrade(ctx: click.Context, instance: Path | None) -> None:
    """Apply the migrations this release has to the review database and say which revision
    its schema is at (the app and the commands also do it when they open it)."""
    from .review.app_lock import project_database
    from .storage import Database
    from .storage.migrate import upgrade

    where = project_database(_settings(ctx), instance)
    db = Database(where)
    try:
        done = upgrade(db)
    finally:
        db.close()
    click.echo(f"review database {where}: {done.describe()}")


@db_group.command(name="copy")
@click.option("--to", "to", required=True, metavar="URL",
              help="The empty database to copy into: postgresql://USER@HOST:PORT/NAME or "
                   "sqlite:///PATH.")
@instance_option
@click.pass_context
def db_copy(ctx: click.Context, to: str, instance: Path | None) -> None:
    """Copy every row of the review database (history, comments, accounts and their
    two-factor secrets, sessions, publishing decisions, the audit trail, the machine
    translation cache) into another, empty database; then point the ``database`` setting
    or TRANSLATE_LETTER_DATABASE at it."""
    from .review.app_lock import project_database
    from .storage import Location, open_database
    from .storage.copy import copy_database

    settings = _settings(ctx)
    source = open_database(project_database(settings, instance))
    try:
        copied = copy_database(source, Location.parse(to, settings.root))
    finally:
        source.close()
    for table, rows in copied.rows.items():
        click.echo(f"{table:<20} {rows:>8}")
    click.echo(f"copied {copied.total} rows from {copied.source} to {copied.target}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the events as JSON.")
@click.option("--since", metavar="DATE", help="Only events from this date (2026-12-01) or "
              "time (2026-12-01T09:30, UTC unless an offset is given) on.")
@instance_option
@click.pass_context
def audit(ctx: click.Context, as_json: bool, since: str | None, instance: Path | None) -> None:
    """The security audit trail: sign-ins, failures, lockouts, account changes, approvals,
    publishing decisions, the release key and releases."""
    from .accounts.audit import escaped, events, parse_since

    rows = events(_accounts_db(ctx, instance), parse_since(since) if since else None)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        # Names and addresses are anyone's input: escaped, they cannot forge a line.
        times = f" (x{row['count']})" if row["count"] > 1 else ""
        click.echo(f"{row['at']}  {row['event']:<22} {escaped(row['account']) or '-':<20} "
                   f"{escaped(row['address']) or '-':<16} {escaped(row['detail'])}{times}")


def main() -> None:
    cli(prog_name="translate-letter")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
