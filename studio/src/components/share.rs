//! After publishing: where viewers see the video (a link to the viewer page) and the code a
//! web team pastes into its own page to show it there (the `<shoppable-overlay>` element beside
//! the video, shopping through the REST bridge), with a button that copies it.

use authoring::words;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The published video's id.
    pub video_id: String,
    /// The site's origin (`https://shop.example`).
    pub origin: String,
    /// The video's address for the snippet; none for a local file (the snippet then says
    /// where the brand's own address goes).
    pub video_src: Option<String>,
}

/// The embed code for `video_id` on `origin`.
pub fn snippet(origin: &str, video_id: &str, video_src: Option<&str>) -> String {
    let el = format!("shoppable-{}", slug(video_id));
    let src = video_src
        .unwrap_or("https://your-site.example/your-video.mp4")
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!(
        "<video id=\"{el}\" src=\"{src}\" controls playsinline></video>\n\
         <shoppable-overlay for=\"{el}\" src=\"{origin}/api/videos/{id}/manifest\"></shoppable-overlay>\n\
         <script type=\"module\">\n  \
           import \"{origin}/shoppable-overlay.js\";\n  \
           import {{ restBridge }} from \"{origin}/bridge/rest.js\";\n  \
           document.querySelector('shoppable-overlay[for=\"{el}\"]').bridge = restBridge({{ base: \"{origin}\" }});\n\
         </script>",
        id = urlencode(video_id),
    )
}

/// An id fit for an element id: letters, digits, `-` and `_`.
fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// A path segment: everything but unreserved characters percent-encoded.
fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[function_component(Share)]
pub fn share(p: &Props) -> Html {
    let said = use_state(String::new);
    let area = use_node_ref();
    let code = snippet(&p.origin, &p.video_id, p.video_src.as_deref());
    let viewer = format!("{}/?video={}", p.origin, urlencode(&p.video_id));
    let copy = {
        let (said, area, code) = (said.clone(), area.clone(), code.clone());
        Callback::from(move |_: MouseEvent| {
            let (said, area, code) = (said.clone(), area.clone(), code.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let copied = match clipboard_write(&code) {
                    Some(promise) => JsFuture::from(promise).await.is_ok(),
                    None => false,
                };
                if copied {
                    said.set(words::t("share.copied").into());
                } else {
                    // No clipboard here (an insecure page, a refusal): the code is selected
                    // for the person to copy.
                    if let Some(t) = area.cast::<web_sys::HtmlTextAreaElement>() {
                        t.select();
                    }
                    said.set(words::t("share.selected").into());
                }
            });
        })
    };
    html! {
        <section class="st-share" aria-labelledby="st-share-title">
            <h2 id="st-share-title">{ words::t("share.title") }</h2>
            <p>
                <a class="st-btn" href={viewer.clone()} target="_blank" rel="noopener">{ words::t("share.open") }</a>
                { " " }<code class="st-share-link">{ viewer }</code>
            </p>
            <label class="st-field">
                <span>{ words::t("share.embed") }</span>
                <textarea ref={area} class="st-share-code" readonly=true rows="7" spellcheck="false"
                          value={code} />
            </label>
            <p>
                <button type="button" class="st-btn" onclick={copy}>{ words::t("share.copy") }</button>
                { " " }<span role="status">{ (*said).clone() }</span>
            </p>
        </section>
    }
}

/// `navigator.clipboard.writeText(text)`, where the page has a clipboard.
fn clipboard_write(text: &str) -> Option<js_sys::Promise> {
    let navigator = web_sys::window()?.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    write
        .call1(&clipboard, &text.into())
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_names_the_video_its_manifest_and_the_bridge() {
        let s = snippet(
            "https://shop.example",
            "spring haul/1",
            Some("https://cdn.example/a.mp4"),
        );
        assert!(
            s.contains("<video id=\"shoppable-spring-haul-1\" src=\"https://cdn.example/a.mp4\"")
        );
        assert!(s.contains("src=\"https://shop.example/api/videos/spring%20haul%2F1/manifest\""));
        assert!(s.contains("restBridge({ base: \"https://shop.example\" })"));
        assert!(snippet("https://o", "v", None).contains("your-video.mp4"));
    }
}
