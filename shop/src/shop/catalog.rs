//! What the shop knows of products: those the bridge described, those it said do not exist, those
//! being loaded, the last load's failure, and variant facts from the server's cart lines for
//! products not loaded yet. Pure: the shop makes the bridge calls this decides.

use std::collections::{BTreeMap, BTreeSet};

use overlay::choices::Options;
use overlay::{Deal, Failure};

use crate::wire;

/// What is known of one variant, for cart lines.
#[derive(Clone, Debug, PartialEq)]
pub struct LineInfo {
    pub product: String,
    pub title: String,
    pub options: Options,
    pub price: i64,
    pub currency: String,
    pub available: i64,
}

/// Products by id, and what could not be loaded.
#[derive(Default)]
pub struct Catalog {
    pub products: BTreeMap<String, wire::Product>,
    pub missing: BTreeSet<String>,
    pub loading: BTreeSet<String>,
    pub failed: Option<Failure>,
    /// Variant facts from the server's cart lines (products not loaded yet).
    pub lines: BTreeMap<String, LineInfo>,
}

impl Catalog {
    pub fn get(&self, id: &str) -> Option<&wire::Product> {
        self.products.get(id)
    }

    /// The product's deals as the shop states them (none for a product not loaded).
    pub fn deals_of(&self, product: &str) -> &[Deal] {
        self.products
            .get(product)
            .map_or(&[], |p| p.deals.as_slice())
    }

    /// Which of `ids` to ask for: those neither known, missing nor being loaded (marked as
    /// being loaded now).
    pub fn begin_load(&mut self, ids: Vec<String>) -> Vec<String> {
        let mut wanted = Vec::new();
        for id in ids {
            let known = self.products.contains_key(&id) || self.missing.contains(&id);
            if !known && self.loading.insert(id.clone()) {
                wanted.push(id);
            }
        }
        wanted
    }

    /// The bridge's answer to a load of `asked`; returns the problems to report (deals that
    /// made no sense). An id the answer neither had nor called missing is missing too.
    pub fn received(&mut self, asked: &[String], got: wire::Products) -> Vec<String> {
        self.settle(asked);
        self.failed = None;
        self.missing.extend(got.missing);
        let mut problems = Vec::new();
        for p in got.products {
            problems.extend(
                p.problems
                    .iter()
                    .map(|m| format!("bridge.products value: {m}")),
            );
            self.products.insert(p.id.clone(), p);
        }
        for id in asked {
            if !self.products.contains_key(id) {
                self.missing.insert(id.clone());
            }
        }
        problems
    }

    /// A load of `asked` failed; they may be asked for again.
    pub fn load_failed(&mut self, asked: &[String], f: Failure) {
        self.settle(asked);
        self.failed = Some(f);
    }

    fn settle(&mut self, asked: &[String]) {
        for id in asked {
            self.loading.remove(id);
        }
    }

    /// What is known of variant `id`: from its product, else from a cart line.
    pub fn variant(&self, id: &str) -> Option<LineInfo> {
        for p in self.products.values() {
            if let Some(v) = p.variants.iter().find(|v| v.id == id) {
                return Some(LineInfo {
                    product: p.id.clone(),
                    title: p.title.clone(),
                    options: v.options.clone(),
                    price: v.price,
                    currency: p.currency.clone(),
                    available: v.available,
                });
            }
        }
        self.lines.get(id).cloned()
    }

    /// What is left of `variant` (a stock event, a refusal that said so).
    pub fn set_available(&mut self, variant: &str, available: i64) {
        for p in self.products.values_mut() {
            if let Some(v) = p.variants.iter_mut().find(|v| v.id == variant) {
                v.available = available;
            }
        }
        if let Some(l) = self.lines.get_mut(variant) {
            l.available = available;
        }
    }

    /// The variant a card opens on: the first one in stock, else the first.
    pub fn first_available(&self, product: &str) -> Option<String> {
        let p = self.products.get(product)?;
        p.variants
            .iter()
            .find(|v| v.available > 0)
            .or_else(|| p.variants.first())
            .map(|v| v.id.clone())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn product(id: &str, stock: &[i64]) -> wire::Product {
        wire::Product {
            id: id.into(),
            title: format!("{id} title"),
            currency: "USD".into(),
            image: None,
            url: None,
            variants: stock
                .iter()
                .enumerate()
                .map(|(i, &available)| wire::Variant {
                    id: format!("{id}-v{i}"),
                    options: Options::default(),
                    price: 1000,
                    compare_at: None,
                    available,
                })
                .collect(),
            axes: Vec::new(),
            deals: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn each_product_is_asked_for_once_until_its_answer() {
        let mut c = Catalog::default();
        assert_eq!(c.begin_load(ids(&["b", "a", "b"])), ids(&["b", "a"]));
        assert!(c.begin_load(ids(&["a", "b"])).is_empty());
        c.load_failed(&ids(&["a", "b"]), Failure::Network);
        assert_eq!(c.failed, Some(Failure::Network));
        // Failed loads may be asked for again.
        assert_eq!(c.begin_load(ids(&["a"])), ids(&["a"]));
    }

    #[test]
    fn an_answer_fills_products_and_what_it_left_out_is_missing() {
        let mut c = Catalog::default();
        let asked = c.begin_load(ids(&["a", "b", "c"]));
        let mut a = product("a", &[0, 3]);
        a.problems.push("deals[0]: ends before it starts".into());
        let got = wire::Products {
            products: vec![a],
            missing: ids(&["b"]),
        };
        assert_eq!(
            c.received(&asked, got),
            ["bridge.products value: deals[0]: ends before it starts"]
        );
        assert!(c.missing.contains("b") && c.missing.contains("c"));
        assert!(c.loading.is_empty() && c.failed.is_none());
        assert!(c.begin_load(ids(&["a", "b", "c"])).is_empty());
        assert_eq!(c.first_available("a").as_deref(), Some("a-v1"));
    }

    #[test]
    fn a_variant_is_known_from_its_product_or_else_from_a_cart_line() {
        let mut c = Catalog::default();
        c.lines.insert(
            "x-v0".into(),
            LineInfo {
                product: "x".into(),
                title: "X".into(),
                options: Options::default(),
                price: 500,
                currency: "EUR".into(),
                available: 4,
            },
        );
        c.set_available("x-v0", 1);
        assert_eq!(c.variant("x-v0").map(|l| l.available), Some(1));
        c.products.insert("a".into(), product("a", &[2]));
        c.set_available("a-v0", 0);
        let v = c.variant("a-v0");
        assert_eq!(
            v.map(|l| (l.title, l.available)),
            Some(("a title".into(), 0))
        );
        assert_eq!(c.first_available("a").as_deref(), Some("a-v0"));
        assert!(c.variant("nope").is_none());
    }
}
