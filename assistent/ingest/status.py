"""Which named sources are ingested, which are missing, and the extra sources found in corpus/."""
from __future__ import annotations

from pathlib import Path

from assistent.text.numbers import format_date
from assistent.index.store import Index, current_generation
from assistent.ingest.manifest import Manifest
from assistent.models import SourceRow
from assistent.settings import Settings


def source_status(settings: Settings) -> list[SourceRow]:
    """Every named source (ingested or missing), every extra source and every file that failed."""
    manifest = Manifest.load(Path(settings.corpus_dir))
    counts: dict[str, int] = {}
    files: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    failed: dict[str, str] = {}
    generation = None
    if current_generation(Path(settings.index_dir)):
        index = Index.open(settings)
        generation = index.generation
        for p in index.passages:
            counts[p.source_id] = counts.get(p.source_id, 0) + 1
            titles.setdefault(p.source_id, p.title)
        for rel, info in index.state.get("files", {}).items():
            files.setdefault(info["source_id"], []).append(rel)
        failed = index.state.get("failed", {})
    rows = [
        SourceRow(
            id=spec.id, title=spec.title, publisher=spec.publisher, date=spec.date,
            date_display=format_date(spec.date), reference=spec.reference, url=spec.url, named=True,
            status="ingested" if counts.get(spec.id) else "missing", passages=counts.get(spec.id, 0),
            files=files.get(spec.id, []), generation=generation,
            example_filename=(spec.patterns[0].replace("*", "-").strip("-") + ".pdf") if spec.patterns else "",
        )
        for spec in manifest.sources
    ]
    rows += [
        SourceRow(id=sid, title=titles.get(sid, sid), named=False, status="ingested", passages=n,
                  files=files.get(sid, []), generation=generation)
        for sid, n in sorted(counts.items()) if manifest.get(sid) is None
    ]
    rows += [
        SourceRow(id=rel, title=rel, named=False, status="failed", passages=0, files=[rel], message=message,
                  generation=generation)
        for rel, message in failed.items()
    ]
    return rows
