// The app side of the shoppable overlay on iOS 14+: a WKWebView showing the overlay's page,
// answering its bridge envelope through WKScriptMessageHandlerWithReply, pushing LIVE events
// with callAsyncJavaScript (arguments as values, never spliced into source), and forwarding
// the back gesture. The cart and checkout stay in the app: implement `ShoppableCommerce`.
//
// Envelope (JSON text both ways):
//   page → app  {"v":1,"id":7,"method":"setQuantity","params":{…},"token":"…"}
//   app → page  {"v":1,"id":7,"ok":true,"value":{…}} | {"v":1,"id":7,"ok":false,"reason":{"kind":"out_of_stock","available":2}}
//   app → page  {"v":1,"sub":12,"event":"pin","seq":43,"data":{"product_id":"p-watch"}}
// Methods and their answers are listed at the top of bridge/native.js.

import UIKit
import WebKit

/// What the overlay asks of the app. Throw `ShoppableRefusal` for a typed failure; any other
/// error reaches the page as `server`.
protocol ShoppableCommerce: AnyObject {
    func call(method: String, params: [String: Any]) async throws -> Any
}

struct ShoppableRefusal: Error {
    /// One of network, throttled, server, out_of_stock, limit, not_found, invalid.
    let kind: String
    var extra: [String: Any] = [:]
    var json: [String: Any] { extra.merging(["kind": kind]) { a, _ in a } }
}

final class ShoppableOverlayView: UIView, WKScriptMessageHandlerWithReply {
    /// The only origin whose page may drive the cart (the overlay's page, served over https).
    let allowedOrigin: URL
    weak var commerce: ShoppableCommerce?
    private(set) var webView: WKWebView!
    /// A fresh secret per page load, injected into the main frame only and checked on every
    /// message: a second line behind the frame check below.
    private let token = UUID().uuidString
    private var subscriptions = Set<Int>()

    init(page: URL, commerce: ShoppableCommerce) {
        self.allowedOrigin = page
        self.commerce = commerce
        super.init(frame: .zero)
        let content = WKUserContentController()
        // The token is a UUID (hex and dashes only), so it is safe inside a string literal.
        content.addUserScript(WKUserScript(
            source: "window.shoppableToken = \"\(token)\";",
            injectionTime: .atDocumentStart, forMainFrameOnly: true))
        content.addScriptMessageHandler(self, contentWorld: .page, name: "shoppableBridge")
        let config = WKWebViewConfiguration()
        config.userContentController = content
        config.allowsInlineMediaPlayback = true          // with the page's playsinline
        config.mediaTypesRequiringUserActionForPlayback = []
        webView = WKWebView(frame: .zero, configuration: config)
        webView.allowsBackForwardNavigationGestures = false // back goes through `back()`
        addSubview(webView)
        webView.translatesAutoresizingMaskIntoConstraints = false
        NSLayoutConstraint.activate([
            webView.topAnchor.constraint(equalTo: topAnchor),
            webView.bottomAnchor.constraint(equalTo: bottomAnchor),
            webView.leadingAnchor.constraint(equalTo: leadingAnchor),
            webView.trailingAnchor.constraint(equalTo: trailingAnchor),
        ])
        webView.load(URLRequest(url: page))
    }

    required init?(coder: NSCoder) { fatalError("use init(page:commerce:)") }

    /// The origin and frame policy, in one place: only the main frame of the page we loaded,
    /// over https, holding this load's token.
    private func allowed(_ message: WKScriptMessage, token: String?) -> Bool {
        let o = message.frameInfo.securityOrigin
        return message.frameInfo.isMainFrame
            && o.protocol == "https"
            && o.host == allowedOrigin.host
            && o.port == (allowedOrigin.port ?? 0)
            && token == self.token
    }

    func userContentController(_ controller: WKUserContentController,
                               didReceive message: WKScriptMessage,
                               replyHandler: @escaping (Any?, String?) -> Void) {
        guard let text = message.body as? String,
              let data = text.data(using: .utf8),
              let m = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              m["v"] as? Int == 1, let id = m["id"] as? Int, let method = m["method"] as? String
        else { return replyHandler(nil, "not an envelope") }
        let reply = { (body: [String: Any]) in
            var out = body; out["v"] = 1; out["id"] = id
            let json = (try? JSONSerialization.data(withJSONObject: out)).flatMap { String(data: $0, encoding: .utf8) }
            replyHandler(json, nil)
        }
        guard allowed(message, token: m["token"] as? String) else {
            return reply(["ok": false, "reason": ["kind": "invalid", "message": "not allowed"]])
        }
        let params = m["params"] as? [String: Any] ?? [:]
        Task { @MainActor in
            do {
                if method == "subscribe" { subscriptions.insert(id) }
                if method == "unsubscribe", let sub = params["sub"] as? Int { subscriptions.remove(sub) }
                // Idempotency: `commerce` must answer a repeated params["key"] with its first
                // answer, without applying the change again (the page retries after a timeout).
                let value = try await commerce?.call(method: method, params: params) ?? [:]
                reply(["ok": true, "value": value])
            } catch let r as ShoppableRefusal {
                reply(["ok": false, "reason": r.json])
            } catch {
                reply(["ok": false, "reason": ["kind": "server", "message": error.localizedDescription]])
            }
        }
    }

    /// A LIVE event (pin, unpin, deal, stock) to every open subscription. `seq` increases by
    /// one per event of the room; the page drops repeats and asks again after a gap.
    func push(event: String, seq: Int, data: [String: Any]) {
        for sub in subscriptions {
            let envelope: [String: Any] = ["v": 1, "sub": sub, "event": event, "seq": seq, "data": data]
            guard let json = try? JSONSerialization.data(withJSONObject: envelope),
                  let text = String(data: json, encoding: .utf8) else { continue }
            webView.callAsyncJavaScript("window.shoppableNative.receive(message)",
                                        arguments: ["message": text], in: nil, in: .page) { _ in }
        }
    }

    /// For the back button or gesture: true when the overlay closed its card, cart or shelf;
    /// false when the app should navigate back itself.
    func back() async -> Bool {
        let r = try? await webView.callAsyncJavaScript("return window.shoppableApp?.back() ?? false",
                                                       arguments: [:], in: nil, contentWorld: .page)
        return (r as? Bool) ?? false
    }
}

// Never: `evaluateJavaScript` with text built from data (use callAsyncJavaScript arguments),
// a handler without the frame and origin check, or a page from an origin you do not control.
