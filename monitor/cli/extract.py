"""Commands on the claim extractor: extract (a file, a stored URL, every snapshot), evaluate."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.app import State, cli, emit_json, handle_errors, json_option


@cli.command()
@click.argument("target", required=False, metavar="[PATH_OR_URL]")
@click.option(
    "--region",
    "regions",
    multiple=True,
    metavar="ID",
    help="A region the document speaks about (repeatable): sentences naming no region "
    "are attributed to it when it is the only one.",
)
@click.option("--rerun", is_flag=True, help="Re-read every stored snapshot with this extractor.")
@click.option(
    "--document-seconds",
    type=click.FloatRange(min=0, min_open=True, max=86400),
    metavar="SECONDS",
    help="Stop extracting a document after this long (default: extract.document_seconds).",
)
@json_option
@click.pass_obj
@handle_errors
def extract(
    state: State,
    target: str | None,
    regions: tuple[str, ...],
    rerun: bool,
    document_seconds: float | None,
    as_json: bool,
) -> None:
    """Extract main text and claims: from one file, from the stored copy of one URL, or
    from every stored snapshot not yet extracted (never fetches anything).

    With a PATH (HTML, PDF or text) or URL, prints each claim with its quote; --json
    gives {"claims": [{"region", "attribute", "value", "evidence": {"quote", "start",
    "end"}, "rule", "basis", "modality", "scope": {"regions", "why"}, "role"}]}; basis
    "learned" marks a claim of the learned reading, which no rule made. Extraction taking
    longer than extract.document_seconds (or --document-seconds) is stopped: for a PATH or
    URL an error naming it, for stored snapshots a too-complex record.

    Example:

        scs-monitor extract page.html --region xiamen --json
    """
    from monitor.cli.progress import progress_printer
    from monitor.cli.render import render_claims
    from monitor.datadir.workspace import open_workspace
    from monitor.pipeline.extraction import claims_json, extract_pending, extract_target

    if target is None:
        if regions:
            raise click.UsageError("--region applies to one PATH or URL")
        db = open_workspace(state.config)
        with progress_printer(not as_json) as show:
            summary = extract_pending(
                state.config,
                db,
                rerun=rerun,
                progress=lambda done, total: show("extract", {"done": done, "total": total}),
                budget=document_seconds,
            )
        emit_json(summary.as_json()) if as_json else click.echo(
            f"Extracted {summary.documents} snapshot(s): {summary.claims} claim(s), "
            f"{len(summary.errors)} unreadable" + "".join(f"\n  {e}" for e in summary.errors)
        )
        return
    store = open_workspace(state.config) if target.startswith(("http://", "https://")) else None
    claims = extract_target(state.config, store, target, regions, document_seconds)
    emit_json(claims_json(claims)) if as_json else click.echo(render_claims(claims))


@cli.command("evaluate")
@click.option(
    "--split",
    type=click.Choice(["dev", "test", "all"]),
    default="test",
    show_default=True,
    help="dev: the passages the rules are tuned against; test: written blind, only scored.",
)
@click.option(
    "--gold",
    type=click.Path(path_type=Path),
    help="A gold directory (regions.yaml, dev/, test/) or one passages file "
    "(default: the gold set installed with scs-monitor).",
)
@click.option("--mistakes", is_flag=True, help="Also list every false positive and negative.")
@click.option(
    "--rules-only", is_flag=True, help="Score the rules alone, without the learned reading."
)
@click.option(
    "--learned",
    "cross",
    is_flag=True,
    help="Also measure the learned reading on held-out folds of dev against the rules alone "
    "(trains it 5 times: a few minutes).",
)
@json_option
@handle_errors
def evaluate(
    split: str, gold: Path | None, mistakes: bool, rules_only: bool, cross: bool, as_json: bool
) -> None:
    """Score the claim extractor on the labelled gold set: precision and recall overall,
    per attribute and per language, the share of claims with the right scope and modality,
    false claims against values the study states, and the topic net measured against the
    rules alone, per language. The learned reading was trained on dev: scored on dev it is
    in-sample (--learned measures it on held-out folds).

    Example:

        scs-monitor evaluate --split test
    """
    from monitor.cli.progress import progress_printer
    from monitor.cli.render import render_evaluation, render_learned
    from monitor.gold.evaluate import evaluate_gold
    from monitor.gold.learning import LearnedScore, cross_validate

    if cross and gold is not None and not gold.is_dir():
        raise click.UsageError(
            f"--learned trains on a gold directory's dev split; {gold} is a passages file"
        )
    result = evaluate_gold(gold, split, topic_net=True, learned=not rules_only)
    folds: tuple[LearnedScore, ...] = ()
    if cross:
        with progress_printer(not as_json) as show:
            folds = cross_validate(
                gold,
                progress=lambda done, total: show("folds", {"done": done, "total": total}),
            )
    if as_json:
        emit_json(
            {**result.as_json(), **({"learned": [f.as_json() for f in folds]} if cross else {})}
        )
    else:
        click.echo(render_evaluation(result, mistakes=mistakes))
        if folds:
            click.echo(render_learned(folds))


@cli.command("learn")
@click.option(
    "--gold",
    type=click.Path(path_type=Path, file_okay=False),
    help="A gold directory whose dev split to train on (default: the installed gold set).",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the model (default: the one the extractor reads, in the package).",
)
@click.option(
    "--check", is_flag=True, help="Only say whether the model was trained on dev as it stands."
)
@json_option
@handle_errors
def learn(gold: Path | None, output: Path | None, check: bool, as_json: bool) -> None:
    """Train the learned reading on the dev split (never on test) and write its model. Run
    it after changing dev; --check exits 1 when the model is out of date.

    Example:

        scs-monitor learn --check
    """
    from extract.learned import MODEL_PATH
    from monitor.gold.learning import check_model, train_dev

    if check:
        fresh = check_model(gold, output or MODEL_PATH)
        emit_json(fresh.as_json()) if as_json else click.echo(
            f"{fresh.path}: "
            + ("trained on dev as it stands" if fresh.current else "out of date: run `learn`")
        )
        if not fresh.current:
            raise SystemExit(1)
        return
    from monitor.cli.progress import progress_printer

    with progress_printer(not as_json) as show:
        trained = train_dev(
            gold,
            output or MODEL_PATH,
            progress=lambda done, total: show("folds", {"done": done, "total": total}),
        )
    emit_json(trained.as_json()) if as_json else click.echo(
        f"Trained on {trained.examples} dev passages: {len(trained.labels)} (attribute, value) "
        f"pairs, {trained.features} features; written to {trained.path}"
    )


@cli.command("eval-extract", hidden=True)
@click.argument("gold", required=False, type=click.Path(path_type=Path))
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="all")
@click.option("--mistakes", is_flag=True)
@json_option
@click.pass_context
def eval_extract(
    ctx: click.Context, gold: Path | None, split: str, mistakes: bool, as_json: bool
) -> None:
    """The old name of `evaluate` (every split by default).

    Example:

        scs-monitor eval-extract --split dev
    """
    ctx.invoke(evaluate, split=split, gold=gold, mistakes=mistakes, as_json=as_json)
