"""Corpus 5: a truth corpus for the grounding verifier in six voices that none of corpora 1-4 uses.

Every paragraph was written for ONE LUDB record after reading that record's annotated truth
(`python -m tests.gem_data.verify_truth.freeform --truth N`), without looking at the verifier, its
documentation or the phrase banks of corpus 1. It reuses corpus 2's markup and renderer (see the
docstring of freeform.py): no LUDB number is typed here, every measured value is a ``{v}``
placeholder filled at test time from `corpus.load_truth`, and every label is re-derived by
`corpus.label_claim` from what was actually rendered.

Voices (``voice``):

=========== ======================================================================================
ed_quick    an emergency physician's rapid read in the chart: "ECG: ... Rate ... Intervals ... ST
            ... Imp:", semi-structured lines, ED shorthand
structured  a radiology-like structured report: ALL-CAPS headings (INDICATION, FINDINGS,
            IMPRESSION, RECOMMENDATION), numbered impression items
json        an LLM asked for machine-readable output: a JSON object or a YAML block whose values are
            strings with units ("pr_interval": "184 ms (lead II)"), plus one sentence of prose
disclaimer  a consumer chatbot answer: "I'm not a doctor", "this could suggest", "please consult",
            still quoting numbers
translated  machine-translated German / Spanish / French clinical style: "frequency 72/min", "PQ
            time", "QRS width", "steep type", "Lagetyp", "ST-elevation"
compare     comparison with a previous tracing: values of the OLD tracing are plain text (never
            marked); only statements about this tracing are claims
=========== ======================================================================================

Text outside the marks carries no claim on purpose: normal ranges, thresholds, paper speed and gain,
axis and morphology remarks that LUDB cannot check, the old tracing's values (``compare``), and JSON
keys or YAML fields that hold no measurement. JSON paragraphs hold literal braces, so their test
checks clean spans on a copy with the braces swapped for parentheses (same offsets). Paragraphs whose
``leak`` is set carry a phrase, written for this corpus, that points at data the writer was given.
"""
from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass
from pathlib import Path

from tests.gem_data.verify_truth import freeform
from tests.gem_data.verify_truth.corpus import LUDB_DIR, Claim, Paragraph
from tests.gem_data.verify_truth.freeform import Template, render

STYLES = ("ed_quick", "structured", "json", "disclaimer", "translated", "compare")


@dataclass(frozen=True)
class DiverseTemplate(Template):
    @property
    def pid(self) -> str:
        return f"dv{self.record}-{self.voice}{self.tag}"


def T(record: int, voice: str, text: str, leak: str | None = None) -> DiverseTemplate:
    if voice not in STYLES:
        raise ValueError(f"unknown style {voice!r}")
    return DiverseTemplate(record, voice, textwrap.dedent(text).strip("\n"), leak)


# ---------------------------------------------------------------- ed_quick

ED_QUICK = (
    T(1, "ed_quick", """
    ECG interpreted by me 06:12 - {age}F, presyncope at work, now asymptomatic.
    Rhythm: [[t:sinus_bradycardia true|sinus brady]], [[t:regular true|regular]]. [[hr true|Rate {v}]].
    Intervals: [[pr@II true|PR {v} in II]] / [[qrs far|QRS {v}]] / [[qt@V5 true|QT ~{v} in V5]] / [[qtc near|QTc {v}]]. [[t:first_degree_avb~ true|No AV block]].
    Axis: normal.
    ST/T: no STE, no reciprocal depression. [[amp:t_amp@V2|T in V2 upright ~4 mm]].
    Other: [[t:p_each true|P before every QRS]]; [[t:premature false|one PVC]] on the rhythm strip.
    Imp: [[t:sinus_bradycardia true|sinus bradycardia]], no STEMI equivalent. Orthostatics, trop x1, BMP, reassess.
    """),
    T(45, "ed_quick", """
    ED ECG read (19:40). {age}F from NH after unwitnessed fall. PPM in situ, model unknown.
    Rhythm: V-paced, [[t:premature true|with a couple of early non-paced beats]]. [[hr near|Rate {v}]].
    Intervals: [[qrs@V1 true|QRS {v} ms in V1]], [[qrs@aVL far|{v} in aVL]]; [[qt#2@V4 true|QT {v} on beat 2 in V4]], [[qtc true|QTc {v}]] (unreliable with pacing).
    [[t:wide_qrs true|Wide QRS]] as expected from RV pacing, [[t:bbb_duration true|LBBB-range width]].
    ST: appropriate discordance, Sgarbossa neg. [[amp:st_level@V3|STE V3 ~2 mm]], discordant, ratio < 0.25.
    [[t:tachycardia false|Brief paced tachycardia]] at the start of the strip, prob tracking.
    Imp: paced rhythm, no ischemia by Sgarbossa. Device interrogation, CT head (on apixaban).
    """),
    T(101, "ed_quick", """
    ECG: {age}M, palpitations since last night, no CP, no SOB.
    Rhythm - [[t:atrial_fibrillation true|AFib]], [[t:regular~ true|irregularly irregular]], [[t:p_each~ true|no discernible P waves]].
    Rate - [[hr true|~{v:bpm5}]], [[t:rapid_response~ true|not RVR]].
    Intervals - [[qrs@V1-V3 true|QRS {v} in V1-V3]], [[qrs@aVF far|{v} in aVF]]; [[qt#2@V5 true|QT of 2nd complex in V5 {v}]]; [[qtc near|QTc {v}]].
    Axis - normal. ST - no STE/STD. [[amp:t_amp@III|TWI III ~1 mm]], isolated.
    Imp: [[t:atrial_fibrillation true|AF]], new for him (nothing in the chart). [[t:slow_response false|Slow ventricular response]], so no rate control needed right now. CHA2DS2-VASc 0. D/w cards re: TEE/DCCV vs rate control.
    """),
    T(121, "ed_quick", """
    ED ECG read - {age}M, SOB x3 days, bibasal crackles, sats 91% RA.
    [[t:sinus_rhythm true|Sinus]] [[hr near|@ {v}]], [[t:regular true|regular]], [[t:p_each true|P before each QRS]].
    PR [[pr@inferior true|{v} (II/III/aVF)]] - [[t:first_degree_avb~ true|no 1st deg]].
    QRS [[qrs#3@II true|{v} ms on the 3rd beat in II]], borderline; [[qrs@V5 far|V5 QRS {v}]].
    QT [[qt@inferior true|{v}]], [[qtc#2@II true|QTc {v} on beat 2 of II]].
    ST/T: no STE. Poor R progression V1-V3, [[amp:r_amp@V3|R in V3 only 2 mm]].
    [[t:premature false|Frequent PACs]].
    Imp: [[t:sinus_rhythm true|sinus]] at the upper end of normal, no acute ischemia. BNP, CXR, bedside echo, furosemide 40 IV.
    """),
    T(165, "ed_quick", """
    ECG: {age}F, atypical chest pain, HEART score 3.
    Rate [[hr true|{v}]] | Rhythm [[t:sinus_rhythm true|NSR]] | Axis nl
    Intervals: [[pr@V1-V3 true|PR {v:s} (V1-3)]], [[p@II far|P {v}]], [[qrs true|QRS {v}]] [[t:narrow_qrs true|narrow]], [[qt@V4 near|QT {v} in V4]], [[qtc@septal true|QTc {v} V1/V2]].
    ST: [[amp:st_level@aVL|0.5 mm STD aVL]], nonspecific, no reciprocal pattern. No Wellens, no de Winter.
    [[t:atrial_fibrillation false|Paroxysm of AF]] at the end of the rhythm strip.
    Imp: [[t:sinus_rhythm true|NSR]], nonspecific ST change. Repeat ECG at 3h with the 2nd trop.
    """),
    T(181, "ed_quick", """
    ECG interpreted by me - {age}M, BP 212/118, headache, no focal deficit.
    Rate: [[hr true|RR about {v:rrbig}]], low-normal.
    Rhythm: [[t:sinus_rhythm true|sinus]], [[t:regular true|regular]].
    Intervals: [[pr#2@II true|PR {v} ms (beat 2, II)]], [[t:short_pr~ true|not short]]; [[qrs@precordial near|QRS {v} ms V1-V6]]; [[qt@I true|QT {v} in I]]; [[qtc far+|QTc {v}]] -> [[t:prolonged_qtc false|prolonged]].
    Voltage: [[amp:s_amp@V2|SV2 28 mm]] + [[amp:r_amp@V5|RV5 21 mm]], meets Sokolow.
    ST/T: lateral strain pattern, [[amp:t_amp@V6|TWI V6 ~2 mm]].
    Imp: [[t:sinus_rhythm true|sinus]], LVH with repol abnormality, no STEMI. Labetalol, CT head, UA.
    """),
    T(35, "ed_quick", """
    ECG #1 (arrival 02:14) - {age}F, palpitations + lightheaded, BP 98/60.
    Rate: [[hr true|{v}]], [[t:tachycardia true|tachy]]. Rhythm: [[t:atrial_flutter true|atrial flutter]], sawtooth in II/III/aVF, looks 2:1, so [[t:rapid_response true|RVR]]. [[t:sinus_rhythm~ true|Not sinus]].
    Intervals: [[qrs@V1 true|QRS {v} (V1)]], [[qrs@III near|{v} in III]]; [[qt#3@V4 near|QT {v} on the 3rd beat V4]]; [[qtc far|QTc {v}]].
    ST: rate-related [[amp:st_level@V5|STD ~1 mm V5]].
    [[t:premature false|Two PVCs]] on the strip.
    Imp: [[t:atrial_flutter true|typical flutter]] [[t:rapid_response true|w/ RVR]]. Dilt 10 IV, heparin, echo; cards for ablation discussion.
    """),
    T(7, "ed_quick", """
    ECG - {age}M, "skipped beats" x1 week, otherwise well, no syncope.
    [[t:sinus_rhythm true|SR]] [[hr true|{v}/min]] with [[t:premature true|occasional premature beats]], narrow, P visible, so atrial. [[t:p_each true|P wave before every QRS]].
    PR [[pr@V4 true|{v} ms in V4]], [[pr#2@aVF far|{v} on the 2nd aVF beat]] | QRS [[qrs@limb true|{v} limb leads]], [[t:narrow_qrs true|narrow]] | QT [[qt#4@V5 near|{v} (4th beat V5)]] | QTc [[qtc true|{v}]], [[t:prolonged_qtc~ true|normal]].
    No ST changes. [[amp:p_amp@II|P in II 1.5 mm]].
    Imp: [[t:premature true|PACs]], [[t:first_degree_avb false|1st degree AVB]]. Outpatient Holter, TSH, cut the caffeine.
    """),
    T(47, "ed_quick", """
    ECG, ED bay 12: {age}M, fatigue x2 wk, on metoprolol 100 bid.
    Rate [[hr true|{v}]] → [[t:sinus_bradycardia true|sinus brady]]. [[t:regular true|Regular]].
    PR [[pr@inferior true|{v:s} s inferiorly]], [[t:first_degree_avb~ true|no AV block]]. P [[p@V1-V3 near|{v} ms V1-V3]].
    QRS [[qrs#2@V2 true|{v} (2nd beat V2)]]. QT [[qt@V3 far|{v} in V3]]; QTc [[qtc true|{v}]], [[t:prolonged_qtc false|long]] for a man.
    ST: none. [[amp:q_amp@III|small Q III ~1 mm]].
    [[t:premature false|PVCs]] x2.
    Imp: [[t:bradycardia true|brady]] likely BB-related, hemodynamically fine. Halve the metoprolol, PCP f/u.
    """),
    T(79, "ed_quick", """
    {age}F - near-syncope in church. ECG, my read:
    Sinus, [[hr true|HR {v}]], [[t:regular true|reg]], [[t:p_each true|1:1]].
    [[pr@V6 near|PR {v} in V6]] ([[pr#3@V2 true|{v} on the 3rd beat in V2]]); [[qrs true|QRS {v}]]; [[qt@inferior true|QT {v} inferior leads]]; [[qtc#2@aVL far|QTc {v} for beat 2 aVL]].
    [[t:wide_qrs~ true|QRS not widened]], no delta wave.
    [[t:atrial_flutter false|Possible flutter waves in II]].
    ST: none. [[amp:t_amp@aVL|Flat T aVL <1 mm]].
    Imp: no high-risk features (no Brugada, no WPW, no HCM pattern). Orthostatics, tele obs overnight.
    """),
    T(139, "ed_quick", """
    ECG, resus 2, {age}F with DKA, K 5.9.
    Rate: [[hr true|{v}]]. Rhythm: [[t:sinus_rhythm true|sinus]], [[t:regular true|regular]].
    Intervals (taken off the measurement file you pasted): [[pr@septal true|PR {v} ms V1-V2]], [[p@precordial far|P {v} across V1-V6]], [[qrs@inferior true|QRS {v} ms inf]], [[qt@aVL near|QT {v} ms aVL]], [[qtc true|QTc {v} ms]]. [[t:wide_qrs~ true|No QRS widening]].
    T waves: [[amp:t_amp@V3|T in V3 8 mm]], tall but broad-based, not clearly peaked.
    [[t:bradycardia false|Bradycardic]] for DKA.
    Imp: no definite hyperK changes. Repeat ECG with next K, insulin infusion per protocol.
    """, leak="taken off the measurement file you pasted"),
)

# ---------------------------------------------------------------- structured

STRUCTURED = (
    T(13, "structured", """
    EXAMINATION: Resting 12-lead electrocardiogram.
    INDICATION: {age}-year-old {sex}, exertional dyspnoea.
    COMPARISON: None available.
    FINDINGS:
    Rhythm: [[t:sinus_rhythm true|sinus rhythm]], [[t:regular true|regular]], [[hr true|ventricular rate {v} bpm]].
    Atrioventricular conduction: [[pr@V1-V3 true|PR interval {v} ms in V1 through V3]]; [[pr@aVL far|{v} ms in aVL]]. [[p#2@II near|P-wave duration {v} ms on the second beat in II]].
    Intraventricular conduction: [[qrs true|QRS duration {v} ms]], RSR' in V1 and a broad S wave in I and V6. [[qrs@V1-V3 near|QRS {v} ms in V1-V3]].
    Repolarisation: [[qt@limb true|QT {v} ms in the limb leads]], [[qtc far|QTc {v} ms]]. Secondary T-wave inversion in V1-V2, [[amp:t_amp@V1|depth 2 mm]].
    IMPRESSION:
    1. [[t:wide_qrs true|Prolonged QRS]], [[t:bbb_duration true|complete right bundle branch block]].
    2. [[t:premature false|Frequent ventricular premature beats]].
    RECOMMENDATION: Transthoracic echocardiogram. No prior tracing for comparison.
    """),
    T(93, "structured", """
    STUDY: ECG, 12 lead, device clinic.
    HISTORY: {age}-year-old {sex}, VVI pacemaker for slow atrial fibrillation.
    FINDINGS:
    - Underlying rhythm: [[t:atrial_fibrillation true|atrial fibrillation]]; [[t:p_each~ true|no organised P waves]].
    - Ventricular pacing [[hr true|at {v} bpm]] with consistent capture.
    - [[qrs@V4-V6 true|QRS duration {v} ms in V4-V6]]; [[qrs#2@III far|{v} ms on the second complex in III]]. [[t:wide_qrs true|Broad paced complexes]].
    - [[qt#3@V5 true|QT {v} ms (V5, third beat)]]; [[qtc@V2 near|QTc {v} ms in V2]].
    - [[amp:st_level@V2|Discordant ST elevation of about 3 mm in V2]], appropriate for paced rhythm.
    IMPRESSION:
    1. AF with 100% ventricular pacing, [[hr far|paced rate {v} bpm]].
    2. [[t:rapid_response false|Intermittent rapid ventricular response]] between paced beats.
    3. [[t:sinus_rhythm false|Sinus P waves tracked]] in the last three beats.
    RECOMMENDATION: Device interrogation as scheduled.
    """),
    T(133, "structured", """
    ELECTROCARDIOGRAM REPORT
    INDICATION: Pre-operative assessment, {age}-year-old {sex}, elective hernia repair.
    TECHNIQUE: Standard 12 leads, 25 mm/s, 10 mm/mV.
    FINDINGS:
    Rate and rhythm: [[t:sinus_bradycardia true|sinus bradycardia]] [[hr true|at {v} beats per minute]], [[t:regular true|regular]].
    P waves: [[t:p_each true|present before every QRS complex]], [[p@V4-V6 far|duration {v} ms in V4-V6]].
    PR interval: [[pr@II true|{v} ms in lead II]].
    QRS: [[qrs#2@V4 true|{v} ms in the second complex of V4]], [[t:narrow_qrs true|narrow]]; [[qrs@inferior near|{v} ms in II, III and aVF]].
    QT/QTc: [[qt@V1-V3 true|QT {v} ms in V1 to V3]], [[qtc far|QTc {v} ms]].
    ST segments: isoelectric. [[amp:r_amp@aVL|R in aVL 9 mm]].
    IMPRESSION:
    1. [[t:sinus_bradycardia true|Sinus bradycardia]], otherwise normal ECG.
    2. [[t:first_degree_avb false|First-degree AV block]].
    RECOMMENDATION: No contraindication to anaesthesia from the ECG.
    """),
    T(57, "structured", """
    CLINICAL HISTORY: {age}-year-old {sex}, palpitations at night.
    COMPARISON: none.
    FINDINGS:
    Rhythm is [[t:sinus_rhythm true|sinus]] [[hr true|at {v} bpm]] and [[t:regular true|regular]], [[t:p_each true|with a P wave preceding each QRS]].
    [[pr@V1 far|PR interval {v} ms in V1]]. [[p#3@II true|P-wave duration {v} ms (third beat, lead II)]].
    [[qrs@V4-V6 true|QRS duration {v} ms across V4-V6]], [[t:narrow_qrs true|narrow]].
    [[qt@V1-V3 near|QT interval {v} ms over V1-V3]]; [[qtc@lateral true|QTc {v} ms in the lateral leads]].
    No pathological Q waves. [[amp:t_amp@V4|T-wave amplitude in V4 5 mm]].
    IMPRESSION:
    1. [[t:sinus_rhythm true|Normal sinus rhythm]].
    2. [[t:tachycardia false|Sinus tachycardia]] in the latter half of the strip.
    3. [[hr near+|Average rate {v} bpm]].
    RECOMMENDATION: 24-hour Holter if palpitations persist.
    """),
    T(149, "structured", """
    INDICATION: Pre-participation screening, {age}-year-old {sex}, competitive rower.
    FINDINGS:
    RATE: [[hr true|{v} bpm]].
    RHYTHM: [[t:sinus_rhythm true|Sinus rhythm]], [[t:regular true|regular]].
    INTERVALS: [[pr@II true|PR {v} ms (lead II)]]; [[p@II near|P {v} ms in II]]; [[qrs@precordial true|QRS {v} ms in the precordial leads]]; [[qt#4@I true|QT {v} ms, beat 4 of lead I]]; [[qtc far|QTc {v} ms]].
    AXIS: +70 degrees.
    VOLTAGE: [[amp:r_amp@V5|R wave in V5 32 mm]], isolated voltage criterion, common in athletes.
    REPOLARISATION: early repolarisation in V3-V4, no T-wave inversion beyond V2.
    IMPRESSION:
    1. [[t:sinus_bradycardia false|Sinus bradycardia]], physiological.
    2. [[t:wide_qrs false|Incomplete RBBB with QRS widening]].
    3. [[t:prolonged_qtc~ true|No QT prolongation]].
    RECOMMENDATION: Cleared for competition under the international athlete criteria.
    """),
    T(197, "structured", """
    REPORT: 12-LEAD ECG
    INDICATION: {age}-year-old {sex}, anxiety, "racing heart".
    FINDINGS:
    - RHYTHM: [[t:sinus_rhythm true|sinus]] with [[t:regular~ true|phasic variation of the RR intervals]] (sinus arrhythmia).
    - RATE: [[hr true|mean {v} bpm]].
    - P WAVE: [[p@V1-V3 true|{v} ms in V1-V3]].
    - PR: [[pr@inferior near|{v:s} s in the inferior leads]], [[pr#2@V4 true|{v} ms in beat 2 of V4]].
    - QRS: [[qrs@limb true|{v} ms in the limb leads]]; [[qrs#3@V6 far|the third complex in V6 is {v} ms]].
    - QT/QTc: [[qt@V6 true|{v} ms in V6]], [[qtc near|QTc {v} ms]].
    - ST-T: normal. [[amp:p_amp@II|P amplitude in II 1.5 mm]].
    IMPRESSION:
    1. [[t:sinus_rhythm true|Sinus arrhythmia]], a normal finding at this age.
    2. [[t:premature false|Isolated atrial premature complexes]].
    3. [[t:bradycardia false|Relative bradycardia]].
    RECOMMENDATION: None.
    """),
    T(23, "structured", """
    EXAMINATION: ECG.
    CLINICAL INFORMATION: {age}-year-old {sex}, syncope while driving.
    FINDINGS:
    Rhythm: [[t:sinus_rhythm true|sinus rhythm]], [[t:regular true|regular]], [[hr true|rate {v:rrange} bpm]].
    PR: [[pr@precordial true|{v} ms across the precordial leads]]; [[pr#4@aVL near|{v} ms on the fourth beat in aVL]].
    P: [[p@inferior far|{v} ms in leads II, III and aVF]].
    QRS: [[qrs@V4-V6 true|{v} ms in V4-V6]], [[t:wide_qrs true|broad]], left bundle branch block morphology (broad notched R in I, aVL, V6; QS in V1).
    QT: [[qt@aVF true|{v} ms in aVF]]; [[qtc#2@V1 near|QTc {v} ms in the second beat of V1]].
    Axis: left, about -45 degrees.
    [[amp:st_level@V2|ST elevation in V2 2.5 mm]], discordant, within the expected range for LBBB.
    IMPRESSION:
    1. [[t:sinus_rhythm true|Sinus rhythm]], [[t:bbb_duration true|LBBB]].
    2. [[t:premature false|Ventricular ectopy]].
    RECOMMENDATION: Admit for monitoring; conduction disease with syncope needs an EP opinion.
    """),
    T(51, "structured", """
    EXAM: Electrocardiogram, 12 lead.
    HISTORY: {age}-year-old {sex}, heart failure clinic review.
    FINDINGS:
    1. Rhythm: [[t:atrial_fibrillation true|atrial fibrillation]], [[t:regular~ true|irregular RR intervals]].
    2. Ventricular rate: [[hr true|{v} bpm]]; [[t:rapid_response~ true|no rapid ventricular response]].
    3. QRS: [[qrs@V1-V3 true|{v} ms in V1-V3]], [[qrs#3@aVR far|{v} ms in the third complex of aVR]]; [[t:bbb_duration true|width in the bundle branch block range]].
    4. QT: [[qt@II near|{v} ms in lead II]]; [[qtc@limb true|QTc {v} ms in the limb leads]].
    5. ST/T: secondary repolarisation changes. [[amp:t_amp@V6|T-wave inversion in V6 of 3 mm]].
    IMPRESSION:
    1. [[t:atrial_fibrillation true|AF]] [[t:rapid_response~ true|with controlled rate]] and left bundle branch block.
    2. [[t:p_each false|Visible P waves before each QRS]], suggesting intermittent sinus rhythm.
    3. [[t:narrow_qrs false|Narrow complexes]] in the limb leads.
    RECOMMENDATION: Review anticoagulation; consider CRT given the QRS duration.
    """),
    T(111, "structured", """
    ECG REPORT
    INDICATION: {age}-year-old {sex}, day 2 after dual-chamber pacemaker for complete heart block.
    FINDINGS:
    RHYTHM: paced, [[t:regular true|regular]].
    RATE: [[hr true|{v} bpm]] (programmed lower rate).
    QRS: [[qrs@inferior true|{v} ms in II, III and aVF]]; [[qrs@V2 far|{v} ms in V2]].
    QT: [[qt@V4 true|{v} ms in V4]]; [[qt#2@II near|{v} ms for the second complex of lead II]].
    QTc: [[qtc@V1-V3 true|{v} ms in V1-V3]], interpret with caution in paced rhythm.
    OTHER: [[amp:qrs_amp@V3|paced QRS amplitude 1.6 mV in V3]].
    IMPRESSION:
    1. Appropriate ventricular pacing.
    2. [[t:premature false|Frequent native ventricular ectopics]] with capture failure after each.
    3. [[t:tachycardia false|Pacemaker-mediated tachycardia]].
    RECOMMENDATION: Device check before discharge.
    """),
    T(155, "structured", """
    INDICATION: {age}-year-old {sex}, starting hydroxychloroquine, baseline ECG requested.
    FINDINGS:
    Rhythm: [[t:sinus_rhythm true|sinus]], [[t:regular true|regular]], [[t:p_each true|every QRS preceded by a P wave]].
    Rate: [[hr near|{v} bpm]].
    Intervals (per the values listed in the request form): [[pr true|PR {v} ms]], [[p@II true|P {v} ms in lead II]], [[qrs@V1-V3 far|QRS {v} ms in V1-V3]], [[qt#3@aVF true|QT {v} ms on beat 3 of aVF]], [[qtc true|QTc {v} ms]].
    Axis: normal.
    Repolarisation: normal. [[amp:st_level@V2|J-point elevation of 1 mm in V2]], normal variant.
    IMPRESSION:
    1. Normal ECG.
    2. [[t:prolonged_qtc false|Borderline prolonged QTc]].
    3. [[t:first_degree_avb false|First-degree AV block]].
    RECOMMENDATION: Repeat ECG after 4 weeks of treatment; stop the drug if the QTc exceeds 500 ms.
    """, leak="per the values listed in the request form"),
    T(187, "structured", """
    CLINICAL DETAILS: {age}-year-old {sex}, chest wall pain after a fall from a horse.
    FINDINGS:
    RHYTHM: [[t:sinus_rhythm true|Sinus]]. [[t:p_each true|Each QRS is preceded by a P wave]].
    RATE: [[hr true|{v} bpm]].
    PR: [[pr@V4-V6 true|{v} ms in V4 to V6]], [[pr@III far|{v} ms in III]].
    QRS: [[qrs#2@aVL true|{v} ms (aVL, second beat)]], [[t:narrow_qrs true|narrow]].
    QT: [[qt@anterior near|{v} ms in V3-V4]]; QTc: [[qtc@lateral true|{v} ms laterally]].
    ST/T: no evidence of contusion or ischaemia. [[amp:r_amp@V2|R in V2 6 mm]].
    IMPRESSION:
    1. [[t:sinus_rhythm true|Normal sinus rhythm]].
    2. [[t:atrial_fibrillation false|Brief atrial fibrillation]] at the end of the recording.
    3. [[t:wide_qrs false|Wide QRS]] in the precordial leads.
    RECOMMENDATION: Troponin, then discharge if negative.
    """),
)

# ---------------------------------------------------------------- json

JSON = (
    T(5, "json", """
    Here is the interpretation in the JSON format you requested:
    ```json
    {
      "patient": {"age": {age}, "sex": "{sex}"},
      "rhythm": "[[t:sinus_rhythm true|sinus rhythm]]",
      [[hr true|"heart_rate": "{v} bpm"]],
      [[t:regular true|"regular": true]],
      [[t:p_each true|"p_wave_before_each_qrs": true]],
      "intervals": {
        [[pr#3@II true|"pr_interval": "{v} ms (lead II, beat 3)"]],
        [[p@V1-V3 near|"p_duration": "{v} ms (V1-V3)"]],
        [[qrs@inferior far|"qrs_duration": "{v} ms (II, III, aVF)"]],
        [[qt@V6 true|"qt": "{v} ms (V6)"]],
        [[qtc far|"qtc_bazett": "{v} ms"]]
      },
      [[t:first_degree_avb~ true|"first_degree_av_block": false]],
      [[t:premature false|"premature_beats": "occasional PVCs"]],
      [[amp:r_amp@V5|"r_amplitude_v5": "1.4 mV"]],
      "axis": "normal (+45 degrees)"
    }
    ```
    """),
    T(109, "json", """
    ```yaml
    ecg_interpretation:
      patient: {age}-year-old {sex}
      rhythm: [[t:atrial_fibrillation true|atrial fibrillation]]
      [[t:regular~ true|rr_regularity: irregularly irregular]]
      [[t:p_each~ true|p_waves: absent, fibrillatory baseline]]
      [[hr true|ventricular_rate: "{v} bpm"]]
      [[t:slow_response false|ventricular_response: slow]]
      intervals:
        [[qrs@limb true|qrs: "{v} ms (limb leads)"]]
        [[qrs#2@V2 near|qrs_single_beat: "{v} ms (V2, beat 2)"]]
        [[qt@V5 true|qt: "{v} ms (V5)"]]
        [[qtc far+|qtc: "{v} ms"]]
      [[t:prolonged_qtc false|qtc_prolonged: true]]
      st_t: "[[amp:st_level@V5|0.5 mm ST depression V5]], likely rate-related or digoxin effect"
    ```
    Summary: [[t:atrial_fibrillation true|atrial fibrillation]] without signs of acute ischaemia; rate control and anticoagulation should be reviewed.
    """),
    T(169, "json", """
    Output (JSON, as requested):
    {
      "age": {age},
      "rhythm": "[[t:sinus_bradycardia true|sinus bradycardia]]",
      [[hr true|"rate_bpm": {v}]],
      [[t:bradycardia true|"bradycardia": true]],
      [[pr@inferior true|"pr_ms_inferior": {v}]],
      [[pr#2@aVL far|"pr_ms_single_beat": "{v} (aVL, beat 2)"]],
      [[qrs@V2 true|"qrs_ms_lead": "{v} (V2)"]],
      [[qt near|"qt_ms": {v}]],
      [[qtc@inferior true|"qtc_ms_inferior": {v}]],
      [[t:short_pr false|"short_pr": true]],
      [[t:atrial_fibrillation false|"atrial_fibrillation": "paroxysmal, last 3 beats"]],
      [[amp:t_amp@V2|"t_wave_v2": "inverted, -1 mm"]],
      "axis": "normal",
      "st_segments": "isoelectric in all leads",
      "comment": "[[t:sinus_bradycardia true|slow sinus rhythm]], likely physiological in a fit adult; no pauses seen"
    }
    The values above were transcribed from the tracing, so please double-check them before clinical use.
    """),
    T(37, "json", """
    Sure! Below is the ECG summary as YAML:
    ```yaml
    summary:
      rhythm: [[t:sinus_rhythm true|normal sinus rhythm]]
      [[t:regular true|regular: yes]]
      [[hr near|rate: "{v} bpm"]]
    measurements:
      [[pr@precordial true|pr: "{v:s} s (precordial leads)"]]
      [[p#2@V4 true|p_wave: "{v} ms (V4, beat 2)"]]
      [[qrs@V5 far|qrs: "{v} ms (V5)"]]
      [[qt#3@aVF true|qt: "{v} ms (aVF, third beat)"]]
      [[qtc near|qtc: "{v} ms"]]
    flags:
      [[t:first_degree_avb false|first_degree_av_block: true]]
      [[t:premature~ true|ectopy: none]]
      [[t:tachycardia false|tachycardia: true]]
      [[amp:st_level@V3|st_elevation_v3: "1 mm, concave"]]
    ```
    Overall this looks like a normal tracing with an early-repolarisation pattern in V3.
    """),
    T(117, "json", """
    {
      "task": "12-lead ECG interpretation",
      "subject": "{age}-year-old {sex}",
      "findings": {
        "rhythm": "[[t:sinus_rhythm true|sinus]]",
        [[hr true|"rate": "{v} bpm"]],
        [[hr far|"rr_interval": "{v:rr} ms"]],
        [[t:p_each true|"p_before_every_qrs": true]],
        [[pr#1@II true|"pr": "{v} ms (II, beat 1)"]],
        [[p@aVF near|"p": "{v} ms (aVF)"]],
        [[qrs#2@V4 true|"qrs": "{v} ms (V4, complex 2)"]],
        [[t:narrow_qrs true|"qrs_morphology": "narrow"]],
        [[qt@lateral far|"qt": "{v} ms (I, aVL, V5, V6)"]],
        [[qtc#3@V2 true|"qtc": "{v} ms (V2, beat 3)"]]
      },
      [[t:bradycardia false|"bradycardia": true]],
      [[amp:t_amp@V3|"t_wave_v3": "5 mm, upright"]],
      "st_changes": "none"
    }
    Interpretation: [[t:sinus_rhythm true|sinus rhythm]] at a brisk rate in a young adult, no conduction abnormality.
    """),
    T(161, "json", """
    Using the per-lead numbers in the uploaded annotation table, here is the YAML report:
    ```yaml
    rhythm:
      type: [[t:sinus_rhythm true|sinus]]
      [[t:p_each true|p_each_qrs: true]]
      [[hr true|rate_bpm: {v}]]
    intervals_ms:
      [[pr@inferior true|pr_inferior: {v}]]
      [[pr#2@V3 near|pr_single_beat: "{v} (V3, beat 2)"]]
      [[p@limb true|p_limb: {v}]]
      [[qrs@V1 far|qrs_septal: "{v} (V1)"]]
      [[qt#4@III true|qt_single_beat: "{v} (lead III, beat 4)"]]
      [[qtc near|qtc: {v}]]
    abnormalities:
      [[t:wide_qrs false|- wide QRS]]
      [[t:premature false|- atrial premature beats]]
      [[amp:q_amp@III|- "Q wave III 2 mm"]]
    axis: normal
    notes: "early repolarisation in V2-V4, a common variant in young men; no pre-excitation"
    ```
    """, leak="Using the per-lead numbers in the uploaded annotation table"),
    T(103, "json", """
    ```json
    {
      "rhythm": "[[t:atrial_flutter true|atrial flutter]]",
      "conduction": "variable AV conduction",
      [[t:sinus_rhythm~ true|"sinus": false]],
      [[hr true|"ventricular_rate_bpm": "{v}"]],
      [[t:slow_response false|"slow_ventricular_response": true]],
      "qrs": {
        [[qrs@V1-V3 true|"V1-V3": "{v} ms"]],
        [[qrs#2@V5 far|"V5 (beat 2)": "{v} ms"]],
        [[t:narrow_qrs true|"type": "narrow"]]
      },
      [[qt#3@V4 near|"qt_single_beat": "{v} ms (V4, beat 3)"]],
      [[qtc@V3 near|"qtc_lead": "{v} ms (V3)"]],
      [[amp:r_amp@aVL|"r_avl": "0.5 mV"]],
      "flutter_waves": "sawtooth pattern in II, III and aVF",
      "st_t": "no acute changes"
    }
    ```
    The flutter waves are best seen in the inferior leads; anticoagulation should be considered as for atrial fibrillation.
    """),
    T(3, "json", """
    The requested structured output follows.
    ```yaml
    - parameter: rhythm
      value: [[t:sinus_rhythm true|sinus rhythm]]
    - parameter: rate
      [[hr true|value: "{v} bpm"]]
    - parameter: pr_interval
      [[pr@V4-V6 true|value: "{v} ms in V4-V6"]]
    - parameter: p_wave
      [[p@V1 far|value: "{v} ms in V1"]]
    - parameter: qrs_duration
      [[qrs#2@aVF true|value: "{v} ms (aVF, second beat)"]]
    - parameter: qrs_duration_lateral
      [[qrs@lateral near|value: "{v} ms"]]
    - parameter: qt_qtc
      [[qt@inferior true|value: "QT {v} ms inferior"]]
    - parameter: regularity
      [[t:regular true|value: regular]]
    - parameter: ectopy
      [[t:premature false|value: "frequent PACs"]]
    - parameter: rate_category
      [[t:bradycardia false|value: bradycardia]]
    - parameter: r_wave_v5
      [[amp:r_amp@V5|value: "2.1 mV"]]
    ```
    """),
    T(59, "json", """
    Based on the measurement JSON you attached, the interpretation is:
    {
      "heart_rate": "[[hr true|{v} bpm]]",
      "rhythm": "[[t:sinus_bradycardia true|sinus bradycardia]]",
      [[t:p_each true|"p_waves": "present before every QRS"]],
      [[pr@V4-V6 true|"pr_interval": "{v} ms (V4-V6)"]],
      [[pr#2@III far|"pr_interval_single_beat": "{v} ms (III, beat 2)"]],
      [[p@inferior true|"p_duration": "{v} ms (II, III, aVF)"]],
      [[qrs@V4 near|"qrs_duration": "{v} ms (V4)"]],
      [[qt#3@V1 true|"qt": "{v} ms (V1, beat 3)"]],
      [[qtc far+|"qtc": "{v} ms"]],
      [[t:prolonged_qtc false|"qtc_flag": "prolonged"]],
      "axis": "+60",
      [[amp:s_amp@V1|"s_v1": "12 mm"]],
      "conclusion": "[[t:sinus_bradycardia true|sinus bradycardia]] with otherwise normal conduction; no ischaemic changes"
    }
    """, leak="Based on the measurement JSON you attached"),
    T(91, "json", """
    ```yaml
    # ECG report (auto-generated)
    demographics: {age} y, {sex}
    rhythm: [[t:sinus_rhythm true|sinus]]
    [[t:p_each true|p_before_qrs: every beat]]
    [[hr near|heart_rate: "{v} bpm"]]
    [[hr true|rr_interval: "{v:rrs} s"]]
    intervals:
      [[pr#2@II true|pr: "{v} ms (II, beat 2)"]]
      [[p@III far|p: "{v} ms (III)"]]
      [[qrs@limb true|qrs: "{v} ms (limb leads)"]]
      [[qt#3@V4 true|qt: "{v} ms (V4, beat 3)"]]
      [[qtc far|qtc: "{v} ms"]]
    conduction: [[t:first_degree_avb false|first-degree AV block]]
    qrs_width: [[t:narrow_qrs true|narrow]]
    voltage: [[amp:qrs_amp@V2|"QRS amplitude V2 25 mm"]]
    ```
    One note in plain words: [[t:sinus_rhythm true|the rhythm is sinus]] with some beat-to-beat variation, which is usually benign.
    """),
    T(171, "json", """
    Here's the machine-readable version of the interpretation:
    {
      "rhythm": "[[t:sinus_rhythm true|normal sinus rhythm]]",
      [[t:regular true|"regularity": "regular"]],
      [[hr true|"rate": "{v} bpm"]],
      [[pr@lateral far|"pr": "{v} ms (I, aVL, V5, V6)"]],
      [[p#2@aVF near|"p_duration": "{v} ms (aVF, beat 2)"]],
      [[qrs@inferior true|"qrs": "{v} ms (inferior leads)"]],
      [[qt@V2 far|"qt": "{v} ms (V2)"]],
      [[qtc true|"qtc": "{v} ms"]],
      [[t:wide_qrs~ true|"bundle_branch_block": "none, QRS not wide"]],
      [[t:tachycardia false|"sinus_tachycardia": true]],
      [[amp:r_amp@V4|"r_v4": "18 mm"]],
      "axis": "normal",
      "st_t": "no ST elevation or depression; T waves upright in I, II and V3-V6",
      "impression": "normal ECG"
    }
    """),
)

# ---------------------------------------------------------------- disclaimer

DISCLAIMER = (
    T(17, "disclaimer", """
    I'm not a doctor, and an AI can't replace a proper medical review, but I can walk you through what the numbers on your ECG usually mean.

    - **Heart rate:** [[hr true|about {v} beats per minute]], which is inside the typical resting range of 60 to 100.
    - **Rhythm:** [[t:sinus_rhythm true|it appears to be a normal "sinus" rhythm]], meaning each beat starts in the heart's natural pacemaker, and [[t:regular true|the beats look evenly spaced]].
    - **PR interval:** [[pr@inferior true|around {v} milliseconds in the lower leads (II, III and aVF)]]. The usual upper limit is 200 ms, so it is worth mentioning to your doctor.
    - **QRS:** [[qrs@V1-V3 far|the main spike measures roughly {v} ms in V1 to V3]].
    - **QT/QTc:** [[qt#2@V3 true|the QT on the second beat in V3 is {v} ms]] and [[qtc near+|the corrected QT (QTc) is about {v} ms]]. [[t:prolonged_qtc false|That could suggest a prolonged QT]], which some medicines can cause.
    - [[t:premature false|There also seem to be a few extra (premature) beats]].
    - [[amp:t_amp@V4|The T wave in V4 is about 0.4 mV]], which looks ordinary.

    Please don't change any medication based on this. If you have chest pain, fainting or shortness of breath, seek emergency care right away; otherwise, share the tracing with your GP or cardiologist.
    """),
    T(129, "disclaimer", """
    Thanks for sharing your father's ECG. I want to be clear that I'm not a medical professional and this is not a diagnosis, only general information to help you talk with his care team.

    From what I can see, [[t:atrial_fibrillation true|this could suggest atrial fibrillation]], a common rhythm problem in older adults. [[t:regular~ true|The beats appear irregularly spaced]] and [[t:p_each~ true|I can't identify clear P waves]] (the small bumps that normally come before each beat). [[hr true|The average rate is around {v:bpm5} beats per minute]], so [[t:rapid_response~ true|the heart doesn't seem to be racing]], although [[t:tachycardia false|the reading may point to a fast heart rate (tachycardia)]] at times.

    A few measurements: [[qrs@V4 true|the QRS duration in V4 is {v} milliseconds]], [[t:narrow_qrs true|which is narrow]], but [[qrs#3@V2 far|the third beat in V2 measures {v} ms]]. [[qt@inferior near|The QT interval in the inferior leads is roughly {v} ms]], and [[qtc@precordial true|the corrected QT across the chest leads is about {v} ms]]. [[amp:r_amp@aVL|The R wave in aVL is about 7 mm]].

    This kind of rhythm can raise the risk of stroke, so please make sure his doctor sees this tracing soon. If he has chest pain, fainting, or sudden weakness, call emergency services.
    """),
    T(189, "disclaimer", """
    Great question! I'm not a doctor, so please treat this as general information rather than medical advice.

    Your ECG shows [[hr true|a heart rate of {v} beats per minute]], and [[t:sinus_bradycardia true|this could suggest what doctors call sinus bradycardia]], a slower-than-average rhythm that is very common in teenagers and athletes. [[hr far|The gap between beats is about {v:rrs} seconds]]. [[t:p_each true|Each beat seems to start with a normal P wave]].

    Some of the timings:
    - [[pr@II true|PR interval around {v:s} seconds in lead II]] (normal is 0.12-0.20 s), [[t:first_degree_avb~ true|so no sign of heart block]]
    - [[p@inferior near|P wave about {v} ms in the lower leads]]
    - [[qrs#2@I true|QRS on the second beat in lead I: {v:box}]]
    - [[qt@precordial far|QT about {v} ms in the chest leads]]
    - [[qtc true|QTc roughly {v} ms]]

    [[t:premature false|I also noticed one or two skipped or extra beats]]. [[amp:r_amp@V4|The tall spike in V4 (about 2.5 mV)]] is often seen in young, fit people.

    This can't replace an evaluation by your school doctor or a cardiologist. If you ever faint during sport or feel chest pain, please get checked right away.
    """),
    T(69, "disclaimer", """
    I'm an AI assistant, not a clinician, so I can only offer general context. Please review the results with the doctor who ordered the test.

    Here is what stands out: [[t:sinus_rhythm true|the rhythm looks like normal sinus rhythm]] [[hr near|at roughly {v} beats a minute]], and [[t:regular true|it is regular]]. [[pr@inferior true|The PR interval is about {v:s} seconds in leads II, III and aVF]], while [[pr#3@V4 far|the third beat in V4 shows {v} ms]]. [[qrs@V1-V3 true|The QRS lasts around {v} ms in V1-V3]], [[t:narrow_qrs true|which is narrow]]. [[qt#2@II true|The QT on beat 2 of lead II is {v} ms]] and [[qtc@septal near|the QTc in V1-V2 might be around {v} ms]].

    [[t:short_pr false|The PR interval looks slightly short]], which can sometimes be associated with extra electrical pathways, and [[t:wide_qrs false|there may be a widened QRS]] in a few leads. [[amp:st_level@V5|There is a slight ST dip of about 0.5 mm in V5]], which can have many harmless causes.

    None of this is a diagnosis. If you notice palpitations, dizziness or chest discomfort, please seek medical care promptly.
    """),
    T(85, "disclaimer", """
    Disclaimer first: I'm not a doctor and can't diagnose anything, but I'm happy to explain the terms.

    From the measurement summary you copied in, [[hr true|the time between beats is about {v:rr} ms]], which works out to a normal resting rate. [[t:sinus_rhythm true|The rhythm appears to be sinus]], and [[t:p_each true|each QRS seems to be preceded by a P wave]].

    - [[pr@V1-V3 true|PR interval: about {v} ms in V1 to V3]]
    - [[p@limb far|P wave duration: around {v} ms in the limb leads]]
    - [[qrs@I true|QRS: roughly {v:box} in lead I]]
    - [[qt@V4-V6 near|QT: about {v} ms in V4-V6]]
    - [[qtc true|QTc: {v} ms]], [[t:prolonged_qtc~ true|not prolonged]]

    [[t:first_degree_avb false|This could suggest a mild first-degree heart block]], and [[t:premature false|there might be an occasional early beat]]. [[amp:t_amp@III|The T wave in III is flat, under 1 mm]], which is often a normal variant.

    Please consult your healthcare provider before drawing any conclusions, and seek urgent help if you develop chest pain or fainting.
    """, leak="From the measurement summary you copied in"),
    T(153, "disclaimer", """
    Please keep in mind that I'm not a medical professional and this is for educational purposes only.

    Looking at the tracing, [[t:sinus_rhythm true|the rhythm appears to be sinus]], [[t:regular true|regular]], [[hr true|at around {v} beats per minute]]. For a fit {age}-year-old, a rate in this range is very common.

    The measurements I can read:
    1. [[pr@precordial true|PR interval about {v} ms across the chest leads]].
    2. [[p#2@II true|P wave on the second beat of lead II: {v} ms]].
    3. [[qrs@inferior far|QRS around {v} ms in the inferior leads]].
    4. [[qt#4@V2 true|QT on the fourth beat in V2: {v} ms]].
    5. [[qtc@lateral near|QTc in the {v:range} ms range in the lateral leads]].

    [[t:narrow_qrs true|The QRS complexes look narrow]]. However, [[t:tachycardia false|there might be a fast heart rate]] during part of the recording, and [[t:atrial_flutter false|a few waves in lead II could suggest atrial flutter]]. [[amp:st_level@V2|The ST segment in V2 is raised by about 1.5 mm]], which in young men is often early repolarisation.

    I strongly recommend discussing this with a doctor, who can compare it with your symptoms and history.
    """),
    T(83, "disclaimer", """
    I'm not able to give medical advice, but here's a plain-language overview. Please go over it with your cardiologist.

    [[t:atrial_fibrillation true|The rhythm looks like atrial fibrillation]]: [[t:regular~ true|the spacing between beats is irregular]] and [[t:p_each~ true|there are no clear P waves]]. [[hr true|The average heart rate is about {v} beats per minute]]. [[t:premature true|One beat looks early and shaped differently]], which could be an extra beat from the lower chambers.

    [[t:wide_qrs true|The QRS complexes are wide]], [[t:bbb_duration true|in the range seen with a bundle branch block]]: [[qrs@V1-V3 true|about {v} ms in V1-V3]] and [[qrs#2@V4 near|{v} ms on the second beat in V4]]. [[qt#3@aVL near|The QT on the third beat in aVL is about {v} ms]], and [[qtc@limb far|the corrected QT in the limb leads might be about {v} ms]].

    [[t:rapid_response false|This could suggest a fast ventricular response]], which sometimes needs medication adjustment. [[amp:t_amp@V5|The T wave in V5 is inverted by about 2 mm]], which often goes along with bundle branch block.

    Please don't stop or start any medicines on your own. If you feel faint, breathless or have chest pain, seek emergency care.
    """),
    T(27, "disclaimer", """
    I'm not a doctor, so I can't interpret this definitively, but here's what the report seems to say.

    [[t:sinus_rhythm true|Your heart rhythm looks like sinus rhythm]], the normal pattern, [[hr true|at about {v} beats per minute]]. [[t:regular true|The beats are evenly spaced]] and [[t:p_each true|each one has a P wave before it]].

    The intervals:
    - [[pr#2@I true|PR on the second beat in lead I: {v} ms]]; [[pr@inferior near|PR in the inferior leads about {v} ms]]
    - [[p@lateral true|P wave roughly {v} ms in the lateral leads]]
    - [[qrs@limb far|QRS about {v} ms in the limb leads]]
    - [[qt true|QT about {v} ms]], [[qtc near|QTc around {v} ms]], [[t:prolonged_qtc~ true|so the QT does not look prolonged]]

    [[t:wide_qrs false|The QRS might be slightly widened]], which can sometimes mean a conduction delay. [[amp:q_amp@aVF|There is a small Q wave in aVF of about 1 mm]], which is frequently normal.

    Heart rate and conduction can be affected by medications such as beta-blockers. Please consult your healthcare provider, especially if you feel dizzy or tired.
    """),
    T(43, "disclaimer", """
    Just so you know, I'm not a healthcare professional, and ECGs need to be interpreted together with symptoms and history. With that caveat:

    [[t:sinus_rhythm true|The rhythm seems to be sinus]], [[hr true|with a rate between {v:rrange} beats per minute]]. [[pr@V5 true|The PR interval is {v} milliseconds in V5]] and [[pr#2@aVR true|{v} ms on the second beat in aVR]]; the usual upper limit is 200 ms, so your doctor may want to look at that. [[p@inferior far|The P wave lasts about {v} ms in II, III and aVF]]. [[qrs#3@I true|The QRS on the third beat in lead I is {v} ms]]. [[qt@V4-V6 near|QT in V4-V6 about {v} ms]], [[qtc true|QTc about {v} ms]], [[t:prolonged_qtc~ true|which isn't prolonged]].

    [[t:short_pr false|The PR interval might be short]], and [[t:atrial_fibrillation false|there may be a brief stretch of atrial fibrillation]] toward the end. [[amp:p_amp@II|The P wave in lead II is about 2 mm tall]].

    Please share this with your doctor; seek urgent care for fainting, chest pain or a racing heart.
    """),
    T(63, "disclaimer", """
    I'm not a doctor, but I can help you understand the terms. Please confirm everything with a healthcare provider.

    [[t:sinus_rhythm true|Your rhythm appears to be sinus]], and [[t:regular~ true|the spacing between beats varies a little with breathing]] (sinus arrhythmia), which is usually harmless in young people. [[hr true|The average heart rate is about {v} beats per minute]].

    Measurements:
    - [[pr@V4-V6 true|PR interval about {v:big} in V4 through V6]]; [[pr#2@V2 far|{v} ms on beat 2 in V2]]
    - [[p@V2 true|P wave around {v} ms in V2]]
    - [[qrs#4@II true|QRS on the fourth beat in lead II: {v:boxn} small squares]], [[t:narrow_qrs true|narrow]]
    - [[qt@lateral near|QT between {v:rangeto} ms in the lateral leads]]
    - [[qtc@inferior true|QTc roughly {v} ms in the inferior leads]]

    [[t:premature false|There could be a couple of premature beats]], and [[t:bradycardia false|the rate might be on the slow side (bradycardia)]]. [[amp:t_amp@V2|The T wave in V2 is about 3 mm]].

    This information is not a substitute for professional medical advice. If you have palpitations with dizziness or fainting, please see a doctor promptly.
    """),
    T(199, "disclaimer", """
    Important: I'm an AI, not a physician, and this isn't medical advice. That said, here's a general explanation.

    [[t:sinus_rhythm true|The rhythm appears to be normal sinus rhythm]], [[hr true|with about {v:rrs} seconds between beats]], and [[t:p_each true|every beat seems to have a P wave in front of it]]. [[pr@inferior true|The PR interval is somewhere in the {v:rangeto} ms range in leads II, III and aVF]], and [[pr#3@V5 near|on the third beat in V5 it is about {v} ms]]. [[p@precordial true|The P wave lasts about {v} ms in the chest leads]]. [[qrs@V1-V3 far|The QRS measures about {v} ms in V1-V3]]. [[qt#2@aVF true|The QT on the second beat of aVF is {v} ms]], and [[qtc near|the QTc is approximately {v} ms]].

    [[t:first_degree_avb~ true|There's no sign of first-degree heart block]]. [[t:wide_qrs false|The QRS may be widened]], which could suggest a conduction delay. [[amp:r_amp@V3|The R wave in V3 is about 8 mm]].

    Please consult your doctor or a cardiologist for a proper interpretation, and seek emergency care if you experience chest pain, severe shortness of breath or fainting.
    """),
)

# ---------------------------------------------------------------- translated

TRANSLATED = (
    T(125, "translated", """
    Findings (translated from German): [[t:sinus_rhythm true|Sinus rhythm]] with [[t:premature true|isolated ventricular extrasystoles (VES)]], [[hr near|frequency {v}/min]]. Position type: left type (Lagetyp). [[pr@inferior true|PQ time {v:s} s in II, III, aVF]]; [[pr#2@V2 true|PQ time of the 2nd action in V2 {v} ms]]. [[p@V4-V6 far|P width {v} ms in V4-V6]]. [[qrs@V1-V3 true|QRS width {v} ms in V1-V3]], [[qrs@limb near|in the extremity leads {v} ms]]. [[qt@V4-V6 true|QT time {v} ms in V4-V6]], [[qtc far|QTc {v} ms]]. Excitation regression: [[amp:st_level@V5|descending ST-depression 1 mm in V5]], with the VES discordant.
    Assessment: [[t:sinus_rhythm true|Sinus rhythm]] [[t:premature true|with VES]], left type, incomplete left bundle branch block by configuration. [[t:tachycardia false|Tachycardic heart action]]. Long-term ECG recommended, control of electrolytes.
    """),
    T(41, "translated", """
    Report (translated from Spanish): [[t:sinus_bradycardia true|Sinusal bradycardia]] [[hr true|at {v} lpm]], [[t:regular true|regular rhythm]], [[t:p_each true|each QRS is preceded of P wave]]. Axis at +70º. [[pr@V1-V3 true|PR interval of {v:s} sec in V1-V3]], [[pr#3@II far|in the third complex of DII of {v} ms]]. [[p@inferior true|Duration of P of {v} ms in the inferior face]]. [[qrs@V4 true|QRS of {v} ms in V4]], [[qrs#2@aVL near|QRS of the second complex in aVL of {v} ms]]. [[qt@precordial true|QT of {v} ms in precordials]], [[qtc near|QTc of {v} ms]]. [[t:first_degree_avb false|AV block of first degree]]. Without alterations of the repolarization. [[amp:t_amp@V3|T wave of 4 mm in V3]], of normal morphology.
    Conclusion: [[t:sinus_bradycardia true|sinusal bradycardia]] in sportive patient, without pathological significance.
    """),
    T(173, "translated", """
    Interpretation (translated from French): [[t:atrial_fibrillation true|Auricular fibrillation]] [[hr true|with an average ventricular frequency of {v}/min]], [[t:regular~ true|irregular]], [[t:p_each~ true|absence of visible P waves]]. Normal axis at +30°. [[t:narrow_qrs true|Fine QRS]] [[qrs@precordial true|at {v} ms in the precordial derivations]], [[qrs#3@V5 far|the third complex in V5 at {v} ms]]. [[qt@limb true|QT at {v} ms in the peripheral derivations]], [[qtc@V1-V3 near|QTc at {v} ms from V1 to V3]]. No trouble of the repolarisation. [[amp:r_amp@V5|R wave in V5 at 1.2 mV]].
    [[t:rapid_response false|Rapid ventricular response]]. [[t:sinus_rhythm false|Return to sinus rhythm]] at the end of the tracing.
    Conclusion: [[t:atrial_fibrillation true|AF]] [[t:rapid_response~ true|with controlled frequency]]; to continue the anticoagulation and the beta-blocker.
    """),
    T(9, "translated", """
    ECG findings (machine translation of the German report): [[t:sinus_rhythm true|Sinus rhythm]], [[hr true|frequency {v}/min]], [[t:regular true|regular]]. Lagetyp: steep type. [[pr@inferior true|PQ time {v} ms in the inferior leads]], [[pr#2@aVL near|PQ time of the second action in aVL {v} ms]]. [[p@V1 true|P width {v} ms V1]]. [[qrs@limb far|QRS width {v} ms in the limb leads]], [[t:narrow_qrs true|narrow complexes]]. [[qt#3@V5 true|QT time of the 3rd action in V5 {v} ms]], [[qtc near|QTc {v} ms]]. Regular R progression, R/S transition in V3/V4. No excitation regression disorders. [[amp:p_amp@II|P amplitude 0.2 mV in II]].
    [[t:short_pr~ true|PQ time not shortened]]. [[t:premature false|Single supraventricular extrasystoles]].
    Assessment: Normal ECG apart from the SVES.
    """),
    T(73, "translated", """
    (Spanish original, automatic translation) Electrocardiogram: [[t:sinus_rhythm true|rhythm sinusal]] [[hr near|at {v} beats per minute]], [[t:regular true|regular]]. [[t:p_each true|P waves precede all the QRS]]. Axis at 0º. [[pr@V4-V6 true|PR of {v:s} seconds in V4-V6]]. [[p#2@II true|P wave of the second beat in DII of {v} ms]]. [[qrs@inferior true|QRS of {v} ms in the inferior face]], [[qrs@V1-V3 far|of {v} ms in V1-V3]]. [[qt#3@aVF true|QT of {v} ms in the third beat of aVF]], [[qtc near|QTc of {v} ms]], [[t:prolonged_qtc~ true|not prolonged]]. Repolarization without alterations. [[amp:q_amp@III|Q wave in DIII of 2 mm]], not pathological.
    [[t:short_pr false|Short PR]] with possible preexcitation. [[t:atrial_flutter false|Atrial flutter waves in DII]].
    Conclusion: ECG within normal limits. Control by his cardiologist.
    """),
    T(141, "translated", """
    Following the values of the table of measurements furnished, here the interpretation (translated from French):
    [[t:sinus_rhythm true|Regular sinus rhythm]] [[hr true|at {v}/min]], [[t:p_each true|each QRS preceded by a P wave]]. Axis at +60°. [[pr@V1-V3 true|PR at {v} ms in V1-V3]], [[pr#2@aVR near|PR of the 2nd complex in aVR at {v} ms]]. [[p@limb true|P at {v} ms in the peripheral derivations]]. [[qrs@inferior true|QRS at {v} ms in the inferior derivations]], [[qrs#3@V2 far|the third complex in V2 at {v} ms]]. [[qt@lateral true|QT at {v} ms in lateral]], [[qtc far+|QTc corrected at {v} ms]]. [[t:prolonged_qtc false|Long QT]]. No trouble of repolarisation, no Q wave of necrosis. [[amp:r_amp@V6|R in V6 at 14 mm]].
    Conclusion: normal ECG. No contraindication to the sport.
    """, leak="Following the values of the table of measurements furnished"),
    T(95, "translated", """
    Findings (translated from German): [[t:atrial_fibrillation true|Absolute arrhythmia in atrial fibrillation]] (AA with VHF), [[t:regular~ true|irregular RR]], [[t:p_each~ true|no P waves delimitable]]. [[hr true|Mean frequency {v}/min]], [[t:rapid_response~ true|normofrequent]]. Intermittent pacemaker stimulation (VVI), otherwise own actions. Lagetyp: indifferent type. [[qrs@V4-V6 true|QRS width {v} ms in V4-V6]], [[qrs#2@III far|QRS of the 2nd action in III {v} ms]], [[t:narrow_qrs true|narrow own complexes]]. [[qt@inferior near|QT time {v} ms in II, III, aVF]], [[qt#3@V5 far|QT of the 3rd action in V5 {v} ms]], [[qtc@V1-V3 true|QTc {v} ms in V1-V3]]. [[amp:st_level@V6|Trough-shaped ST-depression 0.1 mV in V6]], digitalis effect possible.
    [[t:sinus_rhythm false|Sinus rhythm]] in the last actions.
    Assessment: Normofrequent [[t:atrial_fibrillation true|AA with VHF]], pacemaker function in order.
    """),
    T(115, "translated", """
    Electrocardiographic report (translated from the Spanish): [[t:sinus_rhythm true|Sinus rhythm]] [[hr true|at {v} lpm]], [[t:regular true|regular]]. [[t:p_each true|P wave before every QRS complex]]. Axis at +45º. [[pr#2@I true|PR of {v} ms in the second beat of DI]], [[pr@V1-V3 near|PR of {v} ms in V1-V3]]. [[p@aVL true|P wave of {v} ms in aVL]]. [[qrs@precordial true|QRS of {v} ms in precordials]]. [[qt@inferior far|QT of {v} ms in the inferior face]], [[qtc#2@V4 true|QTc of {v} ms in the second beat of V4]]. [[t:first_degree_avb~ true|Without AV block]]. [[t:premature false|Frequent supraventricular extrasystoles]]. [[amp:st_level@V2|ST elevation of 1 mm in V2]] with concavity upwards, of benign aspect. [[t:tachycardia false|Sinusal tachycardia]] during the registration.
    Conclusion: ECG without acute alterations.
    """),
    T(19, "translated", """
    Report (French, automatic translation): [[t:sinus_rhythm true|Sinus rhythm]] [[t:regular true|regular]] [[hr far|at {v}/min]]. Axis at -10°, intermediate. [[pr@lateral true|PR at {v} ms in the lateral derivations]], [[pr#3@V4 true|PR of the third complex in V4 at {v} ms]]. [[p@inferior true|P at {v} ms in DII, DIII, aVF]]. [[qrs@V1-V3 near|QRS at {v} ms from V1 to V3]], [[qrs@limb true|at {v} ms in the peripheral derivations]]. [[qt@V4-V6 true|QT at {v} ms in V4-V6]], [[qtc far|QTc at {v} ms]]. [[t:p_each true|Each QRS is preceded by a P wave]]. [[t:first_degree_avb false|AV block of the first degree]]. [[amp:t_amp@aVL|Negative T wave in aVL, 1 mm]], aspecific.
    [[t:atrial_fibrillation false|Short accesses of auricular fibrillation]].
    Conclusion: to compare with an anterior tracing.
    """),
    T(131, "translated", """
    Befund (translated): [[t:sinus_rhythm true|Sinus rhythm]], [[hr true|frequency {v}/min]], [[t:regular true|regular]]. Lagetyp: left type. [[pr@inferior true|PQ time {v} ms in the inferior leads]], upper normal limit. [[p@limb true|P width {v} ms in the extremity leads]], [[p#2@II near|P of the 2nd action in II {v} ms]]. [[qrs@precordial far|QRS width {v} ms in the chest wall leads]]. [[qt@V5 true|QT time {v} ms in V5]], [[qtc true|QTc {v} ms]]. Delayed R progression. [[amp:st_level@V3|ST-elevation 0.1 mV in V3]] from the S, not infarct-typical.
    [[t:short_pr false|Shortened PQ time]]. [[t:premature false|Polytopic VES]].
    Beurteilung (assessment): [[t:sinus_rhythm true|Sinus rhythm]], left type, otherwise no pathological findings.
    """),
    T(179, "translated", """
    According to the measurements that were sent with the petition (translated from Spanish): [[t:sinus_rhythm true|sinusal rhythm]] [[hr true|at {v} lpm]], [[t:regular true|regular]], [[t:p_each true|with P wave before each QRS]]. Axis at +30º. [[pr@limb true|PR of {v:s} sec in the limb leads]], [[pr#2@V3 far|in the second complex of V3 of {v} ms]]. [[p@V1-V3 true|P of {v} ms in V1-V3]]. [[qrs@inferior near|QRS of {v} ms in the inferior face]], [[qrs#3@I true|QRS of the third complex of DI of {v} ms]]. [[qt@V5-V6 true|QT of {v} ms in V5-V6]], [[qtc@lateral near|QTc of {v} ms in the lateral face]]. [[t:short_pr~ true|PR not short]]. [[amp:r_amp@aVL|R wave in aVL of 11 mm]].
    [[t:premature false|Ventricular extrasystole isolated]].
    Conclusion: ECG without significant alterations.
    """, leak="According to the measurements that were sent with the petition"),
)

# ---------------------------------------------------------------- compare

COMPARE = (
    T(105, "compare", """
    Comparison with the ECG of 14 March 2021 ({age}-year-old {sex}, referred for palpitations). At that time: sinus rhythm at 64 bpm, PR 150 ms, QRS 90 ms, no ectopy.
    Today [[t:sinus_rhythm true|the rhythm is still sinus]], [[hr true|rate now {v:rrange} bpm]], and [[t:premature true|new premature ventricular beats have appeared]] (two on this strip, same morphology). [[pr@inferior true|PR essentially unchanged at {v} ms in the inferior leads]]; [[p#2@II true|the P wave on the second beat in II is {v} msec]]. [[qrs@V1-V3 far+|QRS has widened to {v} ms in V1-V3]]. [[qt@lateral near|QT now {v:rangeto} ms in the lateral leads]], [[qtc true|QTc {v} msec]], [[t:prolonged_qtc~ true|not prolonged]]. [[amp:t_amp@V2|T wave in V2 now 3 mm]], previously flat.
    [[t:tachycardia false|The rate has crept into the tachycardic range]] since 2021.
    Impression: [[t:premature true|new ventricular ectopy]], otherwise no significant interval change.
    """),
    T(77, "compare", """
    Compared with the previous ECG (June 2018): then sinus rhythm 70/min with a PR of 176 ms and narrow QRS.
    Now: [[t:sinus_rhythm true|sinus rhythm]], [[t:regular true|regular]], [[hr near|{v} bpm]]. The PR interval has lengthened, [[pr@inferior true|now {v} ms in II, III and aVF]] and [[pr@II true|{v:box} in lead II]]; [[pr#2@V5 far|on the second beat in V5 it measures {v} ms]]. [[p@septal true|P wave duration {v} ms in V1-V2]], slightly longer than before. [[qrs@limb true|QRS {v} ms in the limb leads]], [[t:narrow_qrs true|still narrow]]. [[qt@V4-V6 near|QT {v} ms in V4-V6]] (2018: 360 ms). [[t:short_pr false|The PR is short]] compared with the old tracing. [[amp:r_amp@V5|R wave in V5 15 mm]], unchanged.
    Conclusion: progressive PR prolongation since 2018; review his beta-blocker and digoxin doses.
    """),
    T(185, "compare", """
    {age}-year-old {sex}, follow-up after myocarditis. Compared with the admission ECG of last month (sinus tachycardia 118/min, QTc 470 ms, diffuse ST elevation):
    [[t:sinus_rhythm true|Sinus rhythm]] [[hr true|at {v} bpm]], [[t:regular true|regular]], [[t:p_each true|a P wave before every QRS]]. [[pr@lateral true|PR {v} ms in the lateral leads]], [[pr#3@aVF near|{v} ms on the third beat in aVF]]. [[p@limb true|P duration {v} ms in the limb leads]]. [[qrs@V1-V3 true|QRS {v} milliseconds in V1 to V3]], [[qrs#2@II far|{v} ms on the second complex in II]]. [[qt@precordial true|QT {v} ms across the precordial leads]], [[qtc near-|QTc {v} ms]], [[t:prolonged_qtc~ true|no longer prolonged]]. The ST elevation has resolved; [[amp:st_level@V3|residual J-point elevation 0.5 mm in V3]].
    [[t:premature false|Frequent atrial ectopics]] are new since the last tracing.
    """),
    T(21, "compare", """
    Serial ECG, {age}-year-old {sex}, chest pain. Comparison: ECG of 08:15 today (sinus 80/min, 1 mm ST depression in V5-V6).
    This tracing (11:40): [[t:sinus_rhythm true|sinus rhythm]], [[hr true|{v} bpm]], [[t:regular true|regular]]. [[pr@V4-V6 true|PR {v} ms in V4 through V6]], [[pr@aVL far|{v} msec in aVL]]. [[p#3@I true|P of the third beat in I {v} ms]]. [[qrs@inferior true|QRS {v} ms in the inferior leads]], [[qrs@V1-V3 near|{v} ms in V1-V3]]. [[qt@lateral true|QT {v} ms laterally]], [[qtc far|QTc {v} ms]]. The lateral ST depression seen at 08:15 has resolved; [[amp:st_level@V5|ST in V5 now isoelectric, under 0.5 mm]].
    [[t:p_each~ false|P waves are no longer clearly seen]] in the inferior leads. [[t:premature false|A single PVC]] not present earlier.
    Plan: third troponin at 14:00.
    """),
    T(113, "compare", """
    ECG compared with prior (pre-op tracing, 2022): prior showed sinus rhythm 62/min, PR 150 ms, QTc 420 ms.
    Current: [[t:sinus_rhythm true|sinus rhythm]], [[hr true|R-R interval {v:rrs} s]], [[t:regular true|regular]]. [[pr@V4-V6 true|PR {v:s} s in V4-V6]], unchanged; [[pr#2@I near|PR on beat 2 of lead I {v} ms]]. [[p@V6 true|P {v} msec in V6]]. [[qrs@inferior true|QRS {v} ms inferiorly]], [[t:narrow_qrs true|narrow]]. [[qt@limb far|QT {v} ms in the limb leads]], [[qtc@V1-V3 true|QTc {v} ms in V1-V3]]. [[t:regular~ false|The RR intervals are now irregular]], and [[t:wide_qrs false|there is new QRS widening]] in the lateral leads.
    [[amp:q_amp@III|Q wave in III 1 mm]], as before.
    Conclusion: no interval change of concern.
    """),
    T(193, "compare", """
    Comparison: ECG from the GP surgery, 2017 (report only: "sinus rhythm, rate 58, PR 140 ms, QRS 80 ms, normal").
    Today's tracing in this {age}-year-old {sex}: [[t:sinus_rhythm true|sinus rhythm]] [[hr far|at {v} bpm]], [[t:regular true|regular]], [[t:p_each true|P before each QRS]]. [[pr@inferior true|PR {v} ms in II, III and aVF]], [[pr@V1-V3 near|{v} ms in V1-V3]]. [[p#4@V2 true|P of the fourth beat in V2 {v} ms]]. [[qrs@lateral true|QRS {v} ms in the lateral leads]]. [[qt@V1-V3 true|QT {v:big} in V1-V3]], [[qtc far+|QTc {v} ms]]. [[t:prolonged_qtc false|QTc now prolonged]] relative to 2017. [[amp:t_amp@V1|T inversion in V1, 1 mm]], unchanged.
    Overall essentially unchanged; no further action.
    """, leak="from the GP surgery, 2017 (report only"),
    T(107, "compare", """
    Compared with the prior ECG of 2 January: then sinus rhythm 58 bpm, PR 190 ms, QRS 100 ms, QTc 410 ms.
    Now [[t:sinus_rhythm true|sinus rhythm]], [[hr true|{v} bpm]], [[t:regular true|regular]], [[t:p_each true|P preceding every QRS]]. [[pr@inferior true|PR has lengthened to {v} ms in the inferior leads]]; [[pr#3@V2 true|on the third beat in V2 it is {v} ms]]; [[pr@V4-V6 far|{v} ms in V4-V6]]. [[p@V1-V3 near|P duration {v} ms in V1-V3]]. [[qrs@precordial true|QRS {v} ms in the precordial leads]]. [[qt@V1-V3 true|QT {v:big} in V1-V3]], [[qtc near|QTc {v} ms]]. [[t:short_pr false|PR short]] in lead I. [[amp:r_amp@aVL|R wave in aVL 10 mm]], previously 8 mm.
    Impression: PR prolongation since January; check digoxin level.
    """),
    T(127, "compare", """
    {age}-year-old {sex}, dizziness. Comparison with the ECG from the 2020 admission (sinus rhythm 56 bpm, QRS 120 ms, RBBB).
    Today: [[t:sinus_bradycardia true|marked sinus bradycardia]], [[hr true|rate {v}]], [[t:bradycardia true|slower than before]]. [[t:regular true|Regular]], [[t:p_each true|each QRS preceded by a P wave]]. [[pr@inferior near|PR {v} ms in II, III and aVF]], [[pr#2@V1 far|{v} ms in beat 2 of V1]]. [[qrs@V4-V6 true|QRS {v} ms in V4-V6]], [[qrs@aVL near|{v} ms in aVL]], RBBB morphology as before. [[qt#3@II true|QT of the third complex in II {v} ms]], [[qtc far|QTc {v} ms]]. [[t:first_degree_avb~ true|No first-degree block]]. [[amp:s_amp@V6|S wave in V6 4 mm]].
    Impression: progression of sinus node disease; refer for pacing assessment.
    """),
    T(39, "compare", """
    Serial comparison. Previous ECG (clinic, 11/2022): sinus rhythm 62/min, PR 180 ms, QTc 430 ms.
    Current ECG, {age}-year-old {sex} on amiodarone: [[t:sinus_bradycardia true|sinus bradycardia]] [[hr true|{v} per minute]], [[t:regular true|regular]]. [[pr@inferior true|PR now {v} ms in the inferior leads]], [[pr#2@aVL near|{v} ms in aVL, second beat]]. [[p@V1-V3 true|P wave {v} ms in V1-V3]]. [[qrs@lateral far|QRS {v} ms in the lateral leads]], [[t:narrow_qrs true|narrow]]. [[qt@V4-V6 true|QT {v} ms in V4-V6]], [[qtc@inferior near|QTc {v} ms inferiorly]]. [[t:p_each~ false|No P waves are visible before the QRS complexes]] in V1, and [[t:wide_qrs false|the QRS has widened]] compared with 2022. [[amp:t_amp@V4|T wave in V4 2 mm]], flatter than before.
    Comment: expected amiodarone effect; continue, recheck TSH.
    """),
    T(11, "compare", """
    ECG vs last year's (12 months ago: sinus 66 bpm, PR 156 ms, P 110 ms, QTc 425 ms, LVH by voltage).
    [[t:sinus_rhythm true|Sinus rhythm]], [[hr near|rate {v} bpm]], [[t:regular true|regular]]. [[pr@V4-V6 true|PR {v} ms in V4-V6]], [[pr#3@II true|{v} ms on beat 3 in II]]. [[p@inferior true|P {v} ms inferiorly]], unchanged. [[qrs#2@aVF true|QRS of the second complex in aVF {v} ms]], [[t:narrow_qrs true|narrow]], [[qrs@V1-V3 far|{v} ms in V1-V3]]. [[qt@V3 near|QT {v} msec in V3]], [[qtc true|QTc {v} ms]]. [[amp:r_amp@aVL|R in aVL 13 mm]] (previously 14 mm). [[t:premature false|A run of atrial ectopics]] not present last year, and [[t:atrial_fibrillation false|a short burst of AF]] near the end.
    Impression: stable hypertensive ECG; ectopy to be correlated with a Holter.
    """),
    T(163, "compare", """
    Compared with the tracing on file (September 2023: sinus rhythm 88/min, PR 130 ms, QRS 90 ms, QTc 440 ms, on citalopram 40 mg).
    Now on citalopram 20 mg: [[t:sinus_rhythm true|sinus rhythm]], [[hr true|rate about {v}]], [[t:p_each true|P before each QRS]]. [[pr@limb true|PR {v} ms in the limb leads]], [[pr@V4 near|{v} ms in V4]]. [[p#2@III far|P of the second beat in III {v} ms]]. [[qrs@V1-V3 true|QRS {v} ms in V1-V3]]. [[qt@lateral far|QT {v} ms laterally]], [[qtc@V1-V3 true|QTc {v} ms in V1-V3]], [[t:prolonged_qtc~ true|no longer borderline prolonged]]. [[t:narrow_qrs~ false|The QRS is no longer narrow]] in V1. [[amp:st_level@V2|ST elevation 1 mm in V2]], unchanged.
    Conclusion: QTc improved after the dose reduction.
    """),
)


TEMPLATES: tuple[DiverseTemplate, ...] = tuple(sorted(
    ED_QUICK + STRUCTURED + JSON + DISCLAIMER + TRANSLATED + COMPARE,
    key=lambda tpl: (tpl.record % 4 != 1, tpl.record, tpl.voice)))
DEV = tuple(tpl for tpl in TEMPLATES if tpl.record % 4 == 1)
HELDOUT = tuple(tpl for tpl in TEMPLATES if tpl.record % 4 != 1)


@functools.lru_cache(maxsize=4)
def build_diverse(ludb_dir: Path = LUDB_DIR) -> tuple[Paragraph, ...]:
    return tuple(render(tpl, ludb_dir)[0] for tpl in TEMPLATES)


def dropped_claims(ludb_dir: Path = LUDB_DIR) -> list[tuple[str, Claim]]:
    return [(tpl.pid, c) for tpl in TEMPLATES for c in render(tpl, ludb_dir)[1]]


def main(argv: list[str] | None = None) -> None:
    freeform.main(argv, TEMPLATES, "the diverse-voices corpus")


if __name__ == "__main__":
    main()
