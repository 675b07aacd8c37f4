"""Lighthouse on the production topology: home, a community, an event and a
channel, mobile preset; prints accessibility, best practices, performance and
SEO per page, then one JSON line.

    (cd bench/lighthouse && npm ci)     # once: Lighthouse, pinned (package-lock.json)
    .venv/bin/python bench/lighthouse.py

What runs (deploy/local.py, as `make prod-local`): nginx with TLS in front of
2 uvicorn processes on the production settings, a Celery worker and beat, a
private Redis, against a PostgreSQL database of its own
(LIGHTHOUSE_DATABASE_URL), migrated and seeded with the demo (kept for the
next run, which seeds nothing more). The channel is
Biodiversité's general channel, seen by the demo's engaged member (a session
opened through the log-in form, given to Lighthouse as a Cookie header).

Lighthouse (npm, bench/lighthouse/) drives Debian's Chromium (CHROME_PATH,
/usr/bin/chromium; it never downloads a browser) with its default mobile
settings: a Moto G Power-sized screen, simulated slow 4G and 4x CPU slowdown.
The certificate is this run's self-signed one, so Chromium is told to ignore
certificate errors. Scores on a shared two-CPU machine move by a few
points of performance from run to run: --runs takes the median.

Targets (issue 15): accessibility >= 95, best practices >= 95, performance
>= 90. Exit status 1 when a page misses one. docs/performance.md keeps the
figures.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from deploy.local import Topology, _database_ensure, free_port
from tests.processes import RedisServer

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/terreau_lighthouse"
CATEGORIES = ("accessibility", "best-practices", "performance", "seo")
TARGETS = {"accessibility": 95, "best-practices": 95, "performance": 90}
MEMBER = "engage@demo.terreau.fr"
PASSWORD = "terreau-demo"


def log_in(topology: Topology, email: str) -> str:
    """The session cookie of `email`, through the real log-in form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=topology.ssl_context()),
        urllib.request.HTTPCookieProcessor(jar),
    )
    form = opener.open(topology.url + "/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(
        topology.url + "/accounts/login/", data=data,
        headers={"Referer": topology.url + "/accounts/login/"},
    )
    opener.open(request, timeout=30).read()
    for cookie in jar:
        if cookie.name == "sessionid":
            return f"sessionid={cookie.value}"
    raise RuntimeError(f"could not log in as {email}")


def pages(topology: Topology) -> dict[str, str]:
    """Home, Biodiversité's page, its busiest coming event, its general channel."""
    html = topology.get("/communities/biodiversite/").read().decode()
    event = re.search(r'href="(/events/\d+/)"', html).group(1)
    return {
        "home": "/",
        "community": "/communities/biodiversite/",
        "event": event,
        "channel": None,  # found once logged in
    }


def lighthouse(url: str, *, cookie: str | None = None) -> dict[str, int]:
    flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage " \
            "--ignore-certificate-errors --lang=fr-FR"
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}",
        "--locale=en-US",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
    )
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [
        audit["id"] for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    scores["failing_audits"] = sorted(failing)
    scores["lcp_ms"] = round(report["audits"]["largest-contentful-paint"]["numericValue"])
    scores["tbt_ms"] = round(report["audits"]["total-blocking-time"]["numericValue"])
    scores["cls"] = round(report["audits"]["cumulative-layout-shift"]["numericValue"], 3)
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is kept")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: (cd bench/lighthouse && npm ci)")

    database_url = os.environ.get("LIGHTHOUSE_DATABASE_URL", DEFAULT_URL)
    _database_ensure(database_url)
    redis = RedisServer().start()
    run_dir = Path(tempfile.mkdtemp(prefix="terreau-lighthouse-"))
    mail_port = free_port()  # e-mails go by SMTP to a Maildir, as `make prod-local`
    topology = Topology(
        database_url=database_url, redis_url=redis.url, email_url=f"smtp://127.0.0.1:{mail_port}",
        mailbox=(run_dir / "mail", mail_port), run_dir=run_dir,
        env={"MEDIA_ROOT": str(run_dir / "media")},
    )
    results = {}
    try:
        topology.start(migrate=True)
        topology._manage("seed_demo")  # adds nothing when the demo is there already
        paths = pages(topology)
        cookie = log_in(topology, MEMBER)
        request = urllib.request.Request(
            topology.url + "/communities/biodiversite/channels/", headers={"Cookie": cookie})
        channels = urllib.request.urlopen(request, context=topology.ssl_context(), timeout=30)
        paths["channel"] = re.search(
            r'href="(/communities/biodiversite/channels/\d+/)"', channels.read().decode()
        ).group(1)
        for name, path in paths.items():
            runs = [lighthouse(topology.url + path, cookie=cookie if name == "channel" else None)
                    for _ in range(args.runs)]
            best = {key: statistics.median(run[key] for run in runs)
                    for key in (*CATEGORIES, "lcp_ms", "tbt_ms", "cls")}
            best["failing_audits"] = sorted({a for run in runs for a in run["failing_audits"]})
            results[name] = {"path": path, **best}
            print(f"{name:10} {path:45} " + "  ".join(
                f"{key} {best[key]:>3}" for key in CATEGORIES) + f"  LCP {best['lcp_ms']} ms",
                flush=True)
            if best["failing_audits"]:
                print(f"{'':10} below 0.9: {', '.join(best['failing_audits'])}", flush=True)
    finally:
        topology.stop()
        redis.stop()
    missed = [f"{name} {key} {result[key]} < {target}"
              for name, result in results.items() for key, target in TARGETS.items()
              if result[key] < target]
    print(json.dumps({"pages": results, "missed": missed}))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
