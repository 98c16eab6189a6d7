//! Route handlers, grouped as Frontegg groups them.

pub mod demo;
pub mod identity;
pub mod tokens;
