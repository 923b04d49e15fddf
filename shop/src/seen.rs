//! What came into view and what left it, handed to the shop in order; held while the shop is
//! busy (one of its own calls reached the overlay, which moved tags and told it at once) and
//! handed to it right after, so no impression and no announcement is lost.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::timers::callback::Timeout;

use crate::shop::Shop;

/// Tags that entered and left, by change, oldest first.
type Queue = Rc<RefCell<Vec<(Vec<u32>, Vec<u32>)>>>;

#[derive(Default)]
pub struct Seen {
    queued: Queue,
    /// The next try, while the shop is busy (dropped with the handle: cancelled).
    retry: Rc<RefCell<Option<Timeout>>>,
}

impl Seen {
    /// Tags `entered` came into view and `left` went: to the shop now, or as soon as it is free.
    pub fn hand(&self, shop: &Rc<RefCell<Shop>>, entered: Vec<u32>, left: Vec<u32>) {
        self.queued.borrow_mut().push((entered, left));
        flush(
            &Rc::downgrade(shop),
            &self.queued,
            &Rc::downgrade(&self.retry),
        );
    }
}

fn flush(shop: &Weak<RefCell<Shop>>, queued: &Queue, retry: &Weak<RefCell<Option<Timeout>>>) {
    let Some(rc) = shop.upgrade() else { return };
    let Ok(mut s) = rc.try_borrow_mut() else {
        let Some(slot) = retry.upgrade() else { return };
        let (shop, queued, again) = (shop.clone(), queued.clone(), retry.clone());
        *slot.borrow_mut() = Some(Timeout::new(0, move || flush(&shop, &queued, &again)));
        return;
    };
    let changes = std::mem::take(&mut *queued.borrow_mut());
    for (entered, left) in changes {
        s.visible(&entered, &left);
    }
}
