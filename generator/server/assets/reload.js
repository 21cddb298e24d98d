// Live reload for `handboek serve -watch`. Served by the dev server only, never part of a built
// handbook. It listens for builds over Server-Sent Events and
//   - reloads this tab when its own page changed, keeping the scroll position, or as soon as a
//     build starts for the file it is made from;
//   - swaps a changed stylesheet in place, without a reload;
//   - shows the handbook's problems over the page while there are any, and removes them when
//     they are fixed.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var page = me.dataset.page || location.pathname;
  var since = me.dataset.version || "";
  var base = new URL(me.src).origin + "/__handboek/";
  var scrollKey = "handboek-scroll";

  // Back where the reader was before the reload.
  try {
    var saved = JSON.parse(sessionStorage.getItem(scrollKey) || "null");
    if (saved && saved.page === page) {
      sessionStorage.removeItem(scrollKey);
      var restore = function () { window.scrollTo(saved.x, saved.y); };
      restore();
      window.addEventListener("load", restore);
    }
  } catch (e) { /* storage may be unavailable */ }

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = base + "reload.css";
  document.head.appendChild(css);

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify({ page: page, x: window.scrollX, y: window.scrollY }));
    } catch (e) { /* keep going */ }
    location.reload();
  }

  function pathOf(href) {
    try { return new URL(href, location.href).pathname; } catch (e) { return ""; }
  }

  // Stylesheets: load the new version next to the old one, then drop the old one, so the page
  // never shows unstyled.
  function swapStyles(changed, version) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var old = links[i];
      if (changed.indexOf(pathOf(old.href)) < 0) continue;
      var fresh = old.cloneNode();
      var u = new URL(old.href, location.href);
      u.searchParams.set("v", version);
      fresh.href = u.href;
      fresh.addEventListener("load", function (o) { return function () { o.remove(); }; }(old));
      fresh.addEventListener("error", function (o) { return function () { o.remove(); }; }(old));
      old.after(fresh);
    }
  }

  function scriptChanged(changed) {
    var scripts = document.querySelectorAll("script[src]");
    for (var i = 0; i < scripts.length; i++) {
      if (scripts[i] !== me && changed.indexOf(pathOf(scripts[i].src)) >= 0) return true;
    }
    return false;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function showProblems(m) {
    var box = document.getElementById("handboek-problems");
    if (!m.problems || m.problems.length === 0) {
      if (box) box.remove();
      return;
    }
    if (box) box.remove();
    box = el("div");
    box.id = "handboek-problems";
    box.setAttribute("role", "alert");
    var panel = el("div", "hb-panel");
    panel.appendChild(el("h2", "hb-heading", m.heading));
    panel.appendChild(el("p", "hb-note", m.note));
    var list = el("ol", "hb-list");
    m.problems.forEach(function (p) {
      var li = el("li", "hb-problem");
      var loc = p.file + (p.line ? ":" + p.line + (p.col ? ":" + p.col : "") : "");
      li.appendChild(el("code", "hb-loc", loc));
      li.appendChild(el("p", "hb-msg", p.message));
      if (p.source) {
        var pre = el("pre", "hb-src");
        pre.appendChild(el("span", "hb-lineno", String(p.line)));
        pre.appendChild(document.createTextNode(" " + p.source));
        if (p.col) {
          var pad = String(p.line).replace(/./g, " ") + " " + p.source.slice(0, p.col - 1).replace(/[^\t]/g, " ");
          pre.appendChild(el("span", "hb-caret", "\n" + pad + "^"));
        }
        li.appendChild(pre);
      }
      list.appendChild(li);
    });
    panel.appendChild(list);
    if (m.more) panel.appendChild(el("p", "hb-note", "+ " + m.more + " …"));
    box.appendChild(panel);
    document.body.appendChild(box);
  }

  var source = new EventSource(base + "events?page=" + encodeURIComponent(page) + "&since=" + encodeURIComponent(since));
  // A build is on its way for the files this page is made from: reload now; the server holds
  // the request until the build is done.
  source.addEventListener("building", function (e) {
    var m = JSON.parse(e.data);
    if (m.pages && m.pages.indexOf(page) >= 0) {
      source.close();
      reload();
    }
  });
  source.addEventListener("build", function (e) {
    var m = JSON.parse(e.data);
    if (m.all || m.changed.indexOf(page) >= 0 || scriptChanged(m.changed)) {
      source.close();
      reload();
      return;
    }
    swapStyles(m.changed, m.version);
    showProblems(m);
    document.documentElement.dataset.handboekBuild = m.version;
  });
})();
