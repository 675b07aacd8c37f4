"""The vendored Leaflet is exactly the one package.json pins (npm ci installs it)."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor" / "leaflet"
NPM = ROOT / "node_modules" / "leaflet"


@pytest.fixture
def npm_leaflet():
    from tests.conftest import service_missing

    if not NPM.exists():
        service_missing(f"Leaflet is not installed at {NPM} (run `npm ci`)")
    return NPM


@pytest.mark.parametrize(
    "name",
    ["leaflet.js", "leaflet.js.map", "leaflet.css", "images/marker-icon.png",
     "images/marker-icon-2x.png", "images/marker-shadow.png", "images/layers.png",
     "images/layers-2x.png"],
)
def test_the_vendored_file_is_the_npm_one(npm_leaflet, name):
    assert (VENDOR / name).read_bytes() == (npm_leaflet / "dist" / name).read_bytes()


def test_the_licence_comes_along(npm_leaflet):
    assert (VENDOR / "LICENSE").read_bytes() == (npm_leaflet / "LICENSE").read_bytes()


def test_package_json_pins_the_vendored_version(npm_leaflet):
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["leaflet"]
    installed = json.loads((npm_leaflet / "package.json").read_text())["version"]
    assert pinned == installed == "1.9.4"
    assert 'version="1.9.4"' in (VENDOR / "leaflet.js").read_text()
