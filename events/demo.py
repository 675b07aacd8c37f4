"""The events part of `manage.py seed_demo`: a calendar that looks lived in.

For each of the four communities, two or three published events in the next
six weeks (in person, online, hybrid; one reserved to the engaged circle, a
working session), an institution-wide meeting organised by the cultivator, a
small outing that is full with a waiting list, a past event with its
attendance checked in and its report published, and a draft. The demo
accounts (engage@, informe@, citoyen@) are registered to a few events, so
"My registrations" and their private calendar feed are not empty.

Everything goes through `events.services`, so counters, waiting positions,
calendar sequences and e-mails are the ones a real click would give. Dates
are relative to today, in Europe/Paris: a database seeded on another day
gets the same story, shifted.

Idempotent: an event is found by its title and community, a registration by
its event and person; only what is missing is created, so a second run
creates nothing and sends no e-mail. Registrations send their confirmation
e-mails (about thirty in all, to the local outbox).

Run after communities.demo.seed() (it needs the communities, their pairs and
the demo accounts) and before cms.demo.seed() (articles show an event).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from communities.models import Circle, Community, Membership
from gardeners.models import GardenerPair

from . import services
from .models import Event, Registration

User = get_user_model()

TIME_ZONE = "Europe/Paris"
PARIS = zoneinfo.ZoneInfo(TIME_ZONE)
DOMAIN = "demo.terreau.fr"
CULTIVATOR = f"cultivateur@{DOMAIN}"
ENGAGED = f"engage@{DOMAIN}"
INFORMED = f"informe@{DOMAIN}"
CITIZEN = f"citoyen@{DOMAIN}"
VISIO = "https://visio.demo.terreau.fr/"

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

# `when`: (days from today at least, weekday, "HH:MM", duration in minutes).
# `organiser`: "territory" or "institution" gardener of the community's pair.
# `crowd`: how many other members of the community register (seats taken).
COMMUNITY_EVENTS = {
    "biodiversite": [
        {
            "title": "Inventaire participatif des libellules au lac de la Ramée",
            "description": (
                "Une matinée pour apprendre à reconnaître les libellules et demoiselles des "
                "berges, avec les naturalistes de la communauté. Filets et guides "
                "d'identification fournis ; vos observations rejoignent l'atlas régional de la "
                "biodiversité. Prévoir des bottes et de l'eau. Ouvert à toutes et tous, "
                "enfants bienvenus à partir de 8 ans."
            ),
            "when": (4, SAT, "09:30", 180),
            "format": Event.Format.IN_PERSON,
            "address": "Base de loisirs de la Ramée, chemin de la Ramée, 31170 Tournefeuille",
            "capacity": 25,
            "organiser": "territory",
            "demo_accounts": [ENGAGED, CITIZEN],
            "crowd": 2,
        },
        {
            "title": "Webinaire : planter une haie champêtre, de la conception à l'entretien",
            "description": (
                "Choisir les essences locales, préparer le sol, protéger les jeunes plants, "
                "tailler sans abîmer : une heure et demie avec un technicien de l'association "
                "Arbres et Paysages d'Autan et deux agriculteurs qui ont planté plus d'un "
                "kilomètre de haies. Questions par écrit pendant la séance ; l'enregistrement "
                "est envoyé aux inscrit·e·s."
            ),
            "when": (10, TUE, "18:30", 90),
            "format": Event.Format.ONLINE,
            "online_url": VISIO + "haie-champetre",
            "organiser": "institution",
            "demo_accounts": [INFORMED],
            "crowd": 1,
        },
        {
            "title": "Groupe de travail « Zones humides » : préparer la rencontre annuelle",
            "description": (
                "Séance de travail du cercle des engagé·e·s : bilan des suivis de mares de "
                "l'année, choix des sites pour la sortie de la rencontre annuelle, répartition "
                "des rôles. Ordre du jour partagé la veille ; possibilité de suivre à distance."
            ),
            "when": (7, THU, "14:00", 150),
            "format": Event.Format.HYBRID,
            "address": "Maison de l'Environnement, 14 rue de Tivoli, 31000 Toulouse",
            "online_url": VISIO + "gt-zones-humides",
            "capacity": 20,
            "circles": [Circle.ENGAGED],
            "organiser": "territory",
            "demo_accounts": [ENGAGED],
        },
    ],
    "alimentation-durable": [
        {
            "title": "Visite de la cuisine centrale d'Auch : 60 % de produits locaux",
            "description": (
                "L'équipe de la cuisine centrale ouvre ses portes : comment elle prépare "
                "1 800 repas par jour pour les lycées et les écoles avec des produits du Gers, "
                "les contrats passés avec les producteurs et la lutte contre le gaspillage. "
                "Visite suivie d'un échange autour d'un café avec les cuisiniers."
            ),
            "when": (8, WED, "10:00", 120),
            "format": Event.Format.IN_PERSON,
            "address": "Cuisine centrale, 12 rue Camille Desmoulins, 32000 Auch",
            "capacity": 20,
            "organiser": "territory",
            "crowd": 2,
        },
        {
            "title": "Webinaire : approvisionner une cantine en produits locaux et bio",
            "description": (
                "Ce que demande la loi EGalim, comment écrire un marché public qui laisse "
                "leur chance aux producteurs du territoire, et les retours d'expérience de "
                "trois lycées d'Occitanie. Pour les élus, gestionnaires et chefs de cuisine."
            ),
            "when": (17, TUE, "14:00", 90),
            "format": Event.Format.ONLINE,
            "online_url": VISIO + "cantines-egalim",
            "organiser": "institution",
            "crowd": 1,
        },
        {
            "title": "Groupe de travail « Épiceries solidaires » : bilan du semestre",
            "description": (
                "Séance du cercle des engagé·e·s : les chiffres des six épiceries du réseau, "
                "les partenariats avec les maraîchers, la proposition à porter au comité "
                "régional de l'alimentation. Sur place ou en visio."
            ),
            "when": (21, MON, "17:30", 120),
            "format": Event.Format.HYBRID,
            "address": "Espace Martin Luther King, 27 boulevard Louis Blanc, 34000 Montpellier",
            "online_url": VISIO + "gt-epiceries-solidaires",
            "circles": [Circle.ENGAGED],
            "organiser": "territory",
        },
    ],
    "citoyennete-active": [
        {
            "title": "Atelier : monter un projet pour le budget participatif régional",
            "description": (
                "Vous avez une idée pour votre quartier ou votre village ? Deux heures pour "
                "la transformer en projet recevable : critères, budget, soutiens à réunir, "
                "calendrier du vote. Avec des porteurs de projets lauréats l'an dernier. Sur "
                "place ou à distance."
            ),
            "when": (9, WED, "18:00", 120),
            "format": Event.Format.HYBRID,
            "address": "Hôtel de Région, 201 avenue de la Pompignane, 34000 Montpellier",
            "online_url": VISIO + "budget-participatif",
            "capacity": 40,
            "organiser": "institution",
            "crowd": 2,
        },
        {
            "title": "Café citoyen : faire vivre la concertation dans les petites communes",
            "description": (
                "Un café-débat ouvert à tous : comment associer les habitants aux décisions "
                "quand on est une commune de 800 habitants ? Témoignages d'élus et d'un "
                "conseil citoyen du Tarn, puis discussion par petites tables."
            ),
            "when": (24, SAT, "10:00", 120),
            "format": Event.Format.IN_PERSON,
            "address": "Tiers-lieu La Fabrique, 8 place du Vigan, 81000 Albi",
            "capacity": 35,
            "organiser": "territory",
        },
        {
            "title": "Groupe de travail « Charte de la citoyenneté active » : relecture",
            "description": (
                "Séance en visio du cercle des engagé·e·s pour relire la nouvelle version de "
                "la Charte régionale et préparer les amendements de la communauté. Le document "
                "de travail est envoyé la semaine précédente."
            ),
            "when": (14, THU, "18:30", 90),
            "format": Event.Format.ONLINE,
            "online_url": VISIO + "gt-charte",
            "circles": [Circle.ENGAGED],
            "organiser": "institution",
        },
    ],
    "mobilites": [
        {
            "title": "Balade à vélo sur la voie verte du canal du Midi",
            "description": (
                "De Toulouse à Ramonville par le canal, à allure tranquille : les "
                "aménagements réalisés, les points noirs qui restent, et le futur réseau "
                "cyclable régional présenté par l'Association Vélo en Occitanie. Vélos en "
                "prêt sur demande à l'inscription. Retour possible en métro."
            ),
            "when": (5, SUN, "10:00", 150),
            "format": Event.Format.IN_PERSON,
            "address": "Port de l'Embouchure, boulevard de la Marquette, 31000 Toulouse",
            "capacity": 30,
            "organiser": "territory",
            "crowd": 2,
        },
        {
            "title": "Webinaire : le covoiturage rural, retours du Gers et de l'Aveyron",
            "description": (
                "Lignes de covoiturage, autostop organisé, plateformes locales : ce qui "
                "fonctionne dans les territoires peu denses, avec les communautés de "
                "communes qui les ont lancés et les habitants qui les utilisent."
            ),
            "when": (19, THU, "12:30", 75),
            "format": Event.Format.ONLINE,
            "online_url": VISIO + "covoiturage-rural",
            "organiser": "institution",
        },
        {
            "title": "Groupe de travail « Trains du quotidien » : contribution au comité de ligne",
            "description": (
                "Séance du cercle des engagé·e·s : rassembler les remontées des usagers de la "
                "ligne Toulouse–Rodez (horaires, correspondances, accès vélo) et rédiger la "
                "contribution de la communauté au prochain comité de ligne."
            ),
            "when": (12, TUE, "18:00", 120),
            "format": Event.Format.HYBRID,
            "address": "Maison des associations, 15 avenue Tarayre, 12000 Rodez",
            "online_url": VISIO + "gt-trains",
            "circles": [Circle.ENGAGED],
            "organiser": "territory",
        },
    ],
}

REGIONAL_MEETING = {
    "title": "Rencontre régionale des communautés",
    "description": (
        "Une journée pour toutes les communautés et tous ceux qui veulent les découvrir : "
        "le matin, ce que chaque communauté a fait cette année et ce qu'elle a fait remonter "
        "à la Région ; l'après-midi, des ateliers croisés (biodiversité et alimentation, "
        "mobilités et citoyenneté). Déjeuner offert aux inscrit·e·s. Retransmise en direct."
    ),
    "when": (30, SAT, "09:30", 420),
    "format": Event.Format.HYBRID,
    "address": "Hôtel de Région, 22 boulevard du Maréchal Juin, 31400 Toulouse",
    "online_url": VISIO + "rencontre-regionale",
    "capacity": 200,
    "demo_accounts": [ENGAGED, INFORMED, CITIZEN],
    "crowd": 0,
}

# Small, and full: six seats taken, three people in line (the informed demo
# account among them, so its "My registrations" shows a place in line).
FULL_OUTING = {
    "community": "biodiversite",
    "title": "Sortie botanique : les orchidées sauvages du causse de Caylus",
    "description": (
        "Une sortie en petit groupe pour ne pas piétiner les pelouses sèches : une "
        "quinzaine d'espèces d'orchidées en fleur, avec une botaniste du Conservatoire "
        "d'espaces naturels. Quatre kilomètres de marche facile, chaussures de marche "
        "conseillées, pique-nique tiré du sac."
    ),
    "when": (13, SAT, "09:00", 240),
    "format": Event.Format.IN_PERSON,
    "address": "Parking de la chapelle Notre-Dame-de-Livron, 82160 Caylus",
    "capacity": 6,
    "organiser": "institution",
    "crowd": 6,
    "then_demo_accounts": [INFORMED],
    "then_crowd": 2,
}

# Took place on a Saturday 6 to 12 days ago: attendance checked in, report published. The
# citizen demo account came, so it is offered the informed circle.
PAST_EVENT = {
    "community": "biodiversite",
    "title": "Chantier de plantation de haies à Saint-Sulpice-la-Pointe",
    "description": (
        "Un chantier participatif pour planter 400 mètres de haie champêtre le long d'un "
        "chemin agricole, avec l'agriculteur qui accueille le chantier et l'association "
        "Haies vives. Outils fournis, gants conseillés, soupe chaude offerte à midi."
    ),
    "days_ago": 12,  # then the next Saturday
    "time": "09:00",
    "minutes": 300,
    "format": Event.Format.IN_PERSON,
    "address": "Ferme de la Bourdette, route de Lavaur, 81370 Saint-Sulpice-la-Pointe",
    "capacity": 15,
    "organiser": "territory",
    "demo_accounts": [CITIZEN],
    "crowd": 5,
    "absent": 1,  # the last one registered did not come
    "report": {
        "summary": (
            "Par une belle matinée, les participant·e·s ont planté 420 mètres de haie "
            "(1 260 plants de 18 essences locales : cornouiller, prunellier, viorne, érable "
            "champêtre…) et posé le paillage. L'agriculteur a présenté son projet "
            "d'agroforesterie ; deux élus de la commune sont passés à midi."
        ),
        "follow_ups": (
            "Arrosage de reprise en avril par l'association Haies vives ; comptage des plants "
            "repris à l'automne, ouvert à tous. Deux exploitations voisines ont demandé un "
            "chantier l'hiver prochain : la communauté en fera la proposition à la Région."
        ),
    },
}

DRAFT = {
    "community": "biodiversite",
    "title": "Nuit de la chouette en Montagne Noire",
    "description": (
        "Sortie nocturne à l'écoute des rapaces : chouette hulotte, effraie, petit-duc. "
        "Présentation en salle puis balade de deux heures à la lampe rouge. Programme et "
        "lieu de rendez-vous à confirmer avec la commune."
    ),
    "when": (36, FRI, "20:30", 150),
    "format": Event.Format.IN_PERSON,
    "address": "Salle des fêtes, place de la Mairie, 81540 Sorèze",
    "capacity": 25,
    "organiser": "territory",
}


def _at(now, days, weekday, hhmm, minutes):
    """Paris local time: the first `weekday` at least `days` days after today."""
    today = timezone.localtime(now, PARIS).date()
    day = today + dt.timedelta(days=days)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    hour, minute = map(int, hhmm.split(":"))
    starts = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)
    return starts, starts + dt.timedelta(minutes=minutes)


class _Seeder:
    def __init__(self, now):
        self.now = now
        self.created = {"events": 0, "registrations": 0}
        self.users = {u.email: u for u in User.objects.filter(
            email__in=[CULTIVATOR, ENGAGED, INFORMED, CITIZEN]
        )}

    # --- events ------------------------------------------------------------------

    def organiser(self, community, role):
        if community is None:
            return self.users[CULTIVATOR]
        pair = GardenerPair.objects.filter(community=community, ended_at__isnull=True).first()
        gardener = None
        if pair is not None:
            gardener = pair.territory_gardener if role == "territory" else pair.institution_gardener
        return gardener or self.users[CULTIVATOR]

    def event(self, community, spec, *, starts_at, ends_at, publish=True):
        """The event with this title in this community, created (and published) if missing."""
        existing = Event.objects.filter(community=community, title=spec["title"]).first()
        if existing is not None:
            return existing, False
        event = services.event_create(
            organiser=self.organiser(community, spec.get("organiser", "territory")),
            community=community,
            title=spec["title"],
            description=spec["description"],
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=TIME_ZONE,
            format=spec["format"],
            address=spec.get("address", ""),
            online_url=spec.get("online_url", ""),
            capacity=spec.get("capacity"),
            audience=Event.Audience.CIRCLES if spec.get("circles") else Event.Audience.PUBLIC,
            circles=spec.get("circles", ()),
        )
        if publish:
            event = services.event_publish(event=event, actor=event.organiser)
        self.created["events"] += 1
        return event, True

    def upcoming(self, community, spec):
        starts_at, ends_at = _at(self.now, *spec["when"])
        event, _ = self.event(community, spec, starts_at=starts_at, ends_at=ends_at)
        self.register(event, [self.users[e] for e in spec.get("demo_accounts", ())])
        self.register(event, self.crowd(event, spec.get("crowd", 0)))
        return event

    # --- registrations -----------------------------------------------------------

    def crowd(self, event, n, *, skip=0):
        """`n` members of the event's community who may come, the same ones on
        every run (by circle, then e-mail); neither gardeners nor demo accounts."""
        if not n or event.community_id is None:
            return []
        gardeners = set()
        for pair in GardenerPair.objects.filter(community_id=event.community_id):
            gardeners.update((pair.territory_gardener_id, pair.institution_gardener_id))
        members = (
            Membership.objects.filter(community_id=event.community_id)
            .exclude(user__email__in=[ENGAGED, INFORMED, CITIZEN])
            .exclude(user_id__in=gardeners)
            .filter(circle__in=event.circles or [Circle.INFORMED, Circle.CITIZENS])
            .order_by("-circle", "user__email")
            .select_related("user")
        )
        people = [m.user for m in members[: skip + n]]
        return people[skip:skip + n]

    def register(self, event, users):
        """Register each person once, through the service (one e-mail each).

        A person with any registration to the event (even cancelled) is left
        alone; so is an event no longer open (a database seeded long ago).
        """
        registrations = []
        for user in users:
            found = Registration.objects.filter(event=event, user=user).first()
            if found is not None:
                registrations.append(found)
                continue
            try:
                registrations.append(services.registration_create(event=event, user=user))
            except ValidationError:
                continue
            self.created["registrations"] += 1
        return registrations

    # --- the special cases -------------------------------------------------------

    def full_outing(self):
        spec = FULL_OUTING
        community = Community.objects.get(slug=spec["community"])
        starts_at, ends_at = _at(self.now, *spec["when"])
        event, _ = self.event(community, spec, starts_at=starts_at, ends_at=ends_at)
        # Seats first, then the line: the order of registration is the order of the line.
        self.register(event, self.crowd(event, spec["crowd"]))
        self.register(event, [self.users[e] for e in spec["then_demo_accounts"]])
        self.register(event, self.crowd(event, spec["then_crowd"], skip=spec["crowd"]))
        return event

    def past_event(self):
        spec = PAST_EVENT
        community = Community.objects.get(slug=spec["community"])
        existing = Event.objects.filter(community=community, title=spec["title"]).first()
        if existing is not None:
            return existing
        # Services only create, publish and register for future events: the
        # event is made tomorrow, filled, then moved to its real date before
        # the check-ins and the report (which services allow afterwards).
        tomorrow = self.now + dt.timedelta(days=1)
        event, _ = self.event(
            community, spec, starts_at=tomorrow, ends_at=tomorrow + dt.timedelta(hours=2)
        )
        people = [self.users[e] for e in spec["demo_accounts"]] + self.crowd(event, spec["crowd"])
        registrations = self.register(event, people)

        # A Saturday between 12 and 6 days ago: past the thanks e-mails' window.
        starts_at, ends_at = _at(self.now, -spec["days_ago"], SAT, spec["time"], spec["minutes"])
        published_at = starts_at - dt.timedelta(days=21)
        Event.objects.filter(pk=event.pk).update(
            starts_at=starts_at, ends_at=ends_at, published_at=published_at,
            created_at=published_at - dt.timedelta(hours=2),
        )
        for i, registration in enumerate(registrations):
            booked = published_at + dt.timedelta(days=1 + 2 * i, hours=3)
            Registration.objects.filter(pk=registration.pk).update(
                created_at=booked, consent_at=booked, confirmed_at=booked,
                reminder_day_sent_at=starts_at - dt.timedelta(hours=23),
                reminder_hour_sent_at=starts_at - dt.timedelta(minutes=55),
            )
        came = registrations[: len(registrations) - spec["absent"]]
        organiser = event.organiser
        for i, registration in enumerate(came):
            services.registration_check_in(registration=registration, actor=organiser)
            Registration.objects.filter(pk=registration.pk).update(
                checked_in_at=starts_at - dt.timedelta(minutes=10) + dt.timedelta(minutes=3 * i),
                thanked_at=ends_at + dt.timedelta(minutes=5),
            )
        services.event_report_publish(
            event=event, actor=organiser,
            summary=spec["report"]["summary"], follow_ups=spec["report"]["follow_ups"],
        )
        Event.objects.filter(pk=event.pk).update(
            report_published_at=ends_at + dt.timedelta(days=2)
        )
        return event

    def draft(self):
        spec = DRAFT
        community = Community.objects.get(slug=spec["community"])
        starts_at, ends_at = _at(self.now, *spec["when"])
        event, _ = self.event(community, spec, starts_at=starts_at, ends_at=ends_at, publish=False)
        return event


def seed(out=None) -> dict:
    """Create what is missing of the demo's events; return what was created."""
    seeder = _Seeder(timezone.now())
    if CULTIVATOR not in seeder.users:
        raise RuntimeError("Run communities.demo.seed() first: the demo accounts are missing.")
    with transaction.atomic():
        for slug, specs in COMMUNITY_EVENTS.items():
            community = Community.objects.get(slug=slug)
            for spec in specs:
                seeder.upcoming(community, spec)
        seeder.upcoming(None, REGIONAL_MEETING)
        seeder.full_outing()
        seeder.past_event()
        seeder.draft()
    created = seeder.created
    if out is not None:
        if any(created.values()):
            out.write(
                f"Events: created {created['events']} events and "
                f"{created['registrations']} registrations."
            )
        else:
            out.write("Events: already there, nothing to add.")
    return created
