/* The directory's map: markers from the JSON island #directory-map-data.
 *
 * No inline script (CSP-friendly): the page gives its data as JSON and this
 * file draws it with the vendored Leaflet. Without tiles (MAP_TILES_URL empty,
 * or the tile server unreachable) the markers still show on a blank
 * background and a visible note says so; the list stays the primary view.
 * On "my entry", a click on the map fills the latitude and longitude inputs,
 * rounded to three decimals (about 100 m), as the server rounds them.
 */
(function () {
  "use strict";

  var container = document.querySelector("[data-directory-map]");
  var island = document.getElementById("directory-map-data");
  if (!container || !island || typeof window.L === "undefined") {
    return;
  }
  var L = window.L;
  var config = JSON.parse(island.textContent);
  var note = document.getElementById("map-no-tiles");

  function showNote() {
    if (note) {
      note.hidden = false;
    }
  }

  function popupContent(person) {
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = person.name;
    box.appendChild(name);
    [person.organisation, person.territory].forEach(function (text) {
      if (text) {
        box.appendChild(document.createElement("br"));
        box.appendChild(document.createTextNode(text));
      }
    });
    return box;
  }

  if (config.icons) {
    // Hashed static names (collectstatic) defeat Leaflet's guess of its image folder.
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions(config.icons);
  }

  container.textContent = "";
  container.classList.add("is-live");
  var map = L.map(container, { keyboard: true });

  if (config.tiles) {
    var tiles = L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 });
    tiles.on("tileerror", showNote);
    tiles.addTo(map);
  } else {
    showNote();
  }

  var points = [];
  (config.markers || []).forEach(function (person) {
    var marker = L.marker([person.lat, person.lng], {
      alt: person.name,
      title: person.name,
      keyboard: true
    });
    marker.bindPopup(popupContent(person));
    marker.addTo(map);
    points.push([person.lat, person.lng]);
  });

  if (points.length > 1) {
    map.fitBounds(points, { padding: [24, 24], maxZoom: 14 });
  } else if (points.length === 1) {
    map.setView(points[0], 13);
  } else {
    map.setView(config.center, config.zoom);
  }

  if (!container.hasAttribute("data-pick")) {
    return;
  }

  // Picking one's own location on "my entry".
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  if (!latitude || !longitude) {
    return;
  }
  var picked = null;
  map.eachLayer(function (layer) {
    if (layer instanceof L.Marker) {
      picked = layer;
    }
  });

  function place(lat, lng) {
    if (picked) {
      picked.setLatLng([lat, lng]);
    } else {
      picked = L.marker([lat, lng], {
        alt: container.getAttribute("data-pick-label") || "",
        keyboard: false
      }).addTo(map);
    }
  }

  map.on("click", function (event) {
    var lat = Math.round(event.latlng.lat * 1000) / 1000;
    var lng = Math.round(L.Util.wrapNum(event.latlng.lng, [-180, 180], true) * 1000) / 1000;
    latitude.value = lat.toFixed(3);
    longitude.value = lng.toFixed(3);
    place(lat, lng);
  });

  function typed() {
    var lat = parseFloat(latitude.value.replace(",", "."));
    var lng = parseFloat(longitude.value.replace(",", "."));
    if (isFinite(lat) && isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) {
      place(lat, lng);
      map.panTo([lat, lng]);
    }
  }
  latitude.addEventListener("change", typed);
  longitude.addEventListener("change", typed);
})();
