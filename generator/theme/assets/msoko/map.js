/* The map's filters (/map/): the finder's fields and its matching (finder.js, window.msokoFinder) over the same
   finder files the catalogues read; the points of the map and the rows of the list under it that do not match are
   hidden, so both always show the same organisations. The choice lives in the address, as in the catalogues.
   Without JavaScript the form stays hidden and the map and the list show every organisation. */
(function () {
  "use strict";

  var ORG = /organisations\/([^/]+)\/?$/;

  function idOf(link) {
    var found = ORG.exec((link.getAttribute("href") || "").replace(/[?#].*$/, ""));
    return found ? decodeURIComponent(found[1]) : null;
  }

  function setup(form) {
    var finder = window.msokoFinder;
    if (!finder) { return; }
    var config = JSON.parse(form.getAttribute("data-msoko-map-filter"));
    var status = document.querySelector("[data-msoko-map-status]");
    var points = Array.prototype.map.call(document.querySelectorAll("svg.msoko-map__svg a"), function (link) {
      return { node: link, id: idOf(link) };
    });
    var rows = Array.prototype.map.call(document.querySelectorAll("#msoko-map-list ~ .msoko-table-wrap tbody tr"), function (tr) {
      var link = tr.querySelector("a[href]");
      return { node: tr, id: link ? idOf(link) : null };
    });
    var records = null;
    var timer = null;

    function field(name) { return form.elements.namedItem(name); }

    function state() {
      var current = {};
      finder.fields.forEach(function (name) {
        var element = field(name);
        if (element && element.value.trim()) { current[name] = element.value.trim(); }
      });
      return current;
    }

    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      finder.fields.forEach(function (name) {
        var element = field(name);
        if (!element) { return; }
        var value = params.get(name) || "";
        if (element.tagName === "SELECT" && !Array.prototype.some.call(element.options, function (o) { return o.value === value; })) {
          value = "";
        }
        element.value = value;
      });
    }

    function toAddress(current) {
      var params = new URLSearchParams();
      finder.fields.forEach(function (name) { if (current[name]) { params.set(name, current[name]); } });
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    function load() {
      if (records) { return Promise.resolve(records); }
      return Promise.all(Object.keys(config.sources).map(function (kind) {
        return fetch(new URL(config.sources[kind], window.location.href).href).then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        });
      })).then(function (parts) {
        records = [].concat.apply([], parts);
        return records;
      });
    }

    function show(ids) {
      var count = 0;
      points.forEach(function (point) {
        var visible = !ids || ids[point.id] === true;
        point.node.style.display = visible ? "" : "none";
        count += visible ? 1 : 0;
      });
      rows.forEach(function (row) { row.node.hidden = !!ids && ids[row.id] !== true; });
      if (!ids) {
        status.textContent = "";
        return;
      }
      status.textContent = count === 0 ? "Ничего не найдено. Измените или сбросьте фильтры." :
        "На карте и в списке: " + finder.number(count) + " " + finder.plural(count, "организация", "организации", "организаций") +
        " из " + finder.number(points.length) + ".";
    }

    function run(fromUser) {
      var current = state();
      if (fromUser) { toAddress(current); }
      if (!Object.keys(current).length) { show(null); return; }
      load().then(function (all) {
        var ids = {};
        all.forEach(function (record) {
          if ((!current.kind || record.kind === current.kind) && finder.matches(record, current)) { ids[record.id] = true; }
        });
        show(ids);
      }).catch(function () {
        status.textContent = "Не удалось загрузить список организаций: показаны все. Обновите страницу.";
      });
    }

    form.hidden = false;
    fromAddress();
    form.addEventListener("submit", function (event) { event.preventDefault(); run(true); });
    form.addEventListener("change", function () { run(true); });
    form.addEventListener("input", function (event) {
      if (event.target.name !== "q") { return; }
      clearTimeout(timer);
      timer = setTimeout(function () { run(true); }, 150);
    });
    form.addEventListener("reset", function () { setTimeout(function () { run(true); }, 0); });
    run(false);
  }

  function init() {
    document.querySelectorAll("form[data-msoko-map-filter]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
