//! The names JavaScript and the two Wasm modules must agree on, written once: `mount`'s
//! options, the handle's events, the kinds of `error`, the bridge's methods, and the setup the
//! viewer hands the shop module. The viewer and the shop module read and write through these;
//! the npm package's `index.d.ts` is checked against them (xtask's tidy tests), so the types an
//! integrator compiles against cannot drift from what runs.

/// Every key `mount`'s options may have (`MountOptions`).
pub const MOUNT_OPTIONS: [&str; 8] = [
    "manifest",
    "name",
    "measure",
    "bridge",
    "locale",
    "pauseOnOpen",
    "live",
    "messages",
];

/// The event types a handle emits (`OverlayHandle.on`).
pub const EVENTS: [&str; 5] = ["ready", "error", "tag-activate", "order", "live-event"];

/// What one event carries (`OverlayEventMap`): the interface that types it in `index.d.ts` and
/// the keys of its payload object, as the viewer and the shop module build it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Payload {
    pub event: &'static str,
    pub interface: &'static str,
    pub keys: &'static [&'static str],
}

/// Every event's payload, in the order of [`EVENTS`].
pub const PAYLOADS: [Payload; 5] = [
    Payload {
        event: "ready",
        interface: "ReadyEvent",
        keys: &["tags", "products", "warnings"],
    },
    Payload {
        event: "error",
        interface: "OverlayErrorEvent",
        keys: &["kind", "message", "problems"],
    },
    Payload {
        event: "tag-activate",
        interface: "TagActivateEvent",
        keys: &["tagId", "productId", "mediaTime", "input"],
    },
    Payload {
        event: "order",
        interface: "OrderEvent",
        keys: &["orderId", "orderNumber", "total"],
    },
    Payload {
        event: "live-event",
        interface: "LiveEvent",
        keys: &["id", "kind", "productId"],
    },
];

/// The keys of `event`'s payload (none for an event that is not one).
pub fn payload_keys(event: &str) -> &'static [&'static str] {
    PAYLOADS
        .iter()
        .find(|p| p.event == event)
        .map_or(&[], |p| p.keys)
}

/// The keys of a problem in `ready.warnings` and `error.problems` (`Problem`).
pub const PROBLEM_KEYS: [&str; 2] = ["path", "message"];

/// What a `live-event` did (`LiveEventKind`).
pub const LIVE_EVENT_KINDS: [&str; 4] = ["pin", "unpin", "deal", "stock"];

/// What the analytics endpoint takes (`type` of each event the shop module sends): a tag seen
/// for a second, tapped; a card opened, a variant chosen, added to the cart; an order placed.
pub const ANALYTICS_KINDS: [&str; 6] = [
    "tag_impression",
    "tag_tap",
    "card_open",
    "variant_select",
    "add_to_cart",
    "checkout",
];

/// How a tag was activated (`TagActivateEvent.input`).
pub const INPUTS: [&str; 2] = ["pointer", "keyboard"];

/// The methods `options.bridge` must have (`Bridge`).
pub const BRIDGE_METHODS: [&str; 7] = [
    "products",
    "createCart",
    "cart",
    "setQuantity",
    "checkout",
    "serverTime",
    "analytics",
];

/// The bridge methods `options.live` needs besides.
pub const LIVE_METHODS: [&str; 2] = ["room", "liveEvents"];

/// Bridge methods used when they are there.
pub const BRIDGE_OPTIONAL: [&str; 1] = ["watch"];

/// Why an `error` event was raised (`OverlayErrorKind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `mount`'s options are wrong, or name an option that does not exist; or an
    /// integrator's message of the wrong shape (skipped).
    Options,
    /// The manifest is invalid (the event's `problems` say where).
    Manifest,
    /// The overlay could not attach to the video.
    Mount,
    /// The shop module could not be fetched; the next tap tries again.
    Shop,
    /// An internal error; the module that met it stops.
    Panic,
    /// A bridge answer of the wrong shape, a bridge that threw, or its `watch` report.
    Bridge,
    /// A server time that makes no sense.
    Clock,
    /// A malformed or unknown LIVE event, or events that never arrived.
    Live,
    /// A manifest deal the commerce API does not offer.
    Deal,
    /// A message fell back to English.
    Locale,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 10] = [
        ErrorKind::Options,
        ErrorKind::Manifest,
        ErrorKind::Mount,
        ErrorKind::Shop,
        ErrorKind::Panic,
        ErrorKind::Bridge,
        ErrorKind::Clock,
        ErrorKind::Live,
        ErrorKind::Deal,
        ErrorKind::Locale,
    ];

    /// The kind as the event carries it.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Options => "options",
            ErrorKind::Manifest => "manifest",
            ErrorKind::Mount => "mount",
            ErrorKind::Shop => "shop",
            ErrorKind::Panic => "panic",
            ErrorKind::Bridge => "bridge",
            ErrorKind::Clock => "clock",
            ErrorKind::Live => "live",
            ErrorKind::Deal => "deal",
            ErrorKind::Locale => "locale",
        }
    }
}

/// The keys of the object the viewer passes to the shop module's `startShop(setup)`.
pub mod setup {
    /// The `<video>`.
    pub const VIDEO: &str = "video";
    /// The overlay's root element, where the card, cart and shelf go.
    pub const ROOT: &str = "root";
    /// `options.bridge`, checked.
    pub const BRIDGE: &str = "bridge";
    /// The manifest's JSON text, as the viewer validated it.
    pub const MANIFEST: &str = "manifest";
    /// The viewer's resolved language.
    pub const LOCALE: &str = "locale";
    /// `options.messages`, when given.
    pub const MESSAGES: &str = "messages";
    /// `options.pauseOnOpen` (a boolean).
    pub const PAUSE_ON_OPEN: &str = "pauseOnOpen";
    /// `options.live.room`, when given.
    pub const LIVE_ROOM: &str = "liveRoom";
    /// `emit(type, detail)`: raises one of the handle's events.
    pub const EMIT: &str = "emit";
    /// `setBadges({productId: {badge, price}})`: what the tags on each product show beside
    /// the name: the deal badge ("−20% · 04:59") and the price a viewer pays now ("$34.00"),
    /// either left out when there is none.
    pub const SET_BADGES: &str = "setBadges";
    /// `setHeld(Float64Array [top, right, w, h, …])`: the corners the shop's own controls hold
    /// now (its buttons, the LIVE pin), four numbers each — `top` and `right` as 1 or 0, then
    /// the width and height from that corner to the control's far edges in CSS pixels; the
    /// tags' badges and labels keep clear of them.
    pub const SET_HELD: &str = "setHeld";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_has_one_payload_in_the_same_order() {
        let events: Vec<&str> = PAYLOADS.iter().map(|p| p.event).collect();
        assert_eq!(events, EVENTS);
        assert_eq!(payload_keys("order"), ["orderId", "orderNumber", "total"]);
        assert!(payload_keys("no such event").is_empty());
    }

    #[test]
    fn every_error_kind_is_listed_once_with_its_own_name() {
        let mut names: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorKind::ALL.len());
    }
}
