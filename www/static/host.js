// The LIVE host console: starts a room, pins and unpins products, starts flash deals. Every
// change is one API call under an Idempotency-Key, as the signed-in host (its CSRF token
// with it); viewers get it over Server-Sent Events. Product text from the API is only ever
// set as text.
import { badge, csrf, requireSession } from "./account.js";

const $ = (id) => document.getElementById(id);
const session = await requireSession();
void badge($("who"), session);
// A price is the seller's: a creator's room pins, but starts no deals.
const sells = session.account.kind === "seller";
const params = new URLSearchParams(location.search);
let room = params.get("room");
let products = new Map();

async function api(method, path, body) {
  const headers = { accept: "application/json" };
  if (method !== "GET") {
    headers["idempotency-key"] = crypto.randomUUID();
    headers["x-csrf-token"] = csrf();
  }
  if (body) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(json?.error?.message || `HTTP ${res.status}`);
  return json;
}

function say(err) {
  $("error").textContent = err ? String(err.message || err) : "";
}

function item(text, buttons) {
  const li = document.createElement("li");
  const span = document.createElement("span");
  span.textContent = text;
  li.append(span);
  for (const [label, name, onClick] of buttons) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.setAttribute("aria-label", name);
    b.addEventListener("click", () => onClick().catch(say));
    li.append(b);
  }
  return li;
}

async function remember(ids) {
  const missing = ids.filter((id) => !products.has(id));
  if (!missing.length) return;
  const r = await api("GET", `/api/products?ids=${missing.map(encodeURIComponent).join(",")}`);
  for (const p of r.products) products.set(p.id, p);
}

function money(minor, currency) {
  return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(minor / 100);
}

async function showRoom() {
  if (!room) return;
  const r = await api("GET", `/api/rooms/${encodeURIComponent(room)}`);
  $("room").textContent = `Room ${r.id} · “${r.title}” · ${r.pinned.length} pinned`;
  const link = $("viewer");
  link.href = `live.html?room=${encodeURIComponent(r.id)}`;
  link.hidden = false;
  await remember(r.pinned);
  const list = $("pinned");
  list.replaceChildren(
    ...r.pinned.map((id) => {
      const p = products.get(id);
      const title = p ? p.title : id;
      const price = p ? Math.min(...p.variants.map((v) => v.price)) : 0;
      return item(title, [
        ["Unpin", `Unpin ${title}`, async () => {
          await api("DELETE", `/api/rooms/${encodeURIComponent(room)}/pins/${encodeURIComponent(id)}`);
          await showRoom();
        }],
        ...(sells ? [["Flash deal −20% for 5 min", `Flash deal −20% for 5 min on ${title}`, async () => {
          const d = await api("POST", `/api/rooms/${encodeURIComponent(room)}/deals`, {
            product_id: id, price: Math.round(price * 0.8), duration_ms: 5 * 60_000,
            stock: 25, limit: 2, title: "Flash deal",
          });
          $("room").textContent = `Flash deal on ${title}: ${money(d.price, p?.currency || "USD")} until the timer ends`;
        }]] : []),
      ]);
    }),
  );
}

$("start").addEventListener("submit", (e) => {
  e.preventDefault();
  (async () => {
    const r = await api("POST", "/api/rooms", { title: $("title").value });
    room = r.id;
    history.replaceState(null, "", `?room=${encodeURIComponent(room)}`);
    await showRoom();
    say();
  })().catch(say);
});

$("find").addEventListener("submit", (e) => {
  e.preventDefault();
  (async () => {
    // Only what this account may show: its own products, or a creator's programmes.
    const r = await api("GET", `/api/products?mine=1&q=${encodeURIComponent($("q").value)}`);
    for (const p of r.products) products.set(p.id, p);
    $("results").replaceChildren(
      ...r.products.map((p) =>
        item(p.title, [
          ["Pin", `Pin ${p.title}`, async () => {
            if (!room) throw new Error("Start a room first.");
            await api("POST", `/api/rooms/${encodeURIComponent(room)}/pins`, { product_id: p.id });
            await showRoom();
          }],
        ]),
      ),
    );
    say();
  })().catch(say);
});

showRoom().catch(say);
