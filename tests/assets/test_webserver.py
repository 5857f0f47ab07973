"""The UI's server, started for real on 127.0.0.1, shows every asset and a materialization's metadata."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import BATCH_ASSETS, GLOBAL_ASSETS, defs
from assets.partitions import batches

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(port: int, query: str, variables: dict | None = None) -> dict:
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        out = json.loads(resp.read())
    assert "errors" not in out, out
    return out["data"]


MATERIALIZATION = """
query ($key: AssetKeyInput!) {
  assetOrError(assetKey: $key) {
    ... on Asset {
      assetMaterializations(limit: 1) {
        partition
        metadataEntries {
          label
          ... on IntMetadataEntry { intValue }
          ... on MarkdownMetadataEntry { mdStr }
        }
      }
    }
  }
}"""


@pytest.fixture
def home(tmp_path, mimic_tree, monkeypatch):
    """A real instance directory (our dagster.yaml) with one batch materialized through it."""
    root, _ = mimic_tree
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    env = {"DAGSTER_HOME": str(home), "GEM_SOURCE_DIR": str(root), "GEM_SOURCE_KIND": "mimic-iv-ecg",
           "GEM_DATA_DIR": str(tmp_path / "out")}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    with dg.DagsterInstance.get() as instance:
        instance.add_dynamic_partitions(batches.name, ["p1000"])
        result = defs.resolve_job_def("batch_job").execute_in_process(instance=instance, partition_key="p1000")
        assert result.success
    return env


def test_webserver_graphql_lists_every_asset_and_shows_metadata(home):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dagster_webserver", "-h", "127.0.0.1", "-p", str(port),
         "-m", "assets.definitions"],
        cwd=REPO, env={**os.environ, **home}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("dagster-webserver did not come up")
                time.sleep(1)
        nodes = _graphql(port, "{ assetNodes { assetKey { path } } }")["assetNodes"]
        listed = {"/".join(n["assetKey"]["path"]) for n in nodes}
        expected = {a.key.to_user_string() for a in [*BATCH_ASSETS, *GLOBAL_ASSETS]}
        assert expected <= listed

        catalog = _graphql(port, MATERIALIZATION, {"key": {"path": ["ecg_catalog"]}})
        mat = catalog["assetOrError"]["assetMaterializations"][0]
        entries = {e["label"]: e for e in mat["metadataEntries"]}
        assert mat["partition"] == "p1000" and entries["dagster/row_count"]["intValue"] == 3

        images = _graphql(port, MATERIALIZATION, {"key": {"path": ["ecg_images"]}})
        entries = {e["label"]: e for e in images["assetOrError"]["assetMaterializations"][0]["metadataEntries"]}
        assert "data:image/png;base64," in entries["preview"]["mdStr"]  # the page thumbnail
    finally:
        proc.terminate()
        proc.wait(timeout=30)
