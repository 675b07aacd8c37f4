"""The needs part of `manage.py seed_demo`: items at every stage of the pipeline.

For each community that has none yet: six needs and synergy proposals by
its informed and engaged members (engage@ writes the first one where it is
a member), moved along by the pair with their answers, some "me too" and
offers of help with consent, one connection; one item is left unanswered
for three weeks so the board flags it.

Everything goes through `needs.services` (so the notifications exist too),
then the dates are spread back in time, as a lived-in demo needs.
Idempotent: a community that already has items is left alone.

Run after demo.communities.seed() (it needs the communities, members and pairs).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from communities.models import Circle, Community, Membership
from needs import services
from needs.models import Need, Status, Step, Support

# (kind, title, description, tags, visibility, [(status, answer)...], age in days)
ITEMS = [
    (
        "need", "Une salle pour une bourse aux semences",
        ("Nous cherchons une salle d'environ 50 personnes, un samedi de mars, pour une "
        "bourse aux semences paysannes ouverte à tous."),
        ["semences", "salle"], "community",
        [("discussed", "Merci ! Nous en parlons avec deux mairies du territoire."),
         ("connected", ("La médiathèque de la commune peut vous accueillir : nous vous "
                       "mettons en relation avec sa responsable.")),
         ("done", "La bourse a eu lieu le 15 mars, 80 visiteurs. Bravo !")],
        60,
    ),
    (
        "synergy", "Mutualiser une camionnette entre associations",
        ("Nos deux associations utilisent chacune une camionnette deux jours par semaine. "
        "Nous pourrions en partager une et réduire nos coûts."),
        ["mobilité", "mutualisation"], "community",
        [("discussed", ("Bonne idée : nous l'inscrivons à l'ordre du jour de la prochaine "
                       "rencontre du cercle engagé."))],
        30,
    ),
    (
        "need", "Former nos bénévoles à l'animation de débats",
        ("Nos bénévoles animent des soirées-débats mais manquent d'outils. Une formation-action "
        "d'une journée serait précieuse."),
        ["formation", "animation"], "community",
        [],
        21,
    ),
    (
        "need", "Un contact au service des subventions",
        ("Nous voudrions comprendre quel dispositif régional correspond à notre projet de "
        "jardin partagé, sans passer des semaines à chercher."),
        ["financement"], "gardeners",
        [("discussed", "Nous avons transmis votre question à la direction concernée."),
         ("connected", "Une chargée de mission vous contactera cette semaine.")],
        40,
    ),
    (
        "synergy", "Un calendrier commun des animations d'été",
        ("Plusieurs structures organisent des animations en juillet-août. Un calendrier "
        "partagé éviterait les doublons."),
        ["calendrier", "été"], "community",
        [("declined", ("Le calendrier des événements de la plateforme fait déjà ce travail : "
                      "publiez-y vos animations, nous les relaierons dans la lettre."))],
        50,
    ),
    (
        "need", "Des bras pour un chantier participatif",
        ("Nous plantons une haie de 200 mètres en novembre et cherchons une quinzaine de "
        "volontaires."),
        ["chantier", "haie"], "community",
        [],
        3,
    ),
]


def _authors(community) -> list:
    members = list(
        Membership.objects.filter(community=community, circle__gte=Circle.INFORMED)
        .select_related("user").order_by("-circle", "user_id")
    )
    users = [m.user for m in members]
    users.sort(key=lambda u: not u.email.startswith("engage@"))
    return users


def seed(out=None) -> dict:
    """Create the items of communities that have none; return {"needs": n created}."""
    created = 0
    now = timezone.now()
    with transaction.atomic():
        for community in Community.objects.order_by("pk"):
            if Need.objects.filter(community=community).exists():
                continue
            gardeners = services.gardeners_of(community)
            authors = _authors(community)
            if not gardeners or len(authors) < 3:
                continue
            others = [
                m.user for m in Membership.objects.filter(community=community)
                .select_related("user").order_by("user_id")
            ]
            for index, (kind, title, description, tags, visibility, steps, age) in enumerate(ITEMS):
                author = authors[index % len(authors)]
                need = services.need_create(
                    community=community, author=author, kind=kind, title=title,
                    description=description, visibility=visibility, tags=tags,
                    contact_consent=index % 2 == 0,
                )
                created += 1
                helpers = [u for u in others if u.pk != author.pk][index: index + 3]
                declined = bool(steps) and steps[-1][0] == Status.DECLINED
                if visibility == Need.Visibility.COMMUNITY and not declined:
                    for n, helper in enumerate(helpers):
                        services.support_add(
                            need=need, user=helper,
                            kind=Support.Kind.CAN_HELP if n == 0 else Support.Kind.ME_TOO,
                            message="Je peux aider, écrivez-moi." if n == 0 else "",
                            contact_consent=True,
                        )
                for n, (status, answer) in enumerate(steps):
                    if status == Status.CONNECTED and need.contact_consent and helpers:
                        services.connection_create(
                            need=need, actor=gardeners[0], first=author, second=helpers[0],
                            note="Vous habitez à quelques kilomètres l'un de l'autre.",
                        )
                    services.need_move(
                        need=need, actor=gardeners[n % len(gardeners)], to_status=status,
                        answer=answer,
                    )
                # Spread the dates: submitted `age` days ago, each step a few days later.
                submitted = now - timedelta(days=age)
                Need.objects.filter(pk=need.pk).update(created_at=submitted)
                at = submitted
                for step in Step.objects.filter(need=need).order_by("pk"):
                    at += timedelta(days=max(1, age // (len(steps) + 1)))
                    Step.objects.filter(pk=step.pk).update(at=at)
                Need.objects.filter(pk=need.pk).update(status_changed_at=at)
    if out is not None:
        if created:
            out.write(f"Needs: created {created} needs and proposals.")
        else:
            out.write("Needs: already there, nothing to add.")
    return {"needs": created}
