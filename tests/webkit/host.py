#!/usr/bin/python3
"""A native app for the tests: a WebKitGTK web view (the WebKit engine of Safari and WKWebView)
showing the overlay's app page, and the app's side of the native bridge — its own cart, its own
checkout (the overlay hands checkout over), a LIVE room whose events it pushes into the page.

It answers the envelope through the with-reply message handler `shoppableBridge` (what iOS calls
WKScriptMessageHandlerWithReply), checks every request against its origin policy and the page
token it injected at document start, and pushes events with call_async_javascript_function
(arguments as values, never source text). The test drives it over stdin/stdout, one JSON
command per line; its answers are lines starting with "@@ ".

Run under Xvfb with the system Python (it needs python3-gi and gir1.2-webkit2-4.1):
    xvfb-run -a /usr/bin/python3 tests/webkit/host.py --base http://127.0.0.1:8080
"""

import argparse
import json
import secrets
import sys
import time
import urllib.parse
import urllib.request

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
gi.require_version("JavaScriptCore", "4.1")
from gi.repository import GLib, Gtk, JavaScriptCore, WebKit2  # noqa: E402

MAX_PER_LINE = 10


def allowed(page_origin, allowed_origin, is_main_frame, token, expected_token):
    """The app's origin and frame policy, in one place: only the page it loaded, in the main
    frame, holding the token it injected there. (WebKitGTK, unlike iOS, reports no frame for a
    message, so the token carries the frame check here.)"""
    return (
        page_origin == allowed_origin
        and is_main_frame
        and isinstance(token, str)
        and secrets.compare_digest(token, expected_token)
    )


def origin_of(url):
    u = urllib.parse.urlsplit(url or "")
    return f"{u.scheme}://{u.netloc}" if u.scheme and u.netloc else ""


class Refusal(Exception):
    """A typed failure the page reads as `{ ok: false, reason }`."""

    def __init__(self, **reason):
        super().__init__(reason.get("message", ""))
        self.reason = reason


class App:
    """The app's commerce: product data from its backend (the reference API here), a cart and
    checkout of its own, a LIVE room it pushes."""

    def __init__(self, base):
        self.base = base
        self.variants = {}  # variant id → (product, variant)
        self.carts = {}  # cart id → {"id", "revision", "lines": {variant: quantity}}
        self.seen = {}  # idempotency key → the answer it got
        self.applied = {}  # idempotency key → times it changed the cart
        self.handoffs = []  # the carts handed to the app's checkout
        self.analytics = 0
        self.room = {"id": "app-room", "title": "In-app LIVE", "pinned": [], "last": 0}

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=5) as r:
            return json.loads(r.read())

    def products(self, ids):
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise Refusal(kind="invalid", field="ids", message="ids must be a list of strings")
        got = self.get("/api/products?ids=" + ",".join(urllib.parse.quote(i) for i in ids))
        for p in got.get("products", []):
            for v in p.get("variants", []):
                self.variants[v["id"]] = (p, v)
        return got

    def cart_answer(self, cart):
        lines = []
        currency = "USD"
        for variant, quantity in sorted(cart["lines"].items()):
            p, v = self.variants[variant]
            currency = p.get("currency", currency)
            lines.append({
                "variant_id": variant,
                "product_id": p["id"],
                "title": p["title"],
                "options": v.get("options", {}),
                "quantity": quantity,
                "unit_price": v["price"],
                "available": v["available"],
            })
        return {"id": cart["id"], "revision": cart["revision"], "currency": currency, "lines": lines}

    def once(self, key, method, do):
        """Runs `do` once per idempotency key; a repeat gets the first answer back."""
        if not isinstance(key, str) or not key:
            raise Refusal(kind="invalid", field="key", message="an idempotency key is required")
        if key in self.seen:
            m, answer = self.seen[key]
            if m != method:
                raise Refusal(kind="invalid", field="key", message="key reused for another call")
            if isinstance(answer, Refusal):
                raise answer
            return answer
        try:
            answer = do()
        except Refusal as r:
            self.seen[key] = (method, r)
            raise
        self.seen[key] = (method, answer)
        return answer

    def cart_of(self, cart_id):
        cart = self.carts.get(cart_id)
        if cart is None:
            raise Refusal(kind="not_found", field="cartId", message=f"no cart {cart_id}")
        return cart

    def call(self, method, p):
        if method == "hello":
            return {"app": "webkit-test-host", "version": 1}
        if method == "products":
            return self.products(p.get("ids"))
        if method == "serverTime":
            return {"now_ms": time.time() * 1000}
        if method == "createCart":
            def make():
                cart = {"id": f"app-cart-{len(self.carts) + 1}", "revision": 0, "lines": {}}
                self.carts[cart["id"]] = cart
                return self.cart_answer(cart)
            return self.once(p.get("key"), method, make)
        if method == "cart":
            return self.cart_answer(self.cart_of(p.get("cartId")))
        if method == "setQuantity":
            def change():
                cart = self.cart_of(p.get("cartId"))
                variant, quantity = p.get("variant"), p.get("quantity")
                if variant not in self.variants:
                    raise Refusal(kind="not_found", field="variant", message=f"no variant {variant}")
                if not isinstance(quantity, int) or quantity < 0:
                    raise Refusal(kind="invalid", field="quantity", message="quantity must be 0 or more")
                if quantity > MAX_PER_LINE:
                    raise Refusal(kind="limit", max=MAX_PER_LINE, message="too many")
                available = self.variants[variant][1]["available"]
                if quantity > available:
                    raise Refusal(kind="out_of_stock", available=available, message="not enough")
                if quantity == 0:
                    cart["lines"].pop(variant, None)
                else:
                    cart["lines"][variant] = quantity
                cart["revision"] += 1
                self.applied[p["key"]] = self.applied.get(p["key"], 0) + 1
                return self.cart_answer(cart)
            return self.once(p.get("key"), method, change)
        if method == "checkout":
            def hand_off():
                cart = self.cart_of(p.get("cartId"))
                if not cart["lines"]:
                    raise Refusal(kind="invalid", message="the cart is empty")
                self.handoffs.append(dict(cart["lines"]))
                return {"handoff": True}
            return self.once(p.get("key"), method, hand_off)
        if method == "room":
            if p.get("room") != self.room["id"]:
                raise Refusal(kind="not_found", field="room", message="no such room")
            r = self.room
            return {"id": r["id"], "title": r["title"], "pinned": r["pinned"], "last_event_id": r["last"]}
        if method in ("subscribe", "unsubscribe"):
            return {}
        if method == "analytics":
            self.analytics += len(p.get("events") or [])
            return {}
        raise Refusal(kind="invalid", field="method", message=f"unknown method {method}")


class Host:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.origin = origin_of(self.base)
        self.app = App(self.base)
        self.token = secrets.token_urlsafe(24)
        self.subs = set()
        self.drop = {}  # method → how many replies to withhold (the change is still applied)
        self.withheld = []  # replies never sent (kept, or WebKit answers them on collection)
        self.log = []  # (method, outcome)
        self.refused = 0
        self.loaded = []

        manager = WebKit2.UserContentManager()
        # The page token, in the main frame only, before any page script runs.
        manager.add_script(WebKit2.UserScript(
            f"window.shoppableToken = {json.dumps(self.token)};",
            WebKit2.UserContentInjectedFrames.TOP_FRAME,
            WebKit2.UserScriptInjectionTime.START,
            None, None))
        manager.register_script_message_handler_with_reply("shoppableBridge", None)
        manager.connect("script-message-with-reply-received::shoppableBridge", self.on_message)
        self.view = WebKit2.WebView.new_with_user_content_manager(manager)
        s = self.view.get_settings()
        s.set_enable_write_console_messages_to_stdout(True)
        s.set_media_playback_requires_user_gesture(False)
        s.set_enable_developer_extras(True)
        self.view.connect("load-changed", self.on_load)
        self.window = Gtk.Window()
        self.window.set_default_size(390, 760)
        self.window.add(self.view)
        self.window.show_all()

    # ---- the bridge ----------------------------------------------------------------------

    def on_message(self, _manager, value, reply):
        ctx = value.get_context()
        answer = self.answer(value.to_string() if value.is_string() else None)
        if answer is None:
            self.withheld.append(reply)
            return True
        reply.return_value(JavaScriptCore.Value.new_string(ctx, json.dumps(answer)))
        return True

    def answer(self, text):
        """The envelope in, the envelope out (None: withhold the reply)."""
        try:
            m = json.loads(text) if isinstance(text, str) else None
        except ValueError:
            m = None
        if not isinstance(m, dict) or m.get("v") != 1 or not isinstance(m.get("id"), int):
            self.refused += 1
            return {"v": 1, "id": -1, "ok": False, "reason": {"kind": "invalid", "message": "bad envelope"}}
        rid, method, params = m["id"], m.get("method"), m.get("params") or {}
        if not allowed(origin_of(self.view.get_uri()), self.origin, True, m.get("token"), self.token):
            self.refused += 1
            self.log.append((method, "refused"))
            return {"v": 1, "id": rid, "ok": False, "reason": {"kind": "invalid", "message": "not allowed"}}
        try:
            value = self.app.call(method, params if isinstance(params, dict) else {})
            out = {"v": 1, "id": rid, "ok": True, "value": value}
            outcome = "ok"
        except Refusal as r:
            out = {"v": 1, "id": rid, "ok": False, "reason": r.reason}
            outcome = r.reason["kind"]
        except Exception as e:  # the app's own failure: the page hears "server"
            out = {"v": 1, "id": rid, "ok": False, "reason": {"kind": "server", "message": str(e)}}
            outcome = "server"
        if method == "subscribe" and out["ok"]:
            self.subs.add(rid)
        if method == "unsubscribe":
            self.subs.discard(params.get("sub"))
        if self.drop.get(method, 0) > 0:
            self.drop[method] -= 1
            self.log.append((method, outcome + " (reply withheld)"))
            return None
        self.log.append((method, outcome))
        return out

    def push(self, event, data, done):
        """An event to every open subscription, as the app pushes it."""
        r = self.app.room
        r["last"] += 1
        if event == "pin" and data["product_id"] not in r["pinned"]:
            r["pinned"].append(data["product_id"])
        if event == "unpin":
            r["pinned"] = [p for p in r["pinned"] if p != data["product_id"]]
        subs = sorted(self.subs)
        for sub in subs:
            message = json.dumps({"v": 1, "sub": sub, "event": event, "seq": r["last"], "data": data})
            self.deliver(message, lambda _v, _e: None)
        done({"subscriptions": len(subs), "seq": r["last"]})

    def deliver(self, message, done):
        self.run_js("window.shoppableNative.receive(a); return \"null\";", message, done)

    # ---- driving the page ----------------------------------------------------------------

    def run_js(self, body, arg, done):
        args = GLib.Variant("a{sv}", {"a": GLib.Variant("s", arg)})

        def finished(view, result):
            try:
                v = view.call_async_javascript_function_finish(result)
                out = json.loads(v.to_string()) if v is not None and v.is_string() else None
                done(out, None)
            except GLib.Error as e:
                done(None, e.message)

        self.view.call_async_javascript_function(body, -1, args, None, None, None, finished)

    def on_load(self, _view, event):
        if event == WebKit2.LoadEvent.FINISHED:
            waiting, self.loaded = self.loaded, []
            for done in waiting:
                done({"uri": self.view.get_uri()})

    def snapshot(self, path, done):
        def finished(view, result):
            try:
                surface = view.get_snapshot_finish(result)
                surface.write_to_png(path)
                done({"path": path}, None)
            except GLib.Error as e:
                done(None, e.message)

        self.view.get_snapshot(WebKit2.SnapshotRegion.VISIBLE, WebKit2.SnapshotOptions.NONE, None, finished)

    def state(self):
        a = self.app
        return {
            "carts": {k: {"revision": c["revision"], "lines": c["lines"]} for k, c in a.carts.items()},
            "handoffs": a.handoffs,
            "applied": a.applied,
            "analytics": a.analytics,
            "subscriptions": sorted(self.subs),
            "log": self.log,
            "refused": self.refused,
            "withheld": len(self.withheld),
        }

    # ---- the test's commands -------------------------------------------------------------

    def command(self, line):
        try:
            c = json.loads(line)
        except ValueError:
            return
        cid = c.get("id")

        def say(value=None, error=None):
            out = {"id": cid, "value": value} if error is None else {"id": cid, "error": error}
            sys.stdout.write("@@ " + json.dumps(out) + "\n")
            sys.stdout.flush()

        if "load" in c:
            self.loaded.append(say)
            self.view.load_uri(self.base + c["load"])
        elif "eval" in c:
            self.run_js(c["eval"], json.dumps(c.get("args")), lambda v, e: say(v, e))
        elif "deliver" in c:
            self.deliver(c["deliver"], lambda v, e: say(v, e))
        elif "push" in c:
            self.push(c["push"]["event"], c["push"]["data"], say)
        elif "drop" in c:
            self.drop[c["drop"]["method"]] = c["drop"].get("count", 1)
            say({})
        elif "snapshot" in c:
            self.snapshot(c["snapshot"], lambda v, e: say(v, e))
        elif "visible" in c:
            # The app goes to the background and back: the page's visibility follows.
            if c["visible"]:
                self.window.show_all()
            else:
                self.window.hide()
            say({})
        elif "complete" in c:
            # The app's own checkout finished: the order is placed, the cart it held is empty.
            for cart in self.app.carts.values():
                if cart["lines"]:
                    cart["lines"] = {}
                    cart["revision"] += 1
            say({})
        elif "policy" in c:
            p = c["policy"]
            say(allowed(p["origin"], self.origin, p["mainFrame"], p["token"], self.token))
        elif "state" in c:
            say(self.state())
        elif "quit" in c:
            say({})
            Gtk.main_quit()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True, help="the reference server, e.g. http://127.0.0.1:8080")
    host = Host(ap.parse_args().base)
    def on_stdin(channel, condition):
        if condition & (GLib.IO_HUP | GLib.IO_ERR) and not condition & GLib.IO_IN:
            Gtk.main_quit()
            return False
        # Every whole line buffered: the watch fires again only for new input.
        while True:
            line = channel.readline()
            if not line:
                Gtk.main_quit()
                return False
            host.command(line)
            if not channel.get_buffer_condition() & GLib.IOCondition.IN:
                return True

    channel = GLib.IOChannel.unix_new(sys.stdin.fileno())
    GLib.io_add_watch(channel, GLib.PRIORITY_DEFAULT, GLib.IO_IN | GLib.IO_HUP | GLib.IO_ERR, on_stdin)
    sys.stdout.write("@@ " + json.dumps({"id": 0, "value": {"ready": True, "token": len(host.token)}}) + "\n")
    sys.stdout.flush()
    Gtk.main()


if __name__ == "__main__":
    main()
