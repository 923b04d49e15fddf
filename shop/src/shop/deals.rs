//! Deals on the server's clock, as a part of the shop that owns its state and decides without
//! touching the page: the clock (and a fresh one sampled after the page comes back), which deal
//! a product's badge shows, what the card says of a variant's deals, when the display next
//! changes, the per-customer limit that prices a variant now, and which of the manifest's deals
//! the shop does not offer (reported once, never shown). The words are the shop's (`deal_words.rs`).

use std::collections::BTreeSet;

use overlay::{offered, ClockError, Deal, Phase, ServerClock};

use super::catalog::Catalog;
use crate::wire;

/// Timers fire at or a little after their time; this margin puts a countdown tick safely
/// past the second it shows.
const TICK_MARGIN_MS: f64 = 5.0;

/// Whole percent off, rounded: 14900 → 11900 is 20.
pub fn percent_off(regular: i64, price: i64) -> i64 {
    if regular <= 0 {
        0
    } else {
        ((regular - price) * 100 + regular / 2) / regular
    }
}

/// Whole seconds left on a countdown, rounded up (what `overlay::countdown` shows).
pub fn seconds(ms: f64) -> u64 {
    if ms.is_finite() && ms > 0.0 {
        (ms / 1000.0).ceil() as u64
    } else {
        0
    }
}

/// What a product's badge shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Badge {
    /// The best live deal: percent off the lowest regular price, seconds left.
    Live { percent: i64, left: u64 },
    /// The soonest announced deal: seconds until it starts.
    Upcoming { left: u64 },
}

/// What the card says of the deals on one variant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OnCard<'a> {
    /// The cheapest live deal with stock left, and seconds left.
    Live { deal: &'a Deal, left: u64 },
    /// An announced deal, and seconds until it starts.
    Upcoming { deal: &'a Deal, left: u64 },
    /// Only ended (or sold-out) deals cover it.
    Ended,
}

/// The badge `p` shows at server time `server`: a live deal before an announced one, the lower
/// price first.
pub fn badge(p: &wire::Product, server: f64) -> Option<Badge> {
    let regular = p.variants.iter().map(|v| v.price).min()?;
    let mut best: Option<(u8, i64, Phase)> = None;
    for d in &p.deals {
        let phase = d.phase(server);
        let rank = match phase {
            Phase::Live { .. } => 0,
            Phase::Upcoming { .. } => 1,
            _ => continue,
        };
        if best
            .as_ref()
            .is_none_or(|(r, price, _)| (rank, d.price) < (*r, *price))
        {
            best = Some((rank, d.price, phase));
        }
    }
    match best? {
        (_, price, Phase::Live { ends_in_ms }) => Some(Badge::Live {
            percent: percent_off(regular, price),
            left: seconds(ends_in_ms),
        }),
        (_, _, Phase::Upcoming { starts_in_ms }) => Some(Badge::Upcoming {
            left: seconds(starts_in_ms),
        }),
        _ => None,
    }
}

/// What the card shows of the deals covering `variant` of `p`.
pub fn on_card<'a>(p: &'a wire::Product, variant: &str, server: f64) -> Option<OnCard<'a>> {
    let mut live: Option<(&Deal, f64)> = None;
    let mut upcoming = None;
    let mut ended = false;
    for d in p.deals.iter().filter(|d| d.covers(&p.id, variant)) {
        match d.phase(server) {
            Phase::Live { ends_in_ms } if d.stock_left != Some(0) => {
                if live.is_none_or(|(l, _)| d.price < l.price) {
                    live = Some((d, ends_in_ms));
                }
            }
            Phase::Upcoming { starts_in_ms } => {
                upcoming.get_or_insert((d, starts_in_ms));
            }
            Phase::Live { .. } | Phase::Ended => ended = true,
            Phase::Hidden => {}
        }
    }
    if let Some((deal, ends_in)) = live {
        return Some(OnCard::Live {
            deal,
            left: seconds(ends_in),
        });
    }
    if let Some((deal, starts_in)) = upcoming {
        return Some(OnCard::Upcoming {
            deal,
            left: seconds(starts_in),
        });
    }
    ended.then_some(OnCard::Ended)
}

/// Milliseconds until the next change any deal in `catalog` makes to the display (a second
/// passes on a countdown, a phase ends), just past it.
pub fn next_tick(catalog: &Catalog, server: f64) -> Option<u32> {
    catalog
        .products
        .values()
        .flat_map(|p| p.deals.iter())
        .filter_map(|d| d.next_tick(server))
        .reduce(f64::min)
        .map(|at| {
            (at - server + TICK_MARGIN_MS)
                .clamp(0.0, 3_600_000.0)
                .ceil() as u32
        })
}

/// The per-customer limit of the live deal that prices `variant` now, with the deal's name
/// when it has one: the cart may not hold more at the deal price.
pub fn limit(
    catalog: &Catalog,
    product: &str,
    variant: &str,
    server: Option<f64>,
) -> Option<(u32, Option<String>)> {
    let p = catalog.get(product)?;
    let v = p.variants.iter().find(|v| v.id == variant)?;
    let (_, deal) = offered(&p.deals, product, variant, v.price, server);
    let d = deal?;
    Some((d.limit?, d.title.clone()))
}

/// The shop's clock and the manifest's deals.
pub struct Deals {
    clock: ServerClock,
    /// A fresh estimate being sampled after the page came back (the monotonic clock may have
    /// paused while the device slept); it replaces `clock` once sampled.
    fresh: Option<ServerClock>,
    /// Deals the manifest features; shown only as the API states them.
    manifest: Vec<Deal>,
    /// Manifest deals already reported as unknown to the shop.
    reported: BTreeSet<String>,
}

impl Deals {
    pub fn new(manifest: Vec<Deal>) -> Deals {
        Deals {
            clock: ServerClock::default(),
            fresh: None,
            manifest,
            reported: BTreeSet::new(),
        }
    }

    /// The server's time at local monotonic time `now`, once the clock is sampled.
    pub fn server_now(&self, now: f64) -> Option<f64> {
        self.clock.server_now(now)
    }

    /// The page came back: a fresh clock is sampled; the old one serves until it is.
    pub fn resample(&mut self) {
        self.fresh = Some(ServerClock::default());
    }

    /// One round-trip to the server's clock: sent at `sent`, answered `server`, back at
    /// `received`.
    pub fn sample(&mut self, sent: f64, server: f64, received: f64) -> Result<(), ClockError> {
        let clock = self.fresh.as_mut().unwrap_or(&mut self.clock);
        clock.add(sent, server, received).map(|_| ())
    }

    /// The samples are in: a fresh clock that synced replaces the old one.
    pub fn sampled(&mut self) {
        if let Some(fresh) = self.fresh.take().filter(ServerClock::is_synced) {
            self.clock = fresh;
        }
    }

    /// The manifest's deals the shop does not offer (not ended), each said once: what to report.
    pub fn unknown(&mut self, catalog: &Catalog, server: Option<f64>) -> Vec<String> {
        let mut said = Vec::new();
        for d in &self.manifest {
            let Some(p) = catalog.get(&d.product) else {
                continue;
            };
            let ended = server.is_some_and(|t| t >= d.ends_ms);
            if !ended && !p.deals.iter().any(|x| x.id == d.id) && self.reported.insert(d.id.clone())
            {
                said.push(format!(
                    "manifest deal {} on {} is not offered by the shop; it is not shown",
                    d.id, d.product
                ));
            }
        }
        said
    }
}

#[cfg(test)]
mod tests {
    use super::super::catalog::tests::product;
    use super::*;

    fn deal(id: &str, price: i64, starts: f64, ends: f64) -> Deal {
        Deal {
            id: id.into(),
            product: "a".into(),
            variant: None,
            price,
            starts_ms: starts,
            ends_ms: ends,
            announce_ms: Some(0.0),
            limit: None,
            stock_left: None,
            title: None,
        }
    }

    #[test]
    fn percent_off_and_countdown_seconds_round_as_shown() {
        assert_eq!(percent_off(14900, 11900), 20);
        assert_eq!(percent_off(1000, 667), 33);
        assert_eq!(percent_off(0, 100), 0);
        assert_eq!(seconds(1.0), 1);
        assert_eq!(seconds(1000.0), 1);
        assert_eq!(seconds(1000.5), 2);
        assert_eq!(seconds(-5.0), 0);
        assert_eq!(seconds(f64::NAN), 0);
    }

    #[test]
    fn the_badge_prefers_a_live_deal_then_the_lower_price() {
        let mut p = product("a", &[5]);
        p.deals = vec![
            deal("soon", 500, 10_000.0, 20_000.0),
            deal("now", 800, 0.0, 4_500.0),
            deal("cheaper", 700, 0.0, 60_000.0),
        ];
        assert_eq!(
            badge(&p, 1_000.0),
            Some(Badge::Live {
                percent: 30,
                left: 59
            })
        );
        p.deals.retain(|d| d.id == "soon");
        assert_eq!(badge(&p, 1_000.0), Some(Badge::Upcoming { left: 9 }));
        assert_eq!(badge(&p, 30_000.0), None);
    }

    #[test]
    fn the_card_skips_a_sold_out_deal_and_says_ended_when_only_those_cover_it() {
        let mut p = product("a", &[5, 5]);
        let mut gone = deal("gone", 500, 0.0, 10_000.0);
        gone.stock_left = Some(0);
        let mut other = deal("other", 400, 0.0, 10_000.0);
        other.variant = Some("a-v1".into());
        p.deals = vec![gone, other];
        assert_eq!(on_card(&p, "a-v0", 1_000.0), Some(OnCard::Ended));
        assert!(matches!(
            on_card(&p, "a-v1", 1_000.0),
            Some(OnCard::Live { deal, left: 9 }) if deal.id == "other"
        ));
        assert_eq!(on_card(&product("b", &[1]), "b-v0", 0.0), None);
    }

    #[test]
    fn the_next_tick_is_just_past_the_next_second_or_phase_change() {
        let mut c = Catalog::default();
        assert_eq!(next_tick(&c, 0.0), None);
        let mut p = product("a", &[5]);
        p.deals = vec![deal("d", 500, 0.0, 60_000.0)];
        c.products.insert("a".into(), p);
        let t = next_tick(&c, 1_250.0);
        assert!(t.is_some_and(|ms| ms > 0 && ms <= 1_005), "{t:?}");
    }

    #[test]
    fn a_manifest_deal_the_shop_does_not_offer_is_reported_once() {
        let mut c = Catalog::default();
        let mut d = Deals::new(vec![deal("m1", 500, 0.0, 60_000.0)]);
        // Not said before the product is known.
        assert!(d.unknown(&c, Some(0.0)).is_empty());
        c.products.insert("a".into(), product("a", &[1]));
        assert_eq!(d.unknown(&c, Some(0.0)).len(), 1);
        assert!(d.unknown(&c, Some(0.0)).is_empty());
        let mut late = Deals::new(vec![deal("m2", 500, 0.0, 60_000.0)]);
        assert!(late.unknown(&c, Some(61_000.0)).is_empty(), "an ended deal");
    }

    #[test]
    fn a_live_deals_limit_applies_only_while_it_prices_the_variant() {
        let mut c = Catalog::default();
        let mut p = product("a", &[5]);
        let mut d = deal("d", 500, 0.0, 10_000.0);
        d.limit = Some(2);
        d.title = Some("Flash".into());
        p.deals = vec![d];
        c.products.insert("a".into(), p);
        assert_eq!(
            limit(&c, "a", "a-v0", Some(5_000.0)),
            Some((2, Some("Flash".into())))
        );
        assert_eq!(limit(&c, "a", "a-v0", Some(20_000.0)), None);
        assert_eq!(limit(&c, "a", "a-v0", None), None);
    }

    #[test]
    fn a_fresh_clock_replaces_the_old_only_once_it_synced() {
        let mut d = Deals::new(Vec::new());
        assert_eq!(d.server_now(0.0), None);
        for i in 0..3 {
            let t = f64::from(i) * 100.0;
            assert!(d.sample(t, 1.8e12 + t + 10.0, t + 20.0).is_ok());
        }
        d.sampled();
        let before = d.server_now(500.0);
        assert!(before.is_some());
        d.resample();
        d.sampled();
        assert_eq!(
            d.server_now(500.0),
            before,
            "an unsampled fresh clock is dropped"
        );
        // The page comes back with the server a minute on: the fresh samples go to the fresh
        // clock, which replaces the old one once they are in.
        d.resample();
        assert!(d.sample(1_000.0, 1.8e12 + 60_000.0, 1_010.0).is_ok());
        assert_eq!(
            d.server_now(500.0),
            before,
            "the old clock serves until then"
        );
        d.sampled();
        let after = d.server_now(500.0).unwrap_or(0.0) - before.unwrap_or(0.0);
        assert!((after - 58_995.0).abs() < 20.0, "{after}");
    }
}
