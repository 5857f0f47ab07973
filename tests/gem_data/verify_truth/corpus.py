"""Independent truth corpus for the grounding verifier (issue 14, item 3).

Clinician-style paragraphs about the LUDB records in ../shared/data/ludb, each claim labelled
supported / contradicted / unverifiable from the cardiologists' per-lead annotations and header
diagnoses only (never from our FeatureDB), plus a leakage label per paragraph. Built at test time,
seeded and deterministic. Rules and tolerances: docs/verifier_truth_corpus.md.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import wfdb

LUDB_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "ludb" / "data"
FS_HZ = 500.0
MS_PER_SAMPLE = 1000.0 / FS_HZ
LEADS = ("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6")
INTERVALS = ("pr_ms", "p_dur_ms", "qrs_ms", "qt_ms", "qtc_ms")
# Tolerance a clinician grants a measurement (SPEC §3 anchors: delineators differ from cardiologists by
# ~8 ms SD on QRS, 15-18 ms on P and T offsets; QT and QTc carry the T-offset uncertainty).
TOL_MS = {"pr_ms": 20.0, "p_dur_ms": 20.0, "qrs_ms": 20.0, "qt_ms": 30.0, "qtc_ms": 30.0}
GAP_MS = 10.0          # the band just outside tolerance that no label is planted in
HR_TOL = 0.10          # supported within 10 % of the true rate
HR_CONTRA = 0.17       # contradicted only 17 % or more away
SEED = 14


def record_half(record: int) -> str:
    """Split by record: number % 4 == 1 is the dev half, % 4 == 3 the held-out half."""
    return "dev" if record % 4 == 1 else "heldout"


# ---------------------------------------------------------------- truth from the annotations

@dataclass(frozen=True)
class LeadTruth:
    """Per-beat values of one lead from its own annotation (ms; NaN where a wave is missing)."""
    beats: dict[str, np.ndarray]
    medians: dict[str, float]      # per feature over the annotated beats, NaN under two beats

    @classmethod
    def of(cls, beats: dict[str, np.ndarray]) -> LeadTruth:
        fin = {f: v[np.isfinite(v)] for f, v in beats.items()}
        return cls(beats, {f: float(np.median(v)) if len(v) >= 2 else math.nan for f, v in fin.items()})

    def median(self, feature: str) -> float:
        return self.medians[feature]

    def values(self, feature: str) -> np.ndarray:
        vals = self.beats[feature]
        return vals[np.isfinite(vals)]


@dataclass(frozen=True)
class RecordTruth:
    record: int
    half: str
    sex: str | None
    age: int | None
    rhythm: str                # sinus / af / flutter / other (header "Rhythm:" line)
    rhythm_text: str
    paced: bool
    av_block3: bool
    extrasystole: bool         # the header lists an atrial or ventricular extrasystole
    leads: dict[str, LeadTruth]
    hr_lo_bpm: float           # the two usual readings of the rate: 60000 / median RR and / mean RR
    hr_hi_bpm: float
    rr_spread: float           # (max RR - min RR) / median RR over the annotated beats
    premature_rr: bool         # an annotated RR1 < 0.85 x median RR (SPEC §3 `premature`)
    p_each: bool               # a P wave is annotated before every annotated QRS in lead II (the
                               # first annotated QRS is skipped: LUDB's annotation starts at it)
    p_none: bool               # no P wave is annotated in any lead

    def lead_medians(self, feature: str) -> dict[str, float]:
        meds = {lead: lt.median(feature) for lead, lt in self.leads.items()}
        return {lead: v for lead, v in meds.items() if math.isfinite(v)}

    def record_median(self, feature: str) -> float:
        meds = list(self.lead_medians(feature).values())
        return float(np.median(meds)) if len(meds) >= 6 else math.nan

    @property
    def sinus(self) -> bool:
        return self.rhythm == "sinus" and not self.paced

    @property
    def qtc_limit_ms(self) -> float:
        """SPEC §4: QTc prolonged at >= 450 ms in men, >= 460 ms in women."""
        return 460.0 if self.sex == "F" else 450.0


def _waves(samples: np.ndarray, symbols: list[str]) -> dict[str, list[tuple[int, int, int]]]:
    """(onset, peak, offset) sample triplets per wave symbol: p, N (QRS), t."""
    out: dict[str, list[tuple[int, int, int]]] = {"p": [], "N": [], "t": []}
    for i in range(1, len(symbols) - 1):
        if symbols[i] in out and symbols[i - 1] == "(" and symbols[i + 1] == ")":
            out[symbols[i]].append((int(samples[i - 1]), int(samples[i]), int(samples[i + 1])))
    return {k: sorted(v) for k, v in out.items()}


def _lead_beats(waves: dict[str, list[tuple[int, int, int]]]) -> dict[str, np.ndarray]:
    """SPEC §3 definitions per annotated QRS: PR = QRS on - P on, P dur, QRS dur, QT = T off - QRS on,
    RR1 from the previous annotated QRS peak, QTc = QT / sqrt(RR1 in s) (Bazett)."""
    qrs = waves["N"]
    cols: dict[str, list[float]] = {k: [] for k in ("pr_ms", "p_dur_ms", "qrs_ms", "qt_ms", "qtc_ms", "rr_ms")}
    for k, (on, peak, off) in enumerate(qrs):
        prev_off = qrs[k - 1][2] if k else on - int(0.5 * FS_HZ)
        next_on = qrs[k + 1][0] if k + 1 < len(qrs) else 10 ** 9
        ps = [w for w in waves["p"] if w[2] <= on and w[0] > prev_off]
        ts = [w for w in waves["t"] if w[0] >= off and w[2] <= next_on]
        p, t = (ps[-1] if ps else None), (ts[0] if ts else None)
        rr = (peak - qrs[k - 1][1]) * MS_PER_SAMPLE if k else math.nan
        rr = rr if rr < 2500 else math.nan  # a gap in the annotation, not one RR
        qt = (t[2] - on) * MS_PER_SAMPLE if t else math.nan
        cols["pr_ms"].append((on - p[0]) * MS_PER_SAMPLE if p else math.nan)
        cols["p_dur_ms"].append((p[2] - p[0]) * MS_PER_SAMPLE if p else math.nan)
        cols["qrs_ms"].append((off - on) * MS_PER_SAMPLE)
        cols["qt_ms"].append(qt)
        cols["qtc_ms"].append(qt / math.sqrt(rr / 1000.0))
        cols["rr_ms"].append(rr)
    return {k: np.asarray(v, dtype=float) for k, v in cols.items()}


def _header(comments: list[str]) -> dict:
    text = [c.strip() for c in comments]
    age = next((c.split(":", 1)[1].strip() for c in text if c.startswith("<age>")), "")
    sex = next((c.split(":", 1)[1].strip() for c in text if c.startswith("<sex>")), "")
    rhythm_text = next((c.split(":", 1)[1].strip(" .") for c in text if c.startswith("Rhythm")), "")
    low = rhythm_text.lower()
    rhythm = ("af" if "fibrillation" in low else "flutter" if "flutter" in low
              else "sinus" if "sinus" in low else "other")
    joined = " ".join(text).lower()
    return {"age": int(age) if age.isdigit() else None, "sex": sex if sex in ("M", "F") else None,
            "rhythm": rhythm, "rhythm_text": rhythm_text, "paced": "pacing" in joined,
            "av_block3": "iii degree" in joined, "extrasystole": "extrasystol" in joined}


@functools.cache
def read_annotation(path: Path, lead: str) -> tuple[np.ndarray, list[str]]:
    """(samples, symbols) of one lead's cardiologist annotation file (`N.ii`, `N.v1`, ...)."""
    ann = wfdb.rdann(str(path), lead.lower())
    return ann.sample, list(ann.symbol)


@functools.cache
def load_truth(record: int, ludb_dir: Path = LUDB_DIR) -> RecordTruth:
    """Truth for one LUDB record from its 12 per-lead annotation files and header comments."""
    path = str(ludb_dir / str(record))
    hdr = _header(wfdb.rdheader(path).comments)
    waves = {lead: _waves(*read_annotation(ludb_dir / str(record), lead)) for lead in LEADS}
    leads = {lead: LeadTruth.of(_lead_beats(w)) for lead, w in waves.items()}
    main = max(LEADS, key=lambda lead: (len(leads[lead].values("rr_ms")), lead == "II"))
    rr = leads[main].values("rr_ms")
    med_rr = float(np.median(rr))
    hr = (60000.0 / med_rr, 60000.0 / float(np.mean(rr)))
    lead2 = waves["II"]
    p_each = bool(hdr["rhythm"] == "sinus" and not hdr["paced"] and not hdr["av_block3"]
                  and len(lead2["N"]) >= 3 and np.isfinite(leads["II"].beats["pr_ms"][1:]).all())
    return RecordTruth(
        record=record, half=record_half(record), sex=hdr["sex"], age=hdr["age"], rhythm=hdr["rhythm"],
        rhythm_text=hdr["rhythm_text"], paced=hdr["paced"], av_block3=hdr["av_block3"],
        extrasystole=hdr["extrasystole"], leads=leads, hr_lo_bpm=min(hr), hr_hi_bpm=max(hr),
        rr_spread=float((rr.max() - rr.min()) / med_rr), premature_rr=bool((rr < 0.85 * med_rr).any()),
        p_each=p_each, p_none=all(not w["p"] for w in waves.values()))


def ludb_records(ludb_dir: Path = LUDB_DIR) -> list[int]:
    return sorted(int(p.stem) for p in ludb_dir.glob("*.hea"))


# ---------------------------------------------------------------- claims and their labels

@dataclass
class Claim:
    kind: str                  # interval / rate / amplitude / threshold / rhythm / structural
    feature: str               # pr_ms ... hr_bpm, r_amp ..., or the term (first_degree_avb, p_each ...)
    label: str                 # supported / contradicted / unverifiable
    intent: str                # supported / near / far / unverifiable: how the value was planted
    form: str                  # how it is written: ms, s, msec, boxes, range, approx, word ...
    leads: tuple[str, ...] = ()
    beat: int | None = None
    lo: float | None = None    # the claimed value or range in ms (intervals) or bpm (rate)
    hi: float | None = None
    negated: bool = False
    start: int = 0
    end: int = 0
    text: str = ""


def _dist(lo: float, hi: float, truth: float) -> float:
    return max(lo - truth, truth - hi, 0.0)


def _label_interval(c: Claim, t: RecordTruth) -> str | None:
    tol = TOL_MS[c.feature]
    if c.beat is not None:       # every annotated beat must agree, so beat numbering cannot matter
        vals = [v for lead in c.leads for v in t.leads[lead].values(c.feature)]
        if any(len(t.leads[lead].values(c.feature)) < max(2, c.beat) for lead in c.leads):
            return None
        ds = [_dist(c.lo, c.hi, v) for v in vals]
    elif c.leads:                # each named lead's own annotated median
        meds = [t.leads[lead].median(c.feature) for lead in c.leads]
        if not all(math.isfinite(m) for m in meds):
            return None
        ds = [_dist(c.lo, c.hi, m) for m in meds]
    else:                        # no lead named: the cross-lead median, contradicted only beyond every lead
        meds = list(t.lead_medians(c.feature).values())
        rec = t.record_median(c.feature)
        if not math.isfinite(rec):
            return None
        if _dist(c.lo, c.hi, rec) <= tol:
            return "supported"
        return "contradicted" if min(_dist(c.lo, c.hi, m) for m in meds) >= tol + GAP_MS else None
    if all(d <= tol for d in ds):
        return "supported"
    return "contradicted" if all(d >= tol + GAP_MS for d in ds) else None


def _label_rate(c: Claim, t: RecordTruth) -> str | None:
    d = max(c.lo - t.hr_hi_bpm, t.hr_lo_bpm - c.hi, 0.0) / t.hr_lo_bpm
    return "supported" if d <= HR_TOL else "contradicted" if d >= HR_CONTRA else None


def _tri(true_if: bool, false_if: bool) -> bool | None:
    return True if true_if else False if false_if else None


def _threshold_truth(term: str, t: RecordTruth) -> bool | None:
    """SPEC §4 thresholds on the annotated truth, with a margin of one tolerance on each side: a
    word is true or false only where every reading within tolerance agrees."""
    pr, qrs, qtc = (t.lead_medians(f) for f in ("pr_ms", "qrs_ms", "qtc_ms"))
    brady = _tri(t.hr_hi_bpm <= 54, t.hr_lo_bpm >= 66)
    tachy = _tri(t.hr_lo_bpm >= 110, t.hr_hi_bpm <= 91)
    fib = t.rhythm in ("af", "flutter")
    if term == "bradycardia":
        return brady
    if term == "tachycardia":
        return tachy
    if term == "sinus_bradycardia":
        return False if (brady is False or fib) else (True if (brady and t.sinus) else None)
    if term == "sinus_tachycardia":
        return False if (tachy is False or fib) else (True if (tachy and t.sinus) else None)
    if term in ("rapid_response", "slow_response"):
        return (tachy if term == "rapid_response" else brady) if fib else None
    if term == "first_degree_avb" and len(pr) >= 6:
        m = float(np.median(list(pr.values())))
        return _tri(m >= 220 and min(pr.values()) >= 200, m <= 180 and max(pr.values()) <= 200)
    if term == "short_pr" and len(pr) >= 6:
        m = float(np.median(list(pr.values())))
        return _tri(m <= 100 and max(pr.values()) <= 120, m >= 140 and min(pr.values()) >= 120)
    if term in ("wide_qrs", "narrow_qrs", "bbb_duration") and len(qrs) >= 6:
        m = float(np.median(list(qrs.values())))
        wide = _tri(m >= 140 and min(qrs.values()) >= 120, m <= 100 and max(qrs.values()) <= 110)
        return None if wide is None else (not wide if term == "narrow_qrs" else wide)
    if term == "prolonged_qtc" and len(qtc) >= 6 and t.sex:
        m, lim = float(np.median(list(qtc.values()))), t.qtc_limit_ms
        return _tri(m >= lim + 30 and min(qtc.values()) >= lim, m <= lim - 30 and max(qtc.values()) <= lim)
    return None


def _structural_truth(term: str, t: RecordTruth) -> bool | None:
    """Rhythm and atrial activity from the header diagnosis and the annotated P waves and RR."""
    sinus_p = t.sinus and t.p_each
    if term == "sinus_rhythm":
        return _tri(t.sinus, t.rhythm in ("af", "flutter"))
    if term == "atrial_fibrillation":
        return _tri(t.rhythm == "af", sinus_p)
    if term == "atrial_flutter":
        return _tri(t.rhythm == "flutter", sinus_p)
    if term == "p_each":
        return _tri(sinus_p, t.rhythm == "af" and t.p_none)
    if term == "regular":   # a lone ectopic beat makes neither word safe: such records get no label
        sinus_arrhythmia = t.rhythm == "sinus" and any(w in t.rhythm_text.lower() for w in ("arrhythmia", "irregular"))
        return _tri(t.rhythm != "af" and t.rr_spread < 0.12 and not t.premature_rr and not t.extrasystole,
                    (t.rhythm == "af" or sinus_arrhythmia) and t.rr_spread > 0.2)
    if term == "premature":
        return _tri(t.premature_rr and t.extrasystole,
                    not t.premature_rr and not t.extrasystole and t.rhythm != "af")
    return None


AMPLITUDE = ("r_amp", "s_amp", "q_amp", "p_amp", "t_amp", "st_level", "qrs_amp", "lvh_voltage", "low_voltage")


def label_claim(c: Claim, t: RecordTruth) -> str | None:
    """The label a claim gets from the truth, or None where it sits in a no-label band."""
    if c.kind == "amplitude":
        return "unverifiable"    # LUDB leads are each scaled to 1.0 peak-to-peak: no physiological mV
    if c.kind == "interval":
        return _label_interval(c, t)
    if c.kind == "rate":
        return _label_rate(c, t)
    truth = (_threshold_truth if c.kind == "threshold" else _structural_truth)(c.feature, t)
    if truth is None:
        return None
    return "supported" if truth != c.negated else "contradicted"


# ---------------------------------------------------------------- phrase banks (written for this corpus)

NUM_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve", "thirteen")
ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh")
NAMES = {
    "pr_ms": ("PR interval", "PR interval", "P-R interval", "PR"),
    "p_dur_ms": ("P-wave duration", "P wave duration", "P-wave width", "P wave"),
    "qrs_ms": ("QRS duration", "QRS complex duration", "QRS width", "QRS"),
    "qt_ms": ("QT interval", "QT", "uncorrected QT interval"),
    "qtc_ms": ("QTc", "corrected QT interval", "QTc (Bazett)", "rate-corrected QT"),
}
LAY_NAMES = {
    "pr_ms": ("the pause between the upper and lower chambers (the PR interval)",
              "the hand-off from the atria to the ventricles, the PR interval,"),
    "p_dur_ms": ("the upper chambers' electrical wave (the P wave)", "the atrial wave"),
    "qrs_ms": ("the main pumping chambers' activation (the QRS)", "the QRS, the big spike of each beat,"),
    "qt_ms": ("the time the ventricles need to recharge (the QT interval)", "the QT interval"),
    "qtc_ms": ("the recharge time corrected for heart rate (QTc)", "the rate-corrected QT"),
}
GROUPS = {
    "the inferior leads": ("II", "III", "aVF"), "II, III and aVF": ("II", "III", "aVF"),
    "V1–V3": ("V1", "V2", "V3"), "V1 through V3": ("V1", "V2", "V3"), "V1-V3": ("V1", "V2", "V3"),
    "V4–V6": ("V4", "V5", "V6"), "V4 to V6": ("V4", "V5", "V6"), "the precordial leads": LEADS[6:],
    "the lateral leads": ("I", "aVL", "V5", "V6"), "the limb leads": LEADS[:6], "leads I and aVL": ("I", "aVL"),
    "the chest leads": LEADS[6:],
}
APPROX = ("about", "approximately", "roughly", "around", "~", "close to", "near")
INTERVAL_TEMPLATES = {
    "terse": ("[{Name} {val} ({loc})]. ", "[{Name} in {loc} {val}]. ", "[{Loc}: {name} {val}]. ",
              "[{Name} {val} in {loc}]. "),
    "terse0": ("[{Name} {val}]. ", "[{Name}: {val}]. ", "[{Name} {val}], ", "[{Name} = {val}]. "),
    "clin": ("In {loc}, [the {name} measures {val}]. ", "[The {name} in {loc} is {val}]. ",
             "[{Loc} shows a {name} of {val}]. ", "[The {name} is {val} in {loc}], ",
             "and in {loc} [the {name} comes to {val}]. ", "{Loc} gives [a {name} of {val}]. ",
             "Measured in {loc}, [the {name} is {val}]. ", "[The {name}, taken from {loc}, is {val}]; "),
    "clin0": ("[The {name} is {val}]. ", "[{Name} measures {val}]; ", "[a {name} of {val}] is noted. ",
              "Overall, [the {name} is {val}]. ", "I measure [the {name} at {val}]. ", "[{Name} is {val}], "),
    "bullet": ("- [{Name} ({loc}): {val}]\n", "- {Loc}: [{name} {val}]\n", "- [{Name} in {loc}: {val}]\n"),
    "bullet0": ("- [{Name}: {val}]\n", "- [{Name} {val}]\n"),
    "teach": ("Now measure the {name} in {loc}: [it spans {val}]. ",
              "Look at {loc}, where [the {name} is {val}]. ",
              "Using {loc}, [the {name} works out to {val}]. ",
              "In {loc}, count from onset to offset: [the {name} is {val}]. "),
    "teach0": ("Next comes the {name}; [here it measures {val}]. ", "Measure the {name}: [it is {val}]. "),
    "hedge": ("In {loc}, [the {name} appears to be {val}]. ", "[The {name} in {loc} seems to be {val}]. ",
              "I would estimate [the {name} in {loc} at {val}]. ", "[The {name} in {loc} is perhaps {val}]. "),
    "hedge0": ("[The {name} is probably {val}]. ", "[The {name} looks to be {val}]. ",
               "As best I can tell, [the {name} is {val}]. ", "[The {name} is likely {val}]. "),
    "lay0": ("[{lay} takes {val}]. ", "[{lay} lasts {val}], ", "We measured [{lay} at {val}]. ",
             "[{lay} is {val} long]. "),
}
REFERENCE = {  # textbook ranges, only written where the true value also lies inside them
    "pr_ms": ((120, 200), "(a normal PR interval is 120 to 200 ms) "),
    "qrs_ms": ((0, 110), "(normal is under 120 ms) "),
    "qtc_ms": ((0, 440), "(upper limit of normal about 450 ms in men, 460 ms in women) "),
}
RATE_TEMPLATES = {
    "terse": ("[Rate {val}]. ", "[Vent. rate {val}]. ", "[HR {val}]. "),
    "clin": ("[The ventricular rate is {val}]. ", "[Heart rate is {val}], ", "[A rate of {val}] is present. ",
             "[The rate measures {val}]. ", "[The rhythm runs at {val}]. ", "[Ventricular rate {val}]; "),
    "bullet": ("- [Rate: {val}]\n", "- [Heart rate {val}]\n"),
    "teach": ("Start with the rate: [counting the complexes gives {val}]. ", "First the rate, [{val}]. ",
              "Count the QRS complexes in ten seconds and multiply by six: [the rate is {val}]. "),
    "hedge": ("[The rate appears to be {val}]. ", "[The heart rate is likely {val}]. ", "[The rate is perhaps {val}]. "),
    "lay": ("Your heart is beating [{val}]. ", "[The heart rate is {val}], ", "[Your heart rate is {val}]. "),
}
RR_TEMPLATES = ("[The RR interval is {val}], ", "[R-R interval of {val}]. ", "[RR intervals of {val}] are measured. ")
TERMS = {  # kind, positive noun phrases, negated noun phrases ("no ..."), clauses (positive, negated)
    "bradycardia": ("threshold", ("bradycardia", "a bradycardic rate", "a slow heart rate (bradycardia)"),
                    ("no bradycardia",), ("the rate is bradycardic", "the rate is not bradycardic")),
    "tachycardia": ("threshold", ("tachycardia", "a tachycardic rate"), ("no tachycardia",),
                    ("the rhythm is tachycardic", "the rate is not in the tachycardic range")),
    "sinus_bradycardia": ("threshold", ("sinus bradycardia",), (), ()),
    "sinus_tachycardia": ("threshold", ("sinus tachycardia",), (), ()),
    "rapid_response": ("threshold", ("a rapid ventricular response", "a fast ventricular response"), (), ()),
    "slow_response": ("threshold", ("a slow ventricular response",), (), ()),
    "first_degree_avb": ("threshold", ("first-degree AV block", "1st degree atrioventricular block",
                                       "a prolonged PR consistent with first-degree AV block"),
                         ("no first-degree AV block", "no first degree atrioventricular block"),
                         ("AV conduction is delayed beyond 200 ms", "there is no first-degree block")),
    "short_pr": ("threshold", ("a short PR interval", "short PR"), (), ()),
    "wide_qrs": ("threshold", ("wide QRS complexes", "a broad QRS", "widened QRS complexes"),
                 ("no QRS widening",), ("the QRS is wide", "the QRS is not wide")),
    "narrow_qrs": ("threshold", ("narrow QRS complexes", "narrow complexes", "a QRS of normal width"), (),
                   ("the complexes are narrow", "")),
    "bbb_duration": ("threshold", ("a QRS duration in the complete bundle-branch-block range",
                                   "QRS width meeting bundle branch block criteria"),
                     ("no QRS widening to the bundle-branch-block range",), ()),
    "prolonged_qtc": ("threshold", ("a prolonged QTc", "QTc prolongation", "a long QTc"),
                      ("no QTc prolongation", "no prolongation of the corrected QT"),
                      ("the QTc is prolonged", "the QTc is not prolonged")),
    "lvh_voltage": ("amplitude", ("voltage criteria for left ventricular hypertrophy",
                                  "LVH by Sokolow-Lyon voltage", "high QRS voltage suggesting LVH"),
                    ("no voltage criteria for LVH",), ()),
    "low_voltage": ("amplitude", ("low QRS voltage in the limb leads", "low voltage"), (), ()),
    "sinus_rhythm": ("rhythm", ("sinus rhythm", "a sinus mechanism", "sinus rhythm"), (),
                     ("the rhythm is sinus", "")),
    "atrial_fibrillation": ("rhythm", ("atrial fibrillation", "AF with an irregular ventricular response"), (),
                            ("the atria are fibrillating", "")),
    "atrial_flutter": ("rhythm", ("atrial flutter", "typical atrial flutter"), (), ()),
    "p_each": ("structural", ("P waves preceding each QRS", "a P wave before every QRS complex",
                              "P waves visible before each QRS"),
               ("no P waves", "no discernible P waves", "no visible P waves"),
               ("P waves precede each QRS", "P waves are absent")),
    "regular": ("structural", ("a regular rhythm", "regular RR intervals"),
                ("an irregular rhythm", "irregularly irregular RR intervals", "irregular RR intervals"),
                ("the rhythm is regular", "the RR intervals are irregular")),
    "premature": ("structural", ("premature beats", "ectopic beats", "extrasystoles"),
                  ("no premature beats", "no ectopy", "no extrasystoles"),
                  ("premature beats are present", "there are no premature beats")),
}
TERM_FRAMES = {
    "terse": ("[{Term}]. ",),
    "clin": ("The tracing shows [{term}]. ", "There is [{term}]. ", "We see [{term}], ", "Findings include [{term}]. ",
             "The rhythm strip demonstrates [{term}]. ", "This is consistent with [{term}]. "),
    "bullet": ("- [{Term}]\n",),
    "teach": ("Putting this together, there is [{term}]. ", "This tells us there is [{term}]. "),
    "hedge": ("This likely represents [{term}]. ", "There appears to be [{term}]. ", "I suspect [{term}]. "),
    "lay": ("Doctors would describe this as [{term}]. ", "The tracing shows [{term}]. "),
}
NEG_FRAMES = {
    "terse": ("[{Term}]. ",), "clin": ("I see [{term}]. ", "We find [{term}], ", "[{Term}]. "),
    "bullet": ("- [{Term}]\n",), "teach": ("Notice that we find [{term}]. ", "So we have [{term}]. "),
    "hedge": ("I find [{term}], I think. ", "As far as I can see, [{term}]. "), "lay": ("We found [{term}]. ",),
}
CLAUSE_FRAMES = {
    "terse": ("[{Term}]. ",), "clin": ("[{Term}]. ", "Note that [{term}]. ", "On inspection [{term}], "),
    "bullet": ("- [{Term}]\n",), "teach": ("You can see that [{term}]. ",),
    "hedge": ("It seems that [{term}]. ", "[{Term}], as far as I can judge. "), "lay": ("Put simply, [{term}]. ",),
}
AMP_TEMPLATES = (
    "[an R wave of {mv} mV in {lead}]", "[an S wave of {mv} millivolts in {lead}]", "[a Q wave of {q} mV in {lead}]",
    "[an R wave of {mm} mm in {lead}]", "[an S wave {big} deep in {lead}]",
    "[ST elevation of {st} mm in {lead}]", "[a T wave of {t} mV in {lead}]",
    "[a P wave of {p} mV in {lead}]", "[QRS amplitude of {small} small boxes in {lead}]",
    "[an R wave {mv} millivolts tall in {lead}]",
)
AMP_FRAMES = {
    "terse": ("{Amp}. ",), "clin": ("There is {amp}. ", "Note {amp}; ", "{Amp} is seen. "),
    "bullet": ("- {Amp}\n",), "teach": ("Notice {amp}. ",), "hedge": ("There seems to be {amp}. ",),
    "lay": ("One wave stands out: {amp}. ",),
}
LEAK = ("As the accompanying measurements show, ", "As the report states, ", "According to the provided measurements, ",
        "As listed in the machine report, ", "Per the supplied measurement table, ",
        "As documented in the measurements you gave, ", "Consistent with the attached report, ",
        "As the automated interpretation already notes, ", "From the per-beat data provided, ",
        "As stated in the original report, ", "According to the supplied data, ",
        "The computer report given with this tracing agrees: ")
NEAR_MISS = ("As the tracing shows, ", "On my own measurement, ", "On the tracing provided, ",
             "Measured with calipers on the rhythm strip, ", "As the lead II rhythm strip shows, ",
             "Measuring it myself, ", "Looking at the accompanying rhythm strip, ", "Reading the tracing, ",
             "As my measurements show, ", "On careful review of the waveform, ")


# ---------------------------------------------------------------- rendering one claim

class Draw:
    """The seeded generator plus the half it writes for. Phrase banks of three or more entries keep
    their last entry for the held-out half, so held-out paragraphs also use wordings that tuning on the
    dev half never saw."""

    def __init__(self, rng: Draw, half: str):
        self.rng, self.half = rng, half

    def __getattr__(self, name: str):
        return getattr(self.rng, name)

    def phrase(self, bank) -> str:
        bank = list(bank)
        if self.half == "dev" and len(bank) >= 3:
            bank = bank[:-1]
        return str(bank[int(self.rng.integers(len(bank)))])


def _cap(s: str) -> str:
    return s if s.startswith("aV") else s[:1].upper() + s[1:]


def _render_interval(rng: Draw, v: float, form: str) -> tuple[str, float, float]:
    """A value in ms written in one of the forms clinicians use; returns (phrase, lo_ms, hi_ms)."""
    if form == "s":
        x = round(v / 1000.0, 2)
        return f"{x:.2f} {rng.phrase(['s', 'seconds', 's', 'sec'])}", x * 1000, x * 1000
    if form in ("ms", "msec", "milliseconds"):
        step = int(rng.choice([2, 5, 10, 10]))
        x = int(step * round(v / step))
        return f"{x} {form}", x, x
    if form == "approx":
        x = int(5 * round(v / 5))
        word = rng.phrase(APPROX)
        sep = "" if word == "~" else " "
        return f"{word}{sep}{x} {rng.choice(['ms', 'ms', 'msec'])}", x, x
    if form == "range":
        w = int(rng.choice([10, 20, 20, 30]))
        lo = int(5 * round((v - rng.uniform(0.3, 0.7) * w) / 5))
        dash = rng.phrase(["–", " to ", "–", "-"])
        if rng.random() < 0.25:
            return f"between {lo} and {lo + w} ms", lo, lo + w
        return f"{lo}{dash}{lo + w} ms", lo, lo + w
    if form == "boxes":     # 25 mm/s: small box 40 ms, large box 200 ms (SPEC §4)
        if v >= 300:
            big, small = int(v // 200), round((v % 200) / 40)
            if small == 5:
                big, small = big + 1, 0
            tail = "" if small == 0 else f" and {NUM_WORDS[small]} small box{'es' if small > 1 else ''}"
            return f"{NUM_WORDS[big]} large box{'' if big == 1 else 'es'}{tail}", big * 200 + small * 40, big * 200 + small * 40
        n = max(round(v / 20) / 2, 0.5)
        whole = int(n)
        word = "half a" if whole == 0 else NUM_WORDS[whole] + (" and a half" if n != whole else "")
        unit = rng.phrase(["small boxes", "small boxes", "small squares"])
        unit = unit[:-2] if whole == 0 and unit.endswith("es") else unit[:-1] if whole == 0 else unit
        unit = unit[:-2] if n == 1 and unit.endswith("es") else unit[:-1] if n == 1 else unit
        return f"{word} {unit}", n * 40, n * 40
    raise ValueError(form)


def _render_rate(rng: Draw, hr: float, form: str) -> tuple[str, float, float, bool]:
    """A rate in one of its written forms; returns (phrase, lo_bpm, hi_bpm, is_rr)."""
    if form == "bpm":
        x = round(hr)
        return f"{x} {rng.phrase(['bpm', 'beats per minute', 'bpm', 'beats/min', '/min'])}".replace(" /min", "/min"), x, x, False
    if form == "approx":
        x = int(5 * round(hr / 5))
        return f"{rng.phrase(['about', 'approximately', 'roughly', 'around'])} {x} bpm", x, x, False
    if form == "range":
        lo = int(5 * round((hr - rng.uniform(2, 6)) / 5))
        return f"{lo}{rng.choice(['–', '-', ' to '])}{lo + 10} bpm", lo, lo + 10, False
    if form == "lay":
        x = int(5 * round(hr / 5))
        return f"about {x} times a minute", x, x, False
    rr = 60000.0 / hr
    if form == "rr_ms":
        x = int(10 * round(rr / 10))
        return f"{x} ms", 60000.0 / x, 60000.0 / x, True
    if form == "rr_s":
        x = round(rr / 1000.0, 2)
        return f"{x:.2f} s", 60000.0 / (x * 1000), 60000.0 / (x * 1000), True
    if form == "rr_boxes":
        n = round(rr / 100) / 2
        whole = int(n)
        word = NUM_WORDS[whole] + (" and a half" if n != whole else "")
        return f"{word} large box{'' if n == 1 else 'es'}", 60000.0 / (n * 200), 60000.0 / (n * 200), True
    raise ValueError(form)


def _plant_interval(rng: Draw, feature: str, center: float, vals: list[float], intent: str) -> float:
    tol = TOL_MS[feature]
    if intent == "supported":
        return center + rng.uniform(-0.4, 0.4) * tol
    up = rng.random() < 0.6
    if intent == "near":    # just outside tolerance of the nearest reading: tol + 15..30 ms
        off = rng.uniform(tol + 15, tol + 30)
        return max(vals) + off if up else min(vals) - off
    return center * rng.uniform(1.5, 1.9) if up else max(center * rng.uniform(0.45, 0.62), 24.0)


def _plant_rate(rng: Draw, t: RecordTruth, intent: str) -> float:
    if intent == "supported":
        return rng.uniform(t.hr_lo_bpm * 0.97, t.hr_hi_bpm * 1.03)
    up = rng.random() < 0.6
    if intent == "near":
        return t.hr_hi_bpm * (1 + rng.uniform(0.2, 0.28)) if up else t.hr_lo_bpm * (1 - rng.uniform(0.2, 0.26))
    return t.hr_lo_bpm * (rng.uniform(1.5, 1.8) if up else rng.uniform(0.55, 0.65))


def _loc(rng: Draw, t: RecordTruth, feature: str, where: str) -> tuple[str, tuple[str, ...], int | None]:
    """(phrase, leads, beat) for a location kind: record / lead / group / beat."""
    have = [lead for lead in LEADS if math.isfinite(t.leads[lead].median(feature))]
    if where == "lead" and have:
        lead = str(rng.choice(have))
        return (f"lead {lead}" if rng.random() < 0.6 else lead), (lead,), None
    if where == "group":
        name = rng.phrase(list(GROUPS))
        return name, GROUPS[name], None
    if where == "beat" and have:
        lead = str(rng.choice(have))
        k = int(rng.integers(1, min(6, len(t.leads[lead].values(feature))) + 1))
        form = int(rng.integers(0, 4))
        lead_txt = f"lead {lead}" if lead in ("I", "II", "III") else lead
        phrase = (f"the {ORDINALS[k]} beat of {lead_txt}", f"beat #{k} in {lead_txt}",
                  f"the {ORDINALS[k]} complex in {lead_txt}", f"beat {k} ({lead_txt})")[form]
        return phrase, (lead,), k
    return "", (), None


def _interval_claim(rng, t: RecordTruth, register: str, feature: str, intent: str, form: str,
                    where: str) -> tuple[str, Claim] | None:
    loc, leads, beat = _loc(rng, t, feature, where)
    if leads and beat is not None:
        vals = [float(v) for lead in leads for v in t.leads[lead].values(feature)]
    elif leads:
        vals = [t.leads[lead].median(feature) for lead in leads]
    else:
        vals = list(t.lead_medians(feature).values())
    vals = [v for v in vals if math.isfinite(v)]
    if not vals or (not leads and not math.isfinite(t.record_median(feature))):
        return None
    center = float(np.median(vals)) if leads else t.record_median(feature)
    value = _plant_interval(rng, feature, center, vals, intent)
    phrase, lo, hi = _render_interval(rng, value, form)
    claim = Claim("interval", feature, "", intent, form, leads, beat, float(lo), float(hi))
    if register == "lay":
        tpl, name = rng.phrase(INTERVAL_TEMPLATES["lay0"]), rng.phrase(LAY_NAMES[feature])
        return tpl.format(lay=_cap(name) if tpl.startswith("[") else name, val=phrase), claim
    bank = INTERVAL_TEMPLATES[register if leads else register + "0"] if register != "lay" else ()
    tpl, name = rng.phrase(bank), rng.phrase(NAMES[feature])
    text = tpl.format(name=name, Name=_cap(name), val=phrase, loc=loc, Loc=_cap(loc))
    if where == "group":
        text = text.replace(" shows ", " show ")
    lo_ref = REFERENCE.get(feature)
    if register == "teach" and lo_ref and intent == "supported" and not leads \
            and lo_ref[0][0] <= t.record_median(feature) <= lo_ref[0][1] and rng.random() < 0.6:
        text = text.rstrip(" .;,") + " " + lo_ref[1].rstrip() + ". "
    return text, claim


def _rate_claim(rng, t: RecordTruth, register: str, intent: str, form: str) -> tuple[str, Claim]:
    hr = _plant_rate(rng, t, intent)
    phrase, lo, hi, is_rr = _render_rate(rng, hr, form)
    claim = Claim("rate", "hr_bpm", "", intent, form, lo=float(lo), hi=float(hi))
    tpl = rng.phrase(RR_TEMPLATES if is_rr else RATE_TEMPLATES[register])
    return tpl.format(val=phrase), claim


def _term_claim(rng, t: RecordTruth, register: str, term: str, negated: bool, intent: str) -> tuple[str, Claim]:
    kind, pos, neg, clauses = TERMS[term]
    clause = clauses[1 if negated else 0] if clauses else ""
    if clause and (rng.random() < 0.4 or not (neg if negated else pos)):
        phrase, frames = clause, CLAUSE_FRAMES[register]
    else:
        bank = [b for b in (neg if negated else pos)
                if not ("irregularly irregular" in b and t.rhythm != "af" and intent == "supported")]
        phrase, frames = rng.phrase(bank), (NEG_FRAMES if negated else TERM_FRAMES)[register]
    tpl = rng.phrase(frames)
    claim = Claim(kind, term, "", intent, "word", negated=negated)
    return tpl.format(term=phrase, Term=_cap(phrase)), claim


def _amp_claim(rng, register: str) -> tuple[str, Claim]:
    lead = str(rng.choice(LEADS))
    tpl = rng.phrase(AMP_TEMPLATES)
    amp = tpl.format(lead=lead, mv=f"{rng.uniform(0.6, 3.2):.1f}", q=f"{rng.uniform(0.1, 0.5):.1f}",
                     mm=int(rng.integers(5, 30)), big=str(rng.choice(["one large box", "two large boxes", "three large boxes"])),
                     st=f"{rng.choice([0.5, 1, 1.5, 2, 3])}".replace(".0", ""), t=f"{rng.uniform(0.1, 0.9):.1f}",
                     p=f"{rng.uniform(0.05, 0.3):.2f}", small=NUM_WORDS[int(rng.integers(4, 13))])
    feature = ("r_amp" if "R wave" in tpl else "s_amp" if "S wave" in tpl else "q_amp" if "Q wave" in tpl
               else "st_level" if "ST" in tpl else "t_amp" if "T wave" in tpl else "p_amp" if "P wave" in tpl
               else "qrs_amp")
    frame = rng.phrase(AMP_FRAMES[register])
    claim = Claim("amplitude", feature, "", "unverifiable", "mm" if " mm" in amp or "boxes" in amp
                  else "mV", leads=(lead,))
    body = amp if not frame.startswith("{Amp}") else "[" + _cap(amp[1:])
    return frame.format(amp=amp, Amp=body), claim


# ---------------------------------------------------------------- styles and paragraphs

@dataclass(frozen=True)
class Style:
    register: str
    n_claims: tuple[int, int]
    kinds: dict[str, float]          # interval / rate / term / amplitude
    where: dict[str, float]          # record / lead / group / beat
    forms: dict[str, float]          # how interval values are written
    rate_forms: dict[str, float]
    terms: tuple[str, ...]           # the words this style reaches for
    intros: tuple[str, ...]
    outros: tuple[str, ...]


_DIAG = ("bradycardia", "tachycardia", "sinus_bradycardia", "sinus_tachycardia", "first_degree_avb", "short_pr",
         "wide_qrs", "narrow_qrs", "bbb_duration", "prolonged_qtc", "rapid_response", "slow_response")
_STRUCT = ("sinus_rhythm", "atrial_fibrillation", "atrial_flutter", "p_each", "regular", "premature")
STYLES = {
    "terse": Style("terse", (5, 8), {"interval": .5, "rate": .15, "term": .3, "amplitude": .05},
                   {"record": .75, "lead": .25}, {"ms": .8, "msec": .2}, {"bpm": 1.0}, _DIAG + _STRUCT,
                   ("", "ECG, 10 s, 12 leads. ", "Resting ECG. "), ("", "No prior tracing for comparison.")),
    "gem_long": Style("clin", (7, 10), {"interval": .55, "rate": .1, "term": .25, "amplitude": .1},
                      {"record": .15, "lead": .4, "beat": .3, "group": .15}, {"ms": .7, "approx": .15, "range": .15},
                      {"bpm": .6, "approx": .4}, _DIAG + _STRUCT,
                      ("Interpreting this 12-lead ECG{demo} lead by lead, I start with the rhythm strip. ",
                       "Reviewing each lead of this tracing{demo} in turn: ",
                       "A systematic lead-by-lead reading of this ECG{demo} follows. "),
                      ("Taken together, these lead-level findings carry the final interpretation.",
                       "The diagnosis rests on the beats and leads cited above.", "")),
    "bullets": Style("bullet", (5, 8), {"interval": .5, "rate": .15, "term": .3, "amplitude": .05},
                     {"record": .5, "lead": .35, "group": .15}, {"ms": .6, "msec": .2, "s": .2},
                     {"bpm": .8, "approx": .2}, _DIAG + _STRUCT,
                     ("Findings{demo}:\n", "Key measurements:\n", "ECG summary\n"), ("", "- Clinical correlation advised\n")),
    "teaching": Style("teach", (4, 7), {"interval": .5, "rate": .2, "term": .3},
                      {"record": .6, "lead": .4}, {"ms": .6, "s": .2, "approx": .2}, {"bpm": .6, "approx": .4},
                      _DIAG + _STRUCT,
                      ("Let's work through this tracing step by step. ", "A good habit is to read every ECG in the same order. "),
                      ("That is the whole systematic approach: rate, rhythm, intervals, then morphology.",
                       "Practise this sequence until it becomes automatic.")),
    "hedged": Style("hedge", (4, 7), {"interval": .5, "rate": .15, "term": .3, "amplitude": .05},
                    {"record": .5, "lead": .5}, {"ms": .5, "approx": .35, "range": .15}, {"approx": .6, "bpm": .4},
                    _DIAG + _STRUCT,
                    ("My reading of this ECG{demo}, with some uncertainty: ", "Provisional interpretation. "),
                    ("These impressions should be confirmed on a repeat tracing.", "")),
    "lay": Style("lay", (3, 5), {"interval": .35, "rate": .3, "term": .35}, {"record": 1.0},
                 {"s": .7, "milliseconds": .3}, {"lay": .8, "bpm": .2},
                 ("bradycardia", "tachycardia", "first_degree_avb", "sinus_rhythm", "atrial_fibrillation", "regular",
                  "premature", "p_each"),
                 ("Here is what your heart tracing shows, in plain words. ", "A plain-language summary of your ECG. "),
                 ("Your doctor will go over what this means for you.", "")),
    "mixed_units": Style("clin", (6, 9), {"interval": .6, "rate": .15, "term": .1, "amplitude": .15},
                         {"record": .4, "lead": .45, "beat": .15},
                         {"s": .35, "msec": .25, "milliseconds": .25, "ms": .15},
                         {"bpm": .5, "rr_ms": .2, "rr_s": .3}, _DIAG,
                         ("Measurements from this ECG{demo}: ", "Interval review. "), ("", "No further abnormality is measured.")),
    "paper_boxes": Style("clin", (5, 8), {"interval": .55, "rate": .2, "term": .05, "amplitude": .2},
                         {"record": .6, "lead": .4}, {"boxes": .85, "ms": .15}, {"rr_boxes": .6, "bpm": .4}, _DIAG,
                         ("Counting boxes on the printed strip at 25 mm/s and 10 mm/mV: ",
                          "Read off the paper grid (25 mm/s, 10 mm/mV). "),
                         ("", "All values are read from the grid by eye.")),
    "lead_groups": Style("clin", (5, 8), {"interval": .8, "rate": .05, "term": .1, "amplitude": .05},
                         {"group": .75, "lead": .25}, {"ms": .4, "range": .35, "approx": .25}, {"bpm": 1.0}, _DIAG,
                         ("Comparing the lead territories of this ECG{demo}: ", "Territory by territory: "),
                         ("", "The territories agree with each other.")),
    "rhythm_narrative": Style("clin", (5, 7), {"term": .6, "rate": .25, "interval": .15},
                              {"record": .6, "lead": .4}, {"ms": .5, "approx": .5}, {"bpm": .5, "approx": .3, "rr_ms": .2},
                              _STRUCT + ("bradycardia", "tachycardia", "rapid_response", "slow_response",
                                         "sinus_bradycardia", "sinus_tachycardia"),
                              ("Rhythm analysis{demo}. ", "Focusing on rhythm and atrial activity: "),
                              ("", "The rhythm assessment is the key finding here.")),
}
STYLE_NAMES = tuple(STYLES)


@dataclass
class Paragraph:
    pid: str
    record: int
    half: str
    style: str
    text: str
    leakage: bool
    leak_phrase: str | None
    claims: list[Claim] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["claims"] = [asdict(c) for c in self.claims]
        return d


def _pick(rng: Draw, weights: dict[str, float]) -> str:
    keys = list(weights)
    p = np.asarray([weights[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _first_word_case(fragment: str, upper: bool) -> str:
    """Re-case the first word of a fragment where it starts or continues a sentence (never acronyms,
    lead names or the pronoun I)."""
    m = re.search(r"[A-Za-z~]", fragment)
    if not m:
        return fragment
    i = m.start()
    word = re.match(r"[A-Za-z]+", fragment[i:])
    w = word.group(0) if word else ""
    if w in ("aVR", "aVL", "aVF"):
        return fragment
    if upper:
        return fragment[:i] + fragment[i].upper() + fragment[i + 1:]
    if w == "A" or (len(w) > 1 and w[1:] == w[1:].lower() and w not in ("aVR", "aVL", "aVF")):
        return fragment[:i] + fragment[i].lower() + fragment[i + 1:]
    return fragment


def _want(rng: Draw, n_contra: int) -> str:
    if n_contra >= 2:
        return "supported"
    u = rng.random()
    return "supported" if u < 0.55 else "near" if u < 0.8 else "far"


def _one_claim(rng, t: RecordTruth, spec: Style, n_contra: int) -> tuple[str, Claim] | None:
    kind = _pick(rng, spec.kinds)
    intent = _want(rng, n_contra)
    if kind == "interval":
        feature = str(rng.choice(INTERVALS))
        return _interval_claim(rng, t, spec.register, feature, intent, _pick(rng, spec.forms), _pick(rng, spec.where))
    if kind == "rate":
        return _rate_claim(rng, t, spec.register, intent, _pick(rng, spec.rate_forms))
    if kind == "amplitude":
        if rng.random() < 0.6:
            return _amp_claim(rng, spec.register)
        term = str(rng.choice(["lvh_voltage", "low_voltage"]))
        return _term_claim(rng, t, spec.register, term, bool(rng.random() < 0.2) and term == "lvh_voltage",
                           "unverifiable")
    want = "supported" if intent == "supported" else "contradicted"
    options = []
    for term in spec.terms:
        for negated in (False, True):
            clauses = TERMS[term][3]
            if not (TERMS[term][2] if negated else TERMS[term][1]) and not (clauses and clauses[int(negated)]):
                continue
            c = Claim(TERMS[term][0], term, "", "", "word", negated=negated)
            if label_claim(c, t) == want:
                options.append((term, negated))
    if not options:
        return None
    term, negated = options[int(rng.integers(len(options)))]
    return _term_claim(rng, t, spec.register, term, negated, want)


def _paragraph(rng: Draw, t: RecordTruth, style: str) -> Paragraph:
    spec = STYLES[style]
    target = int(rng.integers(spec.n_claims[0], spec.n_claims[1] + 1))
    frags: list[tuple[str, Claim]] = []
    used: set[tuple] = set()
    n_contra = 0
    for _ in range(80):
        if len(frags) >= target:
            break
        made = _one_claim(rng, t, spec, n_contra)
        if made is None:
            continue
        frag, claim = made
        expected = {"supported": "supported", "unverifiable": "unverifiable"}.get(claim.intent, "contradicted")
        key = (claim.kind, claim.feature, claim.leads, claim.beat)
        if label_claim(claim, t) != expected or key in used:
            continue
        used.add(key)
        claim.label = expected
        n_contra += expected == "contradicted"
        frags.append((frag, claim))
    leak = bool(rng.random() < 0.3)
    prefix = rng.phrase(LEAK) if leak else (rng.phrase(NEAR_MISS) if rng.random() < 0.35 else None)
    at = int(rng.integers(len(frags))) if prefix else -1
    demo = ""
    if t.age and t.sex and rng.random() < 0.7:
        demo = f" from a {t.age}-year-old {'woman' if t.sex == 'F' else 'man'}"
    text, claims = rng.phrase(spec.intros).format(demo=demo), []
    for i, (frag, claim) in enumerate(frags):
        bullet = frag.startswith("- ")
        body = frag[2:] if bullet else frag
        if i == at:
            body = prefix + _first_word_case(body, upper=False)
        if not bullet:
            continues = bool(text.strip()) and not text.endswith((". ", "\n"))
            if body.lower().startswith("and ") and (not continues or text.endswith(": ")):
                body = body[4:]
            body = _first_word_case(body, upper=not continues)
        frag = ("- " if bullet else "") + body
        i0, i1 = frag.index("["), frag.index("]")
        claim.start = len(text) + i0
        claim.text = frag[i0 + 1:i1]
        claim.end = claim.start + len(claim.text)
        text += frag[:i0] + claim.text + frag[i1 + 1:]
        claims.append(claim)
    text = re.sub(r"[,;] $", ". ", text)
    outro = rng.phrase(spec.outros)
    text = (text + outro).rstrip()
    leak_phrase = None
    if prefix:
        k = text.lower().find(prefix.lower().strip())
        leak_phrase = text[k:k + len(prefix.strip())] if k >= 0 else prefix.strip()
    pid = f"ludb{t.record}-{style}"
    return Paragraph(pid, t.record, t.half, style, text, leak, leak_phrase, claims)


@functools.lru_cache(maxsize=4)
def build_corpus(ludb_dir: Path = LUDB_DIR, seed: int = SEED) -> tuple[Paragraph, ...]:
    """Three or four paragraphs per LUDB record, styles rotating over records so each is used evenly."""
    out = []
    for i, record in enumerate(ludb_records(ludb_dir)):
        t = load_truth(record, ludb_dir)
        for j in range(4 if (i // 2) % 2 else 3):     # pairs of records, so both halves get as many
            style = STYLE_NAMES[(3 * i + j) % len(STYLE_NAMES)]
            out.append(_paragraph(Draw(np.random.default_rng([seed, record, j]), t.half), t, style))
    return tuple(out)
