//! Which links from untrusted product data may be rendered: https anywhere, or a path on the
//! page's own origin. Everything else (`javascript:`, `data:`, plain http, protocol-relative
//! `//host`, backslash tricks, control characters) is refused.

/// The href to render for `url`, or `None` when it must not be a link. `page_origin` is the
/// page's own origin (`https://shop.example`, or `http://127.0.0.1:8080` in development).
pub fn safe_href(url: &str, page_origin: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty()
        || url.len() > 2048
        || url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return None;
    }
    if let Some(rest) = strip_prefix_ci(url, "https://") {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let hostname = host.rsplit('@').next().unwrap_or("");
        // No credentials in links, and a host to go to.
        if host.contains('@') || hostname.is_empty() || hostname.starts_with(':') {
            return None;
        }
        return Some(url.to_string());
    }
    if url.starts_with('/') && !url.starts_with("//") {
        return Some(url.to_string());
    }
    let origin = page_origin.trim_end_matches('/');
    if !origin.is_empty() {
        if let Some(rest) = url.strip_prefix(origin) {
            if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
                return Some(url.to_string());
            }
        }
    }
    None
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::safe_href;

    const ORIGIN: &str = "http://127.0.0.1:8080";

    #[test]
    fn https_and_own_origin_pass() {
        for ok in [
            "https://shop.example/products/p-tote",
            "HTTPS://shop.example",
            "https://shop.example:8443/a?b=c#d",
            "/products/p-tote",
            "http://127.0.0.1:8080/products/p-tote",
            "http://127.0.0.1:8080",
        ] {
            assert_eq!(safe_href(ok, ORIGIN).as_deref(), Some(ok.trim()), "{ok}");
        }
    }

    #[test]
    fn everything_else_is_refused() {
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "http://shop.example/p",
            "//evil.example/p",
            "/\\evil.example",
            "https:evil.example",
            "https://",
            "https://user:pass@evil.example/",
            "https://:443/",
            "products/p-tote",
            "http://127.0.0.1:80800/evil",
            "http://127.0.0.1:8080.evil.example/",
            "https://shop.example/\u{0}x",
            "",
        ] {
            assert_eq!(safe_href(bad, ORIGIN), None, "{bad:?}");
        }
    }
}
