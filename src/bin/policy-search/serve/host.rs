//! Which Host names the server answers: a defence against DNS rebinding.
//!
//! A page on `evil.example` can make its own name resolve to 127.0.0.1 and
//! then read the API from the browser as same-origin; its requests still
//! carry `Host: evil.example`. So only these are served: IP literals (a
//! browser sends one only when the page itself was loaded from that
//! address, which no rebinding can fake), `localhost`, and the names given
//! with `--allow-host`. Others get 403.

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// The Host names served besides IP literals and `localhost`.
#[derive(Debug, Clone, Default)]
pub(crate) struct AllowedHosts {
    names: Vec<String>,
}

impl AllowedHosts {
    /// Names as given to `--allow-host` (`search.example.org`, no port).
    pub(crate) fn new(names: &[String]) -> anyhow::Result<AllowedHosts> {
        let mut allowed = Vec::new();
        for name in names {
            let normal = normalize(name);
            if normal.is_empty() || normal.contains(['/', ':', ' ', '@']) {
                anyhow::bail!(
                    "--allow-host takes a host name without scheme or port, not '{name}'"
                );
            }
            allowed.push(normal);
        }
        Ok(AllowedHosts { names: allowed })
    }

    /// Whether a request with this `Host` header value is served.
    pub(crate) fn allows(&self, host_header: &str) -> bool {
        let Some(name) = host_name(host_header) else {
            return false;
        };
        name.parse::<std::net::IpAddr>().is_ok()
            || name == "localhost"
            || self.names.contains(&name)
    }
}

/// The host name of a `Host` value, lowercase, without port and trailing
/// dot; IPv6 literals without their brackets.
fn host_name(value: &str) -> Option<String> {
    let value = value.trim();
    if let Some(rest) = value.strip_prefix('[') {
        let (literal, after) = rest.split_once(']')?;
        if !(after.is_empty() || port(after.strip_prefix(':')?)) {
            return None;
        }
        return Some(literal.to_ascii_lowercase());
    }
    let name = match value.rsplit_once(':') {
        Some((name, tail)) if port(tail) => name,
        Some(_) => return None,
        None => value,
    };
    let name = normalize(name);
    (!name.is_empty()).then_some(name)
}

fn port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

fn normalize(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// The middleware: 400 without a Host, 403 for a name not served.
pub(crate) async fn check(
    State(hosts): State<AllowedHosts>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|value| value.to_str().unwrap_or(""))
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_string()));
    let Some(host) = host else {
        return ApiError::bad_request("missing Host header").into_response();
    };
    if !hosts.allows(&host) {
        let shown: String = host.chars().take(60).collect();
        return ApiError::new(
            StatusCode::FORBIDDEN,
            format!(
                "host '{}' is not served here (start serve with --allow-host NAME to serve a name)",
                shown.escape_default()
            ),
        )
        .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_literals_localhost_and_allowed_names_are_served() {
        let hosts = AllowedHosts::new(&["Search.Example.org.".to_string()]).expect("valid");
        for ok in [
            "127.0.0.1:7878",
            "127.0.0.1",
            "10.1.2.3:80",
            "[::1]:7878",
            "[::1]",
            "localhost:7878",
            "LOCALHOST",
            "search.example.org",
            "search.example.org.:8080",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example:7878",
            "evil.example",
            "127.0.0.1.evil.example",
            "localhost.evil.example:7878",
            "search.example.org.evil.example",
            "127.0.0.1:7878:80",
            "[::1]x",
            "",
            ":7878",
        ] {
            assert!(!hosts.allows(refused), "{refused}");
        }
    }

    #[test]
    fn allow_host_takes_names_only() {
        for bad in ["http://a.example", "a.example:80", "", "a b"] {
            assert!(AllowedHosts::new(&[bad.to_string()]).is_err(), "{bad}");
        }
    }
}
