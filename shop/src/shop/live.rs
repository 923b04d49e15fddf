//! Following a LIVE room: the `Live` part (the room, its feed, the subscription and its retry,
//! closed on drop) decides what an event means without touching the page — what to tell the
//! page, whether the room must be read again; the shop joins, subscribes, retries, and shows
//! pins, flash deals and stock (the pin card).

use overlay::LiveError;

use super::*;

/// Following a LIVE room: the feed, and the subscription with its callback (closed on drop).
pub(super) struct Live {
    pub room: String,
    pub feed: LiveFeed,
    pub subscription: Option<Subscription>,
    pub on_event: Option<Closure<dyn FnMut(JsValue)>>,
    pub retry: Option<Timeout>,
    pub reload: Option<Timeout>,
}

impl Drop for Live {
    fn drop(&mut self) {
        if let Some(s) = self.subscription.take() {
            let _ = s.close();
        }
    }
}

/// What one event from the room meant.
#[derive(Debug, PartialEq)]
pub(super) struct Received {
    /// What it did, or why it was not applied (it is skipped, not asked for again).
    pub applied: Result<Applied, LiveError>,
    /// The `live-event` the page hears: the event's number, its kind and product.
    pub told: Option<(u64, &'static str, String)>,
    /// Ids the stream skipped: the room must be read again.
    pub gaps: Vec<(u64, u64)>,
}

impl Live {
    pub fn new(room: String) -> Live {
        Live {
            room,
            feed: LiveFeed::default(),
            subscription: None,
            on_event: None,
            retry: None,
            reload: None,
        }
    }

    /// Applies event `id` of type `kind` with JSON `data`.
    pub fn receive(&mut self, id: &str, kind: &str, data: &str) -> Received {
        let applied = self.feed.apply(id, kind, data);
        if applied.is_err() {
            self.feed.skip(id);
        }
        let seq = self.feed.last_id();
        let told = match &applied {
            Ok(Applied::Pinned(p)) => Some(("pin", p.clone())),
            Ok(Applied::Unpinned(p)) => Some(("unpin", p.clone())),
            Ok(Applied::Deal(d)) => Some(("deal", d.product.clone())),
            Ok(Applied::Stock { product, .. }) => Some(("stock", product.clone())),
            _ => None,
        };
        Received {
            told: told.map(|(k, p)| (seq, k, p)),
            gaps: self.feed.take_gaps(),
            applied,
        }
    }
}

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
                l.on_event = Some(on_event);
            }
            Err(_) => {
                self.report_kind(
                    ErrorKind::Bridge,
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
        let Received {
            applied,
            told,
            gaps,
        } = l.receive(&id, &kind, &data);
        if let (Some((seq, kind, product)), Some(em)) = (told, self.emitter.upgrade()) {
            em.emit(
                "live-event",
                &LiveEvent {
                    id: seq,
                    kind,
                    product_id: &product,
                },
            );
        }
        match applied {
            Ok(Applied::Pinned(p)) => {
                if self.catalog.products.contains_key(&p) {
                    self.announce_pinned(&p);
                } else {
                    // Said once its title is known.
                    self.announcer.pin = Some(p.clone());
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
            Err(err) => self.report_kind(ErrorKind::Live, err.to_string()),
        }
        if !gaps.is_empty() {
            self.report_kind(
                ErrorKind::Live,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_tells_the_page_and_a_gap_asks_for_the_room_again() {
        let mut l = Live::new("r".into());
        let r = l.receive("1", "pin", r#"{"product_id":"p1"}"#);
        assert_eq!(r.applied, Ok(Applied::Pinned("p1".into())));
        assert_eq!(r.told, Some((1, "pin", "p1".into())));
        assert!(r.gaps.is_empty());
        assert_eq!(l.receive("1", "pin", r#"{"product_id":"p1"}"#).told, None);
        let r = l.receive("4", "unpin", r#"{"product_id":"p1"}"#);
        assert_eq!(r.told, Some((4, "unpin", "p1".into())));
        assert_eq!(r.gaps, [(2, 4)]);
        assert!(l.feed.pinned().is_empty());
    }

    #[test]
    fn every_kind_the_page_hears_is_one_the_contract_names() {
        let mut l = Live::new("r".into());
        let events = [
            ("pin", r#"{"product_id":"p"}"#),
            ("unpin", r#"{"product_id":"p"}"#),
            (
                "deal",
                r#"{"id":"d","product_id":"p","price":100,"starts_ms":0,"ends_ms":1000}"#,
            ),
            (
                "stock",
                r#"{"product_id":"p","variant_id":"v","available":2}"#,
            ),
        ];
        let mut heard = Vec::new();
        for (i, (kind, data)) in events.iter().enumerate() {
            let r = l.receive(&(i + 1).to_string(), kind, data);
            assert!(r.applied.is_ok(), "{kind}: {:?}", r.applied);
            heard.extend(r.told.map(|(_, k, _)| k));
        }
        assert_eq!(heard, overlay::contract::LIVE_EVENT_KINDS);
    }

    #[test]
    fn a_bad_event_is_skipped_with_its_reason_and_tells_nothing() {
        let mut l = Live::new("r".into());
        let r = l.receive("1", "confetti", "{}");
        assert!(matches!(r.applied, Err(LiveError::UnknownType(_))));
        assert_eq!(r.told, None);
        // Skipped: the next one is not a gap.
        let r = l.receive("2", "pin", r#"{"product_id":"p2"}"#);
        assert!(r.gaps.is_empty(), "{:?}", r.gaps);
    }
}
