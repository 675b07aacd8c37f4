"""The citizen dialogue part of `manage.py seed_demo` (docs/processes.md).

Sophie Delmas (jardiniere.region@, an agent of the Direction de
l'Environnement) is made process lead of her direction and runs two
processes, everything through the services, dated back:

- "Haies et bocages de l'Aveyron", in its contributions phase: proposals by
  members of Biodiversité (two placed on its map), supports, a comment, a
  workshop held at Baraqueville (an event linked to it) and one to come, a
  facilitator, and two contributions the facilitator entered after the
  workshop with their source (the event, 23 participants);
- "Îlots de fraîcheur dans les cours d'école", completed: every phase past,
  answers recorded (one of them after the commitment date, so the page shows
  an overdue answer), and two commitments of the follow-up with their progress.

Idempotent: a process already there is left as it is. Run after
demo.communities.seed() (it needs the directions, accounts and members).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from communities.models import Community, Direction
from events.models import Event
from processes import services
from processes.models import Answer, Phase, Process, ProcessLead

from .communities_data import ENVIRONMENT

User = get_user_model()
DAY = dt.timedelta(days=1)
LEAD = "jardiniere.region@demo.terreau.fr"
CONTRIBUTORS = ("engage@demo.terreau.fr", "informe@demo.terreau.fr", "citoyen@demo.terreau.fr")


def _people(community, n):
    """The demo accounts, then members of the community (the generated crowd)."""
    named = list(User.objects.filter(email__in=CONTRIBUTORS).order_by("email"))
    crowd = list(User.objects.filter(memberships__community=community)
                 .exclude(email__in=[*CONTRIBUTORS, LEAD]).order_by("pk")[:n])
    return named + crowd


def _lead(direction):
    lead = User.objects.get(email=LEAD)
    direction.staff.add(lead)  # already an agent in the demo; kept true
    if not ProcessLead.objects.filter(direction=direction, person=lead).exists():
        services.process_lead_grant(direction=direction, person=lead, actor=None)
    return lead


def _open_process(direction, community, lead, people, now):
    process = services.process_create(
        actor=lead, direction=direction, community=community,
        title="Haies et bocages de l'Aveyron",
        summary="Où replanter 40 km de haies d'ici 2028, et avec qui ? La Région ouvre le "
                "tracé et les essences au débat avant de lancer les chantiers.",
        territory="Aveyron, Ségala et Lévézou", elected_official="La vice-présidente à la "
        "biodiversité", open_to_debate="Le tracé des haies, les essences plantées, l'ordre "
        "des chantiers, la place des chantiers participatifs.",
        not_open_to_debate="Le budget (1,2 M€ sur trois ans) et le principe d'une "
        "replantation sur terrains volontaires uniquement.",
        decision_maker="La commission permanente de la Région",
        contributions_use="Chaque proposition soutenue par 5 personnes, et chaque "
        "contribution d'atelier, reçoit une réponse argumentée avant la date annoncée.",
        answer_due_on=(now + 60 * DAY).date(), support_threshold=5,
        categories="Tracé\nEssences\nChantiers participatifs",
    )
    services.phases_set(process=process, actor=lead, now=now, phases=[
        services.PhaseInput(Phase.Kind.INFORMATION, now - 30 * DAY, now - 14 * DAY,
                            "Réunions publiques à Rodez et Baraqueville."),
        services.PhaseInput(Phase.Kind.CONTRIBUTIONS, now - 14 * DAY, now + 21 * DAY,
                            "Propositions en ligne et deux ateliers dans les communes."),
        services.PhaseInput(Phase.Kind.ANSWER, now + 21 * DAY, now + 60 * DAY,
                            "La commission permanente répond à chaque proposition."),
        services.PhaseInput(Phase.Kind.FOLLOW_UP, now + 60 * DAY, now + 3 * 365 * DAY,
                            "Suivi des chantiers, commune par commune."),
    ])
    process = services.process_publish(process=process, actor=lead, now=now - 30 * DAY)
    # Issue #17, item 3: two of them placed on the process's map (its category filter).
    ideas = [
        ("Relier les haies le long du Viaur", "Tracé",
         "Une continuité de haies le long du Viaur relierait les bois de Sauveterre aux prairies.",
         (44.2214, 2.3182)),
        ("Privilégier les essences locales", "Essences",
         "Noisetier, aubépine, cornouiller : des plants du label Végétal local.", None),
        ("Un chantier avec les écoles de Baraqueville", "Chantiers participatifs",
         "Les élèves de CM2 plantent une haie au bord du stade, avec les parents.",
         (44.2770, 2.4340)),
    ]
    proposals = [
        services.proposal_create(process=process, author=people[i], title=title, text=text,
                                 category=category, now=now - (10 - i) * DAY,
                                 latitude=place[0] if place else None,
                                 longitude=place[1] if place else None)
        for i, (title, category, text, place) in enumerate(ideas)
    ]
    for proposal, count in zip(proposals, (6, 3, 1), strict=True):
        for person in people[3:3 + count]:
            services.support_add(proposal=proposal, person=person, now=now - DAY)
    services.comment_add(proposal=proposals[0], author=people[1],
                         text="Attention aux parcelles en fermage : il faut l'accord des fermiers.")
    workshop, facilitator = _workshops(process, community, lead, people, now)
    for title, text in (
        ("Des haies brise-vent autour des plateaux",
         ("Sur le Lévézou, les haies protégeraient les troupeaux du vent d'ouest.")),
        ("Un suivi des oiseaux des haies",
         ("Associer la LPO et les écoles pour compter les oiseaux avant et après plantation.")),
    ):
        services.workshop_contribution_create(
            process=process, actor=facilitator, title=title, text=text, event=workshop,
            participants=23)
    # Issue #17, item 2: its brief and the workshop's minutes on the timeline.
    for kind, title, name, day in (
        ("brief", "Cahier des charges de la concertation", "cahier-des-charges.pdf",
         now - 30 * DAY),
        ("minutes", "Compte rendu de l'atelier de Baraqueville", "compte-rendu-atelier.pdf",
         now - 5 * DAY),
    ):
        services.document_publish(process=process, actor=lead, kind=kind, title=title,
                                  dated_on=day.date(), upload=_pdf(name, title))
    return process


def _workshops(process, community, lead, people, now):
    """Issue #17, item 3: a workshop held twelve days ago at Baraqueville (an
    event of the events app, dated back, so written directly), one to come at
    Sauveterre (created through the service), and a facilitator named by the
    lead. Returns the past workshop's event and the facilitator."""
    starts = (now - 12 * DAY).replace(hour=18, minute=0, second=0, microsecond=0)
    held = Event.objects.create(
        community=community, organiser=lead, title="Atelier haies de Baraqueville",
        description="Atelier de la démarche « Haies et bocages de l'Aveyron » : où "
                    "replanter, quelles essences, avec qui.",
        starts_at=starts, ends_at=starts + 2 * dt.timedelta(hours=1),
        address="Salle des fêtes, place du Foirail, 12160 Baraqueville",
        state=Event.State.PUBLISHED, published_at=starts - 20 * DAY,
        report_attendance=23,
    )
    services.workshop_link(process=process, actor=lead, event=held)
    later = (now + 9 * DAY).replace(hour=18, minute=0, second=0, microsecond=0)
    services.workshop_create(
        process=process, actor=lead, title="Atelier haies de Sauveterre-de-Rouergue",
        starts_at=later, ends_at=later + 2 * dt.timedelta(hours=1),
        address="Salle communale, 12800 Sauveterre-de-Rouergue")
    facilitator = people[1]
    services.facilitator_grant(process=process, actor=lead, person=facilitator)
    return held, facilitator


def _pdf(name: str, title: str) -> SimpleUploadedFile:
    """A one-page PDF saying its title (enough for the demo's downloads)."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 14 Tf 50 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>stream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, 1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
             f"startxref\n{xref}\n%%EOF\n").encode()
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _completed_process(direction, community, lead, people, now):
    due = (now - 20 * DAY).date()
    process = services.process_create(
        actor=lead, direction=direction, community=community,
        title="Îlots de fraîcheur dans les cours d'école",
        summary="Quelles cours de lycée désimperméabiliser en premier, et comment ?",
        territory="Lycées de Toulouse et de Montpellier",
        elected_official="Le vice-président à l'éducation",
        open_to_debate="Le choix des lycées, l'aménagement des cours, les essences.",
        not_open_to_debate="Le calendrier des travaux d'été et le budget (3 M€).",
        decision_maker="La commission permanente de la Région",
        contributions_use="Chaque proposition soutenue par 3 personnes reçoit une réponse "
        "argumentée ; les engagements sont suivis publiquement.",
        answer_due_on=due, support_threshold=3,
    )
    start = now - 200 * DAY
    services.phases_set(process=process, actor=lead, now=now, phases=[
        services.PhaseInput(Phase.Kind.INFORMATION, start, start + 20 * DAY),
        services.PhaseInput(Phase.Kind.CONTRIBUTIONS, start + 20 * DAY, start + 80 * DAY),
        services.PhaseInput(Phase.Kind.WORKSHOPS, start + 80 * DAY, start + 110 * DAY),
        services.PhaseInput(Phase.Kind.ANSWER, start + 110 * DAY, start + 180 * DAY),
        services.PhaseInput(Phase.Kind.FOLLOW_UP, start + 180 * DAY, now - DAY,
                            "Les travaux de l'été sont faits ; le suivi continue ici."),
    ])
    process = services.process_publish(process=process, actor=lead, now=start)
    during = start + 30 * DAY
    rows = [
        ("Des arbres dans la cour du lycée Bellevue", Answer.Status.ADOPTED,
         "Six tilleuls plantés à l'été ; la cour est désimperméabilisée sur 800 m².", 2),
        ("Un coin ombragé pour les internes", Answer.Status.ADOPTED_IN_PART,
         "Une pergola végétalisée oui ; l'agrandissement du préau ne rentre pas dans le budget.",
         3),
        ("Des fontaines dans chaque cour", Answer.Status.NOT_ADOPTED,
         "Le réseau d'eau des lycées anciens ne le permet pas avant leur rénovation complète.",
         4),
    ]
    proposals = []
    for i, (title, status, reason, late_days) in enumerate(rows):
        proposal = services.proposal_create(
            process=process, author=people[i], title=title,
            text="Proposé par des élèves et des parents.", now=during + i * DAY)
        for person in people[3:6]:
            services.support_add(proposal=proposal, person=person, now=during + 5 * DAY)
        # The last answer came four days after the date promised: counted overdue.
        answered = timezone.make_aware(dt.datetime.combine(due, dt.time(10))) \
            + (late_days * DAY if i == 2 else -late_days * DAY)
        services.answer_record(proposal=proposal, actor=lead, status=status, reason=reason,
                               now=answered)
        proposals.append(proposal)
    services.commitment_save(
        process=process, actor=lead, title="Désimperméabiliser la cour du lycée Bellevue",
        status="done", progress=100, due_on=due + 40 * DAY, proposal=proposals[0],
        note="800 m² d'enrobé remplacés par de la pleine terre ; six tilleuls plantés.")
    services.commitment_save(
        process=process, actor=lead, title="Pergolas végétalisées dans trois internats",
        status="in_progress", progress=40, due_on=due + 400 * DAY, proposal=proposals[1],
        note="Une pergola posée sur trois ; les deux autres aux vacances de printemps.")
    return process


def seed(out=None) -> dict:
    """Create the two demo processes once; return {"processes": n created}."""
    titles = ("Haies et bocages de l'Aveyron", "Îlots de fraîcheur dans les cours d'école")
    if Process.objects.filter(title__in=titles).exists():
        return {"processes": 0}
    direction = Direction.objects.get(slug=ENVIRONMENT)
    community = Community.objects.get(slug="biodiversite")
    now = timezone.now()
    try:
        with transaction.atomic():
            lead = _lead(direction)
            people = _people(community, 12)
            _open_process(direction, community, lead, people, now)
            _completed_process(direction, community, lead, people, now)
    except ValidationError as error:  # the demo region is not what this expects
        if out is not None:
            out.write(f"Citizen dialogue processes skipped: {'; '.join(error.messages)}")
        return {"processes": 0}
    if out is not None:
        out.write(f"Citizen dialogue: 2 processes led by {LEAD} (/processes/).")
    return {"processes": 2}
