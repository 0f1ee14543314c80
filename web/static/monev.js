/* Progressive enhancement only: every page works without this file. */

/* ---- Keeping what was typed (issue 9) ------------------------------------
 * The assessment form saves itself as a draft while the person types
 * (debounced, to POST <form>/draf, the same guarded write as "Simpan
 * draf"), says "Tersimpan otomatis 14.05", and when the server cannot take
 * it (no level chosen yet, session ended, offline) keeps a copy in this
 * browser's localStorage, says so, and puts it back into the form on the
 * next visit.  Uploading evidence posts the typed texts with the files
 * (the server saves them as the draft), so nothing asks to leave the page. */
(function () {
  "use strict";
  var form = document.getElementById("penilaian");
  if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) return;
  var statusEl = form.querySelector("[data-autosave-status]");
  var key = "monev-draf:" + window.location.pathname;
  /* every save is a change on record (the audit trail): one after the
   * typing pauses, and at most one every MIN_GAP ms */
  var IDLE = 2000, MIN_GAP = 15000;
  var timer = null, lastSent = null, lastAt = 0, submitting = false;
  function msg(name, fallback) {
    return (statusEl && statusEl.getAttribute("data-msg-" + name)) || fallback;
  }
  /* kind: "bad" (not saved), "warn" (check this), else a quiet note */
  function say(text, kind) {
    if (!statusEl) return;
    statusEl.textContent = text;
    statusEl.className = "autosave-status small " +
      (kind === "bad" || kind === true ? "error" : kind === "warn" ? "warn" : "muted");
  }
  function snapshot() {
    var lv = form.querySelector("input[name=level]:checked");
    return { level: lv ? lv.value : "", fakta: form.elements.fakta.value,
             analisis: form.elements.analisis.value };
  }
  function keepLocal(s) {
    try {
      window.localStorage.setItem(key, JSON.stringify({ level: s.level, fakta: s.fakta,
                                                        analisis: s.analisis, at: Date.now() }));
      return true;
    } catch (e) { return false; }
  }
  function dropLocal() {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }
  function failed(text, s) {
    say(text + " " + (keepLocal(s) ? msg("local", "Salinan disimpan di peramban ini.")
                                   : msg("nolocal", "Salin teks Anda sebelum meninggalkan halaman.")), true);
    return false;
  }
  function save() {
    var s = snapshot(), sig = JSON.stringify(s);
    if (sig === lastSent) return Promise.resolve(true);
    if (!s.level) return Promise.resolve(failed(msg("nolevel", "Belum tersimpan di server: pilih tingkat dulu."), s));
    var body = new URLSearchParams();
    body.set("csrf", form.elements.csrf.value);
    body.set("level", s.level);
    body.set("fakta", s.fakta);
    body.set("analisis", s.analisis);
    say(msg("saving", "Menyimpan…"), false);
    return fetch(form.getAttribute("action") + "/draf", {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "Accept": "application/json" }
    }).then(function (r) {
      return r.json().then(function (d) { return { ok: r.ok, d: d || {} }; },
                           function () { return { ok: false, d: {} }; });
    }).then(function (res) {
      if (res.ok && res.d.saved) {
        lastSent = sig;
        lastAt = Date.now();
        dropLocal();
        say(res.d.message, false);
        return true;
      }
      return failed(res.d.error || msg("failed", "Draf belum tersimpan di server."), s);
    }, function () {
      return failed(msg("offline", "Server tidak terjangkau; draf belum tersimpan."), s);
    });
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(save, Math.max(IDLE, lastAt + MIN_GAP - Date.now()));
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", function (e) {
    clearTimeout(timer);
    submitting = true;
    if (!e.submitter || !e.submitter.hasAttribute("data-upload-button")) dropLocal();
  });
  /* leaving with changes the server has not got yet: a copy stays here */
  window.addEventListener("pagehide", function () {
    var s = snapshot();
    if (!submitting && JSON.stringify(s) !== lastSent) keepLocal(s);
  });
  lastSent = JSON.stringify(snapshot()); /* what the server has */
  /* A copy this browser kept (a save that failed): back into the form. */
  try {
    var kept = JSON.parse(window.localStorage.getItem(key) || "null");
    var now = snapshot();
    if (kept && (kept.fakta !== now.fakta || kept.analisis !== now.analisis ||
                 (kept.level && kept.level !== now.level))) {
      form.elements.fakta.value = kept.fakta || "";
      form.elements.analisis.value = kept.analisis || "";
      var radio = kept.level && form.querySelector('input[name=level][value="' + kept.level + '"]');
      if (radio) radio.checked = true;
      say(msg("restored", "Teks dari peramban ini dipulihkan; periksa lalu simpan."), "warn");
    }
  } catch (e) { /* no storage: nothing to restore */ }
  window.monevAutosave = save;
})();

/* Evidence upload with a progress bar; without JavaScript the form posts
 * normally.  On the indicator page the upload button belongs to the
 * assessment form (data-upload-button): the typed texts go with it. */
(function () {
  "use strict";
  function upload(box, action, data, button) {
    var bar = box.querySelector("progress");
    var status = box.querySelector(".upload-status");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", action);
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
        var msg = doc.querySelector(".field-error") || doc.querySelector(".error");
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
      status.textContent = box.getAttribute("data-error") || "Unggahan gagal. Periksa koneksi lalu coba lagi.";
      button.disabled = false;
    });
    button.disabled = true;
    bar.hidden = false;
    xhr.send(data);
  }
  if (!window.FormData || !window.XMLHttpRequest) return;
  var forms = document.querySelectorAll("form[data-upload]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      upload(form, form.action, new FormData(form), form.querySelector("button[type=submit]"));
    });
  });
  var assess = document.getElementById("penilaian");
  if (!assess) return;
  assess.addEventListener("submit", function (e) {
    var button = e.submitter;
    if (!button || !button.hasAttribute("data-upload-button")) return;
    e.preventDefault();
    var box = button.closest("form[data-upload]") || assess;
    var fileInput = document.getElementById("file");
    if (fileInput && fileInput.files.length === 0) {
      var st = box.querySelector(".upload-status");
      st.textContent = fileInput.getAttribute("data-msg-empty") || "Pilih berkas bukti untuk diunggah.";
      st.className = "upload-status error";
      return;
    }
    var go = function () {
      var data = new FormData(assess);
      data.append("dari_js", "1");
      upload(box, button.formAction, data, button);
    };
    /* keeps a copy when the texts cannot be saved with the upload (no
     * level yet): they come back after the page reloads */
    (window.monevAutosave ? window.monevAutosave() : Promise.resolve()).then(go, go);
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
