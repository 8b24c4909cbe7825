"""Stage 2: embed passages and sentences (`embed`: Embedder backends) and keep index generations (`store`)."""
