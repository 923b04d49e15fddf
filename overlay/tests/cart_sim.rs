//! The cart state machine against a simulated commerce API that loses requests before and
//! after committing, throttles, fails, and delivers replies late and out of order. Whatever
//! happens, once the network heals the server's cart equals what the viewer last asked for,
//! no idempotency key is ever reused for a different body, and nothing is rolled back.

use std::collections::{BTreeMap, HashMap};

use overlay::{Attribution, Backoff, CartMachine, Failure, Reply, Request, Rollback, ServerCart};
use proptest::prelude::*;

/// The reference API's cart semantics: absolute quantities, idempotency keys replayed.
#[derive(Default)]
struct Server {
    cart: ServerCart,
    seen: HashMap<String, (String, u32, ServerCart)>,
    key_conflicts: u32,
    commits: u32,
}

impl Server {
    fn handle(&mut self, r: &Request) -> Reply {
        if let Some((v, q, resp)) = self.seen.get(&r.key) {
            if (v.as_str(), *q) == (r.variant.as_str(), r.quantity) {
                return Reply::Ok(resp.clone());
            }
            self.key_conflicts += 1;
            return Reply::Err(Failure::Invalid("idempotency key reused".into()));
        }
        if r.quantity == 0 {
            self.cart.lines.remove(&r.variant);
        } else {
            self.cart.lines.insert(r.variant.clone(), r.quantity);
        }
        self.cart.revision += 1;
        self.commits += 1;
        let resp = self.cart.clone();
        self.seen
            .insert(r.key.clone(), (r.variant.clone(), r.quantity, resp.clone()));
        Reply::Ok(resp)
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
}

#[derive(Clone, Debug)]
enum Op {
    Set(u8, u32),
    Wait(u32),
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
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..5, 0u32..4).prop_map(|(v, q)| Op::Set(v, q)),
        2 => (0u32..3000).prop_map(Op::Wait),
        1 => Just(Op::DeliverLate),
    ]
}

struct Sim {
    m: CartMachine,
    server: Server,
    now: f64,
    late: Vec<(u64, Reply)>,
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

    /// Sends whatever is due now, through the faulty network.
    fn pump(&mut self) {
        while let Some(req) = self.m.poll(self.now) {
            let reply = match self.fault() {
                Fault::None => self.server.handle(&req),
                Fault::LoseRequest => Reply::Err(Failure::Network),
                Fault::LoseReply => {
                    let _ = self.server.handle(&req);
                    Reply::Err(Failure::Network)
                }
                Fault::Throttle(retry_after_ms) => {
                    Reply::Err(Failure::Throttled { retry_after_ms })
                }
                Fault::ServerError => Reply::Err(Failure::Server),
                Fault::LateReply => {
                    let r = self.server.handle(&req);
                    self.late.push((req.seq, r));
                    Reply::Err(Failure::Network)
                }
            };
            self.m.on_reply(req.seq, reply, self.now);
        }
    }

    fn deliver_late(&mut self) {
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

fn expected(ops: &[Op]) -> BTreeMap<String, u32> {
    let mut want = BTreeMap::new();
    for op in ops {
        if let Op::Set(v, q) = op {
            if *q == 0 {
                want.remove(&format!("v{v}"));
            } else {
                want.insert(format!("v{v}"), *q);
            }
        }
    }
    want
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

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
            faults,
            next_fault: 0,
        };
        for op in &ops {
            match op {
                Op::Set(v, q) => {
                    sim.m.set_quantity(&format!("v{v}"), *q);
                    // The viewer sees the change at once.
                    prop_assert_eq!(sim.m.view().get(&format!("v{v}")).copied(), (*q > 0).then_some(*q));
                }
                Op::Wait(ms) => sim.now += f64::from(*ms),
                Op::DeliverLate => sim.deliver_late(),
            }
            sim.pump();
        }
        settle(&mut sim);
        let want = expected(&ops);
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
    assert_eq!((b.key.as_str(), b.quantity), (a.key.as_str(), 2));
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
            variant: "v1".into(),
            wanted: 9,
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
    assert_eq!(b.quantity, 3, "the two later intents became one");
    assert_ne!(b.key, a.key);
    m.on_reply(b.seq, Reply::Ok(ServerCart::default()), 0.0);
    assert!(m.is_settled());
    // A stale reply with an older revision is ignored.
    m.on_reply(a.seq, Reply::Ok(ServerCart::default()), 0.0);
    assert_eq!(m.confirmed().revision, 1);
}
