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
