"""The pages of needs as people use them: what they see, what their forms do,
what bad input and forged ids get (a message, 400, 403 or 404; never a 500)."""

import pytest
from django.urls import reverse

from needs import services
from needs.models import Need, Status, Support
from tests.space import home_of, panel, skip_list

from .conftest import make_need

pytestmark = pytest.mark.django_db


def url(name, community, **kwargs):
    return reverse(f"needs:{name}", kwargs={"slug": community.slug, **kwargs})


def text(response):
    return " ".join(response.content.decode().split())


def test_an_engaged_member_submits_and_lands_on_the_item(login, community, people):
    client = login(people["engaged"])
    response = client.post(url("create", community), {
        "kind": "synergy", "title": "Partager une camionnette",
        "description": "Deux jours par semaine.", "tags": "mobilité, van",
        "visibility": "community", "contact_consent": "on",
    }, follow=True)
    need = Need.objects.get()
    assert response.redirect_chain[-1][0] == need.get_absolute_url()
    page = text(response)
    assert "The gardeners will answer here" in page
    assert "The gardeners have not answered yet." in page
    assert sorted(t.name for t in need.tags.all()) == ["mobilité", "van"]
    assert need.contact_consent is True


def test_a_form_with_errors_says_what_to_fix(login, community, people):
    response = login(people["informed"]).post(url("create", community), {
        "kind": "need", "title": "", "description": "", "visibility": "everyone",
    })
    assert response.status_code == 400
    assert "This field is required." in text(response)
    assert "Select a valid choice." in text(response)
    assert not Need.objects.exists()


def test_citizens_are_invited_to_move_inward(login, community, people):
    client = login(people["citizen"])
    page = text(client.get(url("list", community)))
    assert "Ask to move into an inner circle" in page
    assert "Submit a need or a proposal" not in page
    assert client.get(url("create", community)).status_code == 403


def test_the_author_sees_every_answer_on_the_item(login, community, people, need, author):
    services.need_move(need=need, actor=people["gardener"], to_status="discussed",
                       answer="Nous appelons la mairie.")
    services.need_move(need=need, actor=people["gardener"], to_status="connected",
                       answer="La médiathèque vous accueille.")
    page = text(login(author).get(need.get_absolute_url()))
    assert "Nous appelons la mairie." in page and "La médiathèque vous accueille." in page
    assert "Edit your item" not in page  # answered: no longer editable
    assert "Withdraw your item" in page


def test_a_gardener_moves_the_item_from_its_page(login, community, people, need):
    client = login(people["gardener"])
    response = client.post(url("step", community, pk=need.pk),
                           {"to_status": "discussed", "answer": "On en parle."}, follow=True)
    assert "is now “Being discussed”; the author is notified" in text(response)
    need.refresh_from_db()
    assert need.status == Status.DISCUSSED
    # The same form posted again (a stale page) is refused, nothing changes.
    response = client.post(url("step", community, pk=need.pk),
                           {"to_status": "discussed", "answer": "Encore."}, follow=True)
    assert "This item has moved meanwhile" in text(response)
    assert need.steps.count() == 1
    # No answer: refused with a message.
    response = client.post(url("step", community, pk=need.pk),
                           {"to_status": "connected", "answer": " "}, follow=True)
    assert "Write an answer for the author" in text(response)
    assert need.steps.count() == 1


def test_the_cultivator_reads_but_does_not_move(login, community, people, private_need):
    client = login(people["cultivator"])
    page = text(client.get(private_need.get_absolute_url()))
    assert "Answer and move it" not in page
    response = client.post(url("step", community, pk=private_need.pk),
                           {"to_status": "discussed", "answer": "x"})
    assert response.status_code == 403


def test_gardeners_only_items_are_hidden_from_members(login, community, people, private_need):
    client = login(people["engaged"])
    assert client.get(private_need.get_absolute_url()).status_code == 403
    assert private_need.title not in text(client.get(url("list", community)))


def test_forged_ids_are_404(login, community, other_community, people, need):
    client = login(people["gardener"])
    assert client.get(url("detail", community, pk=need.pk + 999)).status_code == 404
    assert client.get(url("detail", other_community, pk=need.pk)).status_code == 404
    assert client.get(reverse("needs:list", kwargs={"slug": "nope"})).status_code == 404


def test_members_say_me_too_and_the_gardeners_connect(login, community, people, need, author):
    client = login(people["engaged"])
    response = client.post(url("support", community, pk=need.pk),
                           {"kind": "can_help", "message": "J'ai une salle.",
                            "contact_consent": "on"}, follow=True)
    assert "Thank you for offering help" in text(response)
    response = client.post(url("support", community, pk=need.pk), {"kind": "can_help"},
                           follow=True)
    assert "You already said “I can help”" in text(response)
    assert Support.objects.count() == 1

    gardener = login(people["gardener"])
    page = text(gardener.get(need.get_absolute_url()))
    assert "J'ai une salle." in page or "J&#x27;ai une salle." in page
    assert "agrees to share their contact" in page
    response = gardener.post(url("connect", community, pk=need.pk), {
        "first": author.pk, "second": people["engaged"].pk, "note": "",
    }, follow=True)
    assert "are put in touch" in text(response)
    # Someone who never consented cannot be picked, even by a forged form.
    response = gardener.post(url("connect", community, pk=need.pk), {
        "first": author.pk, "second": people["informed"].pk,
    }, follow=True)
    assert "Select a valid choice." in text(response)


def test_filters_and_a_bad_filter(login, community, people, author, need):
    make_need(community, author, title="Camionnette", kind="synergy", tags=["van"])
    client = login(people["citizen"])
    page = text(client.get(url("list", community) + "?kind=synergy"))
    assert "Camionnette" in page and need.title not in page
    page = text(client.get(url("list", community) + "?tag=van"))
    assert "Camionnette" in page and need.title not in page
    response = client.get(url("list", community) + "?status=lost")
    assert response.status_code == 200
    assert "This filter is not available" in text(response)


def test_the_author_edits_while_new_then_withdraws(login, community, people, need, author):
    client = login(author)
    response = client.post(url("update", community, pk=need.pk), {
        "kind": "need", "title": "Une grande salle", "description": "Pour 80 personnes.",
        "tags": "", "visibility": "community",
    })
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == "Une grande salle" and need.contact_consent is False
    response = client.post(url("withdraw", community, pk=need.pk), {"reason": ""}, follow=True)
    assert "Your item is withdrawn" in text(response)
    assert client.get(url("update", community, pk=need.pk)).status_code == 403


def test_the_board_stacks_columns_with_counts(login, community, people, need):
    page = text(login(people["gardener"]).get(url("board", community)))
    assert 'New <span class="badge">1</span>' in page
    assert 'Done <span class="badge">0</span>' in page
    assert login(people["engaged"]).get(url("board", community)).status_code == 403


def test_the_needs_panel_on_the_community_home(community, people, need, private_need):
    services.need_move(need=need, actor=people["gardener"], to_status="discussed",
                       answer="La mairie répond vendredi.")
    shown = panel(home_of(people["citizen"], community), "needs")
    assert need.title in shown and "Being discussed" in shown
    assert "La mairie répond vendredi." in shown
    assert private_need.title not in shown
    assert url("board", community) not in shown
    assert url("board", community) in panel(home_of(people["gardener"], community), "needs")
    # Someone who may not read the needs gets neither the panel nor its skip link.
    anonymous = home_of(people["anonymous"], community)
    assert panel(anonymous, "needs") is None
    assert "needs" not in skip_list(anonymous)
