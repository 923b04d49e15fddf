//! The shop's side of deals: sampling the server's clock through the bridge, the countdown
//! timer, badges handed to the tag layer, and the words of badges and of the card's deal line.
//! What shows when is decided by `deals.rs`.

use super::deals::{self, Badge, OnCard};
use super::*;

impl Shop {
    /// Takes `left` more round-trips to the server's clock, one after another.
    pub(super) fn sample_clock(&mut self, left: u32) {
        if left == 0 {
            return;
        }
        let sent = now();
        self.on_answer(
            "serverTime",
            self.bridge.server_time(),
            move |s, got: Result<wire::ServerTime, _>| {
                let received = now();
                match got {
                    Ok(wire::ServerTime(server)) => {
                        if let Err(e) = s.deals.sample(sent, server, received) {
                            s.report_kind(ErrorKind::Clock, e.to_string());
                        }
                    }
                    Err(e) => {
                        let _ = s.failure(&e);
                    }
                }
                if left > 1 {
                    s.sample_clock(left - 1);
                } else {
                    s.deals.sampled();
                    s.on_deal_tick();
                }
            },
        );
    }

    /// The server's time now, once the clock is sampled.
    pub fn server_now(&self) -> Option<f64> {
        self.deals.server_now(now())
    }

    /// Something about deals may have changed (a second passed, a phase ended, new data):
    /// re-render, refresh the tag badges, and set the timer for the next change.
    pub(super) fn on_deal_tick(&mut self) {
        self.render();
        self.update_badges();
        let next = self
            .server_now()
            .and_then(|server| deals::next_tick(&self.catalog, server));
        self.deal_tick = next.map(|delay| Timeout::new(delay, self.later(|s| s.on_deal_tick())));
    }

    /// A product's deal badge: "−20% · 04:59" while live, "Starts 01:30" when announced; and
    /// the same with the time in words, for screen readers ("20% off, ends in 4 minutes, 59
    /// seconds").
    pub(super) fn badge_of(&self, p: &wire::Product, server: f64) -> Option<(String, String)> {
        let tr = &self.tr;
        Some(match deals::badge(p, server)? {
            Badge::Live { percent, left } => {
                let percent = tr.percent(percent as f64);
                let (clock, spoken) = (tr.clock(left), tr.spoken(left));
                (
                    tr.fmt(
                        "deal.badge.live",
                        &[("percent", &percent), ("time", &clock)],
                    ),
                    tr.fmt(
                        "deal.badge.live_spoken",
                        &[("percent", &percent), ("time", &spoken)],
                    ),
                )
            }
            Badge::Upcoming { left } => (
                tr.fmt("deal.badge.upcoming", &[("time", &tr.clock(left))]),
                tr.fmt("deal.badge.upcoming_spoken", &[("time", &tr.spoken(left))]),
            ),
        })
    }

    pub(super) fn update_badges(&mut self) {
        let server = self.server_now();
        let badges: Badges = match server {
            Some(server) => self
                .catalog
                .products
                .values()
                .filter_map(|p| Some((p.id.clone(), AttrValue::from(self.badge_of(p, server)?.0))))
                .collect(),
            // Deals wait for the server's clock.
            None => self.badges.clone(),
        };
        let prices: Badges = self
            .catalog
            .products
            .values()
            .filter_map(|p| Some((p.id.clone(), AttrValue::from(self.chip_price(p, server)?))))
            .collect();
        let names: Badges = self
            .catalog
            .products
            .values()
            .map(|p| (p.id.clone(), AttrValue::from(p.title.clone())))
            .collect();
        if badges != self.badges || prices != self.prices || names != self.names {
            self.badges = badges;
            self.prices = prices;
            self.names = names;
            self.tell_badges();
        }
    }

    fn tell_badges(&self) {
        if let Some(f) = &self.on_badges {
            f(&[
                ("badge", &self.badges),
                ("price", &self.prices),
                ("name", &self.names),
            ]);
        }
    }

    /// The price a product's tags show: the lowest a viewer pays now for a variant in stock (a
    /// live deal's price when the server's clock is known); none when all are sold out.
    fn chip_price(&self, p: &wire::Product, server: Option<f64>) -> Option<String> {
        let lowest = p
            .variants
            .iter()
            .filter(|v| v.available > 0)
            .map(|v| offered(&p.deals, &p.id, &v.id, v.price, server).0)
            .min()?;
        Some(self.money.format(lowest, &p.currency))
    }

    /// Where the tag layer learns of deal badges, prices and names.
    pub fn set_on_badges(&mut self, f: BadgeSink) {
        self.on_badges = Some(f);
        self.tell_badges();
    }

    /// Where the tag layer learns of the corners the shop's controls hold (told at once of
    /// those measured already).
    pub fn set_on_held(&mut self, f: HeldSink) {
        if !self.held.is_empty() {
            f(&self.held);
        }
        self.on_held = Some(f);
    }

    /// What the card says of the deals on `variant`.
    pub(super) fn deal_view(
        &self,
        p: &wire::Product,
        variant: &str,
        server: Option<f64>,
    ) -> Option<DealView> {
        let tr = &self.tr;
        // A deal's name is the brand's; an untitled deal has messages of its own.
        let said = |(titled, untitled): (&str, &str), d: &Deal, time: &str| match &d.title {
            Some(t) => tr.fmt(titled, &[("deal", &tr.isolate(t)), ("time", time)]),
            None => tr.fmt(untitled, &[("time", time)]),
        };
        const LIVE: (&str, &str) = ("deal.live.headline", "deal.live.headline_untitled");
        const LIVE_SPOKEN: (&str, &str) = ("deal.live.spoken", "deal.live.spoken_untitled");
        // The announced deal's headline reads well aloud as it is: the same messages, with
        // the time in words.
        const UPCOMING: (&str, &str) =
            ("deal.upcoming.headline", "deal.upcoming.headline_untitled");
        Some(match deals::on_card(p, variant, server?)? {
            OnCard::Live { deal: d, left } => {
                let mut note = Vec::new();
                if let Some(n) = d.stock_left {
                    note.push(AttrValue::from(tr.count(
                        "deal.note.stock",
                        f64::from(n),
                        &[],
                    )));
                }
                if let Some(l) = d.limit {
                    note.push(AttrValue::from(tr.count(
                        "deal.note.limit",
                        f64::from(l),
                        &[],
                    )));
                }
                DealView {
                    headline: AttrValue::from(said(LIVE, d, &tr.clock(left))),
                    spoken: Some(AttrValue::from(said(LIVE_SPOKEN, d, &tr.spoken(left)))),
                    note: note.into(),
                    ended: false,
                }
            }
            OnCard::Upcoming { deal: d, left } => {
                let price = self.money.format(d.price, &p.currency);
                DealView {
                    headline: AttrValue::from(said(UPCOMING, d, &tr.clock(left))),
                    spoken: Some(AttrValue::from(said(UPCOMING, d, &tr.spoken(left)))),
                    note: vec![AttrValue::from(
                        tr.fmt("deal.note.price", &[("price", &price)]),
                    )]
                    .into(),
                    ended: false,
                }
            }
            OnCard::Ended => DealView {
                headline: AttrValue::from(tr.t("deal.ended")),
                spoken: None,
                note: vec![AttrValue::from(tr.t("deal.ended_note"))].into(),
                ended: true,
            },
        })
    }

    /// A deal the manifest features but the shop does not offer is reported once and never
    /// shown: the price a viewer sees is always one the server will charge.
    pub(super) fn check_manifest_deals(&mut self) {
        for m in self
            .deals
            .unknown(&self.catalog, self.deals.server_now(now()))
        {
            self.report_kind(ErrorKind::Deal, m);
        }
    }

    /// The per-customer limit of the live deal that prices `variant` now.
    pub(super) fn deal_limit(&self, product: &str, variant: &str) -> Option<(u32, Option<String>)> {
        deals::limit(&self.catalog, product, variant, self.server_now())
    }
}
