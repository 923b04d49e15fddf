// End-to-end tests: Playwright drives Debian's Chromium against the real demo server, which
// `cargo xtask test` starts and passes in BASE_URL. Never downloads a browser.
import { defineConfig } from "@playwright/test";
import { launchOptions } from "./chromium.js";

if (!process.env.BASE_URL) {
  throw new Error("BASE_URL is not set: run the end-to-end tests through `cargo xtask test`");
}

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./results",
  // Two cores and up to three decoding videos per page: one worker keeps timing honest.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: process.env.BASE_URL,
    viewport: { width: 1280, height: 900 },
    screenshot: "only-on-failure",
    launchOptions,
  },
});
