//! Pure logic of the tab: no web-sys, no I/O. Unit-tested natively with `cargo test`.

pub mod token_type;

pub use token_type::TokenType;
