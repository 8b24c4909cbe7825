"""Stage 3: find passages for a question — BM25, dense and hybrid retrievers behind one protocol."""
from assistent.retrieve.bm25 import BM25Retriever
from assistent.retrieve.dense import DenseRetriever
from assistent.retrieve.hybrid import HybridRetriever, make_retriever
from assistent.retrieve.protocol import PassageRetriever, RetrieverBase

__all__ = ["BM25Retriever", "DenseRetriever", "HybridRetriever", "PassageRetriever", "RetrieverBase", "make_retriever"]
