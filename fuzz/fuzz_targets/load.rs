//! Bytes → the loader, as `labdash check` sees them: must never panic; an error must come with
//! diagnostics that point into the text; a dataset must survive every view and export format.

#![no_main]

use labdash::data::{self, SourceMap};
use labdash::export::{self, Format};
use labdash::view::{Filter, Query, SortDir, SortSpec, ViewKind, columns};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // `cli::read` rejects non-UTF-8 with a diagnostic of its own; the loader sees only text.
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    };
    match data::load("fuzz.toml", &text) {
        Err(diags) => {
            assert!(!diags.is_empty(), "an error without a diagnostic");
            for d in &diags {
                assert!(
                    d.span.start <= d.span.end && d.span.end <= text.len(),
                    "span {:?} outside {} bytes",
                    d.span,
                    text.len()
                );
            }
            let map = SourceMap::new("fuzz.toml", &text);
            let out = data::diagnostic::render_all(&map, &diags);
            assert_eq!(out.matches(": error: ").count(), diags.len());
        }
        Ok(ds) => {
            for view in ViewKind::ALL {
                let n = columns(view).len();
                for col in 0..n {
                    let q = Query {
                        view,
                        sort: Some(SortSpec {
                            col,
                            dir: SortDir::Desc,
                        }),
                        filter: Filter::default(),
                    };
                    let _ = labdash::view::project(&ds, &q);
                }
                let q = Query {
                    view,
                    sort: None,
                    filter: Filter::default(),
                };
                for fmt in [Format::Table, Format::Csv, Format::Json, Format::Md] {
                    let out = export::export(&ds, &q, fmt);
                    if fmt == Format::Json {
                        assert!(
                            serde_json::from_str::<serde_json::Value>(&out).is_ok(),
                            "invalid JSON export"
                        );
                    }
                }
            }
        }
    }
});
