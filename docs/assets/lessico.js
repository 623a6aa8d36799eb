/* Lessico dei distretti: glossary filter, copy buttons, preview cards. No network, works over file://. */
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
        if (href.charAt(0) !== "#") return;  // another letter's page (the A-Z split by letter)
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


  /* Preview cards (lessico/cards.py): a term link (a.lx-term) or a citation link (a.lx-cite)
     carries what its card shows in data attributes; the card's words come once per page
     (#lx-card-ui). The card opens on hover and on keyboard focus; on a touch screen the first tap
     opens it (the link inside it follows, so does a second tap on the term) instead of leaving the
     page. Escape and a tap or click outside close it. One card, placed right after its link, so
     that Tab and a screen reader's reading order reach the link inside it; while it is open it is
     its link's description (aria-describedby). */
  var CARD_LINKS = "a.lx-term[data-lx-def], a.lx-cite[data-lx-ref]";
  var card = null, cardFor = null, showTimer = null, hideTimer = null, down = null, cardsReady = false, quiet = false;

  function words() {
    var el = document.getElementById("lx-card-ui");
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (err) { return null; }
  }

  function piece(tag, cls, text, lang) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text) el.textContent = text;
    if (lang) el.lang = lang;
    return el;
  }

  function fill(link, ui) {
    var d = link.dataset;
    card.textContent = "";
    var go;
    if (link.classList.contains("lx-term")) {
      var head = piece("span", "lx-card-term");
      head.appendChild(piece("strong", "", d.lxTerm || link.textContent));
      if (d.lxOther) {
        head.appendChild(document.createTextNode(" "));
        head.appendChild(piece("span", "lx-card-other", d.lxOther, d.lxOtherIn));
      }
      card.appendChild(head);
      card.appendChild(piece("span", "lx-card-def", d.lxDef));
      if (d.lxTheme) card.appendChild(piece("span", "lx-card-theme", d.lxTheme));
      go = ui.open;
    } else {
      card.appendChild(piece("span", "lx-card-ref", d.lxRef));
      go = ui.open_ref;
    }
    var line = piece("span", "lx-card-go");
    var a = piece("a", "", go);
    a.href = link.getAttribute("href");
    var arrow = piece("span", "", " \u2192");
    arrow.setAttribute("aria-hidden", "true");
    a.appendChild(arrow);
    line.appendChild(a);
    card.appendChild(line);
  }

  function place(link) {
    var margin = 8, gap = 6;
    // measured at the containing block's corner first: left where the link is, the card could
    // widen the page (a phone then zooms out) before it is moved
    card.style.left = "0px"; card.style.top = "0px";
    var view = document.documentElement;
    // a link broken over two lines: the card goes under its last line or over its first
    var rects = link.getClientRects();
    var first = rects[0] || link.getBoundingClientRect(), last = rects[rects.length - 1] || first;
    var width = card.offsetWidth, height = card.offsetHeight;
    var r = last, top = last.bottom + gap;
    var header = document.querySelector(".md-header");  // sticky: a card above the link stays below it
    var ceiling = (header ? Math.max(0, header.getBoundingClientRect().bottom) : 0) + margin;
    if (top + height > view.clientHeight - margin && first.top - gap - height >= ceiling) {
      r = first; top = first.top - gap - height;
    }
    var left = Math.max(margin, Math.min(r.left, view.clientWidth - width - margin));
    var origin = (card.offsetParent || document.body).getBoundingClientRect();
    card.style.left = (left - origin.left) + "px";
    card.style.top = (top - origin.top) + "px";
  }

  function openCard(link) {
    clearTimeout(showTimer); clearTimeout(hideTimer);
    var ui = words();
    if (!ui) return false;
    if (cardFor === link && !card.hidden) return true;
    closeCard();
    if (!card) {
      card = piece("span", "lx-card");
      card.id = "lx-card";
      card.setAttribute("role", "tooltip");
      card.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
      card.addEventListener("pointerleave", function (e) { if (e.pointerType === "mouse") laterClose(); });
      card.addEventListener("focusout", function (e) {
        if (!card.contains(e.relatedTarget) && e.relatedTarget !== cardFor) closeCard();
      });
    }
    fill(link, ui);
    link.insertAdjacentElement("afterend", card);
    card.hidden = false;
    cardFor = link;
    link.setAttribute("aria-describedby", "lx-card");
    place(link);
    return true;
  }

  function closeCard() {
    clearTimeout(showTimer); clearTimeout(hideTimer);
    if (!card || card.hidden) return;
    card.hidden = true;
    if (cardFor) cardFor.removeAttribute("aria-describedby");
    cardFor = null;
  }

  function laterClose() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      var active = document.activeElement;
      if (card && (card.contains(active) || active === cardFor || card.matches(":hover"))) return;
      closeCard();
    }, 300);
  }

  function cardLink(target) {
    var link = target && target.closest ? target.closest(CARD_LINKS) : null;
    // not inside the card, nor inside Material's footnote preview (a copy of the note, whose
    // scrolling box would cut a card off): the note's own citation links have theirs
    return link && !(card && card.contains(link)) && !link.closest(".md-tooltip2") ? link : null;
  }

  function setupCards() {
    if (cardsReady) return;
    cardsReady = true;
    document.addEventListener("pointerdown", function (e) {
      down = { type: e.pointerType, link: cardLink(e.target) };
      if (card && !card.hidden && !card.contains(e.target) && e.target !== cardFor &&
          !(cardFor && cardFor.contains(e.target))) closeCard();
    }, true);
    document.addEventListener("pointerover", function (e) {
      var link = cardLink(e.target);
      if (!link || e.pointerType !== "mouse") return;
      clearTimeout(hideTimer); clearTimeout(showTimer);
      showTimer = setTimeout(function () { openCard(link); }, 150);
    });
    document.addEventListener("pointerout", function (e) {
      var link = cardLink(e.target);
      if (!link || e.pointerType !== "mouse" || link.contains(e.relatedTarget)) return;
      clearTimeout(showTimer);
      if (cardFor === link) laterClose();
    });
    document.addEventListener("focusin", function (e) {
      var link = cardLink(e.target);
      if (!link || quiet) return;
      if (down && down.link === link && down.type !== "mouse") return;  // a tap: the click decides
      openCard(link);
    });
    document.addEventListener("focusout", function (e) {
      var link = cardLink(e.target);
      if (link && link === cardFor && !(card && card.contains(e.relatedTarget))) closeCard();
    });
    document.addEventListener("click", function (e) {
      var link = cardLink(e.target);
      var tap = down && down.type && down.type !== "mouse";
      down = null;
      if (!link || !tap) return;
      if (cardFor === link && !card.hidden) return;  // the second tap follows the link
      if (openCard(link)) e.preventDefault();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || !card || card.hidden) return;
      var back = card.contains(document.activeElement) ? cardFor : null;
      closeCard();
      if (back) { quiet = true; back.focus(); quiet = false; }
      e.stopPropagation();
    }, true);
    window.addEventListener("resize", function () { if (card && !card.hidden && cardFor) place(cardFor); });
  }

  function init() { setupFilter(); setupCopy(); setupCards(); }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
