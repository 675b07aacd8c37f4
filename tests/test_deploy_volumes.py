"""The container set-up keeps uploaded files, and can write them.

Uploads land in two places (MEDIA_ROOT, served by the proxy; var/private,
handed out by permission-checked views only: calls/storage.py,
processes/storage.py, gardeners/models.py). In the compose file each must be
a named volume shared by the web processes and the worker, or a file would
vanish with its container and the other process would not find it; and the
image must own each mount point, or its user could not write there.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UPLOADS = {"/app/media", "/app/var/private"}


def mounts(service: str) -> set[str]:
    compose = (ROOT / "deploy" / "compose.yaml").read_text()
    block = re.search(rf"\n  {service}:\n(.*?)(?=\n  \w+:\n|\n\w)", compose, re.DOTALL).group(1)
    listed = re.search(r"volumes: \[(.*?)\]", block).group(1)
    return {entry.split(":")[1] for entry in re.split(r",\s*", listed)}


def test_web_and_worker_share_every_upload_volume():
    assert UPLOADS <= mounts("web")
    assert UPLOADS <= mounts("worker")


def test_the_image_owns_each_upload_mount_point():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    user = re.search(r"\nUSER (\w+)", dockerfile).group(1)
    owned = re.search(rf"chown {user} ([^\n]+)", dockerfile).group(1).split()

    assert UPLOADS <= set(owned)
    assert dockerfile.index(f"chown {user}") < dockerfile.index(f"\nUSER {user}")
