/* The site search: a dialog over the Pagefind index the build writes into pagefind/ (generator/site_search.py).
   The engine (pagefind.js and its WebAssembly) is fetched on the first keystroke, and then only the index chunks
   a query needs: nothing large is downloaded with the page. Keyboard: the button or «/» opens the dialog, Esc
   closes it, the arrows move between the results. */
(function () {
  "use strict";

  var PAGE = 10;
  var DELAY = 120;

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
    return String(text || "").toLowerCase().replace(/ё/g, "е").replace(/^[^0-9a-zа-я]+|[^0-9a-zа-я]+$/g, "");
  }

  /* Pagefind also matches an indexed word that merely begins the query word (so that a stem finds its forms):
     for «абракадабра» that is the word «а». A result counts only when a word it matched shares at least three
     first letters (or the whole of a shorter query word) with a word of the query. */
  function genuine(data, words) {
    var text = (data.content || "").split(/\s+/);
    var matched = (data.locations || []).map(function (at) { return fold(text[at]); });
    if (matched.length === 0) { return true; }  /* a match in the title or metadata only */
    return matched.some(function (word) {
      return words.some(function (query) {
        var need = Math.min(3, query.length);
        return word.slice(0, need) === query.slice(0, need);
      });
    });
  }

  function setup(root) {
    var open = root.querySelector("[data-msoko-search-open]");
    var dialog = root.querySelector("[data-msoko-search-dialog]");
    var form = root.querySelector("[data-msoko-search-form]");
    var input = root.querySelector("#msoko-search-input");
    var status = root.querySelector("[data-msoko-search-status]");
    var list = root.querySelector("[data-msoko-search-results]");
    var more = root.querySelector("[data-msoko-search-more]");
    var close = root.querySelector("[data-msoko-search-close]");
    if (!open || !dialog || typeof dialog.showModal !== "function") { return; }
    var base = new URL((root.getAttribute("data-msoko-search-base") || ".") + "/", window.location.href);
    var engine = null;
    var sequence = 0;
    var timer = null;
    var found = [];
    var shown = 0;
    var dropped = 0;
    var words = [];

    function load() {
      if (!engine) {
        engine = import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
          return Promise.resolve(pagefind.options({ baseUrl: base.pathname, excerptLength: 24 })).then(function () {
            return pagefind;
          });
        });
        engine.catch(function () { engine = null; });
      }
      return engine;
    }

    function say(text, query) {
      status.textContent = text;
      status.setAttribute("data-query", query);
    }

    function item(data) {
      var li = document.createElement("li");
      li.className = "msoko-search__result";
      var a = document.createElement("a");
      a.href = data.url;
      var kind = document.createElement("span");
      kind.className = "msoko-search__kind";
      var meta = data.meta || {};
      kind.textContent = [meta.kind, meta.place].filter(Boolean).join(" · ");
      var title = document.createElement("span");
      title.className = "msoko-search__name";
      title.textContent = meta.title || data.url;
      var excerpt = document.createElement("span");
      excerpt.className = "msoko-search__excerpt";
      excerpt.innerHTML = data.excerpt;  /* Pagefind escapes the text and marks the matches with <mark> */
      a.appendChild(title);
      if (kind.textContent) { a.appendChild(kind); }
      a.appendChild(excerpt);
      li.appendChild(a);
      return li;
    }

    function showMore(mine) {
      var next = found.slice(shown, shown + PAGE);
      return Promise.all(next.map(function (result) { return result.data(); })).then(function (data) {
        if (mine !== sequence) { return; }
        data.forEach(function (one) {
          if (genuine(one, words)) { list.appendChild(item(one)); } else { dropped += 1; }
        });
        shown += next.length;
        more.hidden = shown >= found.length;
      });
    }

    function run() {
      var query = input.value.trim();
      var mine = ++sequence;
      if (query === "") {
        list.textContent = "";
        more.hidden = true;
        found = [];
        say("", "");
        return;
      }
      load().then(function (pagefind) {
        return pagefind.search(query);
      }).then(function (search) {
        if (mine !== sequence) { return; }
        list.textContent = "";
        found = (search && search.results) || [];
        shown = 0;
        dropped = 0;
        words = query.split(/\s+/).map(fold).filter(Boolean);
        return showMore(mine).then(function () {
          if (mine !== sequence) { return; }
          var count = found.length - dropped;
          if (list.children.length === 0) {
            more.hidden = true;
            say("Ничего не найдено по запросу «" + query + "». Проверьте написание или введите начало слова.", query);
            return;
          }
          say("Найдено: " + number(count) + " " + plural(count, "страница", "страницы", "страниц") + ".", query);
        });
      }).catch(function () {
        if (mine !== sequence) { return; }
        say("Поиск сейчас недоступен: не загрузился поисковый индекс сайта.", query);
      });
    }

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a"));
    }

    open.hidden = false;
    open.addEventListener("click", function () {
      dialog.showModal();
      input.focus();
      input.select();
    });
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { open.focus(); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) { dialog.close(); }  /* a click on the backdrop */
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, DELAY);
    });
    more.addEventListener("click", function () {
      var first = shown;
      showMore(sequence).then(function () {
        var all = links();
        if (all[first]) { all[first].focus(); }
      });
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
      var all = links();
      if (all.length === 0) { return; }
      var at = all.indexOf(document.activeElement);
      var next;
      if (event.key === "ArrowDown") {
        next = at === -1 ? 0 : Math.min(at + 1, all.length - 1);
      } else {
        if (at === -1) { return; }
        next = at - 1;
      }
      event.preventDefault();
      if (next < 0) { input.focus(); } else { all[next].focus(); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || dialog.open) { return; }
      var target = event.target;
      var tag = target && target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) { return; }
      event.preventDefault();
      open.click();
    });
  }

  function init() {
    document.querySelectorAll("[data-msoko-search]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
