//! Countdown deals on the server's clock: which phase a deal is in, when the next change comes,
//! the countdown text, and the price a viewer is offered. The server stays authoritative (it
//! prices the order); this is what the overlay shows meanwhile, and it never shows a deal price
//! outside the window the server gave.

/// A deal as the commerce API describes it (times in server Unix milliseconds).
#[derive(Clone, Debug, PartialEq)]
pub struct Deal {
    pub id: String,
    pub product: String,
    /// The deal applies to this variant only; `None` is every variant of the product.
    pub variant: Option<String>,
    /// Minor units, in the product's currency.
    pub price: i64,
    pub starts_ms: f64,
    pub ends_ms: f64,
    /// From when the deal is announced ("starts in 04:59"); `None` shows it only once live.
    pub announce_ms: Option<f64>,
    /// Per-customer limit, when there is one.
    pub limit: Option<u32>,
    /// Deal units left, when the deal stock is limited.
    pub stock_left: Option<u32>,
    /// What the brand calls it ("Flash deal").
    pub title: Option<String>,
}

/// Where a deal stands at some server time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Phase {
    /// Not announced yet: nothing shows.
    Hidden,
    /// Announced: "starts in …", regular price still charged.
    Upcoming { starts_in_ms: f64 },
    /// The deal price is offered: "ends in …".
    Live { ends_in_ms: f64 },
    /// Over: the regular price, everywhere.
    Ended,
}

/// Why a deal from the API or a manifest is not usable.
#[derive(Clone, Debug, PartialEq)]
pub enum DealError {
    EndNotAfterStart,
    AnnouncedAfterStart,
    NegativePrice,
    NotFinite,
}

impl std::fmt::Display for DealError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DealError::EndNotAfterStart => "the deal ends before it starts",
            DealError::AnnouncedAfterStart => "the deal is announced after it starts",
            DealError::NegativePrice => "the deal price is negative",
            DealError::NotFinite => "a deal time is not a finite number",
        })
    }
}

impl Deal {
    /// Checks the deal's own consistency (what a schema cannot: order of times).
    pub fn check(&self) -> Result<(), DealError> {
        let times = [
            self.starts_ms,
            self.ends_ms,
            self.announce_ms.unwrap_or(0.0),
        ];
        if times.iter().any(|t| !t.is_finite()) {
            return Err(DealError::NotFinite);
        }
        if self.ends_ms <= self.starts_ms {
            return Err(DealError::EndNotAfterStart);
        }
        if self.announce_ms.is_some_and(|a| a > self.starts_ms) {
            return Err(DealError::AnnouncedAfterStart);
        }
        if self.price < 0 {
            return Err(DealError::NegativePrice);
        }
        Ok(())
    }

    /// The phase at server time `now_ms`. Starts and ends are inclusive-exclusive:
    /// live on `[starts, ends)`, as the server prices it.
    pub fn phase(&self, now_ms: f64) -> Phase {
        if now_ms >= self.ends_ms {
            Phase::Ended
        } else if now_ms >= self.starts_ms {
            Phase::Live {
                ends_in_ms: self.ends_ms - now_ms,
            }
        } else if self.announce_ms.is_some_and(|a| now_ms >= a) {
            Phase::Upcoming {
                starts_in_ms: self.starts_ms - now_ms,
            }
        } else {
            Phase::Hidden
        }
    }

    /// When (server time) the display next changes after `now_ms`: the next whole second of a
    /// countdown, or a phase boundary, whichever comes first. `None` once ended.
    pub fn next_tick(&self, now_ms: f64) -> Option<f64> {
        let boundary = match self.phase(now_ms) {
            Phase::Hidden => self.announce_ms.unwrap_or(self.starts_ms),
            Phase::Upcoming { .. } => self.starts_ms,
            Phase::Live { .. } => self.ends_ms,
            Phase::Ended => return None,
        };
        // The countdown shows whole seconds rounded up, so it changes when the remaining time
        // crosses a whole second.
        let remaining = boundary - now_ms;
        let into_second = remaining % 1000.0;
        let step = if into_second == 0.0 {
            1000.0
        } else {
            into_second
        };
        Some((now_ms + step).min(boundary))
    }

    /// Whether the deal applies to `variant` of its product.
    pub fn covers(&self, product: &str, variant: &str) -> bool {
        self.product == product && self.variant.as_deref().is_none_or(|v| v == variant)
    }
}

/// "04:59", or "1:02:03" from an hour up: whole seconds, rounded up (a countdown reads 00:01
/// until the last millisecond, and 00:00 only when the moment has come).
pub fn countdown(ms: f64) -> String {
    let s = if ms.is_finite() && ms > 0.0 {
        (ms / 1000.0).ceil() as u64
    } else {
        0
    };
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// The price offered for `variant` of `product` at server time `now_ms`: the deal price of a
/// live deal that covers it (the lowest, when several do), else `regular`. Returns the deal
/// too, when one applies.
pub fn offered<'d>(
    deals: &'d [Deal],
    product: &str,
    variant: &str,
    regular: i64,
    now_ms: Option<f64>,
) -> (i64, Option<&'d Deal>) {
    // Before the clock is synced nothing is known to be live: the regular price shows.
    let Some(now) = now_ms else {
        return (regular, None);
    };
    deals
        .iter()
        .filter(|d| d.covers(product, variant) && matches!(d.phase(now), Phase::Live { .. }))
        .filter(|d| d.stock_left != Some(0) && d.price < regular)
        .min_by_key(|d| d.price)
        .map_or((regular, None), |d| (d.price, Some(d)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn deal(announce: Option<f64>, start: f64, end: f64) -> Deal {
        Deal {
            id: "d1".into(),
            product: "p".into(),
            variant: None,
            price: 900,
            starts_ms: start,
            ends_ms: end,
            announce_ms: announce,
            limit: None,
            stock_left: None,
            title: None,
        }
    }

    #[test]
    fn phases_and_boundaries() {
        let d = deal(Some(1_000.0), 5_000.0, 65_000.0);
        assert_eq!(d.phase(999.0), Phase::Hidden);
        assert_eq!(
            d.phase(1_000.0),
            Phase::Upcoming {
                starts_in_ms: 4_000.0
            }
        );
        assert_eq!(
            d.phase(5_000.0),
            Phase::Live {
                ends_in_ms: 60_000.0
            }
        );
        assert_eq!(d.phase(65_000.0), Phase::Ended);
        assert_eq!(deal(None, 5.0, 6.0).phase(4.0), Phase::Hidden);
    }

    #[test]
    fn countdown_text() {
        assert_eq!(countdown(299_000.0), "04:59");
        assert_eq!(countdown(298_001.0), "04:59", "rounded up");
        assert_eq!(countdown(1.0), "00:01");
        assert_eq!(countdown(0.0), "00:00");
        assert_eq!(countdown(-5.0), "00:00");
        assert_eq!(countdown(3_723_000.0), "1:02:03");
        assert_eq!(countdown(f64::NAN), "00:00");
    }

    #[test]
    fn ticks_land_on_second_boundaries_of_the_countdown() {
        let d = deal(Some(0.0), 10_000.0, 20_000.0);
        assert_eq!(d.next_tick(2_300.0), Some(3_000.0));
        assert_eq!(d.next_tick(3_000.0), Some(4_000.0));
        assert_eq!(d.next_tick(9_999.5), Some(10_000.0));
        assert_eq!(d.next_tick(19_500.0), Some(20_000.0));
        assert_eq!(d.next_tick(20_000.0), None);
        assert_eq!(deal(Some(5.0), 8.0, 9.0).next_tick(0.0), Some(5.0));
    }

    #[test]
    fn bad_deals_say_why() {
        assert_eq!(
            deal(None, 10.0, 10.0).check(),
            Err(DealError::EndNotAfterStart)
        );
        assert_eq!(
            deal(Some(11.0), 10.0, 20.0).check(),
            Err(DealError::AnnouncedAfterStart)
        );
        assert_eq!(
            deal(None, f64::NAN, 20.0).check(),
            Err(DealError::NotFinite)
        );
        assert!(deal(Some(1.0), 10.0, 20.0).check().is_ok());
    }

    #[test]
    fn offered_price_only_while_live_and_in_stock() {
        let mut d = deal(Some(0.0), 10.0, 20.0);
        let deals = vec![d.clone()];
        assert_eq!(
            offered(&deals, "p", "v", 1200, None).0,
            1200,
            "no clock, no deal"
        );
        assert_eq!(
            offered(&deals, "p", "v", 1200, Some(5.0)).0,
            1200,
            "upcoming"
        );
        assert_eq!(offered(&deals, "p", "v", 1200, Some(10.0)).0, 900);
        assert_eq!(
            offered(&deals, "q", "v", 1200, Some(10.0)).0,
            1200,
            "other product"
        );
        assert_eq!(offered(&deals, "p", "v", 1200, Some(20.0)).0, 1200, "ended");
        d.stock_left = Some(0);
        assert_eq!(
            offered(&[d], "p", "v", 1200, Some(15.0)).0,
            1200,
            "deal stock gone"
        );
    }

    proptest! {
        /// Walking a deal's timeline tick by tick visits the phases in order, never goes back,
        /// changes phase exactly at the boundaries, and every tick is at most a second apart.
        #[test]
        fn ticks_walk_the_phases_in_order(
            announce in prop::option::of(0.0f64..10_000.0),
            start_after in 0.0f64..10_000.0,
            len in 1.0f64..10_000.0,
            from in -5_000.0f64..30_000.0,
        ) {
            let start = announce.unwrap_or(0.0) + start_after;
            let d = deal(announce, start, start + len);
            let rank = |p: Phase| match p {
                Phase::Hidden => 0, Phase::Upcoming { .. } => 1, Phase::Live { .. } => 2, Phase::Ended => 3,
            };
            let mut t = from;
            let mut last = rank(d.phase(t));
            let mut steps = 0;
            while let Some(next) = d.next_tick(t) {
                prop_assert!(next > t);
                prop_assert!(next - t <= 1000.0 + 1e-9 || rank(d.phase(t)) == 0);
                let r = rank(d.phase(next));
                prop_assert!(r >= last, "phase went back");
                if r != last {
                    prop_assert!([start, start + len, announce.unwrap_or(start)].contains(&next),
                        "phase changed off a boundary at {next}");
                }
                last = r;
                t = next;
                steps += 1;
                prop_assert!(steps < 100_000);
            }
            prop_assert_eq!(last, 3);
        }
    }
}
