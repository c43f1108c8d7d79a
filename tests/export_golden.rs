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
    assert!(md.contains("- $/GPU-h (USD) ƒ: cost_usd ÷ gpu_hours"), "{md}");
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
