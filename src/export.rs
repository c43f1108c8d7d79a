//! `labdash export`: the rows of a query as table, CSV, JSON or Markdown.
//!
//! Goes through `view::project`, so it prints exactly what the dashboard shows. Table and
//! Markdown carry the formatted (and sanitised) figures; CSV and JSON the raw numbers and the
//! data file's strings byte for byte, correctly quoted.

use std::fmt::Write as _;

use crate::data::sanitize::printable;

use unicode_width::UnicodeWidthStr;

use crate::data::{Dataset, Figure, RecordRef, Shape};
use crate::view::{self, Cell, Column, Query, Value, ViewKind, columns, compare, derive, format};

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
        Format::Csv => csv(ds, q, cols, &rows),
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

/// What a figure is, for CSV's `<col>_kind`: `exact`, `approx`, `min` (a lower bound, "over"),
/// `max` (an upper bound, "up to") or `range`.
pub fn figure_kind(f: &Figure) -> &'static str {
    match f.shape() {
        Shape::Point(_) if f.approx => "approx",
        Shape::Point(_) => "exact",
        Shape::Range(..) => "range",
        Shape::AtLeast(_) => "min",
        Shape::AtMost(_) => "max",
    }
}

/// A cell as raw text, as CSV carries it (empty when missing).
pub fn raw_cell(cell: &Cell<'_>) -> String {
    match &cell.value {
        Value::Missing => String::new(),
        Value::Text(s) => s.to_string(),
        Value::Fig { fig, .. } => fig.lo.or(fig.hi).map_or(String::new(), raw_number),
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

/// The columns CSV adds after each figure column, in order (documented in data/SCHEMA.md).
pub const CSV_FIGURE_SUFFIXES: [&str; 7] = [
    "kind",
    "max",
    "currency",
    "confidence",
    "provenance",
    "disputed",
    "claim",
];

/// The CSV header: each figure column followed by its `CSV_FIGURE_SUFFIXES` columns, and for a
/// figure column that may hold words (a claim stated in text) a `<col>_text` column.
fn csv_header(q: &Query, cols: &[Column]) -> Vec<String> {
    let mut h = Vec::new();
    for c in cols {
        h.push(c.id.to_string());
        if c.ty == view::ColType::Number {
            h.extend(CSV_FIGURE_SUFFIXES.iter().map(|s| format!("{}_{s}", c.id)));
            if q.view == ViewKind::Claims {
                h.push(format!("{}_text", c.id));
            }
        }
    }
    h
}

/// A figure column's fields: the number (a point, a range's lower end, a bound) so the column
/// always parses as a number, then what that number is.
fn csv_figure_fields(ds: &Dataset, q: &Query, col: usize, row: u32, cell: &Cell<'_>, out: &mut Vec<String>) {
    let m = &cell.marks;
    let derived = columns(q.view).get(col).is_some_and(|c| c.derived);
    match &cell.value {
        Value::Fig { fig, unit, currency } => {
            let claim = cell_claim(ds, q, col, row, cell)
                .and_then(|i| ds.claims.get(i as usize))
                .map_or(String::new(), |c| c.id.to_string());
            let provenance = if derived {
                crate::data::Provenance::Computed
            } else {
                m.provenance
            };
            out.extend([
                fig.lo.or(fig.hi).map_or(String::new(), raw_number),
                figure_kind(fig).to_string(),
                match fig.shape() {
                    Shape::Range(_, b) => raw_number(b),
                    _ => String::new(),
                },
                if *unit == crate::data::Unit::Money {
                    currency.code().to_string()
                } else {
                    String::new()
                },
                m.confidence.name().to_string(),
                provenance.name().to_string(),
                m.disputed.to_string(),
                claim,
            ]);
            if q.view == ViewKind::Claims {
                out.push(String::new());
            }
        }
        other => {
            let start = out.len();
            out.extend(std::iter::repeat_n(String::new(), 1 + CSV_FIGURE_SUFFIXES.len()));
            if q.view == ViewKind::Claims {
                if let Value::Text(s) = other {
                    // A statement in words: said so, so an empty number is not read as missing.
                    out[start + 1] = "text".into();
                    out.push(s.to_string());
                } else {
                    out.push(String::new());
                }
            }
        }
    }
}

fn csv(ds: &Dataset, q: &Query, cols: &[Column], rows: &[u32]) -> String {
    let mut out = String::new();
    out.push_str(&csv_header(q, cols).join(","));
    out.push('\n');
    let mut fields: Vec<String> = Vec::new();
    for &r in rows {
        fields.clear();
        for (ci, c) in cols.iter().enumerate() {
            let cell = (c.get)(ds, r);
            if c.ty == view::ColType::Number {
                csv_figure_fields(ds, q, ci, r, &cell, &mut fields);
            } else {
                fields.push(raw_cell(&cell));
            }
        }
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
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
            let mut provenance = Map::new();
            for (ci, c) in cols.iter().enumerate() {
                let cell = (c.get)(ds, r);
                let v = match &cell.value {
                    Value::Missing => J::Null,
                    Value::Text(s) => J::String(s.to_string()),
                    Value::Fig { fig, .. } => json_figure(fig),
                    Value::Date(d) => J::String(d.to_string()),
                };
                obj.insert(c.id.to_string(), v);
                if let Some(p) = json_provenance(ds, q, ci, r, &cell) {
                    provenance.insert(c.id.to_string(), p);
                }
            }
            // Where each figure comes from: claim id and source ids, or the formula.
            obj.insert("provenance".into(), J::Object(provenance));
            J::Object(obj)
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&J::Array(items)).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

/// The claim behind a cell's figure, if a claim states it (`None` for a headline no claim
/// backs, a derived figure, or a non-figure cell).
fn cell_claim(ds: &Dataset, q: &Query, col: usize, row: u32, cell: &Cell<'_>) -> Option<u32> {
    let c = columns(q.view).get(col)?;
    if q.view == ViewKind::Claims {
        return (c.id == "value").then_some(row);
    }
    let Value::Fig { fig, currency, .. } = &cell.value else {
        return None;
    };
    if c.derived || crate::data::metric::find(c.id).is_none() {
        return None;
    }
    let subject = RecordRef {
        kind: q.view.kind(),
        index: row,
    };
    compare::backing_claim(ds, subject, c.id, fig, *currency)
}

fn json_provenance(ds: &Dataset, q: &Query, col: usize, row: u32, cell: &Cell<'_>) -> Option<serde_json::Value> {
    use serde_json::json;
    let c = columns(q.view).get(col)?;
    let Value::Fig { currency, unit, .. } = &cell.value else {
        return None;
    };
    let m = &cell.marks;
    if c.derived {
        return Some(json!({
            "derived": true,
            "formula": derive::formula(c.id),
            "disputed": m.disputed,
            "confidence": m.confidence.name(),
        }));
    }
    let claim = cell_claim(ds, q, col, row, cell).and_then(|i| ds.claims.get(i as usize));
    let sources: &[u32] = match claim {
        Some(cl) => &cl.sources,
        None => compare::record_sources(
            ds,
            RecordRef {
                kind: q.view.kind(),
                index: row,
            },
        ),
    };
    let ids: Vec<&str> = sources
        .iter()
        .filter_map(|&s| ds.sources.get(s as usize).map(|s| s.id.as_str()))
        .collect();
    let mut p = json!({
        "claim": claim.map(|c| c.id.as_str()),
        "sources": ids,
        "disputed": m.disputed,
        "confidence": m.confidence.name(),
    });
    if *unit == crate::data::Unit::Money
        && let Some(obj) = p.as_object_mut()
    {
        obj.insert("currency".into(), json!(currency.code()));
    }
    Some(p)
}

fn md_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|")
}

/// Text for Markdown prose (footnotes): no accidental emphasis, links or HTML.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in printable(s).chars() {
        // `_` stays: inside words it never starts emphasis, and ids like cost_usd stay readable.
        if matches!(ch, '\\' | '[' | ']' | '*' | '<' | '>') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// A footnote label from a source id: `S01` stays, anything unusual becomes `-`.
fn footnote_label(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The sources a Markdown cell cites: a figure's claim's sources, the record's own sources on
/// its name, nothing elsewhere (derived figures show their formula below the table instead).
fn md_sources<'d>(ds: &'d Dataset, q: &Query, col: usize, row: u32, cell: &Cell<'_>) -> &'d [u32] {
    if let Some(c) = cell_claim(ds, q, col, row, cell).and_then(|i| ds.claims.get(i as usize)) {
        return &c.sources;
    }
    if col == 0 && q.view != ViewKind::Claims {
        return compare::record_sources(
            ds,
            RecordRef {
                kind: q.view.kind(),
                index: row,
            },
        );
    }
    &[]
}

fn markdown(ds: &Dataset, q: &Query, cols: &[Column], rows: &[u32]) -> String {
    let mut out = String::new();
    if let Some(day) = ds.as_of {
        let _ = writeln!(
            out,
            "**As of {day}**: claims made on or before that day, records released by then; undated claims included.\n"
        );
    }
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
    // Sources in order of first citation, which is also the order Markdown numbers footnotes.
    let mut cited: Vec<u32> = Vec::new();
    for &r in rows {
        let cells: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let cell = (c.get)(ds, r);
                let mut text = md_escape(&format::cell_text(&cell));
                for &s in md_sources(ds, q, i, r, &cell) {
                    let Some(src) = ds.sources.get(s as usize) else {
                        continue;
                    };
                    let _ = write!(text, "[^{}]", footnote_label(&src.id));
                    if !cited.contains(&s) {
                        cited.push(s);
                    }
                }
                text
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let _ = writeln!(out, "\n{}", format::LEGEND);
    let derived: Vec<&Column> = cols.iter().filter(|c| c.derived).collect();
    if !derived.is_empty() {
        let _ = writeln!(out, "\nDerived by labdash (ƒ), never claimed by anyone:\n");
        for c in derived {
            let f = derive::formula(c.id).unwrap_or("computed from the other columns");
            let _ = writeln!(out, "- {}: {}", md_text(&c.header()), md_text(f));
        }
    }
    if !cited.is_empty() {
        let _ = writeln!(out, "\nSources:\n");
        for s in cited {
            let Some(src) = ds.sources.get(s as usize) else {
                continue;
            };
            let mut line = format!("[^{}]: {}", footnote_label(&src.id), md_text(&src.title));
            if let Some(p) = &src.publisher {
                let _ = write!(line, ". {}", md_text(p));
            }
            if let Some(d) = src.date {
                let _ = write!(line, ", {d}");
            }
            line.push('.');
            if let Some(u) = &src.url {
                let _ = write!(line, " <{}>", printable(u).replace(['<', '>', ' '], ""));
            }
            let _ = writeln!(out, "{line}");
        }
    }
    out
}
