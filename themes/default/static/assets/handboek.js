// handboek: small helpers for every page. No framework, no network beyond the output folder.
(function () {
  "use strict";
  // Opened straight from disk, a link to a folder shows a file listing: point it at index.html.
  if (location.protocol === "file:") {
    var fix = function (a) {
      var href = a.getAttribute("href");
      if (!href || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#") return;
      var m = href.match(/^([^?#]*)(.*)$/);
      var path = m[1];
      if (path === "" ) return;
      if (path.charAt(path.length - 1) === "/") a.setAttribute("href", path + "index.html" + m[2]);
      else if (path === "." || path === "..") a.setAttribute("href", path + "/index.html" + m[2]);
    };
    var fixAll = function () { Array.prototype.forEach.call(document.querySelectorAll("a[href]"), fix); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fixAll); else fixAll();
    document.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a[href]");
      if (a) fix(a);
    }, true);
    document.addEventListener("submit", function (e) {
      var f = e.target;
      if (f.getAttribute("role") === "search" && f.action) {
        var act = f.getAttribute("action");
        if (act && act.charAt(act.length - 1) === "/") f.setAttribute("action", act + "index.html");
      }
    }, true);
  }
  // "/" focuses the search box, as on most sites.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = document.getElementById("zoekveld");
    if (box) { e.preventDefault(); box.focus(); }
  });
})();

// Phone menu (issue 7): without JavaScript the menu is simply a list that wraps; with it, narrow
// screens get a "Menu" button that shows and hides the list.
(function () {
  "use strict";
  var nav = document.querySelector(".site-nav");
  var button = nav && nav.querySelector(".site-nav__toggle");
  if (!button) return;
  button.hidden = false;
  nav.classList.add("site-nav--js");
  var set = function (open) { button.setAttribute("aria-expanded", open ? "true" : "false"); };
  button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
  nav.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && button.getAttribute("aria-expanded") === "true") { set(false); button.focus(); }
  });
})();

// Print (issue 7): printed links show where they lead. Links to other pages of the handbook are
// relative; give each its full address, which the print stylesheet writes after the link text.
(function () {
  "use strict";
  if (!/^https?:$/.test(location.protocol)) return;
  var mark = function () {
    Array.prototype.forEach.call(document.querySelectorAll(".prose a[href]"), function (a) {
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || /^[a-z][a-z0-9+.-]*:/i.test(href)) return;
      a.setAttribute("data-print-href", a.href);
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark); else mark();
})();
