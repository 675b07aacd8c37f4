"""The demo's calendar, as data: each community's events, the regional
meeting, a full outing, a past event and a draft (demo/events.py seeds them).

Dates are relative to today, in Europe/Paris.
"""

import zoneinfo

from communities.models import Circle
from events.models import Event

from . import communities_data

TIME_ZONE = "Europe/Paris"
PARIS = zoneinfo.ZoneInfo(TIME_ZONE)
DOMAIN = "demo.terreau.fr"
CULTIVATOR = f"cultivateur@{DOMAIN}"
ENGAGED = f"engage@{DOMAIN}"
INFORMED = f"informe@{DOMAIN}"
CITIZEN = f"citoyen@{DOMAIN}"
# Staff who follow communities from the citizens' circle (communities_data.FOLLOWERS).
FOLLOWERS = [f"{key}@{DOMAIN}" for key in communities_data.FOLLOWERS]
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
