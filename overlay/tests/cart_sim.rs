//! The cart state machine against a simulated commerce API that loses requests before and
//! after committing, throttles, fails, and delivers replies late and out of order. Whatever
//! happens, once the network heals the server's cart equals what the viewer last asked for,
//! every checkout made exactly one order holding the cart as the viewer saw it, no idempotency
//! key is ever reused for a different body, and nothing is rolled back. Requests the client gave
//! up on may reach the server long after newer ones: the cart revision they were made against
//! (`If-Match`) keeps them from overwriting what came since.

use std::collections::{BTreeMap, HashMap};

use overlay::{
    Attribution, Backoff, CartMachine, Failure, Op as Intent, Reply, Request, Rollback, ServerCart,
};
use proptest::prelude::*;

/// The reference API's cart semantics: absolute quantities, idempotency keys replayed, line
/// changes only against the current revision. A checkout turns the cart into an order and
/// starts a new, empty cart (revision 0); a request for the old cart is refused.
#[derive(Default)]
struct Server {
    cart: ServerCart,
    orders: Vec<BTreeMap<String, u32>>,
    seen: HashMap<String, (Intent, Option<u64>, Reply)>,
    key_conflicts: u32,
    /// Late requests refused for an older revision.
    stale: u32,
}

impl Server {
    /// `cart`: which cart the request was for (the number of orders when it was sent).
    fn handle(&mut self, r: &Request, cart: usize) -> Reply {
        if let Some((op, rev, resp)) = self.seen.get(&r.key) {
            if *op == r.op && *rev == r.if_revision {
                return resp.clone();
            }
            self.key_conflicts += 1;
            return Reply::Err(Failure::Invalid("idempotency key reused".into()));
        }
        let resp = match &r.op {
            _ if cart != self.orders.len() => {
                Reply::Err(Failure::Invalid("the cart was checked out".into()))
            }
            Intent::Set { .. } if r.if_revision.is_some_and(|rev| rev != self.cart.revision) => {
                self.stale += 1;
                Reply::Stale(self.cart.clone())
            }
            Intent::Set { variant, quantity } => {
                if *quantity == 0 {
                    self.cart.lines.remove(variant);
                } else {
                    self.cart.lines.insert(variant.clone(), *quantity);
                }
                self.cart.revision += 1;
                Reply::Ok(self.cart.clone())
            }
            Intent::Checkout if self.cart.lines.is_empty() => {
                Reply::Err(Failure::Invalid("the cart is empty".into()))
            }
            Intent::Checkout => {
                let cart = std::mem::take(&mut self.cart);
                self.orders.push(cart.lines);
                Reply::Ordered(format!("o{}", self.orders.len()))
            }
        };
        self.seen
            .insert(r.key.clone(), (r.op.clone(), r.if_revision, resp.clone()));
        resp
    }
}

#[derive(Clone, Copy, Debug)]
enum Fault {
    None,
    /// The request never reaches the server.
    LoseRequest,
    /// The server commits; the reply is lost.
    LoseReply,
    Throttle(Option<u64>),
    ServerError,
    /// The server commits; the client gives up (timeout) and the reply arrives much later.
    LateReply,
    /// The client gives up (timeout); the request reaches the server much later, after the
    /// ones sent since.
    LateRequest,
}

#[derive(Clone, Debug)]
enum Op {
    Set(u8, u32),
    /// Checks out when the cart shows something (the checkout button is disabled otherwise).
    Checkout,
    Wait(u32),
    /// The request in flight gets its answer (until then the viewer keeps acting).
    Deliver,
    DeliverLate,
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        4 => Just(Fault::None),
        1 => Just(Fault::LoseRequest),
        1 => Just(Fault::LoseReply),
        1 => prop::option::of(0u64..3000).prop_map(Fault::Throttle),
        1 => Just(Fault::ServerError),
        1 => Just(Fault::LateReply),
        1 => Just(Fault::LateRequest),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..5, 0u32..4).prop_map(|(v, q)| Op::Set(v, q)),
        1 => Just(Op::Checkout),
        2 => (0u32..3000).prop_map(Op::Wait),
        3 => Just(Op::Deliver),
        1 => Just(Op::DeliverLate),
    ]
}

struct Sim {
    m: CartMachine,
    server: Server,
    now: f64,
    late: Vec<(u64, Reply)>,
    /// Requests on their way, with the cart they were for.
    held: Vec<(Request, usize)>,
    in_flight: Option<Request>,
    faults: Vec<Fault>,
    next_fault: usize,
}

impl Sim {
    fn fault(&mut self) -> Fault {
        let f = self
            .faults
            .get(self.next_fault)
            .copied()
            .unwrap_or(Fault::None);
        self.next_fault += 1;
        f
    }

    /// Sends what is due now; its answer comes with `deliver`.
    fn pump(&mut self) {
        if self.in_flight.is_none() {
            self.in_flight = self.m.poll(self.now);
        }
    }

    /// The request in flight goes through the faulty network and its answer comes back.
    fn deliver(&mut self) {
        if let Some(req) = self.in_flight.take() {
            let cart = self.server.orders.len();
            let reply = match self.fault() {
                Fault::None => self.server.handle(&req, cart),
                Fault::LoseRequest => Reply::Err(Failure::Network),
                Fault::LoseReply => {
                    let _ = self.server.handle(&req, cart);
                    Reply::Err(Failure::Network)
                }
                Fault::Throttle(retry_after_ms) => {
                    Reply::Err(Failure::Throttled { retry_after_ms })
                }
                Fault::ServerError => Reply::Err(Failure::Server),
                Fault::LateReply => {
                    let r = self.server.handle(&req, cart);
                    self.late.push((req.seq, r));
                    Reply::Err(Failure::Network)
                }
                Fault::LateRequest => {
                    let seq = req.seq;
                    self.held.push((req, cart));
                    self.m.on_reply(seq, Reply::Err(Failure::Network), self.now);
                    return;
                }
            };
            self.m.on_reply(req.seq, reply, self.now);
        }
    }

    fn deliver_late(&mut self) {
        // Held requests reach the server now; their answers go back late with the rest.
        for (req, cart) in std::mem::take(&mut self.held) {
            let r = self.server.handle(&req, cart);
            self.late.push((req.seq, r));
        }
        // Oldest last: replies come back out of order.
        while let Some((seq, r)) = self.late.pop() {
            self.m.on_reply(seq, r, self.now);
        }
    }
}

fn settle(sim: &mut Sim) {
    sim.faults.clear();
    for _ in 0..10_000 {
        sim.pump();
        sim.deliver();
        sim.deliver_late();
        if sim.m.is_settled() {
            return;
        }
        if let Some(t) = sim.m.next_wake() {
            sim.now = sim.now.max(t);
        }
    }
    panic!("the cart never settled");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn final_cart_is_the_intended_cart(ops in prop::collection::vec(op(), 1..80),
                                       faults in prop::collection::vec(fault(), 0..120),
                                       seed in any::<u64>()) {
        let backoff = Backoff { base_ms: 100.0, max_ms: 2_000.0, max_attempts: 1_000 };
        let mut sim = Sim {
            m: CartMachine::new("s1", Attribution::default(), backoff, seed),
            server: Server::default(),
            now: 0.0,
            late: Vec::new(),
            held: Vec::new(),
            in_flight: None,
            faults,
            next_fault: 0,
        };
        // What the viewer asked for: the orders placed and the cart after the last one.
        let mut want = BTreeMap::new();
        let mut want_orders = Vec::new();
        for op in &ops {
            match op {
                Op::Set(v, q) => {
                    sim.m.set_quantity(&format!("v{v}"), *q);
                    if *q == 0 {
                        want.remove(&format!("v{v}"));
                    } else {
                        want.insert(format!("v{v}"), *q);
                    }
                    // The viewer sees the change at once.
                    prop_assert_eq!(sim.m.view().get(&format!("v{v}")).copied(), (*q > 0).then_some(*q));
                }
                Op::Checkout if !sim.m.view().is_empty() => {
                    prop_assert_eq!(&sim.m.view(), &want);
                    sim.m.checkout();
                    want_orders.push(std::mem::take(&mut want));
                    prop_assert!(sim.m.view().is_empty(), "the checked-out lines leave the cart view");
                }
                Op::Checkout => {}
                Op::Wait(ms) => sim.now += f64::from(*ms),
                Op::Deliver => sim.deliver(),
                Op::DeliverLate => sim.deliver_late(),
            }
            sim.pump();
        }
        settle(&mut sim);
        prop_assert_eq!(&sim.server.orders, &want_orders, "one order per checkout, as seen");
        prop_assert_eq!(sim.m.take_orders().len(), want_orders.len(), "every order reported");
        prop_assert_eq!(&sim.server.cart.lines, &want, "server cart");
        prop_assert_eq!(&sim.m.view(), &want, "what the viewer sees");
        prop_assert_eq!(&sim.m.confirmed().lines, &want, "confirmed cart");
        prop_assert_eq!(sim.server.key_conflicts, 0, "a key was reused for another body");
        prop_assert_eq!(sim.m.take_rollbacks(), Vec::<Rollback>::new());
    }
}

fn machine(max_attempts: u32) -> CartMachine {
    let backoff = Backoff {
        base_ms: 100.0,
        max_ms: 1_000.0,
        max_attempts,
    };
    let attribution = Attribution {
        creator: Some("cr-7".into()),
        campaign: Some("spring".into()),
        video: Some("v-1".into()),
    };
    CartMachine::new("sess", attribution, backoff, 42)
}

#[test]
fn retries_keep_their_key_and_carry_attribution() {
    let mut m = machine(5);
    m.set_quantity("v1", 2);
    let a = m.poll(0.0).unwrap_or_else(|| panic!("nothing to send"));
    assert_eq!(a.attribution.creator.as_deref(), Some("cr-7"));
    assert!(m.poll(0.0).is_none(), "one request in flight at a time");
    m.on_reply(a.seq, Reply::Err(Failure::Server), 0.0);
    let wake = m.next_wake().unwrap_or(f64::NAN);
    assert!(
        (50.0..=100.0).contains(&wake),
        "first backoff is 50–100 ms, got {wake}"
    );
    assert!(m.poll(wake - 1.0).is_none(), "not before the backoff");
    let b = m.poll(wake).unwrap_or_else(|| panic!("no retry"));
    assert_eq!((b.key.as_str(), &b.op), (a.key.as_str(), &a.op));
    assert_ne!(b.seq, a.seq);
}

#[test]
fn throttling_waits_at_least_retry_after() {
    let mut m = machine(5);
    m.set_quantity("v1", 1);
    let a = m.poll(1_000.0).unwrap_or_else(|| panic!("nothing to send"));
    m.on_reply(
        a.seq,
        Reply::Err(Failure::Throttled {
            retry_after_ms: Some(5_000),
        }),
        1_000.0,
    );
    assert_eq!(m.next_wake(), Some(6_000.0));
}

#[test]
fn a_final_failure_rolls_back_with_its_reason() {
    let mut m = machine(5);
    m.reconcile(ServerCart {
        revision: 3,
        lines: BTreeMap::from([("v1".to_string(), 1)]),
    });
    m.set_quantity("v1", 9);
    assert_eq!(m.view().get("v1"), Some(&9), "optimistic");
    assert!(m.is_pending("v1"));
    let a = m.poll(0.0).unwrap_or_else(|| panic!("nothing to send"));
    m.on_reply(a.seq, Reply::Err(Failure::OutOfStock { available: 2 }), 0.0);
    assert_eq!(
        m.view().get("v1"),
        Some(&1),
        "rolled back to the server's quantity"
    );
    assert_eq!(
        m.take_rollbacks(),
        vec![Rollback {
            op: Intent::Set {
                variant: "v1".into(),
                quantity: 9
            },
            reason: Failure::OutOfStock { available: 2 }
        }]
    );
    assert!(m.is_settled());
}

#[test]
fn giving_up_after_max_attempts_reports_the_last_failure() {
    let mut m = machine(2);
    m.set_quantity("v1", 1);
    let a = m.poll(0.0).unwrap_or_else(|| panic!("nothing to send"));
    m.on_reply(a.seq, Reply::Err(Failure::Network), 0.0);
    let b = m.poll(10_000.0).unwrap_or_else(|| panic!("no retry"));
    m.on_reply(b.seq, Reply::Err(Failure::Network), 10_000.0);
    let r = m.take_rollbacks();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].reason, Failure::Network);
    assert_eq!(m.view().get("v1"), None);
}

#[test]
fn a_newer_unsent_intent_supersedes_with_a_fresh_key() {
    let mut m = machine(5);
    m.set_quantity("v1", 1);
    let a = m.poll(0.0).unwrap_or_else(|| panic!("nothing to send"));
    m.set_quantity("v1", 2);
    m.set_quantity("v1", 3);
    m.on_reply(
        a.seq,
        Reply::Ok(ServerCart {
            revision: 1,
            lines: BTreeMap::from([("v1".to_string(), 1)]),
        }),
        0.0,
    );
    let b = m.poll(0.0).unwrap_or_else(|| panic!("nothing to send"));
    assert_eq!(
        b.op,
        Intent::Set {
            variant: "v1".into(),
            quantity: 3
        },
        "the two later intents became one"
    );
    assert_ne!(b.key, a.key);
    m.on_reply(b.seq, Reply::Ok(ServerCart::default()), 0.0);
    assert!(m.is_settled());
    // A stale reply with an older revision is ignored.
    m.on_reply(a.seq, Reply::Ok(ServerCart::default()), 0.0);
    assert_eq!(m.confirmed().revision, 1);
}

#[test]
fn a_failed_checkout_gives_the_lines_back_with_the_reason() {
    let mut m = machine(5);
    m.set_quantity("v1", 3);
    let a = m.poll(0.0).unwrap_or_else(|| panic!("nothing to send"));
    m.on_reply(
        a.seq,
        Reply::Ok(ServerCart {
            revision: 1,
            lines: BTreeMap::from([("v1".to_string(), 3)]),
        }),
        0.0,
    );
    m.checkout();
    m.checkout();
    assert!(m.view().is_empty() && m.is_checking_out());
    let c = m.poll(0.0).unwrap_or_else(|| panic!("nothing to send"));
    assert_eq!(c.op, Intent::Checkout);
    m.on_reply(c.seq, Reply::Err(Failure::OutOfStock { available: 1 }), 0.0);
    assert!(
        m.is_settled(),
        "a double tap on checkout queued one checkout"
    );
    assert_eq!(m.view().get("v1"), Some(&3));
    assert_eq!(m.take_rollbacks()[0].op, Intent::Checkout);
}

#[test]
fn a_checkout_handed_to_the_app_keeps_the_cart_and_places_no_order() {
    let mut m = machine(5);
    m.set_quantity("v1", 2);
    let a = m.poll(0.0).unwrap_or_else(|| panic!("nothing to send"));
    m.on_reply(
        a.seq,
        Reply::Ok(ServerCart {
            revision: 1,
            lines: BTreeMap::from([("v1".to_string(), 2)]),
        }),
        0.0,
    );
    m.checkout();
    let c = m.poll(0.0).unwrap_or_else(|| panic!("nothing to send"));
    m.on_reply(c.seq, Reply::HandedOff, 0.0);
    assert!(m.is_settled() && !m.is_checking_out());
    assert_eq!(m.take_handoffs(), 1);
    assert_eq!(m.take_handoffs(), 0, "a handoff is reported once");
    assert!(m.take_orders().is_empty(), "a handoff is not an order");
    assert!(m.take_rollbacks().is_empty());
    assert_eq!(
        m.view().get("v1"),
        Some(&2),
        "the app's cart still holds the line"
    );
    // The app emptied its cart after its own checkout: the next cart it sends is adopted.
    m.reconcile(ServerCart {
        revision: 2,
        lines: BTreeMap::new(),
    });
    assert!(m.view().is_empty());
}

#[test]
fn a_handoff_answering_a_line_change_is_refused_not_applied() {
    let mut m = machine(5);
    m.set_quantity("v1", 2);
    let a = m.poll(0.0).unwrap_or_else(|| panic!("nothing to send"));
    m.on_reply(a.seq, Reply::HandedOff, 0.0);
    assert_eq!(m.take_handoffs(), 0);
    let r = m.take_rollbacks();
    assert_eq!(r.len(), 1);
    assert!(matches!(r[0].reason, Failure::Invalid(_)));
    assert!(m.view().is_empty());
}

#[test]
fn a_request_given_up_on_that_arrives_late_cannot_overwrite_a_newer_change() {
    let mut sim = Sim {
        m: machine(10),
        server: Server::default(),
        now: 0.0,
        late: Vec::new(),
        held: Vec::new(),
        in_flight: None,
        faults: vec![Fault::LateRequest],
        next_fault: 0,
    };
    sim.m.set_quantity("v1", 2);
    sim.pump();
    let first = sim
        .in_flight
        .clone()
        .unwrap_or_else(|| panic!("nothing sent"));
    assert_eq!(
        first.if_revision,
        Some(0),
        "made against the revision confirmed"
    );
    sim.deliver(); // held on the way; the client hears nothing and backs off
    sim.m.set_quantity("v1", 3); // supersedes the unsent retry: a new key
    sim.now += 10_000.0;
    sim.pump();
    let second = sim
        .in_flight
        .clone()
        .unwrap_or_else(|| panic!("nothing sent"));
    assert_ne!(second.key, first.key);
    assert_eq!(second.if_revision, Some(0));
    sim.deliver(); // 3 lands: revision 1
    sim.deliver_late(); // 2 arrives now, made against revision 0: refused
    assert_eq!(sim.server.stale, 1);
    assert_eq!(sim.server.cart.lines.get("v1"), Some(&3));
    settle(&mut sim);
    assert_eq!(sim.m.view().get("v1"), Some(&3));
    assert_eq!(sim.m.confirmed().revision, 1);
    assert!(sim.m.take_rollbacks().is_empty());
}

#[test]
fn a_change_refused_as_stale_is_sent_again_against_the_cart_as_it_is() {
    let mut m = machine(3);
    m.set_quantity("v1", 2);
    let a = m.poll(0.0).unwrap_or_else(|| panic!("nothing to send"));
    let elsewhere = ServerCart {
        revision: 4,
        lines: BTreeMap::from([("v9".to_string(), 1)]),
    };
    m.on_reply(a.seq, Reply::Stale(elsewhere.clone()), 5.0);
    assert_eq!(
        m.confirmed(),
        &elsewhere,
        "the cart as it is now is adopted"
    );
    let b = m
        .poll(5.0)
        .unwrap_or_else(|| panic!("not sent again at once"));
    assert_eq!((&b.op, b.if_revision), (&a.op, Some(4)));
    assert_ne!(
        b.key, a.key,
        "a new key: the old one means the refused request"
    );
    assert_eq!(m.view().get("v1"), Some(&2));
    assert_eq!(m.view().get("v9"), Some(&1));
    // A cart that keeps changing elsewhere: given up on after max_attempts sends.
    m.on_reply(
        b.seq,
        Reply::Stale(ServerCart {
            revision: 5,
            ..elsewhere.clone()
        }),
        6.0,
    );
    let c = m.poll(6.0).unwrap_or_else(|| panic!("not sent again"));
    m.on_reply(
        c.seq,
        Reply::Stale(ServerCart {
            revision: 6,
            ..elsewhere
        }),
        7.0,
    );
    let rolled = m.take_rollbacks();
    assert_eq!(rolled.len(), 1, "{rolled:?}");
    assert_eq!(m.view().get("v1"), None);
}
