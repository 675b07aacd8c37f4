"""What the demo region is made of: directions, four communities, one account
per role, and the vocabulary its generated members are drawn from.

Read by every part of the demo (demo/communities.py, crowd.py, cms_content.py).
"""

DEMO_PASSWORD = "terreau-demo"
DEMO_DOMAIN = "demo.terreau.fr"
INSTITUTION = "Région Occitanie"
SEED = 2018  # the year the region's experiment started; any fixed number would do

ENVIRONMENT = "direction-de-lenvironnement"
AGRICULTURE = "direction-de-lagriculture-et-de-lalimentation"
CITIZENSHIP = "direction-de-la-citoyennete-et-de-la-democratie"
COORDINATION = "direction-de-la-coordination-des-communautes"

DIRECTIONS = [
    {
        "slug": ENVIRONMENT,
        "name": "Direction de l'Environnement",
        "description": (
            "Biodiversité, eau, climat et transition écologique : la direction accompagne "
            "les acteurs du territoire qui protègent et restaurent les milieux naturels."
        ),
    },
    {
        "slug": AGRICULTURE,
        "name": "Direction de l'Agriculture et de l'Alimentation",
        "description": (
            "Agriculture, circuits courts et restauration collective : la direction soutient "
            "une alimentation locale, de qualité et accessible à toutes et tous."
        ),
    },
    {
        "slug": CITIZENSHIP,
        "name": "Direction de la Citoyenneté et de la Démocratie",
        "description": (
            "Budget participatif, votations citoyennes et instances de concertation : la "
            "direction fait vivre la Charte régionale de la citoyenneté active."
        ),
    },
    {
        "slug": COORDINATION,
        "name": "Direction de la Coordination des communautés",
        "description": (
            "Le cultivateur : identifie les communautés, met en relation la Région et les "
            "acteurs, accompagne et conseille chaque binôme de jardiniers."
        ),
        "is_coordinating": True,
    },
]

COMMUNITIES = [
    {
        "slug": "biodiversite",
        "code": "bio",
        "name": "Biodiversité",
        "direction": ENVIRONMENT,
        "territory": "Occitanie — Pyrénées et Massif central",
        "themes": ["biodiversité", "zones humides", "sciences participatives", "haies"],
        "description": (
            "Naturalistes amateurs, associations de protection de la nature, agriculteurs, "
            "élus et agents de collectivités qui agissent pour préserver la faune, la flore "
            "et les milieux naturels d'Occitanie. La communauté relie les inventaires "
            "participatifs, les chantiers de plantation de haies et la restauration des "
            "zones humides, et fait remonter à la Région ce qui marche sur le terrain."
        ),
        "how_to_join": (
            "Tout le monde peut rejoindre le cercle des citoyens en un clic : vous recevez "
            "la lettre d'information corédigée et les invitations aux événements. Le cercle "
            "des informé·e·s participe aux échanges et aux sorties de terrain ; le cercle des "
            "engagé·e·s (une vingtaine de personnes) porte les groupes de travail et organise "
            "la rencontre annuelle. Pour vous rapprocher du cœur, écrivez quelques mots aux "
            "jardiniers : ils vous répondent et votre demande reste visible."
        ),
    },
    {
        "slug": "alimentation-durable",
        "code": "ali",
        "name": "Alimentation durable",
        "direction": AGRICULTURE,
        "territory": "Occitanie — Plaine du Languedoc et Gers",
        "themes": ["circuits courts", "restauration collective", "agriculture biologique"],
        "description": (
            "Producteurs, cuisiniers de cantines, épiceries solidaires, projets alimentaires "
            "territoriaux et consommateurs qui veulent une alimentation locale, de saison et "
            "accessible à tous. On y partage des retours d'expérience sur l'approvisionnement "
            "des lycées, la lutte contre le gaspillage et les marchés de producteurs."
        ),
        "how_to_join": (
            "Rejoignez d'abord le cercle des citoyens pour suivre l'actualité et les "
            "événements. Si vous portez une initiative (cantine, épicerie, ferme, "
            "association), demandez à rejoindre le cercle des informé·e·s ou des engagé·e·s "
            "en expliquant votre projet : le binôme de jardiniers vous répond sous quinze jours."
        ),
        "territory_gardener": ("Mélanie Sabatier", "Réseau des épiceries solidaires d'Occitanie"),
        "institution_gardener": ("Pierre Cazals", "Région Occitanie — Direction de l'Agriculture"),
    },
    {
        "slug": "citoyennete-active",
        "code": "cit",
        "name": "Citoyenneté active",
        "direction": CITIZENSHIP,
        "territory": "Occitanie — toute la région",
        "themes": ["démocratie participative", "budget participatif", "éducation populaire"],
        "description": (
            "Collectifs d'habitants, associations d'éducation populaire, conseils citoyens et "
            "agents publics qui font vivre la participation : budgets participatifs, "
            "votations, tirage au sort, débats publics. La communauté expérimente des "
            "dispositifs d'intelligence collective et rend compte de ce que deviennent les "
            "contributions des citoyens."
        ),
        "how_to_join": (
            "Chacun peut entrer dans le cercle des citoyens. Les règles du jeu sont publiques : "
            "toute contribution est lue par le binôme de jardiniers, et la suite qui lui est "
            "donnée est publiée. Pour rejoindre les groupes de travail, demandez le cercle des "
            "engagé·e·s en quelques mots."
        ),
        "territory_gardener": ("Karim Haddad", "Collectif Démocratie en chantier"),
        "institution_gardener": ("Anne Rouquette", "Région Occitanie — Direction de la Citoyenneté"),
    },
    {
        "slug": "mobilites",
        "code": "mob",
        "name": "Mobilités",
        "direction": ENVIRONMENT,
        "territory": "Occitanie — métropoles et territoires ruraux",
        "themes": ["vélo", "covoiturage", "transports en commun", "mobilité rurale"],
        "description": (
            "Associations d'usagers, ateliers vélo, autorités organisatrices, entreprises et "
            "habitants des territoires ruraux qui inventent d'autres façons de se déplacer : "
            "covoiturage de proximité, transport à la demande, véloroutes, lignes de car "
            "express. La communauté nourrit la politique régionale des mobilités de ses "
            "expériences de terrain."
        ),
        "how_to_join": (
            "Rejoignez le cercle des citoyens pour être invité aux ateliers et aux balades "
            "urbaines. Les membres des associations et collectivités qui veulent partager "
            "leurs projets peuvent demander le cercle des informé·e·s ou des engagé·e·s."
        ),
        "territory_gardener": ("Lucie Bonnefoy", "Association Vélo en Occitanie"),
        "institution_gardener": ("Olivier Mas", "Région Occitanie — Direction de l'Environnement"),
    },
]

# One account per role, all with DEMO_PASSWORD. Biodiversité is the demo's
# showcase community: every role can be seen from there.
DEMO_ACCOUNTS = [
    {
        "email": "cultivateur@demo.terreau.fr",
        "display_name": "Mathieu Garrigues",
        "organisation": "Région Occitanie — Coordination des communautés",
        "role": "cultivator",
    },
    {
        "email": "jardinier.territoire@demo.terreau.fr",
        "display_name": "Julien Castan",
        "organisation": "Association Les Semeurs de biodiversité",
        "role": "territory gardener of Biodiversité",
    },
    {
        "email": "jardiniere.region@demo.terreau.fr",
        "display_name": "Sophie Delmas",
        "organisation": "Région Occitanie — Direction de l'Environnement",
        "role": "institution gardener of Biodiversité",
    },
    {
        "email": "engage@demo.terreau.fr",
        "display_name": "Nadia Benali",
        "organisation": "Jardin partagé des Izards",
        "role": "engaged in Biodiversité",
    },
    {
        "email": "informe@demo.terreau.fr",
        "display_name": "Thomas Vidal",
        "organisation": "Club CPN de Rodez",
        "role": "informed in Biodiversité",
    },
    {
        "email": "citoyen@demo.terreau.fr",
        "display_name": "Léa Marty",
        "organisation": "",
        "role": "citizen in Biodiversité",
    },
    {
        "email": "redaction@demo.terreau.fr",
        "display_name": "Isabelle Pujol",
        "organisation": "Région Occitanie — Direction de l'Environnement",
        "role": "news editor, Direction de l'Environnement",
    },
    {
        "email": "admin@demo.terreau.fr",
        "display_name": "Administration Terreau",
        "organisation": INSTITUTION,
        "role": "site administrator",
    },
]

EDITORS_GROUP = "Éditeurs — Direction de l'Environnement"

# Accounts without a circle of their own that follow communities from the
# citizens' circle (their "My communities" page is not empty): the
# cultivator follows all four, the editor those she writes about.
FOLLOWERS = {
    "cultivateur": ["biodiversite", "alimentation-durable", "citoyennete-active", "mobilites"],
    "redaction": ["biodiversite", "mobilites"],
    "admin": ["citoyennete-active"],
}

# How many generated members each community gets, by fate.
CROWD = {"engaged": 18, "informed": 38, "citizens": 98, "left": 6, "removed": 2}
PENDING_REQUESTS = 4

TOWNS = [
    "Toulouse", "Montpellier", "Nîmes", "Perpignan", "Béziers", "Albi", "Carcassonne",
    "Tarbes", "Rodez", "Cahors", "Auch", "Montauban", "Foix", "Mende", "Castres", "Sète",
    "Narbonne", "Millau", "Figeac", "Lodève", "Pamiers", "Lourdes", "Alès", "Lunel",
]
ORGANISATIONS = {
    "bio": [
        "CPIE de {town}", "Club naturaliste de {town}", "Mairie de {town}",
        "Conservatoire d'espaces naturels", "Association Haies vives de {town}",
        "Parc naturel régional des Grands Causses", "Lycée agricole de {town}",
        "Fédération de pêche du Tarn", "Syndicat de rivière de {town}",
    ],
    "ali": [
        "Cantine du lycée de {town}", "Ferme des Trois Chênes", "AMAP de {town}",
        "Épicerie solidaire de {town}", "Projet alimentaire territorial de {town}",
        "Marché de producteurs de {town}", "Coopérative bio du Gers", "Mairie de {town}",
    ],
    "cit": [
        "Conseil citoyen de {town}", "Maison des associations de {town}",
        "Centre social de {town}", "Mairie de {town}", "Fédération des MJC d'Occitanie",
        "Collectif Habitants en action", "Université populaire de {town}",
    ],
    "mob": [
        "Atelier vélo de {town}", "Association des usagers du train", "Mairie de {town}",
        "Covoiturage rural de {town}", "Communauté de communes de {town}",
        "Syndicat mixte des transports de {town}", "Vélo-école de {town}",
    ],
}
REQUEST_MESSAGES = [
    "Je participe aux chantiers depuis plusieurs mois et j'aimerais aider à organiser le prochain.",
    "Notre association porte un projet proche du vôtre : nous voudrions partager nos retours.",
    "Je souhaite rejoindre un groupe de travail et proposer une sortie sur mon territoire.",
    "J'ai assisté à la rencontre annuelle et je voudrais m'impliquer davantage.",
    "Je travaille sur ce sujet à la mairie et je peux faire le lien avec les élus.",
    "J'anime un réseau local et je peux relayer vos événements auprès d'une centaine de personnes.",
]
MOVE_REASONS = [
    "A co-organisé la rencontre annuelle.",
    "Anime le groupe de travail depuis le printemps.",
    "Très présent·e aux événements, proposé lors de la réunion du binôme.",
    "Porte un projet commun avec deux autres membres.",
]
APPROVAL_ANSWERS = [
    "Bienvenue ! Nous vous présenterons au groupe lors de la prochaine réunion.",
    "Avec plaisir, votre expérience sera précieuse.",
    "",
]
LEAVE_REASONS = ["", "", "Déménagement hors de la région.", "Moins de temps cette année."]
REMOVE_REASONS = [
    "Messages publicitaires répétés malgré deux rappels des règles du jeu.",
    "Compte créé en double ; la personne reste membre avec son autre adresse.",
]
