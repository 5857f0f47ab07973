"""The verify stage on disk: one verified row per response, a claims table, failures kept with reasons."""
from __future__ import annotations

import polars as pl

from gem_data.verify.batch import CLAIMS_SCHEMA, VERIFIED_SCHEMA, build_batch
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
