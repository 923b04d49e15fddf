// The signed-in seller or creator, for the pages they work in (the studio, the host console):
// who it is (GET /api/session), the CSRF token every change must carry, and signing out. A
// page opened without a session goes to the sign-in page, which brings the person back. The
// badge offers to add a passkey, the way to sign in next time without the password.
import * as passkey from "./passkey.js";
import { t } from "./words.js";

let current = null;

/// The session, or a trip to the sign-in page (the returned promise then never settles).
export async function requireSession() {
  const res = await fetch("/api/session", { headers: { accept: "application/json" } });
  if (res.status === 401) {
    location.assign(`/signin.html?next=${encodeURIComponent(location.pathname + location.search)}`);
    return new Promise(() => {});
  }
  if (!res.ok) throw new Error(`could not read the session (HTTP ${res.status})`);
  current = await res.json();
  return current;
}

/// The session's CSRF token ("" before `requireSession`).
export function csrf() {
  return current?.csrf ?? "";
}

/// Signs out on the server (the session is revoked) and goes to the sign-in page.
export async function signOut() {
  await fetch("/api/session", { method: "DELETE", headers: { "x-csrf-token": csrf() } }).catch(() => {});
  location.assign("/signin.html");
}

async function post(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": csrf() },
    body: JSON.stringify(body ?? {}),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(json?.error?.message || `HTTP ${res.status}`);
  return json;
}

/// Makes a passkey for the signed-in person on this device; what happened, in words.
export async function addPasskey() {
  try {
    const start = await post("/api/passkeys/register/start");
    const credential = await passkey.create(start.options);
    await post("/api/passkeys/register/finish", { ceremony: start.ceremony, credential, name: "Passkey" });
    return t("account.passkey_added");
  } catch (e) {
    return e.name === "NotAllowedError" ? t("account.no_passkey") : t("account.passkey_failed", { why: e.message });
  }
}

function button(text, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

/// "Signed in as … · Add a passkey · Sign out" in `el`, as text and real buttons.
export async function badge(el, session) {
  el.textContent = "";
  const who = document.createElement("span");
  who.textContent = t("account.who", { handle: session.user.handle, name: session.account.name });
  const said = document.createElement("span");
  said.setAttribute("role", "status");
  el.append(who, " ");
  const offered = passkey.supported() && (await fetch("/api/session/passkey").then((r) => r.json()).catch(() => ({}))).available;
  if (offered) {
    el.append(button(t("account.add_passkey"), async () => {
      said.textContent = await addPasskey();
    }), " ");
  }
  el.append(button(t("account.sign_out"), signOut), " ", said);
}
