"""Assembles the pipeline: every stage's assets, the jobs, the sensor and the resources."""
import dagster as dg

from assets.dataset import instruction_dataset
from assets.evaluation import gem_evaluation, judge_key_resource
from assets.features import ecg_features
from assets.ingest import ecg_catalog
from assets.llm import guider_prompts, llm_resource, llm_responses
from assets.model import gem_model
from assets.render import ecg_images
from assets.resources import DataStore, EcgSource
from assets.sensors import batch_sensor_for
from assets.verify import verified_responses

# partitioned by ingestion batch, in data-flow order
BATCH_ASSETS = [ecg_catalog, ecg_images, ecg_features, guider_prompts, llm_responses, verified_responses]
# unpartitioned: they read every batch
GLOBAL_ASSETS = [instruction_dataset, gem_model, gem_evaluation]

batch_job = dg.define_asset_job(
    "batch_job", selection=dg.AssetSelection.assets(*BATCH_ASSETS),
    description="Every per-batch stage, from the catalog to the verified LLM responses, for one batch.",
    # one process per run, its stages one after another: a batch is ~800 records, so the parallelism
    # is across batches (dagster.yaml: max_concurrent_runs = cores), and a process per step would pay
    # interpreter start, imports and resource set-up six times per batch (benchmarks/pipeline_scale.py)
    executor_def=dg.in_process_executor,
)
global_job = dg.define_asset_job(
    "global_job", selection=dg.AssetSelection.assets(*GLOBAL_ASSETS),
    description="Dataset from every batch, then the model (tiny preset by default), then its evaluation.",
)

defs = dg.Definitions(
    assets=[*BATCH_ASSETS, *GLOBAL_ASSETS],
    jobs=[batch_job, global_job],
    sensors=[batch_sensor_for(batch_job)],
    resources={
        "store": DataStore(),
        "source": EcgSource(),
        "llm": llm_resource(),
        "judge_key": judge_key_resource(),
        "pipes_subprocess_client": dg.PipesSubprocessClient(),
    },
)
