"""Redis down: pages keep working, an export says the queue is unavailable and keeps the
request, and the report is made once Redis is back (the beat sweep sends it)."""

import re

import pytest

from tests.faults.servers import Browser, PrivateRedis, celery_worker, gunicorn, wait_until

pytestmark = pytest.mark.faults


def test_pages_work_without_redis_and_an_export_waits_for_it(site, tmp_path):
    pg = site["pg"]
    redis = PrivateRedis(tmp_path)
    redis.start()
    env = {
        **site["env"],
        "REDIS_URL": redis.url(0),
        "REPORT_JOB_SWEEP_SECONDS": "2",
        "REPORT_JOB_HEARTBEAT_SECONDS": "1",
    }
    server, base = gunicorn(env, tmp_path)
    worker = None
    try:
        manager = Browser(base)
        manager.sign_in("manager")
        redis.stop()
        program = pg.sql("phoihop", "SELECT min(id) FROM programs_program")
        for page in ("/", "/programs/", f"/programs/{program}/", "/search/?q=CTr", "/reports/"):
            status, _, _ = manager.request(page)
            assert status == 200, page
        jobs_before = int(pg.sql("phoihop", "SELECT count(*) FROM reports_reportjob"))
        status, _, headers = manager.request(
            f"/reports/request/program/{program}/", {"kind": "program-final-review"}
        )
        assert status == 302
        job_id = int(re.search(r"/reports/(\d+)/", headers["Location"]).group(1))
        status, page, _ = manager.request(f"/reports/{job_id}/")
        assert status == 200
        assert "Hàng đợi công việc tạm thời không hoạt động" in page
        assert "Yêu cầu của bạn vẫn được giữ" in page
        # The request is kept: queued, not yet sent (no task id).
        row = pg.sql("phoihop", f"SELECT status, task_id FROM reports_reportjob WHERE id={job_id}")
        assert row == "queued|"
        assert int(pg.sql("phoihop", "SELECT count(*) FROM reports_reportjob")) == jobs_before + 1

        redis.start()  # back, on the same port
        worker = celery_worker(env, tmp_path, beat=True)
        done = wait_until(
            lambda: (
                pg.sql("phoihop", f"SELECT status FROM reports_reportjob WHERE id={job_id}")
                in ("done", "failed")
                and pg.sql(
                    "phoihop", f"SELECT status, error FROM reports_reportjob WHERE id={job_id}"
                )
            ),
            180,
            "the kept request to be sent and rendered once Redis is back",
            interval=1,
        )
        assert done.startswith("done|"), done
        status, _, headers = manager.request(f"/reports/{job_id}/download/")
        assert status == 200 and headers["Content-Type"] == "application/pdf"
    finally:
        if worker:
            worker.stop()
        server.stop()
        redis.stop()
