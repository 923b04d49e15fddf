//! Passwords, the fallback a team can run offline: Argon2id with its recommended parameters
//! (19 MiB, 2 passes), a random salt each, stored as the PHC string that names both.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::ApiError;

/// Shortest password accepted (NIST SP 800-63B: at least 8; no composition rules).
pub const MIN_CHARS: usize = 12;
/// Longest: hashing is work, and nobody types more.
pub const MAX_CHARS: usize = 256;

/// The PHC string of `password`.
pub fn hash(password: &str) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt)
        .map_err(|e| ApiError::Internal(format!("no randomness from the system: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| ApiError::Internal(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// Whether `password` matches the stored PHC string (false for a malformed one).
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash no password matches, verified against when the handle is unknown, so an unknown
/// handle takes as long to refuse as a wrong password (no account enumeration by timing).
pub fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        crate::auth::secret::new_secret()
            .and_then(|s| hash(&s))
            .unwrap_or_default()
    })
}

/// A password is 12 to 256 characters.
pub fn check_new(password: &str) -> Result<(), ApiError> {
    let n = password.chars().count();
    if !(MIN_CHARS..=MAX_CHARS).contains(&n) {
        return Err(ApiError::invalid(
            "password",
            format!("must be {MIN_CHARS} to {MAX_CHARS} characters"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let Ok(h) = hash("correct horse battery") else {
            panic!("hash");
        };
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterz", &h));
        assert!(!verify("anything", "not a hash"));
        assert!(decoy().starts_with("$argon2id$"));
        assert!(!verify("anything", decoy()));
        let Ok(again) = hash("correct horse battery") else {
            panic!("hash");
        };
        assert_ne!(h, again, "each hash has its own salt");
    }
}
