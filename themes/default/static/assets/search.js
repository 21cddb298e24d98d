// handboek search: the search box on every page and the search page. No framework.
//
// The index is made by handboek at build time (generator/search). Its files are scripts that
// register themselves with window.__handboekSearch.push(...), loaded by adding <script src>
// elements: that works over HTTP under any prefix and from a folder opened from disk, where
// browsers refuse fetch(). Only the manifest, the shard of each query word and the page data
// of the shown results are loaded.
//
// The browser does no stemming: the index lists every folded word form, each pointing to the
// pages of its stem. A query is folded exactly as Go folds (fold below = search.Fold) and
// looked up: the word itself, words it begins, and words one edit away (5+ letters) or two
// (9+ letters). The numbers below are those of generator/search/query.go.
(function () {
  "use strict";
  var d = document, w = window;
  var EXACT = 10, PREFIX = 8, TYPO1 = 5, TYPO2 = 3, BOX_MAX = 8, PAGE_MAX = 50;
  var root = d.body.getAttribute("data-root") || "";
  var dir = root + "assets/search/";
  var loaded = {}, waiting = {};

  // Loading: each file calls push({f: name, ...}).
  function got(data) {
    if (!data || !data.f) return;
    loaded[data.f] = data;
    (waiting[data.f] || []).forEach(function (cb) { cb(data); });
    delete waiting[data.f];
  }
  var early = w.__handboekSearch;
  w.__handboekSearch = { push: got };
  if (early && early.length) early.forEach(got);

  // The files but the manifest carry a hash of their content in their names (see Files in
  // generator/search), listed in the manifest: an old manifest from the browser's cache never
  // meets new shards. When its shards are gone, search loads the manifest afresh (query below).
  function load(name, query) {
    return new Promise(function (resolve) {
      if (loaded[name]) return resolve(loaded[name]);
      if (waiting[name]) return waiting[name].push(resolve);
      waiting[name] = [resolve];
      var s = d.createElement("script");
      s.src = dir + name + ".js" + (query || "");
      s.async = true;
      s.onerror = function () { delete waiting[name]; resolve(null); };
      d.head.appendChild(s);
    });
  }
  var manifest = null;
  function getManifest(fresh) {
    if (fresh) {
      delete loaded.manifest;
      manifest = null;
    }
    return manifest || (manifest = load("manifest", fresh ? "?v=" + Date.now() : "").then(function (m) {
      if (m) {
        m.stopSet = {};
        m.stop.forEach(function (s) { m.stopSet[s] = true; });
      }
      return m;
    }));
  }

  // Text analysis: the same as search.Fold and search.Tokens in Go.
  var SPECIAL = { "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th" };
  function fold(s) {
    return s.replace(/[ßæÆøØœŒłŁđĐþ]/g, function (c) { return SPECIAL[c]; })
      .normalize("NFKD").replace(/\p{Mn}/gu, "").normalize("NFC").toLowerCase();
  }
  function tokens(folded) {
    return (folded.match(/[\p{L}\p{Nd}&]+/gu) || []).map(function (t) { return t.replace(/&/g, ""); })
      .filter(function (t) { return t !== ""; });
  }
  w.__handboekFold = function (s) { return tokens(fold(s)).join(" ") + "|" + fold(s); }; // for tests

  function queryWords(q, m) {
    var seen = {}, all = [], words = [];
    tokens(fold(q)).forEach(function (t) {
      if (seen[t]) return;
      seen[t] = true;
      all.push(t);
      if (!m.stopSet[t]) words.push(t);
    });
    return words.length ? words : all;
  }
  function shardFor(m, word) {
    var best = -1;
    m.keys.forEach(function (k, i) {
      if (word.indexOf(k) === 0 && (best < 0 || k.length > m.keys[best].length)) best = i;
    });
    return best;
  }
  function maxEdits(word) {
    var n = Array.from(word).length;
    return n >= 9 ? 2 : n >= 5 ? 1 : 0;
  }
  // Optimal string alignment distance, or limit+1 when above limit.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var p2 = [], p = [], c = [], i, j;
    for (j = 0; j <= b.length; j++) p[j] = j;
    for (i = 1; i <= a.length; i++) {
      c = [i];
      var rowMin = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(p[j] + 1, c[j - 1] + 1, p[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, p2[j - 2] + 1);
        c[j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > limit) return limit + 1;
      p2 = p; p = c;
    }
    return Math.min(p[b.length], limit + 1);
  }
  // The stem groups of a shard that word matches, with their quality; matched terms go to marks.
  function matchGroups(sh, word, marks) {
    var out = {}, edits = maxEdits(word), wr = Array.from(word);
    sh.t.forEach(function (t, i) {
      var q = 0;
      if (t === word) q = EXACT;
      else if (word.length >= 2 && t.indexOf(word) === 0) q = PREFIX;
      else if (edits > 0) {
        var dist = distance(wr, Array.from(t), edits);
        if (dist === 1) q = TYPO1;
        else if (dist === 2 && edits === 2) q = TYPO2;
      }
      var g = sh.g[i];
      if (q > (out[g] || 0)) out[g] = q;
    });
    sh.t.forEach(function (t, i) { if (out[sh.g[i]]) marks[t] = true; });
    return out;
  }

  function termFile(m, i) { return "t/" + i + "." + m.th[i]; }
  function docFile(m, doc) { var b = Math.floor(doc / m.ds); return "d/" + b + "." + m.dh[b]; }

  // search resolves to {hits: [[doc, score]...], words, marks}. again: the manifest was just
  // loaded afresh because a shard it named was missing (the site was rebuilt meanwhile).
  function search(q, again) {
    return getManifest(again).then(function (m) {
      if (!m) return { hits: [], words: [], marks: {} };
      var words = queryWords(q, m), marks = {};
      var idx = words.map(function (word) { return shardFor(m, word); });
      return Promise.all(idx.map(function (i) {
        return i < 0 ? null : load(termFile(m, i));
      })).then(function (shards) {
        if (!again && shards.some(function (sh, k) { return !sh && idx[k] >= 0; })) return search(q, true);
        var total = null;
        words.forEach(function (word, k) {
          var scores = new Map(), sh = shards[k];
          if (sh) {
            var groups = matchGroups(sh, word, marks);
            Object.keys(groups).forEach(function (g) {
              var p = sh.p[g], doc = 0, qual = groups[g];
              for (var j = 0; j < p.length; j += 2) {
                doc += p[j];
                var s = p[j + 1] * qual;
                if (s > (scores.get(doc) || 0)) scores.set(doc, s);
              }
            });
          }
          if (total === null) { total = scores; return; }
          total.forEach(function (s, doc) {
            if (scores.has(doc)) total.set(doc, s + scores.get(doc)); else total.delete(doc);
          });
        });
        var hits = Array.from(total || []);
        hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        return { hits: hits, words: words, marks: marks, m: m };
      });
    });
  }

  // docs loads the page data of hits: resolves to [{url, title, kind, text}].
  function docs(m, hits) {
    var names = {};
    hits.forEach(function (h) { names[docFile(m, h[0])] = true; });
    return Promise.all(Object.keys(names).map(function (n) { return load(n); })).then(function () {
      return hits.map(function (h) {
        var block = loaded[docFile(m, h[0])];
        var r = block && block.d[h[0] % m.ds];
        return r && { url: r[0], title: r[1], kind: m.kinds[r[2]], text: r[3] };
      }).filter(Boolean);
    });
  }

  function href(url) {
    var h = root + url;
    if (location.protocol === "file:" && (h === "" || h.charAt(h.length - 1) === "/")) h += "index.html";
    return h || "./";
  }

  // isHit says whether the folded word t is one the query matched: a form of a matched stem, a
  // word a query word begins, or a compound ending in a matched form. Answers are kept on r, so
  // every word of every result is judged once.
  function isHit(t, r) {
    var own = Object.prototype.hasOwnProperty, seen = r.hitCache || (r.hitCache = {});
    if (own.call(seen, t)) return seen[t];
    var ends = r.ends || (r.ends = Object.keys(r.marks).filter(function (k) { return k.length >= 5; }));
    return (seen[t] = own.call(r.marks, t) || r.words.some(function (q) { return t.indexOf(q) === 0; }) ||
      ends.some(function (k) { return t.length > k.length && t.slice(-k.length) === k; }));
  }
  // marked appends text to el with the matched words in <mark>; text is never parsed as HTML.
  function marked(el, text, r) {
    var re = /[\p{L}\p{M}\p{Nd}&]+/gu, last = 0, m;
    while ((m = re.exec(text))) {
      var hit = tokens(fold(m[0])).some(function (t) { return isHit(t, r); });
      if (!hit) continue;
      el.appendChild(d.createTextNode(text.slice(last, m.index)));
      var mk = d.createElement("mark");
      mk.textContent = m[0];
      el.appendChild(mk);
      last = m.index + m[0].length;
    }
    el.appendChild(d.createTextNode(text.slice(last)));
    return el;
  }
  // snippet shortens text to start near its first matched word.
  function snippet(text, r) {
    var re = /[\p{L}\p{M}\p{Nd}&]+/gu, m;
    while ((m = re.exec(text))) {
      if (!tokens(fold(m[0])).some(function (t) { return isHit(t, r); })) continue;
      if (m.index < 90) return text;
      return "… " + text.slice(text.lastIndexOf(" ", m.index - 40) + 1);
    }
    return text;
  }
  function el(tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function result(tag, doc, r) {
    var item = el(tag, "search-hit");
    var a = el("a", "search-hit__title");
    a.href = href(doc.url);
    marked(a, doc.title, r);
    item.appendChild(a);
    item.appendChild(el("span", "search-hit__kind", doc.kind));
    item.appendChild(marked(el("p", "search-hit__snippet"), snippet(doc.text, r), r));
    return item;
  }

  // The box on every page: an ARIA 1.2 combobox with a listbox of results.
  var input = d.getElementById("zoekveld");
  var list = d.getElementById("zoek-suggesties");
  var status = d.getElementById("zoek-status");
  var form = input && input.form;
  if (input && list && form) {
    var active = -1, seq = 0, shown = 0;
    var options = function () { return list.querySelectorAll("[role=option]"); };
    var open = function (yes) {
      list.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) setActive(-1);
    };
    var setActive = function (i) {
      var opts = options();
      if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && opts[i]) {
        opts[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", opts[i].id);
        opts[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    };
    var say = function (text, visible) {
      status.textContent = text;
      status.classList.toggle("visually-hidden", !visible);
    };
    var update = function () {
      var q = input.value, my = ++seq;
      if (!q.trim()) { open(false); say(""); shown = 0; return; }
      search(q).then(function (r) {
        return docs(r.m || {}, r.hits.slice(0, BOX_MAX)).then(function (found) {
          if (my !== seq) return;
          list.textContent = "";
          found.forEach(function (doc, i) {
            var li = result("li", doc, r);
            li.id = "zoek-optie-" + i;
            li.setAttribute("role", "option");
            li.setAttribute("aria-selected", "false");
            li.querySelector("a").tabIndex = -1;
            list.appendChild(li);
          });
          shown = found.length;
          active = -1;
          input.removeAttribute("aria-activedescendant");
          open(shown > 0);
          if (shown) say(r.hits.length + " " + (form.getAttribute("data-results") || ""), false);
          else say(form.getAttribute("data-no-results") || "", true);
        });
      });
    };
    input.addEventListener("focus", getManifest);
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!shown) return;
        e.preventDefault();
        if (list.hidden) { open(true); return setActive(e.key === "ArrowDown" ? 0 : shown - 1); }
        setActive(e.key === "ArrowDown" ? (active + 1) % shown : (active <= 0 ? shown - 1 : active - 1));
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0) {
          e.preventDefault();
          location.href = options()[active].querySelector("a").href;
        }
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); open(false); }
        else if (input.value) { e.preventDefault(); input.value = ""; say(""); shown = 0; }
      }
    });
    form.addEventListener("submit", function (e) { // Enter on a picked result opens it
      if (!list.hidden && active >= 0) {
        e.preventDefault();
        location.href = options()[active].querySelector("a").href;
      }
    });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep focus in the box
    input.addEventListener("blur", function () { open(false); });
  }

  // The search page: ?q= and &kind= in the URL, so that a search can be shared.
  var field = d.getElementById("zoekpagina-veld");
  var out = d.getElementById("zoekresultaten");
  if (field && out) {
    var params = new URLSearchParams(location.search);
    var kind = params.get("kind") || "";
    var pageSeq = 0;
    var run = function (push) {
      var q = field.value, my = ++pageSeq;
      if (push) {
        var u = new URLSearchParams();
        if (q) u.set("q", q);
        if (kind) u.set("kind", kind);
        var s = u.toString();
        try { history.replaceState(null, "", location.pathname + (s ? "?" + s : "")); } catch (err) { /* file:// in some browsers */ }
      }
      if (!q.trim()) { out.textContent = ""; return; }
      search(q).then(function (r) { // the kinds of the manifest search used, fresh or not
        return Promise.all([r, r.m ? load("kinds." + r.m.kh) : null]);
      }).then(function (both) {
        var r = both[0], kinds = both[1] ? both[1].k : [], m = r.m || { kinds: [] };
        var counts = {};
        r.hits.forEach(function (h) { var k = m.kinds[kinds[h[0]]]; counts[k] = (counts[k] || 0) + 1; });
        var hits = r.hits.filter(function (h) { return !kind || m.kinds[kinds[h[0]]] === kind; });
        return docs(m, hits.slice(0, PAGE_MAX)).then(function (found) {
          if (my !== pageSeq) return;
          var hadFocus = d.activeElement && d.activeElement.id === "zoek-soort";
          out.textContent = "";
          var head = el("div", "search-results__head");
          head.appendChild(el("p", "search-results__count", r.hits.length ? hits.length + " " + out.getAttribute("data-results") : out.getAttribute("data-no-results")));
          var names = Object.keys(counts);
          if (names.length > 1 || kind) {
            var label = el("label", "search-results__filter", out.getAttribute("data-filter-kind") + " ");
            var sel = el("select");
            sel.id = "zoek-soort";
            var all = el("option", "", out.getAttribute("data-all-kinds") + " (" + r.hits.length + ")");
            all.value = "";
            sel.appendChild(all);
            names.sort().forEach(function (k) {
              var o = el("option", "", k + " (" + counts[k] + ")");
              o.value = k;
              o.selected = k === kind;
              sel.appendChild(o);
            });
            sel.addEventListener("change", function () { kind = sel.value; run(true); });
            label.appendChild(sel);
            head.appendChild(label);
            if (hadFocus) setTimeout(function () { sel.focus(); });
          }
          out.appendChild(head);
          var ol = el("ol", "search-results__list");
          found.forEach(function (doc) { ol.appendChild(result("li", doc, r)); });
          out.appendChild(ol);
        });
      });
    };
    field.value = params.get("q") || "";
    field.form.addEventListener("submit", function (e) { e.preventDefault(); run(true); });
    field.addEventListener("input", function () { run(true); });
    if (field.value) run(false);
  }
})();
