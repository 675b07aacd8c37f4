"""A web process freezes what it loaded at startup out of the garbage
collector's reach (terreau/asgi.py): a full collection then walks what
requests create, not the ~300,000 objects of Django, Wagtail and the URL
conf, which took 160 ms, a pause for every request in flight."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc, json
import terreau.asgi
from django.urls import get_resolver
get_resolver().url_patterns  # what the first request loads: already there, and frozen
gc.collect()
print(json.dumps({"frozen": gc.get_freeze_count(), "walked": len(gc.get_objects())}))
"""


def test_a_web_process_freezes_its_startup_objects_out_of_every_collection():
    # given a web process as uvicorn starts it: terreau.asgi imported
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "terreau.settings.test"}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True, timeout=120).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    # then a full collection walks a small part of what the process holds
    assert figures["frozen"] > 100_000, figures
    assert figures["walked"] < figures["frozen"] / 10, figures
