"""Judge-free grounding scores for any interpretation text, from the grounding verifier.

No LLM decides these: the verifier (:func:`gem_data.verify.report.verify_response`) extracts the claims
a text makes (feature, lead, beat, value or qualitative term) and checks each against the record's own
FeatureDB rows. The same function scores model outputs, ground-truth answers, template drafts or
machine reports, so they can be compared side by side on the same records. Per response:

| score | definition |
|---|---|
| claims_per_response | claims the verifier extracted (measurements, qualitative, rhythm, structural) |
| grounding_precision | 100 * supported / (supported + contradicted): of the checkable claims, the share the features support (undefined without a checkable claim) |
| contradicted_rate | 100 * contradicted / claims (undefined without a claim) |
| leads_covered | distinct standard leads the text names (0-12; lead groups count their members) |
| features_cited | distinct FeatureDB features its measurement / qualitative / rhythm claims cite |

Without the record's FeatureDB rows nothing is checkable: the two rates are left undefined (and
counted missing) rather than reported as 0 % contradicted.
"""
from __future__ import annotations

import glob
from pathlib import Path

import polars as pl

from gem_data.llm.client import answer_of
from gem_data.verify.report import verify_response
from gem_data.verify.values import RecordValues

JUDGE_FREE_METRICS = ("claims_per_response", "grounding_precision", "contradicted_rate", "leads_covered",
                      "features_cited")
SCORES_SCHEMA: dict[str, pl.DataType] = {
    "claims_per_response": pl.Float64, "n_supported": pl.Int64, "n_contradicted": pl.Int64,
    "n_unverifiable": pl.Int64, "grounding_precision": pl.Float64, "contradicted_rate": pl.Float64,
    "leads_covered": pl.Float64, "features_cited": pl.Float64, "leads": pl.Utf8, "features": pl.Utf8,
    "verifier_flags": pl.Utf8,
}
_STRUCTURAL = frozenset({"lead", "wave", "beat"})


def score_texts(texts: list[str | None], feature_rows: list[pl.DataFrame | None]) -> tuple[pl.DataFrame, str]:
    """Per-response judge-free scores (one row per text, ``SCORES_SCHEMA``) and a note on coverage.

    A text holding the generation marker is scored on what follows ``**Response:**``.
    """
    if len(texts) != len(feature_rows):
        raise ValueError(f"{len(texts)} texts for {len(feature_rows)} feature tables")
    rows = []
    n_checked = 0
    for text, feats in zip(texts, feature_rows):
        if text is None:
            rows.append(dict.fromkeys(SCORES_SCHEMA))
            continue
        values = RecordValues.from_rows(feats) if feats is not None and feats.height else None
        report = verify_response(answer_of(text) or text, values, raw=False)
        n_checked += values is not None
        rows.append(_scores(report, checked=values is not None))
    n_text = sum(t is not None for t in texts)
    note = (f"claims checked against FeatureDB rows for {n_checked} of {n_text} texts"
            + ("" if n_checked == n_text else "; the rest have no features, so their rates are undefined"))
    return pl.DataFrame(rows, schema=SCORES_SCHEMA), note


def feature_rows_for(data_dir: str | Path | None, record_ids: list[str]) -> dict[str, pl.DataFrame]:
    """record_id -> its FeatureDB rows, from every ``features/<batch>.parquet`` under ``data_dir``."""
    if data_dir is None:
        return {}
    files = sorted(glob.glob(str(Path(data_dir) / "features" / "*.parquet")))
    if not files or not record_ids:
        return {}
    rows = pl.scan_parquet(files).filter(pl.col("record_id").is_in(list(set(record_ids)))).collect()
    return {rid: part for (rid,), part in rows.group_by("record_id")}


def _scores(report, *, checked: bool) -> dict:
    """One response's row from the verifier's report (rates only when the claims could be checked)."""
    n = len(report.claims)
    sup, con = report.count("supported"), report.count("contradicted")
    features = dict.fromkeys(c.feature for c in report.claims if c.feature and c.feature not in _STRUCTURAL)
    return {
        "claims_per_response": float(n), "n_supported": sup, "n_contradicted": con,
        "n_unverifiable": report.count("unverifiable"),
        "grounding_precision": 100.0 * sup / (sup + con) if checked and sup + con else None,
        "contradicted_rate": 100.0 * con / n if checked and n else None,
        "leads_covered": float(len(report.leads_covered)), "features_cited": float(len(features)),
        "leads": ",".join(report.leads_covered), "features": ",".join(features),
        "verifier_flags": ",".join(report.flags),
    }
