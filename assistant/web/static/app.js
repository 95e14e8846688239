// Keyboard shortcuts: j/k move through a list, Enter opens, a approves; any element with a
// `data-shortcut` attribute is triggered by that key. Inside a list (`data-rows`), the
// shortcut is looked up in the selected row first, so "a" approves the row you are on.
// Loaded as a file (never inline) so the Content-Security-Policy can forbid inline script.
(function () {
  "use strict";

  function rows() {
    var list = document.querySelector("[data-rows]");
    return list ? Array.prototype.slice.call(list.querySelectorAll("tr[data-id]")) : [];
  }

  function selected() {
    return document.querySelector("tr[data-id].selected");
  }

  function select(row) {
    var current = selected();
    if (current) { current.classList.remove("selected"); current.removeAttribute("aria-selected"); }
    if (row) {
      row.classList.add("selected");
      row.setAttribute("aria-selected", "true");
      row.scrollIntoView({ block: "nearest" });
    }
  }

  function move(step) {
    var all = rows();
    if (!all.length) { return false; }
    var index = all.indexOf(selected());
    var next = index < 0 ? 0 : Math.min(all.length - 1, Math.max(0, index + step));
    select(all[next]);
    return true;
  }

  // After an inline decision htmx swaps the row for a "decided" row (no data-id): keep the
  // cursor at the same place, which is now the next pending row.
  var cursor = -1;
  document.addEventListener("htmx:beforeRequest", function () { cursor = rows().indexOf(selected()); });
  document.addEventListener("htmx:afterSwap", function () {
    var all = rows();
    if (!selected() && all.length) { select(all[Math.min(Math.max(cursor, 0), all.length - 1)]); }
  });

  function trigger(action) {
    if (action.tagName === "A") { window.location.href = action.href; } else { action.click(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var all = rows();
    if (all.length) { select(all[0]); }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" ||
                   target.isContentEditable)) {
      return;
    }
    if (event.key === "j" || event.key === "k") {
      if (move(event.key === "j" ? 1 : -1)) { event.preventDefault(); }
      return;
    }
    var row = selected();
    var selector = "[data-shortcut='" + event.key + "']";
    var action = (row && row.querySelector(selector)) || document.querySelector(selector);
    if (action && !(row === null && action.closest("tr[data-id]"))) {
      event.preventDefault();
      trigger(action);
    }
  });
})();
