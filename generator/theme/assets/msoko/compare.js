/* The comparison of two to four organisations (/compare/?ids=a,b,c): one small JSON file per organisation, written
   by the build (generator/render/pages/compare.py) with the values exactly as the pages publish them («к» stays
   «к») and the interval the organisation's page shows beside each value. Also: the «add to comparison» button on an organisation's page, and the CSV of the compared table. */
(function () {
  "use strict";

  var KEY = "msoko-compare";
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  function chosen() {
    try {
      var list = JSON.parse(sessionStorage.getItem(KEY) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (e) { return []; }
  }

  function choose(list) {
    try { sessionStorage.setItem(KEY, JSON.stringify(list)); } catch (e) { /* not remembered */ }
  }

  function idsFromAddress(most) {
    var raw = new URLSearchParams(window.location.search).get("ids") || "";
    var seen = [];
    raw.split(",").forEach(function (id) {
      id = id.trim();
      if (ID.test(id) && seen.indexOf(id) === -1 && seen.length < most) { seen.push(id); }
    });
    return seen;
  }

  function cell(tag, text, className) {
    var element = document.createElement(tag);
    element.textContent = text;
    if (className) { element.className = className; }
    return element;
  }

  function csvField(text) {
    text = String(text == null ? "" : text).replace(/\u00a0|\u202f/g, " ");
    return /[";\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function setupPage(box) {
    var config = JSON.parse(box.getAttribute("data-msoko-compare"));
    var output = box.querySelector("[data-msoko-compare-output]");
    var empty = box.querySelector("[data-msoko-compare-empty]");
    var status = box.querySelector("[data-msoko-compare-status]");
    var picked = box.querySelector("[data-msoko-compare-picked]");
    var holder = box.querySelector("[data-msoko-compare-table]");
    var csvButton = box.querySelector("[data-msoko-compare-csv]");
    var root = new URL(config.root, window.location.href);
    var ids = idsFromAddress(config.most);
    var rows = [];

    if (ids.length === 0) {
      ids = chosen().filter(function (id) { return ID.test(id); }).slice(0, config.most);
      if (ids.length) { window.history.replaceState(null, "", window.location.pathname + "?ids=" + ids.join(",")); }
    }
    if (ids.length === 0) { return; }
    choose(ids);
    status.textContent = "Загружаются данные организаций…";

    Promise.all(ids.map(function (id) {
      return fetch(new URL(id + ".json", window.location.href).href).then(function (response) {
        return response.ok ? response.json() : null;
      }).catch(function () { return null; });
    })).then(function (loaded) {
      var orgs = loaded.filter(Boolean);
      var missing = ids.filter(function (id, index) { return !loaded[index]; });
      if (orgs.length === 0) {
        status.textContent = "Организации с такими кодами не найдены: " + missing.join(", ") + ".";
        return;
      }
      render(orgs);
      status.textContent = (orgs.length < 2 ? "Для сравнения выберите ещё хотя бы одну организацию. " : "") +
        (missing.length ? "Не найдены: " + missing.join(", ") + "." : "");
    });

    function remove(id) {
      var rest = ids.filter(function (other) { return other !== id; });
      choose(rest);
      window.location.search = rest.length ? "?ids=" + rest.join(",") : "";
    }

    function render(orgs) {
      empty.hidden = true;
      output.hidden = false;
      picked.textContent = "";
      orgs.forEach(function (org) {
        var li = document.createElement("li");
        var name = document.createElement(org.url ? "a" : "span");
        if (org.url) { name.href = new URL(org.url, root).pathname; }
        name.textContent = org.name;
        li.appendChild(name);
        li.appendChild(document.createTextNode(" "));
        var drop = document.createElement("button");
        drop.type = "button";
        drop.className = "msoko-compare__button";
        drop.textContent = "Убрать";
        drop.setAttribute("aria-label", "Убрать из сравнения: " + org.name);
        drop.addEventListener("click", function () { remove(org.id); });
        li.appendChild(drop);
        picked.appendChild(li);
      });
      var add = box.querySelector("[data-msoko-compare-add]");
      add.textContent = "";
      if (orgs.length < config.most) {
        add.appendChild(document.createTextNode("Добавить из каталога: "));
        config.catalogues.forEach(function (pair, index) {
          var link = document.createElement("a");
          link.href = pair[1];
          link.textContent = pair[0];
          add.appendChild(link);
          if (index < config.catalogues.length - 1) { add.appendChild(document.createTextNode(", ")); }
        });
      }

      /* the measures: every one any organisation has, in the order they come; the municipal value by municipality */
      var measures = [], byCode = {};
      orgs.forEach(function (org) {
        org.measures.forEach(function (m) {
          if (!byCode[m.code]) { byCode[m.code] = m; measures.push(m); }
        });
      });
      var places = [];
      orgs.forEach(function (org) { if (places.indexOf(org.municipality) === -1) { places.push(org.municipality); } });

      var table = document.createElement("table");
      table.className = "msoko-table msoko-compare__table";
      table.appendChild(cell("caption", "Ключевые показатели выбранных организаций"));
      var head = document.createElement("thead");
      var headRow = document.createElement("tr");
      headRow.appendChild(cell("th", "Показатель"));
      orgs.forEach(function (org) { headRow.appendChild(cell("th", org.name, "num")); });
      places.forEach(function (place) { headRow.appendChild(cell("th", "Муниципалитет: " + place, "num")); });
      Array.prototype.forEach.call(headRow.cells, function (th) { th.scope = "col"; });
      head.appendChild(headRow);
      table.appendChild(head);
      var body = document.createElement("tbody");
      var header = ["Показатель", "Код", "Учебный год", "Единица"].concat(
        orgs.map(function (org) { return org.name; }),
        places.map(function (place) { return "Муниципалитет: " + place; }),
        orgs.map(function (org) { return "Вероятный диапазон: " + org.name; }));
      rows = [header];
      measures.forEach(function (m) {
        var tr = document.createElement("tr");
        var th = document.createElement("th");
        th.scope = "row";
        var label = m.indicator ? document.createElement("a") : document.createElement("span");
        if (m.indicator) { label.href = new URL(m.indicator, root).pathname; }
        label.textContent = m.code + ". " + m.name;
        th.appendChild(label);
        th.appendChild(cell("span", ", " + m.unit + (m.year ? ", " + m.year : ""), "msoko-compare__unit"));
        tr.appendChild(th);
        var csv = [m.name, m.code, m.year, m.unit];
        var municipal = {};
        var intervals = [];
        orgs.forEach(function (org) {
          var own = null;
          org.measures.forEach(function (x) { if (x.code === m.code) { own = x; } });
          var text = own ? own.value : "—";
          if (own && !(org.municipality in municipal)) { municipal[org.municipality] = own.municipal; }
          var td = cell("td", "", "num");
          var shown = cell("span", "", "msoko-compare__shown");
          shown.appendChild(cell("span", text, "msoko-compare__value"));
          if (own && own.interval) {
            shown.appendChild(cell("span", "диапазон " + own.interval, "msoko-compare__interval"));
          }
          td.appendChild(shown);
          td.setAttribute("data-label", org.name);
          tr.appendChild(td);
          csv.push(text);
          intervals.push(own && own.interval ? own.interval : "");
        });
        places.forEach(function (place) {
          var text = place in municipal ? municipal[place] : "—";
          var td = cell("td", text, "num msoko-compare__municipal");
          td.setAttribute("data-label", "Муниципалитет: " + place);
          tr.appendChild(td);
          csv.push(text);
        });
        body.appendChild(tr);
        rows.push(csv.concat(intervals));
      });
      table.appendChild(body);
      holder.textContent = "";
      holder.appendChild(table);
      var legend = document.createElement("p");
      legend.className = "msoko-legend";
      legend.textContent = "Под значением организации — его вероятный диапазон (95\u00a0%), там же, где его показывает страница организации: " +
        "промежуток, в котором с вероятностью 95\u00a0% лежало бы значение, если бы те же условия повторились с другими учениками. " +
        "«к» — значение скрыто для защиты малых групп; «—» — данных нет.";
      holder.parentNode.insertBefore(legend, holder.nextSibling);
    }

    csvButton.addEventListener("click", function () {
      var text = "\ufeff" + rows.map(function (row) { return row.map(csvField).join(";"); }).join("\r\n") + "\r\n";
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
      link.download = "sravnenie.csv";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    });
  }

  /* an organisation's page: a button that adds it to the comparison */
  function setupOrganisation(mark) {
    var id = mark.getAttribute("data-msoko-org");
    var heading = document.querySelector("article h1");
    var base = document.querySelector("[data-msoko-search-base]");
    if (!heading || !ID.test(id)) { return; }
    var root = new URL(((base && base.getAttribute("data-msoko-search-base")) || ".") + "/", window.location.href);
    var wrap = document.createElement("p");
    wrap.className = "msoko-compare__actions";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "msoko-compare__button";
    var link = document.createElement("a");
    var note = document.createElement("span");
    note.setAttribute("role", "status");
    function show() {
      var list = chosen();
      var inside = list.indexOf(id) !== -1;
      button.textContent = inside ? "Убрать из сравнения" : "Добавить к сравнению";
      button.disabled = !inside && list.length >= 4;
      link.hidden = list.length < 2 || !inside;
      link.href = new URL("compare/", root).pathname + "?ids=" + list.join(",");
      link.textContent = "Сравнить выбранные (" + list.length + ")";
      note.textContent = button.disabled ? "Выбрано уже четыре организации." : "";
    }
    button.addEventListener("click", function () {
      var list = chosen().filter(function (other) { return other !== id; });
      if (button.textContent === "Добавить к сравнению") { list.push(id); }
      choose(list.slice(0, 4));
      show();
    });
    wrap.appendChild(button);
    wrap.appendChild(document.createTextNode(" "));
    wrap.appendChild(link);
    wrap.appendChild(note);
    heading.parentNode.insertBefore(wrap, heading.nextSibling);
    show();
  }

  function init() {
    document.querySelectorAll("[data-msoko-compare]").forEach(setupPage);
    var mark = document.querySelector("[data-msoko-org]");
    if (mark) { setupOrganisation(mark); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
