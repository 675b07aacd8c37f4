"""The calls-for-projects part of `manage.py seed_demo`: an open call with a
draft and a submission, and a past call with a funded project.

"Quartiers fertiles" is run by the coordinating direction with the
Direction de l'Environnement as co-funder: the engaged member's association
drafts an application with the informed member's collective as co-carrier,
and a second association has submitted. "Nature en ville 2026" closed two
months ago: its project was scored by both funders' reviewers and funded,
and a second one carried by the two organisations together was funded too.
Both organisations have a place, so the funded projects show on the map of
/calls/funded/; the orchard is linked to the Biodiversité community (and to
its next event, when the events' demo ran first), so its home shows it.
The watch on other funding calls lists three open outside calls (a region's,
a foundation's, the State agency's), their themes those of the Biodiversité,
Alimentation durable and Mobilités communities, whose members are told.
Everything goes through the services, dated where the deadline matters.

Idempotent: calls and outside calls already there (by slug, by title) are
left as they are. Run after demo.communities.seed() (directions and accounts).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from calls import services
from calls.funded import services as funded_services
from calls.models import Call, OutsideCall
from calls.services import questions
from calls.watch import services as watch
from communities.models import Community, Direction
from events.models import Event
from organisations import services as organisations
from organisations.models import Organisation

from .communities_data import COORDINATION, ENVIRONMENT

OPEN, PAST = "quartiers-fertiles", "nature-en-ville-2026"
PDF = b"%PDF-1.4\n% Terreau demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _org(admin, name, kind, **fields):
    existing = Organisation.objects.filter(name=name).first()
    return existing or organisations.organisation_create(creator=admin, name=name, kind=kind,
                                                         **fields)


def _complete(application, user, requested, expenses, cofunding):
    services.application_save(
        application=application, requested_amount=Decimal(requested),
        summary="Des jardins partagés au pied des immeubles, animés avec les habitants.",
        objectives="Créer trois jardins, former vingt habitants, organiser une fête des récoltes.",
        territory="Toulouse, quartiers Nord",
        lines=[("expense", label, Decimal(a)) for label, a in expenses]
        + [("cofunding", label, Decimal(a)) for label, a in cofunding],
    )
    for document in application.call.required_documents.all():
        services.attachment_upload(application=application, document=document,
                                   upload=_pdf(f"{document.name}.pdf"), user=user)


def _link(project):
    """The orchard lives in the Biodiversité community, and its next event."""
    community = Community.objects.filter(slug="biodiversite").first()
    if community is None:
        return
    event = (Event.objects.filter(community=community, state=Event.State.PUBLISHED)
             .order_by("starts_at").first())
    funded_services.project_link(application=project, community=community,
                                 events=[event] if event else [])


# The watch: (title, funder, link, days to the deadline, themes, territory, poster).
OUTSIDE_CALLS = [
    ("Plantons des haies en Occitanie", "Région Occitanie", "https://www.laregion.fr/", 21,
     ["haies", "biodiversité"], "Occitanie", "cultivateur"),
    ("Alimentation locale et solidaire", "Fondation de France",
     "https://www.fondationdefrance.org/", 45, ["circuits courts", "restauration collective"],
     "France", "jardiniere.region"),
    ("Le vélo dans les territoires ruraux", "ADEME", "https://agirpourlatransition.ademe.fr/",
     75, ["vélo", "mobilité rurale"], "France métropolitaine", "cultivateur"),
]


def seed_watch(users) -> int:
    """The outside calls not there yet, each told to the members whose themes match."""
    today = timezone.localdate()
    posted = 0
    for title, funder, url, days, themes, territory, poster in OUTSIDE_CALLS:
        if OutsideCall.objects.filter(title=title).exists():
            continue
        watch.outside_call_post(poster=users[poster], title=title, funder=funder, url=url,
                                deadline=today + dt.timedelta(days=days), themes=themes,
                                territory=territory)
        posted += 1
    return posted


def seed(out=None) -> dict:
    users = {u.email.split("@")[0]: u for u in get_user_model().objects.filter(
        email__endswith="@demo.terreau.fr")}
    outside = seed_watch(users)
    if Call.objects.filter(slug__in=[OPEN, PAST]).exists():
        return {"calls": 0, "outside_calls": outside}
    agent, reviewer = users["cultivateur"], users["jardiniere.region"]
    coordination = Direction.objects.get(slug=COORDINATION)
    environment = Direction.objects.get(slug=ENVIRONMENT)
    now = timezone.now().replace(second=0, microsecond=0)
    with transaction.atomic():
        lead = _org(users["engage"], "Les Jardins de Bagatelle", "association", rna="W313012345",
                    territory="Toulouse, Bagatelle", themes=["jardins", "alimentation"],
                    latitude=Decimal("43.58074"), longitude=Decimal("1.41252"))
        collective = _org(users["informe"], "Collectif Vélo Sud", "collective",
                          territory="Toulouse Sud", themes=["mobilité"],
                          latitude=Decimal("43.56573"), longitude=Decimal("1.46345"))
        organisations.organisation_verify(organisation=lead, agent=agent)
        # Both take part in communities: their "Organisations here" blocks.
        for organisation, slugs in ((lead, ("biodiversite",)),
                                    (collective, ("biodiversite", "mobilites"))):
            for community in Community.objects.filter(slug__in=slugs):
                organisations.community_link(organisation=organisation, community=community)
        common = {
            "agent": agent, "direction": coordination, "partners": [coordination, environment],
            "criteria": [("Utilité pour le quartier", 3), ("Coopération entre associations", 2),
                         ("Faisabilité et budget", 1)],
            "documents": ["Statuts", "Budget prévisionnel"],
            "rules": "Ouvert aux associations et collectifs du territoire, seuls ou à plusieurs. "
                     "Chaque dossier est lu par deux financeurs, noté sur trois critères "
                     "pondérés, et reçoit une réponse motivée.",
            "eligible_territories": "Quartiers prioritaires de la métropole",
        }
        past = services.call_publish(call=services.call_create(
            title="Nature en ville 2026", budget=Decimal(40000),
            summary="Des projets qui font entrer la nature dans les quartiers.",
            opens_at=now - dt.timedelta(days=150), closes_at=now - dt.timedelta(days=60),
            themes=["biodiversité"], **common))
        funded = services.application_start(call=past, organisation=lead, user=users["engage"],
                                            title="Un verger partagé à Bagatelle",
                                            now=now - dt.timedelta(days=100))
        _complete(funded, users["engage"], "12000", [("Arbres et matériel", "9000"),
                  ("Animation", "5000")], [("Ville de Toulouse", "2000")])
        services.application_submit(application=funded, user=users["engage"],
                                    now=now - dt.timedelta(days=61))
        # Its file declared complete three days after submission, then scored.
        services.application_complete(application=funded, agent=agent,
                                      now=now - dt.timedelta(days=58))
        for person in (agent, reviewer):
            services.reviewer_assign(application=funded, reviewer=person)
        criteria = list(past.criteria.all())
        services.scores_save(application=funded, reviewer=agent, scores={
            c.pk: (v, "Solide.") for c, v in zip(criteria, (5, 4, 4))})
        services.scores_save(application=funded, reviewer=reviewer, scores={
            c.pk: (v, "Bon projet.") for c, v in zip(criteria, (4, 3, 5))})
        # Split between the two funders; the final report is due in four months.
        services.application_decide(
            application=funded, agent=agent, decision="funded", amount=Decimal(10000),
            split={f"direction-{coordination.pk}": "6000", f"direction-{environment.pk}": "4000"},
            report_due_at=now + dt.timedelta(days=120))
        services.report_file(application=funded, author=users["engage"], progress=40,
                             text="Vingt arbres plantés en mars; la mare est creusée. Reste "
                                  "l'animation avec l'école.")
        _link(funded)
        # A second funded project, carried by the collective with the association.
        together = services.application_start(call=past, organisation=collective,
                                              user=users["informe"],
                                              title="Des haies fruitières le long des pistes",
                                              now=now - dt.timedelta(days=90))
        services.cocarrier_invite(application=together, organisation=lead,
                                  actor=users["informe"])
        _complete(together, users["informe"], "6000", [("Plants et paillage", "7000")],
                  [("Fondation locale", "1000")])
        services.application_submit(application=together, user=users["informe"],
                                    now=now - dt.timedelta(days=62))
        services.application_complete(application=together, agent=agent,
                                      now=now - dt.timedelta(days=57))
        services.application_decide(
            application=together, agent=agent, decision="funded", amount=Decimal(6000),
            split={f"direction-{coordination.pk}": "6000", f"direction-{environment.pk}": "0"})

        open_call = services.call_publish(call=services.call_create(
            title="Quartiers fertiles", budget=Decimal(60000),
            summary="Jardins, cuisines et marchés de quartier: des projets portés ensemble.",
            opens_at=now - dt.timedelta(days=10), closes_at=now + dt.timedelta(days=25),
            themes=["alimentation", "jardins"], **common))
        draft = services.application_start(call=open_call, organisation=lead,
                                           user=users["engage"], title="Potagers au pied des tours")
        services.cocarrier_invite(application=draft, organisation=collective,
                                  actor=users["engage"])
        services.application_save(application=draft, summary="Trois potagers partagés.",
                                  requested_amount=Decimal(6000),
                                  lines=[("expense", "Bacs et terre", Decimal(6000))])
        submitted = services.application_start(call=open_call, organisation=collective,
                                               user=users["informe"],
                                               title="Une cuisine mobile de quartier")
        _complete(submitted, users["informe"], "15000", [("Remorque cuisine", "18000")],
                  [("Fondation locale", "3000")])
        services.application_submit(application=submitted, user=users["informe"])
        # Its agent asks for a piece: the collective's admin may still attach it.
        services.pieces_request(application=submitted, agent=agent,
                                text="Merci de joindre les statuts signés par la présidence "
                                     "(la version jointe n'est pas signée).")
        # Its questions and answers: two published, one private, one waiting.
        questions.question_entry_add(call=open_call, agent=agent,
                           text="Quel montant peut-on demander ?",
                           answer="Jusqu'à 15 000 € par projet, et 20 000 € pour un projet "
                                  "porté par plusieurs associations.")
        asked = questions.question_ask(
            call=open_call, user=users["citoyen"],
            text="Un collectif sans statut peut-il candidater ?")
        questions.question_answer(
            question=asked, agent=agent, public=True,
            answer="Oui, s'il est co-porteur avec une association déclarée qui dépose le "
                   "dossier.")
        private = questions.question_ask(
            call=open_call, user=users["informe"],
            text="Notre remorque achetée en 2025 peut-elle entrer dans le budget ?")
        questions.question_answer(
            question=private, agent=agent, public=False,
            answer="Non: seules les dépenses engagées après le dépôt du dossier comptent.")
        questions.question_ask(call=open_call, user=users["engage"],
                               text="Les frais de personnel sont-ils éligibles ?")
    if out is not None:
        out.write("Calls for projects: an open call (a draft, a submission with pieces asked for, "
                  "questions and answers), a past one "
                  "(two funded projects on the map), three outside calls on the watch.")
    return {"calls": 2, "outside_calls": outside}
