"""Every endpoint answers with the shape docs/api.md and the schema describe,
for real data, and shows what an anonymous visitor sees on the site."""

import pytest

from events.models import Event
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_the_communities_list_shows_each_community_with_its_circles(api, world):
    body = api.get("/api/v1/communities/").json()

    assert body["count"] == 2
    assert set(body) == {"count", "next", "previous", "results"}
    first = body["results"][0]
    assert set(first) == {
        "slug", "name", "summary", "territory", "direction", "themes", "members", "url",
    }
    assert first["members"] == {"citizens": 1, "informed": 1, "engaged": 1}
    assert first["themes"] == ["biodiversité", "eau"]
    assert first["url"] == f"http://testserver/communities/{first['slug']}/"


def test_a_community_is_found_by_its_slug(api, world):
    community = world[0]

    body = api.get(f"/api/v1/communities/{community.slug}/").json()

    assert body["name"] == community.name
    assert body["direction"] == community.direction.name
    assert api.get("/api/v1/communities/no-such-community/").status_code == 404


def test_communities_are_filtered_by_theme(api, world):
    world[0].themes.add("forêt")
    slug = world[0].themes.get(name="forêt").slug

    body = api.get(f"/api/v1/communities/?theme={slug}").json()

    assert [c["slug"] for c in body["results"]] == [world[0].slug]
    assert body["results"][0]["members"]["engaged"] == 1  # the theme multiplies nothing


def test_the_events_list_shows_only_published_public_events(api, world):
    body = api.get("/api/v1/events/").json()

    titles = {e["title"] for e in body["results"]}
    assert titles == {f"Public {c.slug}" for c in world} | {"Institution-wide"}
    event = next(e for e in body["results"] if e["title"] == f"Public {world[0].slug}")
    assert set(event) == {
        "id", "title", "description", "starts_at", "ends_at", "time_zone", "format", "place",
        "state", "community", "capacity", "seats_left", "url",
    }
    assert event["community"] == {"slug": world[0].slug, "name": world[0].name}
    assert event["seats_left"] == 10
    assert event["place"].startswith("Hôtel de Région")
    online = next(e for e in body["results"] if e["title"] == "Institution-wide")
    assert online["community"] is None and online["place"] is None


def test_a_signed_in_member_gets_the_same_public_list(api, world, django_user_model):
    engaged = world[0].memberships.get(circle=3).user

    api.force_login(engaged)
    titles = {e["title"] for e in api.get("/api/v1/events/").json()["results"]}

    assert f"Engaged only {world[0].slug}" not in titles


def test_events_outside_the_public_list_are_not_found_one_by_one(api, world):
    hidden = Event.objects.exclude(audience=Event.Audience.PUBLIC).first()
    draft = Event.objects.filter(state=Event.State.DRAFT).first()

    assert api.get(f"/api/v1/events/{hidden.pk}/").status_code == 404
    assert api.get(f"/api/v1/events/{draft.pk}/").status_code == 404


def test_events_are_filtered_by_community_date_range_and_state(api, world):
    community = world[1]
    public = Event.objects.get(title=f"Public {community.slug}")
    # (at the same instant: two factory calls can straddle a second)
    EventFactory(community=community, state=Event.State.CANCELLED, title="Off",
                 starts_at=public.starts_at)
    start = public.starts_at.isoformat()

    def titles(query):
        response = api.get("/api/v1/events/", query)
        assert response.status_code == 200, response.content
        return {e["title"] for e in response.json()["results"]}

    assert titles({"community": community.slug}) == {public.title, "Off"}
    assert titles({"community": community.slug, "state": "cancelled"}) == {"Off"}
    assert public.title in titles({"starts_after": start})
    assert public.title not in titles({"starts_before": start})  # the range's end is excluded
    assert titles({"format": "online"}) == {"Institution-wide"}


def test_a_bad_filter_value_is_a_clear_400(api, world):
    response = api.get("/api/v1/events/?starts_after=tomorrow&state=draft")

    assert response.status_code == 400
    assert set(response.json()) == {"starts_after", "state"}


def test_pages_hold_50_rows_and_up_to_200_on_request(api, db):
    from tests.factories import CommunityFactory

    CommunityFactory.create_batch(201)

    assert len(api.get("/api/v1/communities/").json()["results"]) == 50
    assert len(api.get("/api/v1/communities/?page_size=200").json()["results"]) == 200
    assert len(api.get("/api/v1/communities/?page_size=201").json()["results"]) == 200
    body = api.get("/api/v1/communities/?page=5").json()
    assert len(body["results"]) == 1 and body["next"] is None
    assert api.get("/api/v1/communities/?page=6").status_code == 404


def test_a_moment_with_any_iso_offset_is_read_as_utc(api, world):
    """Found by schemathesis: an offset past PostgreSQL's ±15:59 was a 500."""
    far_offset = api.get("/api/v1/events/", {"starts_after": "2020-01-01T00:00:00-18:12"})
    before_year_one = api.get("/api/v1/events/", {"starts_after": "0001-01-01T00:00:00+05:00"})

    assert far_offset.status_code == 200
    assert far_offset.json()["count"] == 3
    assert before_year_one.status_code == 400
    assert before_year_one.json() == {
        "starts_after": ["Enter a date and time between the years 1 and 9999."]
    }
