// chronicle web UI: renders the JSON API with DOM text nodes only (never
// innerHTML), so article text always shows as text.
"use strict";

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}
const SVG = "http://www.w3.org/2000/svg";
function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const kid of kids) el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  return el;
}
const main = () => document.getElementById("main");
function show(...nodes) { const m = main(); m.replaceChildren(...nodes.flat()); }
function idFromPath() { const p = location.pathname.split("/"); return p[p.length - 1]; }

async function api(path, opts) {
  const r = await fetch(path, opts);
  let body = null;
  try { body = await r.json(); } catch (e) { body = { error: r.statusText }; }
  if (!r.ok) throw new Error((body && body.error) || r.statusText);
  return body;
}
async function write(method, path, payload) {
  const headers = { "Content-Type": "application/json" };
  const token = localStorage.getItem("chronicle-token");
  const user = localStorage.getItem("chronicle-user");
  if (token) headers["Authorization"] = "Bearer " + token;
  if (user) headers["X-Chronicle-User"] = user;
  return api(path, { method, headers, body: JSON.stringify(payload) });
}
function fail(e) { show(h("p", { class: "error" }, "Error: " + e.message)); }
function flash(msg, bad) {
  const el = h("div", { class: bad ? "flash error" : "flash", role: "status" }, msg);
  document.body.append(el);
  setTimeout(() => el.remove(), 4000);
}

function money(x) {
  if (x === null || x === undefined) return "—";
  if (x >= 1e9) return (x / 1e9).toFixed(2) + " bn";
  if (x >= 1e6) return (x / 1e6).toFixed(1) + " m";
  return Math.round(x).toLocaleString("en");
}
function actorLink(a) { return h("a", { href: "/actors/" + a.id, class: "actor" }, a.name); }
function actors(list) {
  const out = [];
  list.forEach((a, i) => { if (i) out.push(", "); out.push(actorLink(a)); });
  return out.length ? out : ["—"];
}
function badge(ev) {
  return h("span", { class: "badge " + ev.review_status, "data-review": ev.review_status },
    ev.reviewed ? "reviewed: " + ev.review_status : "unreviewed");
}
function eventLine(ev) {
  const amount = ev.aid ? [" · ", ev.aid.kind, " ", ev.aid.value_eur != null ? "€" + money(ev.aid.value_eur) : ""] : [];
  return h("li", { class: "event", "data-id": ev.id },
    h("a", { href: "/events/" + ev.id }, ev.sort_date || "undated", " ", ev.type), " ",
    actors(ev.source), ev.target.length ? [" → ", actors(ev.target)] : [],
    ev.location ? [" in ", actorLink(ev.location)] : [], amount, " ", badge(ev));
}

// ------------------------------------------------------------ dashboard
function barChart(rows, label, value, note) {
  const max = Math.max(1, ...rows.map(value));
  const w = 640, bh = 20, lw = 180;
  const svg = s("svg", { viewBox: `0 0 ${w} ${rows.length * (bh + 4) + 4}`, class: "chart", role: "img" });
  rows.forEach((r, i) => {
    const y = i * (bh + 4) + 2, bw = (w - lw - 200) * value(r) / max;
    svg.append(s("text", { x: lw - 6, y: y + 15, "text-anchor": "end" }, label(r)));
    svg.append(s("rect", { x: lw, y, width: Math.max(1, bw), height: bh, class: "bar" }));
    svg.append(s("text", { x: lw + bw + 6, y: y + 15 }, money(value(r)) + (note ? note(r) : "")));
  });
  return svg;
}
function lineChart(months) {
  const w = 640, ht = 180, pad = 30;
  const svg = s("svg", { viewBox: `0 0 ${w} ${ht + 20}`, class: "chart", role: "img" });
  if (!months.length) return h("p", { class: "muted" }, "No dated aid.");
  const max = Math.max(1, ...months.map(m => m.pledged + m.delivered));
  // A few months get bars of at most 48 units, not the whole width.
  const bw = Math.min(48, (w - pad) / months.length);
  months.forEach((m, i) => {
    const hp = ht * m.pledged / max, hd = ht * m.delivered / max;
    const x = pad + i * bw;
    const r1 = s("rect", { x, y: ht - hp, width: Math.max(1, bw - 1), height: hp, class: "bar" });
    r1.append(s("title", {}, `${m.month}: pledged ${money(m.pledged)}`));
    const r2 = s("rect", { x, y: ht - hp - hd, width: Math.max(1, bw - 1), height: hd, class: "bar2" });
    r2.append(s("title", {}, `${m.month}: delivered ${money(m.delivered)}`));
    svg.append(r1, r2);
    // The last label ends at its bar's right edge, inside the chart.
    const last = i === months.length - 1 && i > 0 && months.length >= 13;
    if (i === 0 || i === months.length - 1 || months.length < 13)
      svg.append(s("text", last ? { x: x + bw, y: ht + 14, class: "small", "text-anchor": "end" } : { x, y: ht + 14, class: "small" }, m.month));
  });
  svg.append(s("text", { x: 0, y: 12, class: "small" }, money(max)));
  return svg;
}
function network(edges) {
  if (!edges.length) return h("p", { class: "muted" }, "No meetings.");
  const nodes = new Map();
  for (const e of edges) {
    nodes.set(e.a, e.a_name); nodes.set(e.b, e.b_name);
  }
  const ids = [...nodes.keys()], n = ids.length, w = 640, cx = 320, cy = 260, r = 200;
  const pos = new Map(ids.map((id, i) => [id, [cx + r * Math.cos(2 * Math.PI * i / n), cy + r * Math.sin(2 * Math.PI * i / n)]]));
  const svg = s("svg", { viewBox: `0 0 ${w} 520`, class: "chart network", role: "img" });
  const maxw = Math.max(...edges.map(e => e.events));
  for (const e of edges) {
    const [x1, y1] = pos.get(e.a), [x2, y2] = pos.get(e.b);
    const l = s("line", { x1, y1, x2, y2, "stroke-width": 1 + 5 * e.events / maxw, class: "edge" });
    l.append(s("title", {}, `${e.a_name} – ${e.b_name}: ${e.events}`));
    svg.append(l);
  }
  for (const id of ids) {
    const [x, y] = pos.get(id);
    const a = s("a", { href: "/actors/" + id });
    a.append(s("circle", { cx: x, cy: y, r: 5, class: "node" }));
    a.append(s("text", { x: x + (x < cx ? -8 : 8), y: y + 4, "text-anchor": x < cx ? "end" : "start", class: "small" }, nodes.get(id)));
    svg.append(a);
  }
  return svg;
}
async function dashboard() {
  const params = new URLSearchParams(location.search);
  const cur = params.get("currency") || "EUR", kind = params.get("kind") || "";
  const d = await api("/api/dashboard?" + new URLSearchParams({ currency: cur, kind }));
  const sel = (name, opts, val) => h("select", { name, id: name },
    opts.map(o => h("option", { value: o[0], selected: o[0] === val }, o[1])));
  const form = h("form", { class: "filters", id: "dash-filters" },
    sel("currency", [["EUR", "EUR"], ["USD", "USD"]], cur),
    sel("kind", [["", "all kinds"], ["military", "military"], ["financial", "financial"], ["humanitarian", "humanitarian"], ["unspecified", "unspecified"]], kind),
    h("button", { type: "submit" }, "Apply"));
  const review = Object.entries(d.review).map(([k, v]) => `${k} ${v}`).join(" · ");
  show(h("h1", {}, "Dashboard"),
    h("p", { class: "muted", id: "counts" }, `${d.counts.documents} documents · ${d.counts.events} events · ${d.counts.entities} entities · ${d.counts.quotes} quotes · ${review}`),
    form,
    h("section", { id: "donors" }, h("h2", {}, `Donors by committed aid (${d.currency})`),
      d.donors.length ? barChart(d.donors, r => r.donor, r => r.total,
        r => r.running_total ? ` (stated total ${money(r.running_total)})` : "") : h("p", { class: "muted" }, "No aid.")),
    h("section", { id: "aid-time" }, h("h2", {}, `Aid over time (${d.currency}; pledged, delivered)`), lineChart(d.aid_by_month)),
    h("div", { class: "cols" },
      h("section", { id: "visits" }, h("h2", {}, "Latest visits"), h("ul", { class: "events" }, d.latest_visits.map(eventLine))),
      h("section", { id: "meetings" }, h("h2", {}, "Latest meetings and calls"), h("ul", { class: "events" }, d.latest_meetings.map(eventLine)))),
    h("section", { id: "network" }, h("h2", {}, "Who met whom"), network(d.network)));
}

// ------------------------------------------------------------ event list
async function events() {
  const params = new URLSearchParams(location.search);
  const field = (name, label, type) => h("label", {}, label, " ",
    h("input", { name, id: "f-" + name, type: type || "text", value: params.get(name) || "", size: 10 }));
  const types = ["", "VISIT", "MEET", "CALL", "AID_PLEDGE", "AID_DELIVERY", "AGREEMENT", "GATHERING"];
  const statuses = ["", "unreviewed", "confirmed", "edited", "rejected"];
  const form = h("form", { class: "filters", id: "event-filters" },
    h("label", {}, "type ", h("select", { name: "type", id: "f-type" }, types.map(t => h("option", { value: t, selected: t === (params.get("type") || "") }, t || "any")))),
    field("actor", "actor"), field("country", "country"), field("since", "since", "date"), field("until", "until", "date"),
    h("label", {}, "review ", h("select", { name: "status", id: "f-status" }, statuses.map(t => h("option", { value: t, selected: t === (params.get("status") || "") }, t || "any")))),
    field("q", "text"), h("button", { type: "submit", id: "f-submit" }, "Filter"));
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) q.set(k, v);
    history.pushState(null, "", "/events?" + q);
    events().catch(fail);
  });
  const q = new URLSearchParams();
  for (const [k, v] of params) if (v) q.set(k, v);
  const d = await api("/api/events?" + q);
  const offset = d.offset, next = new URLSearchParams(q), prev = new URLSearchParams(q);
  next.set("offset", offset + d.limit); prev.set("offset", Math.max(0, offset - d.limit));
  show(h("h1", {}, "Events"), form,
    h("p", { id: "event-total" }, `${d.total} events`, offset ? ` (from ${offset + 1})` : ""),
    h("ul", { class: "events", id: "event-list" }, d.events.map(eventLine)),
    h("p", {}, offset > 0 ? h("a", { href: "/events?" + prev }, "← previous") : null, " ",
      offset + d.limit < d.total ? h("a", { href: "/events?" + next }, "next →") : null));
}

// ------------------------------------------------------------ one event
async function eventPage() {
  const id = idFromPath();
  const d = await api("/api/events/" + encodeURIComponent(id));
  const ev = d.event;
  const review = (decision) => async () => {
    try {
      await write("POST", `/api/events/${ev.id}/review`, { decision });
      flash("Saved: " + decision); await eventPage();
    } catch (e) { flash(e.message, true); }
  };
  const edit = h("form", { class: "edit", id: "edit-form" },
    ["type", "status", "date_start", "date_end", "aid_kind", "value_eur", "value_usd"].map(f =>
      h("label", {}, f, " ", h("input", { name: f, value: f === "type" ? ev.type : f === "aid_kind" ? (ev.aid ? ev.aid.kind : "") :
        f.startsWith("value") ? (ev.aid && ev.aid[f] != null ? ev.aid[f] : "") : (ev[f] || ""), size: 12 }))),
    h("button", { type: "submit" }, "Save edit"));
  edit.addEventListener("submit", async e => {
    e.preventDefault();
    const body = {};
    for (const [k, v] of new FormData(edit)) {
      const old = edit.querySelector(`[name=${k}]`).defaultValue;
      if (v === old) continue;
      body[k] = v === "" ? null : (k.startsWith("value") ? Number(v) : v);
    }
    try { await write("PATCH", "/api/events/" + ev.id, body); flash("Edited"); await eventPage(); }
    catch (err) { flash(err.message, true); }
  });
  const mergeInput = h("input", { id: "merge-other", placeholder: "event id", size: 8 });
  const merge = h("form", { class: "edit" }, "Merge event ", mergeInput, " into this one ", h("button", { type: "submit" }, "Merge"));
  merge.addEventListener("submit", async e => {
    e.preventDefault();
    try { await write("POST", `/api/events/${ev.id}/merge`, { other: Number(mergeInput.value) }); flash("Merged"); await eventPage(); }
    catch (err) { flash(err.message, true); }
  });
  const split = (doc) => async () => {
    try { const r = await write("POST", `/api/events/${ev.id}/split`, { document_id: doc }); location.href = "/events/" + r.new_event_id; }
    catch (err) { flash(err.message, true); }
  };
  show(h("h1", {}, `${ev.type} #${ev.id} `, badge(ev)),
    h("dl", { class: "facts" },
      h("dt", {}, "date"), h("dd", {}, ev.date_start || "—", ev.date_end && ev.date_end !== ev.date_start ? " – " + ev.date_end : ""),
      h("dt", {}, "status"), h("dd", {}, ev.status),
      h("dt", {}, "source"), h("dd", {}, actors(ev.source)),
      h("dt", {}, "target"), h("dd", {}, actors(ev.target)),
      ev.participants.length ? [h("dt", {}, "participants"), h("dd", {}, actors(ev.participants))] : [],
      h("dt", {}, "where"), h("dd", {}, ev.location ? actorLink(ev.location) : "—"),
      ev.aid ? [h("dt", {}, "aid"), h("dd", {}, `${ev.aid.kind} ${ev.aid.currency || ""} ${money(ev.aid.value)} (€${money(ev.aid.value_eur)}, $${money(ev.aid.value_usd)})`, ev.aid.cumulative ? " · running total" : "", ev.aid.items.length ? " · items: " + ev.aid.items.join(", ") : "")] : []),
    h("div", { class: "review" },
      h("button", { id: "confirm", onclick: review("confirm") }, "Confirm"), " ",
      h("button", { id: "reject", onclick: review("reject") }, "Reject"), " ",
      h("button", { id: "reset", onclick: review("reset") }, "Reset")),
    edit, merge,
    h("h2", {}, `Sources (${d.sources.length})`),
    h("ol", { class: "sources" }, d.sources.map(src => h("li", {},
      h("a", { href: `/documents/${src.document_id}#ev-${ev.id}` }, src.title || "document " + src.document_id),
      " ", h("span", { class: "muted" }, src.published || "", src.outlet ? " · " + src.outlet : "", " · ", src.status,
        src.attribution ? " · per " + src.attribution : ""),
      h("blockquote", {}, h("mark", { class: "evidence" }, src.evidence_text || "")),
      d.sources.length > 1 ? h("button", { class: "small", onclick: split(src.document_id) }, "Split off this source") : null))),
    h("h2", {}, "History"),
    d.audit.length ? h("ul", { class: "audit" }, d.audit.map(a => h("li", {}, `${a.at} ${a.actor} ${a.action}`, a.note ? " — " + a.note : ""))) : h("p", { class: "muted" }, "Not reviewed yet."));
}

// ------------------------------------------------------------ document
function highlighted(text, hs) {
  // Split the text at every highlight boundary; each piece carries the
  // highlights covering it (mentions underlined, events and quotes shaded).
  const cuts = new Set([0, text.length]);
  for (const x of hs) { cuts.add(x.start); cuts.add(x.end); }
  const points = [...cuts].filter(c => c >= 0 && c <= text.length).sort((a, b) => a - b);
  const out = [], seen = new Set();
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const cover = hs.filter(x => x.start <= a && x.end >= b);
    if (!cover.length) { out.push(text.slice(a, b)); continue; }
    const span = h("span", { class: cover.map(x => "hl-" + x.kind).join(" ") }, text.slice(a, b));
    for (const x of cover) {
      const anchor = (x.kind === "event" ? "ev-" : x.kind === "quote" ? "q-" : "m-") + x.target;
      if (!seen.has(anchor)) { seen.add(anchor); span.id = span.id || anchor; if (span.id !== anchor) span.prepend(h("a", { id: anchor })); }
    }
    const m = cover.find(x => x.kind === "mention"), e = cover.find(x => x.kind === "event");
    span.title = cover.map(x => x.kind + ": " + x.label).join("\n");
    if (m) span.dataset.entity = m.target;
    if (e) span.dataset.event = e.target;
    out.push(span);
  }
  return out;
}
function jump(anchor) {
  return (ev) => {
    ev.preventDefault();
    const el = document.getElementById(anchor);
    if (el) { el.scrollIntoView({ block: "center" }); el.classList.add("flashed"); setTimeout(() => el.classList.remove("flashed"), 1500); }
  };
}
async function documentPage() {
  const d = await api("/api/documents/" + encodeURIComponent(idFromPath()));
  const text = h("div", { class: "doctext", id: "doctext" }, highlighted(d.text, d.highlights));
  text.addEventListener("click", e => {
    const t = e.target.closest("[data-event]");
    if (t && e.detail === 2) location.href = "/events/" + t.dataset.event;
  });
  show(h("h1", { id: "doc-title" }, d.title || "document " + d.id),
    h("p", { class: "muted" }, d.published || "", d.outlet ? " · " + d.outlet : "", d.url ? [" · ", h("a", { href: d.url, rel: "noreferrer noopener" }, d.url)] : ""),
    h("div", { class: "doc" },
      text,
      h("aside", {},
        h("h2", {}, `Events (${d.events.length})`),
        h("ul", { class: "events", id: "doc-events" }, d.events.map(ev => h("li", {},
          h("a", { href: "#ev-" + ev.id, onclick: jump("ev-" + ev.id) }, ev.type, " ", ev.sort_date || ""), " ",
          h("a", { href: "/events/" + ev.id }, "open"), " ", badge(ev)))),
        h("h2", {}, `Quotes (${d.quotes.length})`),
        h("ul", { id: "doc-quotes" }, d.quotes.map(q => h("li", {},
          h("a", { href: "#q-" + q.id, onclick: jump("q-" + q.id) }, q.speaker || "unknown", ": "), q.text.slice(0, 120)))),
        h("h2", {}, `Entities (${d.entities.length})`),
        h("ul", { id: "doc-entities" }, d.entities.map(e => h("li", {},
          h("a", { href: "#m-" + e.id, onclick: jump("m-" + e.id) }, e.name), ` ${e.kind} ×${e.mentions} `,
          h("a", { href: "/actors/" + e.id }, "actor")))))));
  if (location.hash) { const el = document.getElementById(location.hash.slice(1)); if (el) el.scrollIntoView({ block: "center" }); }
}

// ------------------------------------------------------------ actor
async function actorPage() {
  const d = await api("/api/actors/" + encodeURIComponent(idFromPath()));
  const e = d.entity;
  const byYear = new Map();
  for (const ev of d.events) { const y = (ev.sort_date || "?").slice(0, 7); byYear.set(y, (byYear.get(y) || 0) + 1); }
  const months = [...byYear.entries()].sort().map(([month, n]) => ({ month, pledged: n, delivered: 0 }));
  const mergeInput = h("input", { id: "merge-entity", placeholder: "entity id", size: 8 });
  const merge = h("form", { class: "edit" }, "Merge entity ", mergeInput, " into this one ", h("button", { type: "submit" }, "Merge"));
  merge.addEventListener("submit", async ev => {
    ev.preventDefault();
    try { await write("POST", `/api/entities/${e.id}/merge`, { other: Number(mergeInput.value) }); flash("Merged"); await actorPage(); }
    catch (err) { flash(err.message, true); }
  });
  const splitInput = h("input", { id: "split-doc", placeholder: "document id", size: 8 });
  const split = h("form", { class: "edit" }, "Split off document ", splitInput, " ", h("button", { type: "submit" }, "Split"));
  split.addEventListener("submit", async ev => {
    ev.preventDefault();
    try { const r = await write("POST", `/api/entities/${e.id}/split`, { document_id: Number(splitInput.value) }); location.href = "/actors/" + r.new_entity_id; }
    catch (err) { flash(err.message, true); }
  });
  show(h("h1", {}, e.name, " ", h("span", { class: "muted" }, e.kind, e.country ? " · " + e.country : "")),
    h("p", { class: "muted" }, `${e.mentions} mention${e.mentions === 1 ? "" : "s"} in ${e.documents} document${e.documents === 1 ? "" : "s"}`),
    h("h2", {}, "Events over time"), lineChart(months),
    h("h2", {}, `Roles (${d.roles.length})`),
    h("ul", {}, d.roles.map(r => h("li", {}, r.published || "", " ", r.title, r.of ? " of " + r.of : "", " ", h("a", { href: "/documents/" + r.document_id }, "source")))),
    h("h2", {}, `Events (${d.events.length})`), h("ul", { class: "events" }, d.events.map(eventLine)),
    h("h2", {}, `Quotes (${d.quotes.length})`),
    h("ul", {}, d.quotes.map(q => h("li", {}, q.date || "", " ", h("q", {}, q.text), " ", h("a", { href: `/documents/${q.document_id}#q-${q.id}` }, q.title || "source")))),
    merge, split);
}

// ------------------------------------------------------------ search
async function searchPage() {
  const params = new URLSearchParams(location.search);
  const input = h("input", { name: "q", id: "q", value: params.get("q") || "", size: 40 });
  const form = h("form", { class: "filters", action: "/search" }, input, h("button", { type: "submit" }, "Search"));
  if (!params.get("q")) { show(h("h1", {}, "Search"), form); return; }
  const d = await api("/api/search?" + new URLSearchParams({ q: params.get("q") }));
  show(h("h1", {}, "Search"), form,
    h("h2", {}, `Entities (${d.entities.length})`),
    h("ul", {}, d.entities.map(e => h("li", {}, h("a", { href: "/actors/" + e.id }, e.name), ` ${e.kind} ${e.country || ""} ×${e.mentions}`))),
    h("h2", {}, `Events (${d.events_total})`), h("ul", { class: "events" }, d.events.map(eventLine)),
    h("h2", {}, `Documents (${d.documents.length})`),
    h("ul", { id: "search-docs" }, d.documents.map(x => h("li", {}, h("a", { href: "/documents/" + x.id }, x.title || "document " + x.id), " ", h("span", { class: "muted" }, x.published || ""), h("div", { class: "snippet" }, x.snippet)))));
}

// ------------------------------------------------------------ start
function setupAuth() {
  const token = document.getElementById("token"), user = document.getElementById("user");
  token.value = localStorage.getItem("chronicle-token") || "";
  user.value = localStorage.getItem("chronicle-user") || "";
  document.getElementById("auth").addEventListener("submit", e => {
    e.preventDefault();
    localStorage.setItem("chronicle-token", token.value.trim());
    localStorage.setItem("chronicle-user", user.value.trim());
    flash("Token saved");
  });
}
const pages = { dashboard, events, event: eventPage, document: documentPage, actor: actorPage, search: searchPage,
  notfound: async () => show(h("h1", {}, "Not found")) };
window.addEventListener("popstate", () => { const p = pages[document.body.dataset.page]; if (p) p().catch(fail); });
document.addEventListener("DOMContentLoaded", () => {
  setupAuth();
  const p = pages[document.body.dataset.page] || pages.notfound;
  p().then(() => { document.body.dataset.ready = "1"; }).catch(e => { fail(e); document.body.dataset.ready = "1"; });
});
