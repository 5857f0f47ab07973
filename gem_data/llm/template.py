"""The offline ``template`` backend: a grounded paragraph from the measurements and the report, no model.

For demos, tests and air-gapped users (PhysioNet's guidance for credentialed data favours keeping data
local). It follows the generation prompt's shape (rate and rhythm, P waves and PR, QRS, QT, ST and T,
synthesis, one paragraph after ``**Response:**``), cites lead, beat and value for every number it
states, and uses the thresholds of SPEC §4. The rhythm is named from the record-level facts
(``facts["record"]``: atrial activity, RR irregularity, premature beats, SPEC §3), as a clinician
names it from P waves and RR intervals, not from the rate alone; a fact that is unknown is not stated.
Its diagnosis is the report's, as the prompt tells a model to trust the report.
"""
from __future__ import annotations

from collections import Counter

TEMPLATE_MODEL = "template-v1"
_NO_P = ("absent_irregular", "flutter_waves")  # atrial activities without sinus P waves to measure


def template_response(facts: dict, report: str | None) -> str:
    """One paragraph, preceded by ``**Response:**``, from ``gem_data.guider.record_facts`` output."""
    leads = facts.get("leads", {})
    record = facts.get("record") or {}
    sentences = [s for s in (
        _rate(leads, facts.get("n_beats", 0)),
        _rhythm(leads, record),
        _p_and_pr(leads, record),
        _qrs(leads),
        _qt(leads),
        _st_t(leads),
        _conclusion(report),
    ) if s]
    return "**Response:** " + " ".join(sentences)


def _stat(leads: dict, lead: str, feature: str) -> dict | None:
    return leads.get(lead, {}).get(feature)


def _first(leads: dict, feature: str,
           order: tuple[str, ...] = ("II", "I", "V5", "aVF", "V1")) -> tuple[str, dict] | None:
    for lead in order + tuple(leads):
        s = _stat(leads, lead, feature)
        if s is not None:
            return lead, s
    return None


def _names(items: list) -> str:
    """"III", "III and aVF", "II, III and aVF": each name once, in the order given."""
    names = [str(x) for x in dict.fromkeys(items)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _rate(leads: dict, n_beats: int) -> str:
    hit = _first(leads, "heart_rate_bpm")
    if hit is None:
        return f"The tracing holds {n_beats} beats, but the rate could not be measured."
    lead, hr = hit
    rate = hr["median"]
    kind = "bradycardic" if rate < 60 else "tachycardic" if rate > 100 else "within the normal range"
    text = (f"Across the {n_beats} beats the heart rate is about {rate:.0f} bpm ({kind}), ranging from "
            f"{hr['min'][0]:.0f} bpm at beat {hr['min'][1]} to {hr['max'][0]:.0f} bpm at beat {hr['max'][1]}")
    rr = _stat(leads, lead, "rr1_ms")
    if rr is not None:
        text += f", with RR intervals of {rr['min'][0]:.0f}-{rr['max'][0]:.0f} ms"
    return text + "."


def _rhythm(leads: dict, record: dict) -> str:
    """The rhythm's name from the atrial activity, its regularity from the RR irregularity, and the
    premature beats by number; each only when the record facts know it (AF's irregular RRs are not
    called premature beats)."""
    hit = _first(leads, "heart_rate_bpm")
    rate = hit[1]["median"] if hit else None
    atrial, irregular = record.get("atrial_activity"), record.get("rr_irregular")
    premature = record.get("premature_beats")
    if atrial == "absent_irregular":
        response = (", with a rapid ventricular response" if rate is not None and rate > 100 else
                    ", with a slow ventricular response" if rate is not None and rate < 60 else "")
        return ("Atrial fibrillation: no P waves are seen and the RR intervals are irregularly irregular"
                f"{response}.")
    if atrial == "sinus_p":
        name = ("Sinus bradycardia" if rate is not None and rate < 60 else
                "Sinus tachycardia" if rate is not None and rate > 100 else "Sinus rhythm")
        clauses = [f"{name}: P waves precede each QRS complex"]
    elif atrial == "flutter_waves":
        clauses = ["Atrial flutter: sawtooth flutter waves run between the QRS complexes"]
    else:
        clauses = ["The atrial activity is not clear enough to name the rhythm"]
    which = ((f"a premature beat at beat {premature[0]}" if len(premature) == 1 else
              f"premature beats at beats {_names(premature)}") if premature else "")
    if irregular is True:
        clauses.append("the RR intervals are irregular")
    elif irregular is False:
        clauses.append("the RR intervals are regular" + (f" apart from {which}" if which else ""))
    if which and irregular is not False:
        clauses.append(f"there {'is' if len(premature) == 1 else 'are'} {which}")
    elif premature is not None and not which:
        clauses.append("there are no premature beats")
    return "; ".join(clauses) + "."


def _p_and_pr(leads: dict, record: dict) -> str:
    if record.get("atrial_activity") in _NO_P:
        return ""  # the rhythm sentence already says why there is no P wave or PR to measure
    p = _stat(leads, "II", "p_amp_mv")
    pr = _stat(leads, "II", "pr_ms")
    if p is None and pr is None:
        return "P waves could not be identified in lead II."
    parts = []
    if p is not None:
        dur = _stat(leads, "II", "p_dur_ms")
        parts.append(f"lead II shows P waves of {p['median']:.2f} mV"
                     + (f" lasting {dur['median']:.0f} ms" if dur else "")
                     + (" (tall, suggesting right atrial enlargement)" if p["median"] > 0.25 else ""))
    if pr is not None:
        verdict = ("prolonged, consistent with first-degree AV block" if pr["median"] > 200 else
                   "short" if pr["median"] < 120 else "normal")
        parts.append(f"a PR interval of {pr['median']:.0f} ms ({verdict}; longest {pr['max'][0]:.0f} ms "
                     f"at beat {pr['max'][1]})")
    return "In the rhythm strip, " + " with ".join(parts) + "."


def _qrs(leads: dict) -> str:
    widest = max(((lead, s["qrs_dur_ms"]) for lead, s in leads.items() if "qrs_dur_ms" in s),
                 key=lambda kv: kv[1]["median"], default=None)
    if widest is None:
        return ""
    lead, q = widest
    verdict = ("wide, in the range of a complete bundle-branch block" if q["median"] >= 120 else
               "borderline, as in incomplete conduction delay" if q["median"] >= 110 else "narrow")
    text = f"The QRS is {verdict}, {q['median']:.0f} ms at its widest in lead {lead}"
    v1 = _stat(leads, "V1", "qrs_amp_mv")
    v5 = _stat(leads, "V5", "qrs_amp_mv")
    if v1 is not None and v5 is not None:
        text += (f"; QRS amplitude is {v1['median']:.2f} mV in V1 and {v5['median']:.2f} mV in V5, "
                 f"peaking at {v5['max'][0]:.2f} mV (beat {v5['max'][1]})")
    return text + "."


def _qt(leads: dict) -> str:
    hit = _first(leads, "qtc_ms")
    if hit is None:
        return ""
    lead, qtc = hit
    qt = _stat(leads, lead, "qt_ms")
    verdict = ("markedly prolonged (> 500 ms)" if qtc["median"] > 500 else
               "prolonged" if qtc["median"] >= 450 else "within normal limits")
    head = f"QT is {qt['median']:.0f} ms in lead {lead}, " if qt else ""
    return f"{head}giving a QTc of {qtc['median']:.0f} ms ({verdict})."


def _st_t(leads: dict) -> str:
    """ST form by territory (territories of the same form named together, each lead once), T waves
    inverted where they are and the tallest upright T wave."""
    territories = (("inferior", ("II", "III", "aVF")), ("anterior", ("V2", "V3", "V4")),
                   ("lateral", ("I", "aVL", "V5", "V6")))
    by_form: dict[str, list[str]] = {}
    for name, members in territories:
        forms = [leads[m]["st_form"] for m in members if leads.get(m, {}).get("st_form")]
        if forms:
            # the most common form; a tie goes to the first lead's (never to set order, which varies by process)
            form = Counter(forms).most_common(1)[0][0]
            by_form.setdefault(form, []).append(f"the {name} leads ({_names(list(members))})")
    parts = [f"ST segments are {form} in {_names(where)}" for form, where in by_form.items()]
    t_amp = {lead: s["t_amp_mv"]["median"] for lead, s in leads.items() if "t_amp_mv" in s}
    inverted = [lead for lead, a in t_amp.items() if a < -0.05]
    upright = {lead: a for lead, a in t_amp.items() if a > 0.05}
    if inverted:
        parts.append(f"T waves are inverted in {_names(inverted)}")
    text = ("Regarding repolarisation, " + "; ".join(parts) + ".") if parts else ""
    if upright:  # its own sentence: a lead list just before would read as this claim's leads
        lead = max(upright, key=upright.get)
        text += f" In lead {lead}, upright T waves reach {upright[lead]:.2f} mV."
    return text.strip()


def _conclusion(report: str | None) -> str:
    # report lines (newline-joined in the catalog) and sentences become one "; "-joined clause
    text = (report or "").replace(";", ".").replace("\n", ".")
    lines = [ln.strip().rstrip(".") for ln in text.split(".") if ln.strip()]
    if not lines:
        return "Taken together, these measurements support the rhythm and conduction findings above."
    return "Taken together, these findings are consistent with " + "; ".join(lines).lower() + "."
