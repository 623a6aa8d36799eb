/* Lessico dei distretti: load the search index when the reader turns to search, not with every
   page. Material's bundle requests search/search_index.json (an XMLHttpRequest) as soon as a
   page opens, which made the index most of a first visit's weight. This script, loaded before
   the bundle, holds that one request until the search field gets focus or a pointer, a key
   that opens the search (/, s, f) is pressed, or the address asks for a search (?q=). Any other
   request passes untouched. Over file:// Material loads the index as a script: nothing held. */
(function () {
  "use strict";
  var INDEX = /(^|\/)search\/search_index\.json(\?|$)/;
  var released = false;
  var held = [];
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (job) { send.apply(job[0], job[1]); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.__lxIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__lxIndex && !released) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  if (/[?&]q=/.test(location.search)) release();
  function onSearchArea(event) {
    var t = event.target;
    if (t && t.closest && t.closest(".md-search, label[for='__search'], [data-md-component='search']")) release();
  }
  document.addEventListener("focusin", onSearchArea, true);
  document.addEventListener("pointerover", onSearchArea, true);
  document.addEventListener("pointerdown", onSearchArea, true);
  document.addEventListener("touchstart", onSearchArea, { capture: true, passive: true });
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (event.key === "/" || event.key === "s" || event.key === "f" || event.key === "S" || event.key === "F") release();
  }, true);
})();
