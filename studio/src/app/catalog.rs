//! The catalog pane's state: the search the picker shows (only the latest answer counts), the
//! products the API has described so far, and those it said do not exist — what lint needs to
//! know about stock, and names for the tags.

use authoring::words;
use std::collections::{BTreeMap, BTreeSet};

use authoring::Stock;
use yew::Callback;

use crate::api::{self, Product};

pub enum CatalogMsg {
    Search(String),
    Searched(u64, Result<Vec<Product>, String>),
    Looked(Result<(Vec<Product>, Vec<String>), String>),
}

pub struct Catalog {
    send: Callback<CatalogMsg>,
    pub query: String,
    pub results: Vec<Product>,
    pub error: Option<String>,
    seq: u64,
    known: BTreeMap<String, Product>,
    missing: BTreeSet<String>,
    asked: BTreeSet<String>,
}

impl Catalog {
    /// The catalog, with the first (empty) search under way.
    pub fn new(send: Callback<CatalogMsg>) -> Catalog {
        let mut c = Catalog {
            send,
            query: String::new(),
            results: Vec::new(),
            error: None,
            seq: 0,
            known: BTreeMap::new(),
            missing: BTreeSet::new(),
            asked: BTreeSet::new(),
        };
        c.search(String::new());
        c
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.known.get(id)
    }

    /// What lint is told about a product's stock.
    pub fn stock(&self, id: &str) -> Stock {
        if self.missing.contains(id) {
            return Stock::Missing;
        }
        match self.known.get(id) {
            Some(p) if p.stock <= 0 => Stock::SoldOut,
            Some(_) => Stock::Available,
            None => Stock::Unknown,
        }
    }

    /// Asks the API about the products among `ids` it was never asked about.
    pub fn look_up<'a>(&mut self, ids: impl Iterator<Item = &'a str>) {
        let unknown: Vec<String> = ids
            .filter(|id| !self.asked.contains(*id))
            .map(str::to_string)
            .collect();
        if unknown.is_empty() {
            return;
        }
        self.asked.extend(unknown.iter().cloned());
        let send = self.send.clone();
        wasm_bindgen_futures::spawn_local(async move {
            send.emit(CatalogMsg::Looked(api::lookup(&unknown).await));
        });
    }

    fn search(&mut self, q: String) {
        self.query = q.clone();
        self.seq += 1;
        let (seq, send) = (self.seq, self.send.clone());
        wasm_bindgen_futures::spawn_local(async move {
            send.emit(CatalogMsg::Searched(seq, api::search(&q).await));
        });
    }

    /// Handles `msg`; true when what the catalog knows changed (lint again).
    pub fn update(&mut self, msg: CatalogMsg) -> bool {
        match msg {
            CatalogMsg::Search(q) => {
                self.search(q);
                false
            }
            CatalogMsg::Searched(seq, _) if seq != self.seq => false,
            CatalogMsg::Searched(_, Ok(list)) => {
                for p in &list {
                    self.known.insert(p.id.clone(), p.clone());
                }
                self.results = list;
                self.error = None;
                true
            }
            CatalogMsg::Searched(_, Err(e)) => {
                self.error = Some(words::f("catalog.failed", &[("why", &e.to_string())]));
                false
            }
            CatalogMsg::Looked(Ok((found, missing))) => {
                for p in found {
                    self.known.insert(p.id.clone(), p);
                }
                self.missing.extend(missing);
                true
            }
            CatalogMsg::Looked(Err(_)) => false,
        }
    }
}
