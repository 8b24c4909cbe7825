"""Property-based tests of the API from its own OpenAPI schema (schemathesis 4): no input gives a server error."""
from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before the embedding model loads: see assistent/serve/api/__init__.py

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from assistent.serve.api import create_app
from assistent.settings import Settings

REPO = Path(__file__).resolve().parents[3]
LETTER = "kamerbrief-plan-van-aanpak-belemmeringen-wooncooperaties.txt"


# The OpenAPI document does not depend on the settings, so it is read (without HTTP) from an app made at import
# time; the cases then run against the real app on the real index. (`schemathesis.pytest.from_fixture` would be
# the usual way, but schemathesis 4.32 sets `node._nodeid`, which pytest 9.2 no longer has.)
schema = schemathesis.openapi.from_dict(create_app(Settings(index_dir="/nonexistent/index")).openapi())


@pytest.fixture(scope="module")
def app(request, tmp_path_factory):
    base = request.getfixturevalue("ingested_letter")
    app = create_app(
        base.model_copy(
            update={
                "data_dir": tmp_path_factory.mktemp("schemathesis-data"),
                "admin_key": "beheer",
                "api_keys": [],
                "rate_limit": "100000/minute",
            }
        )
    )
    app.state.assistant.warm_up()
    return app


def test_schema_covers_the_api():
    paths = {op.path for op in (r.ok() for r in schema.get_all_operations())}
    assert {"/api/ask", "/api/search", "/api/eligibility", "/api/feedback", "/v1/chat/completions"} <= paths


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, app):
    case.call_and_validate(app=app, checks=[not_a_server_error])


# --------------------------------------------------------------------------- every check, with the keys on

import tomllib  # noqa: E402

from schemathesis.checks import CHECKS, load_all_checks  # noqa: E402

load_all_checks()
# the repo's schemathesis.toml (what `schemathesis run` reads): 408 and 413 also reject a schema-violating body
_TOML = tomllib.loads((REPO / "schemathesis.toml").read_text(encoding="utf-8"))
schema.config.checks.negative_data_rejection.expected_statuses = _TOML["checks"]["negative_data_rejection"][
    "expected-statuses"
]
ALL_CHECKS = [check for check in CHECKS.get_all() if check.__name__ != "max_response_time"]  # a time is no contract
KEY, ADMIN = "sleutel-schemathesis", "beheer"


@pytest.fixture(scope="module")
def keyed_server(request, tmp_path_factory):
    """A real `assistent serve` with API keys on (the checks also send requests of their own)."""
    from assistent.evaluation.loadtest import start_server, stop_server

    base = request.getfixturevalue("ingested_letter")
    settings = base.model_copy(
        update={"data_dir": tmp_path_factory.mktemp("schemathesis-keyed"), "admin_key": ADMIN, "api_keys": [KEY]}
    )
    proc, url = start_server(settings, rate_limit="100000/minute")
    yield url
    stop_server(proc)


def test_all_checks_are_loaded():
    names = {check.__name__ for check in ALL_CHECKS}
    assert {"positive_data_acceptance", "negative_data_rejection", "status_code_conformance",
            "response_schema_conformance", "unsupported_method", "ignored_auth"} <= names


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_check_with_the_api_keys_on(case, keyed_server):
    """What `schemathesis run --checks all -H 'Authorization: Bearer <key>'` does: schema and behaviour agree."""
    case.call_and_validate(
        base_url=keyed_server,
        headers={"Authorization": f"Bearer {KEY}", "X-Admin-Key": ADMIN}, checks=ALL_CHECKS,
    )
