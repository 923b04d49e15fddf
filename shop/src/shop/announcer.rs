//! What the shop's polite live region says: the last sentence, and a pinned product waiting for
//! its title before it is announced (a pin arrives before its product's data). Pure; the shop
//! renders the sentence a turn later, so a frame that changes the visible tags renders nothing.

#[derive(Default)]
pub struct Announcer {
    text: String,
    /// A pinned product to announce once its data arrives.
    pub pin: Option<String>,
}

impl Announcer {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn say(&mut self, text: String) {
        self.text = text;
    }

    /// The waiting pin, once `known` says its product's data is here.
    pub fn pin_ready(&mut self, known: impl Fn(&str) -> bool) -> Option<String> {
        self.pin.take_if(|p| known(p))
    }

    /// Which names to say for tags that came into view: each once, in order.
    pub fn in_view(names: Vec<String>) -> Vec<String> {
        let mut seen = Vec::new();
        for n in names {
            if !seen.contains(&n) {
                seen.push(n);
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_waits_for_its_product() {
        let mut a = Announcer {
            pin: Some("p1".into()),
            ..Announcer::default()
        };
        assert_eq!(a.pin_ready(|_| false), None);
        assert_eq!(a.pin_ready(|p| p == "p1").as_deref(), Some("p1"));
        assert_eq!(a.pin_ready(|_| true), None, "said once");
    }

    #[test]
    fn names_in_view_are_said_once_each() {
        let names = ["Tote", "Cap", "Tote"].map(String::from).to_vec();
        assert_eq!(Announcer::in_view(names), ["Tote", "Cap"]);
    }
}
