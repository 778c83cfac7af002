//! `GET /api/openapi.json`: the API described in OpenAPI 3.0.
//!
//! The description is a hand-maintained file next to this one, compiled into
//! the binary. Its tests keep it honest: the parameters it lists are the ones
//! `params` accepts, and every operation it lists is routed; `.ci/schemathesis.sh`
//! checks the real server's answers against it.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

pub(crate) const DOCUMENT: &str = include_str!("openapi.json");

pub(crate) async fn document() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        DOCUMENT,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::time::Duration;

    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use hyper::service::Service;
    use hyper_util::service::TowerToHyperService;
    use serde_json::Value;

    use policy_search::index::SearchIndex;
    use policy_search::model::Article;
    use policy_search::query::Engine;

    use super::super::host::AllowedHosts;
    use super::super::{params, router, AppState};
    use super::DOCUMENT;

    fn spec() -> Value {
        serde_json::from_str(DOCUMENT).expect("openapi.json is JSON")
    }

    /// The names of the query parameters of `path`, references resolved.
    fn parameter_names(spec: &Value, path: &str) -> BTreeSet<String> {
        let parameters = spec["paths"][path]["get"]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        parameters
            .iter()
            .map(|p| match p["$ref"].as_str() {
                Some(reference) => {
                    let name = reference.rsplit('/').next().expect("a reference");
                    spec["components"]["parameters"][name].clone()
                }
                None => p.clone(),
            })
            .filter(|p| p["in"] == "query")
            .map(|p| p["name"].as_str().expect("a name").to_string())
            .collect()
    }

    fn names(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_description_lists_the_parameters_the_server_accepts() {
        let spec = spec();
        assert_eq!(spec["openapi"], "3.0.3");
        assert_eq!(
            parameter_names(&spec, "/api/search"),
            names(params::SEARCH_PARAMS)
        );
        assert_eq!(
            parameter_names(&spec, "/api/quotes"),
            names(params::QUOTE_PARAMS)
        );
        assert_eq!(
            parameter_names(&spec, "/api/trend"),
            names(params::TREND_PARAMS)
        );
        assert_eq!(
            parameter_names(&spec, "/api/speakers"),
            names(params::SPEAKER_PARAMS)
        );
        for path in ["/api/stats", "/api/articles/{id}", "/api/openapi.json"] {
            assert!(parameter_names(&spec, path).is_empty(), "{path}");
        }
    }

    /// An engine over one real article (the seed's 湖北 section).
    fn engine() -> Engine {
        let index = SearchIndex::in_ram().expect("RAM index");
        let article = Article {
            id: "seed".into(),
            title: "新质生产力 跃动看中国".into(),
            body: "【湖北】\n全国人大代表、华工科技董事长马新强表示，要持续打造新质生产力。".into(),
            date: Some("2024-03-05".into()),
            source: "seed.txt".into(),
            line: None,
            url: None,
            province: None,
        };
        let annotated = policy_search::annotate::annotate(&article);
        let mut writer = index.writer(1, 20_000_000).expect("writer");
        writer.add_article(&article, 1, &annotated).expect("add");
        writer.commit().expect("commit");
        Engine::new(index).expect("engine")
    }

    #[tokio::test]
    async fn every_operation_described_is_routed() {
        let state = AppState::new(std::sync::Arc::new(engine()), Duration::from_secs(10));
        let app = TowerToHyperService::new(router(state, AllowedHosts::default()));
        let spec = spec();
        let paths = spec["paths"].as_object().expect("paths");
        // every /api route of the router, and no other
        let routes = include_str!("../serve.rs")
            .lines()
            .filter_map(|line| line.trim().strip_prefix(".route(\""))
            .filter_map(|rest| rest.split('"').next())
            .filter(|route| route.starts_with("/api/"))
            .collect::<BTreeSet<_>>();
        assert_eq!(
            paths.keys().map(String::as_str).collect::<BTreeSet<_>>(),
            routes
        );
        for path in paths.keys() {
            let target = match path.as_str() {
                // q=新质
                "/api/search" => "/api/search?q=%E6%96%B0%E8%B4%A8".to_string(),
                "/api/trend" => "/api/trend?q=%E6%96%B0%E8%B4%A8".to_string(),
                other => other.replace("{id}", "seed"),
            };
            let request = Request::get(target.as_str())
                .header("host", "127.0.0.1:7878")
                .body(Body::empty())
                .expect("request");
            let response = app.call(request).await.expect("infallible");
            assert_eq!(response.status(), StatusCode::OK, "{target}");
        }
    }
}
