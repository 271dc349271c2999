/* Progressive enhancement of the msoko site, served from the site itself (no CDN):
   - the switch to the version for the visually impaired, remembered in localStorage;
   - sorting (buttons in the column headers) and filtering (a text field) of tables marked data-msoko-table;
   - a visible cue above a table wider than the screen, and the key columns of a time series in view.
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

  /* The columns a reader looks for first; when they close a table (years, then these), a table wider than the
     screen starts scrolled to them: the row headings stay in view (sticky), the earlier years are to the left. */
  var KEY_COLUMNS = /^(Муниципалитет|Изменение)/;

  function keyColumnsAtEnd(table) {
    var head = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1] : null;
    if (!head || head.cells.length < 3) { return false; }
    var last = head.cells[head.cells.length - 1].textContent.trim();
    return KEY_COLUMNS.test(last);
  }

  /* Material's own scrolling box around a Markdown table (the report's pages): when it scrolls it must take
     the keyboard focus and have a name, as the generated tables' wrappers do. */
  function focusable(wrap) {
    if (wrap.classList.contains("msoko-table-wrap") || wrap.hasAttribute("tabindex")) { return; }
    var before = wrap.closest(".md-typeset__table");
    var heading = before && before.previousElementSibling;
    var name = heading && heading.tagName === "P" ? heading.textContent.trim() : "";
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", name || "Таблица");
  }

  /* Where the key columns begin, less the sticky row headings: the latest year (the last column headed by a
     school year such as 2024/25). A table with years in its rows has its value first already: it stays put. */
  function keyColumnsStart(table) {
    var head = table.tHead.rows[table.tHead.rows.length - 1].cells;
    var start = -1;
    for (var i = 1; i < head.length; i += 1) {
      var text = head[i].textContent.trim();
      if (/^\d{4}\/\d{2}$/.test(text)) { start = i; }
    }
    if (start < 1) { return 0; }
    return Math.max(0, head[start].offsetLeft - head[0].offsetLeft - head[0].offsetWidth);
  }

  /* A caption is as wide as its table; in a table that scrolls its text is kept in the visible box (sticky,
     as wide as the box) so that it is never cut at the box's edge. */
  function pinCaption(table, wrap) {
    var caption = table.caption;
    if (!caption) { return; }
    var text = caption.querySelector(".msoko-caption-text");
    if (!text) {
      text = document.createElement("span");
      text.className = "msoko-caption-text";
      while (caption.firstChild) { text.appendChild(caption.firstChild); }
      caption.appendChild(text);
    }
    text.style.maxWidth = Math.max(120, wrap.clientWidth - 4) + "px";
  }

  function setupScroll(wrap) {
    var table = wrap.querySelector("table");
    if (!table) { return; }
    var cue = document.createElement("p");
    cue.className = "msoko-scroll-cue";
    cue.hidden = true;
    wrap.parentNode.insertBefore(cue, wrap);
    var started = false;
    function update() {
      var overflow = wrap.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("msoko-scrolls", overflow);
      cue.hidden = !overflow;
      if (!overflow) { return; }
      focusable(wrap);
      pinCaption(table, wrap);
      if (!started) {
        started = true;
        if (keyColumnsAtEnd(table)) { wrap.scrollLeft = keyColumnsStart(table); }
      }
      var atStart = wrap.scrollLeft <= 1;
      var atEnd = wrap.scrollLeft + wrap.clientWidth >= wrap.scrollWidth - 1;
      wrap.classList.toggle("msoko-more-left", !atStart);
      cue.textContent = atStart ? "Таблица шире экрана: прокрутите её вправо \u2192" :
        atEnd ? "\u2190 Таблица шире экрана: другие столбцы \u2014 левее" : "\u2190 Таблица прокручивается вбок \u2192";
    }
    wrap.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    update();
  }

  function init() {
    setupSwitch();
    document.querySelectorAll("table[data-msoko-table]").forEach(setupTable);
    document.querySelectorAll(".msoko-table-wrap, .md-typeset__scrollwrap").forEach(function (wrap) {
      if (!wrap.parentElement.closest(".msoko-table-wrap")) { setupScroll(wrap); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
