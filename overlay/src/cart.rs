//! The cart state machine: optimistic intents, idempotency keys, ordered sending, retries with
//! backoff, reconciliation with the server's cart, rollback with a reason.
//!
//! Sans-IO: the machine never sends anything or reads a clock. The web side asks it for the
//! next request (`poll`), performs it through the bridge, and reports the outcome
//! (`on_reply`); time comes in as an argument. Quantities are absolute ("3 of this variant"),
//! never "one more", so a replayed or retried request cannot add a line twice.

use std::collections::{BTreeMap, VecDeque};

/// Why a request did not go through, as the bridge reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No answer (offline, dropped, timed out). The server may or may not have committed.
    Network,
    /// 429: try again, no sooner than `retry_after_ms` when the server said.
    Throttled { retry_after_ms: Option<u64> },
    /// 5xx.
    Server,
    /// Not enough stock: `available` is what the server can sell.
    OutOfStock { available: u32 },
    /// A per-customer or per-order limit.
    Limit { max: u32 },
    /// Unknown product or variant.
    NotFound,
    /// The request was refused as malformed; the message says why.
    Invalid(String),
}

impl Failure {
    /// Whether the same request (same idempotency key) is worth sending again.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Failure::Network | Failure::Throttled { .. } | Failure::Server
        )
    }
}

/// The server's cart: quantity by variant id, and a revision that grows with every change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerCart {
    pub revision: u64,
    pub lines: BTreeMap<String, u32>,
}

/// Who gets credit for a sale: carried on every cart line the overlay sets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attribution {
    pub creator: Option<String>,
    pub campaign: Option<String>,
    /// The video the line was added from (the manifest's `video.id`, not part of its
    /// `attribution`): earnings and insights per video.
    pub video: Option<String>,
}

/// What an intent asks of the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// Set `variant` to `quantity` (0 removes the line).
    Set { variant: String, quantity: u32 },
    /// Turn the cart, as the intents before this one left it, into an order.
    Checkout,
}

/// One request for the bridge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Matches the reply to the request (`on_reply`).
    pub seq: u64,
    /// Idempotency key: the same for every retry of this intent, new for every other body.
    pub key: String,
    pub op: Op,
    pub attribution: Attribution,
    /// For a line change: the cart revision it was made against. The server applies it only
    /// if the cart is still there (`If-Match`), so a request given up on that arrives after a
    /// newer change cannot overwrite it. The same for every retry under the same key.
    pub if_revision: Option<u64>,
}

/// What the bridge answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The cart after a line change.
    Ok(ServerCart),
    /// The order a checkout made.
    Ordered(String),
    /// The checkout was handed to the app, which opens its own checkout: no order yet, and
    /// the cart stays as the app holds it until the app says otherwise.
    HandedOff,
    /// The line change was made against an older revision than the cart's (another change
    /// landed first): not applied; this is the cart now.
    Stale(ServerCart),
    Err(Failure),
}

/// An intent that finally failed: the optimistic change is undone, and this says why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rollback {
    pub op: Op,
    pub reason: Failure,
}

/// Retry policy for transient failures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Backoff {
    pub base_ms: f64,
    pub max_ms: f64,
    /// Sends of one intent before it is rolled back (first try included).
    pub max_attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base_ms: 250.0,
            max_ms: 8_000.0,
            max_attempts: 12,
        }
    }
}

#[derive(Clone, Debug)]
struct Intent {
    key: String,
    op: Op,
    attempts: u32,
    not_before_ms: f64,
    /// The revision the first send under `key` was made against (see [`Request::if_revision`]).
    revision: Option<u64>,
}

impl Intent {
    fn sets(&self, variant: &str) -> bool {
        matches!(&self.op, Op::Set { variant: v, .. } if v == variant)
    }
}

/// The cart as the viewer sees it: the server's last word plus the intents not yet confirmed.
#[derive(Debug)]
pub struct CartMachine {
    confirmed: ServerCart,
    queue: VecDeque<Intent>,
    /// The sequence number of the request in flight (always for the head of the queue).
    in_flight: Option<u64>,
    next_seq: u64,
    next_key: u64,
    key_prefix: String,
    attribution: Attribution,
    backoff: Backoff,
    rng: u64,
    rollbacks: Vec<Rollback>,
    orders: Vec<String>,
    handoffs: u32,
    /// The sequence number of the last checkout that made an order: replies to requests sent
    /// before it speak of the old cart and are ignored.
    epoch_seq: u64,
}

impl CartMachine {
    /// `key_prefix` must be unique to this page session (the web side uses
    /// `crypto.randomUUID()`); `seed` drives the backoff jitter.
    pub fn new(key_prefix: &str, attribution: Attribution, backoff: Backoff, seed: u64) -> Self {
        CartMachine {
            confirmed: ServerCart::default(),
            queue: VecDeque::new(),
            in_flight: None,
            next_seq: 1,
            next_key: 1,
            key_prefix: key_prefix.to_string(),
            attribution,
            backoff,
            rng: seed | 1,
            rollbacks: Vec::new(),
            orders: Vec::new(),
            handoffs: 0,
            epoch_seq: 0,
        }
    }

    fn new_key(&mut self) -> String {
        let k = format!("{}-{}", self.key_prefix, self.next_key);
        self.next_key += 1;
        k
    }

    /// The viewer asks for `quantity` of `variant` (0 removes it). Shown at once in [`view`];
    /// sent in order after the intents before it.
    ///
    /// [`view`]: CartMachine::view
    pub fn set_quantity(&mut self, variant: &str, quantity: u32) {
        // The latest intent for the same variant is superseded when it is still unsent: only
        // the latest absolute quantity matters. It gets a fresh key, since its body changed.
        // The head is left alone while in flight (its key must keep meaning what was sent),
        // and nothing moves across a checkout: a change after it belongs to the next cart.
        let first_unsent = usize::from(self.in_flight.is_some());
        let since_checkout = self
            .queue
            .iter()
            .rposition(|i| i.op == Op::Checkout)
            .map_or(0, |c| c + 1);
        let latest = self
            .queue
            .iter()
            .rposition(|i| i.sets(variant))
            .filter(|&idx| idx >= since_checkout.max(first_unsent));
        if let Some(idx) = latest {
            let key = self.new_key();
            if let Some(i) = self.queue.get_mut(idx) {
                i.op = Op::Set {
                    variant: variant.to_string(),
                    quantity,
                };
                i.key = key;
                i.attempts = 0;
                i.revision = None;
            }
            return;
        }
        self.push(Op::Set {
            variant: variant.to_string(),
            quantity,
        });
    }

    /// The viewer checks out the cart as shown: sent after every change before it. The
    /// order's id arrives through [`take_orders`]; the lines are gone from [`view`] at once
    /// and come back if the checkout fails.
    ///
    /// [`take_orders`]: CartMachine::take_orders
    /// [`view`]: CartMachine::view
    pub fn checkout(&mut self) {
        if self.queue.back().is_some_and(|i| i.op == Op::Checkout) {
            return;
        }
        self.push(Op::Checkout);
    }

    /// Whether a checkout is waiting or in flight.
    pub fn is_checking_out(&self) -> bool {
        self.queue.iter().any(|i| i.op == Op::Checkout)
    }

    fn push(&mut self, op: Op) {
        let key = self.new_key();
        self.queue.push_back(Intent {
            key,
            op,
            attempts: 0,
            not_before_ms: f64::NEG_INFINITY,
            revision: None,
        });
    }

    /// The cart to show: confirmed lines with every pending intent applied, in order.
    pub fn view(&self) -> BTreeMap<String, u32> {
        let mut lines = self.confirmed.lines.clone();
        for i in &self.queue {
            match &i.op {
                Op::Set {
                    variant,
                    quantity: 0,
                } => {
                    lines.remove(variant);
                }
                Op::Set { variant, quantity } => {
                    lines.insert(variant.clone(), *quantity);
                }
                Op::Checkout => lines.clear(),
            }
        }
        lines
    }

    /// The server's last confirmed cart.
    pub fn confirmed(&self) -> &ServerCart {
        &self.confirmed
    }

    /// Whether `variant` has a change not yet confirmed (the UI shows it as pending).
    pub fn is_pending(&self, variant: &str) -> bool {
        self.queue.iter().any(|i| i.sets(variant))
    }

    /// Nothing queued and nothing in flight.
    pub fn is_settled(&self) -> bool {
        self.queue.is_empty() && self.in_flight.is_none()
    }

    /// The next request to send at `now_ms`, if one is due and none is in flight.
    pub fn poll(&mut self, now_ms: f64) -> Option<Request> {
        if self.in_flight.is_some() {
            return None;
        }
        let head = self.queue.front_mut()?;
        if head.not_before_ms > now_ms {
            return None;
        }
        head.attempts += 1;
        if matches!(head.op, Op::Set { .. }) && head.revision.is_none() {
            head.revision = Some(self.confirmed.revision);
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.in_flight = Some(seq);
        Some(Request {
            seq,
            key: head.key.clone(),
            op: head.op.clone(),
            attribution: self.attribution.clone(),
            if_revision: head.revision,
        })
    }

    /// When `poll` may next return a request (a backoff in progress), if anything waits.
    pub fn next_wake(&self) -> Option<f64> {
        match (self.in_flight, self.queue.front()) {
            (None, Some(head)) => Some(head.not_before_ms),
            _ => None,
        }
    }

    /// Adopts a cart the server sent (a reply, a reload, a push), unless it is older than the
    /// one already confirmed.
    pub fn reconcile(&mut self, cart: ServerCart) {
        if cart.revision >= self.confirmed.revision {
            self.confirmed = cart;
        }
    }

    fn jitter(&mut self) -> f64 {
        // xorshift64: deterministic for a seed, so tests replay exactly.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        (self.rng >> 11) as f64 / (1u64 << 53) as f64
    }

    fn delay_ms(&mut self, attempts: u32, failure: &Failure) -> f64 {
        let exp = self.backoff.base_ms * 2f64.powi(attempts.saturating_sub(1).min(30) as i32);
        let capped = exp.min(self.backoff.max_ms);
        // "Equal jitter": at least half the delay, so retries from many viewers spread out.
        let d = capped * (0.5 + 0.5 * self.jitter());
        match failure {
            Failure::Throttled {
                retry_after_ms: Some(ms),
            } => d.max(*ms as f64),
            _ => d,
        }
    }

    /// The bridge's answer to request `seq`, received at `now_ms`.
    pub fn on_reply(&mut self, seq: u64, reply: Reply, now_ms: f64) {
        if self.in_flight != Some(seq) {
            // A reply to an abandoned request: its cart is still the server's truth, if newer
            // and still the same cart.
            if let Reply::Ok(cart) | Reply::Stale(cart) = reply {
                if seq > self.epoch_seq {
                    self.reconcile(cart);
                }
            }
            return;
        }
        self.in_flight = None;
        match reply {
            Reply::Ok(cart) => {
                self.reconcile(cart);
                self.queue.pop_front();
            }
            Reply::Ordered(order) => {
                // The cart became an order: the next change starts a new, empty cart.
                self.confirmed = ServerCart::default();
                self.epoch_seq = seq;
                self.queue.pop_front();
                self.orders.push(order);
            }
            Reply::HandedOff => {
                // Only a checkout can be handed off; a handoff answering a line change is
                // the app's mistake and is treated as one.
                if self.queue.front().is_some_and(|i| i.op == Op::Checkout) {
                    self.queue.pop_front();
                    self.handoffs += 1;
                } else {
                    self.roll_back_head(Failure::Invalid(
                        "the app answered a line change with a checkout handoff".into(),
                    ));
                }
            }
            Reply::Stale(cart) => {
                // The viewer's latest word still stands: sent again at once against the cart
                // as it is now, under a new key (the old one means the refused request).
                self.reconcile(cart);
                let attempts = self.queue.front().map_or(0, |h| h.attempts);
                if attempts >= self.backoff.max_attempts {
                    self.roll_back_head(Failure::Invalid(
                        "the cart kept changing elsewhere while this change was sent".into(),
                    ));
                } else {
                    let key = self.new_key();
                    if let Some(head) = self.queue.front_mut() {
                        head.key = key;
                        head.revision = None;
                        head.not_before_ms = now_ms;
                    }
                }
            }
            Reply::Err(f) if f.is_transient() => {
                let attempts = self.queue.front().map_or(0, |h| h.attempts);
                if attempts >= self.backoff.max_attempts {
                    self.roll_back_head(f);
                } else {
                    let delay = self.delay_ms(attempts, &f);
                    if let Some(head) = self.queue.front_mut() {
                        head.not_before_ms = now_ms + delay;
                    }
                }
            }
            Reply::Err(f) => self.roll_back_head(f),
        }
    }

    fn roll_back_head(&mut self, reason: Failure) {
        if let Some(head) = self.queue.pop_front() {
            self.rollbacks.push(Rollback {
                op: head.op,
                reason,
            });
        }
    }

    /// Orders placed since the last call, oldest first.
    pub fn take_orders(&mut self) -> Vec<String> {
        std::mem::take(&mut self.orders)
    }

    /// Checkouts handed to the app since the last call.
    pub fn take_handoffs(&mut self) -> u32 {
        std::mem::take(&mut self.handoffs)
    }

    /// Intents that finally failed since the last call, oldest first (the UI explains them).
    pub fn take_rollbacks(&mut self) -> Vec<Rollback> {
        std::mem::take(&mut self.rollbacks)
    }
}
