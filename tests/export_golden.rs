//! `export --format md|json` against golden files: Markdown with footnoted citations and a
//! sources section, JSON with each figure's claim and source ids. Set `UPDATE_GOLDEN=1` to
//! rewrite the files after an intended change (then review the diff).

use std::path::PathBuf;

use labdash::data;
use labdash::export::{Format, export};
use labdash::view::{Filter, Query, SortDir, SortSpec, ViewKind, columns};

fn mini() -> data::Dataset {
    let text = std::fs::read_to_string(fixture()).unwrap_or_else(|e| panic!("{e}"));
    data::load("mini.toml", &text).unwrap_or_else(|d| panic!("{d:?}"))
}

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.toml")
}

fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    assert!(
        want == actual,
        "{} differs (UPDATE_GOLDEN=1 rewrites it):\n--- want\n{want}\n--- got\n{actual}",
        path.display()
    );
}

#[test]
fn models_as_markdown_with_footnotes_and_sources() {
    let md = export(&mini(), &Query::default(), Format::Md);
    // Figures cite the claim behind them; the sources section lists each cited source once.
    assert!(md.contains("$5.6M[^S01]"), "{md}");
    assert!(md.contains("\n[^S01]: DeepSeek-V3 (README and technical report). DeepSeek, 2024-12-26. <https://arxiv.org/abs/2412.19437>\n"), "{md}");
    assert_eq!(md.matches("\n[^S01]:").count(), 1);
    assert!(md.contains("- $/GPU-h ƒ: cost_usd ÷ gpu_hours"), "{md}");
    golden("mini_models.md", &md);
}

#[test]
fn sorted_filtered_claims_as_markdown() {
    let view = ViewKind::Claims;
    let value = columns::find(view, "value").unwrap_or(0);
    let q = Query {
        view,
        sort: Some(SortSpec {
            col: value,
            dir: SortDir::Desc,
        }),
        filter: Filter::parse(view, "metric:cost_usd").unwrap_or_else(|e| panic!("{e:?}")),
    };
    let md = export(&mini(), &q, Format::Md);
    // Each claim's value cites its own sources; the SemiAnalysis source comes after S01 only
    // if cited, and here it is not (its claim is about hardware spend).
    assert!(!md.contains("[^S09]"), "{md}");
    golden("mini_claims_cost.md", &md);
}

#[test]
fn models_as_json_carry_claim_and_source_ids() {
    let json = export(&mini(), &Query::default(), Format::Json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let ds = &v[0];
    // Raw numbers stay raw.
    assert_eq!(ds["cost_usd"], serde_json::json!(5576000));
    assert_eq!(ds["provenance"]["cost_usd"]["claim"], "C050");
    assert_eq!(ds["provenance"]["cost_usd"]["sources"], serde_json::json!(["S01"]));
    assert_eq!(ds["provenance"]["cost_usd"]["currency"], "USD");
    assert_eq!(ds["provenance"]["usd_per_gpu_hour"]["derived"], true);
    assert_eq!(ds["provenance"]["usd_per_gpu_hour"]["formula"], "cost_usd ÷ gpu_hours");
    // A headline nobody's claim states: no claim id, the record's own sources (none here).
    assert_eq!(ds["provenance"]["params_b"]["claim"], serde_json::Value::Null);
    golden("mini_models.json", &json);
}

/// Issue 14 item 8: CSV is machine-readable — every figure column parses as a number (or is
/// empty), and what the number is sits in the adjacent columns.
#[test]
fn csv_figure_columns_parse_as_numbers() {
    let ds = data::load(data::BUNDLED_NAME, data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
    for view in ViewKind::ALL {
        let q = Query {
            view,
            ..Query::default()
        };
        let out = export(&ds, &q, Format::Csv);
        let mut lines = out.lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
        let figure_cols: Vec<usize> = columns::columns(view)
            .iter()
            .filter(|c| c.ty == labdash::view::ColType::Number)
            .filter_map(|c| header.iter().position(|h| *h == c.id))
            .collect();
        for c in &figure_cols {
            for suffix in labdash::export::CSV_FIGURE_SUFFIXES {
                assert_eq!(
                    header
                        .get(
                            c + 1
                                + labdash::export::CSV_FIGURE_SUFFIXES
                                    .iter()
                                    .position(|s| *s == suffix)
                                    .unwrap_or(0)
                        )
                        .copied(),
                    Some(format!("{}_{suffix}", header[*c]).as_str())
                );
            }
        }
        for line in lines {
            // Only figure columns are checked; a quoted text field may hold commas, so split
            // a proper CSV record.
            let fields = split_csv(line);
            assert_eq!(fields.len(), header.len(), "{view:?}: {line}");
            for &c in &figure_cols {
                let f = &fields[c];
                assert!(
                    f.is_empty() || f.parse::<f64>().is_ok(),
                    "{view:?} {}: {f:?}",
                    header[c]
                );
                let max = &fields[c + 2];
                assert!(max.is_empty() || max.parse::<f64>().is_ok(), "{view:?}: {max:?}");
                let kind = fields[c + 1].as_str();
                assert!(
                    ["", "exact", "approx", "min", "max", "range", "text"].contains(&kind),
                    "{kind}"
                );
                assert_eq!(kind == "range", !max.is_empty(), "{view:?} {}: {line}", header[c]);
            }
        }
    }
    // GPT-4's 25,000 chips is a speculative figure of somebody else's, not a plain 25000.
    let out = export(&ds, &Query::default(), Format::Csv);
    let header: Vec<&str> = out.lines().next().unwrap_or_default().split(',').collect();
    let row = out.lines().map(split_csv).find(|r| r[0] == "GPT-4").unwrap_or_default();
    let get = |name: &str| row[header.iter().position(|h| *h == name).unwrap_or(0)].clone();
    assert_eq!(get("chips"), "25000");
    assert_eq!(get("chips_confidence"), "speculative");
    assert_eq!(get("chips_provenance"), "others");
    assert_eq!(get("cost_usd_kind"), "min");
    assert_eq!(get("cost_usd_currency"), "USD");
    golden("mini_models.csv", &export(&mini(), &Query::default(), Format::Csv));
}

/// One CSV record's fields (quotes and doubled quotes handled).
fn split_csv(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().map(|f| f.push('"')).unwrap_or_default();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            _ => out.last_mut().map(|f| f.push(c)).unwrap_or_default(),
        }
    }
    out
}
