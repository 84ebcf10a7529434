// Writes today's date into the print-only footer of a case page, so a printed page says when
// it was printed. Runs locally; sends nothing anywhere.
(function () {
  "use strict";
  function stamp() {
    var text = new Date().toLocaleDateString("da-DK", { day: "numeric", month: "long", year: "numeric" });
    document.querySelectorAll("[data-print-date]").forEach(function (el) { el.textContent = text; });
  }
  window.addEventListener("beforeprint", stamp);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", stamp);
  } else {
    stamp();
  }
})();
