"""The per-stage quarantine_share checks: bad records pass through, a systematic failure blocks."""
from __future__ import annotations

import dagster as dg

from assets.features import ecg_features
from assets.ingest import ecg_catalog
from assets.partitions import batches
from assets.resources import DataStore, EcgSource


def _run(root, out, limit):
    resources = {"store": DataStore(data_dir=str(out), max_quarantine_share=limit),
                 "source": EcgSource(source_dir=str(root), kind="mimic-iv-ecg")}
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(batches.name, ["p1000"])
        result = dg.materialize([ecg_catalog, ecg_features], instance=instance, partition_key="p1000",
                                resources=resources, raise_on_error=False)
        checks = {(c.asset_key.path[-1], c.check_name): c for c in result.get_asset_check_evaluations()}
        ran = {m.asset_key.path[-1] for m in result.get_asset_materialization_events()}
    return result, checks, ran


def _one_bad_of_four(root):
    """A fourth p1000 record whose header names its signal file by a path (quarantined)."""
    first = next((root / "files/p1000").glob("*/*/*.hea"))
    lines = (root / "record_list.csv").read_text().splitlines()
    bad = first.parent.parent / "s40000999"
    bad.mkdir()
    (bad / "40000999.hea").write_text(first.read_text().replace(f"{first.stem}.dat", "../x.dat"))
    lines.append(f"10000032,40000999,40000999,2180-07-01 08:00:00,{bad.relative_to(root)}/40000999")
    (root / "record_list.csv").write_text("\n".join(lines) + "\n")


def test_share_under_the_limit_passes_and_the_line_goes_on(mimic_tree, tmp_path):
    root, _ = mimic_tree
    _one_bad_of_four(root)
    result, checks, ran = _run(root, tmp_path / "out", limit=0.5)
    check = checks[("ecg_catalog", "quarantine_share")]
    assert result.success and check.passed and check.metadata["share"].value == 0.25
    assert ran == {"ecg_catalog", "ecg_features"} and checks[("ecg_features", "quarantine_share")].passed


def test_share_over_the_limit_blocks_downstream(mimic_tree, tmp_path):
    """One in four is not a systematic bug at 0.5, but it is when the operator sets 0.1."""
    root, _ = mimic_tree
    _one_bad_of_four(root)
    result, checks, ran = _run(root, tmp_path / "out", limit=0.1)
    assert not checks[("ecg_catalog", "quarantine_share")].passed
    assert not result.success and ran == {"ecg_catalog"}  # blocking: features never ran
