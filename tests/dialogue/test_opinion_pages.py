"""The citizen opinion's pages (issue #17, items 4 and 5): the lead names
the panel and writes the introduction, the panel drafts and revises, the
lead accepts or sends back and publishes, everyone reads the opinion and
its PDF, the decision-maker answers each recommendation. Refused roles get
403 (or the log-in page), bad input changes nothing."""

import base64
import re
import zlib

import pytest
from django.urls import reverse

from communities import waiting
from notifications.models import Notification
from processes import services
from processes.models import Opinion, PanelMember, Recommendation
from processes.services import opinion as op

from .conftest import citizen

pytestmark = pytest.mark.django_db


def url(name, process, *args):
    return reverse(f"processes:{name}", args=[process.slug, *args])


def _draft(process, member, proposal, title="Des pistes protégées"):
    return op.recommendation_draft(process=process, author=member, title=title,
                                   text="Séparer les pistes de la chaussée, à l'école.",
                                   proposals=[proposal])


def _published(process, proposal, member, lead, n=1):
    recommendations = []
    for i in range(n):
        recommendation = _draft(process, member, proposal, title=f"Des pistes protégées {i}")
        op.recommendation_decide(recommendation=recommendation, actor=lead, accept=True)
        recommendations.append(recommendation)
    op.opinion_publish(process=process, actor=lead)
    return recommendations


# --- The lead: the panel and the introduction -------------------------------------------------


def test_the_lead_reaches_the_panel_and_names_people_a_council_and_the_introduction(
        client, process, lead):
    client.force_login(lead)
    assert url("opinion_panel", process) in client.get(process.get_absolute_url()).content.decode()
    person = citizen("Omar Panel", email="omar@example.org")
    response = client.post(url("opinion_panel", process),
                           {"form": "member", "email": "OMAR@example.org"})
    assert response.status_code == 302
    assert list(PanelMember.objects.values_list("person", flat=True)) == [person.pk]
    response = client.post(url("opinion_panel", process),
                           {"form": "introduction", "introduction": "Douze habitants tirés au sort."})
    assert response.status_code == 302
    assert Opinion.objects.get(process=process).introduction == "Douze habitants tirés au sort."
    page = client.get(url("opinion_panel", process)).content.decode()
    assert "Omar Panel" in page and url("panel_member_remove", process,
                                        PanelMember.objects.get().pk) in page
    client.post(url("panel_member_remove", process, PanelMember.objects.get().pk))
    assert not PanelMember.objects.exists()


@pytest.mark.parametrize("data", [
    {"form": "member", "email": "nobody@example.org"},  # no such account
    {"form": "member", "email": "not an address"},
    {"form": "council", "council": "999999"},
])
def test_bad_panel_input_changes_nothing(client, process, lead, member, data):
    client.force_login(lead)
    response = client.post(url("opinion_panel", process), data)
    assert response.status_code == 400
    assert [m.person for m in PanelMember.objects.all()] == [member]
    assert Opinion.objects.get(process=process).council is None


def test_an_unknown_form_is_a_bad_request(client, process, lead):
    client.force_login(lead)
    assert client.post(url("opinion_panel", process), {"form": "other"}).status_code == 400


def test_naming_someone_twice_says_so(client, process, lead, member):
    client.force_login(lead)
    response = client.post(url("opinion_panel", process),
                           {"form": "member", "email": "nora@example.org"})
    assert response.status_code == 400
    assert "Nora Panel is already on the panel." in response.content.decode()
    assert PanelMember.objects.count() == 1


def test_only_the_leads_name_the_panel_or_publish(client, process, member, author, proposal):
    recommendation = _draft(process, member, proposal)
    for person in (member, author):
        client.force_login(person)
        assert client.get(url("opinion_panel", process)).status_code == 403
        assert client.post(url("opinion_panel", process),
                           {"form": "member", "email": "awa@example.org"}).status_code == 403
        assert client.post(url("opinion_publish", process)).status_code == 403
        assert client.post(url("recommendation_decide", process, recommendation.pk),
                           {"decision": "accept"}).status_code == 403
    client.logout()
    assert client.get(url("opinion_panel", process)).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.state == Recommendation.State.PROPOSED
    assert PanelMember.objects.count() == 1
    assert not Opinion.objects.get(process=process).is_published


# --- The panel: drafting, sent back, revised ---------------------------------------------------


def test_the_panel_drafts_a_recommendation_linked_to_proposals(client, process, member, proposal):
    client.force_login(member)
    assert url("opinion", process) in client.get(process.get_absolute_url()).content.decode()
    page = client.get(url("opinion", process)).content.decode()
    assert url("recommendation_new", process) in page
    form = client.get(url("recommendation_new", process)).content.decode()
    assert "Une piste rue de Metz" in form
    response = client.post(url("recommendation_new", process), {
        "title": "Des pistes protégées", "text": "Séparer les pistes.",
        "proposals": [proposal.pk]})
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert (recommendation.author, list(recommendation.proposals.all())) == (member, [proposal])
    assert recommendation.state == Recommendation.State.PROPOSED


@pytest.mark.parametrize("data", [
    {"title": "", "text": "Un texte."},
    {"title": "Un titre", "text": ""},
    {"title": "Un titre", "text": "Un texte.", "proposals": ["999999"]},
    {"title": "x" * 201, "text": "Un texte."},
])
def test_a_bad_draft_changes_nothing(client, process, member, data):
    client.force_login(member)
    assert client.post(url("recommendation_new", process), data).status_code == 400
    assert not Recommendation.objects.exists()


def test_a_hidden_proposal_cannot_be_linked(client, process, member, proposal, lead):
    services.proposal_hide(proposal=proposal, actor=lead, reason="Hors sujet")
    client.force_login(member)
    response = client.post(url("recommendation_new", process),
                           {"title": "T", "text": "X", "proposals": [proposal.pk]})
    assert response.status_code == 400
    assert not Recommendation.objects.exists()


def test_someone_off_the_panel_cannot_draft(client, process, author):
    client.force_login(author)
    assert client.get(url("recommendation_new", process)).status_code == 403
    assert client.post(url("recommendation_new", process),
                       {"title": "T", "text": "X"}).status_code == 403
    assert not Recommendation.objects.exists()


def test_sent_back_with_a_note_then_waiting_then_revised(client, process, member, proposal, lead):
    recommendation = _draft(process, member, proposal)
    client.force_login(lead)
    decide = url("recommendation_decide", process, recommendation.pk)
    # No note: refused, nothing changes.
    client.post(decide, {"decision": "changes", "note": ""})
    client.post(decide, {"decision": "maybe"})
    recommendation.refresh_from_db()
    assert recommendation.state == Recommendation.State.PROPOSED
    assert not Notification.objects.filter(kind="process_recommendation_decided").exists()
    client.post(decide, {"decision": "changes", "note": "Citez le budget."})
    recommendation.refresh_from_db()
    assert recommendation.state == Recommendation.State.CHANGES_REQUESTED
    edit = url("recommendation_edit", process, recommendation.pk)
    line = Notification.objects.get(kind="process_recommendation_decided", recipient=member)
    assert line.url == edit
    assert [item.url for item in waiting.waiting_for(member)] == [edit]

    # Only its author revises it.
    client.force_login(lead)
    assert client.get(edit).status_code == 403
    client.force_login(member)
    page = client.get(edit).content.decode()
    assert "Citez le budget." in page
    response = client.post(edit, {"title": "Des pistes chiffrées", "text": "Budget : 2 M€.",
                                  "proposals": [proposal.pk]})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.title, recommendation.state) == ("Des pistes chiffrées",
                                                            Recommendation.State.PROPOSED)
    assert waiting.waiting_for(member) == []


# --- Publishing, the public page, the PDF ------------------------------------------------------


def test_unpublished_the_opinion_is_read_by_the_panel_and_the_leads_only(
        client, process, member, proposal, lead, author):
    _draft(process, member, proposal)
    client.force_login(author)
    assert client.get(url("opinion", process)).status_code == 403
    assert client.get(url("opinion_pdf", process)).status_code == 403
    assert url("opinion", process) not in client.get(process.get_absolute_url()).content.decode()
    client.logout()
    assert client.get(url("opinion", process)).status_code == 302
    client.force_login(lead)
    assert "Des pistes protégées" in client.get(url("opinion", process)).content.decode()
    assert client.get(url("opinion_pdf", process)).status_code == 404  # not published yet


def test_publishing_without_an_accepted_recommendation_is_refused(client, process, member,
                                                                  proposal, lead):
    _draft(process, member, proposal)
    client.force_login(lead)
    response = client.post(url("opinion_publish", process), follow=True)
    assert "Accept at least one recommendation" in response.content.decode()
    assert not Opinion.objects.get(process=process).is_published


def test_the_lead_accepts_and_publishes_then_everyone_reads_it(client, process, member,
                                                              proposal, lead, author):
    recommendation = _draft(process, member, proposal)
    other = _draft(process, member, proposal, title="Une idée restée au panel")
    client.force_login(lead)
    client.post(url("recommendation_decide", process, recommendation.pk), {"decision": "accept"})
    client.post(url("opinion_publish", process))
    assert Opinion.objects.get(process=process).is_published
    line = Notification.objects.get(kind="process_opinion_published", recipient=author)
    assert line.url == url("opinion", process)

    client.logout()
    page = client.get(url("opinion", process)).content.decode()
    assert "Des pistes protégées" in page and other.title not in page
    assert url("proposal", process, proposal.pk) in page  # the contribution it draws on
    assert "Waiting for its answer, due by 30 June 2027." in page
    assert url("opinion_pdf", process) in page
    process_page = client.get(process.get_absolute_url()).content.decode()
    assert url("opinion", process) in process_page
    assert "The citizen opinion is published" in process_page  # on the timeline
    # Published, nothing is written nor decided any more.
    client.force_login(lead)
    assert client.post(url("opinion_publish", process)).status_code == 403
    client.force_login(member)
    assert client.post(url("recommendation_new", process),
                       {"title": "Trop tard", "text": "X"}).status_code == 403


def _text_of_pdf(content: bytes) -> str:
    """The text ReportLab drew, read back through the fonts' ToUnicode maps
    (pypdf is not a dependency): every (…) Tj string, decoded with each
    font's map in turn (a subset font numbers its letters its own way), the
    readings joined."""
    streams = []
    for head, data in re.findall(rb"<<((?:(?!>>\s*stream).)*?)>>\s*stream\r?\n(.*?)endstream",
                                 content, re.DOTALL):
        data = data.strip()
        if b"/ASCII85Decode" in head:
            data = base64.a85decode(data.removesuffix(b"~>"))
        if b"/FlateDecode" in head:
            streams.append(zlib.decompress(data))
    maps = []
    for stream in streams:
        codes = {}
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.DOTALL):
            for code, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                codes[int(code, 16)] = chr(int(uni, 16))
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.DOTALL):
            for start, end, uni in re.findall(
                    rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                for i in range(int(end, 16) - int(start, 16) + 1):
                    codes[int(start, 16) + i] = chr(int(uni, 16) + i)
        if codes:
            maps.append(codes)
    strings = []
    for stream in streams:
        for raw in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", stream, re.DOTALL):
            raw = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8)]), raw)
            strings.append(re.sub(rb"\\(.)", rb"\1", raw))
    assert maps and strings
    return "\n".join(" ".join("".join(codes.get(b, "?") for b in raw) for raw in strings)
                     for codes in maps)


def test_the_pdf_is_a_valid_file_with_the_french_text(client, process, member, proposal, lead):
    recommendation, = _published(process, proposal, member, lead)
    op.recommendation_answer(recommendation=recommendation, actor=lead, status="in_part",
                             reason="Adoptée en partie : l'école d'abord, où c'est urgent.")
    response = client.get(url("opinion_pdf", process))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    content = response.content
    assert content.startswith(b"%PDF-1.") and content.rstrip().endswith(b"%%EOF")
    assert b"/FontFile2" in content  # the font is embedded
    text = _text_of_pdf(content)
    for words in ("Plan vélo 2027", "Des pistes protégées 0", "à l'école",
                  "Une piste rue de Metz", "l'école d'abord, où c'est urgent"):
        assert words in text, words
    # The same opinion gives the same bytes (invariant mode).
    assert client.get(url("opinion_pdf", process)).content == content


def test_the_public_page_reads_a_fixed_number_of_queries(client, process, member, proposal, lead,
                                                         django_assert_max_num_queries):
    _published(process, proposal, member, lead, n=1)
    with django_assert_max_num_queries(8) as few:
        client.get(url("opinion", process))
    Opinion.objects.filter(process=process).update(state=Opinion.State.WRITING)
    for i in range(5):
        extra = _draft(process, member, proposal, title=f"Autre {i}")
        op.recommendation_decide(recommendation=extra, actor=lead, accept=True)
    Opinion.objects.filter(process=process).update(state=Opinion.State.PUBLISHED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url("opinion", process)).content.decode()
    assert "Autre 4" in page


# --- The decision-maker's argued answer --------------------------------------------------------


def test_the_decision_maker_answers_and_the_authors_see_it(client, process, member, proposal,
                                                          lead, author):
    recommendation, = _published(process, proposal, member, lead)
    client.force_login(lead)
    answer = url("recommendation_answer", process, recommendation.pk)
    assert answer in client.get(url("opinion", process)).content.decode()
    assert answer in client.get(url("answers", process)).content.decode()
    # Without a reason, or an unknown status: nothing changes.
    assert client.post(answer, {"status": "adopted", "reason": "  "}).status_code == 400
    assert client.post(answer, {"status": "maybe", "reason": "Parce que."}).status_code == 400
    recommendation.refresh_from_db()
    assert recommendation.answered_at is None
    response = client.post(answer, {"status": "adopted", "reason": "Budget voté en juin."})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.answer_status == "adopted"
    line = Notification.objects.get(kind="process_recommendation_answered", recipient=author)
    assert line.url == url("opinion", process)

    client.force_login(author)
    page = client.get(url("opinion", process)).content.decode()
    assert "Budget voté en juin." in page and "Adopted" in page
    timeline = client.get(process.get_absolute_url()).content.decode()
    assert "Answer to the recommendation “Des pistes protégées 0”" in timeline
    assert "Budget voté en juin." in client.get(reverse("notifications:list")).content.decode() \
        or "Des pistes protégées 0" in client.get(reverse("notifications:list")).content.decode()


def test_only_the_managers_answer_and_only_published_accepted_ones(client, process, member,
                                                                  proposal, lead, author):
    draft = _draft(process, member, proposal, title="Pas encore publiée")
    client.force_login(lead)
    assert client.get(url("recommendation_answer", process, draft.pk)).status_code == 403
    recommendation, = _published(process, proposal, member, lead)
    for person in (member, author):
        client.force_login(person)
        assert client.post(url("recommendation_answer", process, recommendation.pk),
                           {"status": "adopted", "reason": "Oui."}).status_code == 403
    client.force_login(lead)
    # The recommendation left with the panel (never accepted) gets no answer.
    assert client.get(url("recommendation_answer", process, draft.pk)).status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.answered_at is None


def test_a_recommendation_of_another_process_is_not_found(client, process, member, proposal,
                                                          lead, direction):
    from .conftest import make_process

    other = make_process(direction, lead, title="Plan piéton")
    recommendation = _draft(process, member, proposal)
    client.force_login(lead)
    assert client.post(url("recommendation_decide", other, recommendation.pk),
                       {"decision": "accept"}).status_code == 404
    recommendation.refresh_from_db()
    assert recommendation.state == Recommendation.State.PROPOSED


def test_the_process_page_with_its_opinion_reads_a_fixed_number_of_queries(
        client, process, member, proposal, lead, django_assert_max_num_queries):
    """The opinion adds 3 queries to the process page once published (the
    opinion, its counters, its timeline entries), whatever its size."""

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(process.get_absolute_url()).status_code == 200
        return len(queries)

    client.force_login(lead)
    before = count()
    recommendations = _published(process, proposal, member, lead, n=1)
    for r in recommendations:
        op.recommendation_answer(recommendation=r, actor=lead, status="adopted", reason="Oui.")
    one = count()
    Opinion.objects.filter(process=process).update(state=Opinion.State.WRITING)
    for i in range(4):
        extra = _draft(process, member, proposal, title=f"Autre {i}")
        op.recommendation_decide(recommendation=extra, actor=lead, accept=True)
    Opinion.objects.filter(process=process).update(state=Opinion.State.PUBLISHED)
    for r in Recommendation.objects.filter(answered_at__isnull=True):
        op.recommendation_answer(recommendation=r, actor=lead, status="in_part", reason="Oui.")
    five = count()
    assert one == five <= before + 3, (before, one, five)
