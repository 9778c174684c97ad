"""The mixed load of ``make bench`` (locust, headless): signed-in users who open list, detail
and search pages and the home page, or, with ``PHOIHOP_BENCH_TARGET=bare``, only the bare view.

The pages come from ``PHOIHOP_BENCH_PAGES`` (a JSON list of paths written by the bench, taken
from the generated database); each user signs in once through the real sign-in form.
"""

import json
import os
import random
import re

from locust import HttpUser, constant, task

PAGES = json.loads(os.environ.get("PHOIHOP_BENCH_PAGES", "[]"))
BARE = os.environ.get("PHOIHOP_BENCH_TARGET") == "bare"
USERS = json.loads(os.environ.get("PHOIHOP_BENCH_USERS", '[["bench", "bench"]]'))


class SignedInUser(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        username, password = random.choice(USERS)
        page = self.client.get("/accounts/login/", name="sign-in form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        self.client.post(
            "/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
        )

    @task
    def open_page(self):
        if BARE:
            self.client.get("/bench/bare/", name="bare view")
            return
        name, path = random.choice(PAGES)
        self.client.get(path, name=name)
