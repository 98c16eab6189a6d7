//! The backend's cryptography, below everything else: token secrets and their keyed hashes,
//! signed JWTs, password hashes. No HTTP, no database.

pub mod jwt;
pub mod password;
pub mod secrets;
