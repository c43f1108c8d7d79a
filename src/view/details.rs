//! The details of one record as lines: every field, derived metrics with their formulas, and
//! every claim about it grouped by metric with claimant, date, kind, confidence and source.

use crate::data::sanitize::printable;
use crate::data::{Claim, Dataset, Figure, Kind, RecordRef, Shape};

use super::cell::Value;
use super::columns::columns;
use super::derive;
use super::format;
use super::{ViewKind, claims};

/// How a details line is styled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// The record's title.
    Title,
    /// A section heading.
    Heading,
    /// `key: value`.
    Field,
    /// A claim's headline.
    Claim,
    /// Indented detail under a claim.
    Detail,
    /// Blank.
    Blank,
}

/// One line of the details view (already sanitised).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Style.
    pub kind: LineKind,
    /// Text.
    pub text: String,
    /// Where a wrapped continuation starts: under the value, not at the left edge.
    pub hang: usize,
}

/// Width of a field's name column (`Released               2024-12-26`).
const FIELD_W: usize = 22;

fn line(kind: LineKind, text: impl AsRef<str>) -> Line {
    let text = printable(text.as_ref()).into_owned();
    Line {
        kind,
        hang: hang(kind, &text),
        text,
    }
}

/// The column a wrapped line continues at: a field's value, a claim's text after its `• `,
/// a detail's text after its `label: ` (`quote: `, `source S3: `), else its indent.
fn hang(kind: LineKind, text: &str) -> usize {
    let indent = text.len() - text.trim_start_matches(' ').len();
    let rest = &text[indent..];
    match kind {
        LineKind::Field => FIELD_W + 1,
        LineKind::Claim => indent + rest.find("• ").map_or(0, |i| i + "• ".len()),
        // A source's title runs on under itself, past the `source ` that opens it.
        LineKind::Detail if rest.starts_with("source ") || rest.starts_with("Source ") => indent + "source ".len(),
        LineKind::Detail => match rest.find(": ") {
            // A short label of a word or two, not a colon inside the text.
            Some(i) if i <= 16 && rest[..i].split(' ').count() <= 2 => indent + i + 2,
            _ => indent,
        },
        // A long title or heading goes on a little in, so it never reads as a new line.
        LineKind::Title | LineKind::Heading => indent + 2,
        LineKind::Blank => indent,
    }
}

/// A number exactly: `5,576,000`, `3.8e25`, `14.8`, `5e-324` (the shortest digits that read
/// back as the same f64: never 300 digits of a subnormal, never rounded to look like zero).
pub fn exact(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let s = format::thousands(v.abs() as u64);
        if v < 0.0 { format!("-{s}") } else { s }
    } else if v.abs() >= 1e15 || v.abs() < 1e-4 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Whether a figure holds a number outside the range written out in full (`1e-4..1e15`),
/// which the table rounds to a few significant digits.
fn extreme(f: &Figure) -> bool {
    let far = |v: f64| v != 0.0 && !(1e-4..1e15).contains(&v.abs());
    match f.shape() {
        Shape::Point(v) | Shape::AtLeast(v) | Shape::AtMost(v) => far(v),
        Shape::Range(a, b) => far(a) || far(b),
    }
}

/// A figure exactly, with its bounds spelled out.
pub fn exact_figure(f: &Figure) -> String {
    let body = match f.shape() {
        Shape::Point(v) => exact(v),
        Shape::Range(a, b) => format!("{} to {}", exact(a), exact(b)),
        Shape::AtLeast(a) => format!("more than {}", exact(a)),
        Shape::AtMost(b) => format!("up to {}", exact(b)),
    };
    if f.approx { format!("about {body}") } else { body }
}

fn view_of(kind: Kind) -> Option<ViewKind> {
    ViewKind::ALL.into_iter().find(|v| v.kind() == kind)
}

/// All lines for `r`.
pub fn lines(ds: &Dataset, r: RecordRef) -> Vec<Line> {
    let mut out = Vec::new();
    let kind = r.kind.key();
    out.push(line(
        LineKind::Title,
        match ds.layers.label_of(r) {
            // Several files: which one, and where in it.
            from if ds.layers.files.len() > 1 => format!(
                "{} — {kind} \"{}\" ({from}, line {})",
                ds.name_of(r),
                ds.id_of(r),
                ds.line_of(r)
            ),
            _ => format!(
                "{} — {kind} \"{}\" (line {})",
                ds.name_of(r),
                ds.id_of(r),
                ds.line_of(r)
            ),
        },
    ));
    out.push(line(LineKind::Blank, ""));
    if let Some(v) = view_of(r.kind) {
        out.push(line(LineKind::Heading, "Fields"));
        // The file a record comes from is in the title.
        for c in columns(v).iter().filter(|c| c.id != "from") {
            let cell = (c.get)(ds, r.index);
            let shown = format::cell_text(&cell);
            let mut text = format!("{:<FIELD_W$} {shown}", c.header());
            // An extreme figure as written too, when the table rounds it: its `1.8e308` is
            // 1.7976931348623157e308, its `4.94e-324` is 5e-324.
            if let Value::Fig { fig, .. } = &cell.value
                && !c.derived
                && extreme(fig)
                && let exactly = exact_figure(fig)
                && !shown.contains(&exactly)
            {
                text.push_str(&format!("   (exactly {exactly})"));
            }
            if c.derived
                && let Some(f) = derive::formula(c.id)
            {
                // The record's own numbers too, so the reader can redo the arithmetic.
                match derive::explain(ds, r.index, c.id).filter(|_| r.kind == Kind::Model) {
                    Some(e) => text.push_str(&format!("   (derived: {f}; here {e})")),
                    None => text.push_str(&format!("   (derived: {f})")),
                }
            }
            out.push(line(LineKind::Field, text));
        }
        extra_fields(ds, r, &mut out);
    }
    // Laid over several files: which say what about this record.
    if let Some(notes) = ds.layers.notes.get(&r).filter(|n| !n.is_empty()) {
        out.push(line(LineKind::Blank, ""));
        out.push(line(LineKind::Heading, "Other files say"));
        for n in notes {
            out.push(line(LineKind::Detail, format!("  {n}")));
        }
    }
    let about = ds.claims_of(r);
    let about: &[u32] = &about;
    out.push(line(LineKind::Blank, ""));
    out.push(line(LineKind::Heading, format!("Claims ({})", about.len())));
    if about.is_empty() {
        out.push(line(
            LineKind::Detail,
            "  nobody's claims are recorded about this record",
        ));
    }
    // Grouped by metric, metrics in order of first appearance.
    let mut metrics: Vec<&'static str> = Vec::new();
    for &c in about {
        if let Some(c) = ds.claims.get(c as usize)
            && !metrics.contains(&c.metric.id)
        {
            metrics.push(c.metric.id);
        }
    }
    for m in metrics {
        let group: Vec<&Claim> = about
            .iter()
            .filter_map(|&c| ds.claims.get(c as usize))
            .filter(|c| c.metric.id == m)
            .collect();
        let disputed = group.len() > 1 && group.iter().any(|c| claims::value_cell(ds, c).marks.disputed);
        let label = group.first().map_or(m, |c| c.metric.label);
        let flag = if disputed { "  ‡ claims disagree" } else { "" };
        out.push(line(LineKind::Heading, format!("  {label} ({m}){flag}")));
        for c in group {
            claim_lines(ds, c, &mut out);
        }
    }
    out
}

fn extra_fields(ds: &Dataset, r: RecordRef, out: &mut Vec<Line>) {
    let i = r.index as usize;
    // Fields only some kinds have; the note and sources every kind has come after.
    match r.kind {
        Kind::Lab => {
            let l = &ds.labs[i];
            if !l.founders.is_empty() {
                out.push(line(
                    LineKind::Field,
                    format!("{:<FIELD_W$} {}", "Founders", l.founders.join(", ")),
                ));
            }
            if let Some(p) = l.parent {
                out.push(line(
                    LineKind::Field,
                    format!("{:<FIELD_W$} {}", "Parent", ds.name_of(p)),
                ));
            }
            if let Some(b) = &l.backers {
                out.push(line(LineKind::Field, format!("{:<FIELD_W$} {b}", "Backers")));
            }
            let models: Vec<&str> = ds
                .models_by_lab
                .get(i)
                .into_iter()
                .flatten()
                .map(|&m| ds.models[m as usize].name.as_str())
                .collect();
            if !models.is_empty() {
                out.push(line(
                    LineKind::Field,
                    format!("{:<FIELD_W$} {}", "Models", models.join(", ")),
                ));
            }
        }
        Kind::Model => {
            let m = &ds.models[i];
            if let Some(a) = &m.arch {
                out.push(line(LineKind::Field, format!("{:<FIELD_W$} {a}", "Architecture")));
            }
            if let Some(w) = &m.open_weights {
                out.push(line(LineKind::Field, format!("{:<FIELD_W$} {w}", "Weights")));
            }
        }
        Kind::Event => {
            let e = &ds.events[i];
            if !e.about.is_empty() {
                let names: Vec<&str> = e.about.iter().map(|r| ds.name_of(*r)).collect();
                out.push(line(
                    LineKind::Field,
                    format!("{:<FIELD_W$} {}", "About", names.join(", ")),
                ));
            }
        }
        Kind::Claim => {
            // A claim's note and sources are part of its own lines.
            claim_lines(ds, &ds.claims[i], out);
            return;
        }
        Kind::Source | Kind::Compute | Kind::Chip | Kind::Entity => {}
    }
    let Some(rec) = ds.record(r) else { return };
    let (note, sources) = (rec.note(), rec.sources());
    if let Some(n) = note {
        out.push(line(LineKind::Field, format!("{:<FIELD_W$} {n}", "Note")));
    }
    for &s in sources {
        source_line(ds, s, "Source", out);
    }
}

fn source_line(ds: &Dataset, s: u32, label: &str, out: &mut Vec<Line>) {
    let Some(src) = ds.sources.get(s as usize) else { return };
    let mut text = format!("      {label} {}: {}", src.id, src.title);
    if let Some(p) = &src.publisher {
        text.push_str(&format!(" — {p}"));
    }
    if let Some(d) = src.date {
        text.push_str(&format!(", {d}"));
    }
    out.push(line(LineKind::Detail, text));
    if let Some(u) = &src.url {
        out.push(line(LineKind::Detail, format!("        {u}")));
    }
    for m in &src.mirrors {
        out.push(line(LineKind::Detail, format!("        copy: {m}")));
    }
}

fn claim_lines(ds: &Dataset, c: &Claim, out: &mut Vec<Line>) {
    let cell = claims::value_cell(ds, c);
    let value = match (&c.figure, &c.text) {
        (Some(f), _) => {
            let cur = if c.metric.unit == crate::data::Unit::Money {
                format!(" {}", c.currency.code())
            } else {
                String::new()
            };
            let unit = claims::unit_text(c);
            let unit = if unit.is_empty() || !cur.is_empty() {
                String::new()
            } else {
                format!(" {unit}")
            };
            format!("{} ({}{cur}{unit})", format::cell_text(&cell), exact_figure(f))
        }
        (None, Some(t)) => format!("\"{t}\""),
        (None, None) => format::MISSING.into(),
    };
    let mut who = format!("{}, {}", c.claimant, c.kind.name());
    if let Some(b) = &c.basis {
        who.push_str(&format!(", basis {b}"));
    }
    who.push_str(&format!(", {}", c.confidence.name()));
    let date = c.date.map_or("date not recorded".to_string(), |d| format!("said {d}"));
    out.push(line(
        LineKind::Claim,
        format!("    • {value} — {who}; {date} [{}]", c.id),
    ));
    if let Some(q) = &c.quote {
        out.push(line(LineKind::Detail, format!("      quote: \"{q}\"")));
    }
    if let Some(f) = &c.formula {
        out.push(line(LineKind::Detail, format!("      derived: {f}")));
    }
    if let Some(n) = &c.note {
        out.push(line(LineKind::Detail, format!("      note: {n}")));
    }
    for &s in &c.sources {
        source_line(ds, s, "source", out);
    }
}
