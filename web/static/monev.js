/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  /* Warn before leaving an assessment form with unsaved changes. */
  var form = document.getElementById("penilaian");
  if (!form) return;
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });
})();
