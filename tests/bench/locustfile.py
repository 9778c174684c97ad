"""The mixed load of ``make bench`` (locust, headless): signed-in users who open list, detail
and search pages and the home page, or, with ``PHOIHOP_BENCH_TARGET=bare``, only the bare view.

The pages come from ``PHOIHOP_BENCH_PAGES`` (a JSON list of [name, path] written by the bench,
taken from the generated database), the session keys from ``PHOIHOP_BENCH_SESSIONS``: the
n-th user takes the n-th key (one account's sessions, or one session of each of 20 accounts).
"""

import itertools
import json
import os
import random

from locust import HttpUser, constant, task

PAGES = json.loads(os.environ.get("PHOIHOP_BENCH_PAGES", "[]"))
BARE = os.environ.get("PHOIHOP_BENCH_TARGET") == "bare"
SESSIONS = json.loads(os.environ.get("PHOIHOP_BENCH_SESSIONS", "[]"))
_started = itertools.count()


class SignedInUser(HttpUser):
    """A signed-in user (a session made by the bench: signing in through the form would time
    the password hash, not the pages) who opens one page after another without pause."""

    wait_time = constant(0)

    def on_start(self):
        self.client.cookies.set("sessionid", SESSIONS[next(_started) % len(SESSIONS)])

    @task
    def open_page(self):
        if BARE:
            self.client.get("/bench/bare/", name="bare view")
            return
        name, path = random.choice(PAGES)
        self.client.get(path, name=name)
