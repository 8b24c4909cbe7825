"""Stage 4: answer — route, compose from verbatim sentences (or an optional LLM), guard, render."""
