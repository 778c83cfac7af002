//! Pure functions of article text: provinces, speakers and quotes.
//! Nothing here does I/O or knows about the index.

pub mod province;
pub mod quote;
pub mod speaker;
