"""The web UI (Gradio 6): app.py builds and mounts the views, chat.py, check.py, sources.py and trainer.py
hold the parts, html.py the escaped HTML they show."""
import os

# Before gradio is imported: no analytics, and no conversation history kept in the browser.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("GRADIO_RUN_HISTORY", "False")

from assistent.serve.ui.app import MOUNT_KWARGS, build_embed_ui, build_ui, mount_embed_ui, mount_ui  # noqa: E402

__all__ = ["MOUNT_KWARGS", "build_embed_ui", "build_ui", "mount_embed_ui", "mount_ui"]
