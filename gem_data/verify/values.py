"""One record's measured values as the verifier reads them: per lead and beat, per lead, per record.

Built from FeatureDB long rows (``gem_data.features`` schema, SPEC §3); ``values_by_record`` splits a
whole batch in one pass. Record-level values follow ``gem_data.features.summary``: the global
intervals of the multi-lead convention (per beat, the 20th percentile over leads of P/QRS onsets and
the 80th of QRS/T offsets; median over beats; heart rate from the median RR; QTc Bazett and
Fridericia from those), plus, for every feature, the median over leads of the per-lead medians (and, for P waves and
PR, lead II's median: the rhythm strip), so a response may cite the global interval or a typical
lead's value. Medians are computed only for
the features some claim asks about (most responses cite a handful), which keeps the verifier fast.

FeatureDB v2 (SPEC §3) adds per-row columns (``r_amp_mv``, ``s_amp_mv``, ``premature``,
``p_conf``/``qrs_conf``/``t_conf``) and per-record facts (``features_records``: atrial activity, RR
irregularity, voltage indices). Every one is optional here: a column the rows lack leaves its claims
unverifiable, and record facts not passed in are derived from the rows (:func:`derive_facts`).
Doubtful values (``gem_data.features.confidence``) are never truth: they are NaN in ``per_beat``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from gem_data.features import FEATURES
from gem_data.features.confidence import CONF_COLUMNS, DOUBTFUL_BELOW, FEATURE_WAVES
from gem_data.signals import FS_HZ, STANDARD_LEADS

# FeatureDB v2 per-row columns, used when the rows carry them
V2_COLUMNS: tuple[str, ...] = ("r_amp_mv", "s_amp_mv", "dominant_corr")
AMPLITUDE_COLUMNS = frozenset({"p_amp_mv", "qrs_amp_mv", "t_amp_mv", "st_level_mv", "r_amp_mv", "s_amp_mv"})
_FIDUCIAL_WAVE = {"P_on": "P", "QRS_on": "QRS", "QRS_off": "QRS", "T_off": "T"}
_LIMB_ROWS, _CHEST_ROWS = slice(0, 6), slice(6, 12)
# RR irregularity index = median |ΔRR| / median RR: robust to one ectopic beat (its two jumps are
# two of many differences). Sinus rhythm sits well under 0.06 (sinus arrhythmia included), atrial
# fibrillation well over 0.12 (successive-difference indices: Tateno & Glass 2001); in between
# the verifier does not decide. "Regular" also needs the RR spread (p90 - p10) / median under 0.2: a
# slow drift (sinus arrhythmia, a rate change) has small successive differences but is not regular.
RR_REGULAR_BELOW, RR_IRREGULAR_ABOVE, RR_SPREAD_REGULAR_BELOW = 0.06, 0.12, 0.2
# Between the two index thresholds a wide spread ((p90 - p10) / median RR over 0.3) is irregular too:
# AF at a steady-looking rate alternates runs of similar cycles with long ones.
RR_SPREAD_IRREGULAR_ABOVE = 0.3
# LUDB scales every lead to exactly 1.0 peak-to-peak over the whole record (SPEC §1), so each lead's
# largest QRS is at most ~1.0 and the tallest of them close to it, unless wander or a T wave holds the
# record's extremes: over the 150 LUDB records outside the truth corpus's held-out half the tallest is
# 0.85-1.0 (0.85: record 193, whose amplitude claims were judged as millivolts under a 0.85 floor). A
# physiological record has some lead over 1.05 mV (all 51 PTB-XL records in ../shared/data do); one
# that does not is low-voltage, and its amplitude claims then stay unverifiable: the cautious side.
SCALED_PEAK_MAX_MV, SCALED_TALLEST_MIN_MV = 1.05, 0.8
_SEX_RE = re.compile(r"(?:<sex>|\bsex)\s*[:=]\s*(?P<s>male|female|[mf])\b", re.IGNORECASE)


@dataclass(frozen=True)
class RecordFacts:
    """Record-level facts a rhythm, voltage or structure claim is checked on (NaN/None = unknown).

    ``atrial_activity``: ``sinus_p`` / ``absent_irregular`` / ``flutter_waves`` / ``unclear``;
    ``rr_irregularity``: median |ΔRR| / median RR; ``n_premature``: beats with RR1 < 0.85 x the local
    median RR; ``sokolow_lyon_mv``/``cornell_mv``: SPEC §4 voltage indices; ``low_voltage``: SPEC §4;
    ``scaled_amplitudes``: every lead's amplitude was scaled to the same peak-to-peak (LUDB ships its
    leads at exactly 1.0, SPEC §1), so amplitudes are not millivolts and amplitude claims cannot be
    checked (seen as: every lead's largest QRS <= 1.05 "mV", the largest of them >= 0.8).
    """

    atrial_activity: str = "unclear"
    rr_irregularity: float = float("nan")
    n_premature: int | None = None
    sokolow_lyon_mv: float = float("nan")
    cornell_mv: float = float("nan")
    low_voltage: bool | None = None
    scaled_amplitudes: bool = False
    rr_spread: float = float("nan")  # (p90 - p10) / median of the record RR
    p_share: float = float("nan")  # share of beats with a (trusted) P wave in at least half the leads

    @property
    def rr_irregular(self) -> bool | None:
        """True / False outside the undecided band between the thresholds, else None."""
        x = self.rr_irregularity
        if not x == x:
            return None
        if x > RR_IRREGULAR_ABOVE or (x > RR_REGULAR_BELOW and self.rr_spread > RR_SPREAD_IRREGULAR_ABOVE):
            return True
        regular_spread = not self.rr_spread == self.rr_spread or self.rr_spread < RR_SPREAD_REGULAR_BELOW
        return False if x < RR_REGULAR_BELOW and regular_spread else None


def sex_from_comments(comments: list[str] | tuple[str, ...] | None) -> str | None:
    """"M" / "F" from WFDB header comments ("<sex>: F" in LUDB, "Sex: Male"), else None."""
    for line in comments or ():
        m = _SEX_RE.search(line)
        if m:
            return m.group("s")[0].upper()
    return None

_FIDUCIALS = ("P_on", "QRS_on", "QRS_off", "T_off")  # the ones global intervals need
# P waves and the PR interval are read on the lead-II rhythm strip (SPEC §7), so a lead-less claim
# about them may also cite lead II.
_RHYTHM_STRIP = frozenset({"pr_ms", "p_amp_mv", "p_dur_ms"})
_LEAD_CODES = {lead: i for i, lead in enumerate(STANDARD_LEADS)}


@dataclass(frozen=True)
class RecordValues:
    """``per_beat[f]``: (12, B) float64 (NaN absent, standard lead order); ``st_form``: (12, B) object;
    ``fiducials[k]``: (12, B) float64 sample indices (NaN absent) for P_on, QRS_on, QRS_off, T_off."""

    record_id: str
    n_beats: int
    per_beat: dict[str, np.ndarray]
    st_form: np.ndarray
    fiducials: dict[str, np.ndarray]
    facts: RecordFacts = field(default_factory=RecordFacts)
    sex: str | None = None
    premature: np.ndarray | None = None  # (B,) bool per beat, None when unknown
    # (12, B) per feature: the values dropped as implausible (a QRS over QRS_IMPLAUSIBLE_ABOVE_MS),
    # NaN elsewhere; they over-estimate the true interval, so they still bound it from above
    overestimates: dict[str, np.ndarray] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_rows(cls, rows: pl.DataFrame, facts: dict | None = None, sex: str | None = None) -> RecordValues:
        """From ONE record's long FeatureDB rows (any order); ``facts``: its ``features_records`` row
        (optional: what it lacks is derived from the rows); ``sex``: "M"/"F" for SPEC §4 thresholds."""
        found = values_by_record(rows, {} if facts is None else {None: facts}, sex=sex)
        if len(found) != 1:
            raise ValueError(f"expected the rows of one record, got {len(found)} records")
        return next(iter(found.values()))

    def lead_median(self, feature: str) -> np.ndarray:
        """(12,) median over each lead's beats (NaN where the lead has none)."""
        key = ("lead", feature)
        if key not in self._cache:
            self._cache[key] = nanquantile_rows(self.per_beat[feature], 0.5)
        return self._cache[key]

    def record(self, feature: str) -> list[float]:
        """Record-level values a claim without a lead may cite: [global (if defined), median of leads,
        lead II for P waves and PR, the mean-cycle rate for heart rate and RR]."""
        key = ("record", feature)
        if key not in self._cache:
            out = []
            glob = self._global().get(feature)
            if glob is not None and np.isfinite(glob):
                out.append(float(glob))
            out += self.lead_consensus(feature)
            if feature in {"heart_rate_bpm", "rr1_ms"}:
                # the other convention: beats per minute from the mean cycle (the median is above)
                rr = nanquantile_rows(self.per_beat["rr1_ms"].T, 0.5)
                rr = rr[np.isfinite(rr)]
                if rr.size:
                    out.append(float(60000.0 / rr.mean() if feature == "heart_rate_bpm" else rr.mean()))
            self._cache[key] = out
        return self._cache[key]

    def lead_consensus(self, feature: str) -> list[float]:
        """The lead-level record values: the median of the per-lead medians and, for P waves and PR,
        lead II's median (those defined)."""
        key = ("consensus", feature)
        if key not in self._cache:
            leads = self.lead_median(feature)
            med = nanquantile_rows(leads[None], 0.5)[0]
            out = [float(med)] if np.isfinite(med) else []
            if feature in _RHYTHM_STRIP and np.isfinite(leads[_LEAD_CODES["II"]]):
                out.append(float(leads[_LEAD_CODES["II"]]))
            self._cache[key] = out
        return self._cache[key]

    def _global(self) -> dict[str, float]:
        if "global" not in self._cache:
            self._cache["global"] = _global_intervals(self) if self.n_beats else {}
        return self._cache["global"]


def values_by_record(frame: pl.DataFrame, facts: dict | None = None,
                     sex: str | None = None) -> dict[str, RecordValues]:
    """``{record_id: RecordValues}`` for every record in a long FeatureDB frame (one pass).

    ``facts``: ``{record_id: features_records row}`` (key None: for any record), optional."""
    if frame.is_empty():
        return {}
    frame = frame.sort("record_id", maintain_order=True)
    ids = frame["record_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    ends = np.r_[starts[1:], len(ids)]
    lead = np.array([_LEAD_CODES.get(x, -1) for x in frame["lead"].to_list()], dtype=np.int64)
    beat = frame["beat"].to_numpy().astype(np.int64)
    cols = {k: frame[k].cast(pl.Float64).fill_null(np.nan).to_numpy()
            for k in (*FEATURES, *V2_COLUMNS) if k in frame.columns}
    fids = {k: frame[k].cast(pl.Float64).fill_null(np.nan).to_numpy() for k in _FIDUCIALS}
    _mask_doubtful(frame, cols, fids)
    dropped = _mask_implausible_qrs(cols, fids)
    prem = (frame["premature"].cast(pl.Float64).fill_null(np.nan).to_numpy()
            if "premature" in frame.columns else None)
    forms = np.asarray(frame["st_form"].to_list(), dtype=object)
    facts = facts or {}
    out: dict[str, RecordValues] = {}
    for s, e in zip(starts, ends):
        li, bi = lead[s:e], beat[s:e]
        ok = li >= 0
        li, bi, rows = li[ok], bi[ok], np.arange(s, e)[ok]
        n_beats = int(bi.max()) + 1 if bi.size else 0
        shape = (len(STANDARD_LEADS), n_beats)

        def grid(col: np.ndarray) -> np.ndarray:
            g = np.full(shape, np.nan)
            g[li, bi] = col[rows]
            return g

        form = np.full(shape, None, dtype=object)
        form[li, bi] = forms[rows]
        rid = str(ids[s])
        per_beat = {k: grid(v) for k, v in cols.items()}
        premature = _premature(grid(prem) if prem is not None else None, per_beat["rr1_ms"])
        given = facts.get(rid, facts.get(None)) or {}
        over = {k: g for k, g in ((k, grid(v)) for k, v in dropped.items()) if np.isfinite(g).any()}
        out[rid] = RecordValues(rid, n_beats, per_beat, form, {k: grid(v) for k, v in fids.items()},
                                derive_facts(per_beat, premature, given), sex, premature, over)
    return out


def _mask_doubtful(frame: pl.DataFrame, cols: dict[str, np.ndarray], fids: dict[str, np.ndarray]) -> None:
    """Doubtful values (a needed wave's confidence < DOUBTFUL_BELOW) become NaN (replaces the dicts' arrays)."""
    conf = {w: frame[c].cast(pl.Float64).fill_null(np.nan).to_numpy()
            for w, c in CONF_COLUMNS.items() if c in frame.columns}
    if not conf:
        return
    low = {w: c < DOUBTFUL_BELOW for w, c in conf.items()}  # NaN (absent wave) compares False
    for k, v in cols.items():
        bad = [low[w] for w in FEATURE_WAVES.get(k, ()) if w in low]
        if bad:
            cols[k] = np.where(np.logical_or.reduce(bad), np.nan, v)
    for k, v in fids.items():
        if _FIDUCIAL_WAVE[k] in low:
            fids[k] = np.where(low[_FIDUCIAL_WAVE[k]], np.nan, v)


# A QRS longer than this is beyond physiology (wide paced or hyperkalaemic complexes stay under it):
# the delineator has swallowed a pacing spike or the T wave, so the QRS bounds of that lead and beat,
# and every interval measured from them, are not truth (LUDB's paced records: 210-270 ms measured,
# 130-190 ms annotated).
QRS_IMPLAUSIBLE_ABOVE_MS = 200.0
_FROM_QRS_BOUNDS = ("pr_ms", "qrs_dur_ms", "qt_ms", "qtc_ms", "qtc_fridericia_ms", "st_dur_ms")
# Of those, the ones an extra spike before the QRS or a T wave inside it can only lengthen (both
# start at the QRS onset, which such a row places too early, and end at or after its offset; the PR
# ends at the onset, so it is shortened instead): the dropped value is still an upper bound. On
# LUDB's paced records the QRS reads 206-266 ms against 130-190 annotated, the QT 450-580 against
# 384-504.
OVERESTIMATED = ("qrs_dur_ms", "qt_ms", "qtc_ms", "qtc_fridericia_ms")


def _mask_implausible_qrs(cols: dict[str, np.ndarray], fids: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Rows whose QRS is longer than :data:`QRS_IMPLAUSIBLE_ABOVE_MS`: the intervals that need the
    QRS bounds (and those fiducials, for the global intervals) become NaN. Returns the dropped
    values of the intervals the swallowed spike or T wave can only lengthen (:data:`OVERESTIMATED`),
    NaN elsewhere (empty when no row is implausible)."""
    if "qrs_dur_ms" not in cols:
        return {}
    with np.errstate(invalid="ignore"):
        bad = cols["qrs_dur_ms"] > QRS_IMPLAUSIBLE_ABOVE_MS
    if not bad.any():
        return {}
    dropped = {k: np.where(bad, cols[k], np.nan) for k in OVERESTIMATED if k in cols}
    for k in _FROM_QRS_BOUNDS:
        if k in cols:
            cols[k] = np.where(bad, np.nan, cols[k])
    for k in ("QRS_on", "QRS_off", "T_off"):
        fids[k] = np.where(bad, np.nan, fids[k])
    return dropped


def _premature(flags: np.ndarray | None, rr1: np.ndarray) -> np.ndarray | None:
    """(B,) per-beat premature flags: the FeatureDB column when present (any lead), else SPEC §3's
    rule on the record RR (RR1 < 0.85 x the median RR of the 5 surrounding beats)."""
    if flags is not None and np.isfinite(flags).any():
        return np.nanmax(np.where(np.isfinite(flags), flags, 0.0), axis=0) > 0
    if rr1.shape[1] < 3:
        return None
    rr = nanquantile_rows(rr1.T, 0.5)
    out = np.zeros(rr.shape, dtype=bool)
    for i in range(len(rr)):
        local = rr[max(0, i - 2):i + 3]
        local = local[np.isfinite(local)]
        out[i] = bool(np.isfinite(rr[i]) and local.size >= 3 and rr[i] < 0.85 * np.median(local))
    return out


def derive_facts(per_beat: dict[str, np.ndarray], premature: np.ndarray | None,
                 given: dict) -> RecordFacts:
    """Record facts: the ``features_records`` values given, the rest derived from the rows.

    Derived atrial activity is deliberately cautious (the delineator's rules live in
    gem_data.features.facts): ``sinus_p`` when P waves are measured in most leads of at least 80 %
    of the beats with a stable PR (IQR <= 40 ms) on a regular rhythm; ``absent_irregular`` when
    under a third of the beats have them and the rhythm is irregular; ``unclear`` otherwise."""
    rr = nanquantile_rows(per_beat["rr1_ms"].T, 0.5)
    rr = rr[np.isfinite(rr)]
    with np.errstate(invalid="ignore", divide="ignore"):
        irr = float(np.median(np.abs(np.diff(rr))) / np.median(rr)) if rr.size >= 3 else float("nan")
        spread = float(np.subtract(*np.percentile(rr, [90, 10])) / np.median(rr)) if rr.size >= 3 else float("nan")
    if given.get("rr_irregularity") is not None:
        irr = float(given["rr_irregularity"])
    pr = per_beat["pr_ms"]
    p_share = float(np.mean(np.isfinite(pr).sum(axis=0) >= max(1, pr.shape[0] // 2))) if pr.shape[1] else 0.0
    pr_beat = nanquantile_rows(pr.T, 0.5)
    pr_beat = pr_beat[np.isfinite(pr_beat)]
    pr_iqr = float(np.subtract(*np.percentile(pr_beat, [75, 25]))) if pr_beat.size >= 3 else float("inf")
    atrial = given.get("atrial_activity")
    if atrial is None:
        if p_share >= 0.8 and pr_iqr <= 40 and irr < RR_IRREGULAR_ABOVE:
            atrial = "sinus_p"
        elif p_share < 1 / 3 and irr > RR_IRREGULAR_ABOVE:
            atrial = "absent_irregular"
        else:
            atrial = "unclear"
    qrs_amp = nanquantile_rows(per_beat["qrs_amp_mv"], 0.5) if "qrs_amp_mv" in per_beat else np.full(12, np.nan)
    peak = np.nanmax(np.where(np.isfinite(per_beat["qrs_amp_mv"]), per_beat["qrs_amp_mv"], -np.inf), axis=1) \
        if per_beat["qrs_amp_mv"].shape[1] else np.full(12, -np.inf)
    # every lead's largest QRS at most ~1.0, the tallest close to it: each lead was scaled to 1.0 p-p
    # (denoising takes a little off the peaks; SCALED_PEAK_MAX_MV)
    scaled = bool(peak.size and np.all(peak <= SCALED_PEAK_MAX_MV) and np.max(peak) >= SCALED_TALLEST_MIN_MV)
    low = given.get("low_voltage")
    if low is None and np.isfinite(qrs_amp).all():
        low = bool(np.all(qrs_amp[_LIMB_ROWS] < 0.5) or np.all(qrs_amp[_CHEST_ROWS] < 1.0))
    sok, corn = given.get("sokolow_lyon_mv"), given.get("cornell_mv")
    if (sok is None or corn is None) and "r_amp_mv" in per_beat and "s_amp_mv" in per_beat:
        r = nanquantile_rows(per_beat["r_amp_mv"], 0.5)
        s_ = nanquantile_rows(per_beat["s_amp_mv"], 0.5)
        idx = {lead: i for i, lead in enumerate(STANDARD_LEADS)}
        sok = sok if sok is not None else float(s_[idx["V1"]] + np.fmax(r[idx["V5"]], r[idx["V6"]]))
        corn = corn if corn is not None else float(r[idx["aVL"]] + s_[idx["V3"]])
    n_prem = given.get("n_premature")
    if n_prem is None and premature is not None:
        n_prem = int(premature.sum())
    return RecordFacts(atrial, irr, n_prem, float("nan") if sok is None else float(sok),
                       float("nan") if corn is None else float(corn), low, scaled, spread, p_share)


def nanquantile_rows(a: np.ndarray, q: float) -> np.ndarray:
    """Row-wise ``np.nanquantile(a, q, axis=1)`` (linear interpolation) for small (R, C) arrays.

    Same numbers as numpy, without its per-call overhead (masked arrays, warnings): on (12, ~10)
    arrays this is what keeps the verifier above 200 responses/s per core.
    """
    s = np.sort(a, axis=1)  # NaN sort last
    n = np.isfinite(a).sum(axis=1)
    pos = np.maximum(n - 1, 0) * q
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, np.maximum(n - 1, 0))
    rows = np.arange(a.shape[0])
    with np.errstate(invalid="ignore"):
        val = s[rows, lo] + (s[rows, hi] - s[rows, lo]) * (pos - lo) if a.shape[1] else np.full(a.shape[0], np.nan)
    return np.where(n > 0, val, np.nan)


def _global_intervals(v: RecordValues) -> dict[str, float]:
    """The multi-lead global values of ``gem_data.features.summary.summarize``, from the long rows."""
    to_ms = 1000.0 / FS_HZ
    f = v.fiducials
    p_on, q_on = nanquantile_rows(f["P_on"].T, 0.2), nanquantile_rows(f["QRS_on"].T, 0.2)
    q_off, t_off = nanquantile_rows(f["QRS_off"].T, 0.8), nanquantile_rows(f["T_off"].T, 0.8)
    rr = nanquantile_rows(v.per_beat["rr1_ms"].T, 0.5)

    def median(x: np.ndarray) -> float:
        return float(nanquantile_rows(x[None], 0.5)[0])

    rr_ms = median(rr)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = {
            "rr1_ms": rr_ms,
            "heart_rate_bpm": 60000.0 / rr_ms if rr_ms else np.nan,
            "pr_ms": median((q_on - p_on) * to_ms),
            "qrs_dur_ms": median((q_off - q_on) * to_ms),
            "qt_ms": median((t_off - q_on) * to_ms),
        }
    qt, rr_s = out["qt_ms"], rr_ms / 1000.0
    out["qtc_ms"] = qt / np.sqrt(rr_s) if np.isfinite(qt) and rr_s > 0 else np.nan
    out["qtc_fridericia_ms"] = qt / np.cbrt(rr_s) if np.isfinite(qt) and rr_s > 0 else np.nan
    return out
