import io
import uuid

import psycopg
from django.core.management import call_command
from django.db import connection

from tests.needs import needs, on_sqlite

pytestmark = needs(
    "PostgreSQL", "creates a PostgreSQL database" if on_sqlite() else None, deliberate=True
)


def test_creates_a_missing_database_in_utf8_once(monkeypatch):
    name = f"phoihop_ensure_{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(connection.settings_dict, "NAME", name)
    params = connection.get_connection_params()
    params = {k: params[k] for k in ("user", "host", "port") if params.get(k)}
    out = io.StringIO()
    try:
        call_command("ensure_database", stdout=out)
        call_command("ensure_database", stdout=out)
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            row = admin.execute(
                "SELECT pg_encoding_to_char(encoding), datctype FROM pg_database "
                "WHERE datname = %s",
                [name],
            ).fetchone()
        assert row == ("UTF8", "C.UTF-8")
        assert "Created" in out.getvalue()
        assert "exists" in out.getvalue()
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
