//! The library's layers point one way: a module uses only modules of its own
//! layer or below (the order is the one `docs/ARCHITECTURE.md` states). This
//! test reads every `crate::…` path in `src/` (outside comments) and fails on
//! an arrow that points up, naming the file and line.

use std::path::{Path, PathBuf};

/// Lowest first. A module may use modules of its own rank or lower.
const LAYERS: &[&[&str]] = &[
    &["error", "model", "cancel"],
    &["text", "normalize", "highlight", "vocab", "segment"],
    &["source"],
    &["decode"],
    &["split"],
    &["extract"],
    &["dedup"],
    &["annotate"],
    &["index"],
    &["query"],
    &["ingest"],
    &["render"],
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("readable src entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/index/recall/mod.rs` → `index`).
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("file under src");
    let first = relative
        .components()
        .next()
        .expect("a path component")
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn no_module_uses_a_module_of_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut violations = Vec::new();
    let mut checked = 0;
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" || module == "bin" {
            continue;
        }
        let own = rank(&module).unwrap_or_else(|| {
            panic!(
                "{}: module `{module}` has no layer in LAYERS",
                file.display()
            )
        });
        let text = std::fs::read_to_string(file).expect("readable source");
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let mut rest = code;
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + "crate::".len()..];
                let target: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let targets: Vec<String> = if target.is_empty() && rest.starts_with('{') {
                    // use crate::{a, b::c};
                    let group = rest[1..].split('}').next().unwrap_or("");
                    group
                        .split(',')
                        .map(|p| p.trim().split("::").next().unwrap_or("").to_string())
                        .filter(|p| !p.is_empty())
                        .collect()
                } else {
                    vec![target]
                };
                for target in targets {
                    checked += 1;
                    if target == module {
                        continue;
                    }
                    match rank(&target) {
                        Some(r) if r <= own => {}
                        Some(_) => violations.push(format!(
                            "{}:{}: `{module}` uses `{target}`, a higher layer",
                            file.display(),
                            number + 1
                        )),
                        None if target == "Error" || target == "Result" => {}
                        None => violations.push(format!(
                            "{}:{}: `crate::{target}` is not a module with a layer",
                            file.display(),
                            number + 1
                        )),
                    }
                }
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} crate paths found: is src/ there?"
    );
    assert!(
        violations.is_empty(),
        "arrows that point up:\n{}",
        violations.join("\n")
    );
}
