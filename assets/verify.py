"""Grounding verifier: every response's claims checked against the batch's measured features."""
import dagster as dg

from assets.checks import VERIFY_CHECKS, quarantine_share_result, quarantine_share_spec, verify_check_results
from assets.partitions import batches
from assets.resources import DataStore
from gem_data.verify.batch import build_batch
from gem_data.verify.report import VerifyPolicy

_DEFAULT = VerifyPolicy()  # defaults live once, in the library policy


class VerifyParams(dg.Config):
    """Mirrors gem_data.verify.VerifyPolicy: when a response passes, and when a batch is blocked."""

    max_contradicted: int = _DEFAULT.max_contradicted
    min_precision: float = _DEFAULT.min_precision
    min_checked_claims: int = _DEFAULT.min_checked_claims
    max_words: int = _DEFAULT.max_words
    fail_flags: list[str] = list(_DEFAULT.fail_flags)
    max_contradicted_share: float = _DEFAULT.max_contradicted_share

    def policy(self) -> VerifyPolicy:
        return VerifyPolicy(**{**self.model_dump(), "fail_flags": tuple(self.fail_flags)})


@dg.asset(partitions_def=batches, deps=["llm_responses", "ecg_features"], group_name="verify",
          kinds={"parquet"}, check_specs=[*VERIFY_CHECKS, quarantine_share_spec("verified_responses", "verify")])
def verified_responses(context: dg.AssetExecutionContext, config: VerifyParams, store: DataStore) -> dg.MaterializeResult:
    """Every response's claims (numbers, leads, beats, waves) checked against the measured FeatureDB
    values: supported / contradicted / unverifiable, grounding precision, flags, pass or fail."""
    policy = config.policy()
    summary = build_batch(store.layout(), context.partition_key, policy)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": summary.n_responses,
            "passed": summary.n_passed,
            "failed": summary.n_failed,
            "claims": summary.n_claims,
            "verdicts": dg.MetadataValue.json(summary.verdicts),
            "flags": dg.MetadataValue.json(summary.flags),
            "fail_reasons": dg.MetadataValue.json(summary.fail_reasons),
            "verified": dg.MetadataValue.path(summary.verified_path),
            "claims_table": dg.MetadataValue.path(summary.claims_path),
            "preview": dg.MetadataValue.md(summary.preview_md),
        },
        check_results=[*verify_check_results(summary.contradicted_share, policy.max_contradicted_share),
                       quarantine_share_result(store.layout(), "verify", context.partition_key, None,
                                               summary.n_responses, store.max_quarantine_share)],
    )
