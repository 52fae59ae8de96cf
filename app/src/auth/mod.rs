//! Who is asking and what they may do (server side only): sessions, request identity, password
//! hashing and sign-in throttling. The changes people make to accounts and tokens are use cases,
//! in `actions`.

pub mod password;
pub mod request;
pub mod session;
pub mod sign_in;

/// `bytes` random bytes as lowercase hex, from the operating system's generator.
pub fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}
