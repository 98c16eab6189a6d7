//! Route handlers, grouped as Frontegg groups them, and the server's own.

pub mod demo;
pub mod health;
pub mod identity;
pub mod tokens;
