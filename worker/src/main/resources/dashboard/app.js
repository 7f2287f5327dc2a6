// warren dashboard: polls /fleet.json (every 2 s) and /dead.json (every 10 s) on the supervisor that served
// the page and renders them. No library, nothing from the network but this supervisor: it works offline.
// Text from the fleet (task names, stderr) is only ever set as textContent, never parsed as HTML.
"use strict";
(function () {
  const FLEET_MS = 2000, DEAD_MS = 10000;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  const $ = (id) => document.getElementById(id);
  const pill = (text) => el("span", { class: "pill " + text }, text);
  const fmt = (n, digits) => (n === null || n === undefined) ? "–" : Number(n).toLocaleString("en", { maximumFractionDigits: digits || 0 });
  const short = (id) => id ? String(id).slice(0, 8) : "";
  const ago = (ms) => ms < 1500 ? "just now" : ms < 120000 ? Math.round(ms / 1000) + " s ago" : Math.round(ms / 60000) + " min ago";
  const time = (epochMs) => epochMs ? new Date(epochMs).toLocaleTimeString("en-GB") : "–";
  const mb = (kb) => kb === null || kb === undefined ? "–" : fmt(kb / 1024, 0) + " MB";

  function card(value, label) { return el("div", { class: "card" }, el("div", { class: "v" }, value), el("div", { class: "k" }, label)); }

  function renderSummary(s) {
    $("queue-name").textContent = s.queue.name;
    const live = s.supervisors.filter((x) => x.presence === "live");
    const children = live.reduce((n, x) => n + x.children.length, 0);
    const box = $("summary");
    box.replaceChildren(
      card(fmt(s.queue.ready), "ready"),
      card(fmt(s.queue.unacked), "running (unacked)"),
      card(fmt(s.queue.consumers), "consumers"),
      card(fmt(s.queue.dead), "dead letters"),
      card(live.length + " / " + s.supervisors.length, "supervisors live"),
      card(fmt(children), "children"),
      card(fmt(s.throughput.tasksPerSec, 1), "tasks/s (1 min)"),
      card(fmt(s.throughput.meanMs, 1) + " ms", "mean run time"));
  }

  function renderSupervisors(s) {
    const box = $("supervisors");
    if (s.supervisors.length === 0) { box.replaceChildren(el("p", { class: "muted" }, "no supervisor announced itself yet")); return; }
    box.replaceChildren(...s.supervisors.map((sup) => {
      const head = el("div", { class: "head" },
        el("span", { class: "name", "data-supervisor": sup.name }, sup.name),
        pill(sup.presence), pill(sup.state),
        el("span", { class: "muted" }, sup.host + " pid " + sup.pid + " · v" + sup.version),
        el("span", null, sup.children.length + "/" + sup.size + " children"),
        el("span", null, fmt(sup.rates.tasksPerSec, 1) + " tasks/s"),
        el("span", null, "done " + fmt(sup.totals.done) + ", failed " + fmt(sup.totals.failed) + ", restarts " + fmt(sup.totals.restarts)),
        el("span", { class: "muted" }, "seen " + ago(sup.seenAgoMs)),
        sup.name === s.self ? el("span", { class: "muted" }, "(serves this page)") : null);
      const rows = sup.children.map((c) => el("tr", { "data-child": c.id },
        el("td", null, c.id), el("td", null, c.pid), el("td", null, c.slot), el("td", null, pill(c.state)),
        el("td", null, c.task ? c.task.name + " " + short(c.task.id) + " (" + fmt(c.task.ms) + " ms)" : "idle"),
        el("td", null, fmt(c.done)), el("td", null, fmt(c.failed)), el("td", null, mb(c.rssKb)),
        el("td", null, fmt(c.restarts)), el("td", null, fmt(c.uptimeMs / 1000) + " s")));
      const table = el("table", null,
        el("thead", null, el("tr", null, ...["child", "pid", "slot", "state", "task", "done", "failed", "RSS", "restarts", "uptime"].map((h) => el("th", null, h)))),
        el("tbody", null, ...rows));
      return el("div", { class: "supervisor" }, head, table);
    }));
  }

  function renderFailures(s) {
    const tbody = $("failures").querySelector("tbody");
    if (s.failures.length === 0) { tbody.replaceChildren(el("tr", null, el("td", { colspan: 5, class: "muted" }, "none"))); return; }
    tbody.replaceChildren(...s.failures.slice(0, 10).map((f) => el("tr", null, el("td", null, time(f.at)), el("td", null, f.supervisor),
      el("td", null, f.child), el("td", null, (f.task || "?") + " " + short(f.taskId)), el("td", null, f.error || "?"))));
  }

  function renderCrashes(s) {
    const box = $("crashes");
    if (s.crashes.length === 0) { box.replaceChildren(el("p", { class: "muted" }, "none")); return; }
    box.replaceChildren(...s.crashes.map((c) => el("div", null,
      el("div", { class: "crash-head" }, time(c.at) + " ", el("b", null, c.supervisor + " " + c.child), " pid " + c.pid + " ",
        pill(c.cause), " exit " + c.exit + (c.signal ? " (SIG" + c.signal + ")" : ""),
        c.task ? " while running " + c.task + " " + short(c.taskId) : ""),
      c.stderr ? el("pre", null, c.stderr) : null)));
  }

  function renderDead(d, s) {
    $("dead-count").textContent = d ? "(" + fmt(d.count) + " in the queue" + (d.first.length ? ", first " + d.first.length + " shown" : "") + ")" : "";
    const rows = [];
    for (const x of (d ? d.first : [])) {
      rows.push(el("tr", null, el("td", null, short(x.id)), el("td", null, x.task || "?"), el("td", null, x.reason || "?"),
        el("td", null, fmt(x.attempts)), el("td", null, time(x.deadAt)), el("td", null, x.detail || "")));
    }
    if (rows.length === 0) {
      for (const x of s ? s.deadLettered : []) {
        rows.push(el("tr", null, el("td", null, short(x.taskId)), el("td", null, x.task || "?"), el("td", null, x.reason || "?"),
          el("td", null, "–"), el("td", null, time(x.at)), el("td", { class: "muted" }, "dead-lettered by " + x.supervisor + " " + x.child)));
      }
    }
    $("dead").querySelector("tbody").replaceChildren(...(rows.length ? rows : [el("tr", null, el("td", { colspan: 6, class: "muted" }, "none"))]));
  }

  // ---- charts: the live supervisors' history buckets, summed by bucket start
  function series(s) {
    const byT = new Map();
    for (const sup of s.supervisors.filter((x) => x.presence === "live")) {
      for (const p of sup.history) {
        const b = byT.get(p.t) || { t: p.t, ms: p.ms, done: 0, failed: 0, sum: 0, max: 0 };
        b.done += p.done; b.failed += p.failed; b.sum += p.meanMs * p.done; b.max = Math.max(b.max, p.maxMs);
        byT.set(p.t, b);
      }
    }
    return [...byT.values()].sort((a, b) => a.t - b.t);
  }

  function chart(svg, points, lines) {
    const W = 600, H = 160, L = 40, B = 18, T = 8;
    const maxY = Math.max(1, ...lines.flatMap((ln) => points.map(ln.y)));
    const t0 = points.length ? points[0].t : 0, t1 = points.length ? points[points.length - 1].t : 1;
    const x = (t) => L + (t1 === t0 ? 0 : (t - t0) / (t1 - t0)) * (W - L - 6);
    const y = (v) => T + (1 - v / maxY) * (H - T - B);
    const ns = "http://www.w3.org/2000/svg";
    const mk = (tag, attrs, text) => { const e = document.createElementNS(ns, tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); if (text !== undefined) e.textContent = text; return e; };
    const kids = [mk("line", { class: "axis", x1: L, y1: y(0), x2: W, y2: y(0) }), mk("line", { class: "axis", x1: L, y1: T, x2: L, y2: y(0) }),
      mk("text", { x: 2, y: T + 8 }, fmt(maxY, maxY < 10 ? 1 : 0)), mk("text", { x: 2, y: y(0) }, "0")];
    if (points.length) {
      kids.push(mk("text", { x: L, y: H - 4 }, time(t0)), mk("text", { x: W - 60, y: H - 4 }, time(t1)));
      for (const ln of lines) kids.push(mk("polyline", { class: ln.cls, points: points.map((p) => x(p.t).toFixed(1) + "," + y(ln.y(p)).toFixed(1)).join(" ") }));
    } else {
      kids.push(mk("text", { x: L + 10, y: H / 2 }, "no history yet"));
    }
    svg.replaceChildren(...kids);
  }

  function renderCharts(s) {
    const pts = series(s);
    chart($("chart-rate"), pts, [{ cls: "rate", y: (p) => p.done / (p.ms / 1000) }, { cls: "failed", y: (p) => p.failed / (p.ms / 1000) }]);
    chart($("chart-latency"), pts, [{ cls: "mean", y: (p) => p.done ? p.sum / p.done : 0 }, { cls: "max", y: (p) => p.max }]);
  }

  let lastFleet = null, lastDead = null;
  async function pollFleet() {
    try {
      const r = await fetch("/fleet.json", { cache: "no-store" });
      if (!r.ok) throw new Error("HTTP " + r.status);
      const s = await r.json();
      lastFleet = s;
      renderSummary(s); renderCharts(s); renderSupervisors(s); renderFailures(s); renderCrashes(s); renderDead(lastDead, s);
      $("served-by").textContent = "served by " + s.self;
      $("updated").textContent = "updated " + new Date(s.at).toLocaleTimeString("en-GB");
      document.body.dataset.ready = "1";
    } catch (e) {
      $("updated").textContent = "cannot reach the supervisor: " + e.message;
    }
  }
  async function pollDead() {
    try {
      const r = await fetch("/dead.json", { cache: "no-store" });
      if (r.ok) { lastDead = await r.json(); renderDead(lastDead, lastFleet); }
    } catch (e) { /* the next poll tries again */ }
  }
  pollFleet(); pollDead();
  setInterval(pollFleet, FLEET_MS);
  setInterval(pollDead, DEAD_MS);
})();
