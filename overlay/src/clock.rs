//! The server's clock, estimated from round-trips. The device's wall clock is never read: a
//! sample is (monotonic time sent, server time, monotonic time received), and the server's
//! time later is the monotonic time now plus an offset. Of all samples, the one with the
//! smallest round-trip wins (its midpoint is the tightest bound), the offset corrected by half
//! of it (the NTP assumption: the answer was stamped halfway).

use std::fmt;

/// Server times outside these bounds (2020 … 2100, in Unix milliseconds) are not a clock.
const MIN_SERVER_MS: f64 = 1_577_836_800_000.0;
const MAX_SERVER_MS: f64 = 4_102_444_800_000.0;
/// A round-trip longer than this says nothing useful about the offset.
const MAX_RTT_MS: f64 = 30_000.0;
/// A sample whose offset is this far from the best one is refused (a server answering with
/// a time years off is broken, not right).
const MAX_JUMP_MS: f64 = 24.0 * 3_600_000.0;

/// Why a sample was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum ClockError {
    /// Received before it was sent: the monotonic readings are not monotonic.
    NegativeRoundTrip {
        rtt_ms: f64,
    },
    TooSlow {
        rtt_ms: f64,
    },
    /// The server's time is not a plausible Unix time in milliseconds.
    Implausible {
        server_ms: f64,
    },
    /// The offset moved by more than a day from the best sample.
    Jump {
        by_ms: f64,
    },
}

impl fmt::Display for ClockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::manifest::num;
        match self {
            ClockError::NegativeRoundTrip { rtt_ms } => write!(
                f,
                "server time: negative round-trip ({} ms); sample ignored",
                num(*rtt_ms)
            ),
            ClockError::TooSlow { rtt_ms } => write!(
                f,
                "server time: round-trip of {} ms is too slow to use; sample ignored",
                num(*rtt_ms)
            ),
            ClockError::Implausible { server_ms } => write!(
                f,
                "server time: {} is not a Unix time in milliseconds; sample ignored",
                num(*server_ms)
            ),
            ClockError::Jump { by_ms } => write!(
                f,
                "server time: offset jumped by {} ms from the best sample; sample ignored",
                num(*by_ms)
            ),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Sample {
    rtt_ms: f64,
    offset_ms: f64,
}

/// The estimate. Empty until the first good sample.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerClock {
    best: Option<Sample>,
}

impl ServerClock {
    /// Adds a round-trip: sent at monotonic `sent_ms`, answered with `server_ms`, received
    /// at monotonic `received_ms`. Returns whether it became the best sample.
    pub fn add(
        &mut self,
        sent_ms: f64,
        server_ms: f64,
        received_ms: f64,
    ) -> Result<bool, ClockError> {
        let rtt_ms = received_ms - sent_ms;
        if !rtt_ms.is_finite() || rtt_ms < 0.0 {
            return Err(ClockError::NegativeRoundTrip { rtt_ms });
        }
        if rtt_ms > MAX_RTT_MS {
            return Err(ClockError::TooSlow { rtt_ms });
        }
        if !(MIN_SERVER_MS..=MAX_SERVER_MS).contains(&server_ms) {
            return Err(ClockError::Implausible { server_ms });
        }
        let offset_ms = server_ms - (sent_ms + rtt_ms / 2.0);
        if let Some(best) = self.best {
            let by_ms = (offset_ms - best.offset_ms).abs();
            if by_ms > MAX_JUMP_MS {
                return Err(ClockError::Jump { by_ms });
            }
            if rtt_ms >= best.rtt_ms {
                return Ok(false);
            }
        }
        self.best = Some(Sample { rtt_ms, offset_ms });
        Ok(true)
    }

    /// Whether at least one sample was accepted.
    pub fn is_synced(&self) -> bool {
        self.best.is_some()
    }

    /// The server's time at monotonic `now_ms`, once synced.
    pub fn server_now(&self, now_ms: f64) -> Option<f64> {
        self.best.map(|b| now_ms + b.offset_ms)
    }

    /// The worst error of the estimate: half the best round-trip.
    pub fn uncertainty_ms(&self) -> Option<f64> {
        self.best.map(|b| b.rtt_ms / 2.0)
    }

    /// Forgets every sample (the next ones start over; used when the old estimate is suspect,
    /// for example after the device slept).
    pub fn reset(&mut self) {
        self.best = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T: f64 = 1_790_000_000_000.0;

    #[test]
    fn the_smallest_round_trip_wins_and_is_halved() {
        let mut c = ServerClock::default();
        // Server stamped at 1000 ms of its own time after our send at mono 100 (rtt 80).
        assert_eq!(c.add(100.0, T + 1000.0, 180.0), Ok(true));
        assert_eq!(c.server_now(140.0), Some(T + 1000.0));
        assert_eq!(
            c.add(500.0, T + 1400.0, 700.0),
            Ok(false),
            "slower sample kept out"
        );
        assert_eq!(c.add(900.0, T + 1805.0, 910.0), Ok(true));
        assert_eq!(c.server_now(905.0), Some(T + 1805.0));
        assert_eq!(c.uncertainty_ms(), Some(5.0));
    }

    #[test]
    fn nonsense_is_refused_with_a_reason() {
        let mut c = ServerClock::default();
        assert!(matches!(
            c.add(200.0, T, 100.0),
            Err(ClockError::NegativeRoundTrip { .. })
        ));
        assert!(matches!(
            c.add(0.0, 12.0, 10.0),
            Err(ClockError::Implausible { .. })
        ));
        assert!(matches!(
            c.add(0.0, T, 60_000.0),
            Err(ClockError::TooSlow { .. })
        ));
        assert!(!c.is_synced());
        assert_eq!(c.add(0.0, T, 10.0), Ok(true));
        let years = 3.0 * 365.0 * 86_400_000.0;
        assert!(matches!(
            c.add(20.0, T + years, 21.0),
            Err(ClockError::Jump { .. })
        ));
        assert_eq!(
            c.server_now(5.0),
            Some(T),
            "a refused sample changes nothing"
        );
        assert_eq!(
            ClockError::NegativeRoundTrip { rtt_ms: -100.0 }.to_string(),
            "server time: negative round-trip (-100 ms); sample ignored"
        );
    }

    proptest! {
        /// Against a simulated network: whatever the skew and the asymmetric delays, the
        /// estimate is within half the best round-trip of the truth.
        #[test]
        fn error_is_bounded_by_half_the_best_round_trip(
            skew in -7_200_000.0f64..7_200_000.0,
            trips in prop::collection::vec((0.0f64..400.0, 0.0f64..400.0, 0.0f64..2_000.0), 1..12),
        ) {
            let mut c = ServerClock::default();
            let mut mono = 1_000.0;
            for (up, down, gap) in trips {
                mono += gap;
                let server = T + skew + mono + up; // the server stamps on arrival
                let _ = c.add(mono, server, mono + up + down);
                mono += up + down;
            }
            let truth = T + skew + mono;
            let est = c.server_now(mono).unwrap_or(f64::NAN);
            let bound = c.uncertainty_ms().unwrap_or(f64::NAN);
            prop_assert!((est - truth).abs() <= bound + 1e-6, "est {est}, truth {truth}, bound {bound}");
        }
    }
}
