//! What the compare overlay says under the cursor row: the ratio in words, every figure one
//! may pick (the chosen one marked, with its sources), or how a derived figure is computed.

use crate::data::Dataset;

use super::{Comparison, Ratio, RowKind};

impl Comparison<'_> {
    /// What to say about cell (`row`, `col`) under its row: each alternative (chosen one
    /// first-marked), the ratio in words, or the derivation.
    pub fn notes(&self, ds: &Dataset, row: usize, col: usize) -> Vec<Note> {
        let mut out = Vec::new();
        let (Some(r), Some(&record)) = (self.rows.get(row), self.records.get(col)) else {
            return out;
        };
        let Some(cell) = r.cells.get(col) else { return out };
        let name = ds.name_of(record);
        if let Some(ratio) = cell.ratio.as_ref().filter(|r| **r != Ratio::None("no figure")) {
            let base = self.records.first().map_or("", |b| ds.name_of(*b));
            out.push(Note::plain(
                NoteKind::Ratio,
                format!("{name}: {} vs {base}", ratio.phrase(&r.noun)),
            ));
        }
        match r.kind {
            RowKind::Figure if cell.candidates.is_empty() => {
                out.push(Note::plain(NoteKind::Info, format!("{name}: nobody states a figure")));
            }
            RowKind::Figure => {
                let n = cell.candidates.len();
                let disagree = if cell.conflicting(ds) {
                    " ‡ claims disagree"
                } else {
                    ""
                };
                out.push(Note::plain(
                    NoteKind::Heading,
                    format!(
                        "{name} · {}: {n} figure{}{disagree}",
                        r.noun,
                        if n == 1 { "" } else { "s" }
                    ),
                ));
                for (i, c) in cell.candidates.iter().enumerate() {
                    let chosen = Some(i) == cell.chosen;
                    let glyph = if chosen { "▶" } else { " " };
                    let mut text = format!("{glyph} {:<10} {}", c.value_text(), c.label(ds));
                    if let Some(d) = c.claim(ds).and_then(|c| c.date) {
                        text.push_str(&format!(" said {d}"));
                    }
                    out.push(Note {
                        kind: NoteKind::Candidate,
                        text,
                        chosen,
                    });
                    if chosen {
                        for &s in c.sources(ds) {
                            if let Some(src) = ds.sources.get(s as usize) {
                                let mut t = format!("    {} {}", src.id, src.title);
                                if let Some(p) = &src.publisher {
                                    t.push_str(&format!(" — {p}"));
                                }
                                if let Some(d) = src.date {
                                    t.push_str(&format!(", {d}"));
                                }
                                if let Some(u) = &src.url {
                                    t.push_str(&format!(" {u}"));
                                }
                                out.push(Note::plain(NoteKind::Source, t));
                            }
                        }
                    }
                }
            }
            RowKind::Derived => {
                if let Some(f) = r.formula {
                    out.push(Note::plain(NoteKind::Info, format!("ƒ derived by labdash: {f}")));
                }
                if !cell.provenance.is_empty() {
                    out.push(Note::plain(NoteKind::Info, format!("{name}: {}", cell.provenance)));
                }
            }
            RowKind::Plain => {}
        }
        for n in &mut out {
            n.text = crate::data::sanitize::printable(&n.text).into_owned();
        }
        out
    }
}

/// How a note line is styled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// The ratio in words.
    Ratio,
    /// "DeepSeek-V3 · training cost: 8 figures".
    Heading,
    /// One figure to pick.
    Candidate,
    /// A source of the chosen figure.
    Source,
    /// Anything else.
    Info,
}

/// One line under the cursor row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Style.
    pub kind: NoteKind,
    /// Text (sanitised).
    pub text: String,
    /// The candidate driving the cell.
    pub chosen: bool,
}

impl Note {
    fn plain(kind: NoteKind, text: String) -> Note {
        Note {
            kind,
            text,
            chosen: false,
        }
    }
}
