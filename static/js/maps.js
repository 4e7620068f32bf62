/* Progressive enhancement for place pages: a Leaflet map shown on request (tiles come from a third
   party, so nothing is loaded before the visitor asks; with no tile URL configured, the markers are
   drawn on a plain background), and a "me localiser" button for the search form. Every marker is also
   in the list of the page, and everything works without this script. */
(function () {
  "use strict";

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function popup(properties) {
    var state = properties.open_now === true ? "Ouvert maintenant"
      : properties.open_now === false ? "Fermé actuellement" : "Horaires non renseignés";
    return '<a href="' + escapeHtml(properties.url) + '"><strong>' + escapeHtml(properties.name) + "</strong></a><br>"
      + escapeHtml(properties.kind) + " — " + escapeHtml(properties.member) + "<br>"
      + escapeHtml(properties.address) + "<br>" + state;
  }

  function draw(block, canvas, features) {
    var map = L.map(canvas, { scrollWheelZoom: false });
    if (block.dataset.mapTiles) {
      L.tileLayer(block.dataset.mapTiles, { maxZoom: 18, attribution: block.dataset.mapAttribution }).addTo(map);
    }
    var markers = features.map(function (feature) {
      var coordinates = feature.geometry.coordinates;
      var open = feature.properties.open_now;
      return L.circleMarker([coordinates[1], coordinates[0]], {
        radius: 8, weight: 2, color: "#1e1e1e",
        fillColor: open === true ? "#18753c" : open === false ? "#b3261e" : "#767676", fillOpacity: 0.9
      }).bindPopup(popup(feature.properties));
    });
    var group = L.featureGroup(markers).addTo(map);
    if (markers.length) {
      map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 14 });
    } else {
      map.setView([43.6, 1.44], 8);
    }
  }

  function load(block, canvas) {
    var data = document.getElementById(block.dataset.mapData);
    draw(block, canvas, data ? JSON.parse(data.textContent) : []);
  }

  document.querySelectorAll("[data-map]").forEach(function (block) {
    var button = block.querySelector("[data-map-toggle]");
    var canvas = block.querySelector("[data-map-canvas]");
    if (!button || !canvas || typeof L === "undefined") { return; }
    var label = button.textContent;
    var loaded = false;
    button.hidden = false;
    button.addEventListener("click", function () {
      var show = canvas.hidden;
      canvas.hidden = !show;
      button.setAttribute("aria-expanded", show ? "true" : "false");
      button.textContent = show ? "Masquer la carte" : label;
      if (show && !loaded) { loaded = true; load(block, canvas); }
    });
  });

  var locate = document.querySelector("[data-locate]");
  if (locate && "geolocation" in navigator) {
    var form = locate.form;
    var status = form.querySelector("[data-locate-status]");
    locate.hidden = false;
    locate.addEventListener("click", function () {
      status.textContent = "Recherche de votre position…";
      navigator.geolocation.getCurrentPosition(function (position) {
        ["lat", "lon"].forEach(function (name) {
          var input = form.querySelector('input[name="' + name + '"]');
          if (!input) {
            input = document.createElement("input");
            input.type = "hidden";
            input.name = name;
            form.appendChild(input);
          }
          input.value = (name === "lat" ? position.coords.latitude : position.coords.longitude).toFixed(5);
        });
        var commune = form.querySelector('input[name="commune"]');
        if (commune) { commune.value = ""; }
        var sort = form.querySelector('select[name="tri"]');
        if (sort) { sort.value = "distance"; }
        form.submit();
      }, function () {
        status.textContent = "Votre position n'a pas pu être obtenue. Indiquez une commune.";
      }, { timeout: 10000, maximumAge: 300000 });
    });
  }
})();
