"""Patient-level splits: no subject in two splits, and assignments never move."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gem_data.dataset.splits import SplitRegistry, subject_hash


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 400), st.integers(0, 10**9)), min_size=1, max_size=300),
       st.floats(0.0, 0.9))
def test_no_subject_in_two_splits(tmp_path_factory, records, share):
    """Whatever the records and share, every record of a subject lands in the subject's one split."""
    reg = SplitRegistry(tmp_path_factory.mktemp("s") / "splits.parquet", share, test_size=None)
    seen: dict[str, set[str]] = {}
    for subject, _ in records:
        seen.setdefault(str(subject), set()).add(reg.assign(str(subject)))
    assert all(len(s) == 1 for s in seen.values())


def test_assignments_survive_new_records_and_a_restart(tmp_path):
    path = tmp_path / "splits.parquet"
    first = SplitRegistry(path, 0.3, test_size=None)
    before = {str(s): first.assign(str(s)) for s in range(200)}
    first.save()
    second = SplitRegistry(path, 0.3, test_size=None)
    for s in range(150, 400):  # overlapping + new subjects, in another order
        second.assign(str(s))
    assert all(second.splits[s] == split for s, split in before.items())
    assert 0.2 < sum(v == "test" for v in second.splits.values()) / 400 < 0.4


def test_test_size_caps_new_test_subjects(tmp_path):
    reg = SplitRegistry(tmp_path / "splits.parquet", 0.5, test_size=10)
    for s in range(200):
        if reg.assign(str(s)) == "test":
            reg.n_test_samples += 1
    assert reg.n_test_samples == 10


def test_subject_hash_is_stable_and_uniform():
    assert subject_hash("10000032") == subject_hash("10000032")
    values = [subject_hash(str(i)) for i in range(5000)]
    assert 0.47 < sum(values) / len(values) < 0.53
