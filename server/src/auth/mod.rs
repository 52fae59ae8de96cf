//! Authentication: password hashing now; sessions and login come next.

pub mod password;
