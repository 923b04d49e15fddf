//! What the widgets show: the viewer's actions in, card, cart, shelf and layer props out.

use super::*;

impl Shop {
    pub(super) fn act(&mut self, a: ShopAction) {
        match a {
            ShopAction::SelectVariant(v) => {
                let mut e = self.event("variant_select");
                if let Some(c) = self.card.as_mut() {
                    e.tag = c.tag.clone();
                    e.product = Some(c.product.clone());
                    c.selected = Some(v.to_string());
                    c.quantity = 1;
                    if !matches!(c.state, AddState::Pending) {
                        c.state = AddState::Idle;
                    }
                }
                e.variant = Some(v.to_string());
                self.analytics.track(e);
            }
            ShopAction::CardQuantity(q) => {
                if let Some(c) = self.card.as_mut() {
                    c.quantity = q.clamp(1, MAX_PER_LINE);
                    if matches!(c.state, AddState::Added | AddState::Failed(_)) {
                        c.state = AddState::Idle;
                    }
                }
            }
            ShopAction::Add => return self.add(),
            ShopAction::CloseCard => return self.close_card(),
            ShopAction::Retry => {
                self.catalog.failed = None;
                if let Some(p) = self.card.as_ref().map(|c| c.product.clone()) {
                    self.load(vec![p]);
                }
            }
            ShopAction::OpenCart => {
                if self.card.is_some() {
                    self.close_card();
                }
                self.drawer = true;
            }
            ShopAction::CloseCart => {
                self.drawer = false;
                if self.cart.placed.is_some() && self.cart.checking_out.is_none() {
                    self.cart.placed = None;
                }
                self.render();
                self.focus(".so-cart-button");
                return;
            }
            ShopAction::SetLine(v, q) => return self.set_line(&v, q.min(MAX_PER_LINE)),
            ShopAction::OpenProduct(p) => {
                self.shelf = None;
                return self.open_card(&p, None);
            }
            ShopAction::OpenShelf => {
                let everything: Vec<String> = self.shelf_products();
                self.load(everything);
                self.shelf = Some((String::new(), false));
            }
            ShopAction::CloseShelf => {
                self.shelf = None;
                self.render();
                self.focus(".so-shelf-button");
                return;
            }
            ShopAction::ShelfQuery(q) => {
                if let Some(s) = self.shelf.as_mut() {
                    s.0 = q.chars().take(100).collect();
                }
            }
            ShopAction::ShelfDealsOnly(d) => {
                if let Some(s) = self.shelf.as_mut() {
                    s.1 = d;
                }
            }
            ShopAction::Checkout => return self.checkout(),
            ShopAction::Held(corners) => {
                if self.held != corners {
                    if let Some(f) = &self.on_held {
                        f(&corners);
                    }
                    self.held = corners;
                }
                return;
            }
        }
        self.render();
    }

    pub(super) fn card_view(&self) -> Option<CardView> {
        let c = self.card.as_ref()?;
        let title = || AttrValue::from(self.title_of(&c.product));
        let Some(p) = self.catalog.products.get(&c.product) else {
            return Some(if self.catalog.missing.contains(&c.product) {
                CardView::Unavailable {
                    title: title(),
                    why: AttrValue::from(self.tr.t("card.error.unavailable")),
                    can_retry: false,
                }
            } else if let (Some(f), false) = (
                &self.catalog.failed,
                self.catalog.loading.contains(&c.product),
            ) {
                CardView::Unavailable {
                    title: title(),
                    why: AttrValue::from(explain(&self.tr, f, Place::CardLoad)),
                    can_retry: true,
                }
            } else {
                CardView::Loading { title: title() }
            });
        };
        let selected = c
            .selected
            .as_ref()
            .and_then(|s| p.variants.iter().find(|v| &v.id == s))
            .or_else(|| p.variants.first());
        let server = self.server_now();
        let regular = selected.map_or(0, |v| v.price);
        let (price, deal) = selected.map_or((regular, None), |v| {
            offered(&p.deals, &p.id, &v.id, v.price, server)
        });
        // During a deal the regular price is what it is compared against.
        let compare = if deal.is_some() {
            Some(regular)
        } else {
            selected.and_then(|v| v.compare_at).filter(|&c| c > price)
        };
        let in_cart = |id: &str| self.cart.machine.view().get(id).copied().unwrap_or(0) as i64;
        let offers: Vec<Offer> = p
            .variants
            .iter()
            .map(|v| Offer {
                id: &v.id,
                options: &v.options,
                // What can still be added, with what is in the cart counted.
                available: (v.available - in_cart(&v.id)).max(0),
                in_cart: in_cart(&v.id),
            })
            .collect();
        let chosen = selected.map(|v| v.id.as_str());
        let groups = overlay::choices::groups(&p.axes, &offers, chosen)
            .into_iter()
            .filter_map(|g| Some(self.group_view(p.axes.get(g.axis)?, &g)))
            .collect();
        let (max, max_reason, unavailable) = match selected {
            Some(v) => self.card_limits(p, v, in_cart(&v.id)),
            None => (0, None, None),
        };
        let product = ProductView {
            id: AttrValue::from(p.id.clone()),
            title: AttrValue::from(p.title.clone()),
            image: self.image_of(p),
            price: AttrValue::from(self.money.format(price, &p.currency)),
            compare_at: compare.map(|c| AttrValue::from(self.money.format(c, &p.currency))),
            groups,
            link: p
                .url
                .as_deref()
                .and_then(|u| safe_href(u, &self.origin))
                .map(AttrValue::from),
            deal: selected.and_then(|v| self.deal_view(p, &v.id, server)),
            max,
            max_reason,
            unavailable,
        };
        let state = c.state.clone();
        Some(CardView::Product {
            product: Box::new(product),
            selected: c.selected.clone().map(AttrValue::from),
            quantity: c.quantity,
            state,
        })
    }

    pub(super) fn cart_view(&self) -> CartView {
        let view = self.cart.lines();
        let server = self.server_now();
        let mut subtotal = 0i64;
        let mut currency = String::from("USD");
        let lines: Vec<CartLineView> = view
            .iter()
            .map(|(variant, &quantity)| {
                let info = self.catalog.variant(variant);
                let (title, options, price, cur, available, product) = info.map_or_else(
                    || {
                        (
                            variant.clone(),
                            String::new(),
                            0,
                            "USD".to_string(),
                            0,
                            None,
                        )
                    },
                    |i| {
                        (
                            i.title,
                            wire::options_label(
                                &self.tr,
                                self.catalog.get(&i.product).map_or(&[], |p| &p.axes[..]),
                                &i.options,
                            ),
                            i.price,
                            i.currency,
                            i.available,
                            Some(i.product),
                        )
                    },
                );
                // Priced as the server will price it: a live deal, else the regular price.
                let price = product.as_deref().map_or(price, |p| {
                    offered(self.catalog.deals_of(p), p, variant, price, server).0
                });
                // Stock, the per-line limit and a live deal's per-customer limit, and the
                // words for whichever stops the stepper.
                let stock = available.max(0) as u32;
                let deal = product
                    .as_deref()
                    .and_then(|p| self.deal_limit(p, variant))
                    .map(|(l, _)| l);
                let max = stock
                    .min(deal.unwrap_or(u32::MAX))
                    .max(quantity)
                    .min(MAX_PER_LINE);
                let max_reason = self.stops_at(max, deal, stock, "limit.deal");
                let total = price * i64::from(quantity);
                subtotal += total;
                currency = cur.clone();
                CartLineView {
                    variant: AttrValue::from(variant.clone()),
                    title: AttrValue::from(title),
                    options: AttrValue::from(options),
                    image: product
                        .as_ref()
                        .and_then(|p| self.catalog.products.get(p))
                        .and_then(|p| self.image_of(p)),
                    quantity,
                    max,
                    max_reason: Some(AttrValue::from(max_reason)),
                    line_total: AttrValue::from(self.money.format(total, &cur)),
                    pending: self.cart.machine.is_pending(variant),
                }
            })
            .collect();
        let checkout = match (&self.cart.placed, &self.cart.checking_out) {
            (_, Some(_)) => CheckoutView::Pending,
            (Some(placed), None) => CheckoutView::Placed {
                order: AttrValue::from(placed.id.clone()),
                number: AttrValue::from(placed.number.clone()),
                total: AttrValue::from(placed.total.clone()),
            },
            (None, None) if self.cart.handed_off => CheckoutView::HandedOff,
            (None, None) => CheckoutView::Idle,
        };
        CartView {
            count: lines.iter().map(|l| l.quantity).sum(),
            lines: lines.into(),
            subtotal: AttrValue::from(self.money.format(subtotal, &currency)),
            checkout,
            notice: self.cart.notice.clone().map(AttrValue::from),
            syncing: !self.cart.machine.is_settled(),
        }
    }

    /// The video's products, then what the LIVE host pinned that the video does not show.
    pub(super) fn shelf_products(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.products.iter().map(|(id, _)| id.clone()).collect();
        if let Some(l) = &self.live {
            for p in l.feed.pinned() {
                if !ids.contains(p) {
                    ids.push(p.clone());
                }
            }
        }
        ids
    }

    pub(super) fn shelf_view(&self) -> Option<ShelfView> {
        let (query, deals_only) = self.shelf.as_ref()?;
        let server = self.server_now();
        let needle = query.trim().to_lowercase();
        let mut items: Vec<(u8, ShelfItem)> = self
            .shelf_products()
            .iter()
            .filter_map(|id| self.catalog.products.get(id))
            .filter(|p| needle.is_empty() || p.title.to_lowercase().contains(&needle))
            .filter_map(|p| {
                let v = p
                    .variants
                    .iter()
                    .filter(|v| v.available > 0)
                    .min_by_key(|v| v.price)
                    .or_else(|| p.variants.first())?;
                let (price, deal) = offered(&p.deals, &p.id, &v.id, v.price, server);
                let (badge, badge_label) = server
                    .and_then(|t| self.badge_of(p, t))
                    .map_or((None, None), |(b, l)| {
                        (Some(AttrValue::from(b)), Some(AttrValue::from(l)))
                    });
                let phases = p.deals.iter().map(|d| server.map(|t| d.phase(t)));
                let upcoming = phases
                    .into_iter()
                    .any(|ph| matches!(ph, Some(Phase::Upcoming { .. })));
                let rank = if deal.is_some() {
                    0
                } else if upcoming {
                    1
                } else {
                    2
                };
                if *deals_only && deal.is_none() {
                    return None;
                }
                Some((
                    rank,
                    ShelfItem {
                        product: AttrValue::from(p.id.clone()),
                        title: AttrValue::from(p.title.clone()),
                        image: self.image_of(p),
                        price: AttrValue::from(self.money.format(price, &p.currency)),
                        compare_at: deal
                            .map(|_| AttrValue::from(self.money.format(v.price, &p.currency))),
                        badge,
                        badge_label,
                    },
                ))
            })
            .collect();
        // Deals first, then the video's order.
        items.sort_by_key(|(rank, _)| *rank);
        Some(ShelfView {
            items: items.into_iter().map(|(_, i)| i).collect(),
            query: AttrValue::from(query.clone()),
            deals_only: *deals_only,
        })
    }

    pub(super) fn props(&self) -> ShopLayerProps {
        let me = self.me.clone();
        ShopLayerProps {
            card: self.card_view(),
            cart: self.cart_view(),
            drawer_open: self.drawer,
            pin: self.pin_view(),
            shelf: self.shelf_view(),
            products: self.shelf_products().len() as u32,
            tr: self.tr.clone(),
            announcement: AttrValue::from(self.announcer.text().to_string()),
            on_action: Callback::from(move |a| with(&me, |s| s.act(a))),
        }
    }

    pub(super) fn render(&mut self) {
        let props = self.props();
        if let Some(app) = self.app.as_mut() {
            app.update(props);
        }
    }

    /// One option axis as the card shows it: each value with where a tap leads and a word
    /// when it cannot be bought with the other values chosen.
    fn group_view(&self, axis: &Axis, g: &Group) -> OptionGroupView {
        let choices: Vec<ChoiceView> = g
            .choices
            .iter()
            .filter_map(|c| {
                let v = axis.values.get(c.value)?;
                let (note, out) = match c.stock {
                    Stock::Left(n) if n <= 5 => (
                        Some(self.tr.count("card.variant.left", n as f64, &[])),
                        false,
                    ),
                    Stock::Left(_) => (None, false),
                    Stock::AllInCart => (Some(self.tr.t("card.variant.in_cart")), false),
                    Stock::SoldOut => (Some(self.tr.t("card.variant.sold_out")), true),
                    Stock::NoSuchCombination => (Some(self.tr.t("card.variant.none")), true),
                };
                Some(ChoiceView {
                    label: AttrValue::from(v.label.clone()),
                    swatch: v.swatch.clone().map(AttrValue::from),
                    chosen: c.chosen,
                    target: c.target.clone().map(AttrValue::from),
                    note: note.map(AttrValue::from),
                    out,
                })
            })
            .collect();
        let chosen = g
            .choices
            .iter()
            .find(|c| c.chosen)
            .and_then(|c| axis.values.get(c.value))
            .map(|v| v.label.clone());
        let label = if axis.name == overlay::choices::BY_VARIANT {
            self.tr.t("card.options")
        } else {
            axis.label.clone()
        };
        OptionGroupView {
            legend: AttrValue::from(match &chosen {
                // Brand words, isolated in a sentence of the other direction.
                Some(value) => self.tr.fmt(
                    "card.option.chosen",
                    &[
                        ("option", &self.tr.isolate(&label)),
                        ("value", &self.tr.isolate(value)),
                    ],
                ),
                None => label.clone(),
            }),
            label: AttrValue::from(label),
            swatches: axis.swatches(),
            choices: choices.into(),
        }
    }

    /// Why a stepper stops at `max`, in words: the deal's limit (message `deal_key`) when it
    /// is what stops it, else the stock, else the per-line limit.
    fn stops_at(&self, max: u32, deal: Option<u32>, stock: u32, deal_key: &str) -> String {
        let (key, count) = if deal == Some(max) {
            (deal_key, max)
        } else if stock == max {
            ("status.item_only_left", max)
        } else {
            ("status.item_limit", MAX_PER_LINE)
        };
        self.tr.count(key, f64::from(count), &[])
    }

    /// How many of variant `v` the card may add now (stock, the deal's per-customer limit and
    /// the per-line limit, less what the cart holds), the words for whichever stops the count,
    /// and why it cannot be added at all.
    fn card_limits(
        &self,
        p: &wire::Product,
        v: &wire::Variant,
        in_cart: i64,
    ) -> (u32, Option<AttrValue>, Option<AttrValue>) {
        let stock = (v.available - in_cart).max(0) as u32;
        let deal = self
            .deal_limit(&p.id, &v.id)
            .map(|(limit, _)| (i64::from(limit) - in_cart).max(0) as u32);
        let per_line = (MAX_PER_LINE as i64 - in_cart).max(0) as u32;
        let max = stock.min(deal.unwrap_or(u32::MAX)).min(per_line);
        let reason = self.stops_at(max, deal, stock, "limit.deal_more");
        let unavailable = if v.available <= 0 && p.axes.is_empty() {
            Some(self.tr.t("card.error.sold_out"))
        } else if v.available <= 0 {
            let options = wire::options_label(&self.tr, &p.axes, &v.options);
            Some(self.tr.fmt(
                "card.unavailable.sold_out",
                &[("options", &self.tr.isolate(&options))],
            ))
        } else {
            self.add_cap(&p.id, &v.id).1
        };
        (
            max,
            Some(AttrValue::from(reason)),
            unavailable.map(AttrValue::from),
        )
    }

    /// Tags that came into view and left it (for impressions).
    pub fn visible(&mut self, entered: &[u32], left: &[u32]) {
        self.analytics.visible(entered, left);
        let names = Announcer::in_view(
            entered
                .iter()
                .filter_map(|&i| self.tag_products.get(i as usize))
                .map(|(_, p)| self.title_of(p))
                .collect(),
        );
        if !names.is_empty() {
            // "A, B and C" in the viewer's language, each name isolated.
            let names: Vec<String> = names.iter().map(|n| self.tr.isolate(n)).collect();
            let names = self.tr.list(&names);
            self.announce(self.tr.fmt("announce.in_view", &[("names", &names)]));
        }
    }

    pub(super) fn title_of(&self, product: &str) -> String {
        self.catalog
            .products
            .get(product)
            .map(|p| p.title.clone())
            .or_else(|| {
                self.products
                    .iter()
                    .find(|(id, _)| id == product)
                    .map(|(_, name)| name.clone())
            })
            .unwrap_or_else(|| product.to_string())
    }

    /// Announces that the LIVE host pinned `product` (its data is here).
    pub(super) fn announce_pinned(&mut self, product: &str) {
        let name = self.tr.isolate(&self.title_of(product));
        self.announce(self.tr.fmt("announce.pinned", &[("name", &name)]));
    }

    /// Says `text` through the polite live region. Rendered a turn later, so a frame that
    /// changes the visible tags does no shop rendering.
    pub(super) fn announce(&mut self, text: String) {
        self.announcer.say(text);
        self.announce_timer = Some(Timeout::new(0, self.later(|s| s.render())));
    }

    /// A tag was tapped.
    pub fn tapped(&self, tag: &str, product: &str) {
        let mut e = self.event("tag_tap");
        e.tag = Some(tag.to_string());
        e.product = Some(product.to_string());
        self.analytics.track(e);
    }

    /// Focus back on the overlay's control `selector` (the button that opened a dialog).
    pub(super) fn focus(&self, selector: &str) {
        widgets::close_dialogs(&self.root);
        if let Ok(Some(b)) = self.root.query_selector(selector) {
            if let Ok(b) = b.dyn_into::<HtmlElement>() {
                let _ = b.focus();
            }
        }
    }

    /// A product's image, if its URL may be shown (https, or this origin).
    pub(super) fn image_of(&self, p: &wire::Product) -> Option<AttrValue> {
        p.image
            .as_deref()
            .and_then(|u| safe_href(u, &self.origin))
            .map(AttrValue::from)
    }
}
