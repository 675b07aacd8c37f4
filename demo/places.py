"""Real communes of Occitanie with their approximate coordinates (town hall,
three decimals), for the demo's directory pins and the people's territories.

Each community draws from the communes of its own territory first, so its
map looks like its description; the list as a whole covers the region's
thirteen departments.
"""

from decimal import Decimal

# name: (latitude, longitude)
COMMUNES = {
    "Toulouse": ("43.604", "1.444"),
    "Colomiers": ("43.611", "1.335"),
    "Blagnac": ("43.637", "1.390"),
    "Muret": ("43.462", "1.327"),
    "Saint-Gaudens": ("43.108", "0.723"),
    "Montpellier": ("43.611", "3.877"),
    "Sète": ("43.403", "3.697"),
    "Béziers": ("43.344", "3.216"),
    "Agde": ("43.310", "3.476"),
    "Lodève": ("43.731", "3.319"),
    "Lunel": ("43.676", "4.136"),
    "Nîmes": ("43.837", "4.360"),
    "Alès": ("44.125", "4.081"),
    "Uzès": ("44.012", "4.420"),
    "Le Vigan": ("43.991", "3.606"),
    "Bagnols-sur-Cèze": ("44.162", "4.620"),
    "Perpignan": ("42.699", "2.895"),
    "Céret": ("42.486", "2.748"),
    "Prades": ("42.617", "2.422"),
    "Carcassonne": ("43.213", "2.351"),
    "Narbonne": ("43.184", "3.004"),
    "Castelnaudary": ("43.318", "1.954"),
    "Limoux": ("43.055", "2.218"),
    "Lézignan-Corbières": ("43.201", "2.757"),
    "Albi": ("43.929", "2.148"),
    "Castres": ("43.606", "2.241"),
    "Gaillac": ("43.901", "1.897"),
    "Rodez": ("44.350", "2.575"),
    "Millau": ("44.098", "3.078"),
    "Villefranche-de-Rouergue": ("44.352", "2.035"),
    "Cahors": ("44.448", "1.441"),
    "Figeac": ("44.609", "2.032"),
    "Gourdon": ("44.737", "1.383"),
    "Montauban": ("44.018", "1.355"),
    "Moissac": ("44.105", "1.085"),
    "Auch": ("43.646", "0.586"),
    "Condom": ("43.958", "0.372"),
    "Lectoure": ("43.934", "0.622"),
    "Tarbes": ("43.233", "0.078"),
    "Bagnères-de-Bigorre": ("43.065", "0.150"),
    "Foix": ("42.965", "1.607"),
    "Pamiers": ("43.116", "1.611"),
    "Saint-Girons": ("42.985", "1.147"),
    "Mende": ("44.518", "3.500"),
    "Marvejols": ("44.554", "3.291"),
}

# The communes each community's members act in, most frequent first; a
# community not named here draws from the whole region.
BY_COMMUNITY = {
    "biodiversite": [
        "Foix", "Rodez", "Tarbes", "Millau", "Saint-Girons", "Mende", "Toulouse", "Pamiers",
        "Bagnères-de-Bigorre", "Figeac", "Saint-Gaudens", "Le Vigan", "Prades", "Albi",
        "Marvejols", "Cahors",
    ],
    "alimentation-durable": [
        "Montpellier", "Auch", "Béziers", "Lunel", "Condom", "Nîmes", "Lectoure", "Narbonne",
        "Sète", "Toulouse", "Castelnaudary", "Agde", "Moissac", "Uzès", "Gaillac",
    ],
    "mobilites": [
        "Toulouse", "Montpellier", "Nîmes", "Albi", "Rodez", "Perpignan", "Castres", "Colomiers",
        "Montauban", "Alès", "Blagnac", "Muret", "Villefranche-de-Rouergue", "Céret", "Gourdon",
    ],
}

# Occitanie's bounding box, with a margin of a few kilometres.
BOUNDS = {"south": Decimal("42.30"), "north": Decimal("45.10"),
          "west": Decimal("-0.40"), "east": Decimal("4.90")}

# Pins of one commune sit on rings around its town hall, STEP degrees apart
# (about 600 m): far enough to be told apart on a city-wide map.
STEP = Decimal("0.006")


def communes_of(slug: str) -> list[str]:
    return BY_COMMUNITY.get(slug) or list(COMMUNES)


def _rings():
    """Grid offsets (dy, dx) around a centre, nearest rings first."""
    yield 0, 0
    radius = 1
    while True:
        for dy in range(-radius, radius + 1):
            for dx in range(-radius, radius + 1):
                if max(abs(dy), abs(dx)) == radius:
                    yield dy, dx
        radius += 1


def free_spot(commune: str, taken: set) -> tuple[Decimal, Decimal]:
    """The spot nearest to the commune's centre that no pin holds yet; it is
    added to `taken` (a set of (latitude, longitude) Decimals)."""
    lat, lng = (Decimal(v) for v in COMMUNES[commune])
    for dy, dx in _rings():
        spot = (lat + dy * STEP, lng + dx * STEP)
        if spot not in taken:
            taken.add(spot)
            return spot
    raise AssertionError("unreachable")  # the rings never end
