// The npm package as an app team meets it: `npm install` of the packed tarball into a fresh
// project, every `exports` entry resolving to a file, the TypeScript declarations checked by
// compiling a consumer (with deliberate misuses that must stay errors), and a TypeScript app
// bundled by esbuild — which the end-to-end test `package.spec.js` then runs in Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const HERE = fileURLToPath(new URL("./", import.meta.url));
const DIST = join(ROOT, "www/dist");
/// The consumer project: served by the reference server under /consumer/.
const APP = join(DIST, "consumer");
const BIN = join(ROOT, "node_modules/.bin");

function tarball() {
  const dir = join(DIST, "npm");
  const tgz = existsSync(dir) && readdirSync(dir).find((f) => f.endsWith(".tgz"));
  assert.ok(tgz, `no packed package in ${dir}: run \`cargo xtask build\` first`);
  return join(dir, tgz);
}

function sh(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    assert.fail(`${cmd} ${args.join(" ")} failed:\n${e.stdout}\n${e.stderr}`);
  }
}

test("npm install of the packed tarball gives an app every file its exports map names", () => {
  rmSync(APP, { recursive: true, force: true });
  mkdirSync(APP, { recursive: true });
  writeFileSync(join(APP, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  sh("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", tarball()], APP);
  const pkgDir = join(APP, "node_modules/shoppable-overlay");
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  assert.match(pkg.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, "a semver version");
  assert.equal(pkg.type, "module");
  assert.ok(pkg.license, "a license");
  for (const f of ["LICENSE-MIT", "LICENSE-APACHE", "README.md", "pkg/www_bg.wasm", "pkg/shop/shop_bg.wasm"]) {
    assert.ok(existsSync(join(pkgDir, f)), `the package has ${f}`);
  }
  for (const [entry, target] of Object.entries(pkg.exports)) {
    const targets = typeof target === "string" ? [target] : Object.values(target);
    for (const t of targets.filter((t) => !t.includes("*"))) {
      assert.ok(existsSync(join(pkgDir, t)), `exports["${entry}"] → ${t} exists`);
    }
  }
  // Nothing the server precompressed, no source maps of the build machine.
  const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [f]));
  assert.deepEqual(walk(pkgDir).filter((f) => /\.(br|gz)$/.test(f)), []);
});

test("the TypeScript declarations type-check a consumer, and misuses stay errors", () => {
  for (const f of ["consumer.ts", "tsconfig.json"]) cpSync(join(HERE, f), join(APP, f));
  cpSync(join(HERE, "site/app.ts"), join(APP, "app.ts"));
  sh(join(BIN, "tsc"), ["-p", join(APP, "tsconfig.json")], APP);
  // Each @ts-expect-error in the consumer must be needed: without the directives, tsc fails
  // with one error per misuse.
  const src = readFileSync(join(APP, "consumer.ts"), "utf8");
  const expected = src.split("\n").filter((l) => l.includes("@ts-expect-error")).length;
  assert.ok(expected >= 6, "the consumer tries at least six misuses");
  writeFileSync(join(APP, "consumer.ts"), src.replaceAll("// @ts-expect-error", "// (misuse)"));
  let out = "";
  try {
    execFileSync(join(BIN, "tsc"), ["-p", join(APP, "tsconfig.json")], { cwd: APP, encoding: "utf8" });
  } catch (e) {
    out = e.stdout;
  }
  const errors = out.split("\n").filter((l) => /consumer\.ts\(\d+,\d+\): error TS/.test(l)).length;
  assert.ok(errors >= expected, `each misuse is a type error (${errors} errors for ${expected} misuses):\n${out}`);
  writeFileSync(join(APP, "consumer.ts"), src);
});

test("esbuild bundles a TypeScript app from the package; its Wasm files are copied beside it", () => {
  for (const f of ["plain.html", "plain.js", "bundled.html", "site.css"]) cpSync(join(HERE, "site", f), join(APP, f));
  sh(join(BIN, "esbuild"), [join(APP, "app.ts"), "--bundle", "--format=esm", "--target=es2022", `--outdir=${join(APP, "bundle")}`], APP);
  cpSync(join(APP, "node_modules/shoppable-overlay/pkg"), join(APP, "bundle/shoppable"), { recursive: true });
  assert.ok(existsSync(join(APP, "bundle/app.js")));
  assert.ok(existsSync(join(APP, "bundle/app.css")), "the package's CSS comes out of the bundle");
  const js = readFileSync(join(APP, "bundle/app.js"), "utf8");
  assert.ok(js.includes("customElements.define"), "the custom element is in the bundle");
});
