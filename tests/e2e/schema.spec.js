// The manifest JSON Schema accepts the sample and the valid fixtures and refuses what it can
// express of the invalid ones; the engine's own validation is tested natively.
import { test, expect } from "./fixtures.js";
import Ajv2020 from "ajv/dist/2020.js";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (p) => JSON.parse(readFileSync(root + p, "utf8"));
const ajv = new Ajv2020({ allErrors: true });
const validate = ajv.compile(read("www/static/manifest.schema.json"));
const fixtures = "overlay/tests/fixtures/manifest/";

test("the sample manifest follows the schema", () => {
  expect(validate(read("www/static/media/demo.manifest.json")), ajv.errorsText(validate.errors)).toBe(true);
});

test("valid fixtures pass and schema-expressible invalid ones fail", () => {
  const names = readdirSync(root + fixtures).filter((n) => n.endsWith(".json"));
  expect(names.length).toBeGreaterThan(5);
  for (const n of names.filter((n) => n.startsWith("valid"))) {
    expect(validate(read(fixtures + n)), `${n}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  }
  // Rules a schema can state: version, ranges, types, required fields, x/y xor keyframes.
  for (const n of ["invalid_version", "invalid_positions", "invalid_types_and_missing", "invalid_long_strings"]) {
    expect(validate(read(`${fixtures}${n}.json`)), n).toBe(false);
  }
});
