"""Erasure: what others rely on stays without the person, the rest goes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import personal_data
from accounts.models import User
from discussions.models import Message
from events.models import Event, Registration
from needs.models import Need
from newsletters.models import Delivery, Section
from notifications.models import Notification
from tests.factories import GardenerPairFactory, UserFactory
from tests.privacy.conftest import EMAIL, NAME
from tests.privacy.helpers import rows_mentioning

NEEDLES = ("Quatremaire", EMAIL, "Zéphyrin")


def test_the_person_is_in_the_database_before_erasure(person):
    # The grep finds them where the scene put them (the test below is not vacuous)
    found = rows_mentioning(*NEEDLES)

    for column in ("accounts.User.email", "events.Registration.email",
                   "newsletters.Section.author_name", "newsletters.Delivery.email",
                   "account.EmailAddress.email", "communities.CircleRequest.message",
                   "notifications.Notification.data", "workgroups.JoinRequest.message"):
        assert column in found


def test_after_erasure_no_text_column_holds_the_name_or_the_address(person):
    personal_data.account_erase(user=person.user)

    assert rows_mentioning(*NEEDLES) == []


def test_what_others_rely_on_stays_signed_former_member(person, other):
    personal_data.account_erase(user=person.user)

    former = personal_data.former_member()
    message = Message.objects.get(pk=person.message.pk)
    assert message.author == former and message.body == "Bonjour à tous"
    assert str(message.author) == "former member"
    section = Section.objects.get(pk=person.section.pk)
    assert section.author_name == "former member" and section.body == "Planter des haies."
    need = Need.objects.get(pk=person.need.pk)
    assert need.author == former
    assert [s.answer for s in need.steps.all()] == ["Nous cherchons avec vous."]
    # The other person's notification about them no longer names them
    notification = Notification.objects.get(recipient=other, url="/y/")
    assert notification.data == {"person": "former member"} and notification.actor is None


def test_registrations_keep_the_counts_but_lose_name_and_address(person):
    personal_data.account_erase(user=person.user)

    # The past event still counts its participant, anonymously
    attended = Registration.objects.get(pk=person.attended.pk)
    assert attended.status == Registration.Status.CONFIRMED and attended.user is None
    assert attended.name == "former member" and attended.email.endswith("@erased.invalid")
    assert Event.objects.get(pk=person.past.pk).confirmed_count == 1
    # The seat at the coming event is given back
    assert Registration.objects.get(pk=person.confirmed.pk).status == "cancelled"
    assert Event.objects.get(pk=person.event.pk).confirmed_count == 0
    # The unconfirmed registration is deleted
    assert not Registration.objects.filter(pk=person.pending.pk).exists()


def test_delivery_logs_and_outbox_files_addressed_to_them_are_deleted(person, outbox):
    assert len(list(outbox.glob("*.eml"))) >= 2

    personal_data.account_erase(user=person.user)

    assert not Delivery.objects.filter(email__iexact=EMAIL).exists()
    remaining = [path.read_text() for path in outbox.glob("*.eml")]
    assert remaining and all("quatremaire" not in text.lower() for text in remaining)
    assert any("camille.roux@example.org" in text for text in remaining)


def test_django_admin_deletion_erases_through_the_same_eraser(client, person):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.post(
        reverse("admin:accounts_user_delete", args=[person.user.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not User.objects.filter(pk=person.user.pk).exists()
    assert Message.objects.get(pk=person.message.pk).author == personal_data.former_member()
    # The admin's own log of the deletion does not keep the name either
    assert rows_mentioning(*NEEDLES) == []


def test_django_admin_bulk_deletion_erases_too(client, person):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.post(reverse("admin:accounts_user_changelist"), {
        "action": "delete_selected", "_selected_action": [person.user.pk], "post": "yes"})

    assert response.status_code == 302
    assert rows_mentioning(*NEEDLES) == []


def test_wagtail_admin_deletion_erases_through_the_same_eraser(client, person):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.post(reverse("wagtailusers_users:delete", args=[person.user.pk]))

    assert response.status_code == 302
    assert not User.objects.filter(pk=person.user.pk).exists()
    assert rows_mentioning(*NEEDLES) == []


def test_an_active_gardener_cannot_be_erased_and_nothing_changes(person, other_community):
    GardenerPairFactory(community=other_community, territory_gardener=person.user)

    with pytest.raises(ValidationError) as refusal:
        personal_data.account_erase(user=person.user)

    assert "Alimentation durable" in refusal.value.messages[0]
    assert User.objects.filter(pk=person.user.pk).exists()
    assert Message.objects.get(pk=person.message.pk).author == person.user


def test_a_past_gardener_is_erased_and_the_pair_kept_as_former_member(person, other_community):
    from django.utils import timezone

    past = GardenerPairFactory(community=other_community, territory_gardener=person.user,
                               ended_at=timezone.now())

    personal_data.account_erase(user=person.user)

    past.refresh_from_db()
    assert past.territory_gardener == personal_data.former_member()


def test_the_django_admin_refuses_to_delete_an_active_gardener(client, person, other_community):
    GardenerPairFactory(community=other_community, institution_gardener=person.user)
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)

    client.post(reverse("admin:accounts_user_delete", args=[person.user.pk]), {"post": "yes"})

    assert User.objects.filter(pk=person.user.pk).exists()


def test_the_former_member_account_is_never_erased(db):
    former = personal_data.former_member()

    with pytest.raises(ValidationError):
        personal_data.account_erase(user=former)

    assert User.objects.filter(pk=former.pk).exists()
    assert not former.has_usable_password() and not former.is_active
    assert NAME not in str(former)


def test_wagtail_bulk_deletion_erases_through_the_same_eraser(client, person, other_community):
    blocked = UserFactory(email="gardener@example.org", display_name="Gardener")
    GardenerPairFactory(community=other_community, territory_gardener=blocked)
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.post(
        reverse("wagtail_bulk_action", args=["accounts", "user", "delete"])
        + f"?id={person.user.pk}&id={blocked.pk}"
    )

    assert response.status_code == 302
    assert rows_mentioning(*NEEDLES) == []
    assert User.objects.filter(pk=blocked.pk).exists()  # an active gardener is kept


def test_an_organisation_shared_with_others_stays_in_their_notifications(db):
    # Only notifications about the erased person lose their details: a
    # colleague's contact, given to someone else, keeps its organisation.
    leaving = UserFactory(email="leaving@example.org", display_name="Paul Part",
                          organisation="Mairie de Foix")
    colleague = UserFactory(email="colleague@example.org", display_name="Inès Reste",
                            organisation="Mairie de Foix")
    reader = UserFactory(email="reader@example.org")
    about_colleague = {"other_name": "Inès Reste", "other_email": "colleague@example.org",
                       "other_organisation": "Mairie de Foix"}
    kept = Notification.objects.create(recipient=reader, actor=None, kind="need_connected",
                                       url="/n/", data=about_colleague)
    about_leaving = Notification.objects.create(
        recipient=colleague, actor=None, kind="need_connected", url="/m/",
        data={"other_name": "Paul Part", "other_email": "leaving@example.org",
              "other_organisation": "Mairie de Foix"})

    personal_data.account_erase(user=leaving)

    kept.refresh_from_db()
    about_leaving.refresh_from_db()
    assert kept.data == about_colleague
    assert set(about_leaving.data.values()) == {"former member"}


def test_the_admin_history_loses_the_persons_whole_name_not_a_longer_one_holding_it(db):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    lea = UserFactory(display_name="Léa", email="lea@example.org")
    admin = UserFactory(email="admin@example.org")

    def logged(text):
        return LogEntry.objects.create(
            user=admin, content_type=ContentType.objects.get_for_model(Event), object_id="0",
            object_repr=text, action_flag=CHANGE).pk

    hers, his = logged("Léa — Atelier"), logged("Léandre — Atelier")
    personal_data.account_erase(user=lea)
    label = personal_data.former_member_label()
    assert LogEntry.objects.get(pk=hers).object_repr == f"{label} — Atelier"
    assert LogEntry.objects.get(pk=his).object_repr == "Léandre — Atelier"
