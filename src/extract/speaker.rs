//! Speakers: names, roles and title chains.
