"""Schemathesis against the OpenAPI schema, in process: generated requests (valid and not) to
every operation, as a TOP SECRET admin over the access cables, must never get a server error,
and every response must conform to the schema (status, content type, body)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection

from reftel.api.app import build_api
from tests.api_support import Api, make_api, read_access_cables

EXAMPLES = 20
"""Generated requests per operation: about a minute for the whole schema on SQLite."""

# The schema is read from the routes alone; requests go to an app over a filled store.
schema = schemathesis.openapi.from_dict(build_api().openapi())


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    folder: Path = tmp_path_factory.mktemp("schema")
    made = make_api(f"sqlite:///{folder / 'reftel.db'}", read_access_cables())
    yield made
    made.client.close()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_server_error_and_responses_match_the_schema(case: schemathesis.Case, api: Api) -> None:
    # A file's bytes have no type: a "number" sent as the upload is still a file to read.
    upload = case.operation.path == "/api/ingest"
    case.call_and_validate(
        app=api.app,
        headers=api.headers("admin"),
        excluded_checks=[negative_data_rejection] if upload else None,
    )
