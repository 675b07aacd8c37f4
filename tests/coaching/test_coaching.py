"""The coaching thread (issue #16): who reads and writes it, what it refuses,
who is told of a new note."""

import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gardeners import coaching
from gardeners.kinds import COACHING_NOTE
from gardeners.models import CoachingNote
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.COACHING_PRIVATE_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def _url(community, name="gardeners:coaching", **kwargs):
    return reverse(name, kwargs={"slug": community.slug, **kwargs})


def _pdf(size=100, name="plan.pdf"):
    return SimpleUploadedFile(name, b"%PDF" + b"x" * (size - 4), content_type="application/pdf")


def _told(kind=COACHING_NOTE):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_a_note_by_the_pair_reaches_the_cultivator_only(people, community):
    coaching.coaching_note_add(community=community, author=people["gardener"],
                               text="Comment relancer les engagés ?")
    assert _told() == {"cultivator@example.org"}


def test_a_note_by_the_cultivator_reaches_the_pair(people, community, pair):
    coaching.coaching_note_add(community=community, author=people["cultivator"],
                               text="Essayez un atelier court.")
    assert _told() == {pair.territory_gardener.email, pair.institution_gardener.email}


def test_an_empty_note_is_refused(people, community):
    with pytest.raises(Exception) as refused:
        coaching.coaching_note_add(community=community, author=people["gardener"], text="  ")
    assert refused.value.code == "empty"
    assert not CoachingNote.objects.exists()


def test_a_note_one_character_too_long_is_refused(people, community):
    coaching.coaching_note_add(community=community, author=people["gardener"],
                               text="a" * coaching.MAX_TEXT)
    with pytest.raises(Exception) as refused:
        coaching.coaching_note_add(community=community, author=people["gardener"],
                                   text="a" * (coaching.MAX_TEXT + 1))
    assert refused.value.code == "too_long"
    assert CoachingNote.objects.count() == 1


def test_an_attachment_of_the_largest_size_is_kept(people, community):
    note = coaching.coaching_note_add(
        community=community, author=people["gardener"], text="Le plan",
        attachment=_pdf(coaching.MAX_ATTACHMENT_BYTES),
    )
    assert note.attachment_name == "plan.pdf"
    assert "plan" not in note.attachment.name  # stored under a random name


def test_an_attachment_is_kept_outside_what_the_proxy_serves(people, community, settings):
    # MEDIA_ROOT is served to anyone who has the address, after the reader
    # lost their role too: the file sits in the private root only.
    note = coaching.coaching_note_add(community=community, author=people["gardener"],
                                      text="Le plan", attachment=_pdf())

    assert (settings.COACHING_PRIVATE_ROOT / note.attachment.name).read_bytes().startswith(b"%PDF")
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.pdf"))


def test_the_attachments_uploaded_before_move_to_the_private_root(people, community, settings):
    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    migration = importlib.import_module("gardeners.migrations.0004_coaching_attachments_private")
    name = default_storage.save("coaching/1/0123abcd.pdf", ContentFile(b"%PDF-1.4 old"))
    note = CoachingNote.objects.create(community=community, author=people["gardener"],
                                       text="Ancien", attachment=name, attachment_name="old.pdf")
    without = CoachingNote.objects.create(community=community, text="Sans pièce jointe")

    migration.move_to_private(apps, None)

    assert not (settings.MEDIA_ROOT / name).exists()
    assert (settings.COACHING_PRIVATE_ROOT / name).read_bytes() == b"%PDF-1.4 old"
    note.refresh_from_db()
    assert note.attachment.name == name and note.attachment.read() == b"%PDF-1.4 old"
    without.refresh_from_db()
    assert not without.attachment


def test_an_attachment_one_byte_too_large_is_refused_and_nothing_is_kept(people, community):
    with pytest.raises(Exception) as refused:
        coaching.coaching_note_add(
            community=community, author=people["gardener"], text="Le plan",
            attachment=_pdf(coaching.MAX_ATTACHMENT_BYTES + 1),
        )
    assert refused.value.code == "attachment_size"
    assert not CoachingNote.objects.exists()
    assert _told() == set()


def test_an_executable_is_refused_with_a_clear_message(people, community, login):
    client = login(people["gardener"])
    response = client.post(_url(community), {
        "text": "Voici l'outil", "attachment": _pdf(name="outil.exe"),
    })
    assert response.status_code == 400
    assert "This type of file cannot be attached (.exe)" in response.content.decode()
    assert not CoachingNote.objects.exists()


@pytest.mark.parametrize("role, status", [
    ("anonymous", 302), ("citizen", 403), ("engaged", 403), ("other_gardener", 403),
    ("gardener", 200), ("institution_gardener", 200), ("cultivator", 200), ("staff", 200),
])
def test_only_the_pair_the_cultivator_and_staff_read_the_thread(people, community, login,
                                                                 role, status):
    note = coaching.coaching_note_add(community=community, author=people["cultivator"],
                                      text="Conseil privé", attachment=_pdf())
    client = login(people[role])
    assert client.get(_url(community)).status_code == status
    attachment = client.get(_url(community, "gardeners:coaching_attachment", note_id=note.pk))
    assert attachment.status_code == status
    assert client.post(_url(community), {"text": "x"}).status_code == (
        302 if status == 200 else status
    )


def test_the_attachment_is_served_under_its_given_name(people, community, login):
    note = coaching.coaching_note_add(community=community, author=people["gardener"],
                                      text="Le plan", attachment=_pdf())
    response = login(people["cultivator"]).get(
        _url(community, "gardeners:coaching_attachment", note_id=note.pk)
    )
    assert 'filename="plan.pdf"' in response["Content-Disposition"]


def test_a_note_of_another_community_is_not_found_here(people, community, other_community,
                                                       login):
    note = coaching.coaching_note_add(community=other_community, author=people["cultivator"],
                                      text="Ailleurs", attachment=_pdf())
    response = login(people["gardener"]).get(
        _url(community, "gardeners:coaching_attachment", note_id=note.pk)
    )
    assert response.status_code == 404


def test_the_thread_page_shows_the_notes_in_few_queries(people, community, login,
                                                         django_assert_max_num_queries):
    for i in range(5):
        coaching.coaching_note_add(community=community, author=people["gardener"],
                                   text=f"Note {i}")
    client = login(people["cultivator"])
    with django_assert_max_num_queries(16):
        response = client.get(_url(community))
    assert response.content.decode().count('class="card" id="note-') == 5
