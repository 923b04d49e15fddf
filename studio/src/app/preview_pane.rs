//! The preview pane's state: whether it is open, the deal state it shows, its four players and
//! the viewers mounted on them (destroyed on drop), and the debounce before the draft is shown
//! again after a change.

use authoring::words;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsValue;
use web_sys::HtmlVideoElement;
use yew::{Callback, NodeRef};

use super::catalog::Catalog;
use super::video::{self, VideoPane};
use crate::components::preview_matrix::PLAYERS;
use crate::preview::{self, DealView};
use authoring::Draft;

pub enum PreviewMsg {
    Toggle,
    Deal(DealView),
    Play,
    Refresh,
}

pub struct PreviewPane {
    send: Callback<PreviewMsg>,
    /// The viewer's `mount`, and the function that makes the preview's bridge.
    mount: js_sys::Function,
    bridge: Option<js_sys::Function>,
    pub open: bool,
    pub deal: DealView,
    pub videos: Vec<NodeRef>,
    mounted: Vec<preview::Mounted>,
    pub error: Option<String>,
    timer: Option<Timeout>,
}

impl PreviewPane {
    pub fn new(
        send: Callback<PreviewMsg>,
        mount: js_sys::Function,
        bridge: Option<js_sys::Function>,
    ) -> PreviewPane {
        PreviewPane {
            send,
            mount,
            bridge,
            open: false,
            deal: DealView::Now,
            videos: PLAYERS.iter().map(|_| NodeRef::default()).collect(),
            mounted: Vec::new(),
            error: None,
            timer: None,
        }
    }

    /// Another video: the viewers on the old one go.
    pub fn clear(&mut self) {
        self.mounted.clear();
    }

    /// Shows the draft again after `ms` (a change debounced), if the pane is open.
    pub fn refresh_after(&mut self, ms: u32) {
        if self.open {
            let send = self.send.clone();
            self.timer = Some(Timeout::new(ms, move || send.emit(PreviewMsg::Refresh)));
        }
    }

    /// Whether any of the draft's products has a deal (the deal states are offered then).
    pub fn has_deals(draft: &Draft, catalog: &Catalog) -> bool {
        draft
            .products
            .iter()
            .any(|p| catalog.product(&p.id).is_some_and(|c| !c.deals.is_empty()))
    }

    pub fn update(
        &mut self,
        msg: PreviewMsg,
        draft: &Draft,
        catalog: &Catalog,
        video: &VideoPane,
    ) -> bool {
        match msg {
            PreviewMsg::Toggle => {
                self.open = !self.open;
                if self.open {
                    self.refresh_after(0);
                } else {
                    self.mounted.clear();
                }
                true
            }
            PreviewMsg::Deal(d) => {
                self.deal = d;
                self.show(draft, catalog, video);
                true
            }
            PreviewMsg::Play => {
                for v in self
                    .videos
                    .iter()
                    .filter_map(NodeRef::cast::<HtmlVideoElement>)
                {
                    video::toggle(&v);
                }
                false
            }
            PreviewMsg::Refresh => {
                self.timer = None;
                self.show(draft, catalog, video);
                let at = video.time + 0.5 / video.fps;
                for v in self
                    .videos
                    .iter()
                    .filter_map(NodeRef::cast::<HtmlVideoElement>)
                {
                    v.set_current_time(at);
                }
                true
            }
        }
    }

    /// Mounts the viewer on every player with the draft as it is now.
    fn show(&mut self, draft: &Draft, catalog: &Catalog, video: &VideoPane) {
        self.mounted.clear();
        let Some(src) = video.src().filter(|_| self.open) else {
            return;
        };
        let manifest = draft.to_json();
        let deals: Vec<overlay::Deal> = draft
            .products
            .iter()
            .filter_map(|p| catalog.product(&p.id))
            .flat_map(|p| p.deals.clone())
            .collect();
        let at = self.deal.server_time(&deals);
        let bridge = match &self.bridge {
            Some(f) => f
                .call1(&JsValue::NULL, &at.map_or(JsValue::NULL, JsValue::from_f64))
                .unwrap_or(JsValue::UNDEFINED),
            None => JsValue::UNDEFINED,
        };
        self.error = None;
        for (r, player) in self.videos.iter().zip(PLAYERS.iter()) {
            let Some(v) = r.cast::<HtmlVideoElement>() else {
                continue;
            };
            if v.src() != src && v.get_attribute("src").as_deref() != Some(src) {
                v.set_src(src);
            }
            let locale = crate::components::preview_matrix::locale(player.2);
            match preview::mount(&self.mount, &v, &manifest, &bridge, locale) {
                Ok(m) => self.mounted.push(m),
                Err(e) => {
                    self.error = Some(words::f("preview.refused", &[("why", &e.to_string())]))
                }
            }
        }
    }
}
