"""demo.calls.seed(): an open call with a draft and a submission, a past call
with two funded projects on the map, one linked to a community; three outside
calls on the watch, on the demo communities' themes; idempotent."""

import json
import re

import pytest
from django.urls import reverse

from calls.models import Application, Call, OutsideCall
from communities.models import Community
from demo import calls as calls_demo
from demo import communities as demo

pytestmark = pytest.mark.django_db


def test_seed_shows_an_open_and_a_past_call_and_is_idempotent(settings, tmp_path):
    settings.CALLS_PRIVATE_ROOT = tmp_path
    demo.seed()
    assert calls_demo.seed() == {"calls": 2, "outside_calls": 3}
    assert calls_demo.seed() == {"calls": 0, "outside_calls": 0}
    open_call = Call.objects.get(slug=calls_demo.OPEN)
    statuses = sorted(open_call.applications.values_list("status", flat=True))
    assert statuses == [Application.Status.DRAFT, Application.Status.SUBMITTED]
    funded = Application.objects.get(call__slug=calls_demo.PAST, title__contains="verger")
    assert funded.decision == Application.Decision.FUNDED and funded.scores.count() == 6
    assert open_call.applications.get(status="draft").carriers.count() == 1
    # Its questions and answers: two on its page, one private, one waiting.
    questions = open_call.questions
    assert questions.filter(public=True, answered_at__isnull=False).count() == 2
    assert questions.filter(public=False, answered_at__isnull=False).count() == 1
    assert questions.filter(answered_at__isnull=True).count() == 1


def test_the_past_call_funded_projects_show_on_the_map_and_in_a_community(
        settings, tmp_path, client, in_english):
    settings.CALLS_PRIVATE_ROOT = tmp_path
    demo.seed()
    calls_demo.seed()
    past = Application.objects.filter(call__slug=calls_demo.PAST)
    assert sorted(past.values_list("decision", flat=True)) == ["funded", "funded"]
    assert past.get(title__contains="haies").carriers.count() == 1

    page = client.get(reverse("calls:funded")).content.decode()
    island = re.search(r'<script id="funded-map-data" type="application/json">(.*?)</script>',
                       page)
    markers = json.loads(island.group(1))["markers"]
    assert sorted(m["title"] for m in markers) == [
        "Des haies fruitières le long des pistes", "Un verger partagé à Bagatelle"]
    orchard = past.get(title__contains="verger")
    assert orchard.community.slug == "biodiversite"
    home = client.get(orchard.community.get_absolute_url()).content.decode()
    assert "Un verger partagé à Bagatelle" in home
    # Both organisations take part in the community: its "Organisations here".
    block = home.split('id="organisations"', 1)[1].split("</section>", 1)[0]
    assert "Les Jardins de Bagatelle" in block and "Collectif Vélo Sud" in block


def test_the_watch_shows_three_outside_calls_on_the_communities_themes(
        settings, tmp_path, client, in_english):
    settings.CALLS_PRIVATE_ROOT = tmp_path
    demo.seed()
    calls_demo.seed()
    calls_demo.seed()
    assert OutsideCall.objects.count() == 3
    page = client.get(reverse("calls:watch")).content.decode()
    assert "3 open calls." in page
    community_themes = {
        slug: {tag.name for tag in community.themes.all()}
        for slug, community in ((c.slug, c) for c in Community.objects.all())}
    matched = set()
    for outside in OutsideCall.objects.all():
        assert outside.title in page.replace("&#x27;", "'")
        themes = {tag.name for tag in outside.themes.all()}
        matched |= {slug for slug, tags in community_themes.items() if tags & themes}
        assert client.get(outside.get_absolute_url()).status_code == 200
    assert {"biodiversite", "alimentation-durable", "mobilites"} <= matched
