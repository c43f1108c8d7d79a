//! The import drawing of `src/`: data flows one way (file → data → view → app → ui → runner →
//! cli), so every `crate::…` reference in production code (tests excluded) points to a lower
//! layer, and no two top-level modules import each other.

use std::collections::BTreeSet;
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
