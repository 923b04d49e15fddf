//! The cart's bridge calls: restore and creation, what the cart loop says is due sent through
//! the bridge, replies handed back to it, checkout. What is due when is `cart_loop.rs`'s.

use super::cart_loop::{Due, Placed};
use super::catalog::LineInfo;
use super::*;

impl Shop {
    /// Picks up the cart a previous page view left, unless it became an order.
    pub(super) fn restore_cart(&mut self) {
        let Some(id) = storage().and_then(|s| s.get_item(CART_KEY).ok().flatten()) else {
            return;
        };
        self.cart.restoring();
        self.on_answer(
            "cart",
            self.bridge.cart(&id),
            |s, got: Result<wire::Cart, _>| {
                s.cart.restored();
                match got {
                    Ok(c) if c.order_id.is_none() => s.adopt(c),
                    Ok(_) | Err(CallError::Failed(Failure::NotFound)) => {
                        if let Some(st) = storage() {
                            let _ = st.remove_item(CART_KEY);
                        }
                    }
                    Err(e) => {
                        // Unreachable now; the stored id stays for the next visit.
                        let _ = s.failure(&e);
                    }
                }
                s.pump();
                s.render();
            },
        );
    }

    /// Reads the cart again (the page is visible again: the app may have changed it, or
    /// finished the checkout it was handed). A cart that became an order is forgotten.
    pub(super) fn refresh_cart(&mut self) {
        let Some(id) = self.cart.to_refresh() else {
            return;
        };
        self.on_answer(
            "cart",
            self.bridge.cart(&id),
            move |s, got: Result<wire::Cart, _>| {
                match got {
                    Ok(c) if c.order_id.is_none() => s.adopt(c),
                    Ok(_) | Err(CallError::Failed(Failure::NotFound)) => {
                        if s.cart.machine.is_settled() && s.cart.id.as_deref() == Some(id.as_str())
                        {
                            s.forget_cart();
                        }
                    }
                    Err(e) => {
                        let _ = s.failure(&e);
                    }
                }
                s.cart.handed_off = false;
                s.render();
            },
        );
    }

    /// Starts over with no cart (the last one became an order elsewhere).
    fn forget_cart(&mut self) {
        if let Some(st) = storage() {
            let _ = st.remove_item(CART_KEY);
        }
        self.cart.forget((js_sys::Math::random() * 9e15) as u64);
    }

    /// Takes a cart the server sent as this overlay's cart.
    pub(super) fn adopt(&mut self, c: wire::Cart) {
        for l in &c.lines {
            self.catalog.lines.insert(
                l.variant_id.clone(),
                LineInfo {
                    product: l.product_id.clone(),
                    title: l.title.clone(),
                    options: l.options.clone(),
                    price: l.unit_price,
                    currency: c.currency.clone(),
                    available: l.available,
                },
            );
        }
        let products: Vec<String> = c.lines.iter().map(|l| l.product_id.clone()).collect();
        self.cart.machine.reconcile(c.server_cart());
        if self.cart.adopt_id(&c.id) {
            if let Some(st) = storage() {
                let _ = st.set_item(CART_KEY, &c.id);
            }
        }
        self.load(products);
    }

    fn create_cart(&mut self, key: String) {
        self.on_answer(
            "createCart",
            self.bridge.create_cart(&key, &self.customer),
            |s, got: Result<wire::Cart, _>| {
                match got {
                    Ok(c) => {
                        s.cart.created();
                        s.adopt(c);
                    }
                    Err(e) => {
                        let f = s.failure(&e);
                        if s.cart.create_failed(now()) {
                            s.cart.notice = Some(explain(&s.tr, &f, Place::CartCreate));
                        }
                    }
                }
                s.pump();
                s.render();
            },
        );
    }

    /// Sends what the cart loop says is due, and sets a timer for what is due later.
    pub(super) fn pump(&mut self) {
        if panic::has_panicked() {
            return;
        }
        let t = now();
        match self.cart.due(t) {
            Due::Create(key) => self.create_cart(key),
            Due::Send(req) => self.send(req),
            Due::Nothing => {}
        }
        self.wake = self
            .cart
            .wake(t)
            .map(|delay| Timeout::new(delay, self.later(|s| s.pump())));
    }

    fn send(&mut self, req: Request) {
        let Some(cart_id) = self.cart.id.clone() else {
            return;
        };
        let body = js_sys::Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = js_sys::Reflect::set(&body, &JsValue::from_str(k), &v);
        };
        set("cartId", JsValue::from_str(&cart_id));
        set("key", JsValue::from_str(&req.key));
        let seq = req.seq;
        match req.op {
            Op::Set { variant, quantity } => {
                set("variant", JsValue::from_str(&variant));
                set("quantity", JsValue::from(quantity));
                if let Some(rev) = req.if_revision {
                    // u64 → f64: revisions stay far below 2^53.
                    set("ifRevision", JsValue::from(rev as f64));
                }
                let a = js_sys::Object::new();
                let opt =
                    |v: &Option<String>| v.as_deref().map_or(JsValue::NULL, JsValue::from_str);
                let _ = js_sys::Reflect::set(&a, &"creator".into(), &opt(&req.attribution.creator));
                let _ =
                    js_sys::Reflect::set(&a, &"campaign".into(), &opt(&req.attribution.campaign));
                let _ = js_sys::Reflect::set(&a, &"video".into(), &opt(&req.attribution.video));
                set("attribution", a.into());
                self.on_answer(
                    "setQuantity",
                    self.bridge.set_quantity(&body),
                    move |s, got: Result<wire::Cart, _>| {
                        let reply = match got {
                            Ok(c) => {
                                let cart = c.server_cart();
                                s.adopt(c);
                                Reply::Ok(cart)
                            }
                            Err(CallError::Stale(c)) => {
                                let cart = c.server_cart();
                                s.adopt(*c);
                                Reply::Stale(cart)
                            }
                            Err(e) => Reply::Err(s.failure(&e)),
                        };
                        s.on_reply(seq, reply);
                    },
                );
            }
            Op::Checkout => {
                self.on_answer(
                    "checkout",
                    self.bridge.checkout(&body),
                    move |s, got: Result<wire::Checkout, _>| {
                        let reply = match got {
                            Ok(wire::Checkout::Placed(o)) => {
                                let total = s.money.format(o.total, &o.currency);
                                s.cart.placed = Some(Placed {
                                    id: o.id.clone(),
                                    number: o.number.unwrap_or_else(|| o.id.clone()),
                                    total,
                                });
                                Reply::Ordered(o.id)
                            }
                            Ok(wire::Checkout::HandedOff) => Reply::HandedOff,
                            Err(e) => Reply::Err(s.failure(&e)),
                        };
                        s.on_reply(seq, reply);
                    },
                );
            }
        }
    }

    pub(super) fn on_reply(&mut self, seq: u64, reply: Reply) {
        self.cart.machine.on_reply(seq, reply, now());
        for order in self.cart.machine.take_orders() {
            self.cart.checking_out = None;
            self.cart.id = None;
            if let Some(st) = storage() {
                let _ = st.remove_item(CART_KEY);
            }
            let (number, total) = self
                .cart
                .placed
                .as_ref()
                .filter(|p| p.id == order)
                .map(|p| (p.number.clone(), p.total.clone()))
                .unwrap_or_else(|| (order.clone(), String::new()));
            if let Some(em) = self.emitter.upgrade() {
                em.emit(
                    "order",
                    &OrderPlaced {
                        order_id: &order,
                        order_number: &number,
                        total: &total,
                    },
                );
            }
        }
        if self.cart.machine.take_handoffs() > 0 {
            // The app's own checkout is on screen now. Nothing here says an order was
            // placed: the cart stays as the app holds it, and is read again on return.
            self.cart.checking_out = None;
            self.cart.handed_off = true;
        }
        for r in self.cart.machine.take_rollbacks() {
            // A refusal the engine made itself carries text no one has seen: the integrator
            // gets it; the viewer gets the catalog's words.
            if let Failure::Invalid(m) = &r.reason {
                if !m.is_empty() && Refusal::of(&r.reason).is_none() {
                    self.report(m.clone());
                }
            }
            match &r.op {
                Op::Set { variant, .. } => {
                    let info = self.catalog.variant(variant);
                    if let Failure::OutOfStock { available } = r.reason {
                        self.catalog.set_available(variant, i64::from(available));
                    }
                    let why = match &info {
                        Some(i) => explain(&self.tr, &r.reason, Place::Line(&i.title)),
                        None => explain(&self.tr, &r.reason, Place::UnknownLine),
                    };
                    if let Some(c) = self.card.as_mut() {
                        if c.adding.as_deref() == Some(variant.as_str()) {
                            c.adding = None;
                            c.state = AddState::Failed(AttrValue::from(why.clone()));
                        }
                        // The quantity picker follows what is left.
                        if let (Some(v), Failure::OutOfStock { available }) =
                            (c.selected.as_deref(), &r.reason)
                        {
                            if v == variant {
                                c.quantity = c.quantity.min((*available).max(1));
                            }
                        }
                    }
                    self.cart.notice = Some(why);
                }
                Op::Checkout => {
                    self.cart.checking_out = None;
                    self.cart.placed = None;
                    self.cart.notice = Some(explain(&self.tr, &r.reason, Place::Checkout));
                }
            }
        }
        if let Some(c) = self.card.as_mut() {
            if let Some(v) = c.adding.clone() {
                if !self.cart.machine.is_pending(&v) {
                    c.adding = None;
                    c.state = AddState::Added;
                }
            }
        }
        self.pump();
        self.render();
    }

    pub(super) fn set_line(&mut self, variant: &str, quantity: u32) {
        self.cart.set_line(variant, quantity);
        self.pump();
        self.render();
    }

    pub(super) fn checkout(&mut self) {
        if self.cart.checkout() {
            self.analytics.track(self.event("checkout"));
            self.pump();
            self.render();
        }
    }
}
