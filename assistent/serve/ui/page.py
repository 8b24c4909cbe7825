"""The served HTML of the UI pages, made ours before it leaves the server.

Gradio's page template says ``lang="en"``, carries link-preview tags of Gradio itself ("Gradio — Click to
try out the app!", an image on github.com) and picks its screen-reader labels by the browser's language.
``PageMiddleware`` rewrites every HTML page (the UI at /, /embed/, and /docs, /redoc):

* ``<html lang="nl">`` in the first bytes, so screen readers and translators know before any script runs;
* the product's own title, description and link-preview tags (no image, nothing from another site);
* a first script that makes Gradio choose its Dutch labels ("Vind ik leuk", "Meer tabbladen" …) whatever
  the browser's language (the product is Dutch only);
* ``HEAD`` works on every page: a HEAD request is answered as GET without the body.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

APP_TITLE = "Wooncoöperatie-assistent"
APP_DESCRIPTION = (
    "Vragen over wooncoöperaties en het Fonds Coöperatief Wonen? U krijgt een antwoord met de bron erbij."
)

# Paths of the API: their HTML (none) and their methods are left alone.
API_PREFIXES = ("/api/", "/v1/")

_HTML_TAG = re.compile(r"<html\b[^>]*>", re.I)
_LANG = re.compile(r"""\blang\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_PREVIEW_META = re.compile(
    r"""<meta\s+(?:property|name)\s*=\s*["'](?:og|twitter):[^"']*["'][^>]*>\s*""", re.I | re.S
)
_TITLE = re.compile(r"<title>.*?</title>", re.I | re.S)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)

# Runs before Gradio's module script: Gradio takes its interface language from navigator.language.
_LOCALE_SCRIPT = (
    "<script>(function(){try{"
    "Object.defineProperty(navigator,'language',{get:function(){return 'nl';},configurable:true});"
    "Object.defineProperty(navigator,'languages',{get:function(){return ['nl'];},configurable:true});"
    "}catch(e){}})();</script>"
)


def preview_tags(title: str = APP_TITLE, description: str = APP_DESCRIPTION) -> str:
    t, d = html.escape(title, quote=True), html.escape(description, quote=True)
    return (
        f'<meta name="description" content="{d}">'
        f'<meta property="og:title" content="{t}">'
        f'<meta property="og:description" content="{d}">'
        '<meta property="og:type" content="website">'
        '<meta property="og:locale" content="nl_NL">'
        f'<meta property="og:site_name" content="{html.escape(APP_TITLE, quote=True)}">'
        '<meta name="twitter:card" content="summary">'
        f'<meta name="twitter:title" content="{t}">'
        f'<meta name="twitter:description" content="{d}">'
    )


def localize_html(page: str, title: str | None = None) -> str:
    """The page with lang="nl", the product's title and preview tags and the Dutch-labels script."""
    match = _HTML_TAG.search(page)
    if match:
        tag = match.group(0)
        new = _LANG.sub('lang="nl"', tag, count=1) if _LANG.search(tag) else tag[:5] + ' lang="nl"' + tag[5:]
        page = page[: match.start()] + new + page[match.end():]
    page = _PREVIEW_META.sub("", page)
    kept_title = _TITLE.search(page)
    page_title = title or (html.unescape(kept_title.group(0)[7:-8]).strip() if kept_title else "") or APP_TITLE
    if kept_title:
        page = _TITLE.sub(lambda _: f"<title>{html.escape(page_title)}</title>", page, count=1)
    head = _HEAD.search(page)
    if head:
        extra = _LOCALE_SCRIPT + ("" if kept_title else f"<title>{html.escape(page_title)}</title>")
        extra += preview_tags(page_title)
        page = page[: head.end()] + extra + page[head.end():]
    return page


class PageMiddleware:
    """HTML pages in Dutch with the product's own preview tags; HEAD answered as GET without a body."""

    def __init__(self, app: Any, skip_prefixes: tuple[str, ...] = API_PREFIXES):
        self.app = app
        self.skip = skip_prefixes

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.skip):
            await self.app(scope, receive, send)
            return
        head_only = scope.get("method") == "HEAD"
        if head_only:
            scope = {**scope, "method": "GET"}
        start: dict | None = None
        chunks: list[bytes] = []

        async def _send(message: dict) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict((k.lower(), v) for k, v in message.get("headers", []))
                is_html = headers.get(b"content-type", b"").startswith(b"text/html")
                encoded = headers.get(b"content-encoding", b"identity") not in (b"", b"identity")
                if is_html and not encoded and message.get("status") == 200:
                    start = message  # hold it until the whole page is here
                    return
                await send(message)
                return
            if message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = localize_html(b"".join(chunks).decode("utf-8", "replace")).encode("utf-8")
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": b"" if head_only else body})
                return
            if message["type"] == "http.response.body" and head_only:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app(scope, receive, _send)
