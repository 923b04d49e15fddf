// The LIVE host console: starts a room, pins and unpins products, starts flash deals with the
// discount, length, stock and per-customer limit the host chooses. Every change is one API call
// under an Idempotency-Key, as the signed-in host (its CSRF token with it); viewers get it over
// Server-Sent Events, and so does this page (a viewer's order changes a deal's stock). Product
// text from the API is only ever set as text.
import { badge, csrf, requireSession } from "./account.js";
import { lang, localize, money, t } from "./words.js";

localize();
const $ = (id) => document.getElementById(id);
const session = await requireSession();
void badge($("who"), session);
// A price is the seller's: a creator's room pins, but starts no deals.
const sells = session.account.kind === "seller";
let room = new URLSearchParams(location.search).get("room");
let pinned = [];
let found = [];
const products = new Map();
/// Server time minus this machine's (a deal's end is the server's).
let offset = 0;
let ticking = 0;
let stream = null;

// What a host may choose for a flash deal, and what it starts with.
const DEAL = { percent: [5, 90, 20], minutes: [1, 2, 5, 10, 15, 30, 60], minutesAt: 5, stock: [1, 9999, 25], limit: [1, 10, 2] };

async function api(method, path, body) {
  const headers = { accept: "application/json" };
  if (method !== "GET") {
    headers["idempotency-key"] = crypto.randomUUID();
    headers["x-csrf-token"] = csrf();
  }
  if (body) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(json?.error?.message || t("host.http", { status: res.status }));
  return json;
}

/// An error in words on the page's alert line; nothing clears what it says but the next act.
function fail(err) {
  $("error").textContent = err ? t("host.failed", { why: String(err.message || err) }) : "";
}

const now = () => Date.now() + offset;
const regular = (p) => Math.min(...p.variants.map((v) => v.price));
const running = (p) => p.deals?.find((d) => d.starts_ms <= now() && now() < d.ends_ms);

async function syncClock() {
  const sent = Date.now();
  const r = await api("GET", "/api/time");
  offset = r.now_ms - (sent + Date.now()) / 2;
}

async function remember(ids) {
  const missing = ids.filter((id) => !products.has(id));
  if (!missing.length) return;
  const r = await api("GET", `/api/products?ids=${missing.map(encodeURIComponent).join(",")}`);
  for (const p of r.products) products.set(p.id, p);
}

/// Reads one product again (its deals and their stock changed).
async function refresh(id) {
  const r = await api("GET", `/api/products?ids=${encodeURIComponent(id)}`);
  for (const p of r.products) products.set(p.id, p);
  draw();
}

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("aria-") || k.startsWith("data-")) e.setAttribute(k, v);
    else e[k] = v;
  }
  e.append(...children.filter((c) => c != null));
  return e;
}

function button(text, name, onClick, props = {}) {
  const b = el("button", { type: "button", textContent: text, ...props });
  if (name) b.setAttribute("aria-label", name);
  b.addEventListener("click", () => {
    fail();
    Promise.resolve(onClick(b)).catch(fail);
  });
  return b;
}

/// "Flash deal −20 % · 4:12 left · 23 left at this price", or nothing when none runs.
function dealLine(p) {
  const d = running(p);
  if (!d) return "";
  const left = Math.max(0, Math.ceil((d.ends_ms - now()) / 1000));
  const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  const off = Math.round((1 - d.price / regular(p)) * 100);
  const parts = [t("host.deal_runs", { off, clock })];
  if (d.stock_left != null) parts.push(t("host.deal_stock", { n: d.stock_left }));
  if (d.limit != null) parts.push(t("host.deal_limit", { n: d.limit }));
  return parts.join(" · ");
}

/// The product's picture, name, price (the deal's, with the regular one struck) and deal.
function describe(p) {
  const d = running(p);
  const price = el("span", { class: "price" });
  if (d) {
    price.append(el("strong", { textContent: money(d.price, p.currency) }), " ",
      el("s", { textContent: money(regular(p), p.currency) }));
  } else {
    price.textContent = money(regular(p), p.currency);
  }
  return el("span", { class: "product" },
    el("img", { src: p.image, alt: "", width: 40, height: 40, loading: "lazy" }),
    el("span", { class: "what" },
      el("span", { class: "name", textContent: p.title }),
      price,
      el("span", { class: "deal", "data-deal-of": p.id, textContent: dealLine(p) })));
}

/// The flash deal form under a pinned product: the host's numbers, what viewers will pay.
function dealForm(p, toggle, id) {
  const field = (key, input) => el("label", {}, el("span", { textContent: t(key) }), input);
  const number = (name, [min, max, value]) =>
    el("input", { type: "number", name, min, max, step: 1, value, required: true, inputMode: "numeric" });
  const percent = number("percent", DEAL.percent);
  const minutes = el("select", { name: "minutes" },
    ...DEAL.minutes.map((m) => el("option", { value: m, selected: m === DEAL.minutesAt, textContent: t("host.minutes", { n: m }) })));
  const stock = number("stock", DEAL.stock);
  const limit = number("limit", DEAL.limit);
  // The deal's name is the host's words, shown to every viewer as written.
  const name = el("input", { type: "text", name: "title", maxLength: 80, value: t("host.deal_title") });
  const preview = el("output", { class: "preview" });
  const form = el("form", { class: "deal-form", id, hidden: true, noValidate: true },
    el("div", { class: "fields" },
      field("host.deal_percent", percent), field("host.deal_minutes", minutes),
      field("host.deal_stock_field", stock), field("host.deal_limit_field", limit),
      field("host.deal_name_field", name)),
    preview,
    el("div", { class: "row" },
      el("button", { type: "submit", textContent: t("host.deal_start"), "aria-label": t("host.deal_start_on", { title: p.title }) }),
      button(t("host.cancel"), null, () => close())));
  const price = () => Math.round((regular(p) * (100 - Number(percent.value))) / 100);
  const show = () => {
    preview.textContent = [percent, stock, limit].every((i) => i.checkValidity())
      ? t("host.deal_preview", { price: money(price(), p.currency), was: money(regular(p), p.currency), minutes: t("host.minutes", { n: Number(minutes.value) }) })
      : "";
  };
  const close = () => {
    form.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  };
  form.addEventListener("input", show);
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    fail();
    for (const [input, key, [min, max]] of [[percent, "host.deal_percent", DEAL.percent], [stock, "host.deal_stock_field", DEAL.stock], [limit, "host.deal_limit_field", DEAL.limit]]) {
      if (!input.checkValidity()) {
        fail(new Error(t("host.deal_bad", { field: t(key), min, max })));
        input.focus();
        return;
      }
    }
    (async () => {
      await api("POST", `/api/rooms/${encodeURIComponent(room)}/deals`, {
        product_id: p.id, price: price(), duration_ms: Number(minutes.value) * 60_000,
        stock: Number(stock.value), limit: Number(limit.value), title: name.value.trim() || null,
      });
      $("room").textContent = t("host.deal_started", { title: p.title, price: money(price(), p.currency) });
      form.hidden = true;
      await refresh(p.id);
      $(`deal-${p.id}`)?.focus();
    })().catch(fail);
  });
  show();
  return form;
}

function pinnedItem(p) {
  const li = el("li", {}, describe(p));
  const actions = el("span", { class: "actions" });
  actions.append(button(t("host.unpin"), t("host.unpin_name", { title: p.title }), async () => {
    await api("DELETE", `/api/rooms/${encodeURIComponent(room)}/pins/${encodeURIComponent(p.id)}`);
    await showRoom();
  }));
  if (sells && !running(p)) {
    const id = `deal-form-${p.id}`;
    const toggle = button(t("host.deal_open"), t("host.deal_open_on", { title: p.title }), (b) => {
      const open = b.getAttribute("aria-expanded") !== "true";
      b.setAttribute("aria-expanded", String(open));
      $(id).hidden = !open;
      if (open) $(id).querySelector("input")?.focus();
    }, { id: `deal-${p.id}`, "aria-expanded": "false", "aria-controls": id });
    actions.append(toggle);
    li.append(actions, dealForm(p, toggle, id));
  } else {
    const d = running(p);
    if (sells && d) {
      actions.append(button(t("host.deal_end"), t("host.deal_end_name", { title: p.title }), async () => {
        await api("POST", `/api/rooms/${encodeURIComponent(room)}/deals/${encodeURIComponent(d.id)}/end`);
        $("room").textContent = t("host.deal_ended", { title: p.title });
        await refresh(p.id);
        $(`deal-${p.id}`)?.focus();
      }));
    }
    // Focus lands here after a deal starts: the row that now says it runs.
    li.append(actions);
    li.querySelector(".deal").id = `deal-${p.id}`;
    li.querySelector(".deal").tabIndex = -1;
  }
  return li;
}

function foundItem(p) {
  const isPinned = pinned.includes(p.id);
  const pin = button(isPinned ? t("host.is_pinned") : t("host.pin"), t(isPinned ? "host.is_pinned_name" : "host.pin_name", { title: p.title }), async () => {
    if (!room) throw new Error(t("host.start_first"));
    await api("POST", `/api/rooms/${encodeURIComponent(room)}/pins`, { product_id: p.id });
    await showRoom();
  }, { disabled: isPinned });
  return el("li", {}, describe(p), el("span", { class: "actions" }, pin));
}

/// Both lists, from what is known; the deal lines keep counting down while a deal runs.
function draw() {
  // A form being filled in stays as it is: only a list without one is drawn again.
  const filling = [...document.querySelectorAll(".deal-form")].some((f) => !f.hidden);
  // The room's events redraw the lists at any moment: focus stays on the same line or button.
  const focused = document.activeElement?.id;
  if (!filling) $("pinned").replaceChildren(...pinned.map((id) => products.get(id)).filter(Boolean).map(pinnedItem));
  $("pinned-empty").hidden = pinned.length > 0;
  $("results").replaceChildren(...found.map((id) => products.get(id)).filter(Boolean).map(foundItem));
  if (focused && !document.activeElement?.id) $(focused)?.focus();
  clearInterval(ticking);
  const live = [...products.values()].filter(running);
  if (live.length) {
    ticking = setInterval(() => {
      for (const p of live) {
        for (const line of document.querySelectorAll(`[data-deal-of="${CSS.escape(p.id)}"]`)) {
          line.textContent = dealLine(p);
        }
        if (!running(p)) draw(); // it ended: its row offers a new one
      }
    }, 1000);
  }
}

async function showRoom() {
  if (!room) return;
  const r = await api("GET", `/api/rooms/${encodeURIComponent(room)}`);
  pinned = r.pinned;
  await remember(r.pinned);
  $("room").textContent = t("host.room_live", { title: r.title, n: r.pinned.length });
  $("viewer").href = `live.html?room=${encodeURIComponent(r.id)}`;
  $("viewer").hidden = false;
  $("another").hidden = false;
  $("another").href = new URLSearchParams(location.search).has("lang") ? `host.html?lang=${lang}` : "host.html";
  // One room per page: the form says it started and takes no second one.
  $("title").value = r.title;
  $("title").disabled = true;
  const start = $("start").querySelector("button");
  start.disabled = true;
  start.textContent = t("host.started");
  draw();
  follow(r.last_event_id);
}

/// This page hears the room as viewers do: a viewer's order changes a deal's stock.
function follow(after) {
  if (stream) return;
  stream = new EventSource(`/api/rooms/${encodeURIComponent(room)}/events?after=${after}`);
  for (const kind of ["deal", "stock"]) {
    stream.addEventListener(kind, (e) => {
      const id = JSON.parse(e.data).product_id;
      if (id) refresh(id).catch(fail);
    });
  }
}

async function search() {
  const q = $("q").value.trim();
  // Only what this account may show: its own products, or a creator's programmes.
  const r = await api("GET", `/api/products?mine=1&q=${encodeURIComponent(q)}`);
  for (const p of r.products) products.set(p.id, p);
  found = r.products.map((p) => p.id);
  $("found").textContent = q ? t("host.found", { n: found.length, q }) : t("host.all", { n: found.length });
  draw();
}

$("start").addEventListener("submit", (e) => {
  e.preventDefault();
  fail();
  (async () => {
    const r = await api("POST", "/api/rooms", { title: $("title").value });
    room = r.id;
    const query = new URLSearchParams(location.search);
    query.set("room", room);
    history.replaceState(null, "", `?${query}`);
    await showRoom();
  })().catch(fail);
});

let typing = 0;
$("q").addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(() => search().catch(fail), 200);
});
$("find").addEventListener("submit", (e) => {
  e.preventDefault();
  clearTimeout(typing);
  fail();
  search().catch(fail);
});

Promise.all([syncClock(), showRoom(), search()]).catch(fail);
