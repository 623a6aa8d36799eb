/* Lessico dei distretti: glossary filter and copy buttons. No network, works over file://. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2019\u2018]/g, "'").replace(/\s+/g, " ").trim();
  }

  // The glossary index's filter: each entry's labels (data-k, a JSON list: the term first, the
  // equivalent shown beside it last) are matched, case and accents folded; a hit on a label the
  // entry does not show says which ("— trovato come «…»"); the letter bar keeps as links only the
  // letters that still have a term shown.
  function setupFilter() {
    var input = document.getElementById("lx-filter-input");
    if (!input || input.dataset.ready) return;
    input.dataset.ready = "1";
    var status = document.getElementById("lx-filter-status");
    var entries = Array.prototype.slice.call(document.querySelectorAll("#lx-az li[data-k]")).map(function (li) {
      var labels = [];
      try { labels = JSON.parse(li.getAttribute("data-k")); } catch (err) { labels = []; }
      var other = li.querySelector(".lx-other");
      return { li: li, labels: labels, keys: labels.map(fold), note: li.querySelector(".lx-matched"),
               shown: [fold(li.querySelector("a").textContent), other ? fold(other.textContent) : null] };
    });
    var sections = Array.prototype.slice.call(document.querySelectorAll("#lx-az .lx-letter"));
    var jumps = Array.prototype.slice.call(document.querySelectorAll(".lx-letters a"));
    function matchedLabel(e, q) {
      var hit = -1;
      for (var i = 0; i < e.keys.length; i++) {
        if (e.keys[i].indexOf(q) !== -1) {
          if (e.shown.indexOf(e.keys[i]) !== -1) return "";  // the hit is on screen already
          if (hit < 0) hit = i;
        }
      }
      return hit < 0 ? null : e.labels[hit];
    }
    function apply() {
      var q = fold(input.value);
      var shown = 0;
      entries.forEach(function (e) {
        var label = q ? matchedLabel(e, q) : "";
        e.li.hidden = label === null;
        if (label === null) return;
        shown += 1;
        if (e.note) {
          e.note.textContent = label ? " " + status.dataset.matched.replace("{term}", label) : "";
          e.note.hidden = !label;
        }
      });
      sections.forEach(function (s) {
        s.hidden = !s.querySelector("li:not([hidden])");
      });
      jumps.forEach(function (a) {
        var href = a.getAttribute("href") || a.dataset.href;
        var target = document.getElementById(href.slice(1));
        var empty = !target || target.closest(".lx-letter").hidden;
        if (empty && a.hasAttribute("href")) { a.dataset.href = href; a.removeAttribute("href"); }
        if (!empty && !a.hasAttribute("href")) a.setAttribute("href", href);
      });
      if (!q) { status.textContent = ""; return; }
      status.textContent = shown === 1 ? status.dataset.countOne
        : shown ? status.dataset.count.replace("{n}", shown) : status.dataset.none;
    }
    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        var first = document.querySelector("#lx-az li:not([hidden]) a");
        if (first) { e.preventDefault(); first.focus(); }
      } else if (e.key === "Escape") {
        input.value = ""; apply();
      }
    });
    if (input.value) apply();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
      document.body.appendChild(area); area.select();
      try { document.execCommand("copy") ? resolve() : reject(); } catch (err) { reject(err); }
      document.body.removeChild(area);
    });
  }

  function setupCopy() {
    document.querySelectorAll("button.lx-copy").forEach(function (btn) {
      if (btn.dataset.ready) return;
      btn.dataset.ready = "1";
      var label = btn.textContent;
      btn.addEventListener("click", function () {
        var src = document.getElementById(btn.getAttribute("data-copy"));
        copyText(src.value).then(function () {
          btn.textContent = btn.getAttribute("data-done");
          setTimeout(function () { btn.textContent = label; }, 2000);
        });
      });
    });
  }

  function init() { setupFilter(); setupCopy(); }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
