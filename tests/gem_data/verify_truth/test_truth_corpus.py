"""The independent truth corpus (issue 14): its own invariants, then the verifier scored on it.

The corpus is only worth something if its labels follow from the cardiologists' annotations, so the
truth is re-derived here a second way (vectorised pairing of the raw annotation arrays) and every
label is re-checked against it with the documented tolerances.
"""
from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from tests.gem_data.verify_truth import corpus, score
from tests.gem_data.verify_truth.corpus import (
    GAP_MS,
    LEADS,
    TOL_MS,
    Claim,
    build_corpus,
    label_claim,
    load_truth,
)


@pytest.fixture(scope="module")
def ludb(shared_data: Path) -> Path:
    return shared_data / "ludb" / "data"


@pytest.fixture(scope="module")
def paragraphs(ludb: Path):
    return build_corpus(ludb)


@pytest.fixture(scope="module")
def heldout_report(paragraphs, ludb: Path) -> dict:
    return score.score([score.run_verifier(p, ludb) for p in paragraphs if p.half == "heldout"])


def _independent_medians(path: Path, lead: str) -> dict[str, float]:
    """PR, P duration, QRS and QT medians of one lead, paired with searchsorted on the raw arrays."""
    samples, symbols = corpus.read_annotation(path, lead)      # the same file, paired another way
    sym, smp = np.asarray(symbols), np.asarray(samples)
    inner = np.arange(1, len(sym) - 1)
    triplet = inner[(sym[inner - 1] == "(") & (sym[inner + 1] == ")")]
    waves = {k: np.stack([smp[triplet[sym[triplet] == k] - 1], smp[triplet[sym[triplet] == k] + 1]], axis=1)
             for k in "pNt"}
    q, p, t = waves["N"], waves["p"], waves["t"]
    out: dict[str, list[float]] = {"pr_ms": [], "p_dur_ms": [], "qrs_ms": [], "qt_ms": []}
    for k, (on, off) in enumerate(q):
        lo = q[k - 1, 1] if k else on - 250
        hi = q[k + 1, 0] if k + 1 < len(q) else np.inf
        j = np.searchsorted(p[:, 1], on, side="right") - 1 if len(p) else -1
        if j >= 0 and p[j, 0] > lo:
            out["pr_ms"].append(2.0 * (on - p[j, 0]))
            out["p_dur_ms"].append(2.0 * (p[j, 1] - p[j, 0]))
        m = np.searchsorted(t[:, 0], off, side="left") if len(t) else 0
        if m < len(t) and t[m, 1] <= hi:
            out["qt_ms"].append(2.0 * (t[m, 1] - on))
        out["qrs_ms"].append(2.0 * (off - on))
    return {f: float(np.median(v)) if len(v) >= 2 else math.nan for f, v in out.items()}


def test_truth_matches_a_hand_read_beat_and_an_independent_pairing(ludb: Path):
    """Record 1, lead II, second annotated beat read off `wfdb.rdann` by hand: P 1250-1302, QRS
    1324-1374, previous R at 662, this R at 1342 (samples at 500 Hz)."""
    t = load_truth(1, ludb)
    beat = {f: float(v[1]) for f, v in t.leads["II"].beats.items()}
    assert (beat["pr_ms"], beat["p_dur_ms"], beat["qrs_ms"], beat["rr_ms"]) == (148.0, 104.0, 100.0, 1360.0)
    assert t.rhythm == "sinus" and t.sex == "F" and t.age == 51 and t.hr_hi_bpm < 54   # "Sinus bradycardia"
    for record in corpus.ludb_records(ludb)[::7]:
        truth = load_truth(record, ludb)
        for lead in LEADS:
            ref = _independent_medians(ludb / str(record), lead)
            for feature, value in ref.items():
                ours = truth.leads[lead].median(feature)
                assert (math.isnan(value) and math.isnan(ours)) or value == pytest.approx(ours), (record, lead, feature)


def test_corpus_is_large_varied_and_split_by_record(paragraphs):
    styles = Counter(p.style for p in paragraphs)
    assert len(paragraphs) >= 300 and len(styles) >= 8 and min(styles.values()) >= 20, styles
    assert all(p.half == ("dev" if p.record % 4 == 1 else "heldout") for p in paragraphs)
    assert min(Counter(p.half for p in paragraphs).values()) >= 150
    assert len({p.pid for p in paragraphs}) == len(paragraphs)
    kinds = Counter((c.kind, c.label) for p in paragraphs for c in p.claims)
    for kind in ("interval", "rate", "threshold", "rhythm", "structural"):
        assert kinds[(kind, "supported")] >= 30 and kinds[(kind, "contradicted")] >= 20, (kind, kinds)
    assert kinds[("amplitude", "unverifiable")] >= 50
    forms = Counter(c.form for p in paragraphs for c in p.claims)
    assert {"ms", "s", "msec", "milliseconds", "boxes", "range", "approx", "rr_boxes", "mm", "mV"} <= set(forms)
    located = Counter("beat" if c.beat else "group" if len(c.leads) > 1 else "lead" if c.leads else "record"
                      for p in paragraphs for c in p.claims if c.kind == "interval")
    assert min(located.values()) >= 40, located


def test_every_span_is_the_claim_text_and_spans_do_not_overlap(paragraphs):
    for p in paragraphs:
        ends = -1
        for c in sorted(p.claims, key=lambda c: c.start):
            assert p.text[c.start:c.end] == c.text and c.text.strip() == c.text and c.start >= ends, (p.pid, c)
            ends = c.end
            if c.form in ("ms", "msec", "milliseconds", "approx"):
                assert str(int(c.lo)) in c.text, (p.pid, c)


def test_every_label_follows_from_the_annotations(paragraphs, ludb: Path):
    """Relabel every claim from the truth, and check the interval labels directly against the
    independently paired per-lead medians with the documented tolerances."""
    medians: dict[tuple[int, str], dict[str, float]] = {}
    for p in paragraphs:
        t = load_truth(p.record, ludb)
        for c in p.claims:
            assert label_claim(c, t) == c.label, (p.pid, c)
            if c.kind == "amplitude":
                assert c.label == "unverifiable"    # LUDB leads are scaled to 1.0 peak-to-peak
            if c.kind != "interval" or c.beat is not None or not c.leads or c.feature == "qtc_ms":
                continue
            tol = TOL_MS[c.feature]
            for lead in c.leads:
                ref = medians.setdefault((p.record, lead), _independent_medians(ludb / str(p.record), lead))
                dist = max(c.lo - ref[c.feature], ref[c.feature] - c.hi, 0.0)
                assert dist <= tol if c.label == "supported" else dist >= tol + GAP_MS, (p.pid, c, ref)


def test_contradictions_are_planted_both_just_outside_and_far_outside(paragraphs, ludb: Path):
    near, far = [], []
    for p in paragraphs:
        t = load_truth(p.record, ludb)
        for c in p.claims:
            if c.kind != "interval" or c.intent not in ("near", "far") or c.beat is not None:
                continue
            truths = ([t.leads[lead].median(c.feature) for lead in c.leads] if c.leads
                      else list(t.lead_medians(c.feature).values()))
            nearest = min(max(c.lo - v, v - c.hi, 0.0) for v in truths)
            assert nearest >= TOL_MS[c.feature] + GAP_MS, (p.pid, c)
            (near if c.intent == "near" else far).append((nearest / TOL_MS[c.feature], c, p.pid))
    assert len(near) >= 100 and len(far) >= 80
    # just outside: typically under 2.5 tolerances from the nearest reading (tol + 15..30 ms before
    # rounding to seconds or boxes); far: mostly several tolerances away
    assert np.median([r for r, _, _ in near]) < 2.5 < np.median([r for r, _, _ in far])
    ratios = [c.lo / t for _, c, pid in far for t in [load_truth(int(pid[4:].split("-")[0]), ludb).record_median(c.feature)]
              if not c.leads and math.isfinite(t)]
    assert all(r >= 1.4 or r <= 0.7 for r in ratios) and len(ratios) >= 20


def test_leakage_is_labelled_by_the_phrase_and_near_misses_are_clean(paragraphs):
    leaking = [p for p in paragraphs if p.leakage]
    clean = [p for p in paragraphs if not p.leakage]
    assert 0.2 <= len(leaking) / len(paragraphs) <= 0.4
    for p in leaking:
        assert any(phrase.strip().lower() in p.text.lower() for phrase in corpus.LEAK), p.pid
    for p in clean:
        assert not any(phrase.strip(" ,:").lower() in p.text.lower() for phrase in corpus.LEAK), p.pid
    assert sum(p.leak_phrase is not None for p in clean) >= 30      # near-miss phrases in clean paragraphs


def test_corpus_is_deterministic(ludb: Path):
    t = load_truth(5, ludb)
    a, b = (corpus._paragraph(corpus.Draw(np.random.default_rng([corpus.SEED, 5, 0]), t.half), t, "gem_long")
            for _ in range(2))
    assert a.to_dict() == b.to_dict()


def test_heldout_paragraphs_use_wordings_the_dev_half_never_sees(paragraphs):
    """The last entry of every bank of three or more is held out: tuning on dev cannot learn it."""
    held_only = (corpus.LEAK[-1].strip(), corpus.NEAR_MISS[-1].strip(), "small squares", "the chest leads")
    dev_text = " ".join(p.text for p in paragraphs if p.half == "dev")
    held_text = " ".join(p.text for p in paragraphs if p.half == "heldout")
    for phrase in held_only:
        assert phrase not in dev_text
    assert sum(phrase in held_text for phrase in held_only) >= 3


def test_scorer_matches_by_span_and_fills_every_table(heldout_report, paragraphs):
    rep = heldout_report
    n_claims = sum(len(p.claims) for p in paragraphs if p.half == "heldout")
    assert rep["overall"]["all"]["claims"] == n_claims and not rep["errors"]
    assert set(rep["half"]) == {"heldout"} and len(rep["style"]) >= 8
    assert sum(row["claims"] for row in rep["style"].values()) == n_claims
    for table in ("overall", "type", "feature", "form", "style"):
        for row in rep[table].values():
            for key in ("extracted", "accuracy", "contra_precision", "contra_recall"):
                assert row[key] is None or 0.0 <= row[key] <= 1.0
    assert rep["leakage"]["overall"]["all"]["leaking"] >= 40


def test_span_matching_counts_an_unplanted_contradiction_as_a_false_alarm():
    """A paragraph with one labelled claim: the verifier's overlapping claim is matched to it, and a
    'contradicted' verdict on text outside every labelled span costs precision."""
    p = corpus.Paragraph("x", 1, "dev", "terse", "PR 150 ms. Normal is 120 to 200 ms.", False, None,
                         [Claim("interval", "pr_ms", "supported", "supported", "ms", lo=150, hi=150,
                                start=0, end=9, text="PR 150 ms")])
    rows = [{"text": "150 ms", "verdict": "supported"}, {"text": "120 to 200 ms", "verdict": "contradicted"}]
    matched, unmatched = [[]], []
    for row in rows:
        a, b = score._span(row, p.text, 0)
        (matched[0] if min(b, 9) - max(a, 0) > 0 else unmatched).append(row)
    res = score.ParagraphResult(p, ["supported"], matched, unmatched, False)
    rep = score.score([res])
    assert rep["overall"]["all"]["accuracy"] == 1.0 and rep["overall"]["all"]["false_contra"] == 1
    assert rep["overall"]["all"]["contra_precision"] == 0.0


@pytest.mark.xfail(strict=False, reason="verifier v2 in progress")
def test_verifier_meets_the_issue_goals_on_the_heldout_half(heldout_report):
    """Issue 14 goals, judged against cardiologists: contradicted P and R >= 0.95, leakage recall
    >= 0.95, 3-way accuracy >= 0.90, >= 95 % of labelled claims extracted."""
    overall, leak = heldout_report["overall"]["all"], heldout_report["leakage"]["overall"]["all"]
    assert overall["contra_precision"] >= 0.95 and overall["contra_recall"] >= 0.95
    assert leak["recall"] >= 0.95
    assert overall["accuracy"] >= 0.90 and overall["extracted"] >= 0.95
