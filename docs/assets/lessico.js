/* Lessico dei distretti: glossary filter and copy buttons. No network, works over file://. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2019\u2018]/g, "'").replace(/\s+/g, " ").trim();
  }

  function setupFilter() {
    var input = document.getElementById("lx-filter-input");
    if (!input || input.dataset.ready) return;
    input.dataset.ready = "1";
    var status = document.getElementById("lx-filter-status");
    var items = Array.prototype.slice.call(document.querySelectorAll("#lx-az li[data-k]"));
    var sections = Array.prototype.slice.call(document.querySelectorAll("#lx-az .lx-letter"));
    function apply() {
      var q = fold(input.value);
      var shown = 0;
      items.forEach(function (li) {
        var ok = !q || li.getAttribute("data-k").indexOf(q) !== -1;
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      sections.forEach(function (s) {
        s.hidden = !s.querySelector("li:not([hidden])");
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
