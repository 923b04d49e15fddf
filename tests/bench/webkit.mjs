// The native bridge's round trip in WebKit (the engine of every iOS webview): page → app →
// page through the with-reply message handler of the WebKitGTK app host, side by side with
// the same call through the REST bridge to the reference server on this machine. Writes JSON
// to the path given. Run under Xvfb: `xvfb-run -a node tests/bench/webkit.mjs out.json`.
import { writeFileSync } from "node:fs";
import { Host } from "../webkit/host.js";

const base = process.env.BASE_URL;
const out = process.argv[2];
const N = 1000;

const host = await Host.start(base);
try {
  await host.load("/app.html");
  await host.waitFor(() => window.shoppable?.ready, null, "the overlay");
  // The first calls warm up both paths (the app's first products answer, HTTP keep-alive).
  const result = await host.evaluate(
    async ({ N }) => {
      const { restBridge } = await import("./bridge/rest.js");
      const native = window.shoppable.bridge;
      const rest = restBridge();
      const cart = await native.createCart(`bench-${Date.now()}`, "bench");
      const ids = ["p-tote", "p-watch", "p-mug"];
      const products = await native.products(ids);
      const variants = products.value.products.map((p) => p.variants.find((v) => v.available > 0).id);
      const restCart = await rest.createCart(`bench-${Date.now()}`, "bench");
      const time = async (f) => {
        for (let i = 0; i < 50; i++) await f(i);
        const ms = [];
        const start = performance.now();
        for (let i = 0; i < N; i++) {
          const t0 = performance.now();
          const a = await f(i);
          ms.push(performance.now() - t0);
          if (!a.ok) throw new Error(JSON.stringify(a.reason));
        }
        const mean = (performance.now() - start) / N;
        ms.sort((a, b) => a - b);
        const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
        // WebKit gives performance.now() in whole milliseconds here: the percentiles are in
        // 1 ms steps, the mean (total over N) is finer.
        return { n: N, mean, p50: q(0.5), p99: q(0.99), max: ms[ms.length - 1] };
      };
      const set = (b, id) => (i) =>
        b.setQuantity({ cartId: id, variant: variants[i % 3], quantity: 1 + (i % 5), key: `k-${id}-${Math.random()}`, attribution: {} });
      return {
        nativeServerTime: await time(() => native.serverTime()),
        nativeSetQuantity: await time(set(native, cart.value.id)),
        restServerTime: await time(() => rest.serverTime()),
        restSetQuantity: await time(set(rest, restCart.value.id)),
      };
    },
    { N },
    300_000,
  );
  result.engine = "WebKitGTK (WebKit2 4.1) under Xvfb";
  writeFileSync(out, JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result));
} finally {
  await host.quit();
}
