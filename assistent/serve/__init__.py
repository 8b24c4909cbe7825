"""Stage 5: serve — REST and OpenAI-compatible API, Gradio UI, CLI, feedback store, exports."""
