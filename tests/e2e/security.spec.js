// What a security reviewer checks in the browser: every page runs under a policy with Trusted
// Types required, so no string reaches a script sink; the listener every test carries hears a
// violation when one happens (so "no violations" in the other tests means something).
import { test, expect } from "./fixtures.js";
import { signIn } from "./auth.js";

const PAGES = ["/", "/live.html", "/host.html", "/element.html", "/studio.html", "/players.html", "/app.html", "/signin.html"];

test("every page runs under a strict policy with Trusted Types required", async ({ page, violations }) => {
  // Signed in, so the studio and the host console stay on their pages.
  await signIn(page);
  for (const path of PAGES) {
    const res = await page.goto(path);
    const csp = res.headers()["content-security-policy"];
    expect(csp, path).toContain("require-trusted-types-for 'script'");
    expect(csp, path).toContain("trusted-types default");
    expect(csp, path).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
    expect(csp, path).not.toContain("unsafe-inline");
  }
  // A string into an HTML sink or a script URL the policy does not know is refused, and the
  // listener hears it: the two violations are taken out here so the test can pass.
  await page.goto("/players.html");
  await page.waitForFunction(() => window.shoppable?.ready || window.shoppable?.errors.length);
  const refused = await page.evaluate(() => {
    const out = [];
    try {
      new DOMParser().parseFromString("<img src=x onerror=alert(1)>", "text/html");
      out.push("html parsed");
    } catch (e) {
      out.push(e.name);
    }
    // Text with character references only (how video.js's captions decode them) passes: it
    // cannot make an element.
    const text = new DOMParser().parseFromString("Tom &amp; Jerry &lt;3", "text/html").body;
    out.push(`${text.childElementCount} ${text.textContent}`);
    try {
      new Worker("data:text/javascript,postMessage(1)");
      out.push("worker made");
    } catch (e) {
      out.push(e.name);
    }
    return out;
  });
  expect(refused).toEqual(["TypeError", "0 Tom & Jerry <3", "TypeError"]);
  await expect.poll(() => violations.length).toBe(2);
  expect(violations.map((v) => v.directive)).toEqual(["require-trusted-types-for", "require-trusted-types-for"]);
  violations.length = 0;
});
