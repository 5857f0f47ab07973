"""Verdicts on record-level claims: atrial activity, RR regularity, premature beats, voltage criteria.

These words are not one number in one lead but a fact about the whole record (SPEC §3 record level,
SPEC §4 thresholds), read from ``RecordValues.facts``. Each rule says *supported* only when the fact
clearly holds, *contradicted* only when it clearly does not, and *unverifiable* in between (an
``unclear`` atrial activity, an RR irregularity between the two thresholds, a voltage index within
20 % of its threshold, amplitudes that are not millivolts). A negated claim ("no atrial
fibrillation", "no premature beats") swaps supported and contradicted.

Atrial activity (``sinus_p`` / ``absent_irregular`` / ``flutter_waves`` / ``unclear``):
- "sinus rhythm", "P waves precede every QRS": supported by ``sinus_p``, contradicted by
  ``absent_irregular`` or ``flutter_waves``;
- "atrial fibrillation": supported by ``absent_irregular``, contradicted by ``sinus_p``;
- "atrial flutter": supported by ``flutter_waves``, contradicted by ``sinus_p``;
- "no P waves": supported by ``absent_irregular`` or ``flutter_waves``, contradicted by ``sinus_p``.
Premature beats: present when at least one beat is premature (FeatureDB ``premature``, or RR1 <
0.85 x the local median RR); a claim that none occur is contradicted only by a premature beat.
LVH by voltage: Sokolow-Lyon >= 3.5 mV or Cornell > 2.8 mV (men) / 2.0 mV (women); with the sex
unknown, Cornell supports above 2.8 mV and contradicts under 2.0 mV; contradicted only when both
indices are more than 20 % below their thresholds. Low voltage: QRS peak-to-peak < 0.5 mV in every limb lead or < 1.0 mV in
every precordial lead (per-lead medians); a claim naming only limb (or chest) leads tests that half.
"""
from __future__ import annotations

import math

import numpy as np

from gem_data.signals import STANDARD_LEADS

from .claims import Claim
from .values import RecordValues, nanquantile_rows

# claimed term -> (atrial activities that support it, those that contradict it)
_ATRIAL: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "sinus": (frozenset({"sinus_p"}), frozenset({"absent_irregular", "flutter_waves"})),
    "af": (frozenset({"absent_irregular"}), frozenset({"sinus_p"})),
    "flutter": (frozenset({"flutter_waves"}), frozenset({"sinus_p"})),
    "p_absent": (frozenset({"absent_irregular", "flutter_waves"}), frozenset({"sinus_p"})),
}
SOKOLOW_MV = 3.5
CORNELL_MV = {"M": 2.8, "F": 2.0}
_VOLTAGE_MARGIN = 0.2  # share of the threshold inside which a voltage criterion is not decided
_LOW_LIMB_MV, _LOW_CHEST_MV = 0.5, 1.0
_CLEARLY_REGULAR_SPREAD = 0.1
# shares of beats with P waves under which they are absent, over which they are there (values.p_share)
P_ABSENT_SHARE, P_PRESENT_SHARE = 0.1, 0.9  # (p90 - p10) / median RR under which "irregular" is plainly false
_LIMB = frozenset(STANDARD_LEADS[:6])
_CHEST = frozenset(STANDARD_LEADS[6:])

Outcome = tuple[str, float | None, str]  # verdict, measured value, reason


def judge_fact(claim: Claim, values: RecordValues) -> Outcome:
    """The verdict on one record-level claim (``claim.feature`` in :data:`FACT_FEATURES`)."""
    verdict, measured, reason = _RULES[claim.feature](claim, values)
    if claim.negated and verdict != "unverifiable":
        verdict = "contradicted" if verdict == "supported" else "supported"
    return verdict, measured, reason


def sinus_conflict(values: RecordValues) -> str | None:
    """Why a "sinus ..." word is false for this record (its atrial activity is not sinus), else None."""
    atrial = values.facts.atrial_activity
    if atrial in _ATRIAL["sinus"][1]:
        return f"atrial activity is {atrial}"
    if values.facts.p_share <= P_ABSENT_SHARE:
        return f"P waves in {values.facts.p_share:.0%} of beats"
    return None


def _atrial(claim: Claim, values: RecordValues) -> Outcome:
    atrial, p_share = values.facts.atrial_activity, values.facts.p_share
    yes, no = _ATRIAL[claim.term]
    verdict = "supported" if atrial in yes else "contradicted" if atrial in no else "unverifiable"
    reason = f"atrial activity: {atrial}, P waves in {p_share:.0%} of beats"
    # whether P waves are there at all does not need the rhythm: "no P waves" holds on a paced or
    # junctional rhythm too, and "P waves precede each QRS" fails without any
    if verdict == "unverifiable" and claim.term in {"p_absent", "sinus"}:
        if p_share <= P_ABSENT_SHARE:
            verdict = "supported" if claim.term == "p_absent" else "contradicted"
        elif p_share >= P_PRESENT_SHARE and claim.term == "p_absent" and values.facts.rr_irregular is False:
            verdict = "contradicted"
    return verdict, _num(p_share), reason


def _regularity(claim: Claim, values: RecordValues) -> Outcome:
    irregular = values.facts.rr_irregular
    x = values.facts.rr_irregularity
    reason = f"RR irregularity (median |dRR| / median RR) {x:.3f}"
    if irregular is None:
        return "unverifiable", _num(x), reason + " (undecided band)"
    holds = irregular if claim.term == "irregular" else not irregular
    if not holds and claim.term == "irregular" and not values.facts.rr_spread < _CLEARLY_REGULAR_SPREAD:
        # "irregular" against small successive differences but a visible spread (a drift, one long
        # cycle): a reader may fairly call that irregular
        return "unverifiable", _num(x), reason + f", RR spread {values.facts.rr_spread:.2f}"
    return ("supported" if holds else "contradicted"), _num(x), reason


def _premature(claim: Claim, values: RecordValues) -> Outcome:
    n = values.facts.n_premature
    if n is None:
        return "unverifiable", None, "premature beats not measurable"
    if claim.beats and values.premature is not None:
        idx = [values.n_beats + b if b < 0 else b - 1 for b in claim.beats]
        hit = [bool(values.premature[i]) for i in idx if 0 <= i < values.n_beats]
        if hit:
            return ("supported" if any(hit) else "unverifiable"), float(sum(hit)), f"cited beats premature: {hit}"
    if n > 0:
        return "supported", float(n), f"{n} premature beat(s)"
    # none found: a claimed premature beat is contradicted only on a regular rhythm (an ectopic
    # beat on an irregular one is not separable by RR alone)
    verdict = "contradicted" if values.facts.rr_irregular is False else "unverifiable"
    return verdict, 0.0, "no premature beat"


def _lvh(claim: Claim, values: RecordValues) -> Outcome:
    f = values.facts
    if f.scaled_amplitudes:
        return "unverifiable", None, "amplitudes are scaled, not millivolts"
    sok, corn = f.sokolow_lyon_mv, f.cornell_mv
    if not (math.isfinite(sok) or math.isfinite(corn)):
        return "unverifiable", None, "voltage indices not measurable"
    # unknown sex: support above the men's threshold (true either way), contradict under the women's
    support_thr = CORNELL_MV.get(values.sex or "", max(CORNELL_MV.values()))
    contra_thr = CORNELL_MV.get(values.sex or "", min(CORNELL_MV.values()))
    reason = f"Sokolow-Lyon {sok:.2f} mV, Cornell {corn:.2f} mV"
    if sok >= SOKOLOW_MV or corn > support_thr:
        return "supported", _num(sok), reason
    clearly_below = ((not math.isfinite(sok) or sok < SOKOLOW_MV * (1 - _VOLTAGE_MARGIN))
                     and (not math.isfinite(corn) or corn < contra_thr * (1 - _VOLTAGE_MARGIN)))
    if clearly_below and math.isfinite(sok) and math.isfinite(corn):
        return "contradicted", _num(sok), reason
    return "unverifiable", _num(sok), reason


def _low_voltage(claim: Claim, values: RecordValues) -> Outcome:
    if values.facts.scaled_amplitudes:
        return "unverifiable", None, "amplitudes are scaled, not millivolts"
    amp = nanquantile_rows(values.per_beat["qrs_amp_mv"], 0.5)
    named = set(claim.leads)
    halves = [(rows, thr) for rows, thr, group in ((slice(0, 6), _LOW_LIMB_MV, _LIMB),
                                                   (slice(6, 12), _LOW_CHEST_MV, _CHEST))
              if not named or named & group]
    peaks = [(float(np.max(amp[rows])), thr) for rows, thr in halves if np.isfinite(amp[rows]).all()]
    if not peaks:
        return "unverifiable", None, "QRS amplitude not measurable in every lead"
    reason = "largest QRS p-p " + ", ".join(f"{p:.2f} mV (criterion < {t} mV)" for p, t in peaks)
    if any(p < t for p, t in peaks):
        return "supported", peaks[0][0], reason
    if all(p >= t * (1 + _VOLTAGE_MARGIN) for p, t in peaks) and len(peaks) == len(halves):
        return "contradicted", peaks[0][0], reason
    return "unverifiable", peaks[0][0], reason


def _index(claim: Claim, values: RecordValues) -> Outcome:
    """A voltage index claimed as a number ("Sokolow-Lyon index of 4.1 mV")."""
    if values.facts.scaled_amplitudes:
        return "unverifiable", None, "amplitudes are scaled, not millivolts"
    v = getattr(values.facts, claim.feature)
    if not math.isfinite(v):
        return "unverifiable", None, f"{claim.feature} not measurable"
    tol = max(0.2, 0.2 * abs(v))
    lo, hi = claim.lo, claim.hi
    d = 0.0 if lo <= v <= hi else (lo - v if v < lo else v - hi)
    reason = f"record: measured {v:.2f} mV (tolerance {tol:.2f} mV)"
    if claim.comparator in {"eq", "range"}:
        return ("supported" if d <= tol else "contradicted"), v, reason
    return ("supported" if d <= 0.1 * tol else "contradicted" if d > tol else "unverifiable"), v, reason


def _num(x: float) -> float | None:
    return x if math.isfinite(x) else None


_RULES = {
    "atrial_activity": _atrial, "rr_irregular": _regularity, "premature": _premature,
    "lvh_voltage": _lvh, "low_voltage": _low_voltage, "sokolow_lyon_mv": _index, "cornell_mv": _index,
}
FACT_FEATURES = frozenset(_RULES)
