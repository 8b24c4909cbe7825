"""Stage 1: read the corpus — load, clean, chunk — and write a new index generation (`ingest`)."""
from assistent.ingest.pipeline import IngestReport, ingest

__all__ = ["IngestReport", "ingest"]
