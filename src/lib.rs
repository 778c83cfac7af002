//! policy-search
pub mod decode;
pub mod error;
pub mod extract;
pub mod highlight;
pub mod index;
pub mod ingest;
pub mod normalize;
pub mod query;
pub mod render;
pub mod split;
pub mod model;
pub mod segment;
pub mod vocab;
pub mod source;

pub use error::{Error, Result};
