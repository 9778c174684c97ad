"""Create the PostgreSQL database named in DATABASE_URL when it does not exist yet.

The database is created from ``template0`` in UTF-8 with a ``C.UTF-8`` ctype: a ``C`` ctype breaks
``lower()`` and trigram search on Vietnamese letters. On SQLite there is nothing to do.
"""

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql


class Command(BaseCommand):
    help = "Create the PostgreSQL database from DATABASE_URL if it is missing (UTF-8 ctype)."

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite: nothing to create.")
            return
        params = connection.get_connection_params()
        name = params.pop("dbname")
        params.pop("cursor_factory", None)
        params.pop("context", None)
        params.pop("prepare_threshold", None)
        try:
            with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
                exists = admin.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [name]
                ).fetchone()
                if exists:
                    self.stdout.write(f"PostgreSQL database {name!r} exists.")
                    return
                admin.execute(
                    sql.SQL(
                        "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' "
                        "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
                    ).format(sql.Identifier(name))
                )
        except psycopg.OperationalError as error:
            raise CommandError(f"Cannot reach PostgreSQL to create {name!r}: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Created PostgreSQL database {name!r} (UTF-8)."))
