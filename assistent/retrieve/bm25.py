"""Lexical retrieval: bm25s over the Dutch-stemmed passages, with glossary expansion and typo correction."""
from __future__ import annotations

from functools import cached_property

import numpy as np
from rapidfuzz import fuzz, process

from assistent.models import ScoredPassage
from assistent.retrieve.protocol import RetrieverBase
from assistent.text import analyze, separable_verbs, tokens
from assistent.text.glossary import expand_compounds


class BM25Retriever(RetrieverBase):
    """bm25s over Dutch-stemmed tokens; glossary expansion and typo correction against the corpus vocabulary."""

    @cached_property
    def _vocab_words(self) -> list[str]:
        words: set[str] = set()
        for p in self.index.passages:
            words.update(t for t in tokens(p.text + " " + " ".join(p.section_path)) if len(t) >= 4 and not t.isdigit())
        return sorted(words)

    @cached_property
    def _vocab_set(self) -> frozenset[str]:
        return frozenset(self._vocab_words)

    def correct(self, query: str) -> str:
        """Replace words that are not in the corpus by the closest corpus word (typos: 'fons' → 'fonds')."""
        out = []
        for tok in tokens(query):
            if len(tok) >= 4 and not tok.isdigit() and tok not in self._vocab_set:
                match = process.extractOne(tok, self._vocab_words, scorer=fuzz.ratio, score_cutoff=84)
                # a longer or shorter form of the same word (geld → geldt) is inflection, not a typo
                if match and not (match[0].startswith(tok) or tok.startswith(match[0])):
                    out.append(match[0])
                    continue
            out.append(tok)
        return " ".join(out)

    def query_tokens(self, query: str) -> list[str]:
        expanded = expand_compounds(query, self._vocab_set)
        # a separable verb split over the clause ('voert … uit') also as the sources write it ('uitgevoerd')
        q = analyze(expanded + " " + self.correct(expanded)) + separable_verbs(expanded)
        vocab = self.index.bm25.vocab_dict if self.index.bm25 is not None else {}
        return [t for t in dict.fromkeys(q) if t in vocab]

    def scores(self, query: str) -> np.ndarray:
        n = len(self.index.passages)
        toks = self.query_tokens(query)
        if not toks or self.index.bm25 is None:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self.index.bm25.get_scores(toks), dtype=np.float32)

    def search(self, query: str, k: int = 10, source_ids: list[str] | None = None) -> list[ScoredPassage]:
        scores = self.scores(query)
        mask = self._allowed(source_ids)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        order = np.argsort(-scores, kind="stable")[:k]
        return [
            ScoredPassage(passage=self.index.passages[i], score=float(scores[i]), scores={"bm25": float(scores[i])})
            for i in order
            if scores[i] > 0
        ]
