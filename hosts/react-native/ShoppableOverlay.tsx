// The app side of the shoppable overlay in React Native (react-native-webview): a WebView
// showing the overlay's page, answering its bridge envelope, pushing LIVE events, and
// forwarding the Android back button. The cart and checkout stay in the app: pass `commerce`.
//
// React Native carries strings only: the page posts JSON text with
// window.ReactNativeWebView.postMessage, and the app answers by calling the page's inbox,
// window.shoppableNative.receive(text). The text is passed as a JSON string literal
// (JSON.stringify of the text), so nothing the app sends is ever read as code by the page.
// Methods and their answers are listed at the top of bridge/native.js.
import React, { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef } from "react";
import { BackHandler } from "react-native";
import { WebView, type WebViewMessageEvent } from "react-native-webview";

/** kind: network, throttled, server, out_of_stock, limit, not_found or invalid. */
export class ShoppableRefusal extends Error {
  constructor(public kind: string, public extra: Record<string, unknown> = {}) {
    super(kind);
  }
}

export interface ShoppableCommerce {
  /** Must answer a repeated params.key with its first answer, never applying it twice. */
  call(method: string, params: Record<string, unknown>): Promise<unknown>;
}

export interface ShoppableOverlayHandle {
  /** A LIVE event (pin, unpin, deal, stock) to every open subscription. */
  push(event: string, seq: number, data: unknown): void;
}

type Props = {
  page: string;
  commerce: ShoppableCommerce;
  /** The back button found nothing open in the overlay: navigate back. */
  onBack: () => void;
};

/** The origin and frame policy, in one place. react-native-webview reports neither the frame
 *  nor the origin of a message, so the page's URL at the time and the per-load token decide. */
function allowed(pageUrl: string, allowedOrigin: string, token: unknown, expected: string): boolean {
  return new URL(pageUrl).origin === allowedOrigin && allowedOrigin.startsWith("https://") && token === expected;
}

export const ShoppableOverlay = forwardRef<ShoppableOverlayHandle, Props>(function ShoppableOverlay({ page, commerce, onBack }, ref) {
  const web = useRef<WebView>(null);
  const subs = useRef(new Set<number>());
  const origin = useMemo(() => new URL(page).origin, [page]);
  // A fresh secret per mount, set in the main frame before the page's scripts run.
  const token = useMemo(() => Math.random().toString(36).slice(2) + Date.now().toString(36), []);

  const deliver = useCallback((text: string) => {
    web.current?.injectJavaScript(`window.shoppableNative && window.shoppableNative.receive(${JSON.stringify(text)}); true;`);
  }, []);

  useImperativeHandle(ref, () => ({
    push(event, seq, data) {
      for (const sub of subs.current) deliver(JSON.stringify({ v: 1, sub, event, seq, data }));
    },
  }), [deliver]);

  const onMessage = useCallback(async (e: WebViewMessageEvent) => {
    let m: { v?: unknown; id?: unknown; method?: unknown; params?: Record<string, unknown>; token?: unknown; back?: unknown };
    try {
      m = JSON.parse(e.nativeEvent.data);
    } catch {
      return;
    }
    if (m.v === 1 && m.back === false && new URL(e.nativeEvent.url).origin === origin) {
      onBack();
      return;
    }
    if (m.v !== 1 || typeof m.id !== "number" || typeof m.method !== "string") return;
    const id = m.id;
    if (!allowed(e.nativeEvent.url, origin, m.token, token)) {
      deliver(JSON.stringify({ v: 1, id, ok: false, reason: { kind: "invalid", message: "not allowed" } }));
      return;
    }
    const params = m.params ?? {};
    if (m.method === "subscribe") subs.current.add(id);
    if (m.method === "unsubscribe") subs.current.delete(Number(params.sub));
    try {
      deliver(JSON.stringify({ v: 1, id, ok: true, value: (await commerce.call(m.method, params)) ?? {} }));
    } catch (err) {
      const reason = err instanceof ShoppableRefusal
        ? { ...err.extra, kind: err.kind }
        : { kind: "server", message: String((err as Error)?.message ?? err) };
      deliver(JSON.stringify({ v: 1, id, ok: false, reason }));
    }
  }, [commerce, deliver, origin, token, onBack]);

  // Android's back button: the overlay closes its card, cart or shelf first; its answer comes
  // back as a message, and when it had nothing open the app goes back (`onBack`).
  useEffect(() => {
    const sub = BackHandler.addEventListener("hardwareBackPress", () => {
      web.current?.injectJavaScript(
        "window.ReactNativeWebView.postMessage(JSON.stringify({ v: 1, back: !!(window.shoppableApp && window.shoppableApp.back()) })); true;",
      );
      return true;
    });
    return () => sub.remove();
  }, []);

  return (
    <WebView
      ref={web}
      source={{ uri: page }}
      originWhitelist={[origin]}
      onMessage={onMessage}
      injectedJavaScriptBeforeContentLoaded={`window.shoppableToken = ${JSON.stringify(token)}; true;`}
      injectedJavaScriptBeforeContentLoadedForMainFrameOnly
      allowsInlineMediaPlayback
      mediaPlaybackRequiresUserAction={false}
      javaScriptEnabled
    />
  );
});

// Never: a page from an origin you do not control, http origins, or `injectJavaScript` with
// text built from data without JSON.stringify.
