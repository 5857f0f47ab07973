"""Source adapters: each turns one raw layout into catalog entries of one schema, batch by batch.

A source answers two questions cheaply: which batches exist (with a fingerprint that changes when a
release adds records to a batch), and which entries one batch holds. Reading signals is not its job
(gem_data.signals does that for every source alike).
"""
from gem_data.sources.base import Entry, Source
from gem_data.sources.mimic import MimicIvEcg
from gem_data.sources.ptbxl import PtbXl
from gem_data.sources.wfdb_dir import WfdbFolder

SOURCES: dict[str, type[Source]] = {
    "mimic-iv-ecg": MimicIvEcg,
    "ptb-xl": PtbXl,
    "wfdb": WfdbFolder,
}

__all__ = ["Entry", "Source", "SOURCES", "MimicIvEcg", "PtbXl", "WfdbFolder"]
