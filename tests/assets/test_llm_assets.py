"""guider_prompts and llm_responses through a real (test) Dagster instance, on a real ingested PTB-XL batch."""
from __future__ import annotations

import dagster as dg
import polars as pl
import pytest

from assets.llm import LlmResource, guider_prompts, llm_resource, llm_responses
from assets.resources import DataStore
from gem_data.catalog import ingest_batch
from gem_data.features import build_batch as build_features
from gem_data.layout import DataLayout
from gem_data.render import RenderConfig
from gem_data.render.batch import build_batch as render_batch
from gem_data.sources import WfdbFolder
from tests.gem_data.llm.fake_openai import FakeOpenAI

SECRET = "sk-asset-test-0123456789abcdef"


@pytest.fixture(scope="module")
def upstream(tmp_path_factory, shared_data):
    """Catalog, features and images of the real PTB-XL batch 00000 (3 records)."""
    root = tmp_path_factory.mktemp("data").resolve()
    layout = DataLayout(root)
    ingest_batch(WfdbFolder(shared_data / "ptbxl" / "records500"), layout, "00000")
    build_features(layout, "00000")
    render_batch(layout, "00000", RenderConfig(dpi=60, layout="12x1"))
    return layout


def _materialize(layout: DataLayout, llm: LlmResource):
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("batches", ["00000"])
        result = dg.materialize([guider_prompts, llm_responses], instance=instance, partition_key="00000",
                                resources={"store": DataStore(data_dir=str(layout.root)), "llm": llm})
        assert result.success
        return {node: result.asset_materializations_for_node(node)[0].metadata
                for node in ("guider_prompts", "llm_responses")}


def test_without_a_key_the_template_backend_answers_every_record(upstream, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    meta = _materialize(upstream, llm_resource())
    assert meta["guider_prompts"]["dagster/row_count"].value == 3
    assert meta["guider_prompts"]["prompt_version"].value == "guider-v4"
    assert meta["llm_responses"]["backend"].value == "template"
    assert meta["llm_responses"]["ok"].value == 3
    frame = pl.read_parquet(upstream.stage_file("responses", "00000"))
    assert frame["answer"].str.contains("lead II").all()


def test_with_an_endpoint_rows_are_paid_once_and_the_key_stays_secret(upstream):
    with FakeOpenAI() as fake:
        llm = LlmResource(api_key=SECRET, base_url=fake.base_url, model="gpt-4o-2024-08-06")
        first = _materialize(upstream, llm)
        second = _materialize(upstream, llm)
    assert first["llm_responses"]["ok"].value == 3 and first["llm_responses"]["model"].value == "gpt-4o-2024-08-06"
    assert second["llm_responses"]["from_cache"].value == 3 and len(fake.bodies) == 3
    assert first["guider_prompts"]["est_cost_usd"].value > 0
    assert not any(SECRET in str(v.value) for m in (first, second) for meta in m.values() for v in meta.values())
    for path in upstream.root.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_llm_responses_runs_in_the_llm_api_pool():
    assert llm_responses.op.pool == "llm_api"


def test_loading_the_code_location_does_not_import_the_openai_sdk():
    """Every Dagster run process loads the code location; the SDK (~0.5 s of imports) is imported only
    where a client is made (gem_data.llm.client), so runs on the template backend never pay for it."""
    import subprocess
    import sys
    from pathlib import Path

    code = "import sys, assets.definitions; print('openai' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parents[2])
    assert out.stdout.strip() == "False"
