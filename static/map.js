// claimsmap map enhancements: zoom, pan, hover highlight and the timeline
// slider. The page works without this script; it only adds to it.
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

    // Touch: one finger scrolls the page (the stylesheet gives the map
    // touch-action: pan-x pan-y); two fingers pinch to zoom the map.
    var touches = {}, pinch = null;
    function touchList() { return Object.keys(touches).map(function (k) { return touches[k]; }); }
    function spread() {
      var t = touchList();
      return Math.hypot(t[0].x - t[1].x, t[0].y - t[1].y);
    }
    function untouch(evt) {
      delete touches[evt.pointerId];
      if (touchList().length < 2) pinch = null;
    }
    svg.addEventListener("pointerup", untouch);
    svg.addEventListener("pointercancel", untouch);

    var drag = null;
    svg.addEventListener("pointerdown", function (evt) {
      if (evt.pointerType === "touch") {
        touches[evt.pointerId] = { x: evt.clientX, y: evt.clientY };
        if (touchList().length === 2) pinch = spread();
        return;
      }
      drag = { x: evt.clientX, y: evt.clientY, vx: view.x, vy: view.y, moved: false };
    });
    svg.addEventListener("pointermove", function (evt) {
      if (evt.pointerType === "touch") {
        if (!(evt.pointerId in touches)) return;
        touches[evt.pointerId] = { x: evt.clientX, y: evt.clientY };
        if (pinch && touchList().length === 2) {
          var t = touchList(), d = spread();
          var mid = toMap({ clientX: (t[0].x + t[1].x) / 2, clientY: (t[0].y + t[1].y) / 2 });
          zoomAt(d / pinch, mid.x, mid.y);
          pinch = d;
          evt.preventDefault();
        }
        return;
      }
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

    // Keys, while the map or a region in it has the focus: + and − zoom,
    // the arrows pan, 0 goes back to the whole map.
    svg.addEventListener("keydown", function (evt) {
      if (evt.altKey || evt.ctrlKey || evt.metaKey) return;
      var step = 0.15;
      switch (evt.key) {
        case "+": case "=": zoomAt(1.5, view.x + view.w / 2, view.y + view.h / 2); break;
        case "-": case "_": zoomAt(1 / 1.5, view.x + view.w / 2, view.y + view.h / 2); break;
        case "0": view = Object.assign({}, home); apply(); break;
        case "ArrowLeft": view.x -= view.w * step; clamp(); apply(); break;
        case "ArrowRight": view.x += view.w * step; clamp(); apply(); break;
        case "ArrowUp": view.y -= view.h * step; clamp(); apply(); break;
        case "ArrowDown": view.y += view.h * step; clamp(); apply(); break;
        default: return;
      }
      evt.preventDefault();
    });
    var caption = svg.parentNode.querySelector("figcaption");
    if (caption) {
      var hint = document.createElement("p");
      hint.textContent = "Zoom with the buttons, the mouse wheel, two fingers or the keys + and − (0 to reset); drag or use the arrow keys to pan.";
      caption.appendChild(hint);
    }
  }

  function highlight(root) {
    function set(slug, on) {
      document.querySelectorAll('[data-region="' + slug + '"]').forEach(function (el) {
        el.classList.toggle("hover", on);
      });
    }
    root.querySelectorAll("[data-region]").forEach(function (el) {
      var slug = el.getAttribute("data-region");
      el.addEventListener("mouseenter", function () { set(slug, true); });
      el.addEventListener("mouseleave", function () { set(slug, false); });
      el.addEventListener("focusin", function () { set(slug, true); });
      el.addEventListener("focusout", function () { set(slug, false); });
    });
  }

  // A passage of an article lights up the regions it names on the map
  // beside it, while hovered or while a link in it has focus.
  function passages(root) {
    root.querySelectorAll(".passage[data-regions]").forEach(function (el) {
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
  function copyButtons(root) {
    if (!navigator.clipboard) return;
    root.querySelectorAll("[data-copy]").forEach(function (el) {
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

  // The timeline's links become a slider: moving it loads the page of that
  // snapshot in place, and the address follows (the back button returns).
  // Without script, or if loading fails, the links work as links.
  function timeline(root) {
    var nav = root.querySelector("nav.timeline");
    if (!nav || !window.fetch || !window.DOMParser || !window.history.pushState) return;
    var links = Array.prototype.slice.call(nav.querySelectorAll("a[data-date]"));
    if (links.length < 2) return;
    var cur = links.findIndex(function (a) { return a.getAttribute("aria-current") === "date"; });
    var input = document.createElement("input");
    input.type = "range";
    input.className = "timeline-slider";
    input.min = "0";
    input.max = String(links.length - 1);
    input.step = "1";
    input.value = String(cur < 0 ? links.length - 1 : cur);
    input.setAttribute("aria-label", "Date of control");
    function valueText() {
      input.setAttribute("aria-valuetext", links[+input.value].textContent.trim());
    }
    valueText();
    input.addEventListener("input", valueText);
    input.addEventListener("change", function () {
      go(links[+input.value].href, true, true);
    });
    nav.insertBefore(input, nav.querySelector(".timeline-list"));
  }

  var loading = null;
  function go(href, push, focusSlider) {
    if (loading) loading.abort();
    var ctl = loading = new AbortController();
    fetch(href, { signal: ctl.signal, headers: { Accept: "text/html" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var next = doc.querySelector("main");
      var main = document.querySelector("main");
      if (!next || !main) throw new Error("no main");
      main.replaceWith(document.importNode(next, true));
      document.title = doc.title;
      if (push) history.pushState({ claimsmap: true }, "", href);
      var fresh = document.querySelector("main");
      init(fresh);
      var slider = fresh.querySelector(".timeline-slider");
      if (focusSlider && slider) slider.focus();
    }).catch(function (err) {
      if (err.name !== "AbortError") window.location.href = href;
    });
  }
  window.addEventListener("popstate", function (evt) {
    if (evt.state && evt.state.claimsmap || document.querySelector("nav.timeline")) go(window.location.href, false, false);
  });
  if (window.history.replaceState) history.replaceState({ claimsmap: true }, "");

  function init(root) {
    root.querySelectorAll("svg.map-svg[data-zoomable]").forEach(zoomable);
    highlight(root);
    passages(root);
    copyButtons(root);
    timeline(root);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
