"""Backup and restore (docs/deployment.md): pg_dump of the database and a tar of MEDIA_ROOT,
restored into a new database and folder, give back every row of every table and every file."""

import hashlib
import subprocess
from pathlib import Path

import pytest

from tests.faults.servers import manage

pytestmark = pytest.mark.faults

MAKE_A_REPORT = """
from programs.models import Program
from reports.models import ReportJob
from reports.services import report_request
job, _ = report_request(kind="program-final-review", subject=Program.objects.order_by("pk")[0],
                        requested_by=None)
job.refresh_from_db()
assert job.status == "done", job.error
print(job.file.name)
"""

CHECK_FILES = """
import hashlib
from reports.models import ReportJob
for job in ReportJob.objects.filter(status="done"):
    assert hashlib.sha256(job.file.read()).hexdigest() == job.checksum, job.pk
print("files ok", ReportJob.objects.filter(status="done").count())
"""


def table_digests(pg, database: str) -> dict[str, str]:
    """Every table's row count and a digest of all its rows."""
    tables = pg.sql(
        database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    ).split()
    return {
        table: pg.sql(
            database,
            f"SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text),"
            f" '')) FROM \"{table}\" t",
        )
        for table in tables
    }


def file_digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_backup_and_restore_give_back_every_row_and_file(site, tmp_path):
    pg, media = site["pg"], site["media"]
    # A report with its file, made in-process (no REDIS_URL).
    name = manage("shell", "-c", MAKE_A_REPORT, env=site["env"]).strip().splitlines()[-1]
    assert (media / name).is_file()

    # The backup, as docs/deployment.md says.
    dump, archive = tmp_path / "phoihop.dump", tmp_path / "media.tar.gz"
    pg.tool("pg_dump", "--format=custom", "--file", str(dump), "phoihop")
    subprocess.run(["tar", "-C", str(media), "-czf", str(archive), "."], check=True)

    # The restore, into a new database and a new media folder.
    pg.tool("createdb", "--template=template0", "--encoding=UTF8", "phoihop_restored")
    pg.tool("pg_restore", "--no-owner", "--exit-on-error", "-d", "phoihop_restored", str(dump))
    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    subprocess.run(["tar", "-C", str(restored_media), "-xzf", str(archive)], check=True)

    original, restored = table_digests(pg, "phoihop"), table_digests(pg, "phoihop_restored")
    assert len(original) > 20 and original == restored
    assert file_digests(restored_media) == file_digests(media) != {}
    # The restored site reads its files back, checksums intact.
    env = {
        **site["env"],
        "DATABASE_URL": pg.url("phoihop_restored"),
        "MEDIA_ROOT": str(restored_media),
    }
    assert "files ok" in manage("shell", "-c", CHECK_FILES, env=env)
    rows = sum(int(value.split(":")[0]) for value in original.values())
    print(
        f"\nbackup/restore: {len(original)} tables, {rows} rows, {len(file_digests(media))} files"
    )
