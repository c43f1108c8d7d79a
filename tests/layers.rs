//! The import drawing of `src/`: data flows one way (file → data → view → app → ui → runner →
//! cli), so every `crate::…` reference in production code (tests excluded) points to a lower
//! layer, no two top-level modules import each other, and no files import each other in a
//! circle (a module's file may use its children; nothing below may use it back).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module and its layer; a module may use only modules of lower layers.
const LAYERS: &[(&str, u8)] = &[
    ("fsio", 0),
    ("generate", 0),
    ("data", 1),
    ("term", 1),
    ("watch", 1),
    ("editor", 2),
    ("load", 2),
    ("import", 2),
    ("view", 2),
    ("export", 3),
    ("app", 4),
    ("keymap", 5),
    ("ui", 6),
    ("runner", 7),
    ("config", 7),
    ("cli", 8),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// Production code of a file: everything before its `#[cfg(test)]` module.
fn production(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

/// The top-level modules `text` refers to through `crate::`.
fn uses(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a, b::c}`: every first segment inside the braces at depth 0.
            let mut depth = 0;
            let mut item = String::new();
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.insert(first_segment(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(ch);
            }
            found.insert(first_segment(&item));
        } else {
            found.insert(first_segment(rest));
        }
    }
    found.retain(|m| !m.is_empty());
    found
}

fn first_segment(s: &str) -> String {
    s.trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let p = entry.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_import_points_to_a_lower_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut wrong = Vec::new();
    for path in &all {
        let rel = path.strip_prefix(&src).expect("under src");
        let top = rel
            .components()
            .next()
            .expect("a component")
            .as_os_str()
            .to_string_lossy();
        let top = top.trim_end_matches(".rs").to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let Some(from) = layer(&top) else {
            wrong.push(format!(
                "{}: module `{top}` has no layer in tests/layers.rs",
                rel.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(path).expect("read file");
        for used in uses(production(&text)) {
            if used == top {
                continue;
            }
            match layer(&used) {
                Some(to) if to < from => {}
                Some(to) => wrong.push(format!(
                    "{}: `{top}` (layer {from}) uses `{used}` (layer {to})",
                    rel.display()
                )),
                None => wrong.push(format!("{}: uses `crate::{used}`, which has no layer", rel.display())),
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layering:\n{}", wrong.join("\n"));
}

#[test]
fn the_scanner_sees_grouped_and_nested_imports() {
    let text = "use crate::{app::Action, view::{Query, cols}};\nlet x = crate::data::load();";
    let got: Vec<String> = uses(text).into_iter().collect();
    assert_eq!(got, ["app", "data", "view"]);
}

/// Every module file of `src/` by module path (`data::overlay`), with its production text.
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut out = BTreeMap::new();
    for path in all {
        let rel = path
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        let rel = rel.trim_end_matches(".rs");
        let module = rel.trim_end_matches("/mod").replace('/', "::");
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        out.insert(module, production(&text).to_string());
    }
    out
}

/// The deepest module file `path` (`data::overlay::merge`) names.
fn resolve<'a>(mods: &'a BTreeMap<String, String>, path: &str) -> Option<&'a str> {
    let segs: Vec<&str> = path.split("::").collect();
    (1..=segs.len())
        .rev()
        .find_map(|n| mods.get_key_value(&segs[..n].join("::")).map(|(k, _)| k.as_str()))
}

/// The paths a text names after `prefix` (`crate::`, `super::`), braces expanded one level.
fn paths_after(text: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(prefix) {
        // Not the tail of a longer word (`super::super::` is read from its first `super::`).
        let before = rest[..i].chars().last();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let head: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let head = head.trim_end_matches(':').to_string();
        if rest[head.len()..].trim_start_matches(':').starts_with('{') {
            let inner = rest[head.len()..].trim_start_matches(':');
            let end = inner.find('}').unwrap_or(inner.len());
            for item in inner[1..end].split(',') {
                let item: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let item = item.trim_end_matches(':');
                if !item.is_empty() {
                    out.push(if head.is_empty() {
                        item.to_string()
                    } else {
                        format!("{head}::{item}")
                    });
                }
            }
        } else if !head.is_empty() {
            out.push(head);
        }
    }
    out
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let mods = modules();
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (module, text) in &mods {
        // `super::` of `a::b` (a file) is `a`; of `a::b` (a `mod.rs`) it is `a` too, as the
        // module path already drops `mod`.
        let parent = module.rsplit_once("::").map(|(p, _)| p.to_string());
        let mut named: Vec<String> = paths_after(text, "crate::");
        if let Some(p) = &parent {
            named.extend(paths_after(text, "super::").into_iter().map(|x| format!("{p}::{x}")));
        }
        for path in named {
            if let Some(to) = resolve(&mods, &path)
                && to != module
                // A module may use its own parent's items: that is `mod.rs` and its children,
                // one unit.
                && parent.as_deref() != Some(to)
            {
                edges.entry(module.as_str()).or_default().insert(to);
            }
        }
    }
    // A circle: a module that reaches itself.
    let mut circles = Vec::new();
    for start in mods.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&str> = edges.get(start.as_str()).into_iter().flatten().copied().collect();
        while let Some(m) = stack.pop() {
            if m == start {
                circles.push(start.clone());
                break;
            }
            if seen.insert(m) {
                stack.extend(edges.get(m).into_iter().flatten().copied());
            }
        }
    }
    assert!(
        circles.is_empty(),
        "files in an import circle: {circles:?}\nedges: {edges:#?}"
    );
    // The scan itself sees what it must.
    assert!(edges.get("data::overlay").is_some_and(|e| e.contains("data::dataset")));
    assert!(edges.get("app::update").is_some_and(|e| e.contains("app::group")));
}
