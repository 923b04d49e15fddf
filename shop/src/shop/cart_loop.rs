//! The cart loop as a part that owns its state and says what is due, the way `CartMachine`
//! does underneath it: whether a cart must be made first (the same idempotency key on every
//! retry, so a cart made before a lost reply is reused; backing off, and telling the viewer on
//! the third failure), which request to send, when to wake next, and what the cart shows while
//! an order is placed or handed to the app. The shop makes the bridge calls (`cart.rs`).

use std::collections::BTreeMap;

use overlay::{Attribution, Backoff, CartMachine, Request};

/// The cart-creation failure on which the viewer is told (earlier ones retry quietly).
pub const TELL_AFTER: u32 = 3;

/// What the loop wants done now.
#[derive(Debug, PartialEq)]
pub enum Due {
    Nothing,
    /// Make a cart with this idempotency key.
    Create(String),
    /// Send this request for the cart.
    Send(Request),
}

/// An order the viewer placed: its id (what the API is asked with), the number shown to the
/// viewer (the bridge's, else the id), and its total in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub id: String,
    pub number: String,
    pub total: String,
}

pub struct CartLoop {
    pub machine: CartMachine,
    /// The server's cart, once there is one.
    pub id: Option<String>,
    /// A cart is being created or restored.
    busy: bool,
    failures: u32,
    retry_at: Option<f64>,
    made: u32,
    session: String,
    attribution: Attribution,
    /// The order placed, shown until the drawer closes.
    pub placed: Option<Placed>,
    /// The lines being ordered, shown while checkout is in flight (the cart view is empty
    /// by then: those lines belong to the order).
    pub checking_out: Option<BTreeMap<String, u32>>,
    /// The last checkout was handed to the app; the cart is read again on return.
    pub handed_off: bool,
    /// What the cart says about the last thing that went wrong.
    pub notice: Option<String>,
}

impl CartLoop {
    /// `session` is unique to this page session; `seed` drives the backoff jitter.
    pub fn new(session: &str, attribution: Attribution, seed: u64) -> CartLoop {
        CartLoop {
            machine: CartMachine::new(session, attribution.clone(), Backoff::default(), seed),
            id: None,
            busy: false,
            failures: 0,
            retry_at: None,
            made: 0,
            session: session.to_string(),
            attribution,
            placed: None,
            checking_out: None,
            handed_off: false,
            notice: None,
        }
    }

    /// A stored cart is being read back (nothing is created meanwhile).
    pub fn restoring(&mut self) {
        self.busy = true;
    }

    pub fn restored(&mut self) {
        self.busy = false;
    }

    /// The cart to read again (the page came back), unless one is being made or read.
    pub fn to_refresh(&self) -> Option<String> {
        self.id.clone().filter(|_| !self.busy)
    }

    /// What is due at `now`: a cart to make first, or the machine's next request.
    pub fn due(&mut self, now: f64) -> Due {
        if self.id.is_some() {
            return self.machine.poll(now).map_or(Due::Nothing, Due::Send);
        }
        let work = !self.machine.is_settled();
        if work && !self.busy && self.retry_at.is_none_or(|at| at <= now) {
            self.busy = true;
            self.made += 1;
            return Due::Create(format!("{}-cart-{}", self.session, self.made));
        }
        Due::Nothing
    }

    /// Milliseconds from `now` until something is due again.
    pub fn wake(&self, now: f64) -> Option<u32> {
        let next = if self.id.is_some() {
            self.machine.next_wake()
        } else if !self.busy && !self.machine.is_settled() {
            self.retry_at
        } else {
            None
        };
        next.map(|at| (at - now).clamp(0.0, 60_000.0).ceil() as u32)
    }

    /// The cart was made.
    pub fn created(&mut self) {
        self.busy = false;
        self.failures = 0;
        self.retry_at = None;
    }

    /// Making the cart failed at `now`: retried with the same key after a backoff. True when the
    /// viewer should now be told.
    pub fn create_failed(&mut self, now: f64) -> bool {
        self.busy = false;
        self.failures += 1;
        self.made -= 1;
        let delay = (250.0 * 2f64.powi(self.failures.min(5) as i32)).min(8_000.0);
        self.retry_at = Some(now + delay);
        self.failures == TELL_AFTER
    }

    /// The server's cart `id` is this overlay's; true when it is a new one (to be stored).
    pub fn adopt_id(&mut self, id: &str) -> bool {
        let new = self.id.as_deref() != Some(id);
        if new {
            self.id = Some(id.to_string());
        }
        new
    }

    /// Starts over with no cart (the last one became an order elsewhere); `seed` is fresh.
    pub fn forget(&mut self, seed: u64) {
        self.id = None;
        self.machine = CartMachine::new(
            &format!("{}-{seed}", self.session),
            self.attribution.clone(),
            Backoff::default(),
            seed,
        );
    }

    /// The viewer sets a line: whatever was said of the last order or failure goes.
    pub fn set_line(&mut self, variant: &str, quantity: u32) {
        self.notice = None;
        self.placed = None;
        self.handed_off = false;
        self.machine.set_quantity(variant, quantity);
    }

    /// The viewer checks out; false when there is nothing to order or an order is under way.
    pub fn checkout(&mut self) -> bool {
        let lines = self.machine.view();
        if lines.is_empty() || self.checking_out.is_some() {
            return false;
        }
        self.notice = None;
        self.checking_out = Some(lines);
        self.machine.checkout();
        true
    }

    /// The lines the cart shows: those being ordered while checkout is in flight.
    pub fn lines(&self) -> BTreeMap<String, u32> {
        self.checking_out
            .clone()
            .unwrap_or_else(|| self.machine.view())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use overlay::Op;

    fn cart() -> CartLoop {
        CartLoop::new("s1", Attribution::default(), 7)
    }

    #[test]
    fn nothing_is_made_until_there_is_something_to_put_in_it() {
        let mut c = cart();
        assert_eq!(c.due(0.0), Due::Nothing);
        assert_eq!(c.wake(0.0), None);
        c.set_line("v1", 1);
        assert_eq!(c.due(0.0), Due::Create("s1-cart-1".into()));
        // Not twice while the first is under way.
        assert_eq!(c.due(0.0), Due::Nothing);
    }

    #[test]
    fn a_failed_creation_retries_with_the_same_key_after_a_growing_pause() {
        let mut c = cart();
        c.set_line("v1", 1);
        let mut t = 0.0;
        let mut told = Vec::new();
        let mut pauses = Vec::new();
        for _ in 0..4 {
            assert_eq!(c.due(t), Due::Create("s1-cart-1".into()));
            told.push(c.create_failed(t));
            let pause = c.wake(t).unwrap_or(0);
            assert_eq!(
                c.due(t + f64::from(pause) - 1.0),
                Due::Nothing,
                "not before"
            );
            pauses.push(pause);
            t += f64::from(pause);
        }
        assert_eq!(told, [false, false, true, false]);
        assert_eq!(pauses, [500, 1000, 2000, 4000]);
        c.created();
        assert!(c.adopt_id("cart-9"));
        assert!(!c.adopt_id("cart-9"));
        assert!(matches!(
            c.due(t),
            Due::Send(Request {
                op: Op::Set { .. },
                ..
            })
        ));
    }

    #[test]
    fn checkout_shows_the_lines_it_orders_and_is_not_sent_twice() {
        let mut c = cart();
        assert!(!c.checkout(), "an empty cart");
        c.set_line("v1", 2);
        c.notice = Some("earlier".into());
        assert!(c.checkout());
        assert_eq!(c.notice, None);
        assert!(!c.checkout());
        assert_eq!(c.lines().get("v1"), Some(&2));
    }

    fn key_of(d: Due) -> String {
        match d {
            Due::Send(r) => r.key,
            other => panic!("nothing to send: {other:?}"),
        }
    }

    #[test]
    fn a_forgotten_cart_starts_a_new_line_of_keys() {
        let mut c = cart();
        c.adopt_id("old");
        c.set_line("v1", 1);
        let before = key_of(c.due(0.0));
        c.forget(42);
        assert_eq!(c.id, None);
        assert!(c.machine.view().is_empty());
        c.set_line("v1", 1);
        c.adopt_id("new");
        let after = key_of(c.due(0.0));
        assert_ne!(
            before, after,
            "a key of the old line would replay its request"
        );
        assert!(after.starts_with("s1-42"), "{after}");
        assert_eq!(c.to_refresh().as_deref(), Some("new"));
        c.forget(43);
        assert_eq!(c.to_refresh(), None, "no cart to read");
        c.restoring();
        c.adopt_id("x");
        assert_eq!(c.to_refresh(), None, "not while a cart is read back");
        c.restored();
        assert_eq!(c.to_refresh().as_deref(), Some("x"));
    }
}
