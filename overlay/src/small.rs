//! Small stand-ins for std's sort and float parsing, for the viewer's first load: std's
//! pattern-defeating and driftsort bring ~20 KiB of Wasm (per element type) and `str::parse::
//! <f64>` ~6 KiB, where a heapsort and a plain decimal reader do what the engine needs.

/// Sorts `v` by `less` (not stable), in O(n log n) time and no extra memory.
pub fn sort_by<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let n = v.len();
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_std(mut v in proptest::collection::vec(any::<i32>(), 0..300)) {
            let mut want = v.clone();
            want.sort_unstable();
            sort_by(&mut v, |a, b| a < b);
            prop_assert_eq!(v, want);
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
