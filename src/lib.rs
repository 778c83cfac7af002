//! policy-search
pub mod decode;
pub mod error;
pub mod extract;
pub mod model;
pub mod segment;
pub mod vocab;
pub mod source;

pub use error::{Error, Result};
