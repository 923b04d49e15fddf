// The reference API as the bench scripts call it (the host's side: rooms, pins, deals): JSON in
// and out, a fresh idempotency key per call, and an error naming the call when it fails.
export function apiClient(base, label) {
  return async function api(method, path, body) {
    const res = await fetch(base + path, {
      method,
      headers: { "content-type": "application/json", "idempotency-key": `${label}-${Math.random()}` },
      body: body && JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
}
