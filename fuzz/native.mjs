// Target "native": the native bridge's envelope reader (www/static/bridge/native.js), in Node,
// as the app's messages reach it. Each case mutates a kept message (fuzz/corpus/native/, with
// $ID and $SUB standing for a call waiting for its reply and an open LIVE subscription) and
// hands it to the page's inbox. Invariant: receive() never throws, and every message does
// exactly one thing a caller can see — settles the waiting call once (a value, or a reason of
// a known kind), delivers one event as text, or is reported through `watch` with what was
// wrong; a later message for the same call is reported, never applied.
//
//   node fuzz/native.mjs --cases N [--seed S] [--save] [--json FILE]   (FILE: appended to)
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { nativeBridge } from "../www/static/bridge/native.js";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const CASES = Number(opt("--cases", 1_000_000));
let seed = BigInt(opt("--seed", "20261202")) | 1n;
const SAVE = args.includes("--save");
const JSON_OUT = opt("--json");
const here = new URL(".", import.meta.url).pathname;
const corpusDir = `${here}corpus/native/`;
const corpus = readdirSync(corpusDir).map((f) => readFileSync(corpusDir + f, "utf8"));

/// xorshift64: the same cases for the same seed.
function rand() {
  seed ^= (seed << 13n) & 0xffffffffffffffffn;
  seed ^= seed >> 7n;
  seed ^= (seed << 17n) & 0xffffffffffffffffn;
  return Number(seed & 0xffffffffn);
}
const below = (n) => rand() % n;

const TOKENS = [
  '"v":1', '"v":2', '"id":$ID', '"id":1e309', '"sub":$SUB', '"ok":true', '"ok":false', '"ok":null',
  '"value":', '"reason":{"kind":"server"}', '"kind":"stale"', '"seq":-1', '"seq":9007199254740993',
  '"event":"pin"', '"data":', "null", "[]", "{}", '"\\ud800"', '"\\u0000"', "-0", "0.5", "true",
  ",", ":", "{", "}", "[", "]", '"', "\\", "$ID", "$SUB", "\u202e", "😀",
];

/// One mutation of `a` (splicing in `b` at times): the kinds a byte-level fuzzer uses, plus
/// the envelope's own tokens.
function mutate(a, b) {
  let s = a;
  const n = 1 + below(4);
  for (let k = 0; k < n; k++) {
    const at = below(s.length + 1);
    switch (below(7)) {
      case 0: // flip a character
        if (s.length) s = s.slice(0, at) + String.fromCharCode(s.charCodeAt(at % s.length) ^ (1 << below(7))) + s.slice(at + 1);
        break;
      case 1: // delete a range
        s = s.slice(0, at) + s.slice(at + 1 + below(8));
        break;
      case 2: // insert a token
        s = s.slice(0, at) + TOKENS[below(TOKENS.length)] + s.slice(at);
        break;
      case 3: { // splice the other input in
        const from = below(b.length + 1);
        s = s.slice(0, at) + b.slice(from, from + 1 + below(40)) + s.slice(at);
        break;
      }
      case 4: // duplicate a range
        s = s.slice(0, at) + s.slice(at, at + 1 + below(16)) + s.slice(at);
        break;
      case 5: // a random character
        s = s.slice(0, at) + String.fromCharCode(below(0x3000)) + s.slice(at);
        break;
      default: // truncate
        s = s.slice(0, at);
    }
  }
  return s;
}

/// A message's kind of outcome, with its numbers and quoted parts taken out.
const shape = (m) =>
  m
    // V8 quotes the bad JSON itself, quotes and all: one kind, whatever the text.
    .replace(/ (\.\.\.)?".*"(\.\.\.)? is not valid JSON/s, " … is not valid JSON")
    .replace(/"[^"]*"/g, '"…"').replace(/'[^']*'/g, "'…'").replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi, "N").slice(0, 120);

const findings = [];
const seen = new Set();
const counts = { accepted: 0, rejected: 0 };
let receive;
/// The ids of the requests the current case's bridge sent, in order.
let ids = [];
const transport = { kind: "fuzz", send: (text) => ids.push(JSON.parse(text).id), listen: (r) => ((receive = r), () => {}) };
const started = process.hrtime.bigint();

for (let c = 0; c < CASES; c++) {
  if (c % 1000 === 0) await new Promise((ok) => setImmediate(ok)); // let timers run
  // A fresh bridge: one call waiting (products) and one LIVE subscription open.
  const reports = [];
  const bridge = nativeBridge({ transport, timeoutMs: 0, token: "t" });
  bridge.watch((m) => reports.push(m));
  ids = [];
  let settled = 0;
  let answer;
  bridge.products(["p-x"]).then((a) => {
    settled++;
    answer = a;
  });
  const events = [];
  bridge.liveEvents("r", 0, (e) => events.push(e));
  const [productsId, subId] = ids;
  const i = below(corpus.length);
  const raw = c % 10 === 0 ? corpus[i] : mutate(corpus[i], corpus[below(corpus.length)]);
  const text = raw.replaceAll("$ID", String(productsId)).replaceAll("$SUB", String(subId));
  let outcome;
  try {
    receive(text);
    receive(text); // the same message again: never applied twice
    await Promise.resolve(); // the call's promise settles in a microtask
    await Promise.resolve();
    const kinds = ["network", "throttled", "server", "out_of_stock", "limit", "not_found", "invalid", "stale"];
    if (settled > 1) outcome = { bad: "a call settled twice" };
    else if (settled === 1 && !(answer.ok === true || (answer.ok === false && kinds.includes(answer.reason?.kind)))) {
      outcome = { bad: `settled with ${JSON.stringify(answer).slice(0, 80)}` };
    } else if (events.some((e) => e.type !== "closed" && (typeof e.id !== "string" || typeof e.type !== "string" || typeof e.data !== "string"))) {
      outcome = { bad: "an event not as text" };
    } else if (settled === 0 && events.length === 0 && reports.length === 0) {
      outcome = { bad: "a message that did nothing and was not reported" };
    } else if (settled === 1 && reports.length === 0 && JSON.parse(text).id === productsId) {
      outcome = { bad: "the same reply twice, the second not reported" };
    } else if (reports.some((m) => !m.startsWith("bridge.native: ") || m.length < 25)) {
      outcome = { bad: "a report that does not say what was wrong" };
    } else {
      const sig = settled ? `settled ${answer.ok ? "value" : answer.reason.kind}` : events.length ? `event x${events.length}` : `problem ${shape(reports[0])}`;
      outcome = { ok: !reports.length || settled || events.length, sig };
    }
  } catch (e) {
    outcome = { bad: `threw: ${e?.message || e}` };
  }
  if (outcome.bad) {
    findings.push(outcome.bad);
    if (findings.length <= 5) {
      const dir = `${here}../target/fuzz-findings/native/`;
      mkdirSync(dir, { recursive: true });
      const file = dir + createHash("sha1").update(raw).digest("hex").slice(0, 16);
      writeFileSync(file, raw);
      console.error(`fuzz native: FINDING ${outcome.bad} (input: ${file})`);
    }
    continue;
  }
  if (settled || events.length) counts.accepted++;
  else counts.rejected++;
  if (!seen.has(outcome.sig)) {
    seen.add(outcome.sig);
    if (SAVE && c % 10 !== 0 && raw.length <= 8192) {
      const file = corpusDir + createHash("sha1").update(raw).digest("hex").slice(0, 16);
      if (!existsSync(file)) writeFileSync(file, raw);
    }
  }
}

const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const row = {
  target: "native",
  cases: CASES,
  accepted: counts.accepted,
  rejected: counts.rejected,
  skipped: 0,
  kinds: seen.size,
  findings: findings.length,
  perSecond: CASES / seconds,
};
console.error(
  `fuzz native: ${CASES} cases in ${seconds.toFixed(1)} s (${Math.round(row.perSecond)}/s): ${row.accepted} applied, ${row.rejected} reported, ${row.kinds} kinds, ${row.findings} findings`,
);
if (JSON_OUT) {
  const rows = existsSync(JSON_OUT) ? JSON.parse(readFileSync(JSON_OUT, "utf8")) : [];
  rows.push(row);
  writeFileSync(JSON_OUT, JSON.stringify(rows, null, 2));
}
process.exit(findings.length ? 1 : 0);
