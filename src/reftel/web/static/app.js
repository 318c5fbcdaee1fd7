// Keyboard shortcuts: "/" focuses search, j/k move through results, Enter opens, g a = actions.
(function () {
  "use strict";
  var pending = null;
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  function move(step) {
    var hits = Array.prototype.slice.call(document.querySelectorAll(".hit"));
    if (!hits.length) return;
    var at = hits.findIndex(function (h) { return h.classList.contains("current"); });
    var next = Math.min(Math.max(at + step, 0), hits.length - 1);
    if (at >= 0) hits[at].classList.remove("current");
    hits[next].classList.add("current");
    var link = hits[next].querySelector("a");
    if (link) link.focus();
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(document.activeElement)) return;
    if (e.key === "/") {
      var box = document.getElementById("q") || document.getElementById("quick-q");
      if (box) { e.preventDefault(); box.focus(); box.select(); }
    } else if (e.key === "j") { move(1); }
    else if (e.key === "k") { move(-1); }
    else if (pending === "g" && e.key === "a") { window.location.href = "/actions"; }
    else if (pending === "g" && e.key === "h") { window.location.href = "/"; }
    pending = e.key === "g" ? "g" : null;
  });
})();
