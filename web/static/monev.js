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

/* Evidence upload with a progress bar; without JavaScript the form posts
 * normally. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-upload]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.FormData || !window.XMLHttpRequest) return;
      e.preventDefault();
      var bar = form.querySelector("progress");
      var status = form.querySelector(".upload-status");
      var button = form.querySelector("button[type=submit]");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", function (ev) {
        if (!ev.lengthComputable) return;
        bar.hidden = false;
        bar.value = Math.round(ev.loaded * 100 / ev.total);
        status.textContent = bar.value + "%";
      });
      xhr.addEventListener("load", function () {
        if (xhr.status >= 200 && xhr.status < 400) {
          window.location.href = xhr.responseURL || window.location.href;
        } else {
          var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
          var msg = doc.querySelector(".error");
          var plain = (xhr.getResponseHeader("Content-Type") || "").indexOf("text/plain") === 0;
          status.textContent = msg ? msg.textContent
            : (plain && xhr.responseText.trim() ? xhr.responseText.trim().slice(0, 300)
               : "HTTP " + xhr.status);
          status.className = "upload-status error";
          bar.hidden = true;
          button.disabled = false;
        }
      });
      xhr.addEventListener("error", function () {
        status.textContent = form.getAttribute("data-error") || "Unggahan gagal. Periksa koneksi lalu coba lagi.";
        button.disabled = false;
      });
      button.disabled = true;
      bar.hidden = false;
      xhr.send(new FormData(form));
    });
  });
})();

/* What-if: recompute on the server as levels change (the form still works
 * with a submit button without JavaScript). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-whatif-form]");
  if (!form || !window.fetch) return;
  var timer = null;
  /* the server's JSON has dot decimals; an Indonesian page shows "3,05" */
  var id = document.documentElement.lang === "id";
  function loc(v) { return v && id ? String(v).replace(".", ",") : v; }
  function update() {
    var q = new URLSearchParams(new FormData(form));
    q.set("json", "1");
    fetch(form.action + "?" + q.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) return;
        var idx = document.querySelector("[data-whatif=index]");
        var pred = document.querySelector("[data-whatif=predicate]");
        var delta = document.querySelector("[data-whatif=delta]");
        var now = document.querySelector("[data-whatif-now]");
        if (idx) idx.textContent = loc(d.index) || "–";
        if (pred) pred.textContent = d.predicate || "";
        if (delta && now && d.index) { /* in hundredths, as the server prints it */
          var h = Math.round(parseFloat(d.index) * 100) -
                  Math.round(parseFloat(now.getAttribute("data-whatif-now").replace(",", ".")) * 100);
          delta.textContent = (h < 0 ? "-" : "+") + loc((Math.abs(h) / 100).toFixed(2));
        }
        (d.aspects || []).forEach(function (a) {
          var el = document.querySelector('[data-whatif-aspect="' + a.code + '"]');
          if (el) el.textContent = loc(a.index) || "–";
        });
      });
  }
  form.addEventListener("change", function (e) {
    var row = e.target.closest("tr");
    if (row) row.classList.toggle("changed", e.target.value !== e.target.getAttribute("data-now"));
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
})();

/* Wide tables (issue 9, point 16): the "geser" hint before a .table-scroll
 * shows only while its table is wider than the screen. */
(function () {
  function check() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      var hint = box.previousElementSibling;
      if (hint && hint.classList.contains("scroll-hint"))
        hint.classList.toggle("fits", box.scrollWidth <= box.clientWidth + 1);
    });
  }
  window.addEventListener("resize", check);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", check);
  else check();
})();

/* Copy buttons beside full hashes (shown only with JavaScript). */
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(b.getAttribute("data-copy")).then(function () {
        b.textContent = b.textContent.replace(/\s*✓$/, "") + " ✓";
      }, function () {});
    });
  });
})();
