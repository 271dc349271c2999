/* The table builder (/data/table/): indicators × objects × years from the files the build cuts from the published
   indicator table (generator/opendata/table_builder.py). A hidden value comes as «к» with no number; the text of a
   cell is the one the pages show; the CSV carries the number as the open-data file has it. The choice lives in the
   address: ?i=<codes>&e=<level>:<id>,…&m=<ОКТМО>,…&y=<years>. With several municipalities the organisations and
   territories are not in the list (index.json) but in one file per municipality (objects/<ОКТМО>.json), loaded
   when the visitor picks the municipality; m= names the municipalities whose objects the address chooses, so
   that a shared link loads those files before it resolves e=. */
(function () {
  "use strict";

  var LEVELS = [["m", "Муниципальные образования", "муниципальное образование"], ["t", "Территории", "территория"],
                ["o", "Организации", "организация"], ["r", "Регион", "регион"]];
  var SUPPRESSED = "\u043a";
  var NO_DATA = "\u2014";

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === "className") { node.className = attributes[key]; } else { node.setAttribute(key, attributes[key]); }
    });
    if (text != null) { node.textContent = text; }
    return node;
  }

  function listParam(params, name) {
    return (params.get(name) || "").split(",").map(function (part) { return part.trim(); }).filter(Boolean);
  }

  /* a unit as a column heading shows it: «%» for per cent */
  function unitText(unit) {
    return unit === "процент" ? "%" : unit;
  }

  function normalise(text) {
    return String(text).toLowerCase().replace(/\u0451/g, "\u0435").replace(/[\u00a0\u202f]/g, " ");
  }

  /* the Russian plural form of n: forms are («строка», «строки», «строк») */
  function plural(n, forms) {
    var tens = n % 100, ones = n % 10;
    if (tens > 10 && tens < 20) { return forms[2]; }
    return ones === 1 ? forms[0] : (ones > 1 && ones < 5 ? forms[1] : forms[2]);
  }

  function getJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    });
  }

  function csvField(text) {
    text = String(text == null ? "" : text).replace(/[\u00a0\u202f]/g, " ");
    return /[";\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function setup(box) {
    var config = JSON.parse(box.getAttribute("data-msoko-table-builder"));
    var base = new URL(config.index, window.location.href);
    var status = element("p", { className: "msoko-builder__status", role: "status" });
    box.querySelector("[data-msoko-builder-nojs]").hidden = true;
    box.appendChild(status);
    status.textContent = "Загружается список показателей…";
    getJson(base.href).then(function (index) {
      /* the municipalities of the address (m=) whose organisations and territories e= may name: loaded first */
      var files = {};
      index.objects.forEach(function (item) { if (item.t === "m" && item.file) { files[item.id] = item.file; } });
      var wanted = index.split ? listParam(new URLSearchParams(window.location.search), "m") : [];
      wanted = wanted.filter(function (id, at) { return files[id] && wanted.indexOf(id) === at; });
      if (wanted.length) { status.textContent = "Загружаются организации и территории из ссылки…"; }
      return Promise.all(wanted.map(function (id) {
        return getJson(new URL(files[id], base).href).then(function (data) { return [id, data.objects]; },
          function () { return [id, null]; });
      })).then(function (pairs) { start(box, index, base, status, pairs); });
    }).catch(function () {
      box.querySelector("[data-msoko-builder-nojs]").hidden = false;
      status.textContent = "Не удалось загрузить список показателей. Числа есть в файлах набора (ссылки выше).";
    });
  }

  function start(box, index, base, status, preloaded) {
    var params = new URLSearchParams(window.location.search);
    var split = !!index.split;
    var byCode = {}, byKey = {}, places = {}, placeInfo = {}, placeIds = [], rank = {}, placeObjects = {}, placeLoads = {};
    var levelRank = {};
    LEVELS.forEach(function (level, at) { levelRank[level[0]] = at; });
    index.indicators.forEach(function (item) { byCode[item.code] = item; });
    index.objects.forEach(function (item, at) {
      remember(item, -1, at);
      if (item.t === "m") { places[item.id] = item.name; placeInfo[item.id] = item; placeIds.push(item.id); }
    });
    var unloaded = [];
    preloaded.forEach(function (pair) {
      if (pair[1]) { addPlace(pair[0], pair[1]); } else { unloaded.push(pair[0]); }
    });
    var years = index.years.map(function (item) { return item.year; });
    var labels = {};
    index.years.forEach(function (item) { labels[item.year] = item.label; });
    var asked = listParam(params, "e").filter(function (key, at, all) { return all.indexOf(key) === at; });
    var state = {
      indicators: listParam(params, "i").filter(function (code) { return byCode[code]; }),
      objects: asked.filter(function (key) { return byKey[key]; }),
      years: listParam(params, "y").map(Number).filter(function (year) { return years.indexOf(year) !== -1; })
    };
    if (!params.has("y")) { state.years = years.slice(-3); }
    /* objects of the address that no loaded list names: said once, beside the table, until the choice changes */
    var missing = asked.length - state.objects.length;
    var tableSaid = "", listSaid = false;
    var loaded = {};
    var fetched = {};
    var rows = [];

    /* the form: three groups, each a fieldset with a legend */
    var form = element("form", { className: "msoko-builder__form", "aria-label": "Выбор таблицы" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    var indicatorGroup = element("fieldset", { className: "msoko-builder__group" });
    indicatorGroup.appendChild(element("legend", {}, "Показатели"));
    var indicatorSearch = field(indicatorGroup, "tb-indicator-q", "Найти показатель по названию или коду");
    var indicatorNote = element("p", { className: "msoko-builder__count" });
    indicatorGroup.appendChild(indicatorNote);
    var indicatorList = element("div", { className: "msoko-builder__list" });
    indicatorGroup.appendChild(indicatorList);
    var directionNames = {};
    (index.directions || []).forEach(function (item) { directionNames[item.code] = item.name; });
    var lastDirection = null;
    index.indicators.forEach(function (item) {
      if (item.direction !== lastDirection) {
        lastDirection = item.direction;
        if (directionNames[item.direction]) {
          indicatorList.appendChild(element("p", { className: "msoko-builder__heading", "data-direction": item.direction },
            item.direction + ". " + directionNames[item.direction]));
        }
      }
      indicatorList.appendChild(checkbox("tb-i-" + item.code.replace(/\./g, "-"), item.code,
        item.code + ". " + item.name + ", " + unitText(item.unit), state.indicators.indexOf(item.code) !== -1,
        normalise(item.code + " " + item.name + " " + (item.title || "")), item.direction));
    });
    indicatorList.addEventListener("change", function (event) {
      toggle(state.indicators, event.target.value, event.target.checked);
      state.indicators.sort(function (a, b) { return index.indicators.indexOf(byCode[a]) - index.indicators.indexOf(byCode[b]); });
      update();
    });
    indicatorSearch.addEventListener("input", function () {
      var query = normalise(indicatorSearch.value.trim());
      var shown = {};
      Array.prototype.forEach.call(indicatorList.querySelectorAll("label"), function (label) {
        var match = !query || label.getAttribute("data-text").indexOf(query) !== -1;
        label.hidden = !match;
        if (match) { shown[label.getAttribute("data-direction")] = true; }
      });
      Array.prototype.forEach.call(indicatorList.querySelectorAll("[data-direction]:not(label)"), function (heading) {
        heading.hidden = !shown[heading.getAttribute("data-direction")];
      });
    });

    var objectGroup = element("fieldset", { className: "msoko-builder__group" });
    objectGroup.appendChild(element("legend", {}, "Организации и территории"));
    var filters = element("div", { className: "msoko-builder__filters" });
    objectGroup.appendChild(filters);
    var present = LEVELS.filter(function (level) {
      return index.objects.some(function (item) { return item.t === level[0]; }) ||
        placeIds.some(function (id) { return counted(id, level[0]); });
    });
    var levelSelect = select(filters, "tb-level", "Уровень", present.map(function (level) { return [level[0], level[1]]; }));
    var placeSelect = placeIds.length > 1 ? select(filters, "tb-place", "Муниципальное образование", []) : null;
    var kindSelect = (index.kinds || []).length > 1 ? select(filters, "tb-kind", "Вид организации",
      [["", "Все"]].concat(index.kinds.map(function (item) { return [item.code, item.name]; }))) : null;
    var objectSearch = field(filters, "tb-object-q", "Найти по названию");
    var objectActions = element("p", { className: "msoko-builder__actions" });
    var allButton = element("button", { type: "button", className: "msoko-compare__button" }, "Отметить все показанные");
    var noneButton = element("button", { type: "button", className: "msoko-compare__button" }, "Снять все отметки");
    var chosenNote = element("span", { className: "msoko-builder__count" });
    objectActions.appendChild(allButton);
    objectActions.appendChild(noneButton);
    objectActions.appendChild(chosenNote);
    objectGroup.appendChild(objectActions);
    var objectList = element("div", { className: "msoko-builder__list" });
    objectGroup.appendChild(objectList);
    var firstChosen = state.objects.length ? byKey[state.objects[0]].t : (present.length ? present[0][0] : "m");
    levelSelect.value = firstChosen;
    var loadedFirst = preloaded.filter(function (pair) { return pair[1]; })[0];
    fillPlaces(needsPlace(firstChosen) ? chosenPlace() || (loadedFirst ? loadedFirst[0] : "") : "");
    levelSelect.addEventListener("change", function () {
      fillPlaces(placeSelect && placeSelect.value || (needsPlace(levelSelect.value) ? chosenPlace() : ""));
      choosePlace();
    });
    if (placeSelect) { placeSelect.addEventListener("change", choosePlace); }
    if (kindSelect) { kindSelect.addEventListener("change", drawObjects); }
    objectSearch.addEventListener("input", drawObjects);
    objectList.addEventListener("change", function (event) {
      missing = 0;
      toggle(state.objects, event.target.value, event.target.checked);
      sortObjects();
      update();
    });
    allButton.addEventListener("click", function () {
      missing = 0;
      Array.prototype.forEach.call(objectList.querySelectorAll("input"), function (input) {
        input.checked = true;
        toggle(state.objects, input.value, true);
      });
      sortObjects();
      update();
    });
    noneButton.addEventListener("click", function () {
      missing = 0;
      state.objects = [];
      Array.prototype.forEach.call(objectList.querySelectorAll("input"), function (input) { input.checked = false; });
      update();
    });

    var yearGroup = element("fieldset", { className: "msoko-builder__group msoko-builder__years" });
    yearGroup.appendChild(element("legend", {}, "Учебные годы"));
    index.years.forEach(function (item) {
      yearGroup.appendChild(checkbox("tb-y-" + item.year, String(item.year), item.label, state.years.indexOf(item.year) !== -1, "", ""));
    });
    yearGroup.addEventListener("change", function (event) {
      toggle(state.years, Number(event.target.value), event.target.checked);
      state.years.sort(function (a, b) { return a - b; });
      update();
    });

    form.appendChild(indicatorGroup);
    form.appendChild(objectGroup);
    form.appendChild(yearGroup);
    box.insertBefore(form, status);

    var actions = element("p", { className: "msoko-builder__actions" });
    var csvButton = element("button", { type: "button", className: "msoko-compare__button", "data-msoko-builder-csv": "" },
      "Скачать таблицу (CSV)");
    actions.appendChild(csvButton);
    box.appendChild(actions);
    var holder = element("div", { className: "msoko-table-wrap", role: "region", tabindex: "0", "aria-label": "Построенная таблица",
      "data-msoko-builder-table": "" });
    box.appendChild(holder);
    var legend = element("p", { className: "msoko-legend" },
      "«" + SUPPRESSED + "» — значение скрыто для защиты малых групп; «" + NO_DATA + "» — данных нет.");
    box.appendChild(legend);
    csvButton.addEventListener("click", download);

    drawObjects();
    update();

    function field(parent, id, text) {
      var wrap = element("div", { className: "msoko-finder__field" });
      wrap.appendChild(element("label", { "for": id }, text));
      var input = element("input", { type: "search", id: id, autocomplete: "off" });
      wrap.appendChild(input);
      parent.appendChild(wrap);
      return input;
    }

    function select(parent, id, text, options) {
      var wrap = element("div", { className: "msoko-finder__field" });
      wrap.appendChild(element("label", { "for": id }, text));
      var control = element("select", { id: id });
      options.forEach(function (pair) { control.appendChild(element("option", { value: pair[0] }, pair[1])); });
      wrap.appendChild(control);
      parent.appendChild(wrap);
      return control;
    }

    function checkbox(id, value, text, checked, search, direction) {
      var label = element("label", { "for": id, className: "msoko-builder__choice", "data-text": search, "data-direction": direction });
      var input = element("input", { type: "checkbox", id: id, value: value });
      input.checked = checked;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + text));
      return label;
    }

    function toggle(list, value, on) {
      var at = list.indexOf(value);
      if (on && at === -1) { list.push(value); }
      if (!on && at !== -1) { list.splice(at, 1); }
    }

    /* an object's place in the table: level, then (for a municipality's own file) the municipality in the list's
       order, then its place in its list — the same order whichever files were loaded first */
    function remember(item, place, at) {
      var key = item.t + ":" + item.id;
      byKey[key] = item;
      rank[key] = [levelRank[item.t], place, at];
    }

    function addPlace(id, objects) {
      placeObjects[id] = objects;
      objects.forEach(function (item, at) { remember(item, placeIds.indexOf(id), at); });
    }

    function counted(id, level) {
      return ((placeInfo[id] || {}).count || {})[level] || 0;
    }

    /* the municipality's organisations and territories, fetched once */
    function loadPlace(id) {
      if (!placeLoads[id]) {
        placeLoads[id] = getJson(new URL(placeInfo[id].file, base).href).then(function (data) { addPlace(id, data.objects); });
        placeLoads[id].catch(function () { delete placeLoads[id]; });
      }
      return placeLoads[id];
    }

    function sortObjects() {
      state.objects.sort(function (a, b) {
        var left = rank[a], right = rank[b];
        return left[0] - right[0] || left[1] - right[1] || left[2] - right[2];
      });
    }

    /* with a split the organisations and territories of a municipality are listed only once it is chosen: there is
       no «all» for them (a region's thousands of organisations would be the download the split avoids) */
    function needsPlace(level) {
      return split && (level === "o" || level === "t");
    }

    function fillPlaces(value) {
      if (!placeSelect) { return; }
      var level = levelSelect.value;
      var options = needsPlace(level) ? [["", "не выбрано"]].concat(placeIds.filter(function (id) { return counted(id, level); })
        .map(function (id) { return [id, places[id]]; })) : [["", "Все"]].concat(placeIds.map(function (id) { return [id, places[id]]; }));
      placeSelect.textContent = "";
      options.forEach(function (pair) { placeSelect.appendChild(element("option", { value: pair[0] }, pair[1])); });
      placeSelect.value = options.some(function (pair) { return pair[0] === value; }) ? value : "";
    }

    /* the municipality of the first chosen organisation or territory whose list is here: where the list opens */
    function chosenPlace() {
      var first = state.objects.map(function (key) { return byKey[key]; }).filter(function (item) {
        return item.t !== "m" && item.t !== "r" && placeObjects[item.m];
      })[0];
      return first ? first.m : "";
    }

    function placeNote(level) {
      return "Выберите муниципальное образование, чтобы увидеть его " + (level === "t" ? "территории" : "организации") + ".";
    }

    /* the level or the municipality changed: list the objects (fetching the municipality's file first, when split)
       and say what the list now shows */
    function choosePlace() {
      var level = levelSelect.value;
      var place = placeSelect ? placeSelect.value : "";
      if (!needsPlace(level)) {
        drawObjects();
        if (listSaid) { say(tableSaid); }
        return;
      }
      if (!place) { drawObjects(); sayList(placeNote(level)); return; }
      if (placeObjects[place]) { announce(level, place, drawObjects()); return; }
      drawObjects();
      sayList("Загружается список: " + places[place] + "…");
      loadPlace(place).then(function () {
        if (levelSelect.value === level && placeSelect.value === place) { announce(level, place, drawObjects()); }
      }, function () {
        if (placeSelect.value === place) {
          sayList("Не удалось загрузить список организаций и территорий. Попробуйте выбрать муниципальное образование ещё раз.");
        }
      });
    }

    function announce(level, place, count) {
      var forms = level === "t" ? ["территория", "территории", "территорий"] : ["организация", "организации", "организаций"];
      sayList(places[place] + ": " + count + "\u00a0" + plural(count, forms) + " в списке.");
    }

    /* the one status line says either what the table is (say) or what the list of objects shows (sayList); the
       table's last word comes back when the list no longer needs one */
    function say(text) {
      tableSaid = text;
      listSaid = false;
      status.textContent = text;
    }

    function sayList(text) {
      listSaid = true;
      status.textContent = text;
    }

    function placeOf(item) {
      return item.t === "m" ? item.id : (item.m || "");
    }

    function drawObjects() {
      var level = levelSelect.value;
      var place = placeSelect ? placeSelect.value : "";
      var query = normalise(objectSearch.value.trim());
      var kind = kindSelect && level === "o" ? kindSelect.value : "";
      if (placeSelect) { placeSelect.disabled = level === "r"; }
      if (kindSelect) { kindSelect.disabled = level !== "o"; }
      objectList.textContent = "";
      var count = 0;
      /* with a split: the chosen municipality's own file (or, before it is loaded, nothing), and the few objects of
         no municipality that stay in the list */
      var source = needsPlace(level) ? (place ? placeObjects[place] || [] : []).concat(index.objects) : index.objects;
      source.forEach(function (item) {
        if (item.t !== level || (place && level !== "r" && placeOf(item) !== place)) { return; }
        if (kind && item.kind !== kind) { return; }
        if (query && normalise(item.name).indexOf(query) === -1) { return; }
        var key = item.t + ":" + item.id;
        var extra = !split && item.t !== "m" && item.m && places[item.m] && placeIds.length > 1 ? " (" + places[item.m] + ")" : "";
        objectList.appendChild(checkbox("tb-e-" + item.t + "-" + item.id, key, item.name + extra, state.objects.indexOf(key) !== -1, "", ""));
        count += 1;
      });
      if (!count) {
        var waiting = needsPlace(level) && place && !placeObjects[place];
        objectList.appendChild(element("p", {}, needsPlace(level) && !place ? placeNote(level) : (waiting ? "Загружается…" : "Ничего не найдено.")));
      }
      allButton.disabled = !count;
      return count;
    }

    function address() {
      var parts = [];
      if (state.indicators.length) { parts.push("i=" + state.indicators.join(",")); }
      if (state.objects.length) { parts.push("e=" + state.objects.join(",")); }
      var chosenPlaces = placeIds.filter(function (id) {
        return state.objects.some(function (key) { var item = byKey[key]; return item.t !== "m" && item.t !== "r" && item.m === id && rank[key][1] !== -1; });
      });
      if (split && chosenPlaces.length) { parts.push("m=" + chosenPlaces.join(",")); }
      parts.push("y=" + state.years.join(","));
      return "?" + parts.join("&");
    }

    function update() {
      chosenNote.textContent = "Выбрано: " + state.objects.length;
      indicatorNote.textContent = "Выбрано: " + (state.indicators.length ? state.indicators.join(", ") : "ничего");
      window.history.replaceState(null, "", window.location.pathname + address());
      /* the files each chosen indicator still needs: the whole indicator, or (a region split by municipality)
         the parts of the chosen objects' municipalities */
      var needed = [];
      state.indicators.forEach(function (code) {
        filesOf(code).forEach(function (file) { if (!fetched[file]) { needed.push([code, file]); } });
      });
      if (!needed.length) { draw(); return; }
      say("Загружаются значения показателей…");
      Promise.all(needed.map(function (pair) {
        return fetch(new URL(pair[1], base).href).then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        }).then(function (data) {
          var cells = loaded[pair[0]] || (loaded[pair[0]] = {});
          data.rows.forEach(function (row) { cells[row[0] + ":" + row[1] + ":" + row[2]] = row; });
          fetched[pair[1]] = true;
        });
      })).then(draw).catch(function () {
        say("Не удалось загрузить значения показателей. Попробуйте обновить страницу.");
      });
    }

    function partOf(item) {
      return item.t === "r" ? "region" : (item.t === "m" ? item.id : (item.m || "region"));
    }

    function filesOf(code) {
      var item = byCode[code];
      if (!index.split) { return [item.file]; }
      var files = [];
      state.objects.forEach(function (key) {
        var part = partOf(byKey[key]);
        var file = code.replace(/\./g, "-") + "/" + part + ".json";
        if (item.parts.indexOf(part) !== -1 && files.indexOf(file) === -1) { files.push(file); }
      });
      return files;
    }

    function ready(code) {
      return filesOf(code).every(function (file) { return fetched[file]; });
    }

    function draw() {
      holder.textContent = "";
      rows = [];
      var shown = state.indicators.filter(ready);
      if (!shown.length || !state.objects.length || !state.years.length) {
        holder.hidden = true;
        legend.hidden = true;
        csvButton.disabled = true;
        say("Чтобы построить таблицу, отметьте хотя бы один показатель, одну организацию или территорию и один учебный год." + missingNote());
        return;
      }
      holder.hidden = false;
      legend.hidden = false;
      csvButton.disabled = false;
      var table = element("table", { className: "msoko-table msoko-builder__table" });
      table.appendChild(element("caption", {}, "Значения выбранных показателей"));
      var head = element("thead");
      var top = element("tr");
      var single = state.years.length === 1;
      top.appendChild(element("th", { scope: "col", rowspan: single ? "1" : "2" }, "Организация или территория"));
      shown.forEach(function (code) {
        var item = byCode[code];
        var text = item.code + ". " + item.name + ", " + unitText(item.unit) + (single ? ", " + labels[state.years[0]] : "");
        top.appendChild(element("th", single ? { scope: "col", className: "num" } : { scope: "colgroup", colspan: String(state.years.length) }, text));
      });
      head.appendChild(top);
      if (!single) {
        var second = element("tr");
        shown.forEach(function () {
          state.years.forEach(function (year) { second.appendChild(element("th", { scope: "col", className: "num" }, labels[year])); });
        });
        head.appendChild(second);
      }
      table.appendChild(head);
      var body = element("tbody");
      rows.push(["Код показателя", "Показатель", "Единица", "Уровень", "Код объекта", "Объект", "Учебный год", "Значение"]);
      var levelName = {};
      LEVELS.forEach(function (level) { levelName[level[0]] = level[2]; });
      state.objects.forEach(function (key) {
        var item = byKey[key];
        var tr = element("tr");
        var th = element("th", { scope: "row" }, item.name);
        var where = levelName[item.t] + (item.t !== "m" && item.m && places[item.m] && placeIds.length > 1 ? ", " + places[item.m] : "");
        th.appendChild(element("span", { className: "msoko-compare__unit" }, " (" + where + ")"));
        tr.appendChild(th);
        shown.forEach(function (code) {
          state.years.forEach(function (year) {
            var row = (loaded[code] || {})[key + ":" + year];
            tr.appendChild(element("td", { className: "num" }, row ? row[4] : NO_DATA));
            if (row) {
              var value = row[3] === SUPPRESSED ? SUPPRESSED : (row[3] == null ? "" : String(row[3]).replace(".", ","));
              rows.push([code, byCode[code].name, byCode[code].unit, levelName[item.t], item.id, item.name, labels[year], value]);
            }
          });
        });
        body.appendChild(tr);
      });
      table.appendChild(body);
      holder.appendChild(table);
      var columns = shown.length * state.years.length;
      say("Таблица построена: " + state.objects.length + "\u00a0" + plural(state.objects.length, ["строка", "строки", "строк"]) +
        ", " + columns + "\u00a0" + plural(columns, ["столбец", "столбца", "столбцов"]) + " значений." + missingNote());
    }

    function missingNote() {
      if (missing <= 0) { return ""; }
      return " Не найдено объектов из ссылки: " + missing + "." +
        (unloaded.length ? " Не удалось загрузить список организаций и территорий — попробуйте обновить страницу." : "");
    }

    function download() {
      var text = "\ufeff" + rows.map(function (row) { return row.map(csvField).join(";"); }).join("\r\n") + "\r\n";
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
      link.download = "tablica.csv";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    }
  }

  function init() {
    document.querySelectorAll("[data-msoko-table-builder]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
