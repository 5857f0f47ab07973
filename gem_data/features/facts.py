"""FeatureDB v2 facts beyond the 14 features (SPEC §3-§4, issue 13 item 4): what interpretations cite.

Per beat and lead (all (L, B) arrays, NaN / None where not measurable):

| column | definition |
|---|---|
| r_amp_mv | most positive QRS sample (QRS onset..offset) above the isoelectric PR level, 0 if none |
| s_amp_mv | depth below the PR level of the most negative sample after that R, as a positive number (0 if
|          | none); in a predominantly negative complex (no R of at least ``R_MIN_SHARE`` of the QRS
|          | peak-to-peak, or an R under half the negative deflection that comes only after it: QS, QS
|          | with a late r') the depth of that deflection, as the voltage criteria read S in V1
|          | (Sokolow & Lyon 1949 take the deepest S or QS there) |
| premature | RR1 < 0.85 x the local median RR (median of the 5 RRs nearest to it); one value per beat,
|           | the same in every lead; null for the first beat and in records with fewer than 4 beats |
| dominant_corr | Pearson correlation of the beat's QRST (80 ms before the beat to 450 ms after it, at
|               | most 75 % of the median RR, cut where the next beat's window starts) with the lead's
|               | dominant beat, the median of the record's non-premature beats: an ectopic or
|               | aberrant beat scores low (< 0.8 typically) |
| p_conf, qrs_conf, t_conf | the delineator's per-wave confidence (``Waves.confidence``, confidence.py) |

Per record (:class:`RecordFacts`, the ``features_records`` columns of :data:`RECORD_SCHEMA`):

- ``rr_irregularity``: median |RR(i+1) - RR(i)| / median RR. The median makes one ectopic beat and its
  pause count for nothing; atrial fibrillation scores ~0.15-0.35, sinus rhythm < 0.05, sinus
  arrhythmia ~0.05-0.1 (the same index as the successive-difference AF screens, e.g. Dash et al. 2009,
  "Automatic real time detection of atrial fibrillation", Ann Biomed Eng 37:1701).
  ``rr_irregular``: True above :data:`RR_IRREGULAR_ABOVE`, False below :data:`RR_REGULAR_BELOW`, null
  in between (undecided) and with fewer than 3 RRs.
- ``atrial_activity`` (first rule that holds):
  1. ``flutter_waves``: organised atrial activity at 240-350/min: in one of II, III, aVF, V1 the
     QRST-cancelled signal (each beat minus its lead's dominant beat, the standard route to atrial
     activity, Rieta et al. 2004) has a spectral peak in 4.0-5.83 Hz holding at least
     :data:`FLUTTER_PEAK_SHARE` of its 2-12 Hz power. Flutter waves are a regular sawtooth, so their
     power sits in one narrow peak; fibrillatory waves spread over 4-9 Hz (Bollmann et al. 2006) and
     noise over everything.
  2. ``sinus_p``: consistent P waves: a P in at least half the usable leads in >= :data:`SINUS_P_SHARE`
     of the beats, with a stable PR (each lead's beat-to-beat PR IQR, median over the leads,
     <= :data:`PR_IQR_MS`): sinus (or any atrial) rhythm conducted 1:1.
  3. ``absent_irregular``: no consistent P (P in < :data:`ABSENT_P_SHARE` of the beats) and an
     irregular RR (``rr_irregular`` True): the atrial fibrillation pattern.
  4. ``unclear``: anything else (P in some beats only, regular rhythm without P, too few beats).
  The P evidence is the delineator's P output as given; the rules ask for the pattern, not for one
  delineator's quirks, so a better P detector makes them better.
- ``n_premature``: number of premature beats.
- ``sokolow_lyon_mv`` = S_V1 + max(R_V5, R_V6), ``cornell_mv`` = R_aVL + S_V3 (SPEC §4), each R and S
  the median over the lead's non-premature beats whose QRS is not doubtful; null where one is missing.
- ``low_voltage``: QRS peak-to-peak (median per lead, same beats) < 0.5 mV in every limb lead or
  < 1.0 mV in every precordial lead (SPEC §4); null where a lead needed to decide is missing.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np
import polars as pl
from scipy.fft import irfft, next_fast_len, rfft
from scipy.signal import butter, sosfreqz

from gem_data.signals import STANDARD_LEADS

from .confidence import DOUBTFUL_BELOW
from .delineate import Waves
from .template import premature_beats, rr_irregularity
from .windows import (gather_values, median, nan_to_num, nanmedian, nanpercentile_rows, quiet,
                      segments)

RR_REGULAR_BELOW, RR_IRREGULAR_ABOVE = 0.06, 0.12
SINUS_P_SHARE = 0.8
ABSENT_P_SHARE = 0.5
PR_IQR_MS = 20.0
FLUTTER_HZ = (4.0, 350 / 60)  # 240-350 atrial cycles per minute
FLUTTER_LEADS_NEEDED = 3
FLUTTER_REL_RMS = 0.025
FLUTTER_AC = 0.3
FLUTTER_RATE_TOL = 15.0
FLUTTER_LEADS = ("II", "III", "aVF", "V1")  # where flutter waves are largest (inferior leads, V1)
R_MIN_SHARE = 0.1  # an R smaller than this share of the QRS peak-to-peak makes a QS complex
LIMB = ("I", "II", "III", "aVR", "aVL", "aVF")
PRECORDIAL = ("V1", "V2", "V3", "V4", "V5", "V6")

BEAT_COLUMNS: tuple[str, ...] = (
    "r_amp_mv", "s_amp_mv", "premature", "dominant_corr", "p_conf", "qrs_conf", "t_conf")
BEAT_SCHEMA: dict[str, pl.DataType] = {
    k: (pl.Boolean if k == "premature" else pl.Float32) for k in BEAT_COLUMNS}
RECORD_SCHEMA: dict[str, pl.DataType] = {
    "atrial_activity": pl.Utf8, "rr_irregular": pl.Boolean, "rr_irregularity": pl.Float32,
    "n_premature": pl.Int32, "sokolow_lyon_mv": pl.Float32, "cornell_mv": pl.Float32,
    "low_voltage": pl.Boolean,
}
ATRIAL_CLASSES: tuple[str, ...] = ("sinus_p", "absent_irregular", "flutter_waves", "unclear")


@dataclass(frozen=True)
class RecordFacts:
    """Record-level facts (module docstring has the rules); NaN / None = not decidable.

    ``p_share``, ``pr_iqr_ms``, ``flutter_leads`` and ``flutter_rate_bpm`` are the evidence the
    atrial-activity rule read (kept for validation and for the docs, not stored in the FeatureDB).
    """

    atrial_activity: str = "unclear"
    rr_irregular: bool | None = None
    rr_irregularity: float = float("nan")
    n_premature: int | None = None
    sokolow_lyon_mv: float = float("nan")
    cornell_mv: float = float("nan")
    low_voltage: bool | None = None
    p_share: float = float("nan")
    pr_iqr_ms: float = float("nan")
    flutter_leads: int = 0
    flutter_rate_bpm: float = float("nan")

    def row(self) -> dict:
        """The ``features_records`` columns (:data:`RECORD_SCHEMA`), NaN as None."""
        d = asdict(self)
        return {k: (None if isinstance(d[k], float) and not np.isfinite(d[k]) else d[k])
                for k in RECORD_SCHEMA}


def beat_facts(waves: Waves) -> dict[str, np.ndarray]:
    """The per-row v2 columns (:data:`BEAT_COLUMNS`) as (L, B) arrays; ``premature`` is float 1/0/NaN."""
    n_leads, n_beats = waves.fiducials["QRS_on"].shape
    r_mv, s_mv = rs_amplitudes(waves)
    prem = premature_flags(waves.beat_idx, waves.fs_hz)
    out = {"r_amp_mv": r_mv, "s_amp_mv": s_mv,
           "premature": np.broadcast_to(prem, (n_leads, n_beats)).astype(np.float32),
           "dominant_corr": dominant_corr(waves, prem)}
    for wave, col in (("P", "p_conf"), ("QRS", "qrs_conf"), ("T", "t_conf")):
        c = waves.confidence.get(wave)
        out[col] = (c.astype(np.float32) if c is not None and c.shape == (n_leads, n_beats)
                    else np.full((n_leads, n_beats), np.nan, np.float32))
    return out


def rs_amplitudes(waves: Waves) -> tuple[np.ndarray, np.ndarray]:
    """(r_amp_mv, s_amp_mv), each (L, B) float32, from ``clean_mv`` relative to ``iso_mv``."""
    on = waves.fiducials["QRS_on"].astype(np.int64)
    off = waves.fiducials["QRS_off"].astype(np.int64)
    ok = (on >= 0) & (off >= on) & np.isfinite(waves.iso_mv)
    lo = np.where(ok, on, 0)
    width = int(np.max(np.where(ok, off - on, 0), initial=0)) + 1
    x = waves.clean_mv
    vals = gather_values(x, lo, width) - nan_to_num(waves.iso_mv)[..., None]  # x[l, clip(lo + k)]
    inside = np.arange(width) <= np.where(ok, off - on, -1)[..., None]
    top = np.where(inside, vals, -np.inf)
    r_pos = top.argmax(-1)
    r_mv = np.maximum(top.max(-1), 0.0)
    low = np.where(inside, vals, np.inf)
    after_r = np.arange(width) >= r_pos[..., None]
    deepest = np.maximum(-low.min(-1), 0.0)
    # no real R, or only a small late one after the deep deflection (QS with r'): the deep
    # negative deflection is the S (QS) of the voltage criteria
    qs = (r_mv < R_MIN_SHARE * (r_mv + deepest)) | ((r_mv < 0.5 * deepest) & (r_pos > low.argmin(-1)))
    s_mv = np.where(qs, deepest, np.maximum(-np.where(after_r, low, np.inf).min(-1), 0.0))
    nan = np.float32(np.nan)
    return (np.where(ok, r_mv, nan).astype(np.float32), np.where(ok, s_mv, nan).astype(np.float32))


def premature_flags(beat_idx: np.ndarray, fs_hz: float) -> np.ndarray:
    """(B,) float: 1 premature, 0 not, NaN where undecidable (first beat, fewer than 4 beats).

    Premature: RR1 < 0.85 x the local median RR, the median of the 5 RRs nearest to it (the window
    shifts inward at the record's ends rather than repeating the edge RR: a PVC that is the second
    beat of the strip must not be its own reference).
    """
    out = np.full(beat_idx.shape, np.nan, np.float32)
    if beat_idx.size < 4:
        return out
    out[1:] = premature_beats(beat_idx, fs_hz)[1:]
    return out


def dominant_corr(waves: Waves, premature: np.ndarray) -> np.ndarray:
    """(L, B) float32 QRST correlation of each beat with its lead's dominant (median) beat."""
    beats = waves.beat_idx
    n_leads, n = waves.clean_mv.shape
    if beats.size < 2:
        return np.full((n_leads, beats.size), np.nan, np.float32)
    pre, post = _qrst_window(beats, waves.fs_hz)
    seg = segments(waves.clean_mv, beats - pre, pre + post)
    inside = (beats - pre >= 0) & (beats + post <= n)  # (B,) windows wholly in the record
    tmpl = _template(seg, premature, inside)
    # Pearson over the samples inside the record and before the next beat's window (edge beats
    # and beats followed by an early one lose part of theirs); the sums are matrix products
    # because these masks are the same in every lead
    next_start = np.append(beats[1:] - pre, n) - (beats - pre)  # (B,) window offset of the next
    m = (np.isfinite(seg[0]) & (np.arange(pre + post) < next_start[:, None])).astype(np.float64)
    a = np.where(m[None] > 0, seg, 0.0)  # seg is finite wherever m is set (clean_mv is finite)
    t = nan_to_num(tmpl)
    cnt = np.maximum(m.sum(-1), 1.0)
    sa, sb = a.sum(-1), t @ m.T  # (L, B)
    saa, sbb = (a * a).sum(-1), (t * t) @ m.T
    sab = np.einsum("lbw,lw->lb", a, t)
    cov = sab - sa * sb / cnt
    den = np.sqrt(np.maximum(saa - sa * sa / cnt, 0) * np.maximum(sbb - sb * sb / cnt, 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.where((den > 0) & (m.sum(-1) >= 10), cov / den, np.nan)
    has_qrs = waves.fiducials["QRS_on"] >= 0
    return np.where(has_qrs & np.isfinite(tmpl).all(-1)[:, None], corr, np.nan).astype(np.float32)


def record_facts(waves: Waves, features: dict[str, np.ndarray], beat: dict[str, np.ndarray],
                 leads: tuple[str, ...] = STANDARD_LEADS) -> RecordFacts:
    """Record-level facts from one record's delineation, features (measure.py) and :func:`beat_facts`."""
    fs = waves.fs_hz
    rr_ms = np.diff(waves.beat_idx) * 1000.0 / fs
    irr = rr_irregularity(rr_ms)
    irregular = (None if not np.isfinite(irr) else True if irr > RR_IRREGULAR_ABOVE
                 else False if irr < RR_REGULAR_BELOW else None)
    prem = beat["premature"][0] if beat["premature"].size else np.zeros(0)
    n_prem = int(np.nansum(prem)) if np.isfinite(prem).any() else None
    p_share, pr_iqr = p_evidence(waves, features["pr_ms"], prem)
    # the flutter rule comes after the sinus one: where P waves settle the class, it is not read
    # (its evidence stays 0 / NaN, "not looked for")
    sinus = atrial_class(p_share, pr_iqr, irregular, 0, waves.n_beats) == "sinus_p"
    fl_leads, fl_rate = ((0, float("nan")) if sinus else
                         flutter_evidence(waves, prem, features["qrs_amp_mv"], leads))
    atrial = atrial_class(p_share, pr_iqr, irregular, fl_leads, waves.n_beats)
    sok, corn, low = voltage_indices(features["qrs_amp_mv"], beat, leads)
    return RecordFacts(atrial, irregular, irr, n_prem, sok, corn, low, p_share, pr_iqr, fl_leads,
                       fl_rate)


def atrial_class(p_share: float, pr_iqr_ms: float, rr_irregular: bool | None,
                 flutter_leads: int, n_beats: int) -> str:
    """The atrial-activity rule of the module docstring, on its evidence."""
    if n_beats < 3:
        return "unclear"
    if p_share >= SINUS_P_SHARE and pr_iqr_ms <= PR_IQR_MS:
        return "sinus_p"
    if flutter_leads >= FLUTTER_LEADS_NEEDED:
        return "flutter_waves"
    if p_share < ABSENT_P_SHARE and rr_irregular is True:
        return "absent_irregular"
    return "unclear"


def p_evidence(waves: Waves, pr_ms: np.ndarray,
               premature: np.ndarray | None = None) -> tuple[float, float]:
    """(share of beats with a P in at least half the usable leads, median over leads of the PR IQR ms).

    The share counts the beats of the underlying rhythm: a premature beat has no sinus P by nature
    and the beat after it often hides its P in the ectopic T, so both are left out (unless that
    leaves fewer than 3 beats); ectopy must not turn a sinus rhythm into "unclear".
    """
    usable = np.array([not why for why in waves.lead_reasons], bool)
    if waves.n_beats == 0 or not usable.any():
        return 0.0, float("nan")
    keep = np.ones(waves.n_beats, bool)
    if premature is not None and premature.size == waves.n_beats:
        odd = nan_to_num(premature).astype(bool)
        odd[1:] |= odd[:-1].copy()
        keep = ~odd if (~odd).sum() >= 3 else keep
    has_p = waves.fiducials["P_on"][usable][:, keep] >= 0
    p_beat = has_p.sum(0) >= max(1, int(np.ceil(usable.sum() / 2)))
    # each lead's own beat-to-beat PR spread, then the median lead: a per-lead constant (the
    # averaged-beat share of lead_template.py) leaves it unchanged, and f waves scatter in every lead
    pr = np.where(has_p, pr_ms[usable][:, keep], np.nan)
    pr = pr[np.isfinite(pr).sum(1) >= 2]  # leads with a spread to measure
    if not p_beat.any() or pr.shape[0] == 0:
        return float(p_beat.mean()), float("nan")
    q75, q25 = nanpercentile_rows(pr, (75, 25))  # np.nanpercentile's values, one sort
    return float(p_beat.mean()), float(median(q75 - q25, axis=0))


def flutter_evidence(waves: Waves, premature: np.ndarray, qrs_amp_mv: np.ndarray,
                     leads: tuple[str, ...]) -> tuple[int, float]:
    """(how many of II/III/aVF/V1 show regular 240-350/min atrial waves, their median rate /min).

    Each lead's dominant beat (P to T) is subtracted at every beat, the rest band-passed to 3-9 Hz
    and read outside the QRS (+-40 ms, where any mismatch of the subtraction sits) and outside
    premature beats (a PVC's own T would pass for atrial waves). A lead shows
    flutter waves when that residual is not negligible (RMS >= :data:`FLUTTER_REL_RMS` of its QRS
    peak-to-peak) and repeats itself: its autocorrelation peaks inside the 171-250 ms cycle range
    (>= :data:`FLUTTER_AC`, normalised for the blanked samples). The leads count together when their cycle lengths
    agree within :data:`FLUTTER_RATE_TOL` per minute, as one atrial rhythm does in every lead.
    """
    beats, fs = waves.beat_idx, waves.fs_hz
    rows = [i for i, lead in enumerate(leads) if lead in FLUTTER_LEADS and not waves.lead_reasons[i]]
    n = waves.clean_mv.shape[1]
    if beats.size < 3 or not rows or n < fs:
        return 0, float("nan")
    x = waves.clean_mv[rows].astype(np.float64)
    rr = float(median(np.diff(beats), axis=0))
    pre, post = int(min(0.30 * fs, 0.40 * rr)), int(min(0.55 * fs, 0.60 * rr))
    seg = segments(x, beats - pre, pre + post)
    tmpl = nan_to_num(_template(seg, premature, (beats - pre >= 0) & (beats + post <= n)))
    m = next_fast_len(2 * n, real=True)  # zero-padded: linear, not circular, autocorrelation
    resid = np.zeros((len(rows), m))  # padded here: rfft's own padding is a slower copy
    resid[:, :n] = x
    for s in (beats - pre).tolist():  # in beat order: a later beat's window wins where they overlap
        lo, hi = max(s, 0), min(s + pre + post, n)
        if hi > lo:
            resid[:, lo:hi] = x[:, lo:hi] - tmpl[:, lo - s:hi - s]
    # the band's gain is real: the spectrum's float view times (re, im)-repeated gains
    y = irfft((rfft(resid, axis=1).view(np.float64) * _atrial_band(float(fs), m)).view(np.complex128),
              m, axis=1)
    on = np.where(waves.fiducials["QRS_on"][rows] >= 0, waves.fiducials["QRS_on"][rows],
                  beats - int(0.05 * fs)).min(0) - int(0.04 * fs)
    off = np.where(waves.fiducials["QRS_off"][rows] >= 0, waves.fiducials["QRS_off"][rows],
                   beats + int(0.06 * fs)).max(0) + int(0.04 * fs)
    edge = int(0.2 * fs)  # filter transients at the record's borders
    keep = np.ones(n, bool)
    keep[:edge] = keep[n - edge:] = False
    cover = np.zeros(n + 1, int)  # +1 from each QRS onset, -1 after its offset: QRS where > 0
    np.add.at(cover, np.clip(on, 0, n), 1)
    np.add.at(cover, np.clip(off + 1, 0, n), -1)
    keep &= np.cumsum(cover)[:n] <= 0
    for b in beats[nan_to_num(premature).astype(bool)]:  # the dominant beat does not fit these
        keep[max(b - pre, 0):b + post] = False
    y[:, n:] = 0.0  # y: the kept samples, zero-padded to m
    np.copyto(y[:, :n], 0.0, where=~keep[None])
    ptp = nan_median(qrs_amp_mv[rows])
    rms = np.sqrt((y[:, :n] * y[:, :n]).sum(1) / max(int(keep.sum()), 1))
    large = rms >= FLUTTER_REL_RMS * ptp
    if not large.any():  # no residual large enough to show flutter waves (~80 % of records): the
        return 0, float("nan")  # autocorrelation could not change that
    top = int(0.40 * fs) + 1
    spec = rfft(y, axis=1)
    ac = irfft(spec * np.conj(spec), m, axis=1)[:, :top]  # (leads, lags)
    kept = np.zeros(m)
    kept[:n] = keep
    overlap = irfft(np.abs(rfft(kept)) ** 2, m)[:top]  # kept pairs per lag
    ac = ac / np.maximum(ac[:, :1], 1e-18) * (overlap[0] / np.maximum(overlap, 1.0))
    lags = np.arange(top)
    in_range = (lags >= fs * 60 / 350) & (lags <= fs * 60 / 240)
    k = np.flatnonzero(in_range)[ac[:, in_range].argmax(1)]  # (leads,) best lag
    best = ac[np.arange(len(rows)), k]
    shows = large & (best >= FLUTTER_AC)
    rate = 60.0 * fs / lags[k]
    if not shows.any():
        return 0, float("nan")
    mid = float(median(rate[shows], axis=0))
    agree = shows & (np.abs(rate - mid) <= FLUTTER_RATE_TOL)
    return int(agree.sum()), mid


@lru_cache(maxsize=8)
def _atrial_band(fs_hz: float, m: int) -> np.ndarray:
    """|H|^2 of a 3rd-order 3-9 Hz Butterworth band-pass (zero phase) on an m-point rfft grid,
    each bin's gain twice: it multiplies the (re, im) float view of a spectrum."""
    sos = butter(3, (3.0, 9.0), btype="bandpass", fs=fs_hz, output="sos")
    _, h = sosfreqz(sos, worN=np.fft.rfftfreq(m, 1.0 / fs_hz), fs=fs_hz)
    return np.repeat(np.abs(h) ** 2, 2)


def voltage_indices(qrs_amp_mv: np.ndarray, beat: dict[str, np.ndarray],
                    leads: tuple[str, ...]) -> tuple[float, float, bool | None]:
    """(Sokolow-Lyon mV, Cornell mV, low voltage) from per-lead medians over trusted, normal beats."""
    keep = beat["qrs_conf"] >= DOUBTFUL_BELOW
    keep |= ~np.isfinite(beat["qrs_conf"])  # no confidence given: the value is all we have
    keep &= ~(beat["premature"] == 1)
    med = {k: nan_median(np.where(keep, v, np.nan))
           for k, v in (("r", beat["r_amp_mv"]), ("s", beat["s_amp_mv"]), ("ptp", qrs_amp_mv))}
    at = {lead: i for i, lead in enumerate(leads)}

    def get(kind: str, lead: str) -> float:
        return float(med[kind][at[lead]]) if lead in at else float("nan")

    sok = get("s", "V1") + max(get("r", "V5"), get("r", "V6"))  # NaN propagates through max
    corn = get("r", "aVL") + get("s", "V3")
    low = None
    for group, limit in ((LIMB, 0.5), (PRECORDIAL, 1.0)):
        ptp = np.array([get("ptp", lead) for lead in group])
        if np.isfinite(ptp).all() and (ptp < limit).all():
            return sok, corn, True
        if low is None and np.isfinite(ptp).all():
            low = False
    return sok, corn, low


def nan_median(v: np.ndarray) -> np.ndarray:
    """Median over the last axis ignoring NaN (NaN where none); see windows.nanmedian."""
    return nanmedian(np.asarray(v, np.float64), -1)


def _qrst_window(beats: np.ndarray, fs_hz: float) -> tuple[int, int]:
    rr = float(median(np.diff(beats), axis=0))
    return int(0.08 * fs_hz), int(min(0.45 * fs_hz, 0.75 * rr))


def _template(seg: np.ndarray, premature: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """(L, W) median beat over the non-premature beats whose window is inside the record.

    Falls back to all beats (NaN-aware, slower) when fewer than 3 such beats exist.
    """
    use = ~(premature == 1) & inside
    if use.sum() >= 3:
        return median(seg[:, use], axis=1)
    with quiet():
        return np.nanmedian(seg, axis=1)


