"""gem_data: the library behind the pipeline (sources, signals, render, features, guider, llm, dataset).

Public entry point for scripts: :func:`read_record` turns any supported WFDB record into the
normalized (12, 5000) float32 mV signal every stage uses.
"""
from gem_data.signals import STANDARD_LEADS, Record, RecordError, read_record

__all__ = ["STANDARD_LEADS", "Record", "RecordError", "read_record"]
