"""The command line: parses arguments, calls the library, prints a summary. Nothing more.

Only presskb's own errors are caught: each is one line on stderr and exit status 1.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import click

from presskb import __version__, export as export_module, pipeline, site, taxonomy
from presskb.errors import PresskbError
from presskb.processes import collect_garbage_less_often
from presskb.progress import Progress
from presskb.project import DEFAULT_MAX_SEED_BYTES, Project
from presskb.write import unpublish

WARNINGS_SHOWN = 20


class _Cli(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PresskbError as error:
            click.echo(f"presskb: error: {_one_line(str(error))}", err=True)
            sys.exit(1)


def _project(ctx: click.Context) -> Project:
    return Project.find(ctx.obj["project"], max_seed_bytes=ctx.obj["max_seed_bytes"])


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="presskb")
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project folder (holds mkdocs.yml and topics.yml). Default: the current folder or above.",
)
@click.option(
    "--max-seed-size",
    type=click.FloatRange(min=0.001),
    default=DEFAULT_MAX_SEED_BYTES / 1024 / 1024,
    show_default=True,
    help="Largest seed file to read, in MB; larger ones fail with a clear error.",
)
@click.pass_context
def cli(ctx, project, max_seed_size):
    """presskb: turn raw press material in seeds/ into a MkDocs knowledge base."""
    ctx.obj = {"project": project, "max_seed_bytes": int(max_seed_size * 1024 * 1024)}


_strict = click.option("--strict", is_flag=True, help="Also fail (exit 1) when there are warnings.")


@cli.command()
@_strict
@click.pass_context
def ingest(ctx, strict):
    """Write the generated pages into docs/ (no MkDocs build)."""
    report = pipeline.ingest(_project(ctx), Progress).report(WARNINGS_SHOWN)
    _report(report)
    _exit_for(report, strict)


@cli.command()
@_strict
@click.pass_context
def build(ctx, strict):
    """Ingest, then build the site into site/ with `mkdocs build --strict`."""
    project = _project(ctx)
    with project.lock():
        build = site.SiteBuild(project)
        try:
            report = pipeline.ingest_apart(project, Progress, published=build.start,
                                           search_written=build.index_search, warnings_shown=WARNINGS_SHOWN)
        except BaseException:
            build.cancel()
            raise
        _report(report)
        build.wait()
    click.echo(f"Site built:     {project.relative(project.site_dir)}/")
    _exit_for(report, strict)


@cli.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.pass_context
def serve(ctx, dev_addr):
    """Ingest, serve the site, and re-ingest when seeds/ or topics.yml change."""
    project = _project(ctx)
    _report(pipeline.ingest(project, Progress).report(WARNINGS_SHOWN))
    click.echo(f"Serving on http://{dev_addr}/ (Ctrl+C to stop)")
    site.serve_site(project, dev_addr)


@cli.command()
@click.option("--format", "format_", type=click.Choice(export_module.FORMATS), default="json",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="File to write (default: standard output).")
@click.pass_context
def export(ctx, format_, output):
    """Export one record per seed (metadata and duplicate_of) as JSON or CSV. No build needed."""
    project = _project(ctx)
    result = pipeline.read_corpus(project, taxonomy.load(project.topics_file))
    for error in result.errors:
        click.echo(f"error: {_one_line(str(error))}", err=True)
    text = export_module.dumps(export_module.records(result), format_)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Exported {len(result.articles) + len(result.duplicates)} records to {output}", err=True)
    else:
        click.echo(text, nl=False)
    if result.errors:
        sys.exit(1)


@cli.command()
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Built site to check. Default: the project's site/.")
@click.option("--external", is_flag=True,
              help="Also check web links (original releases), with a cache and retries. Needs network.")
@click.pass_context
def check(ctx, site_dir, external):
    """Check every link, anchor, image and asset of the built site (offline by default)."""
    from presskb import check as check_module  # the commands a build runs do not need it

    project = _project(ctx)
    report = check_module.check_site(site_dir or project.site_dir, site.site_url(project), external)
    for broken in report.broken:
        click.echo(f"broken: {broken}", err=True)
    if report.broken:
        click.echo(f"presskb: {len(report.broken)} broken link(s) in {report.files} files", err=True)
        sys.exit(1)
    click.echo(f"Checked {report.links} links in {report.files} files: none broken.")


@cli.command()
@click.option("--yaml", "as_taxonomy", is_flag=True, help="Print ready-to-edit topics.yml entries instead.")
@click.option("--limit", type=click.IntRange(min=1), default=30, show_default=True, help="How many to list.")
@click.option("--min-articles", type=click.IntRange(min=1), default=2, show_default=True,
              help="List only entities named in at least this many articles (1 on a small corpus).")
@click.pass_context
def suggest(ctx, as_taxonomy, limit, min_articles):
    """List product codes and organisations found in the corpus that the taxonomy lacks."""
    from presskb.classify import Classifier
    from presskb.suggest import as_yaml, suggest as find_suggestions

    project = _project(ctx)
    result = pipeline.read_corpus_cached(project, taxonomy.load(project.topics_file))
    found = find_suggestions(result.articles, Classifier.build(result.taxonomy), limit, min_articles)
    if as_taxonomy:
        click.echo(as_yaml(found), nl=False)
        return
    articles = f"{min_articles} or more articles" if min_articles > 1 else "any article"
    if not found:
        hint = " (try --min-articles 1)" if min_articles > 1 else ""
        click.echo(f"No entity missing from the taxonomy appears in {articles}{hint}.")
        return
    click.echo(f"Entities missing from the taxonomy that appear in {articles}, most frequent first:")
    for item in found:
        click.echo(f"{item.articles:>5}  {item.kind:<8} {item.name}")
        click.echo(f"       e.g. {item.example_seed}: {item.example}")


@cli.command()
@click.pass_context
def clean(ctx):
    """Delete the generated pages from docs/ (hand-written pages stay) and the built site/."""
    project = _project(ctx)
    with project.lock():
        deleted = unpublish(project)
        if project.site_dir.is_dir():
            shutil.rmtree(project.site_dir)
    click.echo(f"Deleted {deleted} generated pages and site/.")


def _report(report: pipeline.IngestReport) -> None:
    for error in report.errors:
        click.echo(f"error: {_one_line(str(error))}", err=True)
    written = report.written
    click.echo(f"Seeds read:     {report.seeds} ({len(report.errors)} failed)")
    click.echo(f"Articles:       {report.articles} ({report.duplicates} duplicate copies grouped)")
    click.echo(f"Topics:         {report.topics}")
    click.echo(
        f"Pages written:  {len(written.written)} "
        f"({written.unchanged} unchanged, {len(written.deleted)} deleted)"
    )
    click.echo(f"Warnings:       {report.warning_count}")
    for warning in report.first_warnings:
        click.echo(f"  {_one_line(warning)}")
    if report.warning_count > len(report.first_warnings):
        click.echo(f"  ... and {report.warning_count - len(report.first_warnings)} more: see docs/report.md")


def _one_line(message: str) -> str:
    """A message on one line, whatever a seed's name holds: its control characters (a newline
    is allowed in a file name) are shown escaped."""
    return _CONTROL.sub(lambda found: found.group().encode("unicode_escape").decode(), message)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _exit_for(report: pipeline.IngestReport, strict: bool) -> None:
    if report.errors:
        click.echo(f"presskb: {len(report.errors)} seed(s) failed", err=True)
        sys.exit(1)
    if strict and report.warning_count:
        click.echo(f"presskb: {report.warning_count} warning(s) with --strict", err=True)
        sys.exit(1)


def main() -> None:
    collect_garbage_less_often()
    cli(prog_name="presskb")
