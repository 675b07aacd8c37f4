"""Download my data: a ZIP with data.json and index.html, for its owner only."""

import io
import json
import zipfile

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from privacy import services
from tests.factories import UserFactory
from tests.privacy.conftest import EMAIL, NAME

SECTIONS = ("accounts", "communities", "discussions", "events", "newsletters",
            "notifications", "needs", "workgroups", "directory", "consents")


def _download(client, user):
    client.force_login(user)
    response = client.get(reverse("privacy:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return json.loads(archive.read("data.json")), archive.read("index.html").decode()


def test_the_zip_holds_every_section_as_json_and_as_a_readable_page(client, person):
    data, html = _download(client, person.user)

    assert set(SECTIONS) <= set(data["sections"])
    sections = {key: value["data"] for key, value in data["sections"].items()}
    assert sections["accounts"]["email"] == EMAIL
    assert sections["accounts"]["display_name"] == NAME
    assert [m["community"] for m in sections["communities"]["memberships"]] == ["Biodiversité"]
    assert sections["communities"]["circle_history"][0]["kind"] == "joined"
    assert sections["discussions"]["messages"][0]["body"] == "Bonjour à tous"
    assert {r["event"] for r in sections["events"]["registrations"]} == {
        person.event.title, person.past.title, person.pending.event.title}
    assert sections["newsletters"]["sections"][0]["title"] == "Les haies"
    assert sections["needs"]["needs"][0]["answers"][0]["answer"] == "Nous cherchons avec vous."
    assert sections["needs"]["supports"][0]["message"] == "Je viens"
    # the mention, the seat booked at the event (a line in the centre too),
    # being put in touch with Camille
    assert sorted(n["kind"] for n in sections["notifications"]["notifications"]) == [
        "mention", "need_connected", "registration_confirmed"]
    assert [c["with"] for c in sections["needs"]["connections"]] == ["Camille Roux"]
    dialogue = sections["processes"]
    assert [c["title"] for c in dialogue["contributions"]] == ["Une piste"]
    assert [c["text"] for c in dialogue["comments"]] == ["Et le soir ?"]
    assert [s["contribution"] for s in dialogue["supports"]] == ["Un parking"]
    assert [(r["title"], r["signed"]) for r in dialogue["recommendations"]] == [
        ("Des pistes", NAME)]
    assert [r["role"] for r in dialogue["roles"]] == ["panel member"]
    assert [r["reason"] for r in sections["discussions"]["reports_made"]] == [
        f"{NAME} trouve ce message déplacé."]
    assert sections["workgroups"]["working_groups"][0]["group"] == "Haies"
    assert sections["directory"]["directory_entries"][0]["territory"] == "Ariège"
    consents = [c["what"] for c in sections["consents"]["consents"]]
    assert any("Biodiversité" in c for c in consents)  # newsletter and directory
    assert any(person.past.title in c for c in consents)  # registration
    assert "<h2>Discussion messages</h2>" in html
    assert "Bonjour à tous" in html and "Les haies" in html and "Ariège" in html


def test_the_readable_page_escapes_what_people_wrote(client, person):
    person.message.body = "<script>alert(1)</script>"
    person.message.save()

    _data, html = _download(client, person.user)

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_another_person_downloads_only_their_own_data(client, person):
    stranger = UserFactory(email="stranger@example.org", display_name="Stranger")

    data, html = _download(client, stranger)

    assert data["person"] == "stranger@example.org"
    assert EMAIL not in json.dumps(data) and NAME not in html
    assert data["sections"]["events"]["data"]["registrations"] == []


def test_anonymous_visitors_are_sent_to_log_in(client, person):
    response = client.get(reverse("privacy:export"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_export_takes_a_fixed_number_of_queries(person, community, other):
    with CaptureQueriesContext(connection) as small:
        services.export_build(user=person.user)
    # Ten times more of everything that repeats
    from discussions.models import Message
    from notifications.models import Notification
    from tests.newsletters.factories import SectionFactory

    for i in range(10):
        Message.objects.create(channel=person.message.channel, author=person.user, body=f"m{i}")
        Notification.objects.create(recipient=person.user, kind="mention", url=f"/{i}/", data={})
        SectionFactory(letter=person.letter, author=person.user, title=f"s{i}", body="b")

    with CaptureQueriesContext(connection) as large:
        services.export_build(user=person.user)

    assert len(large) == len(small)
    # About one per kind of data each app declares (its privacy_hooks.py):
    # 60 with the dialogues' seven, the events' six, the site pages' two.
    assert len(small) <= 60


def test_the_audit_entries_about_the_person_leave_out_the_actors_address(person, other):
    from audit import Action, record
    from audit.context import Origin, bound

    with bound(Origin(ip_address="198.51.100.7", user_agent="Firefox", request=None)):
        record(Action.LOGIN_FAILED, target=person.user)
        record(Action.PERSONAL_DATA_EXPORTED, actor=person.user, target=person.user)
    record(Action.PERSONAL_DATA_EXPORTED, actor=other, target=other)  # not about them

    entries = services.export_data(user=person.user)["sections"]["audit"]["data"]["audit_entries"]

    assert [(e["action"], e["by_you"], e["ip_address"]) for e in entries] == [
        ("login.failed", False, None),
        ("export.personal_data", True, "198.51.100.7"),
    ]
