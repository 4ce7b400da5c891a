//! Password hashing with argon2id (password-auth's parameters: OWASP's
//! recommended minimums). Hashing takes tens of milliseconds of CPU on
//! purpose: async callers run these functions on a blocking thread.

pub fn hash(password: &str) -> String {
    password_auth::generate_hash(password)
}

/// Checks a password against a stored hash in constant time.
pub fn verify(password: &str, hash: &str) -> bool {
    password_auth::verify_password(password, hash).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("cheval agrafe batterie");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("cheval agrafe batterie", &h));
        assert!(!verify("cheval agrafe batterie!", &h));
        assert_ne!(h, hash("cheval agrafe batterie"), "salted");
    }
}
