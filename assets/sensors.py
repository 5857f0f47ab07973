"""Finds new (or grown) ingestion batches and runs the pipeline on exactly those."""
import json

import dagster as dg

from assets.partitions import batches
from assets.resources import DataStore, EcgSource
from gem_data.sources.base import plan_batches


def batch_sensor_for(job) -> dg.SensorDefinition:
    """The sensor, bound to the job that runs every per-batch stage."""
    @dg.sensor(name="new_batches", job=job, minimum_interval_seconds=300,
               default_status=dg.DefaultSensorStatus.STOPPED)
    def new_batches(context: dg.SensorEvaluationContext, source: EcgSource,
                    store: DataStore) -> dg.SensorResult:
        """Lists batches cheaply (one index read), adds new partitions, re-runs changed batches."""
        listing = source.open(store.source_index()).list_batches()
        plan = plan_batches(listing, json.loads(context.cursor or "{}"))
        known = set(context.instance.get_dynamic_partitions(batches.name))
        to_add = [b for b in plan.new if b not in known]
        return dg.SensorResult(
            run_requests=[dg.RunRequest(partition_key=b, run_key=f"{b}@{listing[b]}") for b in plan.to_run],
            dynamic_partitions_requests=[batches.build_add_request(to_add)] if to_add else [],
            cursor=json.dumps(listing, sort_keys=True),
        )

    return new_batches
