//! Following a LIVE room: joining, the event subscription, pins and flash deals, the pin card.

use super::*;

impl Shop {
    /// Reads the room (what is pinned, its last event) and subscribes to what comes next.
    pub(super) fn join_room(&mut self) {
        let Some(room) = self.live.as_ref().map(|l| l.room.clone()) else {
            return;
        };
        self.on_answer(
            "room",
            self.bridge.room(&room),
            |s, got: Result<wire::Room, _>| {
                match got {
                    Ok(r) => {
                        let pinned = r.pinned.clone();
                        if let Some(l) = s.live.as_mut() {
                            l.feed = LiveFeed::new(r.pinned, r.last_event_id);
                        }
                        s.load(pinned);
                        s.subscribe();
                    }
                    Err(e) => {
                        let _ = s.failure(&e);
                        s.retry_live();
                    }
                }
                s.render();
            },
        );
    }

    pub(super) fn subscribe(&mut self) {
        let me = self.me.clone();
        let Some(l) = self.live.as_mut() else { return };
        // A re-join (after a gap) replaces the stream: the old one is closed first, so its
        // connection and callback do not linger.
        if let Some(old) = l.subscription.take() {
            let _ = old.close();
        }
        let on_event = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            with(&me, |s| s.on_live_event(&e));
        });
        match self.bridge.live_events(
            &l.room,
            l.feed.last_id() as f64,
            on_event.as_ref().unchecked_ref(),
        ) {
            Ok(sub) => {
                l.subscription = Some(sub);
                l._on_event = Some(on_event);
            }
            Err(_) => {
                self.report_kind(
                    overlay::contract::ErrorKind::Bridge,
                    "bridge.liveEvents threw; retrying".into(),
                );
                self.retry_live();
            }
        }
    }

    /// The connection gave up (or never came): subscribe again after a pause, from the last
    /// event applied.
    pub(super) fn retry_live(&mut self) {
        let retry = Timeout::new(
            2_000,
            self.later(|s| {
                if let Some(l) = s.live.as_mut() {
                    if let Some(sub) = l.subscription.take() {
                        let _ = sub.close();
                    }
                }
                s.subscribe();
            }),
        );
        if let Some(l) = self.live.as_mut() {
            l.retry = Some(retry);
        }
    }

    pub(super) fn on_live_event(&mut self, e: &JsValue) {
        let get = |k: &str| {
            js_sys::Reflect::get(e, &JsValue::from_str(k))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        let (id, kind, data) = (get("id"), get("type"), get("data"));
        if kind == "closed" {
            self.retry_live();
            return;
        }
        let Some(l) = self.live.as_mut() else { return };
        let applied = l.feed.apply(&id, &kind, &data);
        let gaps = l.feed.take_gaps();
        let seq = l.feed.last_id();
        let tell = |kind: &'static str, product: &str| {
            if let Some(em) = self.emitter.upgrade() {
                em.emit(
                    "live-event",
                    &LiveEvent {
                        id: seq,
                        kind,
                        product_id: product,
                    },
                );
            }
        };
        match &applied {
            Ok(Applied::Pinned(p)) => tell("pin", p),
            Ok(Applied::Unpinned(p)) => tell("unpin", p),
            Ok(Applied::Deal(d)) => tell("deal", &d.product),
            Ok(Applied::Stock { product, .. }) => tell("stock", product),
            _ => {}
        }
        match applied {
            Ok(Applied::Pinned(p)) => {
                if self.catalog.products.contains_key(&p) {
                    let name = self.tr.isolate(&self.title_of(&p));
                    self.announce(self.tr.fmt("announce.pinned", &[("name", &name)]));
                } else {
                    // Said once its title is known.
                    self.announce_pin = Some(p.clone());
                    self.load(vec![p]);
                }
            }
            Ok(Applied::Deal(d)) => {
                let d = *d;
                match self.catalog.products.get_mut(&d.product) {
                    Some(p) => {
                        p.deals.retain(|x| x.id != d.id);
                        p.deals.push(d);
                    }
                    // Its product data comes with the deal in it.
                    None => self.load(vec![d.product]),
                }
            }
            Ok(Applied::Stock {
                variant, available, ..
            }) => self.catalog.set_available(&variant, i64::from(available)),
            Ok(Applied::Unpinned(_) | Applied::Duplicate) => {}
            Err(err) => {
                if let Some(l) = self.live.as_mut() {
                    l.feed.skip(&id);
                }
                self.report_kind(overlay::contract::ErrorKind::Live, err.to_string());
            }
        }
        if !gaps.is_empty() {
            self.report_kind(
                overlay::contract::ErrorKind::Live,
                format!("live events {gaps:?} never arrived; re-reading the room"),
            );
            self.join_room();
        }
        self.on_deal_tick();
    }

    pub(super) fn pin_view(&self) -> Option<PinView> {
        let pinned = self.live.as_ref()?.feed.pinned();
        let id = pinned.last()?;
        let p = self.catalog.products.get(id)?;
        let v = p
            .variants
            .iter()
            .find(|v| v.available > 0)
            .or_else(|| p.variants.first())?;
        let server = self.server_now();
        let (price, deal) = offered(&p.deals, &p.id, &v.id, v.price, server);
        let timer = self.deal_view(p, &v.id, server).filter(|d| !d.ended);
        Some(PinView {
            product: AttrValue::from(p.id.clone()),
            title: AttrValue::from(p.title.clone()),
            image: self.image_of(p),
            price: AttrValue::from(self.money.format(price, &p.currency)),
            compare_at: deal.map(|_| AttrValue::from(self.money.format(v.price, &p.currency))),
            deal_label: timer.as_ref().and_then(|d| d.spoken.clone()),
            deal: timer.map(|d| d.headline),
            more: (pinned.len() - 1) as u32,
        })
    }
}
