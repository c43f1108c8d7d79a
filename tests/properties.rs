//! Property tests of the loader: whatever the bytes, `load` returns a dataset or diagnostics
//! that point into the text — it never panics, and never returns an error without a problem.
//!
//! Case counts are modest so `cargo test` stays fast; for a long run:
//! `PROPTEST_CASES=200000 cargo test --release --test properties`.

use std::path::PathBuf;

use labdash::data::{self, Dataset, Diagnostic, SourceMap};
use labdash::export::{self, Format};
use labdash::view::{Filter, Query, SortDir, SortSpec, ViewKind, columns};
use proptest::prelude::*;

/// 256 cases unless `PROPTEST_CASES` says otherwise.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Loads `text` and checks the outcome's invariants; on success, projects and exports every
/// view (sorting by every column), which must not panic either.
fn check_text(text: &str) -> Result<(), TestCaseError> {
    match data::load("prop.toml", text) {
        Ok(ds) => exercise(&ds),
        Err(diags) => check_diagnostics(text, &diags),
    }
}

fn check_diagnostics(text: &str, diags: &[Diagnostic]) -> Result<(), TestCaseError> {
    prop_assert!(!diags.is_empty(), "an error without a diagnostic");
    let lines = text.split('\n').count();
    let map = SourceMap::new("prop.toml", text);
    for d in diags {
        prop_assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "span {:?} outside the text ({} bytes): {}",
            d.span,
            text.len(),
            d.message
        );
        prop_assert!(!d.message.is_empty());
        let p = map.position(d.span.start);
        prop_assert!(p.line >= 1 && p.line <= lines, "line {} of {lines}", p.line);
        prop_assert!(p.col >= 1);
        let out = map.render(d);
        prop_assert!(
            out.starts_with(&format!("prop.toml:{}:{}: error: ", p.line, p.col)),
            "{out}"
        );
        prop_assert!(out.lines().count() >= 4, "no snippet: {out}");
    }
    let all = data::diagnostic::render_all(&map, diags);
    prop_assert_eq!(all.matches(": error: ").count(), diags.len());
    Ok(())
}

fn exercise(ds: &Dataset) -> Result<(), TestCaseError> {
    for view in ViewKind::ALL {
        for (col, _) in columns(view).iter().enumerate() {
            for dir in [SortDir::Asc, SortDir::Desc] {
                let q = Query {
                    view,
                    sort: Some(SortSpec { col, dir }),
                    filter: Filter::default(),
                };
                let _ = labdash::view::project(ds, &q);
            }
        }
        let q = Query {
            view,
            sort: None,
            filter: Filter::default(),
        };
        for fmt in [Format::Table, Format::Csv, Format::Json, Format::Md] {
            let out = export::export(ds, &q, fmt);
            if fmt == Format::Json {
                prop_assert!(
                    serde_json::from_str::<serde_json::Value>(&out).is_ok(),
                    "bad JSON:\n{out}"
                );
            }
        }
    }
    Ok(())
}

// --- arbitrary bytes, through the same path as the CLI ------------------------------------

fn scratch_file() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("properties");
    let _ = std::fs::create_dir_all(&dir);
    dir.join(format!("bytes-{:?}.toml", std::thread::current().id()))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let path = scratch_file();
        std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        match labdash::load::read(&path) {
            Ok(text) => {
                prop_assert!(std::str::from_utf8(&bytes).is_ok());
                check_text(&text)?;
            }
            Err(f) => {
                prop_assert_eq!(f.code, 1, "{}", f.message);
                prop_assert!(std::str::from_utf8(&bytes).is_err());
                prop_assert!(f.message.contains(": error: "), "{}", f.message);
                prop_assert!(f.message.contains('^'), "{}", f.message);
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check_text(&text)?;
    }

    #[test]
    fn toml_shaped_noise_never_panics(
        text in prop::collection::vec(
            prop_oneof![
                Just("[[".to_string()), Just("]]".to_string()), Just("[".to_string()), Just("]".to_string()),
                Just("{".to_string()), Just("}".to_string()), Just(" = ".to_string()), Just(",".to_string()),
                Just("\"".to_string()), Just("'".to_string()), Just("\"\"\"".to_string()), Just("\n".to_string()),
                Just("\r\n".to_string()), Just("\\".to_string()), Just("#".to_string()), Just(".".to_string()),
                Just("\u{feff}".to_string()), Just("深度".to_string()), Just("🐋".to_string()), Just("\t".to_string()),
                Just("lab".to_string()), Just("model".to_string()), Just("claim".to_string()), Just("id".to_string()),
                Just("2024-12-26".to_string()), Just("1e400".to_string()), Just("nan".to_string()),
                "[a-z_]{1,8}", "[0-9_.eE+-]{1,8}",
            ],
            0..80,
        )
    ) {
        check_text(&text.concat())?;
    }
}

// --- structurally valid TOML with wrong keys, types and values ----------------------------

const KINDS: &[&str] = &[
    "source", "lab", "model", "compute", "chip", "event", "entity", "claim", "modle", "labs",
];

/// Every key of the schema (as the validator knows it), and a few that are not.
fn keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = labdash::data::Kind::ALL
        .iter()
        .flat_map(|&k| labdash::data::keys(k))
        .copied()
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys.extend(["chipz", "valeu"]);
    keys
}

/// Strings that mean something somewhere in the schema (ids, enum values, dates, codes).
const WORDS: &[&str] = &[
    "S1",
    "S2",
    "deepseek",
    "meta",
    "m1",
    "m2",
    "h800",
    "c1",
    "e1",
    "x",
    "",
    " ",
    "CN",
    "US",
    "cn",
    "China",
    "2024-12-26",
    "2024-12",
    "2024",
    "2025-02-30",
    "2025-13",
    "December 2024",
    "0000",
    "cluster",
    "fleet",
    "release",
    "person",
    "claimed",
    "reported",
    "estimated",
    "derived",
    "confident",
    "likely",
    "sure",
    "open",
    "n/a",
    "yes",
    "USD",
    "USD-2023",
    "CNY",
    "RMB",
    "cost_usd",
    "chips",
    "statement",
    "released",
    "change_pct",
    "cost_us",
    "deep seek",
    "深度求索",
    "🐋",
    "a\u{1b}[31mb",
    "\u{202e}evil",
    "line\nbreak",
];

/// `s` as a TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML value, written out.
fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(WORDS).prop_map(toml_str),
        "[ -~]{0,12}".prop_map(|s| toml_str(&s)),
        any::<i64>().prop_map(|n| n.to_string()),
        prop::sample::select(
            &[
                "0",
                "-1",
                "1",
                "2048",
                "2_788_000",
                "99999999999999999999",
                "0x10",
                "-0.0",
                "0.4",
                "1.5",
                "3.8e25",
                "1e400",
                "-1e400",
                "nan",
                "-nan",
                "inf",
                "+inf",
                "-inf",
                "true",
                "false",
                "2024-12-26",
                "2024-12-26T10:00:00",
                "2024-12-26T10:00:00Z",
                "10:00:00",
                "1979-05-27 07:32:00",
            ][..]
        )
        .prop_map(str::to_string),
        any::<f64>().prop_map(|f| format!("{f:?}")),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::btree_map(
                prop::sample::select(&["value", "min", "max", "approx", "valeu", "id"][..]),
                inner,
                0..4
            )
            .prop_map(|m| {
                let kv: Vec<String> = m.into_iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", kv.join(", "))
            }),
        ]
    })
}

/// A plausible figure: a positive number, a range, a bound, an approximation.
fn figure() -> impl Strategy<Value = String> {
    let n = prop_oneof![
        (1u64..1_000_000_000_000).prop_map(|n| n.to_string()),
        (1e-6f64..1e30).prop_map(|f| format!("{f:e}")),
    ];
    prop_oneof![
        n.clone(),
        (n.clone(), any::<bool>()).prop_map(|(v, a)| format!("{{ value = {v}, approx = {a} }}")),
        (1.0f64..1e12, 1.0f64..1e3).prop_map(|(lo, k)| format!("{{ min = {lo:e}, max = {:e} }}", lo * k)),
        n.clone().prop_map(|v| format!("{{ min = {v} }}")),
        n.prop_map(|v| format!("{{ max = {v} }}")),
    ]
}

/// A `[[kind]]` record with up to a dozen distinct keys.
fn record() -> impl Strategy<Value = String> {
    (
        prop::sample::select(KINDS),
        prop::collection::btree_map(prop::sample::select(keys()), value(), 0..12),
    )
        .prop_map(|(kind, fields)| {
            let mut out = format!("[[{kind}]]\n");
            for (k, v) in fields {
                out.push_str(&format!("{k} = {v}\n"));
            }
            out
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn wrong_but_well_formed_records_give_located_diagnostics(
        records in prop::collection::vec(record(), 0..8),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let mut text = records.join("\n");
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        if bom {
            text.insert(0, '\u{feff}');
        }
        check_text(&text)?;
    }

    #[test]
    fn edits_of_a_valid_file_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..4, "[ -~\n]{0,6}"), 1..6),
    ) {
        let mut text = include_str!("fixtures/mini.toml").to_string();
        for (at, cut, insert) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let mut j = (i + cut).min(text.len());
            while !text.is_char_boundary(j) {
                j += 1;
            }
            text.replace_range(i..j, &insert);
        }
        check_text(&text)?;
    }
}

proptest! {
    #![proptest_config(config())]

    /// Valid TOML close to a valid file: some `key = value` lines of mini.toml get another value
    /// (often still valid: odd figures, bounds, dates reach the views and the exporter).
    #[test]
    fn value_swaps_in_a_valid_file_never_panic(
        swaps in prop::collection::vec(
            (any::<prop::sample::Index>(), prop_oneof![3 => figure(), 1 => value()]),
            1..4,
        ),
    ) {
        let mini = include_str!("fixtures/mini.toml");
        let mut lines: Vec<String> = mini.lines().map(str::to_string).collect();
        // The numeric lines: figures on records, and claims' value/min/max.
        let assignments: Vec<usize> = (0..lines.len())
            .filter(|&i| {
                let numeric = |v: &str| v.starts_with(|c: char| c.is_ascii_digit() || c == '{');
                lines[i].split_once(" = ").is_some_and(|(_, v)| numeric(v))
            })
            .filter(|&i| !lines[i].contains('-'))
            .collect();
        for (at, v) in swaps {
            let i = assignments[at.index(assignments.len())];
            let key = lines[i].split(" = ").next().unwrap_or("x").to_string();
            lines[i] = format!("{key} = {v}");
        }
        check_text(&(lines.join("\n") + "\n"))?;
    }
}

#[test]
fn the_valid_fixture_passes_the_checks() {
    let text = include_str!("fixtures/mini.toml");
    let ds = data::load("mini.toml", text).unwrap_or_else(|d| panic!("{d:?}"));
    exercise(&ds).unwrap_or_else(|e| panic!("{e}"));
}
