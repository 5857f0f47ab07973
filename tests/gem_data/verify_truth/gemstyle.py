"""A third truth corpus for the grounding verifier (issue 14): paragraphs in the house styles of
current LLMs answering "interpret this 12-lead ECG" prompts in the GEM paper's ECG-Grounding manner.

Corpus 2 (freeform.py) is written in clinicians' voices. The pipeline's verifier mostly sees text that
a language model wrote under the SPEC §7 prompt, so this corpus imitates how GPT-4o, Llama-3,
Qwen2.5 or Claude lay out such an answer. Every paragraph was written for ONE LUDB record after
reading its annotated truth (`python -m tests.gem_data.verify_truth.freeform --truth N`), without
knowledge of the verifier's grammar. It reuses corpus 2's markup, renderer and truth printer (see the
docstring of freeform.py): no LUDB number is typed here, values are filled at test time from the
annotations and every label is re-derived by `corpus.label_claim`.

House styles (``voice``):

========== ========================================================================================
md_bullets GPT-4o-like: markdown headers (### / ####), bullets with **bold labels**, an Impression
gem_flow   one flowing GEM-style paragraph walking lead by lead, citing beat numbers ("in beat 3 of
           lead II the PR interval is ...") and lead groups
numbered   Llama-3-like: "1. **Rhythm:** ..." numbered findings, then an "Impression:" / "Conclusion:"
response   the SPEC §7 output format: one paragraph after "**Response:**", at most ~300 words
feature    Qwen-like: a "Feature: value" block, then a "Reasoning:" / "Interpretation:" paragraph
stepwise   Claude-like: "Let me work through this systematically", bold step headings, a summary
========== ========================================================================================

Text outside the marks carries no claim on purpose: normal ranges ("normal 120–200 ms"), risk rules
("a QTc above 500 ms raises torsades risk"), calibration (25 mm/s, 10 mm/mV), criteria thresholds
(Sokolow-Lyon ≥ 35 mm), axis and morphology remarks that LUDB cannot check. Paragraphs whose ``leak``
is set carry a phrase, written for this corpus, that points at data the generator was given.
"""
from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass
from pathlib import Path

from tests.gem_data.verify_truth import freeform
from tests.gem_data.verify_truth.corpus import LUDB_DIR, Claim, Paragraph
from tests.gem_data.verify_truth.freeform import Template, render

STYLES = ("md_bullets", "gem_flow", "numbered", "response", "feature", "stepwise")


@dataclass(frozen=True)
class GemTemplate(Template):
    @property
    def pid(self) -> str:
        return f"gs{self.record}-{self.voice}{self.tag}"


def T(record: int, voice: str, text: str, leak: str | None = None) -> GemTemplate:
    if voice not in STYLES:
        raise ValueError(f"unknown style {voice!r}")
    return GemTemplate(record, voice, textwrap.dedent(text).strip("\n"), leak)


# ---------------------------------------------------------------- dev half (record % 4 == 1)

DEV = (
    T(1, "md_bullets", """
    ### 12-Lead ECG Interpretation

    **Patient:** {age}-year-old {sex}

    #### Rhythm and Rate
    - **Rhythm:** [[t:sinus_bradycardia true|Sinus bradycardia]], with [[t:p_each true|a P wave preceding every QRS complex]]
    - **Heart rate:** [[hr far|approximately {v} bpm]]
    - **Regularity:** [[t:regular true|RR intervals are regular]] throughout the strip

    #### Intervals
    - **PR interval:** [[pr@II true|{v} ms in lead II]] (normal 120–200 ms)
    - **QRS duration:** [[qrs far+|{v} ms]] (normal < 120 ms)
    - **QT interval:** [[qt near|{v} ms]]
    - **QTc (Bazett):** [[qtc@V5 far|{v} ms in V5]]

    #### Morphology
    - P waves are upright in I, II and aVF, consistent with a sinus origin.
    - [[amp:r_amp@V5|The R wave in V5 measures about 1.6 mV]], below the Sokolow-Lyon threshold of 3.5 mV.
    - No pathological Q waves and no ST-segment elevation or depression.

    #### Impression
    1. Sinus bradycardia, [[t:first_degree_avb~ true|no first-degree AV block]].
    2. [[t:wide_qrs false|Widened QRS complexes]] suggesting an intraventricular conduction delay.
    3. No acute ischemic changes.

    **Clinical note:** Bradycardia below 50 bpm is often benign in a well patient but warrants review of
    medications such as beta-blockers.
    """),

    T(5, "gem_flow", """
    This 12-lead ECG from a {age}-year-old {sex} shows [[t:sinus_rhythm true|a sinus rhythm]] at [[hr true|a ventricular rate of {v} beats per minute]], and [[t:regular true|the RR intervals are regular]] across the recording. Beginning with lead I, the P waves are upright and [[qrs#2@I true|in beat 2 the QRS duration is {v} ms]], with no significant ST deviation. In lead II, [[t:p_each true|each QRS complex is preceded by a P wave]]; [[pr#3@II true|in beat 3 of lead II the PR interval is {v} ms]], and [[p@II far|the P-wave duration measures {v} ms]], which would argue for left atrial enlargement. The inferior leads III and aVF show [[qrs@inferior near|QRS complexes of about {v} ms]] with no pathological Q waves. Lead aVL has [[amp:r_amp@aVL|a small R wave of roughly 0.4 mV]], and aVR is appropriately negative. In V1, [[qt@V1 near+|the QT interval measures {v} ms]] and there is no rSR' pattern to suggest right bundle branch block. Leads V2 to V4 show normal R-wave progression with a transition around V3. In the lateral leads V5 and V6, [[qrs@V5,V6 far|the QRS width is {v} ms]]. Overall, [[qtc far|the corrected QT interval is {v} ms]], which is within normal limits (below 450 ms for men), and [[t:first_degree_avb~ true|there is no evidence of first-degree AV block]]. In summary, this is a normal sinus rhythm with [[t:narrow_qrs true|narrow QRS complexes]] and no acute ischemic changes.
    """),

    T(9, "numbered", """
    Here is a systematic interpretation of the ECG:

    1. **Rate:** [[hr near|The ventricular rate is approximately {v} bpm]].
    2. **Rhythm:** [[t:sinus_rhythm true|Normal sinus rhythm]]; [[t:p_each true|P waves are present before every QRS complex]] and [[t:regular true|the rhythm is regular]].
    3. **P waves:** [[p@lateral true|P-wave duration of {v} ms in the lateral leads]], upright in II.
    4. **PR interval:** [[pr@inferior true|{v} ms in the inferior leads]], just below the 200 ms cutoff for first-degree block.
    5. **QRS complex:** [[qrs#4@V1 near|The QRS in the fourth beat of V1 measures {v} ms]]; [[t:narrow_qrs true|the complexes are narrow]].
    6. **QT/QTc:** [[qt@V4-V6 far|QT of {v} ms across V4–V6]], with [[qtc far+|a QTc of {v} ms]].
    7. **Axis:** Normal, approximately +45 degrees.
    8. **ST segment and T waves:** No ST elevation; T waves upright in I, II, V3–V6.
    9. **Voltage:** [[amp:s_amp@V2|S wave in V2 about 1.2 mV]], no voltage criteria for hypertrophy.

    **Impression:**
    - Normal sinus rhythm
    - [[t:prolonged_qtc false|Prolonged QTc]], which should prompt a medication review (a QTc over 500 ms would carry a high risk of torsades de pointes)
    - [[t:tachycardia~ true|No tachycardia]] or bradycardia
    - Otherwise unremarkable tracing for a {age}-year-old {sex}.
    """),

    T(13, "response", """
    **Response:** The ECG of this {age}-year-old {sex} demonstrates [[t:sinus_rhythm true|sinus rhythm]] at [[hr true|approximately {v} bpm]] with [[t:regular true|a regular rhythm]]. In lead II, [[pr@II far-|the PR interval is {v} ms]], and [[t:p_each true|every QRS is preceded by a P wave]] whose [[p@V4-V6 true|duration in V4–V6 is about {v} ms]], raising the question of left atrial abnormality. The most striking finding is [[t:wide_qrs true|a wide QRS complex]]: [[qrs#2@V1 true|in beat 2 of V1 the QRS reaches {v} ms]], with an rsR' configuration in V1 and a broad slurred S wave in I and V6, [[t:bbb_duration true|meeting the duration criterion for complete bundle branch block]] (QRS ≥ 120 ms). [[amp:r_amp@V1|The terminal R' in V1 reaches about 0.9 mV]]. In V5, [[qrs@V5 far|the QRS duration is {v} ms]]. Repolarization shows secondary ST-T changes in V1–V3, as expected with a right bundle branch block pattern. [[qt near|The QT interval is {v} ms]], and [[qtc@lateral far|the QTc in the lateral leads is {v} ms]], which must be interpreted cautiously given the wide QRS. [[t:short_pr false|The PR interval is short]], so pre-excitation should be considered. In conclusion: sinus rhythm with complete right bundle branch block and no acute ischemic changes.
    """),

    T(17, "feature", """
    **ECG Feature Summary**

    Heart Rate: [[hr true|{v} bpm]]
    Rhythm: [[t:sinus_rhythm true|Sinus rhythm]]
    PR Interval (V4): [[pr@V4 true|{v} ms]]
    QRS Duration: [[qrs@lateral near-|{v} ms (lateral leads)]]
    QT Interval (II, beat 3): [[qt#3@II near|{v} ms]]
    QTc: [[qtc far|{v} ms]]
    R Wave Amplitude (aVL): [[amp:r_amp@aVL|0.6 mV]]
    Axis: Normal (+30°)

    **Reasoning:**
    The rhythm is driven by the sinus node: [[t:p_each true|a P wave precedes each QRS complex]] with a constant relationship, and [[t:regular true|the RR intervals are regular]]. The rate lies between 60 and 100 bpm, so [[t:bradycardia~ true|there is no bradycardia]]. The PR interval is at the upper end of normal (the normal range is 120–200 ms) and [[t:short_pr~ true|there is no short PR]] or delta wave to suggest pre-excitation. The QRS complexes are within normal width, and [[qrs@V1-V3 far|in V1–V3 the QRS measures {v} ms]], without a bundle branch block pattern. The QTc calculated above is [[t:prolonged_qtc false|prolonged for a female patient]] (limit 460 ms). No ST elevation or pathological Q waves are seen.

    **Conclusion:** Sinus rhythm in a {age}-year-old {sex} with borderline PR, [[t:premature~ true|no ectopic beats]], and no acute changes.
    """),

    T(21, "stepwise", """
    Let me work through this ECG systematically.

    **Step 1 – Rate and rhythm.** [[hr near|The heart rate is about {v} bpm]]. [[t:p_each true|There is a P wave before every QRS]], P waves are upright in II, and [[t:regular true|the RR intervals are constant]], so this is [[t:sinus_rhythm true|sinus rhythm]].

    **Step 2 – Intervals.** [[pr@inferior true|The PR interval in the inferior leads is {v} ms]], which is normal (120–200 ms), so [[t:first_degree_avb~ true|there is no first-degree AV block]]. [[p far+|The P-wave duration is {v} ms]]. [[qrs@V1-V3 true|In V1–V3 the QRS duration is {v} ms]], at the upper end of normal. [[qrs#5@aVF true|In beat 5 of aVF the QRS measures {v} ms]].

    **Step 3 – Repolarization.** [[qt@lateral near|The QT interval in the lateral leads is {v} ms]]. [[qtc@V1 far-|In V1 the corrected QT is {v} ms]]. Bazett correction at this rate is reasonable.

    **Step 4 – Morphology and voltage.** The axis is normal. [[amp:r_amp@aVL|R wave in aVL is 1.1 mV]], below the Cornell threshold. No ST elevation is seen in V2–V3 (where ≥ 0.2 mV would be significant in men ≥ 40 years).

    **Step 5 – Ectopy.** [[t:premature false|Occasional premature beats are present]] in the rhythm strip.

    **Summary:** A {age}-year-old {sex} with sinus rhythm, [[t:tachycardia~ true|no tachycardia]], normal PR, a borderline QRS and no acute ischemia.
    """),

    T(29, "md_bullets", """
    ## ECG Analysis

    ### Key Findings
    - **Rhythm:** [[t:sinus_rhythm true|Normal sinus rhythm]] with [[t:regular true|regular R-R intervals]]
    - **Rate:** [[hr true|{v} beats per minute]]
    - **P waves:** [[t:p_each true|Present and upright before each QRS]]; [[p@inferior true|P-wave duration {v} ms in II, III and aVF]]
    - **PR interval:** [[pr@V4-V6 true|{v} ms in V4–V6]]; [[pr@V1 near-|{v} ms in V1]]
    - **QRS:** [[qrs#3@aVR far|the third complex in aVR measures {v} ms]]
    - **QT/QTc:** [[qt@lateral near|QT {v} ms in the lateral leads]]; [[qtc far|QTc {v} ms]]
    - **Axis:** Normal (between -30° and +90°)
    - **Voltage:** [[amp:s_amp@V1|S wave in V1 of 1.4 mV]]; [[amp:r_amp@V5|R wave in V5 of 2.0 mV]] (Sokolow-Lyon sum 3.4 mV, just under the 3.5 mV criterion)

    ### Interpretation
    The tracing of this {age}-year-old {sex} is consistent with sinus rhythm. First-degree block would require a PR above 200 ms. [[t:tachycardia false|The rhythm is tachycardic]], which may reflect anxiety or pain at the time of recording. The QRS morphology is unremarkable and there are no pathological Q waves.

    ### Summary
    1. Sinus rhythm, [[t:premature~ true|no premature complexes]]
    2. Borderline voltage without definite LVH
    3. No acute ST-T changes; correlate clinically.
    """),

    T(41, "gem_flow", """
    The ECG from this {age}-year-old {sex} shows [[t:sinus_bradycardia true|sinus bradycardia]] at [[hr true|a rate of about {v} bpm]], with [[t:regular true|regular RR intervals]] and [[t:p_each true|a P wave before each QRS complex]]. Lead I shows upright P waves and a normal QRS-T pattern. In lead II, [[p@II true|the P-wave duration is {v} ms]] with normal morphology, arguing against atrial enlargement, while [[pr#4@II far|the fourth beat of lead II has a PR interval of {v} ms]]. The inferior leads II, III and aVF show [[qrs@inferior true|QRS durations of {v} ms]] without Q waves. Lead aVL shows [[amp:r_amp@aVL|an R wave of approximately 0.5 mV]], and aVR is negative as expected. In V1 the complex is rS with [[qrs@V1 near+|a QRS duration of {v} ms]], and there is no RSR' to suggest right bundle branch block. Across V2–V4 the R wave progresses normally; [[qt@anterior true|the QT in V3 and V4 is {v} ms]]. The lateral leads V5 and V6 show [[qrs#3@V6 far|a QRS of {v} ms in the third beat of V6]]. [[qtc near|The QTc is {v} ms]], well under 450 ms, so [[t:prolonged_qtc~ true|there is no QTc prolongation]]. Overall, this is sinus bradycardia, which is common in physically fit young adults; [[t:first_degree_avb false|a first-degree AV block]] is also present and the rest of the tracing shows no acute ischemic changes.
    """),

    T(45, "numbered", """
    **ECG Interpretation**

    1. **Rhythm:** Ventricular paced rhythm with pacing spikes preceding the QRS complexes; [[t:premature true|premature beats are also seen]].
    2. **Heart rate:** [[hr true|{v} bpm]], consistent with the programmed lower rate limit.
    3. **QRS complexes:** [[t:wide_qrs true|Wide QRS complexes]], as expected with right ventricular pacing; [[qrs@lateral true|QRS duration {v} ms in the lateral leads]] and [[qrs#3@V1 true|{v} ms in the third complex of V1]].
    4. **QRS duration overall:** [[qrs far-|{v} ms]].
    5. **QT interval:** [[qt@inferior far|{v} ms in the inferior leads]]; [[qtc@V1-V3 near|QTc {v} ms in V1–V3]], though the QTc is difficult to interpret with a paced QRS.
    6. **ST-T:** Discordant ST-T changes appropriate to paced complexes; no concordant ST elevation (Sgarbossa criteria negative).
    7. **Amplitude:** [[amp:s_amp@V2|deep S wave in V2 of about 2.5 mV]], typical of LBBB-like paced morphology.

    **Impression:**
    - Ventricular pacing with appropriate capture in a {age}-year-old {sex}
    - [[t:bbb_duration true|QRS width in the bundle branch block range]], expected with pacing
    - [[t:tachycardia false|Tachycardia]] with intermittent ectopy
    - Recommend device interrogation if symptoms such as syncope are present.
    """),

    T(57, "response", """
    **Response:** Based on the provided measurements, this {age}-year-old {sex} is in [[t:sinus_rhythm true|normal sinus rhythm]] at [[hr near|a rate of approximately {v} bpm]]; [[t:p_each true|each QRS complex is preceded by an upright P wave]] in lead II and [[t:regular true|the rhythm is regular]]. [[pr@inferior true|The PR interval in the inferior leads measures {v} ms]], within the normal range of 120–200 ms, and [[p@V4-V6 true|the P-wave duration in V4–V6 is {v} ms]]. [[pr@V1 far|In V1 the PR interval is {v} ms]]. [[t:narrow_qrs true|The QRS complexes are narrow]]: [[qrs#6@V2 true|the sixth beat in V2 shows a QRS of {v} ms]], and [[qrs@V4-V6 near+|the QRS in V4–V6 measures {v} ms]]. R-wave progression is normal with transition at V3, and [[amp:r_amp@V4|the R wave in V4 is about 1.5 mV]]. [[qt@lateral true|The QT interval in the lateral leads is {v} ms]], giving [[qtc@V1-V3 far|a QTc of {v} ms in V1–V3]]. There are no pathological Q waves and no ST elevation meeting the 0.1 mV threshold in two contiguous leads. [[t:sinus_tachycardia false|The rate qualifies as sinus tachycardia]], which may reflect pain, fever or dehydration. Overall, sinus rhythm without acute ischemia; clinical correlation is recommended.
    """, leak="Based on the provided measurements"),

    T(61, "feature", """
    **Extracted ECG Parameters**

    - Ventricular rate: [[hr near|{v} bpm]]
    - Rhythm: [[t:sinus_rhythm true|sinus]]
    - PR interval (II, III, aVF): [[pr@inferior true|{v} ms]]
    - P-wave duration (V4–V6): [[p@V4-V6 true|{v} ms]]
    - QRS duration (inferior): [[qrs@inferior true|{v} ms]]
    - QRS duration (beat 2, V3): [[qrs#2@V3 far|{v} ms]]
    - QT interval (V4–V6): [[qt@V4-V6 true|{v} ms]]
    - QTc (V1–V3): [[qtc@V1-V3 near|{v} ms]]
    - T-wave amplitude V2: [[amp:t_amp@V2|0.45 mV]]

    **Interpretation:**
    The presence of [[t:p_each true|a consistent P wave before each QRS]] with [[t:regular true|regular RR intervals]] confirms sinus rhythm. The QRS duration in several leads falls into the incomplete bundle branch block range (110–119 ms); no complete block pattern is present. The QTc is borderline against the 450 ms limit for men; a value above 500 ms would indicate high arrhythmic risk. [[t:premature~ true|No premature beats]] are visible. [[pr far-|The overall PR interval is {v} ms]], which is [[t:short_pr false|a short PR]] and could suggest pre-excitation, though no delta wave is evident. ST segments are isoelectric; no Q waves are seen.

    **Final assessment:** Sinus rhythm in a {age}-year-old {sex} with a borderline QRS duration and borderline QTc. Recommend comparison with prior tracings.
    """),

    T(69, "stepwise", """
    I'll analyze this ECG step by step.

    **1. Rate:** [[hr true|The ventricular rate is approximately {v} beats per minute]], within the normal 60–100 range.

    **2. Rhythm:** [[t:regular true|The rhythm is regular]] and [[t:p_each true|a P wave precedes each QRS complex]] with a fixed PR interval, indicating [[t:sinus_rhythm true|sinus rhythm]].

    **3. P wave and PR interval:** [[p@inferior true|The P-wave duration in II, III and aVF is {v} ms]]. [[pr#2@II true|In beat 2 of lead II the PR interval is {v} ms]], [[pr@V4-V6 far|and across V4–V6 it is {v} ms]].

    **4. QRS complex:** [[qrs@precordial true|The precordial leads show a QRS duration of {v} ms]], so [[t:narrow_qrs true|the QRS is narrow]]. [[qrs#3@aVF far|The third complex in aVF measures {v} ms]].

    **5. QT interval:** [[qt#4@V5 near|The QT interval in beat 4 of V5 is {v} ms]], [[qtc near|giving a QTc of {v} ms]]. The female upper limit is 460 ms, and values above 500 ms would indicate significant risk.

    **6. ST segments and T waves:** No ST elevation or depression. T waves are upright in the lateral leads.

    **7. Voltage:** [[amp:r_amp@V5|R wave in V5 reaches 1.9 mV]], not meeting LVH criteria.

    **Summary:** This {age}-year-old {sex} has sinus rhythm, [[t:bradycardia false|a bradycardic rate]], normal AV conduction and no acute changes.
    """),

    T(77, "md_bullets", """
    ### Findings

    **Rhythm & Rate**
    - [[t:sinus_rhythm true|Sinus rhythm]] at [[hr true|{v} bpm]]
    - [[t:p_each true|Upright P waves precede each QRS]]; [[t:regular true|regular rhythm]]

    **Conduction**
    - **PR interval:** [[pr@inferior true|{v} ms (inferior leads)]], [[pr@V1 far|{v} ms in V1]]
    - **P wave:** [[p@V4-V6 far|{v} ms in V4–V6]]; [[p#3@II near|in beat 3 of lead II it is {v} ms]]
    - **QRS:** [[t:narrow_qrs true|narrow complexes]] with a normal intrinsicoid deflection

    **Repolarization**
    - **T waves:** upright in I, II and V3–V6, inverted in aVR as expected
    - **QTc:** [[qtc far+|{v} ms]] (Bazett; upper limit 450 ms in men)

    **Voltage**
    - [[amp:r_amp@aVL|R in aVL 0.8 mV]]; [[amp:s_amp@V3|S in V3 1.3 mV]]: Cornell sum 2.1 mV, below the 2.8 mV male cutoff

    ### Impression
    1. Sinus rhythm in a {age}-year-old {sex}.
    2. [[t:prolonged_qtc false|QTc prolongation]], worth a medication review.
    3. [[t:wide_qrs false|Wide QRS complexes]].
    4. No acute ST-T abnormalities; axis normal.

    > *Note: correlate with symptoms; isolated first-degree AV block rarely needs treatment. Repeat the ECG if new symptoms develop; a yearly tracing is reasonable at this age.*
    """),

    T(101, "gem_flow", """
    This ECG from a {age}-year-old {sex} shows [[t:atrial_fibrillation true|atrial fibrillation]]: [[t:p_each~ true|there are no discernible P waves]], the baseline shows fine fibrillatory activity best seen in V1, and [[t:regular~ true|the RR intervals are irregularly irregular]]. [[hr true|The average ventricular rate is about {v} bpm]], so [[t:rapid_response false|this is atrial fibrillation with a rapid ventricular response]]. In lead I, [[qrs@I far|the QRS duration is {v} ms]] and the ST segment is isoelectric. In lead II, the fibrillatory baseline is visible between complexes; [[qt@inferior true|the QT interval in the inferior leads is {v} ms]], although QT measurement in AF varies beat to beat. Lead aVL shows [[amp:r_amp@aVL|an R wave of about 0.6 mV]], and aVR is negative. In V1, [[qrs#4@V1 true|the fourth complex has a QRS duration of {v} ms]], with no right bundle branch block morphology. In the precordial leads, [[qrs@precordial true|the QRS duration is {v} ms]], and R-wave progression is normal. In V5 and V6, [[qt@V4-V6 near|the QT interval measures {v} ms]]. [[qtc@lateral far|The QTc in the lateral leads is {v} ms]] using an averaged RR interval. There is [[t:sinus_rhythm false|an underlying sinus rhythm]] with intermittent conduction. In summary: atrial fibrillation with a controlled ventricular rate, normal QRS duration, and no acute ST changes; anticoagulation should be assessed using the CHA2DS2-VASc score (≥ 2 in men favours treatment).
    """),

    T(105, "numbered", """
    **Step-by-step ECG interpretation:**

    1. **Heart rate:** [[hr true|about {v} bpm]].
    2. **Rhythm:** [[t:sinus_rhythm true|Sinus rhythm]] interrupted by [[t:premature true|premature ventricular complexes]], which have a wide, bizarre morphology and are followed by a compensatory pause.
    3. **P waves:** [[p@inferior true|duration {v} ms in the inferior leads]]; morphology normal.
    4. **PR interval:** [[pr@lateral true|{v} ms in the lateral leads]]; [[pr#3@II far|in the third sinus beat of lead II the PR is {v} ms]].
    5. **QRS duration:** [[qrs@V4-V6 true|{v} ms in V4–V6]] for the sinus beats; [[qrs@limb near|{v} ms in the limb leads]].
    6. **QT/QTc:** [[qt@V1-V3 true|QT {v} ms in V1–V3]]; [[qtc near|QTc {v} ms]].
    7. **ST-T changes:** None significant. Axis normal.
    8. **Voltage:** [[amp:r_amp@V4|R wave in V4 1.7 mV]].

    **Conclusion:**
    The ECG of this {age}-year-old {sex} shows sinus rhythm with isolated PVCs. [[t:first_degree_avb false|First-degree AV block]] is present, and [[t:prolonged_qtc false|the QTc is prolonged]] above the 460 ms female limit. More than 10 % PVC burden on Holter would warrant an echocardiogram. Electrolytes should be optimized (potassium above 4.0 mmol/L, magnesium above 2.0 mg/dL).
    """),

    T(109, "response", """
    **Response:** The tracing of this {age}-year-old {sex} shows [[t:atrial_fibrillation true|atrial fibrillation]] with [[t:regular~ true|an irregularly irregular ventricular rhythm]] and [[t:p_each~ true|no organized P waves]]; the baseline in V1 is undulating. [[hr near+|The ventricular rate averages {v} bpm]]. In lead I, [[qrs#5@I true|the fifth beat shows a QRS duration of {v} ms]], and the complexes overall are narrow, with [[qrs@limb true|QRS durations of {v} ms in the limb leads]]. [[qrs@V1-V3 far|In V1–V3 the QRS measures {v} ms]]. The inferior leads show no Q waves and [[qt@inferior true|a QT interval of {v} ms]]; [[qtc@lateral near|the QTc in the lateral leads is about {v} ms]], which means [[t:prolonged_qtc~ true|the QTc is not prolonged]]. [[amp:r_amp@V5|The R wave in V5 is about 1.4 mV]], with nonspecific ST-T flattening laterally. [[t:sinus_rhythm false|Sinus rhythm]] is not present. [[t:slow_response false|The ventricular response is slow]], raising the question of AV nodal disease or excessive rate control. [[qt far|The overall QT is {v} ms]]. In conclusion: atrial fibrillation, no acute ischemia; assess stroke risk (CHA2DS2-VASc) and anticoagulation.
    """),

    T(117, "feature", """
    Heart rate: [[hr true|{v} bpm]]
    Rhythm: [[t:sinus_rhythm true|Sinus]]
    P waves: [[t:p_each true|present before every QRS]]
    PR interval: [[pr@V4-V6 true|{v} ms (V4–V6)]]
    P duration: [[p@inferior far|{v} ms (inferior)]]
    QRS duration: [[qrs@precordial true|{v} ms (precordial)]]
    QRS (II, beat 4): [[qrs#4@II near|{v} ms]]
    QT: [[qt@limb true|{v} ms (limb leads)]]
    QTc: [[qtc far|{v} ms]]
    ST-segment: isoelectric
    R amplitude V5: [[amp:r_amp@V5|2.2 mV]]

    Reasoning: The per-lead measurement table supplied with this ECG shows a regular sinus mechanism. The rate is at the upper end of normal and [[t:bradycardia~ true|there is no bradycardia]]. A PR below 120 ms would raise the question of pre-excitation. [[t:narrow_qrs true|The QRS complexes are narrow]], and [[t:first_degree_avb false|a first-degree AV block is present]]. R-wave voltage in V5 is high, but a young {age}-year-old {sex} often has high precordial voltage, and LVH should not be called on voltage alone (Sokolow-Lyon needs ≥ 3.5 mV). [[t:premature false|Frequent premature atrial complexes]] are seen.

    Conclusion: Sinus rhythm at a high-normal rate, normal intervals, no acute ST changes. No further workup is needed unless palpitations or syncope occur.
    """, leak="per-lead measurement table supplied with this ECG"),

    T(125, "stepwise", """
    Let me go through this systematically.

    **Rate.** [[hr far|The ventricular rate is about {v} bpm]].

    **Rhythm.** The underlying rhythm is [[t:sinus_rhythm true|sinus]], with upright P waves in II, but [[t:premature true|there are premature beats]]: wide, early complexes interrupt the regular sinus cycle, each followed by a pause.

    **P wave and PR.** [[p@V4-V6 true|In V4–V6 the P wave lasts {v} ms]]. [[pr@inferior true|The PR interval in the inferior leads is {v} ms]], [[pr#2@V1 true|and in beat 2 of V1 it is {v} ms]].

    **QRS.** [[qrs@lateral true|In the lateral leads the QRS measures {v} ms]], which exceeds 120 ms and fits a bundle branch block pattern; [[qrs@V1-V3 near|in V1–V3 the QRS is {v} ms]].

    **QT.** [[qt@V4-V6 near|The QT interval in V4–V6 is {v} ms]]. [[qtc@inferior far|The QTc in the inferior leads is {v} ms]].

    **Voltage and ST.** [[amp:s_amp@V1|S wave in V1 of 1.8 mV]]; no ST elevation above 1 mm. Axis is leftward, around -20 degrees.

    **Putting it together:** This {age}-year-old {sex} has sinus rhythm with ventricular ectopy and a wide QRS. [[t:tachycardia false|The rate is tachycardic]], which with ectopy warrants electrolyte checks (potassium, magnesium). Consider a Holter to quantify the ectopic burden.
    """),

    T(133, "response", """
    **Response:** This is the ECG of a {age}-year-old {sex}. [[t:sinus_bradycardia true|Sinus bradycardia]] is present at [[hr true|about {v} bpm]], with [[t:p_each true|a P wave before each QRS complex]] and [[t:regular true|a regular rhythm]]. In lead II, [[p@inferior true|the P waves in the inferior leads last {v} ms]], [[pr@limb near|and the PR interval in the limb leads is {v} ms]]. [[t:first_degree_avb~ true|There is no first-degree AV block]]. [[qrs@precordial true|The precordial leads show a QRS of {v} ms]], so [[t:narrow_qrs true|the QRS is narrow]]. [[qrs#2@V6 far|The second complex in V6 measures {v} ms]]. Lead aVL shows a small q wave without pathological significance, and [[amp:r_amp@aVL|its R wave is about 0.9 mV]]. [[qt@V1-V3 far|The QT interval in V1–V3 is {v} ms]], and [[qtc near|the QTc is {v} ms]]; [[t:prolonged_qtc false|the QTc is prolonged]], which is worth noting given that a QTc above 500 ms carries a high risk of torsades. ST segments are isoelectric in all leads. Overall: sinus bradycardia, normal conduction intervals, no acute ischemic changes; if the patient is on rate-slowing drugs, consider dose review.
    """),

    T(173, "gem_flow", """
    The ECG from this {age}-year-old {sex} shows [[t:atrial_fibrillation true|atrial fibrillation]] with [[t:regular~ true|irregularly irregular RR intervals]]; [[t:p_each~ true|no distinct P waves are seen in any lead]]. [[hr far|The mean ventricular rate is about {v} bpm]]. In lead I, [[qrs#3@I true|the third beat shows a QRS duration of {v} ms]]. In lead II, the baseline is fibrillatory with no organized atrial activity. The inferior leads show [[qt@inferior true|a QT interval of {v} ms]] with no Q waves. [[amp:r_amp@aVL|aVL has an R wave of roughly 0.5 mV]]. In V1, coarse f waves are visible; [[qrs@V1-V3 true|the QRS across V1–V3 measures {v} ms]]. In V4–V6, [[qt@V4-V6 far|the QT is {v} ms]] and [[qtc@lateral near|the lateral QTc is {v} ms]]. [[t:narrow_qrs true|The QRS complexes are narrow]], confirming supraventricular conduction. [[t:rapid_response~ true|There is no rapid ventricular response]]. [[qrs@V5,V6 near|The QRS in V5 and V6 measures {v} ms]]. There is [[t:sinus_rhythm false|a sinus rhythm]] intermittently. Conclusion: atrial fibrillation with a controlled rate; evaluate anticoagulation (CHA2DS2-VASc ≥ 2 in a man favours treatment).
    """),

    T(197, "stepwise", """
    Let's work through this 12-lead ECG step by step.

    **Step 1: Rate.** [[hr true|The rate is approximately {v} bpm]], within normal limits.

    **Step 2: Rhythm.** [[t:p_each true|Each QRS is preceded by a P wave]] with constant morphology, so this is [[t:sinus_rhythm true|sinus rhythm]]. However, [[t:regular~ true|the RR intervals vary]] phasically, in keeping with sinus arrhythmia, which is normal in a {age}-year-old {sex}.

    **Step 3: P wave and PR interval.** [[p@V4-V6 true|P-wave duration in V4–V6 is {v} ms]]. [[pr#4@V5 true|In beat 4 of V5 the PR interval is {v} ms]]; [[pr@limb far|the PR interval in the limb leads is {v} ms]].

    **Step 4: QRS complex.** [[qrs@precordial true|The QRS in the precordial leads is {v} ms]], and [[t:wide_qrs~ true|the QRS is not widened]]. [[qrs#2@II far|Beat 2 of lead II has a QRS of {v} ms]].

    **Step 5: QT and QTc.** [[qt@inferior near|The QT in the inferior leads is {v} ms]], [[qtc@lateral far|the QTc in the lateral leads {v} ms]].

    **Step 6: ST-T and voltage.** No ST deviation; [[amp:t_amp@V3|T wave in V3 is 0.5 mV]].

    **Conclusion:** Sinus arrhythmia with normal intervals; [[t:premature false|frequent premature atrial beats]] are also present. No treatment is needed for sinus arrhythmia alone.
    """),
)

# ---------------------------------------------------------------- held-out half (record % 4 == 3)

HELDOUT = (
    T(3, "md_bullets", """
    ## 12-Lead ECG Interpretation

    ### 1. Rate and Rhythm
    - **Ventricular rate:** [[hr true|~{v} bpm]]
    - **Rhythm:** [[t:sinus_rhythm true|Normal sinus rhythm]]; [[t:p_each true|every QRS complex is preceded by a P wave]]

    ### 2. Intervals
    - **PR interval:** [[pr@inferior true|{v} ms in the inferior leads]]; [[pr#3@II far|{v} ms in beat 3 of lead II]]
    - **P wave:** normal morphology, no notching in II
    - **QRS duration:** [[qrs@lateral true|{v} ms (lateral leads)]]; [[qrs#2@V1 near|the second complex in V1 measures {v} ms]]
    - **QT / QTc:** [[qt@V4-V6 true|{v} ms in V4–V6]] / [[qtc far|{v} ms]]

    ### 3. Morphology
    - **Axis:** normal (approximately +60°)
    - **Voltage:** [[amp:r_amp@V5|R wave in V5 1.8 mV]], [[amp:s_amp@V1|S wave in V1 1.1 mV]]; Sokolow-Lyon 2.9 mV (criterion ≥ 3.5 mV)
    - **ST/T:** no significant ST deviation; T waves concordant

    ### 4. Impression
    - Sinus rhythm in a {age}-year-old {sex}, [[t:bradycardia~ true|no bradycardia]]
    - QRS at the border of incomplete right bundle branch block (110–119 ms band)
    - [[t:short_pr false|Short PR interval]] — consider a pre-excitation workup
    - [[t:premature false|Occasional premature atrial complexes]]
    """),

    T(7, "gem_flow", """
    This ECG from a {age}-year-old {sex} shows [[t:sinus_rhythm true|sinus rhythm]] with [[hr near+|a ventricular rate of about {v} bpm]]; [[t:p_each true|each QRS is preceded by an upright P wave]] in lead II, but [[t:premature true|a premature beat interrupts the underlying rhythm]] and is followed by a pause. In lead I, the P wave is upright and the T wave concordant. In lead II, [[qrs#4@II true|the fourth beat shows a QRS duration of {v} ms]], and [[p@II far|the P wave lasts {v} ms]]. The inferior leads II, III and aVF show [[qt@inferior true|a QT interval of {v} ms]], with no pathological Q waves. Lead aVL is unremarkable; [[amp:r_amp@aVL|its R wave is about 0.5 mV]]. In V1 and V2, R-wave progression begins normally. In V5, [[qt#3@V5 true|the QT of the third beat is {v} ms]]. [[qrs@lateral near|The lateral leads show a QRS of {v} ms]], which would favour a conduction delay. [[qtc near|The corrected QT is {v} ms]], so [[t:prolonged_qtc~ true|there is no QTc prolongation]]. [[t:first_degree_avb false|First-degree AV block]] is present. Overall: sinus rhythm with an isolated premature complex and [[t:narrow_qrs true|narrow QRS complexes]]; no acute ischemic changes are seen.
    """),

    T(11, "numbered", """
    **Interpretation of the 12-lead ECG**

    1. **Heart rate:** [[hr far|{v} beats per minute]].
    2. **Rhythm:** [[t:sinus_rhythm true|Sinus rhythm]]. [[t:p_each true|A P wave precedes every QRS]], and [[t:regular true|the RR intervals are regular]].
    3. **P wave:** upright in I and II; no notching.
    4. **PR interval:** [[pr@inferior true|{v} ms in II, III and aVF]]. [[t:first_degree_avb~ true|No first-degree AV block]] (threshold 200 ms).
    5. **QRS:** [[qrs@V1-V3 true|{v} ms in V1–V3]]; [[qrs#3@V2 far|the third complex in V2 has a QRS of {v} ms]].
    6. **QT:** [[qt#4@I true|{v} ms in beat 4 of lead I]]; [[qt@V4-V6 near|{v} ms in V4–V6]].
    7. **QTc:** [[qtc@septal far|{v} ms in V1–V2]].
    8. **Amplitude:** [[amp:r_amp@aVL|R wave in aVL 1.0 mV]].

    **Impression:**
    A {age}-year-old {sex} with normal sinus rhythm, [[t:narrow_qrs true|narrow QRS complexes]] and normal axis. [[t:sinus_tachycardia false|Sinus tachycardia]] is present at the start of the strip. ST segments are isoelectric, with no evidence of ischemia or infarction. Compared with norms (QRS < 120 ms, QTc < 450 ms in men), the conduction intervals are normal.
    """),

    T(19, "response", """
    **Response:** On review of this 12-lead ECG from a {age}-year-old {sex}, the rhythm is [[t:sinus_rhythm true|sinus]] at [[hr true|approximately {v} beats per minute]], with [[t:regular true|regular RR intervals]] and [[t:p_each true|upright P waves preceding each QRS complex]] in II. Starting with lead I, the complexes are normal in morphology. In lead II the P wave is upright and [[pr@lateral true|the PR interval in the lateral leads is {v} ms]]. [[pr#2@V1 near|In beat 2 of V1 the PR interval measures {v} ms]]. The inferior leads III and aVF show [[qrs@inferior true|QRS durations of {v} ms]] without Q waves, and aVL shows [[amp:r_amp@aVL|an R wave of about 0.7 mV]]. In V1, [[qrs@V1 far|the QRS is {v} ms]] with an rS pattern. Across V2–V4 there is normal R-wave progression. [[qt@lateral true|The QT interval in the lateral leads is {v} ms]], and [[qtc@inferior far|the QTc in the inferior leads is {v} ms]], borderline against the 450 ms male limit. [[qt@V1-V3 near|The QT in V1–V3 is {v} ms]]. [[t:first_degree_avb false|First-degree AV block]] is noted. [[t:premature~ true|No ectopic beats]] are present. Impression: sinus rhythm, borderline QTc, no acute ST-T changes.
    """),

    T(23, "feature", """
    **Measured features**

    Heart rate: [[hr true|{v} bpm]]
    Rhythm: [[t:sinus_rhythm true|sinus rhythm]]
    PR interval (inferior leads): [[pr@inferior true|{v} ms]]
    QRS duration (lateral leads): [[qrs@lateral true|{v} ms]]
    QRS duration (V1, beat 2): [[qrs#2@V1 far|{v} ms]]
    QT interval (V4–V6): [[qt@V4-V6 near|{v} ms]]
    QTc (inferior leads): [[qtc@inferior far|{v} ms]]
    S-wave depth V1: [[amp:s_amp@V1|2.1 mV]]

    **Interpretation:**
    [[t:p_each true|Each QRS complex is preceded by a P wave]], and [[t:regular true|the rhythm is regular]]. The striking feature is [[t:wide_qrs true|a widened QRS complex]]; the QRS duration exceeds 120 ms in the lateral leads, [[t:bbb_duration true|meeting the duration criterion for complete bundle branch block]]. A broad, notched R wave in I, aVL and V6 with deep S waves in V1 favours left bundle branch block. [[pr far-|The overall PR interval is {v} ms]], and [[t:short_pr false|the PR interval is short]]. With LBBB, ST-T changes are secondary, and Sgarbossa criteria (concordant ST elevation ≥ 1 mm) are not met. Repolarization indices should be interpreted with caution given the wide QRS.

    **Conclusion:** Sinus rhythm with complete left bundle branch block in a {age}-year-old {sex}; compare with prior ECGs to establish chronicity.
    """),

    T(27, "stepwise", """
    Let me systematically analyze this ECG.

    **Step 1 — Rate:** Counting the QRS complexes over the 10-second strip, [[hr true|the rate is approximately {v} bpm]].

    **Step 2 — Rhythm:** [[t:regular true|The rhythm is regular]]. [[t:p_each true|Each QRS is preceded by a P wave]], upright in II, so the rhythm is [[t:sinus_rhythm true|sinus in origin]].

    **Step 3 — PR interval:** [[pr@V4-V6 true|In V4–V6 the PR interval is {v} ms]], within 120–200 ms. [[pr@aVL near|In aVL the PR interval measures {v} ms]].

    **Step 5 — QRS:** [[qrs@inferior true|The QRS duration in the inferior leads is {v} ms]], and [[t:narrow_qrs true|the complexes are narrow]]. [[qrs#4@V5 near|The fourth complex in V5 measures {v} ms]].

    **Step 6 — QT/QTc:** [[qt@V1-V3 true|The QT in V1–V3 is {v} ms]]. [[qtc@lateral far|The QTc in the lateral leads is {v} ms]], meaning [[t:prolonged_qtc false|the QTc is prolonged]] for a {sex} (limit 450 ms).

    **Step 7 — ST/T and voltage:** ST segments are isoelectric; [[amp:t_amp@V2|T wave in V2 is 0.6 mV]].

    **Summary:** Sinus rhythm at a slow-normal rate in a {age}-year-old {sex}; [[t:sinus_tachycardia false|sinus tachycardia]] is present at times. No ischemic changes.
    """),

    T(31, "md_bullets", """
    **ECG Interpretation — {age}-year-old {sex}**

    **Rhythm:** [[t:sinus_rhythm true|Sinus rhythm]], [[t:regular true|regular]]
    **Rate:** [[hr true|{v} bpm]]

    **Intervals and durations**
    - *PR interval:* [[pr@inferior true|{v} ms in the inferior leads]]
    - *P wave:* [[t:p_each true|a P wave precedes every QRS]]
    - *QRS:* [[qrs@lateral true|{v} ms in the lateral leads]]; [[qrs#5@V5 near|{v} ms in beat 5 of V5]]
    - *QT:* [[qt#2@II near|{v} ms in beat 2 of lead II]]
    - *QTc:* [[qtc@V4-V6 true|{v} ms in V4–V6]] (female upper limit 460 ms; > 500 ms high risk)

    **Axis:** normal

    **Voltage:** [[amp:r_amp@V6|R wave in V6 1.3 mV]]; no LVH by voltage (Cornell > 2.0 mV in women)

    **ST-T:** nonspecific T-wave flattening in III; no ST elevation

    **Impression**
    1. Sinus rhythm with a borderline QTc
    2. [[t:first_degree_avb false|First-degree AV block]]
    3. [[t:premature false|Frequent premature ventricular complexes]]
    4. [[pr@V4-V6 far|A PR of {v} ms in V4–V6]], [[t:short_pr~ true|no short PR]]

    *Clinical correlation recommended, including review of QT-prolonging medications such as macrolides, fluoroquinolones and antipsychotics; repeat the ECG within 24 hours if any are started.*
    """),

    T(35, "gem_flow", """
    The ECG from this {age}-year-old {sex} shows [[t:atrial_flutter true|atrial flutter]], with sawtooth flutter waves best seen in the inferior leads, and [[hr true|a ventricular rate of about {v} bpm]], consistent with [[t:rapid_response true|a rapid ventricular response]]; [[t:sinus_rhythm false|sinus rhythm]] is present only in the first beats. [[t:tachycardia true|The rhythm is tachycardic]]. In lead II, the flutter waves are negative, and [[qrs#6@II true|the sixth complex of lead II has a QRS duration of {v} ms]]. The inferior leads show [[qrs@inferior true|QRS complexes of {v} ms]]. [[qtc@inferior near|The QTc in the inferior leads is {v} ms]]. In lead aVL, [[amp:r_amp@aVL|the R wave reaches about 0.8 mV]]. V1 shows discrete flutter waves; [[qrs#4@V1 true|in beat 4 of V1 the QRS is {v} ms]]. In V2, [[qt#5@V2 near|the fifth beat has a QT of {v} ms]]. The lateral leads V4–V6 show [[qrs@V4-V6 near|a QRS duration of {v} ms]] and [[qt@V4-V6 far|a QT of {v} ms]]. [[t:premature~ true|No premature complexes]] are seen. In summary: typical atrial flutter with rapid conduction; rate control and anticoagulation assessment are indicated (a CHA2DS2-VASc score of 3 or more in a woman favours treatment).
    """),

    T(39, "numbered", """
    Here is a structured interpretation:

    1. **Rate:** [[hr true|{v} bpm]] — [[t:sinus_bradycardia true|sinus bradycardia]].
    2. **Rhythm:** [[t:regular true|Regular]]; [[t:p_each true|P waves precede each QRS]].
    3. **P wave:** [[p@V1-V3 true|{v} ms in V1–V3]]; [[p#4@II near|{v} ms in beat 4 of lead II]].
    4. **PR interval:** [[pr@inferior true|{v} ms in the inferior leads]]; [[pr#3@aVF near|{v} ms in the third beat of aVF]].
    5. **QRS:** [[qrs@lateral true|{v} ms in the lateral leads]].
    6. **QT:** [[qt#5@V5 far|{v} ms in the fifth beat of V5]].
    7. **QTc:** [[qtc@inferior true|{v} ms in II, III and aVF]], at the 450 ms male limit.
    8. **Amplitude:** [[amp:q_amp@III|small Q wave in III of 0.15 mV]], not pathological.

    **Impression:**
    - Sinus bradycardia in a {age}-year-old {sex}
    - [[t:short_pr false|Short PR interval]]
    - [[t:wide_qrs false|Wide QRS complexes in a left bundle branch block pattern]]
    - No acute ST changes. Bradycardia below 40 bpm or pauses above 3 seconds would warrant a pacing evaluation. Check thyroid function and review AV-nodal blocking drugs before attributing the slow rate to conduction disease.
    """),

    T(43, "response", """
    **Response:** This ECG of a {age}-year-old {sex} shows [[t:sinus_rhythm true|sinus rhythm]] at [[hr near+|about {v} bpm]], as the machine interpretation included with the request also states, with [[t:p_each true|a P wave before every QRS complex]]. In lead II the P wave is upright and [[p@inferior true|its duration in the inferior leads is {v} ms]]. [[pr@inferior true|The PR interval across II, III and aVF measures {v} ms]]. [[t:short_pr~ true|There is no short PR]] or delta wave. [[qrs@lateral true|The QRS in the lateral leads is {v} ms]] and [[qrs#4@V2 near|in the fourth beat of V2 the QRS is {v} ms]]. Lead aVL shows [[amp:r_amp@aVL|an R wave of about 0.6 mV]]. R-wave progression in V1–V4 is normal. [[qt@precordial true|The QT interval in the precordial leads is {v} ms]], and [[qtc@limb near|the QTc in the limb leads is {v} ms]]. [[t:prolonged_qtc false|The QTc is prolonged]], exceeding the 460 ms female cutoff. [[qt#3@V5 far|The third beat in V5 shows a QT of {v} ms]]. [[t:premature~ true|No premature beats]] are seen. Conclusion: sinus rhythm with borderline AV conduction and no acute ischemic changes.
    """, leak="as the machine interpretation included with the request also states"),

    T(47, "feature", """
    Ventricular rate: [[hr true|{v} bpm]]
    Rhythm: [[t:sinus_bradycardia true|sinus bradycardia]]
    PR interval: [[pr@inferior true|{v} ms (II, III, aVF)]]
    P-wave duration: [[p#3@V5 near|{v} ms (V5, beat 3)]]
    QRS duration: [[qrs@lateral true|{v} ms (lateral)]]
    QRS duration, V2 beat 4: [[qrs#4@V2 near|{v} ms]]
    QTc: [[qtc@V4-V6 far|{v} ms (V4–V6)]]
    T-wave amplitude (V3): [[amp:t_amp@V3|0.7 mV]]

    Reasoning: [[t:p_each true|A P wave precedes each QRS complex]] with a constant PR, and [[t:regular true|the RR intervals are regular]], so the rhythm is sinus. The rate is below 60 bpm, so [[t:bradycardia true|bradycardia]] is present; in a {age}-year-old {sex} this may be physiologic or drug-related (beta-blockers, non-dihydropyridine calcium channel blockers). [[t:first_degree_avb~ true|AV conduction shows no first-degree block]]. The P wave is broad, and a P duration above 120 ms in II suggests left atrial abnormality. The QRS duration is normal. [[t:prolonged_qtc false|The QTc is prolonged]] and deserves attention, although a QTc above 500 ms would be the threshold for urgent action. [[t:premature false|Premature ventricular beats]] are noted. No ST elevation.

    Final answer: Sinus bradycardia with possible left atrial abnormality; no acute ischemia.
    """),

    T(51, "stepwise", """
    Let me work through this ECG in a structured way.

    **1. Rhythm.** [[t:regular~ true|The RR intervals are irregularly irregular]] and [[t:p_each~ true|no P waves are identifiable]]; the baseline shows fibrillatory waves. This is [[t:atrial_fibrillation true|atrial fibrillation]], and [[t:sinus_rhythm false|sinus rhythm]] is not restored at any point.

    **2. Rate.** [[hr true|The average ventricular rate is about {v} bpm]], so [[t:rapid_response false|the ventricular response is rapid]].

    **3. QRS complex.** [[t:wide_qrs true|The QRS is wide]]: [[qrs@inferior true|{v} ms in the inferior leads]] and [[qrs#3@V1 true|{v} ms in beat 3 of V1]], [[t:bbb_duration true|in the complete bundle branch block range]] (≥ 120 ms). [[qrs@precordial near|Across the precordial leads the QRS is {v} ms]].

    **4. Repolarization.** [[qtc@V1-V3 true|QTc in V1–V3 is {v} ms]], although Bazett is unreliable with an irregular RR. [[qt@V4-V6 far|In V4–V6 the QT is {v} ms]].

    **5. Voltage and ST.** [[amp:r_amp@I|R wave in lead I 1.2 mV]]; secondary ST-T changes are expected with the conduction defect.

    **Summary:** A {age}-year-old {sex} with atrial fibrillation, a controlled ventricular rate, and a wide QRS consistent with a bundle branch block. Stroke prevention should be addressed (CHA2DS2-VASc of 2 or more in a man).
    """),

    T(55, "md_bullets", """
    ### Summary of Findings

    - **Rhythm:** [[t:sinus_rhythm true|sinus rhythm]], [[t:regular true|regular]], [[t:p_each true|P wave before each QRS]]
    - **Heart Rate:** [[hr near|{v} bpm]]
    - **PR Interval:** [[pr@inferior true|{v} ms (inferior leads)]]
    - **QRS Duration:** [[qrs@precordial true|{v} ms across V1–V6]]; [[qrs#2@V6 far|{v} ms in beat 2 of V6]]
    - **QT Interval:** [[qt@inferior true|{v} ms in II, III and aVF]]; [[qt#4@aVF near|{v} ms in the fourth beat of aVF]]
    - **QTc:** [[qtc@inferior true|{v} ms (inferior leads)]]

    ### Detailed Assessment
    **Lead II:** upright P waves, normal PR. **Leads III/aVF:** no Q waves. **aVL:** [[amp:r_amp@aVL|R wave 0.5 mV]]. **V1:** rS complex, no RSR'. **V2–V4:** normal R-wave progression. **V5–V6:** upright T waves.

    ### Impression
    1. Sinus rhythm in a {age}-year-old {sex}
    2. [[t:first_degree_avb~ true|No first-degree AV block]]
    3. QTc below the 460 ms female threshold
    4. [[t:tachycardia false|Tachycardia]], possibly reflecting anxiety
    5. [[t:premature false|Isolated premature atrial complexes]]

    **Recommendation:** No acute intervention required; repeat ECG if symptoms occur. Routine follow-up and blood pressure control (target below 130/80 mmHg) are advised.
    """),

    T(63, "gem_flow", """
    Referring to the beat-by-beat values given in the prompt, this ECG of a {age}-year-old {sex} shows [[t:sinus_rhythm true|sinus rhythm]] at [[hr true|approximately {v} beats per minute]] with [[t:p_each true|a P wave before every QRS complex]], and [[t:regular~ true|the RR intervals vary with respiration]], consistent with sinus arrhythmia. In lead I, P waves are upright. In lead II, [[p@II near|the P wave lasts {v} ms]]. The inferior leads show [[qt@inferior true|a QT interval of {v} ms]] with no pathological Q waves. In aVL, [[amp:r_amp@aVL|the R wave is about 0.3 mV]]. In V1, [[qrs#2@V1 true|the second beat has a QRS of {v} ms]] with an rS pattern, and [[pr@V1-V3 near|the PR interval across V1–V3 is {v} ms]]. In V2–V4 R-wave progression is normal. In V6, [[qt#3@V6 far|the third beat shows a QT of {v} ms]]. [[qtc@inferior true|The QTc in the inferior leads is {v} ms]], well within the female limit of 460 ms. [[t:narrow_qrs true|QRS complexes are narrow]] and [[t:short_pr false|the PR interval is short]]. [[t:bradycardia false|The rate is bradycardic]] at times. Overall: sinus arrhythmia, a normal finding in a young adult, without acute changes.
    """, leak="Referring to the beat-by-beat values given in the prompt"),

    T(83, "numbered", """
    **ECG Interpretation:**

    1. **Rhythm:** [[t:atrial_fibrillation true|Atrial fibrillation]] — [[t:p_each~ true|no P waves are visible]], and [[t:regular~ true|the ventricular rhythm is irregularly irregular]].
    2. **Ventricular rate:** [[hr true|{v} bpm]] on average, [[t:rapid_response~ true|without a rapid ventricular response]].
    3. **QRS duration:** [[qrs@precordial true|{v} ms across the precordial leads]]; [[t:wide_qrs true|wide QRS complexes]].
    4. **Conduction:** the morphology (broad monophasic R in I and V6, QS in V1) suggests left bundle branch block.
    5. **QT interval:** [[qt@V1-V3 true|{v} ms in V1–V3]]; [[qt@limb near|{v} ms in the limb leads]].
    6. **QTc:** [[qtc@limb near|{v} ms in the limb leads]], hard to interpret with a wide QRS and irregular rhythm.
    7. **Ectopy:** [[t:premature true|Premature ventricular beats]] are seen.
    8. **Voltage:** [[amp:s_amp@V2|deep S wave in V2 of 2.8 mV]].

    **Impression:** Atrial fibrillation with a controlled rate and LBBB in a {age}-year-old {sex}. [[t:sinus_rhythm false|Intermittent sinus rhythm]] is suggested by the occasional regular stretches. [[qrs far-|The overall QRS duration is {v} ms]]. Recommend anticoagulation evaluation; with LBBB, new ischemia is assessed using Sgarbossa criteria (concordant ST elevation ≥ 1 mm).
    """),

    T(87, "md_bullets", """
    #### Rate & Rhythm
    - [[hr near|**Heart rate:** {v} bpm]]
    - [[t:sinus_rhythm true|**Rhythm:** normal sinus rhythm]]
    - [[t:p_each true|P waves precede each QRS complex]]

    #### Intervals
    - **PR:** [[pr@inferior true|{v} ms (inferior leads)]]; [[pr#3@II far|{v} ms in beat 3 of lead II]]
    - **P duration:** [[p@V4-V6 true|{v} ms (V4–V6)]]
    - **QRS:** [[qrs@precordial true|{v} ms (precordial)]]
    - **QT:** [[qt@lateral true|{v} ms (lateral)]]; [[qt#2@V1 near|{v} ms in beat 2 of V1]]
    - **QTc:** [[qtc@V1-V3 near|{v} ms (V1–V3)]]

    #### Morphology
    - Axis: normal (+70°)
    - [[amp:r_amp@V4|R wave in V4 about 1.9 mV]]; voltage is often high in a {age}-year-old {sex} and does not by itself indicate LVH
    - Early repolarization pattern in V3–V4 (J-point elevation < 1 mm), a benign variant common in young women and athletes

    #### Assessment
    - [[t:narrow_qrs true|Narrow QRS complexes]], [[t:first_degree_avb~ true|no first-degree AV block]]
    - [[t:sinus_bradycardia false|Sinus bradycardia]]
    - Normal ECG for age; no further testing required unless symptomatic. A family history of sudden death before age 50 would still warrant further evaluation.
    """),

    T(95, "feature", """
    Rate: [[hr true|{v} bpm]]
    Rhythm: [[t:atrial_fibrillation true|atrial fibrillation]]
    Atrial activity: [[t:p_each~ true|no discernible P waves]]
    RR intervals: [[t:regular~ true|irregular]]
    QRS duration (precordial): [[qrs@precordial true|{v} ms]]
    QRS duration (V1, beat 3): [[qrs#3@V1 far|{v} ms]]
    QT interval (V4–V6): [[qt@V4-V6 true|{v} ms]]
    QT interval (V5, beat 2): [[qt#2@V5 near|{v} ms]]
    QTc (V1–V3): [[qtc@V1-V3 true|{v} ms]]
    R amplitude (aVL): [[amp:r_amp@aVL|0.9 mV]]

    Interpretation: The irregularly irregular rhythm without organized atrial activity confirms atrial fibrillation in this {age}-year-old {sex}. The ventricular rate is controlled, and [[t:rapid_response false|a rapid ventricular response]] is present during part of the strip. [[t:narrow_qrs true|The QRS complexes are narrow]], indicating conduction through the His-Purkinje system. If antiarrhythmic drugs such as sotalol or dofetilide are considered, the QTc must be monitored; a QTc above 500 ms would be a contraindication. [[qrs far-|The mean QRS duration is {v} ms]]. [[t:sinus_rhythm false|Sinus rhythm]] resumes at the end of the recording. No acute ST elevation is seen. Anticoagulation should follow the CHA2DS2-VASc score, and device interrogation is advised to review the pacing burden.
    """),

    T(103, "response", """
    **Response:** The ECG of this {age}-year-old {sex} shows [[t:atrial_flutter true|atrial flutter]] with a typical sawtooth pattern in II, III and aVF, and [[hr true|a ventricular rate of about {v} bpm]] with variable AV conduction. [[t:sinus_rhythm false|Sinus rhythm]] is not evident. [[t:slow_response false|The ventricular response is slow]], suggesting high-grade AV block. In lead I, [[qrs#4@I true|the fourth beat shows a QRS duration of {v} ms]]. The inferior leads show no Q waves, and [[amp:p_amp@II|the flutter waves in II reach about 0.2 mV]]. In aVL, the complexes are small. In V1, discrete atrial deflections are seen; [[qrs#3@V2 true|in beat 3 of V2 the QRS is {v} ms]]. [[qrs@lateral near|The lateral leads show a QRS of {v} ms]]. [[qt@V4-V6 true|The QT interval in V4–V6 is {v} ms]], and [[qt#6@V5 near|in the sixth beat of V5 the QT is {v} ms]]. [[qtc@V1-V3 true|The QTc in V1–V3 is {v} ms]]. [[t:narrow_qrs true|The QRS complexes are narrow]], and [[t:wide_qrs false|QRS widening]] is seen in V1. [[hr far|An RR interval of {v:rr} ms]] is measured between the first two complexes. In conclusion: typical atrial flutter with variable block; consider rate control, anticoagulation and referral for cavotricuspid isthmus ablation.
    """),

    T(115, "stepwise", """
    Let's approach this ECG methodically.

    **Rate:** [[hr true|The RR interval is about {v:rr} ms]], giving a rate in the mid-50s.

    **Rhythm:** [[t:sinus_rhythm true|Sinus rhythm]] with [[t:regular true|regular RR intervals]]; [[t:p_each true|P waves are present before each QRS]].

    **PR interval:** [[pr@inferior true|{v} ms in the inferior leads]]; [[t:first_degree_avb~ true|no first-degree AV block]]. [[pr@V1-V3 near|In V1–V3 the PR interval is {v} ms]].

    **QRS:** [[qrs@precordial true|The QRS in the precordial leads measures {v} ms]].

    **QT/QTc:** [[qtc@V1-V3 true|QTc {v} ms in V1–V3]], so [[t:prolonged_qtc~ true|the QTc is not prolonged]]. [[qt#5@V5 far|The fifth beat in V5 has a QT of {v} ms]].

    **ST/T and voltage:** No ST elevation; [[amp:r_amp@V5|R wave in V5 2.3 mV]] with S in V1 1.4 mV, a Sokolow-Lyon sum of 3.7 mV, which meets the voltage criterion (≥ 3.5 mV) but is nonspecific in a {age}-year-old {sex}.

    **Conclusion:** Sinus rhythm at a slow-normal rate with normal intervals; [[t:premature false|frequent premature atrial complexes]] are present. [[t:tachycardia false|The rate is tachycardic]] in the last seconds of the strip.
    """),

    T(119, "numbered", """
    **Systematic ECG review**

    1. **Rate:** [[hr true|{v} bpm]].
    2. **Rhythm:** [[t:sinus_rhythm true|sinus rhythm]], [[t:regular true|regular]]; [[t:p_each true|each QRS is preceded by a P wave]].
    3. **P wave:** [[p@inferior true|{v} ms in the inferior leads]].
    4. **PR interval:** [[pr@inferior true|{v} ms in II, III and aVF]]; [[pr#2@II near|{v} ms in beat 2 of lead II]].
    5. **QRS:** [[qrs@lateral true|{v} ms in the lateral leads]].
    6. **QT:** [[qt@V4-V6 true|{v} ms in V4–V6]]; [[qt#5@aVF far|{v} ms in the fifth beat of aVF]].
    8. **ST-T:** early repolarization with J-point elevation of about 1 mm in V2–V4, a benign variant in a {age}-year-old {sex}.
    9. **Voltage:** [[amp:r_amp@V5|R wave in V5 of 2.6 mV]], meeting the Sokolow-Lyon threshold in combination with S in V1, but common in young men.

    **Impression:**
    - Normal sinus rhythm, [[t:narrow_qrs true|narrow QRS]]
    - [[t:short_pr false|Short PR interval]] raising the question of pre-excitation
    - [[t:wide_qrs false|Incomplete right bundle branch block with a wide QRS]]

    Overall, a normal ECG for a young adult; no further testing is needed in the absence of syncope, palpitations or chest pain.
    """),

    T(131, "feature", """
    **Feature extraction**

    - Heart rate: [[hr true|{v} bpm]]
    - Rhythm: [[t:sinus_rhythm true|sinus]]
    - PR interval (inferior): [[pr@inferior true|{v} ms]]
    - QRS duration (V1–V3): [[qrs@V1-V3 true|{v} ms]]
    - QRS duration (V5, beat 2): [[qrs#2@V5 near|{v} ms]]
    - QT (V4–V6): [[qt@V4-V6 near|{v} ms]]
    - QTc (inferior): [[qtc@inferior true|{v} ms]]
    - QTc (V1, beat 3): [[qtc#3@V1 far|{v} ms]]

    **Reasoning:** The structured measurements attached to this case agree with what the tracing shows: [[t:p_each true|a P wave precedes each QRS]] and [[t:regular true|the rhythm is regular]]. The PR interval is at the upper limit of normal; a value above 200 ms defines first-degree AV block, so this is borderline. [[t:short_pr false|The PR interval is short]]. The QRS is normal in width and morphology, without a bundle branch block pattern (which requires ≥ 120 ms). The QTc is below 450 ms, the male threshold. [[amp:r_amp@aVL|R wave in aVL is 0.7 mV]], so Cornell voltage is not met. [[t:premature false|Premature atrial beats]] are noted. [[t:sinus_tachycardia false|Sinus tachycardia]] is present.

    **Conclusion:** Sinus rhythm in a {age}-year-old {sex} with a borderline PR interval and no acute ST-T changes.
    """, leak="The structured measurements attached to this case"),
)

TEMPLATES: tuple[GemTemplate, ...] = DEV + HELDOUT


@functools.lru_cache(maxsize=4)
def build_gemstyle(ludb_dir: Path = LUDB_DIR) -> tuple[Paragraph, ...]:
    return tuple(render(tpl, ludb_dir)[0] for tpl in TEMPLATES)


def dropped_claims(ludb_dir: Path = LUDB_DIR) -> list[tuple[str, Claim]]:
    return [(tpl.pid, c) for tpl in TEMPLATES for c in render(tpl, ludb_dir)[1]]


def main(argv: list[str] | None = None) -> None:
    freeform.main(argv, TEMPLATES, "the LLM-style corpus")


if __name__ == "__main__":
    main()
