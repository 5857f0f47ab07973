"""One dynamic partition per ingestion batch (MIMIC ``pNNNN``, PTB-XL thousand-folder, WFDB subfolder).

Batches, not records: 800k record keys would make the UI and sensors crawl (SPEC §10).
"""
import dagster as dg

batches = dg.DynamicPartitionsDefinition(name="batches")
