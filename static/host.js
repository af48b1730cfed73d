// claimsmap host script: include it once on a page that frames claimsmap
// embeds, and each iframe takes the height its embed reports. It trusts
// only messages from the iframe itself, at the iframe's own origin.
(function () {
  "use strict";
  if (window.__claimsmapHost) return;
  window.__claimsmapHost = true;
  window.addEventListener("message", function (evt) {
    var d = evt.data;
    if (!d || d.type !== "claimsmap:height" || typeof d.height !== "number") return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.contentWindow !== evt.source) continue;
      try {
        if (new URL(f.src, location.href).origin !== evt.origin) return;
      } catch (e) {
        return;
      }
      var h = Math.max(150, Math.min(5000, Math.round(d.height)));
      f.style.height = h + "px";
      f.setAttribute("height", String(h));
      if (!f.__claimsmapSized) {
        // Tell the embed its height now follows its content, so that it
        // stops fitting the map into the frame's first height.
        f.__claimsmapSized = true;
        evt.source.postMessage({ type: "claimsmap:host" }, evt.origin);
      }
      return;
    }
  });
})();
