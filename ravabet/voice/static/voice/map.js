// The map of a citizen's message (Leaflet). On the public form ([data-map-pick]) a click
// or tap puts the point in the latitude and longitude fields, which stay usable without
// this script; on the office's page ([data-map-show]) it shows the point. Everything it
// needs is in data attributes: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  if (!window.L) return;
  var persian = document.documentElement.lang === "fa";
  var FA = "۰۱۲۳۴۵۶۷۸۹";

  function shown(number) {
    var text = number.toFixed(6);
    if (!persian) return text;
    return text.replace(/[0-9]/g, function (d) { return FA[+d]; }).replace(".", "٫");
  }

  function read(input) {
    if (!input) return NaN;
    var text = input.value.trim().replace(/[۰-۹]/g, function (d) { return FA.indexOf(d); })
      .replace(/[٠-٩]/g, function (d) { return d.charCodeAt(0) - 0x660; }).replace("٫", ".");
    return text === "" ? NaN : Number(text);
  }

  function makeMap(box, center, zoom) {
    var map = L.map(box, { scrollWheelZoom: false }).setView(center, zoom);
    L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution })
      .addTo(map);
    return map;
  }

  function pick(box) {
    var form = box.closest("form");
    var lat = form.querySelector("[name=latitude]");
    var lng = form.querySelector("[name=longitude]");
    var share = form.querySelector("[name=share_location]");
    var clear = box.parentNode.querySelector("[data-map-clear]");
    var marker = null;
    var start = [read(lat), read(lng)];
    var has = !isNaN(start[0]) && !isNaN(start[1]);
    var map = makeMap(
      box, has ? start : [+box.dataset.lat, +box.dataset.lng], has ? 16 : +box.dataset.zoom
    );

    function place(latlng) {
      if (marker) marker.setLatLng(latlng);
      else marker = L.marker(latlng, { keyboard: false }).addTo(map);
      if (clear) clear.hidden = false;
    }

    if (has) place(start);
    map.on("click", function (event) {
      place(event.latlng);
      lat.value = shown(event.latlng.lat);
      lng.value = shown(event.latlng.lng);
      // Pointing at the map is choosing to share the point; the box stays there to untick.
      if (share) share.checked = true;
    });
    [lat, lng].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = [read(lat), read(lng)];
        if (!isNaN(point[0]) && !isNaN(point[1])) {
          place(point);
          map.panTo(point);
        }
      });
    });
    if (clear) {
      clear.addEventListener("click", function () {
        if (marker) { map.removeLayer(marker); marker = null; }
        lat.value = lng.value = "";
        if (share) share.checked = false;
        clear.hidden = true;
      });
    }
  }

  // A map inside a closed <details> is made when it first opens: no tiles are fetched for
  // a citizen who never looks at it, and Leaflet measures a box that is on the page.
  function whenShown(box, make) {
    var details = box.closest("details");
    if (!details || details.open) { make(box); return; }
    details.addEventListener("toggle", function once() {
      if (!details.open) return;
      details.removeEventListener("toggle", once);
      make(box);
    });
  }

  function show(box) {
    var point = [+box.dataset.pointLat, +box.dataset.pointLng];
    var map = makeMap(box, point, 16);
    L.marker(point, { keyboard: false, title: box.dataset.label || "" }).addTo(map);
  }

  document.querySelectorAll("[data-map-pick]").forEach(function (box) { whenShown(box, pick); });
  document.querySelectorAll("[data-map-show]").forEach(show);
})();
