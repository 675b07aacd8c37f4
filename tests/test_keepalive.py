"""The ASGI server keeps an idle connection longer than the proxy does.

nginx reuses its upstream keep-alive connections for `keepalive_timeout`
(60 s) and does not resend a POST whose connection the server closed under
it: a 502. uvicorn closes idle connections after 5 s unless told otherwise.
So every place that starts uvicorn behind nginx (deploy/local.py for
`make prod-local` and the benchmarks, the container image) must keep them
open longer than every nginx configuration we ship (two 502 on POST were
seen in bench/registration.py before: docs/performance.md).
"""

import re
from pathlib import Path

from deploy import local

ROOT = Path(__file__).resolve().parents[1]


def seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(s|m)?", value).groups()
    return int(number) * (60 if unit == "m" else 1)


def upstream_keepalive_timeout(conf: str) -> int:
    upstream = re.search(r"upstream terreau \{+(.*?)\}", conf, re.DOTALL).group(1)
    found = re.search(r"keepalive_timeout\s+(\w+);", upstream)
    return seconds(found.group(1)) if found else 60  # nginx's default


def uvicorn_keepalive(arguments: list[str]) -> int:
    if "--timeout-keep-alive" not in arguments:
        return 5  # uvicorn's default
    return int(arguments[arguments.index("--timeout-keep-alive") + 1])


def test_uvicorn_outlives_nginx_idle_upstream_connections():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    image_command = re.findall(r'"([^"]+)"', dockerfile.split("CMD", 1)[1])
    proxies = {
        "prod-local": upstream_keepalive_timeout(local.NGINX_CONF),
        "compose": upstream_keepalive_timeout((ROOT / "deploy" / "nginx.conf").read_text()),
    }
    servers = {
        "prod-local": uvicorn_keepalive(list(local.UVICORN_OPTIONS)),
        "image": uvicorn_keepalive(image_command),
    }
    assert min(servers.values()) > max(proxies.values()), (servers, proxies)
