/* The finder of the catalogues (schools, kindergartens, additional education): filters over the finder.json the
   build writes beside each catalogue (generator/render/pages/catalogues.py). Without JavaScript the catalogue is
   the plain list under the form; with it, the choice of filters lives in the address (?type=…&locality=…), so a
   filtered list can be bookmarked and shared. Results are always in the order of the names: the finder never
   ranks organisations by a result. Up to four organisations can be chosen for the comparison page. */
(function () {
  "use strict";

  var STEP = 100;
  var FIELDS = ["q", "kind", "type", "municipality", "territory", "locality", "status", "size"];
  var CHOSEN_KEY = "msoko-compare";
  var MAX_CHOSEN = 4;

  function plural(n, one, few, many) {
    var mod10 = n % 10, mod100 = n % 100;
    if (mod10 === 1 && mod100 !== 11) { return one; }
    if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) { return few; }
    return many;
  }

  function number(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  }

  function fold(text) {
    return String(text || "").toLowerCase().replace(/ё/g, "е").replace(/[«»„“”"]/g, "");
  }

  /* whether a finder record passes the filters (the kind is chosen by which files are loaded); the map uses it too */
  function matches(record, current) {
    if (current.type && record.type !== current.type) { return false; }
    if (current.municipality && record.municipality !== current.municipality) { return false; }
    if (current.territory && record.territory !== current.territory) { return false; }
    if (current.locality && record.locality !== current.locality) { return false; }
    if (current.size && record.band !== current.size) { return false; }
    if (current.status) {
      var marks = record.status ? record.status.split(", ") : [];
      if (current.status === "none" ? marks.length > 0 : marks.indexOf(current.status) === -1) { return false; }
    }
    if (current.q) {
      var haystack = fold(record.name + " " + record.address + " " + record.typeName + " " + record.id);
      var words = fold(current.q).split(/\s+/).filter(Boolean);
      for (var i = 0; i < words.length; i += 1) {
        if (haystack.indexOf(words[i]) === -1) { return false; }
      }
    }
    return true;
  }

  window.msokoFinder = { fields: FIELDS, matches: matches, plural: plural, number: number };

  function chosen() {
    try {
      var list = JSON.parse(sessionStorage.getItem(CHOSEN_KEY) || "[]");
      return Array.isArray(list) ? list.slice(0, MAX_CHOSEN) : [];
    } catch (e) { return []; }
  }

  function choose(list) {
    try { sessionStorage.setItem(CHOSEN_KEY, JSON.stringify(list)); } catch (e) { /* not remembered */ }
  }

  function setup(form) {
    var config = JSON.parse(form.getAttribute("data-msoko-finder"));
    var output = form.parentNode.querySelector("[data-msoko-finder-output]");
    var status = output.querySelector("[data-msoko-finder-status]");
    var list = output.querySelector("[data-msoko-finder-results]");
    var more = output.querySelector("[data-msoko-finder-more]");
    var root = new URL(config.root, window.location.href);
    var compareUrl = new URL(config.compare, window.location.href);
    var cache = {};
    var found = [];
    var shown = 0;
    var sequence = 0;
    var timer = null;
    var tray = document.createElement("div");
    tray.className = "msoko-finder__tray";
    tray.setAttribute("role", "region");
    tray.setAttribute("aria-label", "Выбраны для сравнения");
    output.parentNode.insertBefore(tray, output);

    /* the static list (the catalogue's table, its pager and its own text filter) gives way to the results */
    function staticParts() {
      var parts = [];
      var node = output.nextElementSibling;
      while (node) {
        if (node.matches(".msoko-table-wrap, .msoko-pager, nav, .msoko-filter, .msoko-legend, p[role='status']")) {
          parts.push(node);
        }
        node = node.nextElementSibling;
      }
      return parts;
    }

    function field(name) { return form.elements.namedItem(name); }

    function defaultKind() { return config.kind; }

    function state() {
      var result = {};
      FIELDS.forEach(function (name) {
        var element = field(name);
        if (element && element.value) { result[name] = element.value.trim(); }
      });
      if (result.kind === defaultKind()) { delete result.kind; }
      if (!result.q) { delete result.q; }
      return result;
    }

    function active(current) { return Object.keys(current).length > 0; }

    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      FIELDS.forEach(function (name) {
        var element = field(name);
        if (!element) { return; }
        var value = params.get(name);
        if (name === "kind" && !value) { value = defaultKind(); }
        if (value === null) { value = ""; }
        if (element.tagName === "SELECT" && !Array.prototype.some.call(element.options, function (o) { return o.value === value; })) {
          value = name === "kind" ? defaultKind() : "";
        }
        element.value = value;
      });
    }

    function toAddress(current) {
      var params = new URLSearchParams();
      FIELDS.forEach(function (name) { if (current[name]) { params.set(name, current[name]); } });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(null, "", url);
    }

    function load(kind) {
      var kinds = kind ? [kind] : Object.keys(config.sources);
      return Promise.all(kinds.map(function (one) {
        if (!cache[one]) {
          cache[one] = fetch(new URL(config.sources[one], window.location.href).href).then(function (response) {
            if (!response.ok) { throw new Error(response.status); }
            return response.json();
          });
          cache[one].catch(function () { delete cache[one]; });
        }
        return cache[one];
      })).then(function (parts) {
        var all = [].concat.apply([], parts);
        if (kinds.length > 1) {
          var order = {};
          kinds.forEach(function (one, index) { order[one] = index; });
          /* each part is in name order already; merged by the name without the legal form, as the build orders */
          all.sort(function (a, b) {
            return a.sortName.localeCompare(b.sortName, "ru", { numeric: true, sensitivity: "base" }) ||
              order[a.kind] - order[b.kind];
          });
        }
        return all;
      });
    }

    function renderTray() {
      var ids = chosen();
      tray.textContent = "";
      tray.hidden = ids.length === 0;
      if (ids.length === 0) { return; }
      var text = document.createElement("p");
      text.textContent = "Выбрано для сравнения: " + ids.length + " из " + MAX_CHOSEN + ". ";
      var link = document.createElement("a");
      link.href = compareUrl.pathname + "?ids=" + ids.map(encodeURIComponent).join(",");
      link.textContent = ids.length >= 2 ? "Сравнить выбранные" : "Выберите ещё хотя бы одну организацию";
      if (ids.length < 2) { link.removeAttribute("href"); link.setAttribute("aria-disabled", "true"); }
      var clear = document.createElement("button");
      clear.type = "button";
      clear.className = "msoko-finder__clear";
      clear.textContent = "Очистить выбор";
      clear.addEventListener("click", function () {
        choose([]);
        renderTray();
        list.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; box.disabled = false; });
      });
      text.appendChild(link);
      tray.appendChild(text);
      tray.appendChild(clear);
    }

    function item(record) {
      var li = document.createElement("li");
      li.className = "msoko-finder__result";
      var name = document.createElement(record.url ? "a" : "span");
      name.className = "msoko-finder__name";
      if (record.url) { name.href = new URL(record.url, root).pathname; }
      name.textContent = record.name;
      li.appendChild(name);
      var facts = [record.typeName, record.locality === "rural" ? "сельская местность" : "городская местность"];
      if (Object.keys(config.sources).length && field("municipality")) { facts.push(record.municipality); }
      if (record.territory) { facts.push(record.territory); }
      var line = document.createElement("span");
      line.className = "msoko-finder__facts";
      line.textContent = facts.join(" · ");
      li.appendChild(line);
      if (record.address) {
        var address = document.createElement("span");
        address.className = "msoko-finder__facts";
        address.textContent = record.address;
        li.appendChild(address);
      }
      var extra = [];
      if (record.size) { extra.push("Численность: " + record.size); }
      if (record.status) { extra.push("Статус: " + record.status); }
      if (extra.length) {
        var more = document.createElement("span");
        more.className = "msoko-finder__facts";
        more.textContent = extra.join(" · ");
        li.appendChild(more);
      }
      var label = document.createElement("label");
      label.className = "msoko-finder__choose";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = record.id;
      var ids = chosen();
      box.checked = ids.indexOf(record.id) !== -1;
      box.disabled = !box.checked && ids.length >= MAX_CHOSEN;
      box.addEventListener("change", function () {
        var now = chosen().filter(function (id) { return id !== record.id; });
        if (box.checked) { now.push(record.id); }
        choose(now.slice(0, MAX_CHOSEN));
        list.querySelectorAll("input[type=checkbox]").forEach(function (other) {
          other.disabled = !other.checked && now.length >= MAX_CHOSEN;
        });
        renderTray();
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" сравнить"));
      var hidden = document.createElement("span");
      hidden.className = "msoko-visually-hidden";
      hidden.textContent = " " + record.name;
      label.appendChild(hidden);
      li.appendChild(label);
      return li;
    }

    function showMore() {
      var next = found.slice(shown, shown + STEP);
      next.forEach(function (record) { list.appendChild(item(record)); });
      shown += next.length;
      more.hidden = shown >= found.length;
      more.textContent = "Показать ещё " + number(Math.min(STEP, found.length - shown));
    }

    function run(fromUser) {
      var current = state();
      if (fromUser) { toAddress(current); }
      var parts = staticParts();
      if (!active(current)) {
        output.hidden = true;
        parts.forEach(function (part) { if (!part.matches(".msoko-filter")) { part.hidden = false; } });
        return;
      }
      var mine = ++sequence;
      var kind = field("kind") ? field("kind").value : defaultKind();
      load(kind).then(function (records) {
        if (mine !== sequence) { return; }
        found = records.filter(function (record) { return matches(record, current); });
        list.textContent = "";
        shown = 0;
        parts.forEach(function (part) { part.hidden = true; });
        output.hidden = false;
        if (found.length === 0) {
          status.textContent = "Ничего не найдено. Измените или сбросьте фильтры.";
          more.hidden = true;
          return;
        }
        status.textContent = "Найдено: " + number(found.length) + " " +
          plural(found.length, "организация", "организации", "организаций") + ", по названию.";
        showMore();
      }).catch(function () {
        if (mine !== sequence) { return; }
        output.hidden = false;
        status.textContent = "Не удалось загрузить список организаций. Обновите страницу.";
      });
    }

    form.hidden = false;
    staticParts().forEach(function (part) { if (part.matches(".msoko-filter")) { part.hidden = true; } });
    fromAddress();
    form.addEventListener("submit", function (event) { event.preventDefault(); run(true); });
    form.addEventListener("change", function () { run(true); });
    form.addEventListener("input", function (event) {
      if (event.target.name !== "q") { return; }
      clearTimeout(timer);
      timer = setTimeout(function () { run(true); }, 150);
    });
    form.addEventListener("reset", function () {
      setTimeout(function () {
        if (field("kind")) { field("kind").value = defaultKind(); }
        run(true);
      }, 0);
    });
    more.addEventListener("click", function () {
      var first = shown;
      showMore();
      var next = list.children[first] && list.children[first].querySelector("a, input");
      if (next) { next.focus(); }
    });
    renderTray();
    run(false);
  }

  function init() {
    /* after msoko.js has added the tables' own filter fields, which the finder replaces */
    setTimeout(function () { document.querySelectorAll("form[data-msoko-finder]").forEach(setup); }, 0);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
