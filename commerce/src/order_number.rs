//! Order numbers people read, say and type: eight characters from an alphabet without look-alikes
//! (no 0/O, 1/I/L, U/V), in two groups — `7KQ2-M9XD`. Random, so they tell nobody how many orders
//! a shop takes; 29⁸ ≈ 5 × 10¹¹ of them, unique by the database's index. The order's id stays
//! the one the API is asked with.

use rusqlite::{Connection, OptionalExtension};

use crate::error::ApiError;

const ALPHABET: &[u8; 29] = b"23456789ABCDEFGHJKMNPQRSTWXYZ";

/// A number no order has yet.
pub fn fresh(conn: &Connection) -> Result<String, ApiError> {
    for _ in 0..8 {
        let mut bytes = [0u8; 8];
        getrandom::getrandom(&mut bytes).map_err(|e| ApiError::Internal(e.to_string()))?;
        let number = format_number(bytes);
        let taken = conn
            .query_row("SELECT 1 FROM orders WHERE number = ?1", [&number], |_| {
                Ok(())
            })
            .optional()?
            .is_some();
        if !taken {
            return Ok(number);
        }
    }
    Err(ApiError::Internal(
        "no free order number after 8 tries".into(),
    ))
}

/// `bytes` as a number: each byte picks a character (its remainder by the alphabet's size).
fn format_number(bytes: [u8; 8]) -> String {
    let mut s = String::with_capacity(9);
    for (i, b) in bytes.iter().enumerate() {
        if i == 4 {
            s.push('-');
        }
        s.push(char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_two_groups_of_four_without_look_alikes() {
        let n = format_number([0, 1, 30, 31, 255, 128, 7, 64]);
        assert_eq!(n.len(), 9);
        assert_eq!(&n[4..5], "-");
        for c in n.chars().filter(|c| *c != '-') {
            assert!(!"01OILUV".contains(c), "{c} in {n}");
            assert!(c.is_ascii_uppercase() || c.is_ascii_digit());
        }
        assert_eq!(format_number([0; 8]), "2222-2222");
    }
}
