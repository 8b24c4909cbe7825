"""Stage 3: find passages for a question — BM25, dense and hybrid retrievers behind one protocol."""
