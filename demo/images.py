"""Illustrations for the demo's news, drawn here with Pillow: no photo bank,
no download, the same pixels on every machine.

Each article gets a landscape in the theme's colours (static/css/terreau.css:
the greens, with a sky and an earth tone) whose motif follows its subject:
hedges across hills, a pond, fields in rows, a road, the three circles of a
community. The image goes into Wagtail's library (found again by its title)
and its French description into the page's `image_alt`.
"""

from __future__ import annotations

import io
import math
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from wagtail.images import get_image_model

from .communities_data import SEED

WIDTH, HEIGHT = 1200, 675
GREEN_900, GREEN_700 = (29, 67, 37), (47, 107, 58)
GREEN_200, GREEN_100 = (197, 226, 203), (232, 243, 234)
SKY_TOP, SKY_LOW = (126, 178, 204), (226, 240, 236)
EARTH, WHEAT, SUN = (139, 98, 62), (222, 196, 120), (246, 214, 130)
WATER = (70, 130, 160)

# Article slug -> (motif, description of the drawing for people who cannot see it).
ILLUSTRATIONS = {
    "40-km-de-haies-plantees-cet-hiver": (
        "hedges", "Illustration : des collines vertes traversées de haies, sous un ciel clair."),
    "inventaire-participatif-des-mares": (
        "pond", "Illustration : une mare bleue entourée d'herbes, au pied de collines."),
    "covoiturage-rural-lappel-a-projets-est-ouvert": (
        "road", "Illustration : une route qui serpente entre des collines vers l'horizon."),
    "des-produits-locaux-dans-tous-les-lycees": (
        "fields", "Illustration : des champs cultivés en rangs sous un soleil levant."),
    "epiceries-solidaires-un-fonds-pour-les-circuits-courts": (
        "fields", "Illustration : des parcelles de cultures et de blé sous un soleil doré."),
    "budget-participatif-les-projets-laureats": (
        "circles", "Illustration : trois cercles concentriques verts sur fond clair."),
    "une-assemblee-citoyenne-tiree-au-sort": (
        "pond", "Illustration : un plan d'eau calme entre des collines."),
    "trois-ans-de-communautes-dacteurs-engages": (
        "circles", "Illustration : trois cercles concentriques, du cœur vers l'extérieur."),
    "devenir-jardinier-du-territoire": (
        "hedges", "Illustration : un paysage de bocage vert au lever du soleil."),
}
DEFAULT = ("hills", "Illustration : des collines vertes sous un ciel clair.")


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _sky(draw, horizon):
    for y in range(horizon):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(SKY_TOP, SKY_LOW, y / max(1, horizon)))


def _ridge(rng, base, amplitude):
    """A hill line: a few sine waves of random phase, sampled every 10 px."""
    waves = [(rng.uniform(0.8, 2.5), rng.uniform(0, 2 * math.pi), rng.uniform(0.3, 1))
             for _ in range(3)]
    points = []
    for x in range(0, WIDTH + 10, 10):
        t = x / WIDTH * 2 * math.pi
        y = base - amplitude * sum(w * math.sin(f * t + p) for f, p, w in waves) / 2
        points.append((x, y))
    return points


def _hills(draw, rng, horizon, layers=3):
    colours = [GREEN_200, GREEN_700, GREEN_900][-layers:]
    ridges = []
    for i, colour in enumerate(colours):
        ridge = _ridge(rng, horizon + i * 70, 60 - i * 12)
        draw.polygon([*ridge, (WIDTH, HEIGHT), (0, HEIGHT)], fill=colour)
        ridges.append(ridge)
    return ridges


def _hedges(draw, rng, ridges):
    for ridge in ridges[1:]:
        for x, y in ridge[::rng.randint(4, 7)]:
            r = rng.randint(9, 16)
            draw.ellipse([x - r, y - r * 1.4, x + r, y + r * 0.4], fill=GREEN_900)


def _pond(draw, rng):
    cx, cy = rng.randint(400, 800), rng.randint(520, 580)
    draw.ellipse([cx - 260, cy - 60, cx + 260, cy + 60], fill=WATER)
    draw.ellipse([cx - 200, cy - 40, cx + 120, cy + 10], fill=_mix(WATER, SKY_LOW, 0.45))
    for _ in range(40):
        x = cx + rng.randint(-300, 300)
        y = cy + rng.choice([-1, 1]) * rng.randint(50, 80)
        draw.line([(x, y), (x + rng.randint(-8, 8), y - rng.randint(20, 45))],
                  fill=GREEN_900, width=3)


def _fields(draw, rng, horizon):
    colours = [GREEN_700, WHEAT, GREEN_200, EARTH]
    for band in range(6):
        top = horizon + 40 + band * 45
        colour = colours[(band + rng.randint(0, 3)) % len(colours)]
        draw.polygon([(0, top), (WIDTH, top - 20), (WIDTH, top + 45), (0, top + 65)], fill=colour)
        for x in range(-200, WIDTH + 200, 40):
            draw.line([(x, top + 5), (x + 60, top + 55)], fill=_mix(colour, GREEN_900, 0.3))


def _road(draw, rng, horizon):
    vanish, phase = rng.randint(500, 700), rng.uniform(0, math.pi)
    points_left, points_right = [], []
    for i in range(21):
        t = i / 20
        y = horizon + 40 + t * (HEIGHT - horizon - 40)
        x = vanish + math.sin(t * 3 + phase) * 120 * t
        half = 8 + t * 170
        points_left.append((x - half, y))
        points_right.append((x + half, y))
    draw.polygon([*points_left, *reversed(points_right)], fill=(96, 96, 92))
    for (xl, y), (xr, _) in zip(points_left[2::3], points_right[2::3], strict=True):
        mid = (xl + xr) / 2
        draw.line([(mid, y), (mid, y + 10 + y / 40)], fill=(240, 240, 232), width=3)


def _circles(draw, rng):
    cx, cy = rng.randint(360, WIDTH - 360), HEIGHT // 2
    scale = rng.uniform(0.8, 1.05)
    for radius, fill in ((300, GREEN_100), (210, GREEN_200), (120, GREEN_700)):
        radius = round(radius * scale)
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=fill,
                     outline=GREEN_900, width=6)


def draw(motif: str, key: str) -> PILImage.Image:
    """The illustration for `motif`, seeded by `key` (the same on every run)."""
    rng = random.Random(f"{SEED}-image-{key}")
    image = PILImage.new("RGB", (WIDTH, HEIGHT), GREEN_100)
    pen = ImageDraw.Draw(image)
    if motif == "circles":
        for y in range(HEIGHT):
            pen.line([(0, y), (WIDTH, y)], fill=_mix(GREEN_100, (250, 251, 248), y / HEIGHT))
        _circles(pen, rng)
        return image
    horizon = rng.randint(280, 340)
    _sky(pen, horizon + 120)
    sun = (rng.randint(150, WIDTH - 150), rng.randint(70, 150))
    pen.ellipse([sun[0] - 55, sun[1] - 55, sun[0] + 55, sun[1] + 55], fill=SUN)
    ridges = _hills(pen, rng, horizon)
    if motif == "hedges":
        _hedges(pen, rng, ridges)
    elif motif == "pond":
        _pond(pen, rng)
    elif motif == "fields":
        _fields(pen, rng, horizon)
    elif motif == "road":
        _road(pen, rng, horizon)
    return image.filter(ImageFilter.SMOOTH)


def news_image(slug: str, title: str):
    """The Wagtail image illustrating the article `slug`, drawn the first
    time; returns (image, description)."""
    motif, alt = ILLUSTRATIONS.get(slug, DEFAULT)
    Image = get_image_model()
    name = f"Illustration — {title}"[:255]
    image = Image.objects.filter(title=name).first()
    if image is None:
        buffer = io.BytesIO()
        draw(motif, slug).save(buffer, "JPEG", quality=85, optimize=True)
        image = Image(title=name, file=ImageFile(buffer, name=f"demo-{slug[:60]}.jpg"))
        image.save()
    return image, alt
