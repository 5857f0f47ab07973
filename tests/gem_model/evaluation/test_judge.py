"""The judge parser on 34 hand-written replies: every readable reply read, repairs named, cut replies refused."""
from __future__ import annotations

import pytest

from gem_model.evaluation.judge import CRITERIA, REPAIRS, load_prompt, parse_verdict, read_object
from tests.gem_model.evaluation.judge_replies import REPAIRS_BY_REPLY, REPLIES, UNREADABLE


def _parse(sid: str):
    text, finish_reason = REPLIES[sid]
    return parse_verdict(text, sample_id=sid, source="model", finish_reason=finish_reason)


@pytest.mark.parametrize("sid", list(REPLIES))
def test_every_recoverable_reply_is_read_and_only_unreadable_ones_are_not(sid):
    v = _parse(sid)
    assert v.parse_ok is (sid not in UNREADABLE), v.errors
    if v.parse_ok:  # a readable reply loses no criterion it contains
        assert set(v.scores) | set(v.missing) | {e.split(":")[0] for e in v.errors} == set(CRITERIA)


@pytest.mark.parametrize("sid", [s for s in REPLIES if s not in UNREADABLE])
def test_each_repair_is_recorded_per_reply_in_the_fixed_order(sid):
    # which faults each reply has was written down by hand next to the reply
    assert _parse(sid).repairs == REPAIRS_BY_REPLY.get(sid, ())
    assert list(REPAIRS_BY_REPLY.get(sid, ())) == [k for k in REPAIRS if k in REPAIRS_BY_REPLY.get(sid, ())]


def test_a_reply_cut_mid_string_is_never_completed():
    text, _ = REPLIES["r29"]
    for finish_reason in ("length", "stop", None):  # the unterminated string alone is enough
        v = parse_verdict(text, finish_reason=finish_reason)
        assert not v.parse_ok and v.errors == ("unreadable: reply cut off inside a string",)
        assert v.scores == {} and set(v.missing) == set(CRITERIA)


def test_closing_brackets_are_appended_only_when_the_reply_was_not_cut_at_max_tokens():
    text, _ = REPLIES["r30"]  # ends after a complete item: "..., "
    cut = parse_verdict(text, finish_reason="length")
    assert not cut.parse_ok and "finish_reason length" in cut.errors[0]
    whole = parse_verdict(text, finish_reason="stop")  # the same text from a judge that simply stopped
    assert whole.parse_ok and whole.repairs == ("trailing_comma", "closing_brackets")
    assert whole.scores == {"DiagnosisAccuracy": (2.0,), "AnalysisCompleteness": (1.0,),
                            "AnalysisRelevance": (2.0,)}
    dangling = parse_verdict('{"DiagnosisAccuracy": [{"Score": 2}, {"Score":')  # a key without its value
    assert not dangling.parse_ok  # closing it would need an invented value


def test_no_prefix_of_a_reply_cut_at_max_tokens_is_completed():
    # every way GPT-4o could stop at max_output_tokens inside R01: none may become a verdict, since
    # completing it would score the criteria it never reached as 0 (gem) or hide them (strict)
    text = REPLIES["r01"][0]
    for end in range(1, len(text), 3):
        v = parse_verdict(text[:end], finish_reason="length")
        assert not v.parse_ok and v.scores == {}, end
    assert parse_verdict(text, finish_reason="length").parse_ok  # complete JSON at the limit is still whole


def test_hostile_input_is_a_reason_never_an_exception():
    for text in ("[" * 100_000, '{"a":' * 100_000, "{" + "[" * 5000, "", "{", "}{", "```json\n```", "\x00{"):
        v = parse_verdict(text)
        assert not v.parse_ok and v.errors[0].startswith("unreadable"), text[:20]


def test_refusals_are_unreadable_with_the_reason():
    assert _parse("r28").errors == ("unreadable: no JSON object in the reply",)
    assert _parse("r31").errors == ("unreadable: none of the eight criteria in the reply",)
    assert parse_verdict("[1, 2]").errors == ("unreadable: no JSON object in the reply",)
    assert parse_verdict(None, status="failed").errors == ("no judge answer (failed)",)


def test_curly_quotes_inside_ascii_strings_stay_text():
    doc, repairs, _ = read_object(REPLIES["r23"][0])
    assert doc["DiagnosisAccuracy"][0]["Explanation"] == "the “scooped” ST named"
    assert repairs == ("trailing_comma",)  # no smart-quote repair: those quotes were never delimiters
    doc, repairs, _ = read_object(REPLIES["r27"][0])  # curly single quotes as delimiters, an apostrophe inside
    assert doc["ECGFeatureGrounding"]["Explanation"] == "it’s partly grounded"


def test_both_key_namings_are_read_so_no_criterion_is_silently_dropped():
    v = _parse("r19")
    assert set(v.scores) == set(CRITERIA)  # the released notebook loses two of these eight
    assert v.scores["ECGFeatureGrounding"] == (100.0, 50.0, 0.0)
    assert v.scores["ClinicalDiagnosticFidelity"] == (80.0, 80.0)
    assert set(v.aliases_used) == {"GroundedECGUnderstanding", "RealisticDiagnosticProcess"}
    both = _parse("r33")  # one criterion under both names: the canonical one is used, and that is said
    assert both.scores["ECGFeatureGrounding"] == (100.0,)
    assert both.errors[0].startswith("ECGFeatureGrounding: given under several names")


def test_off_scale_and_missing_scores_are_named_not_guessed():
    assert _parse("r25").errors == ("ECGFeatureGrounding: scores [65.0] not on the scale [0, 50, 80, 100]",)
    assert "ECGFeatureGrounding" not in _parse("r25").scores
    r24 = _parse("r24")  # Python None where a score belongs
    assert r24.errors[0].startswith("EvidenceBasedReasoning: invalid") and "EvidenceBasedReasoning" not in r24.scores
    assert set(_parse("r34").missing) == {"AnalysisCompleteness", "AnalysisRelevance", "LeadAssessmentAccuracy",
                                          "EvidenceBasedReasoning", "ClinicalDiagnosticFidelity"}
    assert _parse("r22").scores["AnalysisRelevance"] == (1.0, 0.0)  # "1" as a string is the number 1


def test_the_shipped_rubric_loads_and_renders_braces_verbatim():
    prompt = load_prompt()
    assert prompt.version == "judge-v1"
    for name in CRITERIA:
        assert name in prompt.system
    user = prompt.render("QRS {wide}", "PR 210 ms")
    assert "QRS {wide}" in user and "PR 210 ms" in user
