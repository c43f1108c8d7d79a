//! `labdash export`: the rows of a query as table, CSV, JSON or Markdown.
//!
//! Goes through `view::project`, so it prints exactly what the dashboard shows. Table and
//! Markdown carry the formatted (and sanitised) figures; CSV and JSON the raw numbers and the
//! data file's strings byte for byte, correctly quoted.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::data::{Dataset, Figure, Shape};
use crate::view::{self, Cell, Column, Query, Value, columns, format};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns, humane figures.
    Table,
    /// Comma-separated, raw numbers.
    Csv,
    /// An array of objects, raw numbers.
    Json,
    /// A Markdown table.
    Md,
}

/// Renders the query's rows in `format`.
pub fn export(ds: &Dataset, q: &Query, fmt: Format) -> String {
    let rows = view::project(ds, q);
    let cols = columns(q.view);
    match fmt {
        Format::Table => table(ds, q, cols, &rows),
        Format::Csv => csv(ds, cols, &rows),
        Format::Json => json(ds, q, cols, &rows),
        Format::Md => markdown(ds, q, cols, &rows),
    }
}

/// Header texts with the sort arrow on the sorted column.
pub fn headers(q: &Query, cols: &[Column]) -> Vec<String> {
    cols.iter()
        .enumerate()
        .map(|(i, c)| match q.sort {
            Some(s) if s.col == i => format!("{} {}", c.header(), s.dir.glyph()),
            _ => c.header(),
        })
        .collect()
}

fn table(ds: &Dataset, q: &Query, cols: &[Column], rows: &[u32]) -> String {
    let head = headers(q, cols);
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|&r| cols.iter().map(|c| format::cell_text(&(c.get)(ds, r))).collect())
        .collect();
    let widths: Vec<usize> = (0..cols.len())
        .map(|i| {
            body.iter()
                .map(|row| row[i].width())
                .chain([head[i].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut l = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.width());
            let numeric = cols[i].ty == view::ColType::Number;
            if i > 0 {
                l.push_str("  ");
            }
            if numeric {
                l.push_str(&" ".repeat(pad));
                l.push_str(cell);
            } else {
                l.push_str(cell);
                l.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&head);
    for row in &body {
        line(row);
    }
    out
}

/// A raw number: shortest exact representation, no separators.
fn raw_number(v: f64) -> String {
    format!("{v}")
}

/// A figure as raw text: `2048`, `~2000`, `80000000..100000000`, `>100000000`, `<=16384`.
pub fn raw_figure(f: &Figure) -> String {
    let body = match f.shape() {
        Shape::Point(v) => raw_number(v),
        Shape::Range(a, b) => format!("{}..{}", raw_number(a), raw_number(b)),
        Shape::AtLeast(a) => format!(">{}", raw_number(a)),
        Shape::AtMost(b) => format!("<={}", raw_number(b)),
    };
    if f.approx { format!("~{body}") } else { body }
}

fn raw_cell(cell: &Cell<'_>) -> String {
    match &cell.value {
        Value::Missing => String::new(),
        Value::Text(s) => s.to_string(),
        Value::Fig { fig, .. } => raw_figure(fig),
        Value::Date(d) => d.to_string(),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(ds: &Dataset, cols: &[Column], rows: &[u32]) -> String {
    let mut out = String::new();
    out.push_str(&cols.iter().map(|c| c.id).collect::<Vec<_>>().join(","));
    out.push('\n');
    for &r in rows {
        let fields: Vec<String> = cols.iter().map(|c| csv_field(&raw_cell(&(c.get)(ds, r)))).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// A JSON number: integral values print without a fraction (2048, not 2048.0).
fn json_number(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        serde_json::Value::from(v as i64)
    } else {
        serde_json::Value::from(v)
    }
}

fn json_figure(f: &Figure) -> serde_json::Value {
    use serde_json::json;
    let n = json_number;
    match (f.shape(), f.approx) {
        (Shape::Point(v), false) => n(v),
        (Shape::Point(v), true) => json!({ "value": n(v), "approx": true }),
        (Shape::Range(a, b), approx) => json!({ "min": n(a), "max": n(b), "approx": approx }),
        (Shape::AtLeast(a), approx) => json!({ "min": n(a), "approx": approx }),
        (Shape::AtMost(b), approx) => json!({ "max": n(b), "approx": approx }),
    }
}

fn json(ds: &Dataset, q: &Query, cols: &[Column], rows: &[u32]) -> String {
    use serde_json::{Map, Value as J};
    let kind = q.view.kind();
    let items: Vec<J> = rows
        .iter()
        .map(|&r| {
            let mut obj = Map::new();
            obj.insert(
                "id".into(),
                J::String(ds.id_of(crate::data::RecordRef { kind, index: r }).to_string()),
            );
            for c in cols {
                let cell = (c.get)(ds, r);
                let v = match &cell.value {
                    Value::Missing => J::Null,
                    Value::Text(s) => J::String(s.to_string()),
                    Value::Fig { fig, .. } => json_figure(fig),
                    Value::Date(d) => J::String(d.to_string()),
                };
                obj.insert(c.id.to_string(), v);
            }
            J::Object(obj)
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&J::Array(items)).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

fn md_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|")
}

fn markdown(ds: &Dataset, q: &Query, cols: &[Column], rows: &[u32]) -> String {
    let mut out = String::new();
    let head = headers(q, cols);
    let _ = writeln!(
        out,
        "| {} |",
        head.iter().map(|h| md_escape(h)).collect::<Vec<_>>().join(" | ")
    );
    let align: Vec<&str> = cols
        .iter()
        .map(|c| if c.ty == view::ColType::Number { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", align.join("|"));
    for &r in rows {
        let cells: Vec<String> = cols
            .iter()
            .map(|c| md_escape(&format::cell_text(&(c.get)(ds, r))))
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let _ = writeln!(out, "\n{}", format::LEGEND);
    out
}
