"""/docs (Swagger UI) and /redoc from files on this server, not from a CDN.

FastAPI's own pages load Swagger UI and ReDoc from cdn.jsdelivr.net, so they are blank without internet
and tell a third party who reads the docs. The files come from the PyPI package ``fastapi-offline``
(Swagger UI and ReDoc bundles), served under /docs-bestanden/. ReDoc's bundle shows a logo it fetches
from cdn.redoc.ly; the copy we serve has that address removed (the image is then left out).
"""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS_PATH = "/docs-bestanden"
_REDOC_LOGO = b'"https://cdn.redoc.ly/redoc/logo-mini.svg"'


def assets_dir() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def add_local_docs(app: FastAPI, docs_url: str = "/docs", redoc_url: str = "/redoc") -> None:
    """Swagger UI at docs_url and ReDoc at redoc_url, with their scripts and styles from this server.

    Create the app with ``docs_url=None, redoc_url=None`` and call this before a UI is mounted at "/".
    """
    redoc_js = (assets_dir() / "redoc.standalone.js").read_bytes().replace(_REDOC_LOGO, b'""')

    @app.get(f"{ASSETS_PATH}/redoc.standalone.js", include_in_schema=False)
    def redoc_bundle() -> Response:  # before the mount below, which would serve the original
        return Response(redoc_js, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})

    app.mount(ASSETS_PATH, StaticFiles(directory=assets_dir()), name="docs-bestanden")

    def root(request: Request) -> str:
        return request.scope.get("root_path", "").rstrip("/")

    @app.get(docs_url, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        r = root(request)
        return get_swagger_ui_html(
            openapi_url=f"{r}{app.openapi_url}",
            title=f"{app.title} — API",
            swagger_js_url=f"{r}{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{r}{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{r}{ASSETS_PATH}/favicon.png",
            # no badge from validator.swagger.io: nothing is sent to another site
            swagger_ui_parameters={"validatorUrl": None, **(app.swagger_ui_parameters or {})},
        )

    @app.get(redoc_url, include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        r = root(request)
        return get_redoc_html(
            openapi_url=f"{r}{app.openapi_url}",
            title=f"{app.title} — API",
            redoc_js_url=f"{r}{ASSETS_PATH}/redoc.standalone.js",
            redoc_favicon_url=f"{r}{ASSETS_PATH}/favicon.png",
            with_google_fonts=False,
        )
