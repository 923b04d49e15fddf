// The studio preview's bridge: the reference API's own bridge (products, prices, deals and
// carts are real), with the server clock set to a chosen instant so a brand can see a deal
// announced, live or ended. The clock still runs from that instant. Thin: no logic beyond the
// shift; the viewer's engine estimates the clock from it exactly as it does in production.
import { restBridge } from "./rest.js";

export function previewBridge(serverNowMs) {
  const rest = restBridge();
  if (typeof serverNowMs !== "number" || !Number.isFinite(serverNowMs)) return rest;
  const startedAt = performance.now();
  return {
    ...rest,
    serverTime: async () => ({
      ok: true,
      value: { now_ms: Math.round(serverNowMs + (performance.now() - startedAt)) },
    }),
  };
}
