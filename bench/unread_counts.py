"""Unread counts at size: the channel list's statement and the community
page's SQL, before (counted from the messages) and after (kept per member
and channel), and the statements of one post (issue 14, item 4;
docs/performance.md, "Unread counts"). On a database filled by
`seed_large --scale 0.05`:

    DATABASE_URL=... REDIS_URL=... N=30 \
        .venv/bin/python manage.py shell < bench/unread_counts.py

"Before" runs the previous statement (one correlated count per channel of
the shown messages after the person's last read, on the partial index of
migration 0005), patched in; "after" the current one. Same database, same
run. The post is measured once, in its own transaction, then deleted.
"""
import os
import statistics
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.second_factor import session_mark
from communities.models import Circle, Community, Membership
from discussions import selectors as ds
from discussions import services
from discussions.services import unread
from discussions.models import Channel, Message, ReadState
from roles.models import GardenerPair

N = int(os.environ.get("N", "30"))
settings.DISCUSSIONS_RATE_LIMIT = None
current = ds._with_unread


def before(channels, user):
    last_read = Coalesce(Subquery(ReadState.objects.filter(
        channel=OuterRef(OuterRef("pk")), user=user).values("last_read_message_id")[:1]), Value(0))
    unread = (Message.objects.filter(channel=OuterRef("pk"), id__gt=last_read,
                                     deleted_at__isnull=True, hidden_at__isnull=True)
              .exclude(author=user).order_by().values("channel").annotate(n=Count("pk")).values("n"))
    return channels.annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0))


community = Community.objects.get(slug="large-000")
pair = GardenerPair.objects.get(community=community, ended_at__isnull=True)
gardener = pair.territory_gardener
general = Channel.objects.get(community=community, is_general=True)
if os.environ.get("GROW"):  # GROW=n: n more messages in the general channel, by a third member
    author = (Membership.objects.filter(community=community).exclude(user=gardener)
              .order_by("-pk").values_list("user", flat=True).first())
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO discussions_message (channel_id, author_id, body, created_at, seq, "
            "hidden_reason) SELECT %s, %s, 'm' || n, now(), 0, '' FROM generate_series(1, %s) n",
            [general.pk, author, int(os.environ["GROW"])],
        )
    unread.recount(channel_ids=[general.pk])
newcomer = (Membership.objects.filter(community=community, circle=Circle.ENGAGED)
            .exclude(user__in=ReadState.objects.filter(last_read_message_id__gt=0).values("user"))
            .select_related("user").order_by("pk").first().user)
messages = Message.objects.filter(channel__community=community).count()
print(f"community {community.slug}: {Channel.objects.filter(community=community).count()} channels, "
      f"{messages} messages")


def statement_ms(user):
    ds.visible_channels(user=user, community=community)  # the permission caches
    times, sql = [], None
    for _ in range(N):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            counts = [c.unread for c in ds.channels_with_unread(user=user, community=community)]
            times.append((time.perf_counter() - start) * 1000)
        sql = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()
    return counts, statistics.median(times), plan[0]["Execution Time"]


def page_sql_ms(user):
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    session = client.session
    session_mark(session, user)
    session.save()
    client.get(community.get_absolute_url())  # warm-up
    totals, count = [], 0
    for _ in range(N):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(community.get_absolute_url()).status_code == 200
        totals.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        count = len(captured.captured_queries)
    return statistics.median(totals), count


for mode, function in (("before", before), ("after", current)):
    ds._with_unread = function
    for who, user in (("gardener (read to the end)", gardener), ("member who never read", newcomer)):
        counts, wall, executed = statement_ms(user)
        print(f"{mode:6} channel list, {who}: unread {counts}, "
              f"median {wall:.2f} ms, EXPLAIN ANALYZE {executed:.2f} ms")
    for who, user in (("gardener", gardener), ("member who never read", newcomer)):
        sql, count = page_sql_ms(user)
        print(f"{mode:6} community page, {who}: {count} queries, SQL median {sql:.1f} ms")
ds._with_unread = current

members = Membership.objects.filter(community=community).count()
posted = []
for nth in ("first", "second"):  # the first of the hour also dates the member's activity
    with CaptureQueriesContext(connection) as captured:
        posted.append(services.message_post(channel=general, author=newcomer, body="Mesure"))
    statements = [q["sql"] for q in captured.captured_queries]
    print(f"{nth} post in a channel of {members} members: {len(statements)} statements "
          f"({', '.join(s.split()[0] for s in statements)})")
with transaction.atomic():
    Message.objects.filter(pk__in=[m.pk for m in posted]).delete()
    unread.recount(channel_ids=[general.pk])
