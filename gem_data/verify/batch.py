"""The verify stage for one batch: every LLM response checked against its record's FeatureDB rows.

Reads ``responses/<batch>.parquet`` (gem_data.llm.responses), ``features/<batch>.parquet`` and, when
present, ``features_records/<batch>.parquet`` (FeatureDB v2 record facts: atrial activity, RR
irregularity, voltage indices; derived from the rows otherwise); writes
- ``verified/<batch>.parquet``: one row per response (:data:`VERIFIED_SCHEMA`): claim counts,
  grounding precision, leads covered, flags, passed, fail reasons;
- ``claims/<batch>.parquet``: one row per claim (:data:`CLAIMS_SCHEMA`) with its verdict and the
  measured value it was compared with.
Responses whose LLM call did not succeed get a failing row and no claims.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from gem_data.features.batch import RECORDS_STAGE
from gem_data.catalog import write_quarantine
from gem_data.io import atomic_parquet
from gem_data.isolate import isolate
from gem_data.layout import DataLayout

from .claims import RULES, Extractor
from .report import VerifyPolicy, verify_response
from .values import values_by_record

STAGE, CLAIMS_STAGE = "verified", "claims"
VERIFIED_SCHEMA: dict[str, pl.DataType] = {
    "record_id": pl.Utf8, "request_key": pl.Utf8, "backend": pl.Utf8, "model": pl.Utf8,
    "extractor": pl.Utf8, "n_claims": pl.Int32, "n_supported": pl.Int32, "n_contradicted": pl.Int32,
    "n_unverifiable": pl.Int32, "grounding_precision": pl.Float64, "leads_covered": pl.List(pl.Utf8),
    "n_leads_covered": pl.Int32, "flags": pl.List(pl.Utf8), "words": pl.Int32, "passed": pl.Boolean,
    "fail_reasons": pl.List(pl.Utf8),
}
CLAIMS_SCHEMA: dict[str, pl.DataType] = {
    "record_id": pl.Utf8, "request_key": pl.Utf8, "claim_idx": pl.Int32, "kind": pl.Utf8,
    "feature": pl.Utf8, "text": pl.Utf8, "start": pl.Int32, "end": pl.Int32, "comparator": pl.Utf8, "term": pl.Utf8, "negated": pl.Boolean,
    "lo": pl.Float64, "hi": pl.Float64, "unit": pl.Utf8, "leads": pl.List(pl.Utf8),
    "beats": pl.List(pl.Int32), "verdict": pl.Utf8, "measured": pl.Float64, "tolerance": pl.Float64,
    "reason": pl.Utf8,
}


@dataclass(frozen=True)
class VerifySummary:
    """What a verify run found, small enough for asset metadata and the blocking check."""

    batch: str
    n_responses: int
    n_passed: int
    n_claims: int
    verdicts: dict[str, int] = field(default_factory=dict)
    claim_kinds: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> verdict -> n
    fail_reasons: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    verified_path: str = ""
    claims_path: str = ""

    @property
    def n_failed(self) -> int:
        return self.n_responses - self.n_passed

    @property
    def contradicted_share(self) -> float:
        """contradicted / (supported + contradicted) over the batch's claims (0 when none checkable)."""
        s, c = self.verdicts.get("supported", 0), self.verdicts.get("contradicted", 0)
        return c / (s + c) if s + c else 0.0

    @property
    def preview_md(self) -> str:
        lines = ["| claim kind | supported | contradicted | unverifiable |", "|---|---|---|---|"]
        for kind, counts in sorted(self.claim_kinds.items()):
            lines.append(f"| {kind} | {counts.get('supported', 0)} | {counts.get('contradicted', 0)} | "
                         f"{counts.get('unverifiable', 0)} |")
        if self.fail_reasons:
            lines += ["", "| fail reason | responses |", "|---|---|"]
            lines += [f"| {r} | {n} |" for r, n in sorted(self.fail_reasons.items(), key=lambda kv: -kv[1])]
        return "\n".join(lines)


def build_batch(layout: DataLayout, batch: str, policy: VerifyPolicy = VerifyPolicy(),
                extractor: Extractor = RULES) -> VerifySummary:
    """Verify every response of ``batch``; write the verified and claims tables."""
    responses = pl.read_parquet(layout.stage_file("responses", batch))
    wanted = set(responses["record_id"].to_list())
    features_path = layout.features(batch)
    features = (pl.read_parquet(features_path).filter(pl.col("record_id").is_in(list(wanted)))
                if features_path.exists() else pl.DataFrame())
    values = values_by_record(features, _record_facts(layout, batch, wanted))
    verified: list[dict] = []
    claims: list[dict] = []
    kinds: dict[str, Counter] = {}
    quarantine: list[dict] = []
    for row in responses.iter_rows(named=True):
        base = {k: row.get(k) for k in ("record_id", "request_key", "backend", "model")}
        if row.get("status") != "ok" or not (row.get("text") or row.get("answer")):
            verified.append({**base, "extractor": extractor.name, "n_claims": 0, "n_supported": 0,
                             "n_contradicted": 0, "n_unverifiable": 0, "grounding_precision": None,
                             "leads_covered": [], "n_leads_covered": 0, "flags": [], "words": 0,
                             "passed": False, "fail_reasons": [f"llm status: {row.get('status')}"]})
            continue
        raw = row.get("text") is not None
        done, failed = isolate("verify", base["record_id"], _verify_one, row["text"] if raw else row["answer"],
                               values.get(row["record_id"]), policy, raw, extractor)
        if failed:  # a response the verifier cannot read fails, with the exception as its reason
            quarantine.append(failed)
            done = ({"n_claims": 0, "n_supported": 0, "n_contradicted": 0, "n_unverifiable": 0,
                     "grounding_precision": None, "leads_covered": [], "n_leads_covered": 0, "flags": [],
                     "words": 0, "passed": False, "fail_reasons": [failed["reason"]]}, [])
        verified.append({**base, "extractor": extractor.name, **done[0]})
        for claim in done[1]:
            claims.append({"record_id": base["record_id"], "request_key": base["request_key"], **claim})
            kinds.setdefault(claim["kind"], Counter())[claim["verdict"]] += 1
    verified_frame = pl.DataFrame(verified, schema=VERIFIED_SCHEMA)
    claims_frame = pl.DataFrame(claims, schema=CLAIMS_SCHEMA)
    atomic_parquet(layout.stage_file(STAGE, batch), verified_frame)
    atomic_parquet(layout.stage_file(CLAIMS_STAGE, batch), claims_frame)
    write_quarantine(layout, "verify", batch, quarantine)
    return VerifySummary(
        batch=batch, n_responses=len(verified), n_passed=sum(r["passed"] for r in verified),
        n_claims=len(claims), verdicts=dict(Counter(c["verdict"] for c in claims)),
        claim_kinds={k: dict(v) for k, v in kinds.items()},
        fail_reasons=dict(Counter(_reason_key(r) for v in verified for r in v["fail_reasons"])),
        flags=dict(Counter(f for v in verified for f in v["flags"])),
        verified_path=str(layout.stage_file(STAGE, batch)), claims_path=str(layout.stage_file(CLAIMS_STAGE, batch)),
    )


def _verify_one(answer: str, values, policy: VerifyPolicy, raw: bool, extractor: Extractor) -> tuple[dict, list[dict]]:
    """(summary, claim rows) of one response; run isolated so one response never fails the batch."""
    rep = verify_response(answer, values, policy, raw=raw, extractor=extractor)
    return rep.summary(), rep.claim_rows()


def _record_facts(layout: DataLayout, batch: str, wanted: set[str]) -> dict[str, dict]:
    """``{record_id: features_records row}`` for the batch's answered records (empty if absent)."""
    path = layout.stage_file(RECORDS_STAGE, batch)
    if not path.exists():
        return {}
    frame = pl.read_parquet(path).filter(pl.col("record_id").is_in(list(wanted)))
    return {row["record_id"]: row for row in frame.iter_rows(named=True)}


def _reason_key(reason: str) -> str:
    """Group reasons that carry numbers ("3 contradicted claim(s)") under one key."""
    if reason[:1].isdigit():
        return reason.split(" ", 1)[1]
    return reason.split(" < ")[0].rsplit(" ", 1)[0] if reason.startswith("grounding precision") else reason


def dropped_by_claim_type(root: Path) -> dict[str, int]:
    """``{claim type: responses}`` over every batch under the data root ``root``: how many failed
    responses had at least one contradicted claim of each type (a response counts once per type,
    and under several types when it had several). The type is the claim's FeatureDB column, or
    ``lead`` / ``wave`` / ``beat`` for claims about things that do not exist (the dataset card)."""
    claims_files = sorted((root / CLAIMS_STAGE).glob("*.parquet"))
    verified_files = sorted((root / STAGE).glob("*.parquet"))
    if not claims_files or not verified_files:
        return {}
    failed = (pl.concat([pl.read_parquet(p, columns=["request_key", "passed"]) for p in verified_files])
              .filter(~pl.col("passed")).select("request_key"))
    claims = pl.concat([pl.read_parquet(p, columns=["request_key", "feature", "verdict"]) for p in claims_files])
    per_type = (claims.filter(pl.col("verdict") == "contradicted").join(failed, on="request_key")
                .select("request_key", pl.col("feature").fill_null("other")).unique()
                .group_by("feature").len().sort("len", descending=True))
    return dict(zip(per_type["feature"].to_list(), per_type["len"].to_list()))
