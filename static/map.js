// claimsmap map enhancements: zoom, pan, hover highlight and the timeline
// slider. The page works without this script; it only adds to it.
(function () {
  "use strict";

  // Zoom levels are powers of the square root of two, as the server
  // draws them (cartography.QuantizeZoom), from 1 (the whole map) to 32.
  var MAX_ZOOM = 32;
  // Four corners: no font need have a full-screen glyph.
  var FULLSCREEN_ICON = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="currentColor" stroke-width="2"/></svg>';
  function quantize(z) {
    if (!(z > 1)) return 1;
    var k = Math.round(Math.log(z) / Math.log(Math.SQRT2));
    return Math.min(MAX_ZOOM, Math.round(Math.pow(Math.SQRT2, k) * 1e4) / 1e4);
  }

  // The inverse of the maps' Albers projection (geo.Albers.Inverse), with
  // the constants the server gives in data-albers.
  function inverse(k, x, y) {
    var lon0 = k[0], n = k[1], c = k[2], rho0 = k[3], R = k[4];
    var yy = rho0 - y, rho = Math.hypot(x, yy);
    if (n < 0) { rho = -rho; x = -x; yy = -yy; }
    var theta = Math.atan2(x, yy);
    var q = rho * n / R;
    var s = Math.max(-1, Math.min(1, (c - q * q) / (2 * n)));
    return [lon0 + theta / n * 180 / Math.PI, Math.asin(s) * 180 / Math.PI];
  }
  function nums(s) { return (s || "").split(" ").map(Number); }

  // The view in the address: #view=ZOOM/LAT/LON, as web maps commonly put it.
  function hashView() {
    var m = /(?:^#|&)view=([\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)/.exec(window.location.hash);
    if (!m) return null;
    return { zoom: quantize(+m[1]), lat: +m[2], lon: +m[3] };
  }

  function zoomable(svg) {
    var vb = svg.viewBox.baseVal;
    var home = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    var view = Object.assign({}, home);
    // A map the server draws views of (data-map) is redrawn for each
    // view it settles on, with labels, towns and scale bar for that
    // scale; another is zoomed as a picture.
    var served = svg.hasAttribute("data-map") && window.fetch && window.DOMParser;
    var base = { zoom: +svg.getAttribute("data-zoom") || 1 };

    function g() { return svg.querySelector(".viewport"); }
    function apply() {
      var k = home.w / view.w;
      var vp = g();
      if (!vp) return;
      vp.setAttribute("transform",
        "translate(" + (-(view.x - home.x) * k) + " " + (-(view.y - home.y) * k) + ") scale(" + k + ")");
    }
    function clamp() {
      if (served) {
        // Any view from the whole map to the closest: ground beyond the
        // drawn view comes with the next one.
        view.w = Math.min(home.w * base.zoom, Math.max(home.w * base.zoom / MAX_ZOOM, view.w));
      } else {
        view.w = Math.min(home.w, Math.max(home.w / 12, view.w));
      }
      view.h = view.w * home.h / home.w;
      if (!served) {
        view.x = Math.min(home.x + home.w - view.w, Math.max(home.x, view.x));
        view.y = Math.min(home.y + home.h - view.h, Math.max(home.y, view.y));
      }
    }
    var timer = null, loading = null;
    function changed() {
      clamp();
      apply();
      if (!served) return;
      clearTimeout(timer);
      timer = setTimeout(settle, 300);
    }
    // settle asks the server for the view the reader has arrived at.
    function settle() {
      var o = nums(svg.getAttribute("data-view"));
      var px = view.x + view.w / 2, py = view.y + view.h / 2;
      var ll = inverse(nums(svg.getAttribute("data-albers")), o[0] + px / o[2], o[1] - py / o[2]);
      var zoom = quantize(base.zoom * home.w / view.w);
      load({ zoom: zoom, lon: ll[0], lat: ll[1] }, true);
    }
    function load(v, push) {
      if (loading) loading.abort();
      var ctl = loading = new AbortController();
      var q = "zoom=" + v.zoom + "&date=" + encodeURIComponent(svg.getAttribute("data-date")) +
        "&id=" + encodeURIComponent(svg.closest("figure").id);
      if (v.zoom > 1) q += "&center=" + v.lon.toFixed(4) + "," + v.lat.toFixed(4);
      fetch("/views/" + svg.getAttribute("data-map") + ".svg?" + q, { signal: ctl.signal }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      }).then(function (text) {
        var doc = new DOMParser().parseFromString(text, "image/svg+xml");
        var next = doc.documentElement;
        if (!next || next.nodeName !== "svg") throw new Error("not a view");
        // The region that had the focus keeps it across the redraw, so
        // that + and the arrows go on working from the keyboard.
        var focused = svg.contains(document.activeElement) && document.activeElement.closest ? document.activeElement.closest("a") : null;
        var href = focused && (focused.getAttribute("href") || focused.getAttribute("xlink:href"));
        while (svg.firstChild) svg.removeChild(svg.firstChild);
        Array.prototype.forEach.call(next.childNodes, function (n) { svg.appendChild(document.importNode(n, true)); });
        if (href) {
          var again = Array.prototype.find.call(svg.querySelectorAll("a"), function (a) {
            return (a.getAttribute("href") || a.getAttribute("xlink:href")) === href;
          });
          if (again) again.focus({ preventScroll: true });
        }
        ["data-zoom", "data-center", "data-view"].forEach(function (a) { svg.setAttribute(a, next.getAttribute(a)); });
        base.zoom = +next.getAttribute("data-zoom") || 1;
        view = Object.assign({}, home);
        apply();
        highlight(svg);
        untitle(svg);
        var c = nums(next.getAttribute("data-center"));
        var h = base.zoom > 1 ? "#view=" + base.zoom.toFixed(2).replace(/\.?0+$/, "") + "/" + c[1].toFixed(4) + "/" + c[0].toFixed(4) : "";
        var url = window.location.pathname + window.location.search + h;
        if (push && url !== window.location.pathname + window.location.search + window.location.hash) {
          history.pushState({ claimsmap: true, view: true }, "", url || window.location.pathname);
        }
      }).catch(function (err) {
        // The picture stays zoomed as it is; the next view may load.
      });
    }
    if (served) {
      svg.claimsmapView = function () {
        var v = hashView();
        if (v) load(v, false);
        else if (base.zoom !== 1) load({ zoom: 1 }, false);
      };
    }
    function zoomAt(f, cx, cy) {
      var nw = view.w / f;
      view.x = cx - (cx - view.x) * nw / view.w;
      view.y = cy - (cy - view.y) * nw / view.w;
      view.w = nw;
      changed();
    }
    function reset() {
      if (served) {
        view.w = home.w * base.zoom;
        view.x = home.x - (view.w - home.w) / 2;
        view.y = home.y - (view.w * home.h / home.w - home.h) / 2;
        clamp();
        apply();
        load({ zoom: 1 }, true);
        return;
      }
      view = Object.assign({}, home);
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
      if (!drag.moved) return;
      view.x = drag.vx - dx / r.width * view.w;
      view.y = drag.vy - dy / r.height * view.h;
      changed();
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
    [["+", "Zoom in", function () { zoomAt(2, view.x + view.w / 2, view.y + view.h / 2); }],
     ["−", "Zoom out", function () { zoomAt(1 / 2, view.x + view.w / 2, view.y + view.h / 2); }],
     ["⟲", "Reset view", reset]
    ].concat(document.fullscreenEnabled && svg.closest("figure") ? [[FULLSCREEN_ICON, "Full screen", function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else svg.closest("figure").requestFullscreen();
    }]] : []).forEach(function (b) {
      var btn = document.createElement("button");
      btn.type = "button";
      if (b[0] === FULLSCREEN_ICON) btn.innerHTML = b[0];
      else btn.textContent = b[0];
      btn.setAttribute("aria-label", b[1]);
      btn.title = b[1];
      btn.addEventListener("click", b[2]);
      controls.appendChild(btn);
    });
    // Right after the map: on a phone they sit in a row under it.
    svg.parentNode.insertBefore(controls, svg.nextSibling);

    // Keys, while the map or a region in it has the focus: + and − zoom,
    // the arrows pan, 0 goes back to the whole map.
    svg.addEventListener("keydown", function (evt) {
      if (evt.altKey || evt.ctrlKey || evt.metaKey) return;
      var step = 0.15;
      switch (evt.key) {
        case "+": case "=": zoomAt(2, view.x + view.w / 2, view.y + view.h / 2); break;
        case "-": case "_": zoomAt(1 / 2, view.x + view.w / 2, view.y + view.h / 2); break;
        case "0": reset(); break;
        case "ArrowLeft": view.x -= view.w * step; changed(); break;
        case "ArrowRight": view.x += view.w * step; changed(); break;
        case "ArrowUp": view.y -= view.h * step; changed(); break;
        case "ArrowDown": view.y += view.h * step; changed(); break;
        default: return;
      }
      evt.preventDefault();
    });
    var caption = svg.parentNode.querySelector("figcaption");
    if (caption) {
      var hint = document.createElement("p");
      hint.textContent = served ?
        "Zoom with the buttons, the mouse wheel, two fingers or the keys + and − (0 to reset); drag or use the arrow keys to pan. Towns appear as you zoom in; the address keeps the view." :
        "Zoom with the buttons, the mouse wheel, two fingers or the keys + and − (0 to reset); drag or use the arrow keys to pan.";
      caption.appendChild(hint);
    }
    if (served && hashView()) svg.claimsmapView();
  }

  // A tooltip for the map's regions and places, on hover and on keyboard
  // focus, with the figures their accessible names carry; Escape hides it.
  // It stands in for the SVG titles, which show on hover only and late.
  var tip = null, tipFocus = null;
  // placeAt shows the tooltip of a focused element beside it.
  function placeAt(el) {
    var r = el.getBoundingClientRect();
    tipFocus = el;
    showTip(el, r.left + r.width / 2, r.top + r.height / 2);
  }
  function showTip(el, x, y) {
    var label = el.getAttribute("aria-label");
    if (!label) return;
    tip.textContent = label;
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.max(4, Math.min(window.innerWidth - w - 4, x + 12)) + "px";
    tip.style.top = (y + 16 + h > window.innerHeight ? y - h - 12 : y + 16) + "px";
  }
  function tooltips(svg) {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "map-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
      document.addEventListener("keydown", function (evt) {
        if (evt.key === "Escape") {
          tipFocus = null;
          tip.hidden = true;
        }
      });
      // Scrolling moves a tooltip of the focused element with it (Tab
      // scrolls it into view) and hides one of the pointer's.
      window.addEventListener("scroll", function () {
        if (tipFocus && document.activeElement === tipFocus) placeAt(tipFocus);
        else tip.hidden = true;
      }, { passive: true });
    }
    function target(evt) { return evt.target.closest && evt.target.closest("a.region, a.place-link"); }
    svg.addEventListener("mousemove", function (evt) {
      var el = target(evt);
      if (el) {
        tipFocus = null;
        showTip(el, evt.clientX, evt.clientY);
      }
    });
    svg.addEventListener("mouseout", function (evt) {
      if (target(evt) && !(evt.relatedTarget && evt.relatedTarget.closest && evt.relatedTarget.closest("a.region, a.place-link") === target(evt))) tip.hidden = true;
    });
    svg.addEventListener("focusin", function (evt) {
      var el = target(evt);
      if (el) placeAt(el);
    });
    svg.addEventListener("focusout", function () { tipFocus = null; tip.hidden = true; });
  }
  // untitle removes the SVG titles the tooltips replace, so that two do
  // not show at once; the links keep their accessible names.
  function untitle(svg) {
    svg.querySelectorAll("a.region > title, a.place-link > title").forEach(function (t) { t.remove(); });
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

  // /share: the choices update the code and the preview in place, and the
  // address follows; without script the form's button does it.
  function sharePreview(root) {
    var form = root.querySelector("form.share-form");
    if (!form || !document.querySelector(".share-preview") || !window.fetch || !window.URLSearchParams) return;
    form.addEventListener("change", function () {
      var url = form.getAttribute("action") + "?" + new URLSearchParams(new FormData(form)).toString();
      fetch(url, { headers: { Accept: "text/html" } }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        [".share-items", ".share-preview"].forEach(function (sel) {
          var next = doc.querySelector(sel), cur = document.querySelector(sel);
          if (next && cur) cur.replaceWith(document.importNode(next, true));
        });
        copyButtons(document.querySelector(".share-items"));
        history.replaceState(null, "", url);
      }).catch(function () { form.submit(); });
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
      // The new date keeps the view the reader had.
      if (push) history.pushState({ claimsmap: true }, "", href.split("#")[0] + window.location.hash);
      shown = window.location.pathname + window.location.search;
      var fresh = document.querySelector("main");
      init(fresh);
      var slider = fresh.querySelector(".timeline-slider");
      if (focusSlider && slider) slider.focus();
    }).catch(function (err) {
      if (err.name !== "AbortError") window.location.href = href;
    });
  }
  var shown = window.location.pathname + window.location.search;
  window.addEventListener("popstate", function (evt) {
    var here = window.location.pathname + window.location.search;
    if (here === shown) {
      // Only the view changed: redraw the map, not the page.
      var m = document.querySelector("svg.map-svg[data-map]");
      if (m && m.claimsmapView) m.claimsmapView();
      return;
    }
    if (evt.state && evt.state.claimsmap || document.querySelector("nav.timeline")) go(window.location.href, false, false);
  });
  if (window.history.replaceState) history.replaceState({ claimsmap: true }, "");

  function init(root) {
    root.querySelectorAll("svg.map-svg").forEach(function (svg) { tooltips(svg); untitle(svg); });
    root.querySelectorAll("svg.map-svg[data-zoomable]").forEach(zoomable);
    highlight(root);
    passages(root);
    copyButtons(root);
    sharePreview(root);
    timeline(root);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
