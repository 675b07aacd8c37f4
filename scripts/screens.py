"""`make screens`: every page type as every demo role, at 360x740 and
1280x800, in headless Chromium, into docs/screens/ with an index.html.

    .venv/bin/python scripts/screens.py                 # the whole set (a few minutes)
    .venv/bin/python scripts/screens.py --roles citizen --only /events/

What it does: migrates a database of its own (SCREENS_DATABASE_URL, default
SQLite var/screens/db.sqlite3), seeds the demo (`seed_demo`, then
`demo_second_factor`), serves it with `runserver` on a free port on the
development settings (as `make run`), logs each demo account in through the
real log-in form (the second factor's code from the demo's published
secret), and opens each page type the access matrix gives its role
(tests/browser/crawl.py), filled with the demo's objects: Biodiversité, its
full event, its general and engaged channels, its letters, needs and group.
A page the demo has nothing for (no such object) is listed as skipped.

Each screenshot is the window only (not the whole page), in French, as WebP
(quality 30; a laptop's shot scaled to 960x600): about 15 kB each, so that
the committed set of about a thousand stays under 15 MB. It prints each page that scrolls sideways, and exits 1 if
one does.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from tests.browser.crawl import LAPTOP, OVERFLOWING, PHONE, SIDEWAYS, page_types

OUT = ROOT / "docs" / "screens"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "terreau-demo"
DOMAIN = "demo.terreau.fr"
# The demo's roles: (name in the index, account, the access matrix's role).
ROLES = [
    ("visitor", None, "anonymous"),
    ("citizen", "citoyen", "citizen"),
    ("informed", "informe", "informed"),
    ("engaged", "engage", "engaged"),
    ("territory-gardener", "jardinier.territoire", "gardener"),
    ("institution-gardener", "jardiniere.region", "gardener"),
    ("cultivator", "cultivateur", "cultivator"),
    ("staff", "admin", "staff"),
]
QUALITY = 30
# A laptop's window is kept at 960x600 (its layout is the 1280 px one): the
# set stays under about 15 MB.
LAPTOP_SCALE = 0.75


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL, text=True,
    )
    return result.stdout or ""


def demo_values(role: str) -> dict:
    """The demo's objects for the matrix's placeholders, as `role` sees them.
    A placeholder the demo has nothing for is left out (its pages are skipped)."""
    from django.contrib.auth import get_user_model

    from cms.models import NewsPage
    from communities.models import Community, Direction
    from discussions.models import Channel, Message
    from events import tokens as event_tokens
    from events.models import Event, Registration
    from needs.models import Need
    from newsletters.models import Letter, Section
    from newsletters.tokens import make as unsubscribe_token
    from workgroups.models import WorkingGroup

    users = {u.email.split("@")[0]: u for u in get_user_model().objects.filter(
        email__iendswith="@" + DOMAIN)}
    community = Community.objects.get(slug="biodiversite")
    values = {"community": community.slug, "other_community": "alimentation-durable"}

    def put(name, compute):
        try:
            value = compute()
        except Exception:  # noqa: BLE001 -- nothing of the kind in the demo: skipped
            return
        if value is not None:
            values[name] = value

    from django.db.models import Count

    # The busiest coming public event (the demo's full one, with its waiting list).
    event = (Event.objects.filter(community=community, state=Event.State.PUBLISHED,
                                  audience=Event.Audience.PUBLIC, starts_at__gte=time_now())
             .annotate(people=Count("registrations")).order_by("-people", "starts_at").first())
    if event:
        values.update(event=event.pk, event_year=event.starts_at.year,
                      event_month=event.starts_at.month)
        registration = Registration.objects.filter(event=event).order_by("pk").first()
        if registration:
            values.update(
                registration_view=event_tokens.make(registration, event_tokens.VIEW),
                registration_confirm=event_tokens.make(registration, event_tokens.CONFIRM),
                registration_cancel=event_tokens.make(registration, event_tokens.CANCEL),
            )
    put("general", lambda: Channel.objects.get(community=community, is_general=True).pk)
    put("general_message", lambda: Message.objects.filter(channel_id=values["general"]).exclude(
        author=users.get({"citizen": "citoyen"}.get(role, ""))).latest("pk").pk)
    engaged_channel = Channel.objects.filter(community=community, is_general=False,
                                             min_circle__gt=0).order_by("pk").first()
    if engaged_channel:
        values["engaged_channel"] = engaged_channel.pk
        put("engaged_message", lambda: Message.objects.filter(
            channel=engaged_channel, author=users["engage"]).latest("pk").pk)
    put("need", lambda: Need.objects.filter(
        community=community, visibility=Need.Visibility.COMMUNITY).order_by("pk").first().pk)
    put("gardeners_need", lambda: Need.objects.filter(
        community=community, author=users["informe"], status="new").first().pk)
    put("group", lambda: WorkingGroup.objects.filter(community=community).order_by("pk").first().slug)
    letters = Letter.objects.filter(community=community)
    put("letter", lambda: letters.filter(state=Letter.State.CALL_OPEN).first().pk)
    put("draft_letter", lambda: letters.filter(state__in=Letter.EDITABLE).order_by("-pk").first().pk)
    put("sent_letter", lambda: letters.filter(state=Letter.State.SENT).first().pk)
    put("section", lambda: Section.objects.filter(
        letter__community=community, author=users["engage"]).first().pk)
    put("unsubscribe_token", lambda: unsubscribe_token(user_id=users["informe"].pk,
                                                       community_id=community.pk))
    put("citizen_id", lambda: users["citoyen"].pk)
    put("direction", lambda: Direction.objects.order_by("pk").first().slug)
    put("news_page", lambda: NewsPage.objects.live().public().order_by("-date").first().url.strip("/"))
    # The demo's citizen council (demo/councils.py): its page, draw, seat and past session.
    from councils.models import Council, Draw

    council = Council.objects.filter(slug="bagatelle").first()
    if council:
        values["council"] = council.slug
        put("council_draw", lambda: Draw.objects.filter(
            council=council, status=Draw.Status.DONE).earliest("pk").pk)
        put("council_member", lambda: council.members.filter(
            ended_at__isnull=True).earliest("pk").pk)
        put("council_session", lambda: council.sessions.exclude(minutes="").earliest("pk").pk)
    return values


def time_now():
    from django.utils import timezone

    return timezone.now()


def pages_for(matrix_role: str, values: dict) -> tuple[list[tuple[str, str]], list[str]]:
    """(route, address) of each page type the demo can fill; the routes it cannot."""
    pages, skipped = [], []
    for route, template in page_types(matrix_role):
        try:
            pages.append((route, template.format(**values)))
        except KeyError:
            skipped.append(route)
    if "news_page" in values:  # an article, beside the newsroom (the matrix's first case)
        pages.append((r"^((?:[\w\-]+/)*)$", "/{news_page}/".format(**values)))
    return pages, skipped


def file_name(route: str, path: str) -> str:
    """Named after the route, so that a new run replaces the same files."""
    name = re.sub(r"<(?:\w+:)?(\w+)>", r"\1", route)
    if name.startswith("^(("):  # Wagtail's pages: the address says which
        name = "page-" + path
    name = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "home"
    return name[:80]


def log_in(page, email: str, code: str) -> None:
    page.goto("/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").first.click()
    page.wait_for_load_state()
    if page.locator("input[name=code]").count():
        page.locator("input[name=code]").fill(code)
        page.locator("form:has(input[name=code]) [type=submit]").first.click()
        page.wait_for_load_state()
    if "/accounts/login" in page.url or "/2fa/" in page.url:
        raise RuntimeError(f"could not log in as {email}: still on {page.url}")


def shoot(page, target: Path) -> int:
    """The window as WebP; its size in bytes."""
    from PIL import Image

    image = Image.open(io.BytesIO(page.screenshot(type="png"))).convert("RGB")
    if image.width > PHONE["width"]:
        image = image.resize((round(image.width * LAPTOP_SCALE), round(image.height * LAPTOP_SCALE)),
                             Image.LANCZOS)
    image.save(target, "WEBP", quality=QUALITY, method=6)
    return target.stat().st_size


def write_index(shots: dict, skipped: dict) -> None:
    rows = []
    for role, pages in shots.items():
        rows.append(f'<section id="{role}"><h2>{html.escape(role)}</h2>')
        if skipped.get(role):
            rows.append("<p>Nothing in the demo for: "
                        + ", ".join(f"<code>{html.escape(r)}</code>" for r in skipped[role])
                        + "</p>")
        rows.append('<div class="grid">')
        for path, names in pages:
            rows.append(
                f'<figure><figcaption><a href="{html.escape(names["link"])}">'
                f"<code>{html.escape(path)}</code></a></figcaption>"
                f'<a href="{names["360"]}"><img src="{names["360"]}" width="180" height="370" '
                f'loading="lazy" alt="{html.escape(path)}, 360×740"></a>'
                f'<a href="{names["1280"]}"><img src="{names["1280"]}" width="320" height="200" '
                f'loading="lazy" alt="{html.escape(path)}, 1280×800"></a></figure>'
            )
        rows.append("</div></section>")
    nav = " · ".join(f'<a href="#{role}">{role}</a>' for role in shots)
    (OUT / "index.html").write_text(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Terreau: every page, every demo role</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;margin:1rem;color:#1c241e}}
.grid{{display:flex;flex-wrap:wrap;gap:1rem}}figure{{margin:0;border:1px solid #ccd;padding:.5rem}}
figcaption{{font-size:.8rem;margin-bottom:.25rem}}img{{vertical-align:top;margin-right:.25rem;
border:1px solid #eee}}</style></head><body>
<h1>Terreau: every page type, every demo role</h1>
<p>Made by <code>make screens</code> (scripts/screens.py) from the seeded demo, in French, at
360×740 and 1280×800 (the window only). {nav}</p>
{chr(10).join(rows)}
</body></html>
""", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roles", nargs="*", help="only these roles (index names)")
    parser.add_argument("--only", help="only addresses containing this")
    parser.add_argument("--no-seed", action="store_true", help="the database is seeded already")
    args = parser.parse_args()

    run = ROOT / "var" / "screens"
    run.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "terreau.settings.local",
        "DATABASE_URL": os.environ.get("SCREENS_DATABASE_URL", f"sqlite:///{run / 'db.sqlite3'}"),
        "MEDIA_ROOT": str(run / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)  # in-process tasks, an in-memory channel layer: as `make run`
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)
    if not args.no_seed:
        print("→ demo: migrating and seeding (a minute or two)", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo", capture=True)
    manage(env, "demo_second_factor", capture=True)

    import django

    django.setup()
    from demo.second_factor import current_code

    roles = [r for r in ROLES if not args.roles or r[0] in args.roles]
    plan = {}
    for name, account, matrix_role in roles:
        pages, skipped = pages_for(matrix_role, demo_values(matrix_role))
        if args.only:
            pages = [p for p in pages if args.only in p[1]]
        plan[name] = (account, pages, skipped)
    from django.db import connections

    connections.close_all()

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT, env={**env, "SITE_URL": f"http://127.0.0.1:{port}"},
        stdout=open(run / "server.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"the server did not start: see {run / 'server.log'}") from None
                time.sleep(0.5)
        return shoot_all(plan, base, current_code, partial=bool(args.roles or args.only))
    finally:
        server.terminate()
        server.wait(timeout=15)


def shoot_all(plan: dict, base: str, current_code, *, partial: bool) -> int:
    from playwright.sync_api import sync_playwright

    if not partial and OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True, exist_ok=True)
    shots, skipped, too_wide, total = {}, {}, [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        for name, (account, pages, missing) in plan.items():
            context = browser.new_context(
                viewport=PHONE, locale="fr-FR", base_url=base,
                extra_http_headers={"Accept-Language": "fr-FR,fr;q=0.9"},
            )
            context.set_default_timeout(20_000)
            page = context.new_page()
            if account:
                log_in(page, f"{account}@{DOMAIN}", current_code())
            (OUT / name).mkdir(exist_ok=True)
            shots[name], skipped[name] = [], missing
            for route, path in pages:
                page.set_viewport_size(PHONE)
                response = page.goto(path)
                if response is None or response.status != 200:
                    missing.append(f"{path} ({response and response.status})")
                    continue
                names = {"link": path}
                for size in (PHONE, LAPTOP):
                    page.set_viewport_size(size)
                    if (extra := page.evaluate(SIDEWAYS)) > 0:
                        too_wide.append(f"{name} {path} at {size['width']} px: {extra} px, "
                                        + ", ".join(page.evaluate(OVERFLOWING)))
                    relative = f"{name}/{file_name(route, path)}-{size['width']}.webp"
                    total += shoot(page, OUT / relative)
                    names[str(size["width"])] = relative
                shots[name].append((path, names))
            context.close()
            print(f"  {name}: {len(shots[name])} pages", flush=True)
        browser.close()
    if not partial:
        write_index(shots, skipped)
    print(json.dumps({"pages": sum(len(v) for v in shots.values()),
                      "megabytes": round(total / 1e6, 1), "too_wide": too_wide}))
    return 1 if too_wide else 0


if __name__ == "__main__":
    sys.exit(main())
