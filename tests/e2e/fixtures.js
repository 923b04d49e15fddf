// The `test` every end-to-end spec uses: Playwright's, failing the test on any
// Content-Security-Policy or Trusted Types violation in any page or frame of any browser
// context it opens (the default one and every `browser.newContext()`), heard by a
// `securitypolicyviolation` listener installed before each document's own scripts.
import { test as base, expect } from "@playwright/test";

/// Listens in every document `context` loads; what it hears goes into `violations`.
async function guard(context, violations) {
  await context.exposeBinding("__shoppableViolation", (_source, v) => violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      globalThis.__shoppableViolation?.({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        at: `${e.sourceFile}:${e.lineNumber}`,
        page: location.href,
      });
    });
  });
}

export const test = base.extend({
  violations: [
    async ({ browser, context }, use) => {
      const violations = [];
      await guard(context, violations);
      const newContext = browser.newContext;
      browser.newContext = async (...args) => {
        const c = await newContext.apply(browser, args);
        await guard(c, violations);
        return c;
      };
      try {
        await use(violations);
      } finally {
        browser.newContext = newContext;
      }
      expect(violations, "Content-Security-Policy / Trusted Types violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
