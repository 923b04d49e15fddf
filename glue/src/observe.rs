//! A `ResizeObserver` and its callback, owned together: dropping the watch disconnects the
//! observer, so nothing calls back into an owner that is gone.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, ResizeObserver, ResizeObserverBoxOptions, ResizeObserverOptions};

pub struct ResizeWatch {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut(JsValue)>,
}

impl ResizeWatch {
    /// Calls `on_resize` whenever one of `targets` changes size (and once when observing
    /// starts, as the browser does).
    pub fn new(
        targets: &[&Element],
        mut on_resize: impl FnMut() + 'static,
    ) -> Result<Self, JsValue> {
        let callback = Closure::<dyn FnMut(JsValue)>::new(move |_entries: JsValue| on_resize());
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref())?;
        for t in targets {
            observer.observe(t);
        }
        Ok(ResizeWatch {
            observer,
            _callback: callback,
        })
    }

    /// Like [`ResizeWatch::new`], but for the targets' border boxes: padding and borders count
    /// (a control's whole box, not only its content). Its own function, not an option of
    /// `new`: the viewer's first load carries only `new`.
    pub fn border_box(
        targets: &[&Element],
        mut on_resize: impl FnMut() + 'static,
    ) -> Result<Self, JsValue> {
        let callback = Closure::<dyn FnMut(JsValue)>::new(move |_entries: JsValue| on_resize());
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref())?;
        let options = ResizeObserverOptions::new();
        options.set_box(ResizeObserverBoxOptions::BorderBox);
        for t in targets {
            observer.observe_with_options(t, &options);
        }
        Ok(ResizeWatch {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for ResizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
