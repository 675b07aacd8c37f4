"""What the web processes believe about a client, behind each proxy we ship.

The log-in throttle and the audit log read the client's address from
X-Forwarded-For, which uvicorn (--proxy-headers) takes from trusted proxies
only. Trusting every address, or an edge proxy that appends to what the
client sent, would let anyone choose the address they are counted under.
And a chat frame larger than we accept should be refused before uvicorn
buffers it (its default is 16 MiB).
"""

import re
from pathlib import Path

from deploy import local
from discussions.frames import MAX_FRAME_CHARS

ROOT = Path(__file__).resolve().parents[1]


def image_command() -> list[str]:
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    return re.findall(r'"([^"]+)"', dockerfile.split("\nCMD", 1)[1])


def option(arguments: list[str], name: str) -> str | None:
    return arguments[arguments.index(name) + 1] if name in arguments else None


def forwarded_for(conf: str) -> set[str]:
    return set(re.findall(r"proxy_set_header\s+X-Forwarded-For\s+(\S+);", conf))


def test_the_edge_proxies_send_the_address_they_see():
    for conf in (local.NGINX_CONF, (ROOT / "deploy" / "nginx.conf").read_text()):
        assert forwarded_for(conf) == {"$remote_addr"}


def test_the_image_trusts_the_proxy_of_the_compose_file_only():
    command = image_command()
    compose = (ROOT / "deploy" / "compose.yaml").read_text()
    proxy = re.search(r"ipv4_address: ([\d.]+)", compose.split("\n  proxy:")[1]).group(1)
    web = compose.split("\n  web:")[1].split("\n  worker:")[0]

    assert "--proxy-headers" in command
    # Not on the command line: uvicorn then reads FORWARDED_ALLOW_IPS.
    assert option(command, "--forwarded-allow-ips") is None
    assert re.findall(r"FORWARDED_ALLOW_IPS: (\S+)", web) == [proxy]


def test_prod_local_trusts_its_own_proxy_only():
    assert option(list(local.UVICORN_OPTIONS), "--forwarded-allow-ips") == "127.0.0.1"


def test_frames_larger_than_a_message_are_refused_by_the_server():
    # 4 bytes a character at most in UTF-8, plus the frame's JSON around it.
    for arguments in (image_command(), list(local.UVICORN_OPTIONS)):
        limit = int(option(arguments, "--ws-max-size") or 16 * 2**20)
        assert 4 * MAX_FRAME_CHARS < limit <= 4 * MAX_FRAME_CHARS * 2
