//! Pure functions of article text: provinces, speakers and quotes, and the
//! NPC roster speakers are linked to.
//! Nothing here does I/O or knows about the index.

pub mod province;
pub mod quote;
pub mod roster;
pub mod speaker;
