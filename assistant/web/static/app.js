// Keyboard shortcuts for the approval queue: j/k move, a approves, Enter opens.
// Loaded as a file (never inline) so the Content-Security-Policy can forbid inline script.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) {
      return;
    }
    var action = document.querySelector("[data-shortcut='" + event.key + "']");
    if (action) {
      event.preventDefault();
      if (action.tagName === "A") { window.location.href = action.href; } else { action.click(); }
    }
  });
})();
