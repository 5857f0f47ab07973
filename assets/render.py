"""Rendering: every OK record of a batch drawn as a page of ECG paper (the image GEM sees)."""
import dagster as dg

from assets.checks import quarantine_share_result, quarantine_share_spec
from assets.partitions import batches
from assets.resources import DataStore
from gem_data.render import RenderConfig
from gem_data.render.batch import build_batch


_DEFAULT = RenderConfig()  # defaults live once, in the library config


class RenderParams(dg.Config):
    """How pages look (SPEC §5 defaults: 3x4 + rhythm strip, 200 DPI, letter, red grid)."""

    layout: str = _DEFAULT.layout
    dpi: int = _DEFAULT.dpi
    paper: str = _DEFAULT.paper
    speed_mm_s: float = _DEFAULT.speed_mm_s
    gain_mm_mv: float = _DEFAULT.gain_mm_mv
    colors: str = _DEFAULT.colors
    augment: list[str] = list(_DEFAULT.augment)
    seed: int = _DEFAULT.seed
    header: bool = _DEFAULT.header
    header_ids: bool = _DEFAULT.header_ids


@dg.asset(partitions_def=batches, deps=["ecg_catalog"], group_name="render", kinds={"png", "parquet"},
          check_specs=[quarantine_share_spec("ecg_images", "render")])
def ecg_images(context: dg.AssetExecutionContext, config: RenderParams, store: DataStore) -> dg.MaterializeResult:
    """One PNG page per OK record of the batch plus a Parquet index (path, layout, dpi, size, config
    hash, seed). Pages already rendered with the same config are skipped; flagged leads are hatched."""
    params = config.model_dump()
    summary = build_batch(store.layout(), context.partition_key,
                          RenderConfig(**{**params, "augment": tuple(params["augment"])}))
    check = quarantine_share_result(store.layout(), "render", context.partition_key, summary.n_quarantined,
                                    summary.n_records, store.max_quarantine_share)
    return dg.MaterializeResult(check_results=[check], metadata={
        "dagster/row_count": summary.n_records,
        "rendered": summary.n_rendered,
        "skipped_existing": summary.n_skipped,
        "pages_with_marked_leads": summary.n_marked,
        "config_hash": summary.config_hash,
        "seconds": round(summary.seconds, 2),
        "index": dg.MetadataValue.path(summary.index_path),
        "preview": dg.MetadataValue.md(summary.preview_md),
    })
