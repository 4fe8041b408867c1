/*
 * coroner search: full-text search and filters over a static index, no server needed.
 *
 * On every page this script only waits: the first focus of a search box starts fetching
 * search/index.json so the search page finds it cached. On the search page (#cr-search) it
 * loads the index, reads q/severity/service/cause/year from the URL, and shows results; the
 * word shards a query needs are fetched on demand. Results are built with DOM methods and
 * textContent only, never innerHTML, so nothing from the index can become markup.
 *
 * The index format and the word rules mirror src/render/search/{mod,words}.rs.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var INDEX_URL = script && script.getAttribute("data-index");
  var FORMAT_VERSION = 1;
  var PAGE_SIZE = 20;
  var MAX_WORD_CHARS = 32;
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var NOT_WORD = /[^\p{Alphabetic}\p{N}]+/u;
  var HAS_LETTER = /\p{Alphabetic}/u;
  var FILTERS = ["severity", "service", "cause", "year"];

  var indexPromise = null;
  var shardPromises = {};
  var pageTexts = {};

  /* ------------------------------------------------------------ loading */

  function absolute(url) {
    return new URL(url, document.baseURI).href;
  }

  function fetchJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " for " + url);
      return r.json();
    });
  }

  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetchJson(absolute(INDEX_URL)).then(function (index) {
        if (index.version !== FORMAT_VERSION) {
          throw new Error("unsupported search index version " + index.version);
        }
        return index;
      });
      indexPromise.catch(function () { indexPromise = null; });
    }
    return indexPromise;
  }

  function loadShard(index, n) {
    if (!shardPromises[n]) {
      shardPromises[n] = fetchJson(new URL(index.shards[n].file, absolute(INDEX_URL)).href);
      shardPromises[n].catch(function () { delete shardPromises[n]; });
    }
    return shardPromises[n];
  }

  /* ------------------------------------------------------------ words */

  /** The index words of a text: the same rule as words::for_each_word in Rust. */
  function words(text) {
    var out = [];
    String(text || "").split(NOT_WORD).forEach(function (w) {
      var chars = Array.from(w).length;
      if (chars < 2 || chars > MAX_WORD_CHARS) return;
      if (!HAS_LETTER.test(w) && chars > 3) return;
      out.push(w.toLowerCase());
    });
    return out;
  }

  /** Decodes a word's incident list (words::encode) and marks each incident in `marks`. */
  function markPostings(encoded, marks) {
    var numbers = [];
    var n = 0;
    for (var i = 0; i < encoded.length; i++) {
      var d = DIGITS.indexOf(encoded.charAt(i));
      n = n * 32 + (d & 31);
      if (d < 32) { numbers.push(n); n = 0; }
    }
    var next = 0;
    for (var k = 0; k < numbers.length; k++) {
      var v = numbers[k];
      var start = next + Math.floor(v / 2);
      var len = v % 2 === 1 ? numbers[++k] + 2 : 1;
      for (var id = start; id < start + len && id < marks.length; id++) marks[id] = 1;
      next = start + len;
    }
  }

  /** The shards that may hold words starting with `prefix`. */
  function shardsFor(index, prefix) {
    var shards = index.shards;
    var first = 0;
    for (var i = 0; i < shards.length; i++) {
      if (shards[i].first <= prefix) first = i;
    }
    var list = [first];
    for (var j = first + 1; j < shards.length && shards[j].first.indexOf(prefix) === 0; j++) {
      list.push(j);
    }
    return list;
  }

  /** For each query word, which incidents have a word starting with it. */
  function matchWords(index, qwords) {
    return Promise.all(qwords.map(function (q) {
      return Promise.all(shardsFor(index, q).map(function (n) { return loadShard(index, n); }))
        .then(function (shards) {
          var marks = new Uint8Array(index.incidents.length);
          shards.forEach(function (shard) {
            Object.keys(shard).forEach(function (w) {
              if (w.indexOf(q) === 0) markPostings(shard[w], marks);
            });
          });
          return marks;
        });
    }));
  }

  /* ------------------------------------------------------------ searching */

  function readQuery(form) {
    var query = { q: form.elements.q.value.trim() };
    FILTERS.forEach(function (f) { query[f] = form.elements[f] ? form.elements[f].value : ""; });
    return query;
  }

  function passesFilters(index, record, query) {
    if (query.severity && !(record[3] !== null && index.severities[record[3]][0] === query.severity)) return false;
    if (query.service && !record[4].some(function (s) { return index.services[s][0] === query.service; })) return false;
    if (query.cause && !record[5].some(function (c) { return index.causes[c][0] === query.cause; })) return false;
    if (query.year && record[2].slice(0, 4) !== query.year) return false;
    return true;
  }

  /** A regexp finding `word` at the start of a word of a lowercase text. */
  function wordStart(word) {
    return new RegExp("(?<![\\p{Alphabetic}\\p{N}])" + escapeRegExp(word), "u");
  }

  /** Runs a query: incidents passing every filter and holding every word, best first. */
  function search(index, query) {
    var qwords = words(query.q).filter(function (w, i, all) { return all.indexOf(w) === i; });
    var starts = qwords.map(wordStart);
    return matchWords(index, qwords).then(function (marks) {
      var hits = [];
      index.incidents.forEach(function (record, pos) {
        if (!passesFilters(index, record, query)) return;
        for (var k = 0; k < qwords.length; k++) {
          if (!marks[k][pos]) return;
        }
        // Ranking: a word in the title counts most, then in the summary, then anywhere.
        var score = qwords.length;
        if (qwords.length) {
          var title = record[1].toLowerCase();
          var summary = record[6].toLowerCase();
          starts.forEach(function (re) {
            if (re.test(title)) score += 8;
            if (re.test(summary)) score += 3;
          });
        }
        hits.push({ pos: pos, score: score });
      });
      // Incidents are stored newest first, so equal scores stay in date order.
      hits.sort(function (a, b) { return b.score - a.score || a.pos - b.pos; });
      return { hits: hits, words: qwords };
    });
  }

  /* ------------------------------------------------------------ showing */

  function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /** A regexp finding the query words at the start of words of a text. */
  function matcher(qwords) {
    if (!qwords.length) return null;
    var alternatives = qwords.slice().sort(function (a, b) { return b.length - a.length; })
      .map(escapeRegExp).join("|");
    return new RegExp("(?<![\\p{Alphabetic}\\p{N}])(?:" + alternatives + ")", "giu");
  }

  /** Appends `text` to `el`, each match of `re` wrapped in <mark>. */
  function appendHighlighted(el, text, re) {
    var last = 0;
    if (re) {
      re.lastIndex = 0;
      var m;
      while ((m = re.exec(text)) !== null) {
        if (m.index > last) el.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        el.appendChild(mark);
        last = m.index + m[0].length;
        if (m[0].length === 0) re.lastIndex++;
      }
    }
    if (last < text.length) el.appendChild(document.createTextNode(text.slice(last)));
  }

  /** About 200 characters of `text` around the first match of `re`, or null without one. */
  function excerpt(text, re) {
    if (!re) return null;
    re.lastIndex = 0;
    var m = re.exec(text);
    if (!m) return null;
    var start = Math.max(0, m.index - 70);
    var end = Math.min(text.length, m.index + 150);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    if (end < text.length) end = text.lastIndexOf(" ", end) > m.index ? text.lastIndexOf(" ", end) : end;
    return (start > 0 ? "…" : "") + text.slice(start, end).trim() + (end < text.length ? "…" : "");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function resultItem(index, pos, re) {
    var r = index.incidents[pos];
    var url = index.incident_url_prefix + encodeURIComponent(r[0]) + "/";
    var li = el("li", "search-result");
    var title = el("h2", "search-result-title");
    var link = el("a");
    link.href = url;
    appendHighlighted(link, r[1], re);
    title.appendChild(link);
    li.appendChild(title);
    var meta = el("p", "search-result-meta");
    if (r[3] !== null) {
      var sev = index.severities[r[3]];
      var badge = el("span", "sev sev-" + sev[0], sev[0]);
      badge.title = "Severity " + sev[1];
      meta.appendChild(badge);
    }
    if (r[2]) {
      var time = el("time", "", r[2]);
      time.setAttribute("datetime", r[2]);
      meta.appendChild(time);
    }
    var services = r[4].map(function (s) { return index.services[s][1]; }).join(", ");
    if (services) meta.appendChild(el("span", "search-result-services", services));
    li.appendChild(meta);
    var snippet = el("p", "search-result-snippet");
    var fromSummary = excerpt(r[6], re);
    appendHighlighted(snippet, fromSummary || r[6], re);
    li.appendChild(snippet);
    if (re && !fromSummary) bodySnippet(url, snippet, re);
    return li;
  }

  /** Replaces a result's summary with the passage of its page that matches, once fetched. */
  function bodySnippet(url, snippet, re) {
    if (!pageTexts[url]) {
      pageTexts[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      }).then(function (html) {
        // A parsed document that is never shown runs no scripts and loads nothing.
        var doc = new DOMParser().parseFromString(html, "text/html");
        var body = doc.querySelector(".prose") || doc.querySelector("main") || doc.body;
        return (body ? body.textContent : "").replace(/\s+/g, " ");
      });
      pageTexts[url].catch(function () { delete pageTexts[url]; });
    }
    pageTexts[url].then(function (text) {
      var passage = excerpt(text, re);
      if (!passage || !snippet.isConnected) return;
      snippet.textContent = "";
      appendHighlighted(snippet, passage, re);
    }, function () { /* the summary stays */ });
  }

  /* ------------------------------------------------------------ the page */

  function describe(index, query, count) {
    var parts = [];
    if (query.q) parts.push("“" + query.q + "”");
    FILTERS.forEach(function (f) {
      var select = document.getElementById("cr-f-" + f);
      if (query[f] && select && select.selectedIndex > 0) {
        parts.push(select.options[select.selectedIndex].text.replace(/ \(\d+\)$/, ""));
      }
    });
    var n = count === 1 ? "1 incident matches" : count + " incidents match";
    return n + (parts.length ? " " + parts.join(" · ") : "") + ".";
  }

  function queryString(query) {
    var params = new URLSearchParams();
    ["q"].concat(FILTERS).forEach(function (k) { if (query[k]) params.set(k, query[k]); });
    var s = params.toString();
    return location.pathname + (s ? "?" + s : "");
  }

  function initSearchPage(app) {
    var form = app.querySelector("form");
    var status = document.getElementById("cr-search-status");
    var list = document.getElementById("cr-search-results");
    var more = document.getElementById("cr-search-more");
    var header = document.getElementById("site-search-q");
    var params = new URLSearchParams(location.search);
    form.elements.q.value = params.get("q") || "";
    if (header) header.value = form.elements.q.value;
    FILTERS.forEach(function (f) {
      var select = form.elements[f];
      var wanted = params.get(f);
      if (select && wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
        select.value = wanted;
      }
    });
    app.hidden = false;

    var generation = 0;
    var current = null;
    var shown = 0;

    function showMore(index) {
      var re = matcher(current.words);
      var stop = Math.min(current.hits.length, shown + PAGE_SIZE);
      for (; shown < stop; shown++) list.appendChild(resultItem(index, current.hits[shown].pos, re));
      more.hidden = shown >= current.hits.length;
    }

    function run(push) {
      var query = readQuery(form);
      var url = queryString(query);
      if (url !== location.pathname + location.search) {
        history[push ? "pushState" : "replaceState"](null, "", url);
      }
      if (header) header.value = query.q;
      var mine = ++generation;
      var filtered = FILTERS.some(function (f) { return query[f]; });
      if (!words(query.q).length && !filtered) {
        list.textContent = "";
        more.hidden = true;
        status.textContent = query.q
          ? "Type words of at least two characters, or choose a filter."
          : "Type words to search, or choose a filter to list incidents.";
        return;
      }
      status.textContent = "Searching…";
      loadIndex().then(function (index) {
        return search(index, query).then(function (result) {
          if (mine !== generation) return;
          current = result;
          shown = 0;
          list.textContent = "";
          status.textContent = describe(index, query, result.hits.length);
          showMore(index);
        });
      }).catch(function (err) {
        if (mine !== generation) return;
        status.textContent = "Search is not available right now (" + err.message +
          "). Reloading the page may help; every incident is also listed under All incidents.";
      });
    }

    var timer = null;
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(true); });
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { run(false); }, 150); });
    form.addEventListener("change", function () { clearTimeout(timer); run(false); });
    more.addEventListener("click", function () { loadIndex().then(showMore); });
    window.addEventListener("popstate", function () { location.reload(); });
    run(false);
  }

  function initPrefetch() {
    var boxes = document.querySelectorAll("form[role=search] input[name=q]");
    Array.prototype.forEach.call(boxes, function (box) {
      box.addEventListener("focus", function () { loadIndex().catch(function () {}); }, { once: true });
    });
  }

  function init() {
    if (!INDEX_URL || !window.fetch) return;
    var app = document.getElementById("cr-search");
    if (app) initSearchPage(app);
    else initPrefetch();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
