"""Assembles the pipeline: every stage's assets, the batch job, the sensor and the resources."""
import dagster as dg

from assets.ingest import ecg_catalog
from assets.render import ecg_images
from assets.resources import DataStore, EcgSource
from assets.sensors import batch_sensor_for

BATCH_ASSETS = [ecg_catalog, ecg_images]  # partitioned by ingestion batch, in data-flow order
GLOBAL_ASSETS: list = []  # unpartitioned: dataset, model, evaluation

batch_job = dg.define_asset_job(
    "batch_job", selection=dg.AssetSelection.assets(*BATCH_ASSETS),
    description="Every per-batch stage, from the catalog to the LLM responses, for one batch.",
    # independent stages of one batch (images, features) run side by side; 2 = this machine's cores
    executor_def=dg.multiprocess_executor.configured({"max_concurrent": 2}),
)

defs = dg.Definitions(
    assets=[*BATCH_ASSETS, *GLOBAL_ASSETS],
    jobs=[batch_job],
    sensors=[batch_sensor_for(batch_job)],
    resources={"store": DataStore(), "source": EcgSource()},
)
