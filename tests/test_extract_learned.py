"""extract/learned.py and monitor/gold/learning.py: the learned reading, trained on dev, read
only where no rule reads, never in plans, disputes or sentences about several regions; its
model kept current with dev; alerts from it never reach the matrix on their own."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from db.models import RegionNames
from extract.claims import extract_claims, sentence_scopes
from extract.errors import ExtractError
from extract.learned import (
    PLACE,
    LearnError,
    TrainingSettings,
    features,
    learned_model,
    load_model,
    unplaced,
)
from extract.noise import normalised_hash
from extract.rules import load_learned
from extract.training import Sparse, fit_logistic, train
from monitor.alerts.changes import Page, classify
from monitor.cli.app import cli
from monitor.gold.learning import check_model, dev_examples, examples_of

REGIONS = [
    RegionNames("shenzhen", ("Shenzhen", "深圳")),
    RegionNames("xiamen", ("Xiamen", "厦门")),
]
PLACES = tuple(name for region in REGIONS for name in region.names)
# no rule reads cameras or face recognition here; the model does (both above 0.8)
SCREENS = "Shenzhen's traffic police put the faces of jaywalkers up on big screens at the crossing."


def claims(text: str, **kwargs: object) -> list[tuple[str, str, object, str]]:
    found = extract_claims(text, regions=REGIONS, **kwargs)  # type: ignore[arg-type]
    return [(c.region, c.attribute, c.value, c.basis) for c in found]


def test_the_packaged_model_was_trained_on_dev_as_it_stands() -> None:
    fresh = check_model()
    assert fresh.current, "dev changed since the model was trained: run `scs-monitor learn`"


def test_names_of_places_are_masked_in_one_pass_whole_words_only() -> None:
    names = ("Xiamen", "厦门", "Bailu score", "Aksu", "e-Fuzhou")
    masked = unplaced("XIAMEN's Bailu Score, Aksupreme and 厦门市; e-Fuzhou.", names)
    assert masked == f"{PLACE}'s {PLACE}, Aksupreme and {PLACE}市; {PLACE}."
    assert unplaced("İstanbul and Xiamen", names) == f"İstanbul and {PLACE}"  # 'İ' lowers to 2
    for text in ("a" * 200_000, "厦" * 200_000, "xiamen" * 40_000):
        unplaced(text, names)  # bounded: one pass of an automaton, the first MAX_CHARS only


def test_the_packed_integer_logits_match_the_float_arithmetic() -> None:
    model = learned_model()
    assert model is not None
    width = len(model.labels)
    weights = np.frombuffer(model.weights, dtype=np.int8).reshape(-1, width) * np.array(
        model.scales
    )
    long = " ".join(f"word{i} credit score blacklist 信用分{i}" for i in range(600))[:4_000]
    for text in (SCREENS, "credit " * 800, long, "厦门市民信用好可以免押金借书。"):
        counts = Counter(f for f in features(text) if f in model.vocabulary)
        columns = [model.vocabulary[f] for f in counts]
        values = np.array(
            [(1 + np.log(n)) * model.idf[c] for c, n in zip(columns, counts.values(), strict=True)]
        )
        exact = values / np.linalg.norm(values) @ weights[columns] + np.array(model.intercepts)
        assert np.abs(np.array(model.logits(text)) - exact).max() < 0.01, text[:40]


def test_features_are_words_pairs_and_chinese_character_runs() -> None:
    found = features("Red lights, 闯红灯")
    assert {"red", "lights", "red lights", "闯红", "红灯", "闯红灯"} <= set(found)
    long = "word " * 100_000
    assert features(long) == features(long[:4_000])  # a text is read up to its limit


def test_a_sentence_no_rule_reads_gets_learned_claims() -> None:
    found = claims(SCREENS)
    learned = {(r, a, v) for r, a, v, basis in found if basis == "learned"}
    assert ("shenzhen", "surveillance_tech", ("cameras", "facial_recognition")) in learned
    # the rules read the shaming, so the model adds no second reading of it
    assert ("shenzhen", "public_shaming", "yes", "extracted") in found
    assert not any(a == "public_shaming" and b == "learned" for _, a, _, b in found)
    quoted = extract_claims(SCREENS, regions=REGIONS)
    assert all(c.rule == "learned" for c in quoted if c.basis == "learned")
    assert all(c.evidence.quote == SCREENS for c in quoted)


def test_no_learned_claim_from_plans_disputes_or_several_regions() -> None:
    planned = SCREENS.replace("police put", "police plan to put")
    disputed = f"Reports that {SCREENS[:-1]} are false."
    both = SCREENS.replace("Shenzhen's", "Shenzhen's and Xiamen's")
    for text in (planned, disputed, both):
        assert not [c for c in claims(text) if c[3] == "learned"], text


def test_no_learned_claim_from_a_negated_sentence_or_an_faq_answer() -> None:
    for text in (
        "Shenzhen's traffic police never put the faces of jaywalkers up on big screens.",
        "深圳交警从未把闯红灯行人的脸放上路口的大屏幕。",
        "Q: Do Shenzhen's traffic police put the faces of jaywalkers up on big screens?\n"
        "A: No, they do not.",
    ):
        assert not [c for c in claims(text) if c[3] == "learned"], text


def test_a_heading_and_a_sentence_the_rules_read_get_no_second_reading() -> None:
    assert not [c for c in claims(f"# {SCREENS[:-1]}") if c[3] == "learned"]
    # the rules read public shaming in SCREENS: the model adds no value of it beside theirs
    assert [a for _, a, _, b in claims(SCREENS) if a == "public_shaming"] == ["public_shaming"]


def test_the_rules_alone_when_asked() -> None:
    assert not [c for c in claims(SCREENS, learned=False) if c[3] == "learned"]


def test_training_learns_what_held_out_passages_state() -> None:
    examples = dev_examples()
    held, kept = examples[::4], [e for i, e in enumerate(examples) if i % 4]
    model = train(kept, TrainingSettings(min_count=40))
    assert ("penalties", "yes") in model.labels
    label = ("penalties", "yes")
    scores = np.array([model.probabilities(e.text)[label] for e in held])
    positive = np.array([label in e.labels for e in held])
    # the chance that a passage stating it outranks one that does not (ROC AUC)
    wins = (scores[positive][:, None] > scores[~positive][None, :]).mean()
    assert wins > 0.85


def test_logistic_regression_reaches_its_optimum() -> None:
    examples = dev_examples()[:600]
    rows = [Counter(features(e.text)) for e in examples]
    words = sorted({f for row in rows for f in row})
    vocabulary = {w: i for i, w in enumerate(words)}
    matrix = Sparse.of(rows, vocabulary, np.ones(len(words)))
    y = np.array([("rewards", "yes") in e.labels for e in examples], dtype=np.float64)
    settings = TrainingSettings(iterations=500)
    w, b = fit_logistic(matrix, y, settings)
    # the gradient of the penalised loss vanishes at the optimum
    n, positives = len(y), y.sum()
    sample = np.where(y > 0, n / (2 * positives), n / (2 * (n - positives)))
    p = 1 / (1 + np.exp(-(matrix.dot(w) + b)))
    r = settings.c * sample * (p - y)
    gradient = np.concatenate([w + matrix.tdot(r), [r.sum()]])
    assert np.abs(gradient).max() < 1e-3 * max(1.0, float(np.abs(w).max()))


def test_a_model_reads_back_as_it_was_written(tmp_path: Path) -> None:
    examples = examples_of([], [])  # nothing to train on is an error, not an empty model
    with pytest.raises(LearnError, match="no examples"):
        train(examples)
    model = learned_model()
    assert model is not None
    path = tmp_path / "model.zip"
    model.save(path)
    again = load_model(path)
    assert again.labels == model.labels
    assert again.probabilities(SCREENS) == model.probabilities(SCREENS)


def test_a_broken_model_file_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "learned.zip"
    path.write_bytes(b"not a model")
    with pytest.raises(LearnError, match=str(path)):
        load_model(path)


def test_learned_settings_are_checked() -> None:
    assert load_learned("common.yaml", {"languages": ["en"], "threshold": 0.7}).threshold == 0.7
    for raw, where in (
        ({"languages": ["fr"]}, "learned.languages"),
        ({"threshold": 0.2}, "learned.threshold"),
        ({"threshold": "high"}, "learned.threshold"),
        ({"margin": 0.1}, "learned: expected"),
    ):
        with pytest.raises(ExtractError, match=f"common.yaml: {where}"):
            load_learned("common.yaml", raw)


def page(snapshot_id: int, text: str) -> Page:
    found = tuple(extract_claims(text, regions=REGIONS, source_regions=["shenzhen"]))
    fetched = datetime(2026, 1, 1, tzinfo=UTC)
    return Page(snapshot_id, "http://x/", fetched, text, normalised_hash(text), found)


def scoper(text: str, until: int):  # type: ignore[no-untyped-def]
    return sentence_scopes(text, regions=REGIONS, source_regions=["shenzhen"], until=until)


BEFORE = "# Shenzhen's credit scheme\n\nThe scheme began in 2019.\nIt covers firms and residents.\n"


def test_a_learned_reading_changes_an_attribute_the_page_never_spoke_of() -> None:
    change = classify("src", page(1, BEFORE), page(2, BEFORE + SCREENS + "\n"), scoper)
    learned = {(c.attribute, c.after) for c in change.claim_changes if c.learned}
    assert ("surveillance_tech", ("cameras", "facial_recognition")) in learned


def test_a_learned_reading_never_changes_what_the_page_spoke_of_before() -> None:
    before = BEFORE + "Cameras watch the crossings.\n"
    change = classify("src", page(1, before), page(2, before + SCREENS + "\n"), scoper)
    assert not [c for c in change.claim_changes if c.learned]


def test_a_sentence_the_model_came_near_before_is_no_new_learned_change() -> None:
    # the old page said it in words the model read just under its threshold: a small
    # rewording that pushes it over is no change
    near = "Shenzhen's police keep a record of jaywalkers at the crossing."  # cameras: 0.54
    now = "Shenzhen's traffic police watch jaywalkers at the crossing."  # cameras: 0.92
    assert not claims(near)
    assert ("shenzhen", "surveillance_tech", ("cameras", "facial_recognition"), "learned") in (
        claims(now)
    )
    before, after = BEFORE + near + "\n", BEFORE + now + "\n"
    change = classify("src", page(1, before), page(2, after), scoper, places=PLACES)
    assert not [c for c in change.claim_changes if c.learned]


def test_what_only_the_model_read_is_not_missed_when_it_goes() -> None:
    gone = classify("src", page(1, BEFORE + SCREENS + "\n"), page(2, BEFORE), scoper)
    assert "shenzhen.surveillance_tech" not in str(gone.extra.get("no_longer_states"))


def test_a_learned_change_is_an_attribute_alert_never_matrix(make_config) -> None:  # type: ignore[no-untyped-def]
    from monitor.alerts.alerts import page_alerts
    from monitor.alerts.changes import ClaimChange, PageChange
    from monitor.config import load_config
    from monitor.datadir.workspace import open_workspace
    from monitor.matrix.rules import load_rules

    config = load_config(make_config())
    db = open_workspace(config)
    official = next(s for s in config.sources if s.class_ == "official")
    rules = load_rules(config)
    for learned, severity in ((False, "matrix"), (True, "attribute")):
        flipped = ClaimChange("xiamen", "voluntary_participation", None, "no", None, "-")
        flipped = replace(flipped, learned=learned)
        change = PageChange("attribute", official.id, page(1, BEFORE), page(2, BEFORE), (flipped,))
        [alert] = page_alerts(config, db, rules, change)
        assert alert.severity == severity  # an official source's rule claim reaches the matrix
        assert ("learned reading" in (alert.evidence.note or "")) == learned


def test_learn_check_and_evaluate_say_how_the_learned_reading_took_part() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["learn", "--check", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["current"] is True
    result = runner.invoke(cli, ["evaluate", "--split", "dev", "--rules-only", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["learned_reading"] == "off"


def test_a_broken_packaged_model_leaves_the_rules_reading_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extract.learned as learned
    from monitor.gold.evaluate import learned_reading

    broken = tmp_path / "learned.zip"
    broken.write_bytes(b"PK broken")
    monkeypatch.setattr(learned, "MODEL_PATH", broken)
    learned.packaged_model.cache_clear()
    try:
        assert learned.learned_model() is None
        found = claims(SCREENS)  # extraction goes on, by the rules alone
        assert found
        assert {b for *_, b in found} == {"extracted"}
        assert learned_reading([], True).startswith(f"unavailable: {broken}")
    finally:
        monkeypatch.undo()
        learned.packaged_model.cache_clear()


def test_learn_says_at_once_where_it_cannot_write_and_evaluate_learned_needs_a_directory(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    target = blocker / "model.zip"
    result = runner.invoke(cli, ["learn", "--output", str(target), "--json"])
    assert result.exit_code != 0
    assert str(target) in result.output
    assert "cannot write" in result.output
    gold_file = Path(__file__).resolve().parent.parent / "monitor/gold/data/dev/d1.yaml"
    result = runner.invoke(cli, ["evaluate", "--learned", "--gold", str(gold_file)])
    assert result.exit_code != 0
    assert "passages file" in result.output


def test_two_learned_values_of_one_attribute_on_a_page_make_neither() -> None:
    from extract.claims import consistent

    [claim] = [c for c in extract_claims(SCREENS, regions=REGIONS) if c.basis == "learned"]
    yes = replace(claim, attribute="penalties", value="yes")
    no = replace(yes, value="no", evidence=replace(yes.evidence, start=90, end=99))
    assert consistent([claim, yes, no]) == [claim]  # a list attribute is kept
    assert consistent([claim, yes, replace(no, value="yes")]) == [
        claim,
        yes,
        replace(no, value="yes"),
    ]
