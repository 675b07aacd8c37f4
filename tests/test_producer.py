"""The multi-process tests publish tasks by hand without moving the site's tasks.

A Celery app made current takes the tasks' shared proxies with it: every
later `.delay()` in the same process then publishes to its broker instead of
running in-process as the test settings ask. A test that had stopped that
broker left the next tests failing (a letter's copies never sent).
"""

from celery import current_app

from terreau.celery import app as site_app
from terreau.tasks import send_email
from tests.processes import celery_producer, free_port


def test_a_producer_leaves_the_sites_tasks_where_they_were():
    # given a producer for a broker nobody listens on
    celery_producer(f"redis://127.0.0.1:{free_port()}/0")

    # then the site's app is still the one tasks follow, and a task runs in-process
    assert current_app._get_current_object() is site_app
    assert send_email.app is site_app
