/* Progressive enhancement of the msoko site, served from the site itself (no CDN):
   - the switch to the version for the visually impaired, remembered in localStorage;
   - sorting (buttons in the column headers) and filtering (a text field) of tables marked data-msoko-table.
   Without JavaScript every table is complete and readable; nothing here is needed to read the data. */
(function () {
  "use strict";

  var LV_KEY = "msoko-lv";

  function setupSwitch() {
    var root = document.documentElement;
    var buttons = document.querySelectorAll("[data-msoko-lv]");
    function show() {
      var on = root.classList.contains("msoko-lv");
      buttons.forEach(function (button) {
        button.textContent = on ? "Обычная версия сайта" : "Версия для слабовидящих";
      });
    }
    buttons.forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = root.classList.toggle("msoko-lv");
        try { localStorage.setItem(LV_KEY, on ? "1" : "0"); } catch (e) { /* private mode: not remembered */ }
        show();
      });
    });
    show();
  }

  /* The value a cell sorts by: data-sort (a plain number) when given, its text otherwise. */
  function sortKey(cell) {
    if (!cell) { return { num: NaN, text: "" }; }
    var raw = cell.getAttribute("data-sort");
    var num = raw === null || raw === "" ? NaN : parseFloat(raw);
    return { num: num, text: cell.textContent.trim().toLowerCase() };
  }

  function compare(a, b) {
    var aNum = !isNaN(a.num), bNum = !isNaN(b.num);
    if (aNum && bNum) { return a.num - b.num; }
    if (aNum !== bNum) { return aNum ? -1 : 1; }  /* missing values last */
    return a.text.localeCompare(b.text, "ru");
  }

  var counter = 0;

  function setupTable(table) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var rows = Array.prototype.slice.call(body.rows);
    var status = document.createElement("p");
    status.className = "msoko-legend";
    status.setAttribute("role", "status");

    /* filter field */
    counter += 1;
    var id = "msoko-filter-" + counter;
    var label = table.getAttribute("data-msoko-filter-label") || "Найти в таблице";
    var wrapper = document.createElement("div");
    wrapper.className = "msoko-filter";
    var labelEl = document.createElement("label");
    labelEl.setAttribute("for", id);
    labelEl.textContent = label + ":";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.setAttribute("autocomplete", "off");
    wrapper.appendChild(labelEl);
    wrapper.appendChild(input);
    var anchor = table.closest(".msoko-table-wrap") || table;
    anchor.parentNode.insertBefore(wrapper, anchor);
    anchor.parentNode.insertBefore(status, anchor.nextSibling);

    input.addEventListener("input", function () {
      var query = input.value.replace(/\u00a0/g, " ").trim().toLowerCase(); /* «№ 1» finds «№\u00a01» */
      var shown = 0;
      rows.forEach(function (row) {
        var match = query === "" || row.textContent.replace(/\u00a0/g, " ").toLowerCase().indexOf(query) !== -1;
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      status.textContent = query === "" ? "" : "Найдено строк: " + shown + " из " + rows.length + ".";
    });

    /* sort buttons */
    var headers = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1].cells : [];
    Array.prototype.forEach.call(headers, function (th, column) {
      if (th.hasAttribute("data-nosort")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "msoko-sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keyed = rows.map(function (row, index) { return { row: row, key: sortKey(row.cells[column]), index: index }; });
        keyed.sort(function (a, b) {
          var order = compare(a.key, b.key);
          if (!ascending) { order = -order; }
          return order !== 0 ? order : a.index - b.index;
        });
        keyed.forEach(function (item) { body.appendChild(item.row); });
        status.textContent = "Таблица упорядочена по столбцу «" + button.textContent.trim() + "», " +
          (ascending ? "по возрастанию." : "по убыванию.");
      });
    });
  }

  function init() {
    setupSwitch();
    document.querySelectorAll("table[data-msoko-table]").forEach(setupTable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
