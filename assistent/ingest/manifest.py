"""The named sources of corpus/sources.toml, and which file in corpus/ is which source."""
from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, Field

from assistent.text import fold

MANIFEST_NAME = "sources.toml"
SUPPORTED = {".pdf": "pdf", ".txt": "txt", ".md": "md", ".markdown": "md"}
NOT_SOURCES = {MANIFEST_NAME, "readme.md", ".gitkeep"}


class SourceSpec(BaseModel):
    """One named source: what it is, and how its file is recognised."""

    id: str
    title: str
    short_title: str = ""  # how an answer names it: 'de Kamerbrief'
    publisher: str = ""
    date: str = ""
    reference: str = ""
    patterns: list[str] = Field(default_factory=list)
    url: str = ""
    note: str = ""
    outline: list[str] = Field(default_factory=list)

    def matches(self, filename: str) -> bool:
        name = fold(filename)
        return any(fnmatch.fnmatch(name, fold(p)) for p in self.patterns)

    def heading_levels(self) -> dict[str, int]:
        levels: dict[str, int] = {}
        for item in self.outline:
            level, _, heading = item.partition("|")
            levels[fold(heading)] = int(level)
        return levels


class Manifest(BaseModel):
    sources: list[SourceSpec]

    @classmethod
    def load(cls, corpus_dir: Path) -> "Manifest":
        path = Path(corpus_dir) / MANIFEST_NAME
        if not path.exists():
            return cls(sources=[])
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls(sources=[SourceSpec(**s) for s in data.get("source", [])])

    def get(self, source_id: str) -> SourceSpec | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def identify(self, path: Path) -> SourceSpec:
        """The named source a file belongs to, or an extra source made from its file name."""
        for spec in self.sources:
            if spec.matches(path.name):
                return spec
        stem = path.stem
        slug = re.sub(r"[^a-z0-9]+", "-", fold(stem)).strip("-") or "document"
        return SourceSpec(id=f"extra-{slug}", title=stem.replace("_", " ").replace("-", " ").strip() or path.name)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every candidate file in corpus/ (sorted), the manifest and README excluded."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.exists():
        return []
    return sorted(
        p
        for p in corpus_dir.rglob("*")
        if p.is_file() and p.name.lower() not in NOT_SOURCES and not p.name.startswith(".")
    )
