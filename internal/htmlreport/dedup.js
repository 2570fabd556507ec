// The cluster list of a khabar dedup report: pages of clusters drawn from
// the JSON blocks (parsed when first needed), a filter, and the
// side-by-side view. Highlights come computed from the report; nothing is
// tokenized here.
(function () {
  "use strict";
  var body = document.body;
  var blocks = document.querySelectorAll("script.block");
  var parsed = [];
  var perPage = +body.dataset.pageSize || 50;
  var total = +body.dataset.clusters || 0;
  var unit = body.dataset.unit;
  var list = document.getElementById("list");
  var info = document.getElementById("pageinfo");
  var prev = document.getElementById("prev");
  var next = document.getElementById("next");
  var filter = document.getElementById("filter");
  var cmp = document.getElementById("compare");
  var matches = null; // null: every cluster; else [block, index] pairs
  var page = 0;

  function block(i) {
    if (!parsed[i]) parsed[i] = JSON.parse(blocks[i].textContent);
    return parsed[i];
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function bdi(text, cls) { return el("bdi", cls, String(text)); }
  function arabic(e) { e.dir = "rtl"; e.lang = "ar"; e.classList.add("ar"); return e; }
  function count() { return matches ? matches.length : total; }
  function pages() { return Math.max(1, Math.ceil(count() / perPage)); }
  function where(m) {
    if (unit === "document") return m.id;
    return m.id + ":" + m.line + (m.end_line !== m.line ? "-" + m.end_line : "");
  }
  function excerpt(s) {
    s = s.replace(/\s+/g, " ").trim();
    return s.length > 160 ? s.slice(0, 159) + "…" : s;
  }

  function refs(p) {
    if (matches) return matches.slice(p * perPage, (p + 1) * perPage);
    if (p >= blocks.length) return [];
    return block(p).clusters.map(function (_, i) { return [p, i]; });
  }

  function render() {
    list.textContent = "";
    var rs = refs(page);
    for (var i = 0; i < rs.length; i++) list.appendChild(clusterView(rs[i][0], rs[i][1]));
    if (!rs.length) list.appendChild(el("p", "empty", total ? "No cluster matches the filter." : "No duplicates found."));
    var what = matches ? count() + " of " + total + " clusters match" : total + " clusters";
    info.textContent = "page " + (page + 1) + " of " + pages() + " · " + what;
    prev.disabled = page === 0;
    next.disabled = page >= pages() - 1;
  }

  function clusterView(bi, ci) {
    var b = block(bi), c = b.clusters[ci];
    var sec = el("section", "cluster");
    sec.id = "c" + c.n;
    sec.dataset.n = c.n;
    var h = el("h3");
    h.append("cluster ", bdi(c.n), " ", el("span", "kind " + c.kind, c.kind), " ", bdi(c.m.length), " " + unit + "s");
    sec.appendChild(h);
    var ol = el("ol", "members");
    c.m.forEach(function (m, mi) {
      var li = el("li", "member" + (mi === c.kept ? " kept" : ""));
      li.tabIndex = 0;
      li.dataset.member = mi;
      li.append(el("span", "role", mi === c.kept ? "kept" : "dup"), bdi(where(m), "doc"),
        bdi(m.sim.toFixed(3), "sim"), bdi(m.tokens + " tok", "tok"),
        arabic(el("span", "excerpt", excerpt(b.texts[m.t]))));
      li.title = "similarity to the kept " + unit + ": " + m.sim.toFixed(3) + " · click to compare";
      li.addEventListener("click", function () { compare(bi, ci, mi); });
      li.addEventListener("keydown", function (e) { if (e.key === "Enter") compare(bi, ci, mi); });
      ol.appendChild(li);
    });
    sec.appendChild(ol);
    return sec;
  }

  // marked appends s[from:to] to parent with the spans (flat UTF-16
  // offsets) inside <mark>.
  function marked(parent, s, spans, from, to) {
    var pos = from;
    for (var i = 0; i + 1 < (spans || []).length; i += 2) {
      var a = Math.max(spans[i], from), z = Math.min(spans[i + 1], to);
      if (z <= a) continue;
      if (a > pos) parent.append(s.slice(pos, a));
      parent.appendChild(el("mark", null, s.slice(a, z)));
      pos = z;
    }
    if (pos < to) parent.append(s.slice(pos, to));
  }
  function textView(s, spans, region) {
    var d = arabic(el("div", "text"));
    if (!region) {
      marked(d, s, spans, 0, s.length);
      return d;
    }
    marked(d, s, spans, 0, region[0]);
    var r = el("span", "region");
    marked(r, s, spans, region[0], region[1]);
    d.appendChild(r);
    marked(d, s, spans, region[1], s.length);
    return d;
  }

  function compare(bi, ci, mi) {
    var b = block(bi), c = b.clusters[ci];
    if (mi === c.kept) {
      if (c.m.length < 2) return;
      mi = c.kept === 0 ? 1 : 0;
    }
    var k = c.m[c.kept], m = c.m[mi];
    var what = document.getElementById("cmp-what");
    what.textContent = "";
    what.append("cluster ", bdi(c.n), " · " + c.kind + " · similarity ", bdi(m.sim.toFixed(3)));
    var note = document.getElementById("cmp-note");
    note.textContent = "";
    if (m.nohl) {
      note.textContent = "The shared shingles cannot be placed in this text, so nothing is highlighted.";
    } else if (m.region) {
      var kt = b.texts[k.t];
      note.append("The shorter " + unit + " lies inside the outlined part of the kept one: characters ",
        bdi(m.region[0] + 1), "–", bdi(m.region[1]), " of ", bdi(kt.length), ".");
    } else {
      note.textContent = "Highlighted: the shingles the two " + unit + "s share.";
    }
    var left = document.getElementById("cmp-kept"), right = document.getElementById("cmp-member");
    left.textContent = "";
    right.textContent = "";
    var hk = el("h4"), hm = el("h4");
    hk.append("kept · ", bdi(where(k)));
    hm.append("duplicate · ", bdi(where(m)));
    left.append(hk, textView(b.texts[k.t], m.kh, m.region));
    right.append(hm, textView(b.texts[m.t], m.hl, null));
    cmp.hidden = false;
    document.getElementById("cmp-close").focus();
  }
  function close() { cmp.hidden = true; }

  // fold makes the filter ignore case, harakat and tatweel, and the
  // variants of alef, yeh and teh marbuta, as the text pipeline does by
  // default; it only decides what matches, nothing is highlighted by it.
  function fold(s) {
    return s.toLowerCase().replace(/[\u064B-\u065F\u0670\u0640]/g, "")
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627").replace(/\u0649/g, "\u064A").replace(/\u0629/g, "\u0647");
  }
  function folded(b) {
    if (!b.folded) b.folded = b.texts.map(fold);
    return b.folded;
  }

  function applyFilter() {
    var q = fold(filter.value.trim());
    page = 0;
    if (!q) {
      matches = null;
      render();
      return;
    }
    var out = [];
    for (var bi = 0; bi < blocks.length; bi++) {
      var b = block(bi), ft = folded(b);
      for (var ci = 0; ci < b.clusters.length; ci++) {
        var ms = b.clusters[ci].m;
        for (var i = 0; i < ms.length; i++) {
          if (fold(ms[i].id).indexOf(q) >= 0 || ft[ms[i].t].indexOf(q) >= 0) {
            out.push([bi, ci]);
            break;
          }
        }
      }
    }
    matches = out;
    render();
  }

  var timer = 0;
  filter.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(applyFilter, 200);
  });
  prev.addEventListener("click", function () { if (page > 0) { page--; render(); window.scrollTo(0, list.offsetTop); } });
  next.addEventListener("click", function () { if (page < pages() - 1) { page++; render(); window.scrollTo(0, list.offsetTop); } });
  document.getElementById("cmp-close").addEventListener("click", close);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
  render();
})();
