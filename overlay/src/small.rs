//! Small stand-ins for std's sort, float parsing, ordered map and `join`, for the viewer's first
//! load: std's pattern-defeating and driftsort bring ~20 KiB of Wasm (per element type),
//! `str::parse::<f64>` ~6 KiB, a `BTreeMap<String, _>` a few more and `[&str]::join` about
//! one, where a heapsort, a plain decimal reader, a small hash index and a loop do what the
//! engine needs.

/// `parts` with `sep` between them (`[&str]::join`, without its generic copy loop).
pub fn join(parts: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}

/// Sorts `v` by `less` (not stable), in O(n log n) time and no extra memory.
pub fn sort_by<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let n = v.len();
    if n <= 32 {
        // Short runs (an active set): insertion sort.
        for i in 1..n {
            let mut j = i;
            while j > 0 && less(&v[j], &v[j - 1]) {
                v.swap(j, j - 1);
                j -= 1;
            }
        }
        return;
    }
    // Build a max-heap, then move the largest to the end, one at a time.
    for start in (0..n / 2).rev() {
        sift_down(v, start, n, &less);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, &less);
    }
}

fn sift_down<T>(v: &mut [T], mut root: usize, end: usize, less: &impl Fn(&T, &T) -> bool) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[root], &v[child]) {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

/// Reads a decimal number (`-12`, `0.5`, `.25`, `1e-3`, `+3.`) as CSS and JSON write them;
/// anything else, or a number that is not finite, is `None`. Exact to the last few bits,
/// which is all a pixel or a percentage needs.
pub fn decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = match b.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let (mut mantissa, mut exp, mut digits) = (0u64, 0i32, 0usize);
    let mut take = |d: u8, fraction: bool, exp: &mut i32| {
        if mantissa < 100_000_000_000_000_000 {
            mantissa = mantissa * 10 + u64::from(d - b'0');
            if fraction {
                *exp -= 1;
            }
        } else if !fraction {
            // Past 17 significant digits only the magnitude still counts.
            *exp += 1;
        }
    };
    while let Some(&d @ b'0'..=b'9') = b.get(i) {
        take(d, false, &mut exp);
        i += 1;
        digits += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while let Some(&d @ b'0'..=b'9') = b.get(i) {
            take(d, true, &mut exp);
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = match b.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let (mut e, mut any) = (0i32, false);
        while let Some(&d @ b'0'..=b'9') = b.get(i) {
            e = e.saturating_mul(10).saturating_add(i32::from(d - b'0'));
            i += 1;
            any = true;
        }
        if !any {
            return None;
        }
        exp = exp.saturating_add(sign * e);
    }
    if i != b.len() {
        return None;
    }
    // Dividing by an exact power of ten rounds once; multiplying by 10^-k would round twice.
    let m = mantissa as f64;
    let v = if exp < 0 {
        m / 10f64.powi(-exp)
    } else {
        m * 10f64.powi(exp)
    };
    let v = if negative { -v } else { v };
    v.is_finite().then_some(v)
}

/// Ids to the index where each was first seen: an open-addressing hash table (FNV-1a).
#[derive(Debug, Default)]
pub struct StrIndex {
    /// 0 for an empty slot, else the entry's position + 1.
    slots: Vec<u32>,
    entries: Vec<(String, usize)>,
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl StrIndex {
    pub fn new() -> StrIndex {
        StrIndex::default()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut i = fnv(key) as usize & mask;
        loop {
            match self.slots[i] {
                0 => return Err(i),
                e => {
                    if self.entries[e as usize - 1].0 == key {
                        return Ok(e as usize - 1);
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    pub fn get(&self, key: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        self.find(key).ok().map(|e| self.entries[e].1)
    }

    /// Records `key` → `value` unless `key` is there already; then answers the value it has.
    pub fn insert(&mut self, key: String, value: usize) -> Option<usize> {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            let n = (self.slots.len() * 2).max(16);
            self.slots = vec![0; n];
            for e in 0..self.entries.len() {
                if let Err(slot) = self.find(&self.entries[e].0) {
                    self.slots[slot] = e as u32 + 1;
                }
            }
        }
        match self.find(&key) {
            Ok(e) => Some(self.entries[e].1),
            Err(slot) => {
                self.entries.push((key, value));
                self.slots[slot] = self.entries.len() as u32;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn join_is_std_join() {
        for parts in [&[][..], &["a"][..], &["ready", "error", "order"][..]] {
            assert_eq!(join(parts, ", "), parts.join(", "));
        }
    }

    proptest! {
        #[test]
        fn sorts_like_std(mut v in proptest::collection::vec(any::<i32>(), 0..300)) {
            let mut want = v.clone();
            want.sort_unstable();
            sort_by(&mut v, |a, b| a < b);
            prop_assert_eq!(v, want);
        }

        #[test]
        fn indexes_like_a_btreemap(keys in proptest::collection::vec("[a-c]{0,3}", 0..200)) {
            let mut want = std::collections::BTreeMap::new();
            let mut got = StrIndex::new();
            for (i, k) in keys.iter().enumerate() {
                let first = want.get(k).copied();
                if first.is_none() {
                    want.insert(k.clone(), i);
                }
                prop_assert_eq!(got.insert(k.clone(), i), first);
            }
            for k in keys.iter().chain(["zz".to_string()].iter()) {
                prop_assert_eq!(got.get(k), want.get(k).copied());
            }
        }

        #[test]
        fn reads_what_std_reads(x in -1e9f64..1e9, places in 0usize..7) {
            let text = format!("{x:.places$}");
            let want: f64 = text.parse().unwrap_or(f64::NAN);
            let got = decimal(&text).unwrap_or(f64::NAN);
            prop_assert!((got - want).abs() <= want.abs() * 1e-15, "{} → {} vs {}", text, got, want);
        }
    }

    #[test]
    fn decimal_forms() {
        for (s, v) in [
            ("0", 0.0),
            ("-12", -12.0),
            (".25", 0.25),
            ("3.", 3.0),
            ("+1.5", 1.5),
            ("1e-3", 0.001),
            ("2.5E2", 250.0),
            ("50", 50.0),
        ] {
            assert_eq!(decimal(s), Some(v), "{s}");
        }
        for s in [
            "", "-", ".", "1e", "1x", "px", "1.2.3", "--1", "1e+", "inf", "NaN", "1e400",
        ] {
            assert_eq!(decimal(s), None, "{s}");
        }
    }
}
