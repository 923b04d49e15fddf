// Signing in as the demo's people: the test server runs with --demo-accounts and the
// password in DEMO_PASSWORD (set by `cargo xtask test`).
export const SELLER = "seller@northwind.example";
export const HOST = "host@northwind.example";
export const CREATOR = "maya@creators.example";

export function password() {
  const p = process.env.DEMO_PASSWORD;
  if (!p) throw new Error("DEMO_PASSWORD is not set: run the end-to-end tests through `cargo xtask test`");
  return p;
}

/// Signs `target` in as `handle`: a Page or BrowserContext (its pages then carry the session
/// cookie) or an APIRequestContext. Returns the header a change made with it must carry.
export async function signIn(target, handle = SELLER) {
  const request = target.request ?? target;
  const res = await request.post("/api/session", { data: { handle, password: password() } });
  if (res.status() !== 201) throw new Error(`signing in as ${handle}: HTTP ${res.status()} ${await res.text()}`);
  const session = await res.json();
  return { "x-csrf-token": session.csrf };
}

/// Signs in on the sign-in page the way a person does (the page `page` was sent to), and
/// waits to be back where it came from.
export async function signInByForm(page, handle = SELLER) {
  await page.waitForURL(/\/signin\.html/);
  await page.getByRole("textbox", { name: "Email or handle" }).fill(handle);
  await page.getByLabel("Password").fill(password());
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/signin.html"));
}
