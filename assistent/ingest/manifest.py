"""The named sources of corpus/sources.toml, and which file in corpus/ is which source."""
from __future__ import annotations

import fnmatch
import os
import re
import stat
import tomllib
from dataclasses import dataclass
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


class Subjects(BaseModel):
    """What a question means when it names no scheme, and which scheme-like names are organisations."""

    default: str = ""  # the scheme a question about 'het fonds' means unless it names another
    organisations: list[str] = Field(default_factory=list)  # names with 'fonds' in them that are organisations


class Manifest(BaseModel):
    sources: list[SourceSpec]
    subjects: Subjects = Field(default_factory=Subjects)

    @classmethod
    def load(cls, corpus_dir: Path) -> "Manifest":
        path = Path(corpus_dir) / MANIFEST_NAME
        if not path.exists():
            return cls(sources=[])
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls(
            sources=[SourceSpec(**s) for s in data.get("source", [])], subjects=Subjects(**data.get("subjects", {}))
        )

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


@dataclass
class Refused:
    """A path in corpus/ that is not read, and why: 'failed' (refused: a link, outside corpus/, no file) or
    'skipped' (hidden or an odd name)."""

    rel: str
    status: str
    message: str


HIDDEN = "naam begint met een punt (verborgen); wordt overgeslagen. Hernoem het als het een bron is"
_ODD_NAME = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def scan_corpus(corpus_dir: Path) -> tuple[list[Path], list[Refused]]:
    """The candidate files in corpus/ (sorted), and every path that is not one, with its reason.

    corpus/ is a boundary: symbolic links (to files or folders) are never followed, nothing outside corpus/
    is read, only regular files count; hidden files and folders (.git/, .ipynb_checkpoints/) are reported
    as skipped. The manifest, README and .gitkeep are no candidates and not reported."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        return [], []
    root = corpus_dir.resolve()
    files: list[Path] = []
    refused: list[Refused] = []
    for dirpath, dirnames, filenames in os.walk(corpus_dir, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames):
            path = here / name
            rel = str(path.relative_to(corpus_dir))
            if path.is_symlink():
                refused.append(Refused(rel + "/", "failed", _link_message(path)))
                dirnames.remove(name)
            elif name.startswith("."):
                refused.append(Refused(rel + "/", "skipped", "map: " + HIDDEN))
                dirnames.remove(name)
        for name in filenames:
            path = here / name
            rel = str(path.relative_to(corpus_dir))
            if name.lower() in NOT_SOURCES:
                continue
            if path.is_symlink():
                refused.append(Refused(rel, "failed", _link_message(path)))
            elif name.startswith("."):
                refused.append(Refused(rel, "skipped", HIDDEN))
            elif _ODD_NAME.search(name):
                refused.append(
                    Refused(rel.encode("unicode_escape").decode("ascii"), "skipped",
                            "de bestandsnaam bevat onzichtbare tekens of stuurtekens; hernoem het bestand")
                )
            elif not _inside(path, root):
                refused.append(Refused(rel, "failed", "het pad wijst naar een plek buiten corpus/; niet gelezen"))
            elif not stat.S_ISREG(path.lstat().st_mode):
                refused.append(Refused(rel, "failed", "dit is geen gewoon bestand (een apparaat, pijp of socket); niet gelezen"))
            else:
                files.append(path)
    return sorted(files), sorted(refused, key=lambda r: r.rel)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every candidate file in corpus/ (sorted), the manifest and README excluded (see scan_corpus)."""
    return scan_corpus(corpus_dir)[0]


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _link_message(path: Path) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return (
        f"is een symbolische koppeling (naar {target}); koppelingen in corpus/ worden niet gevolgd. "
        "Zet het bestand zelf in corpus/"
    )
