//! The server's clock and deals: sampling, countdown ticks, badges, what the card says.

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
                        let clock = s.fresh_clock.as_mut().unwrap_or(&mut s.clock);
                        if let Err(e) = clock.add(sent, server, received) {
                            s.report_kind(overlay::contract::ErrorKind::Clock, e.to_string());
                        }
                    }
                    Err(e) => {
                        let _ = s.failure(&e);
                    }
                }
                if left > 1 {
                    s.sample_clock(left - 1);
                } else {
                    if let Some(fresh) = s.fresh_clock.take().filter(ServerClock::is_synced) {
                        s.clock = fresh;
                    }
                    s.on_deal_tick();
                }
            },
        );
    }

    /// The server's time now, once the clock is sampled.
    pub fn server_now(&self) -> Option<f64> {
        self.clock.server_now(now())
    }

    pub(super) fn deals_of(&self, product: &str) -> &[Deal] {
        self.catalog
            .products
            .get(product)
            .map_or(&[], |p| p.deals.as_slice())
    }

    /// Something about deals may have changed (a second passed, a phase ended, new data):
    /// re-render, refresh the tag badges, and set the timer for the next change.
    pub(super) fn on_deal_tick(&mut self) {
        self.render();
        self.update_badges();
        let Some(server) = self.server_now() else {
            self.deal_tick = None;
            return;
        };
        let next = self
            .catalog
            .products
            .values()
            .flat_map(|p| p.deals.iter())
            .filter_map(|d| d.next_tick(server))
            .reduce(f64::min);
        self.deal_tick = next.map(|at| {
            let delay = (at - server + TICK_MARGIN_MS)
                .clamp(0.0, 3_600_000.0)
                .ceil() as u32;
            Timeout::new(delay, self.later(|s| s.on_deal_tick()))
        });
    }

    /// A product's deal badge: "−20% · 04:59" while live, "Starts 01:30" when announced; and
    /// the same with the time in words, for screen readers ("20% off, ends in 4 minutes, 59
    /// seconds").
    pub(super) fn badge_of(&self, p: &wire::Product, server: f64) -> Option<(String, String)> {
        let tr = &self.tr;
        let regular = p.variants.iter().map(|v| v.price).min()?;
        let mut best: Option<(u8, i64, &Deal, Phase)> = None;
        for d in &p.deals {
            let phase = d.phase(server);
            let rank = match phase {
                Phase::Live { .. } => 0,
                Phase::Upcoming { .. } => 1,
                _ => continue,
            };
            if best
                .as_ref()
                .is_none_or(|(r, price, _, _)| (rank, d.price) < (*r, *price))
            {
                best = Some((rank, d.price, d, phase));
            }
        }
        let (_, _, d, phase) = best?;
        Some(match phase {
            Phase::Live { ends_in_ms } => {
                let percent = tr.percent(percent_off(regular, d.price) as f64);
                let left = seconds(ends_in_ms);
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
            Phase::Upcoming { starts_in_ms } => {
                let left = seconds(starts_in_ms);
                (
                    tr.fmt("deal.badge.upcoming", &[("time", &tr.clock(left))]),
                    tr.fmt("deal.badge.upcoming_spoken", &[("time", &tr.spoken(left))]),
                )
            }
            _ => return None,
        })
    }

    pub(super) fn update_badges(&mut self) {
        let Some(server) = self.server_now() else {
            return;
        };
        let badges: Badges = self
            .catalog
            .products
            .values()
            .filter_map(|p| Some((p.id.clone(), AttrValue::from(self.badge_of(p, server)?.0))))
            .collect();
        if badges != self.badges {
            self.badges = badges;
            if let Some(f) = &self.on_badges {
                f(&self.badges);
            }
        }
    }

    /// Where the tag layer learns of deal badges.
    pub fn set_on_badges(&mut self, f: BadgeSink) {
        self.on_badges = Some(f);
        if let Some(f) = &self.on_badges {
            f(&self.badges);
        }
    }

    /// What the card says of the deals on `variant`.
    pub(super) fn deal_view(
        &self,
        p: &wire::Product,
        variant: &str,
        server: Option<f64>,
    ) -> Option<DealView> {
        let server = server?;
        let covering = p.deals.iter().filter(|d| d.covers(&p.id, variant));
        let mut live = None;
        let mut upcoming = None;
        let mut ended = false;
        for d in covering {
            match d.phase(server) {
                Phase::Live { ends_in_ms } if d.stock_left != Some(0) => {
                    if live
                        .as_ref()
                        .is_none_or(|(l, _): &(&Deal, f64)| d.price < l.price)
                    {
                        live = Some((d, ends_in_ms));
                    }
                }
                Phase::Upcoming { starts_in_ms } => {
                    if upcoming.is_none() {
                        upcoming = Some((d, starts_in_ms));
                    }
                }
                Phase::Live { .. } | Phase::Ended => ended = true,
                Phase::Hidden => {}
            }
        }
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
        if let Some((d, ends_in)) = live {
            let left = seconds(ends_in);
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
            return Some(DealView {
                headline: AttrValue::from(said(LIVE, d, &tr.clock(left))),
                spoken: Some(AttrValue::from(said(LIVE_SPOKEN, d, &tr.spoken(left)))),
                note: note.into(),
                ended: false,
            });
        }
        if let Some((d, starts_in)) = upcoming {
            let left = seconds(starts_in);
            let price = self.money.format(d.price, &p.currency);
            return Some(DealView {
                headline: AttrValue::from(said(UPCOMING, d, &tr.clock(left))),
                spoken: Some(AttrValue::from(said(UPCOMING, d, &tr.spoken(left)))),
                note: vec![AttrValue::from(
                    tr.fmt("deal.note.price", &[("price", &price)]),
                )]
                .into(),
                ended: false,
            });
        }
        ended.then(|| DealView {
            headline: AttrValue::from(tr.t("deal.ended")),
            spoken: None,
            note: vec![AttrValue::from(tr.t("deal.ended_note"))].into(),
            ended: true,
        })
    }

    /// A deal the manifest features but the shop does not offer is reported once and never
    /// shown: the price a viewer sees is always one the server will charge.
    pub(super) fn check_manifest_deals(&mut self) {
        let server = self.server_now();
        let mut unknown = Vec::new();
        for d in &self.manifest_deals {
            let Some(p) = self.catalog.products.get(&d.product) else {
                continue;
            };
            let ended = server.is_some_and(|t| t >= d.ends_ms);
            if !ended
                && !p.deals.iter().any(|x| x.id == d.id)
                && !self.deals_reported.contains(&d.id)
            {
                unknown.push((d.id.clone(), d.product.clone()));
            }
        }
        for (id, product) in unknown {
            self.report_kind(
                overlay::contract::ErrorKind::Deal,
                format!(
                    "manifest deal {id} on {product} is not offered by the shop; it is not shown"
                ),
            );
            self.deals_reported.insert(id);
        }
    }

    /// The per-customer limit of the live deal that prices `variant` now, with the deal's
    /// name when it has one: the cart may not hold more at the deal price.
    pub(super) fn deal_limit(&self, product: &str, variant: &str) -> Option<(u32, Option<String>)> {
        let p = self.catalog.products.get(product)?;
        let v = p.variants.iter().find(|v| v.id == variant)?;
        let (_, deal) = offered(&p.deals, product, variant, v.price, self.server_now());
        let d = deal?;
        Some((d.limit?, d.title.clone()))
    }
}
