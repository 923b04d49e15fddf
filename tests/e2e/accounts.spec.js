// Sellers, creators and hosts in the browser: the studio and the host console send whoever is
// not signed in to the sign-in page and back; a wrong password says so and keeps what was
// typed but the password; signing out ends the session on the server; a creator's console
// offers only what its programmes allow and no prices; and another site can neither post a
// form nor fetch with the seller's session (the cookie is SameSite=Strict, changes need the
// CSRF token).
import { test, expect } from "./fixtures.js";
import { CREATOR, SELLER, password, signIn, signInByForm } from "./auth.js";
import { SHOTS } from "./helpers.js";

test("the studio sends a brand to sign in and back; a wrong password says so; signing out ends the session", async ({ page }) => {
  await page.goto("/studio.html?lang=en");
  await page.waitForURL(/\/signin\.html\?next=/);
  // A wrong password: said in the alert, the handle kept, the password selected to retype.
  await page.getByRole("textbox", { name: "Email or handle" }).fill(SELLER);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("wrong handle or password");
  await expect(page.getByRole("textbox", { name: "Email or handle" })).toHaveValue(SELLER);
  await page.screenshot({ path: `${SHOTS}/signin-wrong-password.png` });
  await signInByForm(page, SELLER);
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe("/studio.html?lang=en");
  await page.waitForFunction(() => window.studio?.ready);
  await expect(page.locator("#who")).toContainText(`Signed in as ${SELLER} (Northwind Outfitters)`);
  // The cookie is HttpOnly: no script on the page can read it.
  expect(await page.evaluate(() => document.cookie)).not.toContain("sid");
  const cookies = await page.context().cookies();
  const sid = cookies.find((c) => c.name === "sid");
  expect(sid).toMatchObject({ httpOnly: true, sameSite: "Strict" });
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signin\.html/);
  // The old cookie, replayed, is refused: the session ended on the server.
  const replay = await page.request.get("/api/session", { headers: { cookie: `sid=${sid.value}` } });
  expect(replay.status()).toBe(401);
  await page.goto("/studio.html");
  await page.waitForURL(/\/signin\.html/);
});

test("a sign-in page that came with a next address goes only to this site's own pages", async ({ page }) => {
  for (const next of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]) {
    await page.context().clearCookies();
    await page.goto(`/signin.html?next=${encodeURIComponent(next)}`);
    await signInByForm(page, SELLER);
    const url = new URL(page.url());
    expect(url.origin, next).toBe(new URL(process.env.BASE_URL).origin);
    expect(url.pathname, next).toBe("/studio.html");
  }
});

test("a creator's host console offers its programmes' products and no prices; a phone shows it whole", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, CREATOR);
  await page.goto("/host.html");
  await expect(page.locator("#who")).toContainText(`Signed in as ${CREATOR} (Maya Lin)`);
  await page.fill("#title", "Maya's picks");
  await page.click("#start button");
  await expect(page.locator("#viewer")).toBeVisible();
  await page.fill("#q", "watch");
  await page.click("#find button");
  await page.getByRole("button", { name: "Pin Field Watch" }).click();
  await expect(page.locator("#pinned")).toContainText("Field Watch");
  // A price is the seller's: no flash deal button in a creator's room.
  await expect(page.getByRole("button", { name: /Flash deal/ })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/host-console-creator-phone.png`, fullPage: true });
  await context.close();
});

test("another site can neither post a form nor fetch with the seller's session", async ({ page, request }) => {
  await signIn(page, SELLER);
  const base = process.env.BASE_URL;
  const before = await (await request.get("/api/products?ids=p-bottle")).json();
  // A page of another origin (a data: page is opaque: cross-site to the API).
  await page.goto("about:blank");
  await page.setContent(`<form method="post" action="${base}/api/deals" enctype="text/plain">
    <input name='{"product_id":"p-bottle","price":1,"duration_ms":600000,"x":"' value='"}'></form>`);
  const [answer] = await Promise.all([
    page.waitForNavigation(),
    page.evaluate(() => document.forms[0].submit()),
  ]);
  // Refused: the Strict cookie does not leave with a cross-site post (401), and were it sent,
  // the post comes from another site without the CSRF token (403).
  expect([401, 403]).toContain(answer.status());
  // Back on a page of another origin, a fetch with the cookie.
  await page.goto("about:blank");
  const fetched = await page.evaluate(async (url) => {
    try {
      const r = await fetch(url, { method: "POST", credentials: "include", body: '{"product_id":"p-bottle","price":1,"duration_ms":600000}' });
      return `status ${r.status}`;
    } catch (e) {
      return e.name;
    }
  }, `${base}/api/deals`);
  expect(fetched).toBe("TypeError"); // no CORS: the page cannot even read an answer
  // Nothing was priced.
  const after = await (await request.get("/api/products?ids=p-bottle")).json();
  expect(after.products[0].deals).toEqual(before.products[0].deals);
  // And with the session but no CSRF token, from the API's own origin, a change is refused.
  await page.goto("/");
  const res = await page.request.post("/api/deals", {
    headers: { "idempotency-key": `csrf-${Date.now()}` },
    data: { product_id: "p-bottle", price: 1, duration_ms: 600000 },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("csrf");
  expect(password()).toBeTruthy();
});

test("a seller adds a passkey in the studio, then signs in with it and no password (a virtual authenticator)", async ({ browser }) => {
  // A passkey belongs to a site name, and an IP address is none: the demo's site is localhost.
  const base = process.env.BASE_URL.replace("127.0.0.1", "localhost");
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  await page.goto("/studio.html");
  await signInByForm(page, SELLER);
  await page.waitForFunction(() => window.studio?.ready);
  const mine = async () => (await (await page.request.get("/api/passkeys")).json()).passkeys;
  const before = (await mine()).length;
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.locator("#who [role=status]")).toHaveText("Passkey added: next time, sign in with it.");
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials.map((c) => c.rpId)).toEqual(["localhost"]);
  expect(await mine()).toHaveLength(before + 1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signin\.html/);
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();
  // The handle first: the passkey button says so.
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter your email or handle");
  await page.getByRole("textbox", { name: "Email or handle" }).fill(SELLER);
  const finish = page.waitForRequest((r) => r.url().endsWith("/api/session/passkey/finish"));
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await page.waitForURL(/\/studio\.html/);
  await page.waitForFunction(() => window.studio?.ready);
  await expect(page.locator("#who")).toContainText(`Signed in as ${SELLER}`);
  const used = (await mine()).at(-1);
  expect(used.last_used_ms).toBeGreaterThan(0);
  // The same signed answer sent again (a replay) is refused: a ceremony finishes once.
  const replay = await page.request.post("/api/session/passkey/finish", { data: (await finish).postDataJSON() });
  expect(replay.status()).toBe(401);
  expect((await replay.json()).error.message).toContain("already finished");
  // Removed, it is gone (a change: with the session's CSRF token).
  const { csrf } = await (await page.request.get("/api/session")).json();
  const gone = await page.request.delete(`/api/passkeys/${used.id}`, { headers: { "x-csrf-token": csrf } });
  expect(gone.status()).toBe(204);
  expect(await mine()).toHaveLength(before);
  await context.close();
});
