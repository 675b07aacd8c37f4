"""Server time of the overview and the channel pages, in-process, one client
(issue 14; docs/performance.md, "The cultivator overview and the unread
counts, fixed"). On a database filled by `seed_large --scale 0.25`, under the
production settings (after `collectstatic`):

    MODE=after N=20 DJANGO_SETTINGS_MODULE=terreau.settings.production \
        SECRET_KEY=... ALLOWED_HOSTS=perf.example.org SITE_URL=https://perf.example.org \
        EMAIL_URL=smtp://127.0.0.1:2525 DATABASE_URL=... REDIS_URL=... \
        .venv/bin/python manage.py shell < bench/pages_inprocess.py

MODE=before patches in the statements of before commit 9133e28 (the overview
joined to the memberships, the unread counts joined to the messages); drop
the indexes discussions_message_recent and discussions_message_unread first
to measure the old state whole, and create them again afterwards.
"""
import os
import statistics
import time

from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.second_factor import session_mark
from communities import selectors as cs
from communities.models import Circle, Community, Direction
from discussions import selectors as ds
from discussions.models import Channel, ReadState
from roles.models import GardenerPair

if os.environ.get("MODE") == "before":
    def old_side_by_side(*, inactive_since, **annotations):
        circles = {c.name.lower(): Count("memberships", filter=Q(memberships__circle=c.value)) for c in Circle}
        return list(Community.objects.select_related("direction").annotate(
            **circles, total=Count("memberships"), pending=cs.pending_count_per_community(),
            to_reengage=Count("memberships", filter=Q(memberships__last_active_at__lt=inactive_since)),
            **annotations))
    def old_with_unread(channels, user):
        last_read = ReadState.objects.filter(channel=OuterRef("pk"), user=user).values("last_read_message_id")[:1]
        return channels.annotate(last_read=Coalesce(Subquery(last_read), Value(0))).annotate(
            unread=Count("messages", filter=Q(messages__id__gt=F("last_read"), messages__deleted_at__isnull=True,
                                             messages__hidden_at__isnull=True) & ~Q(messages__author=user)))
    cs.communities_side_by_side = old_side_by_side
    ds._with_unread = old_with_unread

community = Community.objects.get(slug="large-000")
pair = GardenerPair.objects.get(community=community, ended_at__isnull=True)
Direction.objects.filter(pk=pair.direction_id).update(is_coordinating=True)
channel = Channel.objects.get(community=community, is_general=True)
host = os.environ["ALLOWED_HOSTS"].split(",")[0]

def client_for(user):
    c = Client(HTTP_HOST=host)
    c.force_login(user)
    s = c.session; session_mark(s, user); s.save()
    return c

pages = [
    ("overview", pair.institution_gardener, reverse("insights:overview")),
    ("community", pair.territory_gardener, community.get_absolute_url()),
    ("channel list", pair.territory_gardener, reverse("discussions:list", kwargs={"slug": community.slug})),
    ("my channels", pair.territory_gardener, "/me/channels/"),
]
n = int(os.environ.get("N", "20"))
for name, user, url in pages:
    client = client_for(user)
    times = []
    for i in range(n + 1):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter(); r = client.get(url, secure=True); dt = (time.perf_counter() - t) * 1000
        assert r.status_code == 200, (url, r.status_code)
        if i:
            times.append(dt)
    times.sort()
    sql = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
    print(f"{os.environ.get('MODE')} {name:<13} {url:<40} n={n} p50={statistics.median(times):6.0f} ms "
          f"p95={times[max(int(n*0.95)-1,0)]:6.0f} ms queries={len(ctx.captured_queries)} "
          f"sql={sql:.0f} ms load={os.getloadavg()[0]:.1f}", flush=True)
