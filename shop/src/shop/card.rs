//! The product card: opening, closing (focus back, video resumed), adding to the cart.

use super::*;

impl Shop {
    /// A tag was activated: open its product's card.
    pub fn open_card(&mut self, product: &str, tag: Option<&str>) {
        let opener = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        if self.pause_on_open && !self.video.paused() && self.card.is_none() {
            self.resume = self.video.pause().is_ok();
        }
        self.drawer = false;
        self.card = Some(Card {
            product: product.to_string(),
            tag: tag.map(str::to_string),
            selected: self.catalog.first_available(product),
            quantity: 1,
            state: AddState::Idle,
            adding: None,
            opener,
        });
        if !self.catalog.products.contains_key(product) {
            self.load(vec![product.to_string()]);
        }
        let mut e = self.event("card_open");
        e.tag = tag.map(str::to_string);
        e.product = Some(product.to_string());
        self.analytics.track(e);
        self.render();
    }

    pub(super) fn close_card(&mut self) {
        let Some(card) = self.card.take() else { return };
        self.render();
        if std::mem::take(&mut self.resume) {
            if let Ok(p) = self.video.play() {
                // Autoplay rules can refuse; the viewer still has the controls.
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                });
            }
        }
        // Focus goes back to the tag that opened the card (or whatever had it before), once
        // the page is no longer inert behind the card.
        widgets::close_dialogs(&self.root);
        let tag = card.tag.as_deref().and_then(|id| self.tag_button(id));
        if let Some(el) = tag.or(card.opener.filter(|o| o.is_connected())) {
            let _ = el.focus();
        }
    }

    /// The most of `variant` the cart may hold (stock, the per-line limit, a live deal's
    /// per-customer limit), and, when the cart already holds that much, why nothing more can
    /// be added, in the viewer's words.
    pub(super) fn add_cap(&self, product: &str, variant: &str) -> (u32, Option<String>) {
        let info = self.catalog.variant(variant);
        let available = info.as_ref().map_or(0, |i| i.available.max(0) as u32);
        let have = self.cart.machine.view().get(variant).copied().unwrap_or(0);
        let deal_limit = self.deal_limit(product, variant);
        let cap = available
            .min(MAX_PER_LINE)
            .min(deal_limit.as_ref().map_or(u32::MAX, |(l, _)| *l));
        if cap > have {
            return (cap, None);
        }
        let tr = &self.tr;
        let title = info.map_or_else(|| self.title_of(product), |i| i.title);
        let name = tr.isolate(&title);
        let why = match deal_limit {
            Some((limit, deal)) if cap == limit => match deal {
                Some(deal) => tr.count(
                    "card.error.deal_limit",
                    f64::from(limit),
                    &[("deal", &tr.isolate(&deal))],
                ),
                None => tr.count("card.error.deal_limit_untitled", f64::from(limit), &[]),
            },
            _ if cap == available => tr.count(
                "card.error.have_all",
                f64::from(available),
                &[("name", &name)],
            ),
            _ => tr.count("status.limit", f64::from(MAX_PER_LINE), &[("name", &name)]),
        };
        (cap, Some(why))
    }

    pub(super) fn tag_button(&self, tag: &str) -> Option<HtmlElement> {
        let list = self.root.query_selector_all(".so-tag").ok()?;
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
            .find(|e| e.get_attribute("data-tag-id").as_deref() == Some(tag))
    }

    pub(super) fn event(&self, kind: &'static str) -> Event {
        Event::new(
            kind,
            self.video.current_time(),
            &self.analytics.attribution(),
        )
    }

    pub(super) fn add(&mut self) {
        let Some(card) = self.card.as_ref() else {
            return;
        };
        let Some(variant) = card.selected.clone() else {
            return;
        };
        let have = self.cart.machine.view().get(&variant).copied().unwrap_or(0);
        let product = card.product.clone();
        let tag = card.tag.clone();
        let quantity = card.quantity;
        let (cap, why) = self.add_cap(&product, &variant);
        let want = (have + quantity).min(cap);
        if let Some(why) = why {
            if let Some(card) = self.card.as_mut() {
                card.state = AddState::Failed(AttrValue::from(why));
            }
            self.render();
            return;
        }
        let Some(card) = self.card.as_mut() else {
            return;
        };
        card.state = AddState::Pending;
        card.adding = Some(variant.clone());
        self.cart.notice = None;
        self.cart.placed = None;
        self.cart.machine.set_quantity(&variant, want);
        let mut e = self.event("add_to_cart");
        e.tag = tag;
        e.product = Some(product);
        e.variant = Some(variant);
        e.quantity = Some(quantity);
        self.analytics.track(e);
        self.pump();
        self.render();
    }
}
