// claimsmap map enhancements: zoom, pan and hover highlight. The page works
// without this script; it only adds to it.
(function () {
  "use strict";

  function zoomable(svg) {
    var vb = svg.viewBox.baseVal;
    var home = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    var view = Object.assign({}, home);
    var g = svg.querySelector(".viewport");
    if (!g) return;

    function apply() {
      var k = home.w / view.w;
      g.setAttribute("transform",
        "translate(" + (-(view.x - home.x) * k) + " " + (-(view.y - home.y) * k) + ") scale(" + k + ")");
    }
    function clamp() {
      view.w = Math.min(home.w, Math.max(home.w / 12, view.w));
      view.h = view.w * home.h / home.w;
      view.x = Math.min(home.x + home.w - view.w, Math.max(home.x, view.x));
      view.y = Math.min(home.y + home.h - view.h, Math.max(home.y, view.y));
    }
    function zoomAt(f, cx, cy) {
      var nw = view.w / f;
      view.x = cx - (cx - view.x) * nw / view.w;
      view.y = cy - (cy - view.y) * nw / view.w;
      view.w = nw;
      clamp();
      apply();
    }
    function toMap(evt) {
      var r = svg.getBoundingClientRect();
      return {
        x: view.x + (evt.clientX - r.left) / r.width * view.w,
        y: view.y + (evt.clientY - r.top) / r.height * view.h
      };
    }
    svg.addEventListener("wheel", function (evt) {
      evt.preventDefault();
      var p = toMap(evt);
      zoomAt(evt.deltaY < 0 ? 1.25 : 0.8, p.x, p.y);
    }, { passive: false });

    var drag = null;
    svg.addEventListener("pointerdown", function (evt) {
      drag = { x: evt.clientX, y: evt.clientY, vx: view.x, vy: view.y, moved: false };
    });
    svg.addEventListener("pointermove", function (evt) {
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      var dx = evt.clientX - drag.x, dy = evt.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) {
        drag.moved = true;
        svg.setPointerCapture(evt.pointerId);
      }
      view.x = drag.vx - dx / r.width * view.w;
      view.y = drag.vy - dy / r.height * view.h;
      clamp();
      apply();
    });
    function end() { setTimeout(function () { drag = null; }, 0); }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    // A drag that ends on a region must not follow its link.
    svg.addEventListener("click", function (evt) {
      if (drag && drag.moved) evt.preventDefault();
    }, true);

    var controls = document.createElement("div");
    controls.className = "map-controls";
    [["+", "Zoom in", function () { zoomAt(1.5, view.x + view.w / 2, view.y + view.h / 2); }],
     ["−", "Zoom out", function () { zoomAt(1 / 1.5, view.x + view.w / 2, view.y + view.h / 2); }],
     ["⟲", "Reset view", function () { view = Object.assign({}, home); apply(); }]
    ].forEach(function (b) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = b[0];
      btn.setAttribute("aria-label", b[1]);
      btn.title = b[1];
      btn.addEventListener("click", b[2]);
      controls.appendChild(btn);
    });
    svg.parentNode.appendChild(controls);
    var caption = svg.parentNode.querySelector("figcaption");
    if (caption) {
      var hint = document.createElement("p");
      hint.textContent = "Zoom with the buttons, the mouse wheel or a pinch; drag to pan.";
      caption.appendChild(hint);
    }
  }

  function highlight() {
    function set(slug, on) {
      document.querySelectorAll('[data-region="' + slug + '"]').forEach(function (el) {
        el.classList.toggle("hover", on);
      });
    }
    document.querySelectorAll("[data-region]").forEach(function (el) {
      var slug = el.getAttribute("data-region");
      el.addEventListener("mouseenter", function () { set(slug, true); });
      el.addEventListener("mouseleave", function () { set(slug, false); });
      el.addEventListener("focusin", function () { set(slug, true); });
      el.addEventListener("focusout", function () { set(slug, false); });
    });
  }

  // A passage of an article lights up the regions it names on the map
  // beside it, while hovered or while a link in it has focus.
  function passages() {
    document.querySelectorAll(".passage[data-regions]").forEach(function (el) {
      var slugs = el.getAttribute("data-regions").split(" ").filter(Boolean);
      if (!slugs.length) return;
      function set(on) {
        el.classList.toggle("hover", on);
        slugs.forEach(function (slug) {
          document.querySelectorAll('svg a.region[data-region="' + slug + '"]').forEach(function (r) {
            r.classList.toggle("hover", on);
          });
        });
      }
      el.addEventListener("mouseenter", function () { set(true); });
      el.addEventListener("mouseleave", function () { set(false); });
      el.addEventListener("focusin", function () { set(true); });
      el.addEventListener("focusout", function () { set(false); });
    });
  }

  // Copy buttons for the share panel's snippets.
  function copyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll("[data-copy]").forEach(function (el) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "copy";
      btn.textContent = "Copy";
      btn.setAttribute("aria-label", "Copy " + (el.labels && el.labels[0] ? el.labels[0].textContent : "the code"));
      btn.addEventListener("click", function () {
        navigator.clipboard.writeText(el.value).then(function () {
          btn.textContent = "Copied";
          setTimeout(function () { btn.textContent = "Copy"; }, 1500);
        });
      });
      el.insertAdjacentElement("afterend", btn);
    });
  }

  function init() {
    document.querySelectorAll("svg.map-svg[data-zoomable]").forEach(zoomable);
    highlight();
    passages();
    copyButtons();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
