// Kiosk mode: after a while without touch, mouse or keys, go back to the
// empty start page so the next visitor does not see the last search.
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-idle-seconds"), 10) || 90;
  var home = body.getAttribute("data-home") || "/";
  var timer = null;
  function reset() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { window.location.assign(home); }, seconds * 1000);
  }
  ["pointerdown", "keydown", "touchstart", "wheel", "input"].forEach(function (name) {
    document.addEventListener(name, reset, { passive: true });
  });
  reset();
})();
