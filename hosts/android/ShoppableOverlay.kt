// The app side of the shoppable overlay on Android: a WebView showing the overlay's page,
// answering its bridge envelope through androidx.webkit's addWebMessageListener (injected only
// into frames whose origin the allowlist names), pushing LIVE events through the same reply
// proxy, and forwarding the back button. The cart and checkout stay in the app: implement
// `ShoppableCommerce`. Needs androidx.webkit 1.3+ and WebViewFeature.WEB_MESSAGE_LISTENER.
//
// Envelope (JSON text both ways):
//   page → app  {"v":1,"id":7,"method":"setQuantity","params":{…},"token":"…"}
//   app → page  {"v":1,"id":7,"ok":true,"value":{…}} | {"v":1,"id":7,"ok":false,"reason":{"kind":"limit","max":10}}
//   app → page  {"v":1,"sub":12,"event":"pin","seq":43,"data":{"product_id":"p-watch"}}
// Methods and their answers are listed at the top of bridge/native.js.

package com.example.shoppable

import android.annotation.SuppressLint
import android.net.Uri
import android.webkit.WebView
import androidx.activity.OnBackPressedCallback
import androidx.activity.OnBackPressedDispatcher
import androidx.webkit.JavaScriptReplyProxy
import androidx.webkit.WebMessageCompat
import androidx.webkit.WebViewCompat
import androidx.webkit.WebViewFeature
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.launch
import org.json.JSONObject

/** What the overlay asks of the app; throw [ShoppableRefusal] for a typed failure. */
interface ShoppableCommerce {
    /** Must answer a repeated params["key"] with its first answer, never applying it twice. */
    suspend fun call(method: String, params: JSONObject): Any
}

/** kind: network, throttled, server, out_of_stock, limit, not_found or invalid. */
class ShoppableRefusal(val kind: String, val extra: Map<String, Any> = emptyMap()) : Exception(kind)

class ShoppableOverlay(
    private val webView: WebView,
    private val page: Uri,
    private val commerce: ShoppableCommerce,
    private val scope: CoroutineScope,
) {
    /** The origin and frame policy, in one place. */
    private object Policy {
        /** Where the `shoppableBridge` object is injected at all (https only, exact origin). */
        fun rules(page: Uri) = setOf("https://${page.host}")

        /** And what each message must still satisfy. */
        fun allowed(page: Uri, source: Uri, isMainFrame: Boolean) =
            isMainFrame && source.scheme == "https" && source.host == page.host
    }

    private val subscriptions = mutableMapOf<Int, JavaScriptReplyProxy>()

    @SuppressLint("SetJavaScriptEnabled", "RequiresFeature")
    fun start() {
        check(WebViewFeature.isFeatureSupported(WebViewFeature.WEB_MESSAGE_LISTENER)) {
            "update Android System WebView: addWebMessageListener is required"
        }
        webView.settings.javaScriptEnabled = true
        webView.settings.mediaPlaybackRequiresUserGesture = false
        // The page posts a hello first, so a reply proxy exists before anything is pushed.
        WebViewCompat.addWebMessageListener(webView, "shoppableBridge", Policy.rules(page)) { _, message, source, isMainFrame, reply ->
            if (!Policy.allowed(page, source, isMainFrame)) return@addWebMessageListener
            onMessage(message, reply)
        }
        webView.loadUrl(page.toString())
    }

    private fun onMessage(message: WebMessageCompat, reply: JavaScriptReplyProxy) {
        val m = runCatching { JSONObject(message.data ?: "") }.getOrNull() ?: return
        if (m.optInt("v") != 1 || !m.has("id")) return
        val id = m.getInt("id")
        val method = m.optString("method")
        val params = m.optJSONObject("params") ?: JSONObject()
        scope.launch {
            val out = JSONObject().put("v", 1).put("id", id)
            try {
                if (method == "subscribe") subscriptions[id] = reply
                if (method == "unsubscribe") subscriptions.remove(params.optInt("sub"))
                out.put("ok", true).put("value", commerce.call(method, params))
            } catch (r: ShoppableRefusal) {
                out.put("ok", false).put("reason", JSONObject(r.extra + ("kind" to r.kind)))
            } catch (e: Exception) {
                out.put("ok", false).put("reason", JSONObject().put("kind", "server").put("message", e.message))
            }
            reply.postMessage(out.toString())
        }
    }

    /** A LIVE event to every open subscription (seq increases by one per room event). */
    fun push(event: String, seq: Int, data: JSONObject) {
        for ((sub, proxy) in subscriptions) {
            proxy.postMessage(
                JSONObject().put("v", 1).put("sub", sub).put("event", event).put("seq", seq).put("data", data).toString()
            )
        }
    }

    /** The back button: the overlay closes its card, cart or shelf first; when it had
     *  nothing open, the activity goes back as usual. Add with
     *  `onBackPressedDispatcher.addCallback(owner, overlay.backCallback(onBackPressedDispatcher))`. */
    fun backCallback(dispatcher: OnBackPressedDispatcher) = object : OnBackPressedCallback(true) {
        override fun handleOnBackPressed() {
            webView.evaluateJavascript("window.shoppableApp ? window.shoppableApp.back() : false") { closed ->
                if (closed != "true") {
                    isEnabled = false
                    dispatcher.onBackPressed()
                    isEnabled = true
                }
            }
        }
    }

    /** Call from the activity's onPause/onResume: the page sees it hidden, stops its timers
     *  and frame work, flushes analytics, and re-reads the server clock and cart on return. */
    fun onPause() = webView.onPause()
    fun onResume() = webView.onResume()
}

// Never: addJavascriptInterface (every frame, any origin, can call it), "*" in the allowlist,
// or http origins.
