"""Corpus 4: a truth corpus for the grounding verifier in six voices that none of corpora 1-3 uses.

Every paragraph was written for ONE LUDB record after reading that record's annotated truth
(`python -m tests.gem_data.verify_truth.freeform --truth N`), without looking at the verifier, its
documentation or the earlier corpora's wording. It reuses corpus 2's markup and renderer (see the
docstring of freeform.py): no LUDB number is typed here, every measured value is a ``{v}``
placeholder filled at test time from `corpus.load_truth`, and every label is re-derived by
`corpus.label_claim` from what was actually rendered.

Voices (``voice``):

=========== ======================================================================================
pager       terse pager / SMS / sign-out messages: lowercase, abbreviations, arrows and slashes
nonnative   a clinician writing in a second language: EU spellings, "msec", "is of 180 ms", and
            (``comma=True``) decimal commas in values written in seconds ("0,16 s")
table       a markdown table of measurements (| Parameter | Value | Comment |), then 1-3 sentences
qa          question-and-answer / viva format ("Q: ... A: ...")
overread    a cardiologist over-reading a computer report: the machine's statements are quoted in
            plain text without numbers; only the over-reader's own statements are claims
telemetry   monitor / telemetry / ambulatory strip notes: times, events, beat-by-beat references
=========== ======================================================================================

Text outside the marks carries no claim on purpose: normal ranges, thresholds, paper speed and gain,
device settings, axis and morphology remarks that LUDB cannot check, and (in ``overread``) what the
computer said. Paragraphs whose ``leak`` is set carry a phrase, written for this corpus, that points
at data the writer was given.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from tests.gem_data.verify_truth import freeform
from tests.gem_data.verify_truth.corpus import LUDB_DIR, Claim, Paragraph
from tests.gem_data.verify_truth.freeform import Template

STYLES = ("pager", "nonnative", "table", "qa", "overread", "telemetry")
DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
COMMA_FORMS = ("s", "rr_s")


@dataclass(frozen=True)
class VariedTemplate(Template):
    comma: bool = False          # write the decimal point of values in seconds as a comma ("0,16 s")

    @property
    def pid(self) -> str:
        return f"vs{self.record}-{self.voice}{self.tag}"


def T(record: int, voice: str, text: str, leak: str | None = None, comma: bool = False) -> VariedTemplate:
    if voice not in STYLES:
        raise ValueError(f"unknown style {voice!r}")
    if comma and voice != "nonnative":
        raise ValueError("decimal commas belong to the nonnative voice")
    return VariedTemplate(record, voice, textwrap.dedent(text).strip("\n"), leak, comma=comma)


def render(tpl: VariedTemplate, ludb_dir: Path = LUDB_DIR) -> tuple[Paragraph, list[Claim]]:
    """freeform.render, then (``comma``) decimal commas inside the spans of values written in seconds.
    A comma replaces a point, so every span keeps its offsets; the claimed value is unchanged."""
    p, dropped = freeform.render(tpl, ludb_dir)
    if not tpl.comma:
        return p, dropped
    text = list(p.text)
    for c in [*p.claims, *dropped]:
        if c.form in COMMA_FORMS:
            c.text = DECIMAL.sub(",", c.text)
            text[c.start:c.end] = c.text
    return dataclasses.replace(p, text="".join(text)), dropped


# ---------------------------------------------------------------- pager

PAGER = (
    T(1, "pager", """
    pg from 4W 02:10 re {age}yo {sex}, dizzy on standing. ecg done → [[t:sinus_bradycardia true|sinus brady]] [[hr true|hr {v}]], [[t:p_each true|p before every qrs]], [[pr@II true|pr {v:s} in II]], [[qrs true|qrs {v}]] / [[t:narrow_qrs true|narrow]], [[qt near+|qt ~{v}]], [[qtc far+|qtc {v}]]?? [[t:first_degree_avb~ true|no 1st deg block]]. [[t:premature false|few pacs]]. bp 105/60, asymptomatic lying. [[amp:st_level@V2|st up 1mm v2]] prob early repol. ok to hold metoprolol tonight? call back x4521
    """),
    T(5, "pager", """
    signout bed 14, {age}yo {sex}, cellulitis, abx day 3
    - ecg this am: [[t:sinus_rhythm true|nsr]] [[hr near|~{v}]], [[t:regular true|reg]], [[pr far+|pr {v:s}]] → [[t:first_degree_avb false|1st deg avb]], new vs 2019?
    - [[qrs true|qrs {v}]] [[t:wide_qrs~ true|not wide]], [[qtc true|qtc {v}]] [[t:prolonged_qtc~ true|(not long)]] so ok for cipro
    - [[amp:q_amp@III|q in III ~2mm]], old per pt, no chest pain
    - [[qt@V4-V6 near-|qt v4-v6 {v}]]
    - tbd: repeat ecg if any sx, lytes in am
    """),
    T(17, "pager", """
    txt to cards fellow: hi, {age}yo {sex} pre-op TKA tmrw. [[t:sinus_rhythm true|sr]] [[hr true|{v}]], [[pr@II true|pr {v} in II]] (borderline), [[pr@aVL far-|{v} in aVL]] weirdly, [[t:short_pr~ true|not short]] anyway. [[qrs@V1-V3 far+|qrs v1-3 {v}]], [[qt near-|qt {v}]] / [[qtc true|qtc {v}]]. [[t:premature false|1 pvc]] on the strip. [[amp:t_amp@aVL|flat t in avl <1mm]]. anything to hold surgery for? thx
    """),
    T(21, "pager", """
    ED → med reg 21:40: {age}M chest tightness 2h, resolved. ecg: [[t:sinus_rhythm true|sinus]] [[hr true|hr {v}]], [[pr far-|pr {v}]] → [[t:short_pr false|short pr?? wpw?]] no delta wave tho. [[qrs#3@II true|3rd cplx in ii qrs {v}]], [[qt@V4-V6 near+|qt v4-v6 {v}]], [[t:premature~ true|no ectopics]], [[amp:st_level@V2|st dep v2 0.5mm]] nonspecific. [[t:first_degree_avb~ true|no av block]]. trop #1 pending, will re-page w/ result
    """),
    T(173, "pager", """
    handover txt, bed 9: {age}yo {sex}, CAP + [[t:atrial_fibrillation true|af]] → [[t:regular~ true|irreg irreg]], [[t:p_each~ true|no p waves]], [[hr far-|slow vr ~{v}]] → [[t:slow_response false|slow af]], ?hold bisoprolol. [[t:narrow_qrs true|narrow cplx]], [[qrs@V4-V6 true|qrs v4-6 ~{v}]], [[qt#4@V5 near|qt 4th beat v5 {v}]], [[qtc near|qtc {v}]]. [[amp:r_amp@aVL|r avl 0.6mv]]. K 3.4 replaced. pls recheck obs 22:00
    """),
    T(117, "pager", """
    ED triage 14:05: {age}M palps after 3 energy drinks. ecg: [[t:sinus_rhythm true|sinus]] [[hr true|@ {v:bpm5}]], [[t:p_each true|p b4 each qrs]], [[pr#2@II true|pr (2nd beat, ii) {v}]], [[qrs far-|qrs {v}]] [[t:narrow_qrs true|narrow]], [[qt@lateral true|qt lat {v}]], [[qtc near|qtc {v}]]. [[t:premature false|occ pacs]]. [[amp:r_amp@V2|tall r v2 ~1.5mv]] ?normal for age. d/c if trop neg + feels ok
    """),
    T(3, "pager", """
    to: on-call cards / from: CCU nurse 05:50
    bed 3, {age}yo {sex}, post PCI day 1. am ecg: [[t:sinus_rhythm true|sr]] [[hr true|{v}]], [[t:regular true|regular]], [[pr@inferior true|pr ii/iii/avf {v}]], [[p@II near+|p {v} in ii]], [[qrs#2@V1 true|qrs 2nd beat v1 {v}]], [[qt@V4-V6 far+|qt v4-6 {v}]], [[qtc far-|qtc {v}]]. [[t:bradycardia false|still brady]] on this one. [[amp:st_level@V3|st still up 1mm v3]] vs 2mm yesterday. no pain. pls review when around
    """),
    T(11, "pager", """
    sign-out: {age}yo {sex}, bed 22, HTN urgency, bp now 150s. ecg ↓
    [[t:sinus_rhythm true|nsr]] / [[hr true|{v}]] / [[t:regular true|reg]] / [[pr@II true|pr {v:s}]] / [[p@II true|p {v} (ii)]] / [[qrs far+|qrs {v}]] / [[qt@inferior near-|qt {v} inf leads]] / [[qtc near+|qtc {v}]] / [[t:first_degree_avb false|1st deg hb]] / [[amp:s_amp@V1|sv1 25mm]] (lvh by voltage? rv5 not measured)
    nums from the csv u sent. recheck bp 2h, amlodipine started
    """, leak="nums from the csv u sent"),
    T(127, "pager", """
    urgent pg 23:15 pls call 4410: {age}yo {sex} HR dropping on obs, ecg → [[t:sinus_bradycardia true|sinus brady]] [[hr true|{v}]] ↓↓, [[t:p_each true|p waves present, 1:1]], [[t:bradycardia true|v slow]], [[pr@V1 near|pr v1 {v}]], [[qrs@precordial true|qrs v1-v6 {v}]], [[qt@V1-V3 near-|qt v1-v3 {v}]], [[qtc far-|qtc {v}]], [[t:premature false|+ frequent pvcs]]. on digoxin + bb. [[amp:t_amp@V2|t wave v2 3mm]]. bp 98/54. atropine at bedside
    """),
    T(27, "pager", """
    ward msg 16:30: {age}yo {sex} pre-colonoscopy clearance → [[t:sinus_rhythm true|sinus]] [[hr near+|{v}]], [[t:regular true|reg]], [[t:narrow_qrs true|narrow qrs]] [[qrs@lateral true|(~{v} lat)]], [[pr#5@aVF true|pr 5th beat avf {v:s}]], [[qt far+|qt {v}]], [[qtc true|qtc {v}]] → [[t:prolonged_qtc~ true|qtc ok]]. [[t:premature false|1 vpb]]. [[amp:r_amp@V5|rv5 18mm]]. fine to proceed from ecg pov imo
    """),
    T(19, "pager", """
    re: {age}yo {sex} rm 6, "abnormal ecg" flag from the machine. looked myself: [[t:sinus_rhythm true|sinus]] [[hr true|{v}]] [[t:p_each true|p before each qrs]], [[pr#3@aVL true|pr {v} (3rd beat avl)]], [[qrs@V5-V6 far|qrs v5/v6 {v}]], [[qt@I far-|qt in I {v}]], [[qtc@V4 near|qtc v4 {v}]], [[t:atrial_fibrillation~ true|not af]], [[t:regular true|totally regular]], but [[t:first_degree_avb false|1st deg avb]]. [[amp:q_amp@III|small q III 1mm]]. nothing acute, will d/w team on rounds
    """),
)

# ---------------------------------------------------------------- nonnative

NONNATIVE = (
    T(9, "nonnative", """
    Patient of {age} years, {sex}, sent from the ambulatory for pre-operative evaluation of cholecystectomy. [[t:sinus_rhythm true|The rhythm is sinusal]], [[t:regular true|regular]], with [[hr true|cardiac frequency of {v}/min]]. [[t:p_each true|Every QRS complex is preceded from a P wave]], and [[pr@inferior true|the PR interval is of {v:s} s in DII, DIII and aVF]], so at the superior limit of the norm (0,12-0,20 s). [[p@II true|The P wave has a duration of {v} msec in DII]], a little enlarged, possible left atrial overload. [[qrs true|QRS complexes are of normal duration ({v} msec)]] and [[t:narrow_qrs true|narrow]], electrical axis at about +30°. In the precordial leads [[qrs#3@V2 near+|the third complex of V2 has a QRS of {v} msec]]. [[qt@V5-V6 near+|The QT interval measures {v} msec in V5-V6]] and [[qtc far+|the corrected QT results {v} msec]]. [[t:premature false|Some isolated supraventricular extrasystoles are present]]. [[amp:t_amp@V1|Negative T wave in V1 of around 1 mm]], aspecific.
    Conclusion: sinus rhythm, no significative alterations of the repolarisation. Nothing contraindicates the intervention from the cardiological side.
    """, comma=True),
    T(13, "nonnative", """
    ECG of {sex} of {age} years, known for arterial hypertension and ischaemic cardiopathy. [[t:sinus_rhythm true|Sinus rhythm]] with [[hr far+|frequency {v} bpm]], [[t:regular true|the RR are regular]]. [[pr@I true|PR interval of {v} msec in DI]], while [[pr@V4-V6 far-|in V4-V6 it is of {v} msec]]. [[p#2@II true|The P wave of the second beat in DII lasts {v} milliseconds]], enlarged and bifid (P mitrale). [[t:wide_qrs true|The QRS complexes are enlarged]]: [[qrs@V1-V3 true|{v} msec in the leads from V1 until V3]], with aspect rSR' in V1 and a large S in DI and V6, therefore [[t:bbb_duration true|complete right bundle branch block]]. [[qrs#4@aVL near-|In aVL the fourth complex measures {v} msec]]. [[qt far-|QT {v} msec]], [[qtc@inferior true|QTc in the inferior leads {v} msec]], to interpret with caution because of the block. [[t:premature false|One ventricular extrasystole]] at the end of the trace. [[amp:r_amp@V1|The R' in V1 reaches 1,1 mV]].
    To compare with the precedent ECGs of the patient.
    """),
    T(25, "nonnative", """
    Sportive {sex} of {age} years, control before to restart the agonistic training (cycling). [[t:sinus_rhythm true|Rhythm sinus]], [[t:regular true|regular]], [[hr true|HR {v} b/min]], [[hr true|RR of {v:rrs} s]]. [[pr true|PR {v:s} s]], so [[t:first_degree_avb~ true|there is no atrioventricular block of first degree]]. [[p@V5-V6 true|P wave in V5 and V6 of {v} ms]], [[p@V1 near+|in V1 of {v} ms]]. [[qrs@inferior true|QRS in DII, DIII, aVF of {v:s} s]], [[t:narrow_qrs true|narrow QRS]], no pathologic Q waves. [[qt#2@aVL far+|The QT of the second beat in aVL is of {v:s} s]], [[qtc near-|QTc {v} ms]]. [[t:atrial_fibrillation false|Short run of atrial fibrillation]] in the last seconds of the trace. [[amp:r_amp@V5|Voltage of R in V5 is high, 2,8 mV]], typical of the athlete heart (Sokolow-Lyon index is considered over 3,5 mV).
    Idoneity can be given from the ECG side, echocardiography recommended.
    """, comma=True),
    T(29, "nonnative", """
    Young {sex} of {age} years with atypical thoracic pain since two days, worse in inspiration. The tracing shows [[t:sinus_rhythm true|a rhythm of sinus origin]] [[hr true|at {v} beats for minute]]. [[t:p_each true|Each ventricular complex is preceded by P]]; [[pr@aVF true|the PR in aVF is of {v:ms5} msec]], [[pr#3@I true|in the third beat of DI it arrives to {v} msec]]; [[t:short_pr~ true|it is not short]] and delta wave is absent. [[qrs@V1-V3 true|QRS has duration of {v} msec in V1-V3]], [[qrs@lateral far-|in the lateral leads only {v} msec]]. [[qt@V4-V6 far+|QT in V4-V6 is of {v} msec]], [[qtc near+|QTc calculated with Bazett is {v} msec]]. [[t:regular~ false|The RR intervals are not regular]]. [[amp:st_level@V2|ST elevation of 1,5 mm in V2]] with concave aspect, more probably early repolarisation than pericarditis (no PR depression).
    Advise: troponin and echocardiogram for exclude pericardial effusion.
    """),
    T(33, "nonnative", """
    Control ECG after the starting of sotalol, {sex} of {age} years with paroxysmal atrial fibrillation. Today [[t:sinus_rhythm true|sinus rhythm]], [[hr near-|frequency around {v}/min]], [[t:regular true|regular]]. [[pr@II true|PR interval {v:s} s in DII]], [[t:first_degree_avb~ true|without AV block]]. [[p@aVF near|P of {v} ms in aVF]]. [[qrs@V4-V6 true|QRS of {v:s} s in V4-V6]]. [[qt#2@V1 true|QT of the beat number 2 in V1 is of {v} msec]], [[qtc far+|QTc {v} msec]], [[t:prolonged_qtc false|so it is prolonged]], I suggest to reduce the dose of sotalol (QTc over 500 msec is dangerous for torsade de pointes). [[t:premature~ true|No extrasystoles]]. [[amp:t_amp@V3|T waves are of low voltage, 0,1 mV in V3]].
    Next control in one week with electrolytes (K, Mg).
    """, comma=True),
    T(15, "nonnative", """
    Patient {sex}, {age} years, in follow-up for COPD and suspected pulmonary hypertension. [[t:sinus_rhythm true|Sinusal rhythm]] [[hr near|with frequency of {v} bpm]]. [[t:p_each true|P waves are present before all the QRS]], [[p#3@III true|of duration {v} msec (third beat, DIII)]]. [[amp:p_amp@II|P wave in DII of 2,5 mm]], at the limit for P pulmonale. [[pr@inferior true|PR in DII, DIII, aVF is of {v} msec]], at the limit. [[pr@lateral far-|In the lateral leads the PR is of {v} msec]]. [[t:narrow_qrs true|QRS narrow]] [[qrs#2@aVF true|({v} msec in the second complex of aVF)]], axis deviated to the right (+100°). [[qt near+|QT {v} msec]], [[qtc@V4 true|QTc in V4 {v} msec]]. [[t:atrial_flutter false|Atrial flutter waves are visible in DII and DIII]].
    Conclusion: sinus rhythm, right axis deviation, compatible with the known pulmonary disease. Echocardiography for the pressures in the pulmonary artery.
    """),
    T(23, "nonnative", """
    The patient is a {sex} of {age} years with dyspnoea of effort, NYHA II. The electrocardiogram shows [[t:sinus_rhythm true|sinus rhythm]] [[hr far-|of {v} beats/min]], [[t:regular true|regular]]. [[t:p_each true|The P wave is present before every QRS]]; [[pr@V4-V6 true|the PR is of {v} msec in V4-V6]], [[pr#3@aVL near-|in the third beat of aVL of {v} msec]]. [[t:wide_qrs true|QRS large]], [[qrs@inferior true|of {v} msec in DII, DIII and aVF]], morphology of left type, so [[t:bbb_duration true|complete left bundle branch block]]. [[qrs@V1 far-|In V1 it measures {v} msec]]. Secondary alterations of the repolarisation in the lateral leads. [[qt@V5-V6 true|QT of {v} msec in V5-V6]], [[qtc far+|QTc {v} msec]]. [[t:short_pr false|PR is short]], no delta. [[amp:s_amp@V2|Deep S wave in V2, about 30 mm]].
    Echocardiogram indicated for evaluate the ejection fraction; in the case of reduced EF, consider resynchronisation therapy.
    """),
    T(31, "nonnative", """
    The patient, {sex}, {age} years old, comes in consultation for palpitations in the night. ECG of repose, according to the table of measures that was given to me together with the trace: [[t:sinus_rhythm true|rhythm sinusal]], [[hr true|frequency {v} per minute]], [[t:regular true|regular RR]]. [[pr@V1 true|PR interval in V1 is of {v} msec]], [[pr#2@V3 far+|of {v} msec in the second beat of V3]]. [[t:first_degree_avb~ true|No block atrioventricular]]. [[p@V4 true|The P wave lasts {v} msec in V4]]. [[qrs@V4-V6 true|QRS of {v} milliseconds in V4-V6]], [[qrs#2@aVR near+|in aVR the second complex {v} milliseconds]]. [[qt@V1-V3 true|QT in V1-V3 of {v} msec]], [[qtc near-|QTc {v} msec]]. [[t:premature false|Some isolated atrial extrasystoles]] during the registration. [[amp:t_amp@V2|T positive in V2 of 4 mm]].
    Holter ECG of 24 hours is programmed for documenting the palpitations.
    """, leak="according to the table of measures that was given to me together with the trace"),
    T(39, "nonnative", """
    Elderly {sex} of {age} years, in therapy with bisoprolol 5 mg, comes for tiredness. [[t:sinus_bradycardia true|Sinus bradycardia]] [[hr true|with frequency of {v} bpm]], [[hr true|RR {v:rrs} s]], [[t:regular true|regular]]. [[t:p_each true|Every QRS has its P wave]]. [[pr@inferior true|PR interval of {v:s} s in the inferior leads]], at the superior limit; [[pr@I far-|in DI {v:s} s]]. [[p@V4 near+|P of {v} msec in V4]]. [[qrs@septal true|QRS of {v} msec in V1 and V2]], [[t:narrow_qrs true|narrow]]. [[qt far-|QT {v} msec]], [[qtc@V4-V6 true|QTc in V4-V6 {v} msec]]. [[t:premature false|Rare supraventricular extrasystoles]] are seen. [[amp:r_amp@aVL|R in aVL of 0,7 mV]].
    The bradycardia is probably from the beta-blocker; I propose to reduce to 2,5 mg and to repeat the ECG.
    """, comma=True),
    T(43, "nonnative", """
    Female patient of {age} years, diabetic, in follow-up. [[t:sinus_rhythm true|Rhythm is sinus]], [[hr true|about {v} bpm]], with [[t:p_each true|a P wave that precedes each QRS complex]]. [[pr@II true|PR of {v} msec in DII]], [[pr#2@aVF far+|in the second beat of aVF {v} msec]]. [[p#2@II true|P wave of {v} msec (second beat, DII)]], slightly notched. [[qrs@V1 true|QRS {v} msec in V1]], [[qrs#3@aVL near-|third complex of aVL {v} msec]]. [[qt@limb far-|QT in the limb leads of {v} msec]], [[qtc true|QTc {v} msec]], [[t:prolonged_qtc~ true|not prolonged]]. [[t:atrial_fibrillation false|Fibrillation of the atria]] is present in the second half of the tracing. [[amp:q_amp@III|Small q in DIII of 1 mm]], not pathologic.
    Conclusion: the examen is to repeat; atrial arrhythmia to confirm with Holter.
    """),
    T(47, "nonnative", """
    A {sex} of {age} years, marathon runner, asymptomatic, control for the medical certificate. [[t:sinus_bradycardia true|Sinusal bradycardia]] [[hr true|at {v} bpm]], [[t:bradycardia true|bradycardic]] as is usual in athletes. [[t:regular true|Regular rhythm]]; [[t:first_degree_avb~ true|no first degree AV block]]: [[pr@V4-V6 true|PR of {v} msec in V4-V6]], [[pr true|PR global {v:s} s]]. [[p#2@II far-|P wave of the second beat in DII lasts {v} msec]]. [[qrs@V4-V6 near+|QRS of {v} msec in V4, V5, V6]]. [[qt#3@V2 true|The QT of the third beat in V2 is of {v} msec]], [[qtc far+|QTc {v} msec]]. [[t:regular~ false|The rhythm is irregular]] during the registration. [[amp:r_amp@V5|R wave in V5 of 3,2 mV]], voltage criterion of left hypertrophy, frequently seen in athletes.
    Effort test is advisable before to give the certificate.
    """, comma=True),
)

# ---------------------------------------------------------------- table

TABLE = (
    T(37, "table", """
    | Parameter | Value | Comment |
    |---|---|---|
    | Rhythm | [[t:sinus_rhythm true|Sinus]] | [[t:p_each true|P before every QRS]], upright in II |
    | Heart rate | [[hr near|{v} bpm]] | [[t:bradycardia~ true|no bradycardia]] |
    | PR interval | [[pr@II true|{v:ms10} ms (II)]] | normal 120-200 ms |
    | P duration | [[p@high_lateral near+|{v} ms (I, aVL)]] | |
    | QRS | [[qrs@septal true|{v} ms in V1-V2]] | normal axis |
    | QT / QTc | [[qt far+|{v} ms]] / [[qtc true|{v} ms]] | Bazett |
    | Atrial activity | [[t:atrial_flutter false|flutter waves at the end of the strip]] | |
    | R in aVL | [[amp:r_amp@aVL|0.5 mV]] | Cornell not met |

    Impression: [[t:regular true|regular]] sinus rhythm in a {age}-year-old {sex}, [[t:prolonged_qtc~ true|QTc not prolonged]], no acute changes.
    """),
    T(41, "table", """
    | Parameter | Value | Comment |
    |---|---|---|
    | Rate | [[hr true|{v}/min]] | [[t:sinus_bradycardia true|sinus bradycardia]] |
    | RR | [[hr near-|{v:rr} ms]] | |
    | PR | [[pr@inferior true|{v:box} (inferior)]] | [[t:first_degree_avb~ true|no 1st-degree block]] |
    | P wave | [[p#2@V6 true|{v} ms (V6, beat 2)]] | |
    | QRS | [[qrs@V2 far+|{v} ms (V2)]] | |
    | QT | [[qt#3@II true|{v} ms (II, beat 3)]] | |
    | QTc | [[qtc near+|{v} ms]] | Bazett over-corrects at slow rates |
    | ST | [[amp:st_level@V3|+1.5 mm in V3]] | J-point, concave |

    Summary: [[t:bradycardia true|bradycardic]] {age}-year-old {sex}, fit and asymptomatic, [[t:premature false|with a single ventricular ectopic]]. Early repolarisation pattern.
    """),
    T(49, "table", """
    | Measurement | Lead(s) | Result | Comment |
    |---|---|---|---|
    | Ventricular rate | all | [[hr true|{v} bpm]] | |
    | PR | I and aVL | [[pr@high_lateral far+|{v} ms]] | |
    | PR | beat 4, aVR | [[pr#4@aVR true|{v} ms]] | |
    | P duration | V1, V2 | [[p@septal true|{v} ms]] | |
    | QRS | V3, V4 | [[qrs@anterior near+|{v} ms]] | |
    | QT | II, III, aVF | [[qt@inferior near|{v} ms]] | |
    | QTc | global | [[qtc true|about {v} ms]] | within limits |
    | T wave | V5 | [[amp:t_amp@V5|0.3 mV]] | upright |

    Conclusion: [[t:sinus_rhythm true|sinus rhythm]] with [[t:regular true|regular RR intervals]]; [[t:short_pr false|short PR]] raises the question of pre-excitation, though no delta wave is visible.
    """),
    T(53, "table", """
    ECG summary ({age}-year-old {sex}, routine pre-employment), values transcribed from the measurement sheet you forwarded:

    | Parameter | Value | Comment |
    |---|---|---|
    | Rhythm | [[t:sinus_rhythm true|sinus]] | [[t:regular true|regular]] |
    | HR | [[hr far+|{v} bpm]] | |
    | PR (II) | [[pr@II true|{v:s} s]] | |
    | PR (V4) | [[pr@V4 near-|{v:s} s]] | |
    | QRS (lateral) | [[qrs@lateral true|{v} ms]] | |
    | QRS (V2, beat 5) | [[qrs#5@V2 true|{v} ms]] | |
    | QT (V5-V6) | [[qt@V5-V6 far|{v} ms]] | |
    | QTc | [[qtc true|{v} ms]] | [[t:prolonged_qtc~ true|not prolonged]] (female limit 460 ms) |
    | Axis | normal | |

    [[t:atrial_fibrillation false|Paroxysmal AF on this tracing]]; [[amp:q_amp@aVL|small q in aVL, 0.1 mV]] is septal and normal.
    """, leak="values transcribed from the measurement sheet you forwarded"),
    T(57, "table", """
    | Parameter | Value | Comment |
    |---|---|---|
    | Rate | [[hr true|{v} bpm]] | [[t:tachycardia~ true|not tachycardic]] |
    | RR | [[hr true|{v:rrs} s]] | [[t:regular true|regular]] |
    | P wave | [[p@inferior true|{v:boxn} small boxes]] in II/III/aVF | |
    | PR | [[pr#3@V2 true|{v} ms]] (V2, 3rd beat) | |
    | QRS | [[qrs#2@aVL far-|{v} ms]] (aVL, 2nd beat) | [[t:narrow_qrs true|narrow]] |
    | QT | [[qt@septal near-|{v} ms]] (V1-V2) | |
    | QTc | [[qtc far+|{v} ms]] | |
    | Voltage | [[amp:r_amp@V5|R V5 2.1 mV]] | |

    [[t:sinus_rhythm true|Sinus rhythm]], [[t:first_degree_avb false|first-degree AV block]], otherwise normal for a {age}-year-old {sex}.
    """),
    T(121, "table", """
    | Parameter | Value | Comment |
    |---|---|---|
    | Heart rate | [[hr true|~{v} bpm]] | upper normal |
    | Rhythm | [[t:sinus_rhythm true|sinus]] | [[t:p_each true|1:1 AV conduction]] |
    | PR | [[pr@inferior true|{v} ms]] (inferior leads) | |
    | PR | [[pr#2@V4 near+|{v} ms]] (beat 2, V4) | |
    | QRS | [[qrs@V1-V3 true|{v:range} ms]] (V1-V3) | borderline, no BBB morphology |
    | QT | [[qt@high_lateral near|{v} ms]] (I, aVL) | |
    | QTc | [[qtc far-|{v} ms]] | |
    | Ectopy | [[t:premature~ true|none]] | |
    | ST | [[amp:st_level@V2|0.5 mm depression V2]] | |

    Impression: [[t:sinus_bradycardia false|sinus bradycardia]] in a febrile {age}-year-old {sex}; [[t:regular true|regular rhythm]], no acute ischaemia.
    """),
    T(55, "table", """
    | Parameter | Value | Comment |
    |---|---|---|
    | Rhythm | [[t:sinus_rhythm true|Sinus rhythm]] | [[t:p_each true|every QRS preceded by a P]] |
    | Rate | [[hr far|{v} bpm]] | |
    | PR | [[pr@inferior true|{v} ms]] (II, III, aVF) | [[t:first_degree_avb~ true|no AV block]] |
    | P | [[p@V3 far+|{v} ms]] (V3) | |
    | QRS | [[qrs@inferior true|{v} ms]] (inferior) | |
    | QRS | [[qrs#3@V1 near+|{v} ms]] (V1, 3rd complex) | |
    | QTc | [[qtc@septal true|{v} ms]] (V1-V2) | |
    | T wave | [[amp:t_amp@aVL|-0.1 mV in aVL]] | shallow inversion |

    Comment: [[t:regular~ false|irregular rhythm]]; ambulatory monitoring suggested. {age}-year-old {sex}, no prior tracing available.
    """),
    T(59, "table", """
    | Parameter | Value | Comment |
    |---|---|---|
    | Rate | [[hr true|{v} bpm]] | [[t:sinus_bradycardia true|sinus bradycardia]] |
    | PR | [[pr@lateral true|{v} ms]] (lateral) | |
    | P | [[p@inferior near|{v} ms]] (inferior) | notched in II |
    | QRS | [[qrs@anterior true|{v:rangeto} ms]] (V3/V4) | |
    | QRS | [[qrs@V1 far+|{v} ms]] (V1) | |
    | QT | [[qt#2@V2 near-|{v} ms]] (V2, beat 2) | |
    | QTc | [[qtc true|{v} ms]] | [[t:prolonged_qtc~ true|normal]] |
    | R/S | [[amp:s_amp@V1|S V1 1.2 mV]] | |

    Summary: [[t:regular true|regular]] sinus bradycardia in a {age}-year-old {sex}; [[t:short_pr false|a short PR interval]] is also noted; the rest of the tracing is unremarkable.
    """),
    T(67, "table", """
    Pre-op ECG, {age}-year-old {sex}, elective hernia repair.

    | Parameter | Value | Comment |
    |---|---|---|
    | Rhythm | [[t:sinus_rhythm true|sinus]] | [[t:regular true|regular]] |
    | Rate | [[hr near-|{v} bpm]] | |
    | PR | [[pr@inferior true|{v} ms]] | II, III, aVF |
    | P duration | [[p@V4-V6 true|{v} ms]] | V4-V6 |
    | QRS | [[qrs@V1-V3 far-|{v} ms]] | V1-V3 |
    | QT | [[qt@high_lateral far+|{v} ms]] | I, aVL |
    | QTc | [[qtc#4@II true|{v} ms]] | lead II, beat 4 |
    | Q waves | [[amp:q_amp@III|0.2 mV in III]] | isolated, not significant |

    Fit for surgery from an ECG standpoint; [[t:first_degree_avb~ true|no conduction block]], [[t:atrial_fibrillation false|paroxysmal AF on the rhythm strip]].
    """),
    T(71, "table", """
    | Parameter | Value | Comment |
    |---|---|---|
    | Rate | [[hr true|{v} bpm]] | |
    | Rhythm | [[t:sinus_rhythm true|sinus]] | mild sinus arrhythmia |
    | PR | [[pr@lateral true|{v} ms]] | lateral leads |
    | PR | [[pr#2@aVF near+|{v} ms]] | aVF, beat 2 |
    | P | [[p@high_lateral true|{v} ms]] | I/aVL |
    | QRS | [[qrs@inferior near|{v} ms]] | inferior |
    | QT | [[qt@lateral far+|{v} ms]] | lateral |
    | QTc | [[qtc@V1 true|{v} ms]] | V1 |
    | T | [[amp:t_amp@V3|0.6 mV]] | tall, symmetric? |

    Impression: [[t:p_each true|a P wave before each QRS]], but [[t:first_degree_avb false|first-degree AV block]], new since the last tracing. {age}-year-old {sex}, repeat in 6 months.
    """),
    T(75, "table", """
    | Parameter | Value | Comment |
    |---|---|---|
    | Rhythm | [[t:sinus_rhythm true|sinus rhythm]] | [[t:p_each true|P precedes each QRS]] |
    | Rate | [[hr true|{v:rrange} bpm]] | |
    | PR | [[pr true|{v:rangeen} msec]] | normal |
    | PR | [[pr#2@I far-|{v} msec]] | I, second beat |
    | QRS | [[qrs@lateral true|{v} msec]] | lateral leads |
    | QT | [[qt@V4-V6 far|{v} msec]] | V4-V6 |
    | QTc | [[qtc near+|{v} msec]] | |
    | ST | [[amp:st_level@V5|-0.5 mm in V5]] | minor, non-specific |

    {age}-year-old {sex} on sotalol. [[t:wide_qrs false|The QRS is wide]]; discuss the dose with her cardiologist.
    """),
)

# ---------------------------------------------------------------- qa

QA = (
    T(61, "qa", """
    Q: What is the rhythm?
    A: [[t:sinus_rhythm true|Sinus rhythm]]: [[t:p_each true|each QRS has a P wave in front of it]] and [[t:regular true|the RR intervals are constant]].
    Q: Rate?
    A: [[hr near|Roughly {v} per minute]] (300 divided by the number of large squares between two R waves).
    Q: PR interval?
    A: [[pr@V4-V6 true|About {v} ms in V4-V6]]; [[t:short_pr~ true|it isn't short]] and there is no delta wave.
    Q: How wide is the QRS?
    A: [[qrs@I true|{v} ms in lead I]], although [[qrs#2@V2 far+|the second beat in V2 measures {v} ms]].
    Q: QT and QTc?
    A: [[qt@V5-V6 near-|QT in V5/V6 is {v} ms]] and [[qtc@V1 true|the QTc in V1 is {v} ms]], borderline for a {sex} of {age}.
    Q: Any ectopics?
    A: [[t:premature false|Yes, one atrial ectopic towards the end]].
    Q: Voltages?
    A: [[amp:r_amp@aVL|R in aVL is 1.3 mV]], so Cornell is borderline; no strain pattern.
    """),
    T(65, "qa", """
    Examiner: Take me through this ECG from a {age}-year-old {sex} with breathlessness.
    Candidate: It's a 12-lead recorded at 25 mm/s and 10 mm/mV. [[t:sinus_rhythm true|The rhythm is sinus]] [[hr true|at about {v} beats per minute]].
    Examiner: How did you get the rate?
    Candidate: [[hr true|There are roughly {v:rrbig} between R waves]], and 300 divided by that gives the rate.
    Examiner: Is it a tachycardia?
    Candidate: [[t:tachycardia~ true|No, it's under 100]].
    Examiner: PR?
    Candidate: [[pr@V4-V6 true|{v} ms across V4 to V6]], [[pr#3@II near-|and {v} ms for the third beat in II]].
    Examiner: QRS?
    Candidate: [[qrs@V1-V3 true|About {v} ms in V1 to V3]]; [[qrs@V5 far+|in V5 it looks more like {v} ms]].
    Examiner: And repolarisation?
    Candidate: [[qt#2@V3 true|The QT of the second beat in V3 is {v} ms]], [[qtc far-|giving a QTc of {v} ms]]. [[amp:st_level@V5|There's 0.5 mm of ST depression in V5]].
    Examiner: Anything else?
    Candidate: [[t:premature false|A ventricular ectopic]] near the end of the rhythm strip.
    """),
    T(69, "qa", """
    ECG quiz, case 12: {age}-year-old {sex}, routine check (answers checked against the annotation file supplied with the quiz).
    What's the rhythm? - [[t:sinus_rhythm true|Sinus]], [[t:regular true|regular]].
    Rate? - [[hr near+|~{v} bpm]].
    PR? - [[pr@inferior true|{v:big} in the inferior leads]], [[t:short_pr~ true|not short]].
    P wave? - [[p#2@II true|{v} ms on the 2nd beat in II]].
    QRS? - [[qrs@V4-V6 true|{v} ms in V4-V6]], [[t:narrow_qrs true|narrow]]; [[qrs#3@aVF near+|{v} ms on the third beat in aVF]].
    QT/QTc? - [[qt@V4-V6 true|QT {v} ms (V4-V6)]], [[qtc@I far+|QTc in lead I {v} ms]].
    Ectopics? - [[t:premature~ true|None]].
    T waves? - [[amp:t_amp@V2|T in V2 is 0.4 mV]], upright.
    Diagnosis? - [[t:sinus_tachycardia false|Sinus tachycardia]], so look for a cause (fever, pain, anaemia, thyroid).
    """, leak="answers checked against the annotation file supplied with the quiz"),
    T(73, "qa", """
    Patient portal, message thread.
    Q: Is my heart rhythm normal?
    A: Yes, [[t:sinus_rhythm true|it is sinus rhythm]], the normal rhythm that starts in the heart's own pacemaker, and [[t:regular true|the beats are evenly spaced]].
    Q: My watch said my pulse was slow. Is that right?
    A: [[hr true|On the ECG it was {v} beats per minute]], which is fine at rest; [[t:tachycardia~ true|it is certainly not fast]].
    Q: What does PR interval mean, and is mine OK?
    A: It is the time from the top chambers to the bottom chambers. [[pr@II true|Yours is {v} milliseconds in lead II]] (normal 120-200), so [[t:first_degree_avb~ true|there is no heart block]].
    Q: And the QRS and QT?
    A: [[qrs@V1 near-|QRS is {v} milliseconds]], normal. [[qt@V1-V3 near+|QT is about {v} milliseconds]] and [[qtc far+|the corrected QT is {v} ms]].
    Q: Were there extra beats?
    A: [[t:premature false|A couple of extra beats from the top chambers]], which are very common and harmless.
    Q: What about the voltage comment?
    A: [[amp:r_amp@V5|The R wave in V5 is 1.9 mV]], within normal limits. Nothing needs doing.
    """),
    T(77, "qa", """
    Teaching round, {age}-year-old {sex} admitted with a fall.
    Q: First, the rhythm?
    A: [[t:sinus_rhythm true|Sinus]], [[t:p_each true|a P before every QRS]].
    Q: Rate, using the RR?
    A: [[hr true|RR about {v:rr10} ms]], so a normal rate; [[t:bradycardia~ true|not bradycardic]] despite the beta-blocker.
    Q: PR?
    A: [[pr@V4-V6 true|{v} ms in V4 to V6]], [[pr#2@aVL far+|{v} ms in the second beat of aVL]].
    Q: P-wave width?
    A: [[p@II near-|{v} ms in II]].
    Q: QRS?
    A: [[t:narrow_qrs true|Narrow]], [[qrs#4@II far-|{v} ms for the fourth complex in II]].
    Q: QT?
    A: [[qt@lateral true|{v} ms in the lateral leads]], [[qtc true|QTc {v} ms]], [[t:prolonged_qtc false|which is prolonged]].
    Q: Anything structural?
    A: [[amp:q_amp@III|A 1 mm Q wave in III]], probably positional.
    """),
    T(79, "qa", """
    Q: What is the rhythm and rate?
    A: [[t:sinus_rhythm true|Sinus rhythm]] [[hr true|at {v} bpm]], [[t:regular true|regular]].
    Q: Is there a P wave before every QRS?
    A: [[t:p_each true|Yes, every QRS has a preceding P]].
    Q: PR?
    A: [[pr#2@V3 true|About {v} ms on beat 2 in V3]]; [[pr@V1 far-|only {v} ms in V1]]; [[t:short_pr false|so the PR is short]].
    Q: QRS duration?
    A: [[qrs@inferior near+|{v} ms in II, III and aVF]], [[t:narrow_qrs true|narrow]].
    Q: QT and QTc?
    A: [[qt@V4-V6 near+|QT {v} ms in V4-V6]], [[qtc@V5 true|QTc {v} ms in V5]].
    Q: Ectopy?
    A: [[t:premature~ true|None seen]].
    Q: Summary for a {age}-year-old {sex}?
    A: Normal conduction apart from the PR; [[amp:t_amp@aVL|T in aVL is flat, under 0.1 mV]].
    """),
    T(87, "qa", """
    Self-assessment, card 31 ({age}-year-old {sex}, palpitations):
    Q: Rhythm? A: [[t:sinus_rhythm true|Sinus]], [[t:p_each true|1:1 P to QRS]].
    Q: Rate? A: [[hr true|{v} bpm]]; [[t:tachycardia~ true|not a tachycardia]], though close.
    Q: PR? A: [[pr@II true|{v} ms in II]], [[pr#3@aVL near+|{v} ms on the third beat in aVL]].
    Q: P duration? A: [[p@V5-V6 far|{v} ms in V5 and V6]].
    Q: QRS? A: [[qrs@precordial true|{v} ms across the precordial leads]], [[t:wide_qrs false|wide]].
    Q: QT/QTc? A: [[qt#4@II far-|QT {v} ms (II, 4th beat)]], [[qtc@V4 true|QTc {v} ms (V4)]].
    Q: Pre-excitation? A: No delta wave. [[t:first_degree_avb~ true|No AV block either]].
    Q: Any voltage criteria? A: [[amp:r_amp@V4|R in V4 2.4 mV]], normal for a slim young adult.
    """),
    T(91, "qa", """
    Q. What is the underlying rhythm?
    A. [[t:sinus_rhythm true|Sinus rhythm]] with [[t:p_each true|a P wave ahead of every QRS]].
    Q. Is it a tachycardia?
    A. [[t:sinus_tachycardia false|Yes, a sinus tachycardia]].
    Q. What is the rate?
    A. [[hr true|About {v} bpm]], [[hr far+|an RR of {v:rr} ms]].
    Q. Intervals?
    A. [[pr#3@V2 true|PR of the 3rd beat in V2 is {v} ms]]; [[qrs@lateral near+|QRS in the lateral leads {v} ms]]; [[qt@precordial true|QT across V1-V6 {v} ms]]; [[qtc@V2 near|QTc in V2 {v} ms]].
    Q. Is the QRS narrow?
    A. [[t:narrow_qrs true|Yes]].
    Q. AV conduction?
    A. [[t:first_degree_avb~ true|Normal, no first-degree block]].
    Q. Amplitudes?
    A. [[amp:s_amp@V2|S in V2 about 1.5 mV]], unremarkable for a {age}-year-old {sex}.
    """),
    T(95, "qa", """
    Q: What rhythm is this?
    A: Going by the beat-by-beat list that came with the case, [[t:atrial_fibrillation true|it is atrial fibrillation]]: [[t:p_each~ true|there are no P waves]] and [[t:regular~ true|the RR intervals are irregularly irregular]].
    Q: How fast is the ventricular response?
    A: [[hr true|Around {v} bpm]], so [[t:rapid_response~ true|there is no rapid ventricular response]].
    Q: QRS width?
    A: [[t:narrow_qrs true|Narrow]]; [[qrs#2@V4 near|the second beat in V4 measures {v} ms]], [[qrs@I far+|lead I {v} ms]].
    Q: Repolarisation?
    A: [[qt#3@V5 true|The QT of the third beat in V5 is {v} ms]]; [[qtc near-|QTc {v} ms]] (Bazett is unreliable in AF; average over several beats).
    Q: And in V2?
    A: [[qt@V2 near|QT {v} ms]], similar.
    Q: Anything else for this {age}-year-old {sex}?
    A: [[amp:r_amp@aVL|R in aVL 0.8 mV]]; anticoagulation as per CHA2DS2-VASc.
    """, leak="Going by the beat-by-beat list that came with the case"),
    T(99, "qa", """
    Viva, station 4. Examiner's questions with the candidate's answers.
    "Describe the rhythm." - [[t:sinus_rhythm true|Sinus]], but [[t:regular~ true|the RR varies with respiration]], a sinus arrhythmia, normal in a {age}-year-old {sex}.
    "Rate?" - [[hr true|{v} beats a minute on average]].
    "PR?" - [[pr@inferior true|{v:s3} s in the inferior leads]]; [[pr#2@V1 near+|{v} ms for beat 2 in V1]].
    "P duration?" - [[p@II near-|{v} ms in II]].
    "QRS?" - [[qrs@limb true|{v} ms in the limb leads]], [[t:narrow_qrs true|narrow]].
    "QT?" - [[qt@V4-V6 far+|{v} ms in V4 to V6]], [[qtc true|QTc {v} ms]].
    "Ectopics?" - [[t:premature false|One atrial ectopic, the sixth beat]].
    "Voltages?" - [[amp:r_amp@V5|R in V5 3.1 mV]], voltage criteria for LVH but in a young man this is usually physiological.
    """),
    T(103, "qa", """
    Q: What's going on in this {age}-year-old {sex} with palpitations?
    A: [[t:atrial_flutter true|Typical atrial flutter]], negative sawtooth waves in II, III and aVF, with variable block.
    Q: Is it sinus?
    A: [[t:sinus_rhythm~ true|No]], the P waves are replaced by flutter waves.
    Q: Ventricular rate?
    A: [[hr near-|{v} bpm]]; [[t:slow_response~ true|not a slow response]].
    Q: QRS?
    A: [[t:narrow_qrs true|Narrow]]: [[qrs@V1-V3 true|{v} ms in V1-V3]], [[qrs#5@V6 near+|{v} ms for the fifth complex in V6]].
    Q: QT?
    A: [[qt#2@V4 true|QT of the second beat in V4 is {v} ms]]; [[qtc far-|QTc {v} ms]], hard to measure with flutter waves superimposed.
    Q: Could this be a bradycardia?
    A: [[t:bradycardia false|Yes, the rate is bradycardic at times]].
    Q: Anything else?
    A: [[amp:st_level@V2|0.5 mm ST depression in V2]], probably flutter waves on the ST segment.
    """),
)

# ---------------------------------------------------------------- overread

OVERREAD = (
    T(81, "overread", """
    Cardiology over-read. The computer's interpretation reads "sinus tachycardia, prolonged QT, nonspecific ST abnormality, abnormal ECG". I disagree on two of those. [[hr true|By my count the rate is {v} bpm]], so [[t:sinus_tachycardia~ true|this is not sinus tachycardia]]; it is [[t:sinus_rhythm true|plain sinus rhythm]] with [[t:regular true|a regular RR]]. The machine's QT is overestimated because it has run into the U wave in the lateral leads: [[qt@V4-V6 true|I measure {v} ms in V4-V6]], [[qtc near+|QTc {v} ms]]. I agree with its PR: [[pr@inferior far|{v} ms in the inferior leads]]. [[qrs@V1 far+|QRS in V1 is {v} ms]], [[t:narrow_qrs true|otherwise narrow]]. [[t:premature false|There is an isolated PVC]] that the algorithm did not flag. The "nonspecific ST abnormality" is [[amp:t_amp@III|T-wave flattening in III, about 0.05 mV]], which I would not call abnormal in a {age}-year-old {sex}.
    Final: sinus rhythm, otherwise within normal limits.
    """),
    T(85, "overread", """
    Over-read of automated report ({age}-year-old {sex}, pre-chemotherapy baseline), taking the lead-by-lead values in the attached spreadsheet at face value.
    Machine statement: "Sinus rhythm. Left atrial enlargement. Borderline ECG."
    My read: [[t:sinus_rhythm true|sinus rhythm]] confirmed, [[hr true|{v} bpm]], [[t:p_each true|a P wave before each QRS]]. I don't think the left atrial enlargement call stands: [[p@II true|P-wave duration in II is {v} ms]] and [[p#3@I near+|the third P in lead I is {v} ms]], not notched. [[pr@V4-V6 near+|PR in V4-V6 {v} ms]]. [[qrs@inferior true|QRS {v} ms inferiorly]], [[qrs#4@V1 far+|{v} ms for the fourth complex in V1]]. [[qt@lateral true|QT across I, aVL, V5 and V6 is {v} ms]], [[qtc@V5 true|QTc in V5 {v} ms]], [[t:prolonged_qtc~ true|not prolonged]], so no contraindication to the planned anthracycline from the ECG side. [[t:first_degree_avb false|First-degree AV block]] should be added to the report. [[amp:r_amp@V4|R in V4 is 1.2 mV]].
    Revised: normal ECG.
    """, leak="taking the lead-by-lead values in the attached spreadsheet at face value"),
    T(93, "overread", """
    Over-read. The automated interpretation says "sinus rhythm with left bundle branch block", which is wrong on the rhythm. [[t:sinus_rhythm~ true|This is not sinus]]: [[t:p_each~ true|there are no P waves]], only a fine fibrillatory baseline, so the underlying rhythm is [[t:atrial_fibrillation true|atrial fibrillation]], with ventricular pacing spikes before most complexes. [[hr true|Ventricular rate {v} bpm]], at the programmed lower rate, so [[t:rapid_response~ true|no rapid ventricular response]]. [[t:wide_qrs true|The QRS is broad]], [[qrs#3@V4 true|{v} ms for the third complex in V4]], [[qrs@high_lateral near-|{v} ms in I and aVL]], which is the paced morphology rather than a native LBBB, [[t:bbb_duration true|though the width is in the bundle-branch range]]. [[qt#2@V5 far-|QT of the second beat in V5 is {v} ms]], [[qtc@V3 near+|QTc in V3 {v} ms]]; QT is hard to interpret with pacing. [[t:tachycardia false|Tachycardic]] at the start of the tracing. [[amp:st_level@V2|Discordant ST elevation of 2 mm in V2]], expected with pacing.
    For the {age}-year-old {sex}, pacing clinic follow-up as planned.
    """),
    T(97, "overread", """
    ECG over-read, {age}-year-old {sex}.
    The machine called "sinus bradycardia, incomplete right bundle branch block, possible inferior infarct". Corrections:
    - [[hr true|Rate is {v} bpm]], [[t:sinus_rhythm true|sinus]]; not a bradycardia by the usual definition.
    - [[qrs@V2 true|QRS in V2 {v} ms]], [[qrs@inferior far+|inferior QRS {v} ms]]; rSr' in V1 is a normal variant.
    - [[pr@V1 true|PR {v} ms in V1]], [[pr#2@II near+|{v} ms on beat 2 in II]]; [[t:short_pr~ true|not short]].
    - No inferior Q waves of significance: [[amp:q_amp@III|Q in III is 1 mm]], less than a quarter of the R.
    - [[qt@V4-V6 true|QT {v} ms in V4-V6]], [[qtc near-|QTc {v} ms]].
    - [[t:regular~ false|Rhythm irregular]], probably sinus arrhythmia.
    Agree otherwise.
    """),
    T(129, "overread", """
    Cardiology over-read, {age}-year-old {sex}, pre-op TAVI work-up.
    The automated report says "sinus rhythm with frequent premature atrial complexes". On review, [[t:sinus_rhythm~ true|this is not sinus rhythm]]: [[t:p_each~ true|there is no consistent P wave]], [[t:regular~ true|the RR intervals are irregularly irregular]], and the baseline in V1 is fibrillatory, so the rhythm is [[t:atrial_fibrillation true|atrial fibrillation]] [[hr true|with a ventricular rate of about {v} bpm]]. [[t:rapid_response~ true|Not rapid]]. [[t:narrow_qrs true|QRS narrow]]: [[qrs@V1-V3 true|{v} ms across V1-V3]], [[qrs#2@aVF far+|{v} ms for the second beat in aVF]]. I measure [[qt#3@V4 true|QT {v} ms in the third beat of V4]] and [[qtc near-|QTc {v} ms]], averaged over five beats. [[qt@V2 far+|QT in V2 {v} ms]]. [[amp:r_amp@aVL|R in aVL 0.9 mV]]; no LVH criteria despite the aortic stenosis.
    The AF is new compared with the tracing from 2021 and needs anticoagulation review.
    """),
    T(189, "overread", """
    Over-reading the automated report for a {age}-year-old {sex} (sports screening).
    Computer: "Sinus bradycardia. Short PR. Consider pre-excitation. Abnormal ECG."
    My interpretation: [[t:sinus_bradycardia true|sinus bradycardia]] [[hr true|at {v} bpm]], which I agree with, physiological in a trained teenager. I do not agree with the short PR: [[pr@V4 true|PR is {v:box} in V4]] and [[pr#2@II true|{v} ms in the second beat of II]], so [[t:short_pr~ true|the PR is not short]] and there is no delta wave. [[p@V1 far+|P wave in V1 {v} ms]]. [[qrs@lateral near+|QRS {v} ms in the lateral leads]]. [[qt@inferior far-|QT {v} ms in the inferior leads]], [[qtc true|QTc {v} ms]]. [[t:premature false|One supraventricular ectopic]]. [[amp:t_amp@V3|Juvenile T-wave pattern, T in V3 about 0.3 mV]].
    Conclusion: normal athlete's ECG; cleared.
    """),
    T(107, "overread", """
    Over-read. Computer: "Sinus rhythm, first degree AV block, left axis deviation, abnormal ECG". Reviewed by me.
    [[t:sinus_rhythm true|Sinus rhythm]] confirmed, [[hr near|{v} bpm]], [[t:regular true|regular]]. On the PR: [[pr@V1-V3 true|{v} ms in V1-V3]], [[pr#3@aVF true|{v} ms on the third beat in aVF]]. [[qrs@lateral near+|QRS {v} ms in the lateral leads]], [[qrs#2@III far+|III second complex {v} ms]]. [[qt@inferior true|Inferior QT {v} ms]], [[qtc@V1 true|QTc in V1 {v} ms]], [[t:prolonged_qtc~ true|not prolonged]]. I disagree with "left axis deviation": the axis is about -20°, within normal limits. [[t:premature false|Two PACs]] not mentioned by the computer. [[amp:r_amp@aVL|R in aVL 1.1 mV]].
    Final: sinus rhythm in this {age}-year-old {sex}, no treatment needed.
    """),
    T(115, "overread", """
    {age}-year-old {sex}, ECG after syncope while standing in a queue. Over-reading the machine report ("sinus bradycardia, RSR' in V1, borderline ECG"):
    [[t:sinus_rhythm true|Sinus]] [[hr true|at {v} bpm]] (agree), [[t:p_each true|a P before every QRS]]. [[pr@I far+|PR {v} ms in I]]; [[t:first_degree_avb~ true|no AV block]], no pauses. [[qrs@septal true|QRS {v} ms in V1-V2]] with rSr', consistent with incomplete RBBB, and [[qrs@V5-V6 far+|{v} ms in V5-V6]]. [[qt#4@II true|QT of the fourth beat in II {v} ms]], [[qtc near+|QTc {v} ms]]. I would add what the machine omitted: [[t:atrial_flutter false|flutter waves in the inferior leads]]. [[amp:p_amp@II|P amplitude in II 0.1 mV]]. No Brugada pattern, no epsilon wave.
    Advise: tilt test if recurrent; reflex syncope most likely.
    """),
    T(119, "overread", """
    Over-read for a {age}-year-old {sex} referred with chest pain.
    The automated read says "ST elevation, consider acute MI". I think that is wrong. [[t:sinus_rhythm true|Sinus rhythm]] [[hr near-|at {v} bpm]], [[t:regular true|regular]]. The ST elevation is [[amp:st_level@V3|about 1.5 mm in V3]] with a notched J point and concave upward ST segment: early repolarisation, not infarction, and no reciprocal depression. [[pr@inferior true|PR {v} ms inferiorly]], [[p#2@II true|P on the second beat in II {v} ms]]. [[qrs@V4-V6 true|QRS {v} ms in V4-V6]], [[t:narrow_qrs true|narrow]]. [[qt@V5-V6 true|QT in V5 and V6 {v} ms]], [[qtc far+|QTc {v} ms]]. [[t:wide_qrs false|The QRS is wide]] in the septal leads. [[qrs#3@V1 near+|V1 third beat {v} ms]].
    Recommend a repeat ECG and a single high-sensitivity troponin, but no cath-lab activation.
    """),
    T(123, "overread", """
    ECG over-read ({age}-year-old {sex}, pre-participation). Machine: "Sinus rhythm, possible left ventricular hypertrophy, nonspecific T wave abnormality."
    My read: [[t:sinus_rhythm true|sinus rhythm]] [[hr true|{v} bpm]], [[t:regular true|regular]]. The LVH call is on voltage alone ([[amp:r_amp@V5|R in V5 about 3.4 mV]]) without repolarisation change, which is normal in a young athlete. [[pr@II near|PR {v} ms in II]], [[pr#2@aVL far-|{v} ms in aVL, beat 2]]. [[qrs@inferior true|QRS {v} ms across II, III, aVF]], [[t:narrow_qrs true|narrow]]. [[qt@V4-V6 near+|QT in V4-V6 is {v} ms]], [[qtc true|QTc {v} ms]]. [[t:sinus_tachycardia false|Mild sinus tachycardia]], probably anxiety. T-wave inversion is confined to V1, which is normal.
    Final: normal ECG for an athlete. Cleared.
    """),
    T(131, "overread", """
    Over-read, {age}-year-old {sex}, cardiology clinic.
    Automated: "Sinus rhythm. Borderline first degree AV block. Possible old anterior infarct." Mine:
    [[t:sinus_rhythm true|Sinus rhythm]], [[hr true|{v:rrange} bpm]], [[t:p_each true|1:1 conduction]]. PR is borderline as stated: [[pr@V4-V6 true|{v} ms in V4-V6]], [[pr#2@V1 far+|{v} ms in V1 (beat 2)]]. Anterior leads: poor R-wave progression but [[amp:r_amp@V3|R in V3 is 0.3 mV]], not a Q wave, so I would not call an old infarct. [[qrs@V1-V3 true|QRS {v} ms in V1-V3]], [[qrs@I near+|{v} ms in I]]. [[qt@lateral true|QT {v} ms laterally]], [[qtc far+|QTc {v} ms]]. [[t:short_pr false|Short PR]] in the limb leads.
    Echo would settle the question of an anterior wall-motion abnormality.
    """),
)

# ---------------------------------------------------------------- telemetry

TELEMETRY = (
    T(45, "telemetry", """
    Telemetry note, bed 7: {age}-year-old {sex}, dual-chamber pacemaker in situ.
    10 s strip printed at 02:44, II and V1 displayed, 25 mm/s. [[hr true|Paced at a steady {v} bpm]] for most of the run. [[t:wide_qrs true|Complexes are broad]], as expected with ventricular pacing; [[qrs@inferior true|QRS width across II/III/aVF is around {v} ms]], and [[qrs#2@V1 true|beat 2 in V1 comes in at {v:box}]]. [[t:premature true|Two early beats (complexes 5 and 6 on the printout)]] with a different axis, likely PVCs; no couplets beyond that. [[qt@V4 far+|QT measured in V4 is {v} ms]], [[qtc near|QTc roughly {v} ms]] on my calipers, though QT in paced rhythm overestimates repolarisation. [[t:tachycardia false|A short run of tachycardia]] at the end of the strip, self-terminating. [[amp:st_level@V2|About 2 mm of ST elevation in V2]], discordant and in keeping with pacing.
    Plan: no change, routine device check tomorrow.
    """),
    T(101, "telemetry", """
    Overnight telemetry review, {age} y/o {sex}, known AF, on bisoprolol.
    Event 1 (23:05), patient-triggered for palpitations: [[t:atrial_fibrillation true|atrial fibrillation]], [[t:regular~ true|irregularly irregular RR]], coarse fibrillatory baseline in V1 but [[t:p_each false|a small P wave before each QRS]] in II. [[hr near|Average ventricular response about {v} bpm]] over the 10 s strip, so [[t:rapid_response~ true|no rapid ventricular response]].
    Event 2 (04:30), auto-captured "pause": lead-movement artefact on review, no true pause (the alarm threshold is 3 s).
    From the 12-lead printed at 06:00: [[qrs@precordial true|QRS in V1-V6 around {v} ms]], [[qt#3@V5 true|QT of the 3rd beat in V5 {v} ms]], [[qtc near+|QTc {v} ms]]. [[qrs@II far|QRS in II reads {v} ms]] on the monitor lead, probably the lead II artefact again. [[qt@V1 near-|V1 QT {v} ms]]. [[amp:r_amp@V5|R in V5 ~1.4 mV]].
    Rate control adequate for now (lenient target is under 110 at rest).
    """),
    T(105, "telemetry", """
    Strip at 14:20 (lead II, 25 mm/s, 10 mm/mV), {age}-year-old {sex} admitted with presyncope. Per the interval printout the monitor tech clipped to the chart:
    Underlying [[t:sinus_rhythm true|sinus rhythm]] with [[t:premature true|frequent ectopics: beats 4 and 9 come early]], narrow, followed by a non-compensatory pause, so most likely atrial. [[hr true|Rate swings between {v:rrange} bpm]] with the ectopy. [[pr#2@II true|PR on beat 2 is {v} ms]], [[pr@V4-V6 far|PR in V4 to V6 about {v} ms]], [[t:first_degree_avb~ true|no 1st degree block]]. [[p@II near|P wave {v} ms wide in II]]. [[qrs far+|QRS {v} ms]]. [[qt#5@aVF true|QT on beat 5 in aVF {v} ms]], [[qtc far+|QTc {v} ms]], [[t:prolonged_qtc false|so QTc is prolonged]], flagging to the team given she is on ondansetron. [[amp:p_amp@II|P amplitude 0.15 mV]]. [[t:tachycardia~ true|No tachyarrhythmia]] over the last 6 hours of monitoring.
    """, leak="Per the interval printout the monitor tech clipped to the chart"),
    T(109, "telemetry", """
    Monitoring summary 08:00-12:00, {age}-year-old {sex}, new-onset AF on day 2 after hip fracture repair.
    [[t:atrial_fibrillation true|AF persists]] throughout, [[t:regular~ true|RR completely irregular]], [[hr true|mean rate {v:bpm5}/min]]. Lenient target is below 110 at rest.
    Intervals off the 12-lead done at 09:00: [[qrs@limb true|QRS narrow in the limb leads, ~{v} ms]], [[qrs#2@aVL true|the second complex in aVL {v} ms]], [[qrs@V4 far+|V4 QRS {v} ms]]. [[qt@lateral near|QT over I, aVL, V5, V6 around {v} ms]], [[qt#2@aVL true|QT of beat 2 in aVL {v} ms]], [[qtc far+|QTc {v} ms]], [[t:prolonged_qtc false|prolonged]], so amiodarone to be reviewed. [[amp:st_level@V5|0.5 mm ST depression in V5]], rate related.
    """),
    T(125, "telemetry", """
    Strip from 21:15, lead II + V1, {age}-year-old {sex}, on digoxin.
    [[t:sinus_rhythm true|Sinus]] with [[t:premature true|an early beat at position 4]], then a full compensatory pause. [[hr far|Rate {v} bpm]]. [[pr#3@II true|PR of the 3rd complex in II is {v} ms]], [[pr@V1 near|{v} ms in V1]]; [[p@inferior true|P duration in II, III and aVF roughly {v} ms]], borderline for left atrial abnormality (which starts at about 110-120 ms). [[qrs@V1-V3 true|QRS V1-V3 ≈ {v} ms]], [[qt@V5-V6 far-|QT in V5-V6 {v} ms]], [[qtc near-|QTc {v} ms]]. [[t:tachycardia~ true|No tachycardia]] on this strip. [[amp:t_amp@V5|T wave 0.2 mV in V5]], flat-ish; reverse-tick ST sagging in the lateral leads, digoxin effect.
    Level sent, K+ to be repeated.
    """),
    T(7, "telemetry", """
    Telemetry event 17:52, "irregular HR" alarm, {age}-year-old {sex}, chest pain rule-out.
    Reviewed the 12 s strip: [[t:sinus_rhythm true|underlying sinus rhythm]], [[t:p_each true|P wave in front of every QRS]], including the early one, which is [[t:premature true|a single premature atrial beat (the 6th complex)]], its P a little peaked. No VEs. [[hr true|Baseline rate about {v}]] per minute, [[hr near|RR between normal beats {v:rr} ms]]. [[pr#2@II true|PR on beat 2, lead II: {v} ms]]. [[qrs@inferior far+|QRS ~{v} ms in II/III/aVF]], [[t:wide_qrs false|so borderline wide]]. [[qt#4@V5 true|QT of beat #4 in V5 {v} ms]], [[qtc@limb near|QTc in the limb leads ≈ {v} ms]]. [[t:atrial_fibrillation~ true|Not AF]], alarm was a false positive. [[amp:r_amp@V4|R wave in V4 about 14 mm]].
    Troponin pending.
    """),
    T(35, "telemetry", """
    Rapid response called 03:05 for HR alarm in the 130s, {age}-year-old {sex}, post-op day 1.
    Strip (II, V1): [[t:atrial_flutter true|typical flutter]], sawtooth F waves in II/III/aVF, [[hr true|ventricular rate ~{v}]] per minute, looks like 2:1 conduction. [[t:tachycardia true|Tachycardic]] with [[t:rapid_response true|a rapid ventricular response]]; [[t:sinus_rhythm~ true|this is not sinus]]. [[qrs#3@II true|QRS of beat 3 in II {v:s3} s]], [[qrs@V5-V6 true|V5/V6 QRS ~{v} ms]], [[qrs@V1 near+|V1 {v} ms]]. [[qt@inferior far-|QT inferior {v} ms]], [[qtc near+|QTc {v} ms]]. [[t:premature false|Frequent PVCs]] mixed in. [[amp:st_level@V2|1 mm ST depression V2]], rate-related.
    Gave metoprolol 2.5 mg IV, for repeat ECG in 30 min and cardiology review.
    """),
    T(51, "telemetry", """
    Tele excerpt 10:12, {age}-year-old {sex}, permanent AF and old LBBB.
    [[t:atrial_fibrillation true|AF]] with [[t:regular~ true|an irregular ventricular response]], [[hr true|rate {v:rrange}/min]], [[t:rapid_response~ true|controlled]]. Beat by beat: [[qrs#1@I true|beat 1 in lead I has a QRS of {v} ms]], [[qrs#5@aVF near|beat 5 in aVF {v} ms]], [[qt#2@II near|QT of beat 2 in II {v} ms]]. [[t:wide_qrs true|Broad QRS]] throughout, [[t:bbb_duration true|bundle-branch-block width]], LBBB morphology unchanged from admission. [[qtc@inferior far+|QTc inferiorly {v} ms]], hard to interpret with the conduction delay. [[t:sinus_rhythm false|Sinus rhythm returns for the last three beats]], [[t:p_each false|each with a P wave in front]]. [[amp:s_amp@V1|Deep S in V1 ~2.5 mV]].
    No pauses over 2.5 s. Continue current digoxin dose.
    """),
    T(83, "telemetry", """
    Telemetry, 6N bed 22 ({age}-year-old {sex}), alarms reviewed for the 07:00 handover.
    02:17 "PVC" alarms x3. Printed strip: [[t:atrial_fibrillation true|background AF]], [[t:p_each~ true|no organised atrial activity]], [[t:premature true|a ventricular ectopic at beat 7]] with a longer pause after it (hard to call in AF). [[hr true|RR typically around {v:rr} ms]]. [[qrs#4@V4 true|The 4th beat in V4: QRS {v} ms]], [[qrs@inferior far|II/III/aVF QRS about {v} ms]]; [[t:narrow_qrs false|conducted beats narrow]]. [[qt#3@aVL true|QT on beat 3, aVL = {v} ms]], [[qtc@lateral far-|QTc laterally {v} ms]], [[qtc near-|overall QTc {v} ms]]. [[t:rapid_response~ true|No RVR]]. [[amp:r_amp@aVL|R aVL 0.9 mV]].
    Nothing to escalate.
    """),
    T(111, "telemetry", """
    Pacing check on telemetry: {age}-year-old {sex}, complete heart block, dual-chamber pacemaker implanted 2 days ago.
    Strip 11:30: [[t:regular true|regular]] [[hr true|ventricular paced rhythm at {v} bpm]], matching the programmed lower rate. 100% capture, every spike followed by a broad complex. [[qrs@inferior true|Paced QRS in II, III, aVF ~{v} ms]], [[qrs#2@I true|beat #2 in lead I {v} ms]], [[qrs@V2 far-|V2 QRS only {v} ms]]. [[qt@V4-V6 true|QT in V4-V6 {v} ms]], [[qt#3@aVL far+|beat 3 in aVL has a QT of {v} ms]], [[qtc near+|QTc {v} ms]] (paced, read with caution). [[t:premature~ true|No ectopy]]. [[t:tachycardia false|A burst of pacemaker-mediated tachycardia]] mid-strip. [[amp:qrs_amp@V3|Paced QRS amplitude about 1.8 mV in V3]].
    Wound clean, for discharge if the device check is satisfactory.
    """),
    T(63, "telemetry", """
    Ambulatory monitor, day 2 of 7. {age}-year-old {sex} with palpitations on exertion.
    Patient-activated event at 16:48 while climbing stairs. Strip shows [[t:sinus_rhythm true|sinus rhythm]] with [[t:regular~ true|phasic variation in the RR intervals]] (respiratory sinus arrhythmia), [[t:premature~ true|no ectopic beats]] and [[t:atrial_fibrillation~ true|no AF]]. [[hr near+|Rate {v} bpm]], [[t:sinus_tachycardia false|borderline sinus tachycardia]]. Beats: [[pr#6@V5 true|PR on the 6th beat in V5: {v} ms]], [[p#2@II true|P of beat 2 in II: {v:boxn} small boxes]], [[qrs@V1-V3 near|QRS V1 through V3 {v} ms]], [[qt@II far-|QT in II {v} ms]], [[qtc@inferior true|QTc inferiorly ~{v} ms]]. [[amp:t_amp@V2|T wave in V2 about 5 mm]].
    Symptoms correlate with sinus rhythm; no arrhythmia captured so far.
    """),
)



TEMPLATES: tuple[VariedTemplate, ...] = tuple(sorted(
    PAGER + NONNATIVE + TABLE + QA + OVERREAD + TELEMETRY, key=lambda tpl: (tpl.record % 4 != 1, tpl.record)))
DEV = tuple(tpl for tpl in TEMPLATES if tpl.record % 4 == 1)
HELDOUT = tuple(tpl for tpl in TEMPLATES if tpl.record % 4 != 1)


@functools.lru_cache(maxsize=4)
def build_varied(ludb_dir: Path = LUDB_DIR) -> tuple[Paragraph, ...]:
    return tuple(render(tpl, ludb_dir)[0] for tpl in TEMPLATES)


def dropped_claims(ludb_dir: Path = LUDB_DIR) -> list[tuple[str, Claim]]:
    return [(tpl.pid, c) for tpl in TEMPLATES for c in render(tpl, ludb_dir)[1]]


def main(argv: list[str] | None = None) -> None:
    freeform.main(argv, TEMPLATES, "the varied-voices corpus")


if __name__ == "__main__":
    main()
