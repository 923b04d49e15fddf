// The demo pages' own words in English, Spanish and Arabic (the overlay's are in the engine).
// The language is `?lang=` when it is one of these, else the first of the browser's languages
// that is, else English; `localize()` sets the page's `lang` and `dir` and fills every element
// marked `data-t` (its text), `data-t-placeholder` and `data-t-label` (aria-label) from the
// words. The HTML keeps the English text, so a page reads the same before this runs.
import { WORDS } from "./words-catalog.js";

const SUPPORTED = ["en", "es", "ar"];

function pick() {
  if (typeof location === "undefined") return "en"; // imported outside a page (unit tests)
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked && SUPPORTED.includes(asked)) return asked;
  for (const l of navigator.languages ?? [navigator.language]) {
    const primary = String(l).toLowerCase().split("-")[0];
    if (SUPPORTED.includes(primary)) return primary;
  }
  return "en";
}

/// The page's language: "en", "es" or "ar".
export const lang = pick();
/// Its direction.
export const dir = lang === "ar" ? "rtl" : "ltr";

const rules = new Intl.PluralRules(lang);
const numbers = new Intl.NumberFormat(lang);

/// The words for `key` in the page's language (English where a word is missing), with each
/// `{name}` replaced by `vars.name`. A key whose words are by count takes `vars.n`.
export function t(key, vars = {}) {
  let text = WORDS[lang]?.[key] ?? WORDS.en[key];
  if (text === undefined) return key;
  if (typeof text === "object") text = text[rules.select(vars.n ?? 0)] ?? text.other;
  return text.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in vars)) return whole;
    const v = vars[name];
    if (typeof v === "number") return numbers.format(v);
    // A brand's words keep their own direction inside a sentence of the other one.
    return dir === "rtl" ? `\u2068${v}\u2069` : String(v);
  });
}

/// Money for people, in the page's language.
export function money(minor, currency) {
  return new Intl.NumberFormat(lang, { style: "currency", currency }).format(minor / 100);
}

/// Sets the page's language and direction and fills its marked text from the words.
export function localize(root = document) {
  document.documentElement.lang = lang;
  document.documentElement.dir = dir;
  for (const el of root.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  for (const el of root.querySelectorAll("[data-t-placeholder]")) el.placeholder = t(el.dataset.tPlaceholder);
  for (const el of root.querySelectorAll("[data-t-label]")) el.setAttribute("aria-label", t(el.dataset.tLabel));
}
