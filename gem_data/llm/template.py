"""The offline ``template`` backend: a grounded paragraph from the measurements and the report, no model.

For demos, tests and air-gapped users (PhysioNet's guidance for credentialed data favours keeping data
local). It follows the generation prompt's shape (rhythm, lead groups, intervals, synthesis, one
paragraph after ``**Response:**``) and cites lead, beat and value for every number it states, using the
thresholds of SPEC §4. Its diagnosis is the report's, as the prompt tells a model to trust the report.
"""
from __future__ import annotations

from collections import Counter

TEMPLATE_MODEL = "template-v1"


def template_response(facts: dict, report: str | None) -> str:
    """One paragraph, preceded by ``**Response:**``, from ``gem_data.guider.record_facts`` output."""
    leads = facts.get("leads", {})
    sentences = [s for s in (
        _rhythm(leads, facts.get("n_beats", 0)),
        _p_and_pr(leads),
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


def _rhythm(leads: dict, n_beats: int) -> str:
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
        spread = rr["max"][0] - rr["min"][0]
        text += (f", with RR intervals of {rr['min'][0]:.0f}-{rr['max'][0]:.0f} ms "
                 f"({'irregular' if spread > 0.15 * rr['median'] else 'regular'})")
    return text + "."


def _p_and_pr(leads: dict) -> str:
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
    groups = (("inferior leads", ("II", "III", "aVF")), ("anterior leads", ("V2", "V3", "V4")),
              ("lateral leads", ("I", "aVL", "V5", "V6")))
    parts = []
    for name, members in groups:
        forms = [leads[m]["st_form"] for m in members if "st_form" in leads.get(m, {})]
        amps = [(m, leads[m]["t_amp_mv"]["median"]) for m in members if "t_amp_mv" in leads.get(m, {})]
        if not forms and not amps:
            continue
        # most common form; a tie goes to the first lead's (never to set order, which varies by process)
        form = Counter(forms).most_common(1)[0][0] if forms else "unmeasured"
        text = f"the {name} ({', '.join(members)}) show {form} ST segments"
        inverted = [m for m, a in amps if a < -0.05]
        if inverted:
            text += f" with inverted T waves in {', '.join(inverted)}"
        elif amps:
            m, a = max(amps, key=lambda kv: kv[1])
            text += f" and upright T waves up to {a:.2f} mV in {m}"
        parts.append(text)
    return ("Regarding repolarisation, " + "; ".join(parts) + ".") if parts else ""


def _conclusion(report: str | None) -> str:
    # report lines (newline-joined in the catalog) and sentences become one "; "-joined clause
    text = (report or "").replace(";", ".").replace("\n", ".")
    lines = [ln.strip().rstrip(".") for ln in text.split(".") if ln.strip()]
    if not lines:
        return "Taken together, these measurements support the rhythm and conduction findings above."
    return "Taken together, these findings are consistent with " + "; ".join(lines).lower() + "."
