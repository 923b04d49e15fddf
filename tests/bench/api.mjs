// The reference API as the bench scripts call it (the host's side: rooms, pins, deals): signed
// in as the demo seller (the server's --demo-accounts, password in DEMO_PASSWORD), JSON in and
// out, a fresh idempotency key per call, and an error naming the call when it fails.
export function apiClient(base, label) {
  let session = null;
  async function signIn() {
    const password = process.env.DEMO_PASSWORD;
    if (!password) throw new Error("DEMO_PASSWORD is not set: run the bench through `cargo xtask bench`");
    const res = await fetch(`${base}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ handle: "seller@northwind.example", password }),
    });
    if (res.status !== 201) throw new Error(`signing in: HTTP ${res.status} ${await res.text()}`);
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    return { cookie, csrf: (await res.json()).csrf };
  }
  return async function api(method, path, body) {
    session ??= await signIn();
    const res = await fetch(base + path, {
      method,
      headers: {
        "content-type": "application/json",
        "idempotency-key": `${label}-${Math.random()}`,
        cookie: session.cookie,
        "x-csrf-token": session.csrf,
      },
      body: body && JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
}
