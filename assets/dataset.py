"""The instruction dataset: every batch's verified responses, split by patient, in two formats."""
import dagster as dg

from assets.checks import quarantine_share_result, quarantine_share_spec
from assets.resources import DataStore
from gem_data.dataset import DatasetConfig, build_dataset
from gem_data.dataset.build import PARTS_QUARANTINE


class InstructionDatasetConfig(dg.Config):
    """Mirrors gem_data.dataset.DatasetConfig (defaults live there)."""

    test_share: float = DatasetConfig.test_share
    test_size: int | None = DatasetConfig.test_size
    require_verified: bool = DatasetConfig.require_verified
    exclude_file: str | None = None
    mix_json: str | None = None
    image_root: str | None = None
    ecg_prefix: str = ""

    def build(self) -> DatasetConfig:
        return DatasetConfig(**self.model_dump())


@dg.asset(deps=["verified_responses"], group_name="dataset", kinds={"parquet", "json"},
          check_specs=[quarantine_share_spec("instruction_dataset", "dataset")])
def instruction_dataset(config: InstructionDatasetConfig, store: DataStore) -> dg.MaterializeResult:
    """Training-ready grounded instruction data: train/test Parquet + GEM/LLaVA JSON + dataset card,
    patient-level split that never moves; only responses that passed the grounding verifier."""
    summary = build_dataset(store.layout(), config.build())
    check = quarantine_share_result(store.layout(), "dataset", PARTS_QUARANTINE, summary.n_failed_parts,
                                    summary.n_batches + summary.n_failed_parts, store.max_quarantine_share)
    return dg.MaterializeResult(check_results=[check], metadata={
        "dagster/row_count": summary.n_train + summary.n_test,
        "train": summary.n_train,
        "test": summary.n_test,
        "mixed_in": summary.n_mixed,
        "batches": summary.n_batches,
        "batches_rebuilt": summary.n_rebuilt,
        "dropped": dg.MetadataValue.json(summary.dropped),
        "by_source": dg.MetadataValue.json(summary.by_source),
        "cost_usd": summary.cost_usd,
        "card": dg.MetadataValue.path(f"{summary.out_dir}/README.md"),
        "samples": dg.MetadataValue.md(summary.preview_md),
    })
