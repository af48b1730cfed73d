// claimsmap embed: tells the page that frames it how tall the embed is, so
// that its host script can size the iframe. Without either script the
// iframe still shows the whole map at the height it was given.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function post() {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h === last) return;
    last = h;
    window.parent.postMessage({ type: "claimsmap:height", height: h, href: location.href }, "*");
  }
  window.addEventListener("message", function (evt) {
    if (evt.source === window.parent && evt.data && evt.data.type === "claimsmap:host") {
      document.documentElement.classList.add("host-sized");
    }
  });
  if ("ResizeObserver" in window) {
    new ResizeObserver(post).observe(document.documentElement);
  }
  window.addEventListener("load", post);
  window.addEventListener("resize", post);
  post();
})();
