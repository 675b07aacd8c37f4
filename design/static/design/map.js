/* Terreau's one map script: markers from a JSON island, drawn with the
 * vendored Leaflet (static/vendor/leaflet). Used by the directory's map and
 * "my entry", a process's map of proposals and its proposal form, the
 * funded projects of the calls. docs/design.md, "Maps".
 *
 * No inline script (strict CSP): a page marks its container with
 * data-map="<id of the JSON island>", renders the island with json_script,
 * and loads leaflet.js then this file. The island is built by
 * terreau/maps.py map_config():
 *   tiles, attribution   the tile URL (empty: no background) and its credit
 *   center, zoom         where to look when there is no marker
 *   markers              [{lat, lng, url?, <label key>, <detail keys>...}]
 *   label, details       which keys name a marker and which add lines
 *   fitZoom              the closest zoom when fitting the markers
 *   pick, pickDecimals   a click fills #id_latitude / #id_longitude
 *   icons                Leaflet's marker images (hashed static names)
 *   zoomIn, zoomOut      the zoom buttons' names, in the reader's language
 * Without tiles (empty URL or an unreachable server) the markers still show
 * on a blank background and the note (data-map-note, by default
 * #map-no-tiles) is shown; the page's list stays the primary view. A marker
 * with a url opens a popup whose name links to it.
 */
(function () {
  "use strict";

  if (typeof window.L === "undefined") {
    return;
  }
  var L = window.L;

  function popupContent(marker, config) {
    var box = document.createElement("div");
    var label = marker[config.label] || "";
    var name;
    if (marker.url) {
      name = document.createElement("a");
      name.href = marker.url;
    } else {
      name = document.createElement("strong");
    }
    name.textContent = label;
    box.appendChild(name);
    (config.details || []).forEach(function (key) {
      var text = marker[key];
      (Array.isArray(text) ? text : [text]).forEach(function (line) {
        if (line) {
          box.appendChild(document.createElement("br"));
          box.appendChild(document.createTextNode(line));
        }
      });
    });
    return box;
  }

  function draw(container) {
    var island = document.getElementById(container.getAttribute("data-map"));
    if (!island) {
      return;
    }
    var config = JSON.parse(island.textContent);
    config.label = config.label || "title";
    var note = document.getElementById(container.getAttribute("data-map-note") || "map-no-tiles");

    function showNote() {
      if (note) {
        note.hidden = false;
      }
    }

    if (config.icons) {
      // Hashed static names (collectstatic) defeat Leaflet's guess of its image folder.
      L.Icon.Default.imagePath = "";
      L.Icon.Default.mergeOptions(config.icons);
    }

    container.textContent = "";
    container.classList.add("is-live");
    var map = L.map(container, { keyboard: true, zoomControl: false });
    L.control.zoom({
      zoomInTitle: config.zoomIn || "Zoom in",
      zoomOutTitle: config.zoomOut || "Zoom out"
    }).addTo(map);

    if (config.tiles) {
      var tiles = L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 });
      tiles.on("tileerror", showNote);
      tiles.addTo(map);
    } else {
      showNote();
    }

    var points = [];
    var picked = null;
    (config.markers || []).forEach(function (data) {
      var label = data[config.label] || "";
      var marker = L.marker([data.lat, data.lng], {
        alt: label,
        title: label,
        keyboard: !config.pick
      });
      if (!config.pick) {
        marker.bindPopup(popupContent(data, config));
      }
      marker.addTo(map);
      picked = marker;
      points.push([data.lat, data.lng]);
    });

    var fitZoom = config.fitZoom || 15;
    if (points.length > 1) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: fitZoom });
    } else if (points.length === 1) {
      map.setView(points[0], fitZoom - 1);
    } else {
      map.setView(config.center, config.zoom);
    }

    if (config.pick) {
      pick(map, container, config, picked);
    }
  }

  // A click on the map fills the latitude and longitude inputs, which stay
  // plain fields without JavaScript; typing in them moves the marker.
  function pick(map, container, config, picked) {
    var latitude = document.getElementById("id_latitude");
    var longitude = document.getElementById("id_longitude");
    if (!latitude || !longitude) {
      return;
    }
    var decimals = typeof config.pickDecimals === "number" ? config.pickDecimals : 5;
    var factor = Math.pow(10, decimals);

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
      var lat = Math.round(event.latlng.lat * factor) / factor;
      var lng = Math.round(L.Util.wrapNum(event.latlng.lng, [-180, 180], true) * factor) / factor;
      latitude.value = lat.toFixed(decimals);
      longitude.value = lng.toFixed(decimals);
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
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), draw);
})();
