// The sign-in page: a passkey (where the server takes them and the browser has WebAuthn) or
// the password, checked by the API (which sets the session cookie: HttpOnly, so no script here
// or anywhere reads it); then back to the page that sent the person here, which must be one of
// this site's own paths.
import * as passkey from "./passkey.js";
import { localize, t } from "./words.js";

const $ = (id) => document.getElementById(id);

/// Where to go after signing in: `?next=` when it is a path on this origin, else the studio.
export function destination(search, origin) {
  const next = new URLSearchParams(search).get("next") || "/studio.html";
  try {
    const url = new URL(next, origin);
    if (url.origin === origin && next.startsWith("/") && !next.startsWith("//")) {
      return url.pathname + url.search + url.hash;
    }
  } catch {
    // A malformed next: go to the studio.
  }
  return "/studio.html";
}

async function signIn(event) {
  event.preventDefault();
  const handle = $("handle").value.trim();
  const password = $("password").value;
  if (!handle || !password) {
    $("error").textContent = t(!handle ? "signin.need_handle" : "signin.need_password");
    (!handle ? $("handle") : $("password")).focus();
    return;
  }
  $("go").disabled = true;
  $("error").textContent = "";
  try {
    const res = await fetch("/api/session", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ handle, password }),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) {
      $("error").textContent = t("signin.refused", { why: json?.error?.message || t("host.http", { status: res.status }) });
      $("password").select();
      return;
    }
    location.assign(destination(location.search, location.origin));
  } catch (e) {
    $("error").textContent = t("signin.unreachable", { why: e.message });
  } finally {
    $("go").disabled = false;
  }
}

async function post(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(json?.error?.message || `HTTP ${res.status}`);
  return json;
}

async function withPasskey() {
  const handle = $("handle").value.trim();
  if (!handle) {
    $("error").textContent = t("signin.need_handle_passkey");
    $("handle").focus();
    return;
  }
  $("passkey").disabled = true;
  $("error").textContent = "";
  try {
    const start = await post("/api/session/passkey/start", { handle });
    const credential = await passkey.get(start.options);
    await post("/api/session/passkey/finish", { ceremony: start.ceremony, credential });
    location.assign(destination(location.search, location.origin));
  } catch (e) {
    // NotAllowedError: the person cancelled or no passkey of theirs is on this device.
    $("error").textContent = e.name === "NotAllowedError"
      ? t("signin.passkey_cancelled")
      : t("signin.passkey_failed", { why: e.message });
  } finally {
    $("passkey").disabled = false;
  }
}

if (typeof document !== "undefined" && $("signin")) {
  localize();
  $("signin").addEventListener("submit", signIn);
  $("passkey").addEventListener("click", withPasskey);
  $("handle").focus();
  if (passkey.supported()) {
    fetch("/api/session/passkey")
      .then((r) => r.json())
      .then((p) => {
        $("passkey").hidden = !p.available;
      })
      .catch(() => {});
  }
}
