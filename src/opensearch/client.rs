//! A small blocking HTTP client of OpenSearch's REST API (ureq): JSON in,
//! JSON out, every failure an [`Error::Remote`] naming the URL. Knows no
//! policy-search documents or queries.

use std::time::Duration;

use serde_json::Value;

use crate::error::{Error, Result};

/// Largest response body read (a page of 1,000 passages with their text and
/// the facet aggregations stays far below).
const MAX_RESPONSE_BYTES: u64 = 512 * 1024 * 1024;

/// An answer of the cluster: its HTTP status and its JSON body.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The cluster's own reason for a failed request (`error.reason`), or the body.
    pub fn reason(&self) -> String {
        let error = &self.body["error"];
        let reason = error["reason"]
            .as_str()
            .or_else(|| error["root_cause"][0]["reason"].as_str())
            .or_else(|| error.as_str());
        match reason {
            Some(reason) => format!("HTTP {}: {reason}", self.status),
            None => format!("HTTP {}: {}", self.status, truncate(&self.body.to_string())),
        }
    }
}

/// A connection to one OpenSearch node (or a load balancer in front of a cluster).
#[derive(Clone)]
pub struct Client {
    /// `http://host:port`, without a trailing slash.
    base: String,
    agent: ureq::Agent,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("base", &self.base).finish()
    }
}

impl Client {
    /// A client of the node at `base` (`http://host:port`); connects lazily.
    pub fn new(base: &str) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(5)))
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .new_agent();
        Client {
            base: base.trim_end_matches('/').to_string(),
            agent,
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// An error about `path` on this cluster.
    pub fn error(&self, path: &str, reason: impl Into<String>) -> Error {
        Error::Remote {
            url: self.url(path),
            reason: reason.into(),
        }
    }

    /// Sends a request; any HTTP status is a [`Reply`], only a failure to
    /// talk to the node (refused, timed out, not JSON) is an error.
    pub fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Reply> {
        let body = body.map(Value::to_string);
        self.send_raw(method, path, body.as_deref(), "application/json")
    }

    /// [`Client::send`] with a body given as text of `content_type` (NDJSON for `_bulk`).
    pub fn send_raw(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        content_type: &str,
    ) -> Result<Reply> {
        let url = self.url(path);
        let sent = match (method, body) {
            ("GET", None) => self.agent.get(&url).call(),
            ("DELETE", None) => self.agent.delete(&url).call(),
            ("HEAD", None) => self.agent.head(&url).call(),
            ("POST", body) => self
                .agent
                .post(&url)
                .content_type(content_type)
                .send(body.unwrap_or("")),
            ("PUT", body) => self
                .agent
                .put(&url)
                .content_type(content_type)
                .send(body.unwrap_or("")),
            _ => {
                return Err(self.error(path, format!("unsupported request {method} with a body")));
            }
        };
        let mut response = sent.map_err(|e| self.error(path, describe(&e)))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_string()
            .map_err(|e| self.error(path, format!("cannot read the answer: {e}")))?;
        let body = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).map_err(|e| {
                self.error(
                    path,
                    format!(
                        "HTTP {status}, answer is not JSON ({e}): {}",
                        truncate(&text)
                    ),
                )
            })?
        };
        Ok(Reply { status, body })
    }

    /// Sends a request that must succeed; its JSON answer.
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let reply = self.send(method, path, body)?;
        if !reply.ok() {
            return Err(self.error(path, reply.reason()));
        }
        Ok(reply.body)
    }
}

/// What went wrong talking to a node, in words a user can act on.
fn describe(error: &ureq::Error) -> String {
    let refused = match error {
        ureq::Error::Io(io) => io.kind() == std::io::ErrorKind::ConnectionRefused,
        other => other
            .to_string()
            .to_lowercase()
            .contains("connection refused"),
    };
    match error {
        _ if refused => "connection refused: is the OpenSearch cluster running?".into(),
        ureq::Error::Timeout(_) => "no answer in time: is the OpenSearch cluster running?".into(),
        ureq::Error::HostNotFound => "host not found".into(),
        other => format!("cannot reach the cluster: {other}"),
    }
}

fn truncate(text: &str) -> String {
    const MAX: usize = 300;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_port_is_an_error_naming_the_url() {
        // bind then drop: a port on loopback that nothing listens on
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let client = Client::new(&format!("http://127.0.0.1:{port}"));
        let error = client.call("GET", "/_cluster/health", None).unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with(&format!("http://127.0.0.1:{port}/_cluster/health: ")),
            "{message}"
        );
        assert!(message.contains("connection refused"), "{message}");
        assert!(matches!(error, Error::Remote { .. }));
    }
}
