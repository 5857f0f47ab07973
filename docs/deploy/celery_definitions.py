"""The pipeline with every step on Celery workers: the assets, jobs, sensor and resources of
``assets/definitions.py``; only the executor differs. Loaded by ``workspace.celery.yaml`` (the
daemon, the webserver and every worker import this same file).

The broker and result backend come from the environment, so one file serves every host:
``DAGSTER_CELERY_BROKER_URL`` / ``DAGSTER_CELERY_BACKEND_URL`` (e.g. ``redis://127.0.0.1:6379/0``).
Steps need a run storage every process can reach: use it with ``dagster.celery.yaml`` (Postgres).
"""
import dagster as dg
from dagster_celery import celery_executor

from assets import definitions as local
from assets.definitions import BATCH_ASSETS, GLOBAL_ASSETS
from assets.sensors import batch_sensor_for

# A worker that dies mid-step (OOM kill, node lost) must not fail the batch: the step's task is
# acknowledged only when it finishes (acks_late), so a worker lost mid-task hands it back to the
# broker (reject_on_worker_lost) and another worker runs the step again. Stage outputs are written
# atomically, so the second attempt writes the same files. One task prefetched per worker process,
# so a long step never waits behind another on a busy worker. celery_worker.yaml repeats this block:
# acks_late is honoured by the worker that runs the task.
CELERY_SETTINGS = {"task_acks_late": True, "task_reject_on_worker_lost": True,
                   "worker_prefetch_multiplier": 1}

celery = celery_executor.configured({
    "broker": {"env": "DAGSTER_CELERY_BROKER_URL"},
    "backend": {"env": "DAGSTER_CELERY_BACKEND_URL"},
    "config_source": CELERY_SETTINGS,
})

batch_job = dg.define_asset_job(
    "batch_job", selection=dg.AssetSelection.assets(*BATCH_ASSETS), executor_def=celery,
    description="Every per-batch stage for one batch, each step a Celery task on any worker.",
)
global_job = dg.define_asset_job(
    "global_job", selection=dg.AssetSelection.assets(*GLOBAL_ASSETS), executor_def=celery,
    description="Dataset from every batch, then the model, then its evaluation, on Celery workers.",
)

defs = dg.Definitions(
    assets=[*BATCH_ASSETS, *GLOBAL_ASSETS],
    jobs=[batch_job, global_job],
    sensors=[batch_sensor_for(batch_job)],
    resources=local.defs.resources,
    executor=celery,  # `dagster asset materialize` of a single asset runs on the workers too
)
