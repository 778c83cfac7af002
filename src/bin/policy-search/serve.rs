//! `policy-search serve`: the HTTP JSON API and the search page.

use policy_search::query::Engine;

/// Serves `engine` on `addr` until interrupted.
pub fn run(_engine: Engine, addr: &str) -> anyhow::Result<()> {
    anyhow::bail!("serve on {addr}: the HTTP server is being built")
}
