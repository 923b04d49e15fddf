// Launch options shared by the Playwright config and the scripts (see chromium.json).
import { readFileSync } from "node:fs";

const { executablePath, args } = JSON.parse(readFileSync(new URL("./chromium.json", import.meta.url), "utf8"));
export const launchOptions = { executablePath, args };
