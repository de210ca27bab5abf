// Kiosk mode: after a while without touch, mouse or keys, go back to the
// empty start page so the next visitor does not see the last search.
// location.replace, not assign, so the reset adds no history entry. A page
// shown before the last reset and reached again with Back goes to the start
// page too: the reset notes its time in the tab's sessionStorage, and each
// page the time it was shown in its history entry (htmx rewrites the state
// of the entry it leaves, so an entry without that time counts as old).
// Back within one visitor's own pages still works.
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-idle-seconds"), 10) || 90;
  var home = body.getAttribute("data-home") || "/";
  var KEY = "wijknet.kiosk.resetAt";
  var timer = null;

  function lastReset() {
    try {
      return Number(window.sessionStorage.getItem(KEY)) || 0;
    } catch (e) {
      return 0;
    }
  }
  function goHome() {
    try {
      window.sessionStorage.setItem(KEY, String(Date.now()));
    } catch (e) { /* private mode: the replace alone still resets */ }
    window.location.replace(home);
  }
  // On Back or Forward: is this a page of the previous visitor?
  function leftOver() {
    var reset = lastReset();
    var state = window.history.state;
    return reset > 0 && !(state && state.kioskShownAt > reset);
  }
  function stamp() {
    var state = window.history.state || {};
    if (!state.kioskShownAt) {
      window.history.replaceState(Object.assign({}, state, { kioskShownAt: Date.now() }), "");
    }
  }
  function reset() {
    window.clearTimeout(timer);
    timer = window.setTimeout(goHome, seconds * 1000);
  }

  var navigation = window.performance && window.performance.getEntriesByType
    ? window.performance.getEntriesByType("navigation")[0]
    : null;
  if (navigation && navigation.type === "back_forward" && leftOver()) {
    window.location.replace(home);
    return;
  }
  stamp();
  // htmx puts each search in the history; stamp those entries as well.
  document.addEventListener("htmx:pushedIntoHistory", stamp);
  // Also when the browser shows a page from its back/forward cache.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    if (leftOver()) {
      window.location.replace(home);
    } else {
      reset();
    }
  });
  ["pointerdown", "keydown", "touchstart", "wheel", "input"].forEach(function (name) {
    document.addEventListener(name, reset, { passive: true });
  });
  reset();
})();
