"""The verify stage on disk: one verified row per response, a claims table, failures kept with reasons."""
from __future__ import annotations

import polars as pl

from gem_data.verify.batch import CLAIMS_SCHEMA, VERIFIED_SCHEMA, build_batch, dropped_by_claim_type
from gem_data.verify.report import VerifyPolicy

from .batchdata import RECORDS, write_batch


def test_grounded_batch_passes_and_writes_both_tables(shared_data, tmp_path):
    layout = write_batch(shared_data, tmp_path, "b1", failed_last=True)
    summary = build_batch(layout, "b1", VerifyPolicy())
    verified = pl.read_parquet(layout.stage_file("verified", "b1"))
    claims = pl.read_parquet(layout.stage_file("claims", "b1"))
    assert dict(verified.schema) == VERIFIED_SCHEMA and dict(claims.schema) == CLAIMS_SCHEMA
    assert verified.height == len(RECORDS) == summary.n_responses
    ok = verified.filter(pl.col("fail_reasons").list.len() == 0)
    assert ok.height == len(RECORDS) - 1 and ok["passed"].all()
    assert ok["grounding_precision"].min() == 1.0 and ok["n_leads_covered"].min() >= 4
    failed = verified.filter(~pl.col("passed"))
    assert failed["fail_reasons"].to_list() == [["llm status: failed"]]
    assert summary.contradicted_share == 0.0 and summary.n_claims == claims.height > 30
    assert set(claims["request_key"]) == {"key-0", "key-1"}


def test_false_measurements_fail_every_response_and_raise_the_share(shared_data, tmp_path):
    layout = write_batch(shared_data, tmp_path, "b2", false_answers=True)
    summary = build_batch(layout, "b2", VerifyPolicy())
    verified = pl.read_parquet(layout.stage_file("verified", "b2"))
    assert not verified["passed"].any()
    assert summary.contradicted_share > 0.9
    assert summary.flags == {"nonexistent_lead": 3, "invented_wave": 3}
    assert summary.fail_reasons["contradicted claim(s)"] == 3


class _EveryNumberIsAPr:
    """A stand-in extractor: the stage must work with any implementation of the interface."""

    name = "toy-v0"

    def extract(self, text):
        from gem_data.verify.claims import Extraction, extract_claims

        claims = tuple(c for c in extract_claims(text) if c.feature == "pr_ms" and c.term is None)
        return Extraction(claims, ())


def test_stage_accepts_another_extractor_and_answer_only_rows(shared_data, tmp_path):
    layout = write_batch(shared_data, tmp_path, "b3")
    path = layout.stage_file("responses", "b3")
    pl.read_parquet(path).with_columns(pl.lit(None, dtype=pl.Utf8).alias("text")).write_parquet(path)
    summary = build_batch(layout, "b3", VerifyPolicy(), extractor=_EveryNumberIsAPr())
    verified = pl.read_parquet(layout.stage_file("verified", "b3"))
    assert set(verified["extractor"]) == {"toy-v0"}
    assert not any("missing_marker" in f for f in verified["flags"].to_list())  # answers need no marker
    assert summary.claim_kinds and set(summary.claim_kinds) <= {"measurement"}


def test_dropped_by_claim_type_counts_failed_responses_once_per_type(shared_data, tmp_path):
    layout = write_batch(shared_data, tmp_path, "b4", false_answers=True)
    build_batch(layout, "b4", VerifyPolicy())
    counts = dropped_by_claim_type(layout.root)
    # every false answer contradicts its rate, PR, QRS, a lead and a wave: 3 responses each
    assert counts == {"heart_rate_bpm": 3, "pr_ms": 3, "qrs_dur_ms": 3, "lead": 3, "wave": 3}


def test_features_records_facts_are_used_when_present(shared_data, tmp_path):
    layout = write_batch(shared_data, tmp_path, "b5")
    responses = pl.read_parquet(layout.stage_file("responses", "b5"))
    ids = responses["record_id"].to_list()
    answer = "**Response:** Atrial fibrillation: no P waves, irregularly irregular rhythm."
    responses.with_columns(pl.lit(answer).alias("text")).write_parquet(layout.stage_file("responses", "b5"))
    path = layout.stage_file("features_records", "b5")
    path.parent.mkdir(parents=True, exist_ok=True)
    pl.DataFrame({"record_id": ids, "atrial_activity": ["absent_irregular"] * len(ids),
                  "rr_irregularity": [0.3] * len(ids)}).write_parquet(path)
    build_batch(layout, "b5", VerifyPolicy())
    claims = pl.read_parquet(layout.stage_file("claims", "b5"))
    assert set(claims["verdict"]) == {"supported"} and claims.height == 3 * len(ids)
    text = answer.split("**Response:** ")[1]
    assert all(text[s:e] == t for s, e, t in claims.select("start", "end", "text").iter_rows())
