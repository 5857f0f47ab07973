"""A hand-labelled corpus of ECG interpretation paragraphs about real PTB-XL and LUDB records.

Every paragraph template below was written and labelled by hand. Markup:
- ``[S|...]``, ``[C|...]``, ``[U|...]`` wrap the phrase that carries one claim (a number with its
  unit, a qualitative word, a lead or wave name) and give its expected verdict: supported,
  contradicted, unverifiable. Text outside the brackets makes no claim we label.
- ``{feature@LEAD#BEAT+OFFSET|FORMAT}`` is filled at test time from the record's FeatureDB rows
  (computed from the signal with ``gem_data.features``), so labels stay right while the features
  helper tunes its delineator: a ``[S|...]`` number is the measured value itself, a ``[C|...]`` number
  is pushed far outside the tolerance (at least 3x), e.g. ``{pr@II+150}``. Without @LEAD the value
  is the record-level one (multi-lead global interval, else the median over leads); #BEAT is
  1-based; ``|s`` writes seconds, ``|mm`` millimetres at 10 mm/mV, ``|msec`` keeps ms.
- ``requires``: conditions (same placeholders) under which the qualitative labels are true with a
  wide margin; a record that does not meet them skips the template (and the test reports how many).
- ``flags``: response flags the paragraph must raise (leakage, too_long, nonexistent_lead, ...).

Templates are applied to every record in :data:`RECORDS`; the test needs >= 60 paragraphs in all.
"""
from __future__ import annotations

# Paths under ../shared/data; comments give the character seen when the corpus was written.
RECORDS: tuple[str, ...] = (
    "ptbxl/records500/00000/00005_hr",  # normal, ~67 bpm
    "ptbxl/records500/01000/01018_hr",  # normal, ~87 bpm
    "ptbxl/records500/01000/01034_hr",  # sinus bradycardia ~52 bpm
    "ptbxl/records500/07000/07196_hr",  # sinus tachycardia ~117 bpm
    "ptbxl/records500/07000/07189_hr",  # long PR ~260 ms
    "ptbxl/records500/16000/16989_hr",  # AF, wide QRS ~250 ms, tachycardic
    "ptbxl/records500/12000/12846_hr",  # ST elevation in V2
    "ptbxl/records500/08000/08257_hr",  # old MI, flat/negative anterior T
    "ptbxl/records500/11000/11753_hr",  # short PR ~110 ms
    "ludb/data/1",  # bradycardia ~46 bpm
    "ludb/data/13",  # long PR, wide QRS
    "ludb/data/111",  # wide QRS, no P
    "ludb/data/135",  # normal
    "ludb/data/143",  # normal
)

PARAGRAPHS: tuple[dict, ...] = (
    # --- rate and rhythm -------------------------------------------------------------------------
    dict(id="rate-true", text="The heart rate is [S|{hr} bpm] with a regular rhythm."),
    dict(id="rate-false", text="The heart rate is [C|{hr+45} bpm] across the tracing."),
    dict(id="rate-words", text="Ventricular rate of approximately [S|{hr} beats per minute]; the RR interval "
                               "is about [S|{rr} ms]."),
    dict(id="rate-permin", text="Rate [C|{hr*2} /min], RR [C|{rr+400} msec]."),
    dict(id="brady-true", requires=["{hr} < 56"],
         text="[S|Sinus bradycardia] at [S|{hr} bpm] is present."),
    dict(id="brady-false", requires=["{hr} > 68"],
         text="The rhythm is [C|sinus bradycardia] at [C|{hr-25} bpm]."),
    dict(id="tachy-true", requires=["{hr} > 104"],
         text="There is a [S|tachycardia] at [S|{hr} bpm]."),
    dict(id="tachy-false", requires=["{hr} < 92"],
         text="The tracing shows [C|sinus tachycardia] with a rate of [C|{hr+50} bpm]."),
    dict(id="normal-rate", requires=["66 < {hr} < 94"],
         text="The rhythm is [S|normal sinus rhythm], rate [S|{hr} bpm]."),
    dict(id="normal-rate-false", requires=["{hr} < 54 or {hr} > 110"],
         text="This is a [C|normal sinus rhythm] at [C|{hr+120} bpm]."),
    dict(id="rate-beat", requires=["{nbeats} >= 6"],
         text="The rate at beat 4 is [S|{hr#4} bpm] and at the fifth beat [S|{hr#5} bpm]."),
    # --- PR interval -----------------------------------------------------------------------------
    dict(id="pr-lead-true", text="In lead II the PR interval measures [S|{pr@II} ms]."),
    dict(id="pr-synonyms", text="The P-R interval is [S|{pr@II|s}] in lead II, and the PQ interval "
                                "is [S|{pr@II|msec}] there as well."),
    dict(id="pr-false", text="The PR is [C|{pr@II+150} ms] in lead II."),
    dict(id="pr-false-s", text="A P-R interval of [C|{pr+120|s}] is measured."),
    dict(id="pr-global", text="PR interval [S|{pr} ms]; QRS duration [S|{qrs} ms]; QT interval [S|{qt} ms]."),
    dict(id="pr-long-true", requires=["{pr@II} > 235"],
         text="The PR interval is [S|prolonged] at [S|{pr@II} ms] in lead II, consistent with "
              "[S|first-degree AV block]."),
    dict(id="pr-long-false", requires=["{pr@II} < 175"],
         text="Lead II shows a [C|prolonged] PR interval of [C|{pr@II+110} ms], i.e. "
              "[C|first-degree atrioventricular block]."),
    dict(id="pr-normal", requires=["140 < {pr@II} < 185", "140 < {pr} < 185"],
         text="The PR interval is [S|normal] ([S|{pr@II} ms] in lead II) and [S|not prolonged]."),
    dict(id="pr-notlong-false", requires=["{pr} > 240"],
         text="The PR interval is [C|not prolonged]."),
    dict(id="pr-short", requires=["{pr@II} < 116"],
         text="A [S|short] PR interval of [S|{pr@II} ms] is seen in lead II."),
    dict(id="pr-beat", requires=["{nbeats} >= 5"],
         text="At beat 3 the PR interval in lead II is [S|{pr@II#3} ms], and in the fourth beat "
              "it is [C|{pr@II#4+140} ms]."),
    dict(id="pr-range", text="PR intervals range between [S|{pr@II-5} and {pr@II+5} ms] in lead II."),
    dict(id="pr-cmp", requires=["{pr@II} < 170"],
         text="The PR interval exceeds [C|> 260 ms] in lead II."),
    # --- QRS -------------------------------------------------------------------------------------
    dict(id="qrs-true", text="The QRS duration is [S|{qrs@V1} ms] in V1 and [S|{qrs@V5} ms] in V5."),
    dict(id="qrs-width", text="QRS width measures [C|{qrs@V1*2+60} ms] in lead V1."),
    dict(id="qrs-narrow-true", requires=["{qrs} < 100", "{qrs@V1} < 100"],
         text="The QRS complexes are [S|narrow] at [S|{qrs@V1} ms] in V1."),
    dict(id="qrs-narrow-false", requires=["{qrs} > 150"],
         text="The QRS complex is [C|narrow], about [C|{qrs*0.4} ms]."),
    dict(id="qrs-wide-true", requires=["{qrs} > 145"],
         text="[S|Wide] QRS complexes of [S|{qrs} ms] suggest a [S|bundle branch block]."),
    dict(id="qrs-wide-false", requires=["{qrs} < 96"],
         text="There is a [C|complete right bundle branch block] with a [C|broad] QRS of "
              "[C|{qrs+90} ms]."),
    dict(id="qrs-incomplete", requires=["{qrs} < 105"],
         text="An incomplete right bundle branch block pattern is noted; QRS [S|{qrs} ms]."),
    dict(id="qrs-cmp-true", requires=["{qrs} < 100"], text="QRS duration is [S|< 120 ms]."),
    dict(id="qrs-cmp-false", requires=["{qrs@V1} < 110"], text="QRS duration [C|over 160 ms] in V1."),
    dict(id="qrs-amp", requires=["{qrsamp@V5} > 2 * {qrsamp@III} + 0.5"],
         text="QRS amplitude is [S|{qrsamp@V5} mV] in V5; in lead III it is [C|{qrsamp@V5} mV] as well."),
    dict(id="qrs-amp-false", text="The QRS voltage in lead V2 is [C|{qrsamp@V2+2.5} mV]."),
    dict(id="qrs-beat-nonexistent",
         text="The QRS duration at beat {nbeats+5} is [C|{qrs@V2} ms] in V2."),
    # --- QT and QTc ------------------------------------------------------------------------------
    dict(id="qt-true", text="QT is [S|{qt@II} ms] in lead II, giving a QTc of [S|{qtc@II} ms]."),
    dict(id="qtc-synonyms", text="The corrected QT is [S|{qtc} msec]; Bazett QTc [S|{qtc|s}]."),
    dict(id="qtc-false", text="The QTc interval is [C|{qtc+170} ms] and the QT interval [C|{qt+220} ms]."),
    dict(id="qtc-long-true", requires=["{qtc} > 520", "{qtc@II} > 520"],
         text="The QTc is [S|markedly prolonged] at [S|{qtc@II} ms] in lead II."),
    dict(id="qtc-long-false", requires=["{qtc} < 400", "{qtc@II} < 400"],
         text="There is a [C|prolonged] QTc of [C|{qtc+150} ms], [C|above 500 ms]."),
    dict(id="qtc-normal", requires=["{qtc} < 430"],
         text="The QTc is [S|within normal limits]."),
    dict(id="qtcf", text="Fridericia-corrected QTc is [S|{qtcf} ms] and QTcF [C|{qtcf+200} ms] in "
                         "the other reading."),
    # --- P and T waves, ST -----------------------------------------------------------------------
    dict(id="p-amp", requires=["{pamp@II} == {pamp@II}"],
         text="Lead II shows P waves of [S|{pamp@II} mV] lasting [S|{pdur@II} ms]."),
    dict(id="p-amp-false", text="P wave amplitude in lead II is [C|{pamp@II+0.6} mV] with a duration "
                                "of [C|{pdur@II+160} ms]."),
    dict(id="t-true", text="T wave amplitude is [S|{tamp@V3} mV] in V3 and [S|{tamp@aVR} mV] in aVR."),
    dict(id="t-wrong-lead", requires=["{tamp@V3} - {tamp@aVR} > 0.45"],
         text="The T wave reaches [C|{tamp@V3} mV] in lead aVR."),
    dict(id="t-inverted-avr", requires=["{tamp@aVR} < -0.12"],
         text="T waves are [S|inverted] in aVR, as expected."),
    dict(id="t-inverted-false", requires=["{tamp@V3} > 0.3", "{tamp@V4} > 0.3"],
         text="There is [C|T wave inversion] in leads V3 and V4."),
    dict(id="t-upright", requires=["{tamp@V3} > 0.2"],
         text="[S|Upright T waves] in V3 of [S|{tamp@V3} mV] with a T duration of [S|{tdur@V3} ms]."),
    dict(id="t-upright-false", requires=["{tamp@aVR} < -0.2"],
         text="[C|Upright T waves] are seen in lead aVR."),
    dict(id="st-elev-true", requires=["{st@V2} > 0.25"],
         text="There is [S|ST elevation] in V2 of [S|{st@V2} mV]."),
    dict(id="st-elev-false", requires=["{st@II} < 0.02", "{st@III} < 0.02", "{st@aVF} < 0.02"],
         text="[C|ST elevation] is seen in the inferior leads, measuring [C|{st@II+0.4} mV]."),
    dict(id="st-noelev", requires=["{st@II} < 0.06"],
         text="There is [S|no ST elevation] in lead II."),
    dict(id="st-mm", requires=["{st@V2} < 0.0"],
         text="The ST segment in V2 is [C|elevated] by [C|{st@V2+0.4|mm}]."),
    dict(id="st-mm-true", text="The ST level in V3 is [S|{st@V3|mm}]."),
    dict(id="st-depr", requires=["{st@V5} > 0.02", "{st@V6} > 0.02"],
         text="[C|ST depression] in the lateral precordial leads reaches [C|0.35 mV]."),
    # --- structure: leads, waves, beats ----------------------------------------------------------
    dict(id="lead-v7", flags=["nonexistent_lead"],
         text="Lead [C|V7] shows a QRS of [U|{qrs@V1} ms] and lead [C|aVX] is isoelectric."),
    dict(id="lead-v4r", flags=["nonexistent_lead"],
         text="Right-sided lead [C|V4R] shows ST elevation, and lead [C|IV] is normal."),
    dict(id="wave-k", flags=["invented_wave"],
         text="Prominent [C|K waves] follow each QRS, and an [C|X wave] is seen in V2."),
    dict(id="beat-nonexistent", flags=["nonexistent_beat"],
         text="The [C|{ordinal_beyond} beat] shows a premature complex."),
    dict(id="beat-exists", requires=["{nbeats} >= 4"],
         text="The [S|third beat] looks like the others."),
    # v1 did not measure R and S waves; v2 does (r_amp_mv, s_amp_mv), Q and U waves stay unmeasured
    dict(id="unmeasured", text="Q wave depth is [U|0.3 mV] in III and the U wave [U|0.1 mV] in V2."),
    # --- leakage and flags -----------------------------------------------------------------------
    dict(id="leak-report", flags=["leakage"],
         text="As the report says, the heart rate is [S|{hr} bpm]."),
    dict(id="leak-measurements", flags=["leakage"],
         text="Based on the provided measurements, the QRS is [S|{qrs} ms] and the machine "
              "measurements confirm a QTc of [S|{qtc} ms]."),
    # --- paraphrases and mixtures ----------------------------------------------------------------
    dict(id="mix-1", requires=["{pr@II} == {pr@II}"],
         text="A [S|{pr@II} ms] PR interval and a [S|{qrs@II} ms] QRS are measured in lead II; "
              "the heart rate is [C|{hr+60} bpm]."),
    dict(id="mix-2", text="In leads V5 and V6 the QRS amplitude is [S|{qrsamp@V5} mV], while the T wave "
                          "amplitude in V6 is [C|{tamp@V6+1.8} mV]."),
    dict(id="mix-3", requires=["{nbeats} >= 7"],
         text="Beats 4-6 show a QRS duration of [S|{qrs@V2#5} ms] in V2; the sixth beat has a "
              "T wave of [C|{tamp@V2#6+1.5} mV] in V2."),
    dict(id="mix-4", text="Heart rate [S|{hr} bpm]. QRS [C|{qrs+150} msec] in lead I. QT [S|{qt@I} ms] "
                          "in lead I."),
    # --- free-form answers in the style of GPT-4o grounding data (GEM, Appendix examples) ---------
    dict(id="gpt-style-1", requires=["{pr@II} == {pr@II}", "{tamp@aVR} < -0.1", "{qtc} < 430"], text=(
        "**Response:** The ECG demonstrates a rhythm with a heart rate of approximately [S|{hr} bpm], as "
        "evidenced by consistent RR intervals of about [S|{rr} ms] across the recorded beats. In lead I, the "
        "P wave amplitude is [S|{pamp@I} mV] and the QRS complex shows an amplitude of [S|{qrsamp@I} mV]. "
        "Lead II reveals a PR interval of [S|{pr@II} ms] (beat 3: [S|{pr@II#3} ms]), which is "
        "[S|within normal limits] for atrioventricular conduction. In lead aVR, the T wave is "
        "[S|inverted] at [S|{tamp@aVR} mV], as expected. V1 shows a QRS duration of [S|{qrs@V1} ms] with "
        "an rS morphology. The QTc interval is [S|{qtc} ms], which is [S|normal]. Overall, the findings "
        "support the diagnosis without evidence of ischemia.")),
    dict(id="gpt-style-2", requires=["{pr@II} < 175", "{qrs@V1} < 95", "{hr} < 95"], text=(
        "**Response:** Analysis of the tracing reveals a regular rhythm at a rate of roughly "
        "[C|{hr+55} bpm]. The PR interval in lead II measures ~[C|{pr@II+100} ms], suggesting "
        "[C|first-degree AV block]. QRS complexes in V1 are [C|broad], measuring around "
        "[C|{qrs@V1+80} ms], in keeping with a [C|right bundle branch block]. The T wave in lead II has an "
        "amplitude of [S|{tamp@II} mV], and at beat 2 it is [S|{tamp@II#2} mV]. "
        "The corrected QT (QTc) is [S|{qtc} ms].")),
    dict(id="gpt-style-3", requires=["{nbeats} >= 6", "{pr@II} == {pr@II}"], text=(
        "**Response:** Beat-by-beat, the RR interval before beat 5 is [S|{rr@II#5} ms] and the heart "
        "rate there [S|{hr#5} bpm]. Lead II: P [S|{pamp@II} mV], PR [S|{pr@II} ms], QRS [S|{qrs@II} ms], "
        "QT [S|{qt@II} ms]. Lead V5: QRS amplitude [S|{qrsamp@V5} mV], T [S|{tamp@V5} mV]. "
        "Lead V2: QRS [C|{qrs@V2+200} ms], T [C|{tamp@V2-1.5} mV], ST [C|{st@V2+0.5} mV].")),
    # --- written after the verifier was tuned (held-out phrasing); their first run found three
    # grammar gaps, fixed since: "X is absent" negation, bare "complexes", and a label of mine ------
    dict(id="held-1", requires=["{qtc} < 420"], text=(
        "**Response:** The heart rate, computed from an average RR interval of [S|{rr|s}], is "
        "[S|{hr} beats/min]. QT [S|prolongation is absent] here; the QTc of [S|{qtc} ms] is reported as "
        "such.")),
    dict(id="held-2", requires=["{nbeats} >= 6", "{pr@II#4} == {pr@II#4}", "{pr@II#5} == {pr@II#5}"], text=(
        "Notably, the fourth and fifth beats show PR intervals of [S|{pr@II#4}] and [S|{pr@II#5} ms] "
        "respectively in lead II, whereas lead V1 displays a QRS of [S|{qrs@V1} ms].")),
    dict(id="held-3", requires=["{tamp@II} > 0.15", "{tamp@aVF} > 0.15", "abs({tamp@II} - {tamp@aVF}) < 0.08"],
         text="In leads II and aVF (inferior), T waves are [S|upright], measuring [S|{tamp@II}] and "
              "[S|{tamp@aVF} mV] respectively."),
    dict(id="held-4", requires=["{st@V5} > 0.0", "{st@V6} > 0.0"],
         text="[C|ST-segment depression] of [C|{st@V5+0.2|mm}] is noted in V5–V6."),
    dict(id="held-5", requires=["{qrs@V2} < 100"], text=(
        "Evaluating lead V2, the ST segment sits at about [S|{st@V2|mm}] and the T wave peaks at "
        "[S|{tamp@V2} mV]; the QRS there lasts [C|{qrs@V2+150} ms], clearly [C|prolonged].")),
    dict(id="held-6", requires=["{hr} < 90", "{qrs} < 100"], text=(
        "The ventricular rate is [C|{hr+70} bpm], with [S|narrow]-looking complexes of [S|{qrs} ms].")),
    dict(id="respectively", requires=["abs({tamp@V1} - {tamp@V3}) > 0.25"], text=(
        "T wave amplitudes of [S|{tamp@V1}], [S|{tamp@V2}] and [S|{tamp@V3} mV] are seen in V1, V2 and V3, "
        "respectively, and QRS durations of [S|{qrs@V5}] and [C|{qrs@V6+150} ms] in V5 and V6.")),
    dict(id="respectively-swapped", requires=["abs({tamp@V1} - {tamp@V3}) > 0.3"], text=(
        "T wave amplitudes of [C|{tamp@V3}] and [C|{tamp@V1} mV] are seen in V1 and V3, respectively.")),
    dict(id="norms-quoted", requires=["{pr@II} == {pr@II}"], text=(
        "The PR interval is [S|{pr@II} ms] in lead II (normal 120-200 ms), the heart rate [S|{hr} bpm] "
        "(normal range 60-100 bpm) and the QTc [S|{qtc} ms], against an upper limit of normal of 450 ms.")),
    dict(id="rules-not-claims", requires=["{qtc} < 440", "{pr@II} < 190"], text=(
        "The QTc is [S|{qtc} ms]; a QTc above 500 ms carries a high arrhythmic risk, and if the PR "
        "interval were prolonged beyond 200 ms a first-degree block would be diagnosed. Here the PR "
        "interval is [S|{pr@II} ms] in lead II.")),
    # --- GEM-style lead-by-lead paragraphs (~300 words) ------------------------------------------
    dict(id="gem-long-1", requires=["{pr@II} == {pr@II}"], text=(
        "**Response:** The rhythm is regular at [S|{hr} bpm], with RR intervals around [S|{rr} ms] across "
        "the {nbeats} beats of the strip. Lead I shows upright QRS complexes of [S|{qrsamp@I} mV] with a "
        "duration of [S|{qrs@I} ms] and a T wave of [S|{tamp@I} mV], supporting a normal frontal "
        "orientation together with aVF. In lead II, the P waves measure [S|{pamp@II} mV] and last "
        "[S|{pdur@II} ms], which argues against atrial enlargement, and the PR interval is "
        "[S|{pr@II} ms]; at beat 2 it reads [S|{pr@II#2} ms]. The inferior wall shows no pathological Q "
        "waves: lead III has a QRS amplitude of [S|{qrsamp@III} mV] and lead aVF [S|{qrsamp@aVF} mV], "
        "and the T wave in aVF is [S|{tamp@aVF} mV]. Lead aVL, looking at the high lateral wall, "
        "has a QRS of [S|{qrs@aVL} ms]. Lead aVR is, as usual, negative, with a T wave of "
        "[S|{tamp@aVR} mV]. In V1 the QRS lasts [S|{qrs@V1} ms] with an amplitude of [S|{qrsamp@V1} mV], "
        "so there is no sign of right ventricular hypertrophy. Across V2 to V4, the anterior and septal "
        "leads, R waves progress normally; the T wave in V2 is [S|{tamp@V2} mV] and in V4 "
        "[S|{tamp@V4} mV], and the ST level in V3 is [S|{st@V3} mV]. The lateral leads V5 and V6 show "
        "QRS amplitudes of [S|{qrsamp@V5} mV] and [S|{qrsamp@V6} mV] with T waves of [S|{tamp@V5} mV] "
        "and [S|{tamp@V6} mV]. The QT interval in lead II is [S|{qt@II} ms], corresponding to a QTc of "
        "[S|{qtc@II} ms]. Taken together, the intervals, axis and repolarisation are consistent with "
        "the diagnosis, and each finding above was read from the tracing lead by lead.")),
    dict(id="gem-long-2", requires=["{pr@II} == {pr@II}"], text=(
        "**Response:** Reading the tracing lead by lead, the rate is [C|{hr+40} bpm] and the rhythm "
        "appears regular. In lead I the QRS complex lasts [S|{qrs@I} ms] with an amplitude of "
        "[C|{qrsamp@I+2.2} mV], and the T wave is [S|{tamp@I} mV]. Lead II shows P waves of "
        "[S|{pamp@II} mV] and a PR interval of [C|{pr@II+130} ms]; in the third beat the PR interval "
        "is [S|{pr@II#3} ms]. In the inferior leads (II, III, aVF) the T waves measure around "
        "[C|{tamp@II+1.4} mV]. Lead aVL shows a QRS of [S|{qrs@aVL} ms]. In aVR the T wave is "
        "[S|{tamp@aVR} mV]. Lead V1 has a QRS duration of [C|{qrs@V1+120} ms] and lead V2 a QRS "
        "amplitude of [S|{qrsamp@V2} mV]. In V3 the T wave amplitude is [S|{tamp@V3} mV] and the ST "
        "segment sits at [S|{st@V3} mV]. V4 shows a T wave of [C|{tamp@V4-1.6} mV]. In V5 the QRS "
        "amplitude is [S|{qrsamp@V5} mV] and in V6 the T wave is [S|{tamp@V6} mV]. The QT interval is "
        "[S|{qt@II} ms] in lead II and the corrected QT [C|{qtc@II+190} ms]. A [C|V8] lead was not "
        "recorded. Overall, the conduction intervals and the repolarisation pattern were assessed "
        "across all twelve leads, and the findings are summarised above, lead group by lead group, "
        "so that each statement can be traced back to a specific lead and beat of this recording.")),
)

# "The twentieth beat" for a record with fewer beats: filled by the test from n_beats.
ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                 "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                 "seventeenth", "eighteenth", "nineteenth", "twentieth")
