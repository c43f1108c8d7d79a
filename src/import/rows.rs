//! One export row read into typed values; every value that cannot be what its column says is
//! reported and left out, never guessed.

use super::countries::Country;
use super::epoch::{self, Col, Expected, Header};
use crate::data::PartialDate;

/// A value left out of a row, and why.
#[derive(Clone, Debug)]
pub struct Dropped {
    /// The row's first line.
    pub line: usize,
    /// The column's header as written.
    pub column: String,
    /// The value as written (cut short for messages).
    pub value: String,
    /// What it is not, with its article ("a number").
    pub expected: Expected,
}

/// The figures and facts of one row.
#[derive(Debug, Default)]
pub struct Row {
    /// The row's first line in the file.
    pub line: usize,
    /// The model's name.
    pub name: String,
    /// Organisations, in order (the model's lab is the first).
    pub orgs: Vec<String>,
    /// The row's countries, when every name in the column is a known country.
    pub countries: Option<Vec<Country>>,
    /// `Publication date`.
    pub released: Option<PartialDate>,
    /// `Reference`: a publication title.
    pub reference: Option<String>,
    /// Addresses in `Link`.
    pub links: Vec<String>,
    /// Parameters, billions.
    pub params_b: Option<f64>,
    /// Training compute, FLOP.
    pub flop: Option<f64>,
    /// Lower bound of the training compute.
    pub flop_low: Option<f64>,
    /// Upper bound of the training compute.
    pub flop_high: Option<f64>,
    /// Dataset size in datapoints (not tokens).
    pub datapoints: Option<f64>,
    /// Training time, hours.
    pub hours: Option<f64>,
    /// Hardware types, as written.
    pub hardware: Vec<String>,
    /// Hardware quantity.
    pub quantity: Option<f64>,
    /// Hardware utilisation, percent.
    pub util_pct: Option<f64>,
    /// Training compute cost, 2023 US dollars.
    pub cost_2023: Option<f64>,
    /// labdash's confidence name (`unknown` when Epoch gives none).
    pub confidence: &'static str,
    /// labdash's `open_weights`.
    pub open_weights: Option<&'static str>,
    /// `Last modified`: the date Epoch's figures are as of.
    pub modified: Option<PartialDate>,
    /// Notes for params, compute, dataset, time and cost (kept only with `--with-notes`).
    pub notes: [Option<String>; 5],
}

/// A value cut to a readable length for a message.
fn shown(v: &str) -> String {
    const MAX: usize = 60;
    let one_line: String = v.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

/// Reads rows against a header, collecting what was dropped.
pub struct Reader<'a> {
    header: &'a Header,
    /// Every value left out, in file order.
    pub dropped: Vec<Dropped>,
}

impl<'a> Reader<'a> {
    /// A reader for rows under `header`.
    pub fn new(header: &'a Header) -> Self {
        Reader {
            header,
            dropped: Vec::new(),
        }
    }

    fn drop(&mut self, line: usize, col: Col, value: &str, expected: Expected) {
        self.dropped.push(Dropped {
            line,
            column: self.header.name(col).to_string(),
            value: shown(value),
            expected,
        });
    }

    fn parsed<T>(
        &mut self,
        line: usize,
        fields: &[String],
        col: Col,
        parse: impl Fn(&str) -> Result<T, Expected>,
    ) -> Option<T> {
        let v = self.header.get(fields, col)?;
        parse(v).map_err(|e| self.drop(line, col, v, e)).ok()
    }

    fn figure(&mut self, line: usize, fields: &[String], col: Col, shift: i32) -> Option<f64> {
        self.parsed(line, fields, col, |v| epoch::number(v, shift))
    }

    /// Names in a comma-separated column that read as names; the others are dropped.
    fn names(&mut self, line: usize, fields: &[String], col: Col, expected: Expected) -> Vec<String> {
        let Some(v) = self.header.get(fields, col) else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        for n in v.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if !epoch::is_name(n) {
                self.drop(line, col, n, expected);
            } else if !out.iter().any(|o| o == n) {
                out.push(n.to_string());
            }
        }
        out
    }

    /// The row, or `None` when it has no model name.
    pub fn row(&mut self, line: usize, fields: &[String], with_notes: bool) -> Option<Row> {
        let h = self.header;
        let name = h.get(fields, Col::Name)?.to_string();
        let countries = h.get(fields, Col::Country).and_then(|v| match epoch::country_list(v) {
            Ok(list) => Some(list),
            Err(bad) => {
                self.drop(line, Col::Country, &bad, "a country name");
                None
            }
        });
        let links = match h.get(fields, Col::Link) {
            None => Vec::new(),
            Some(v) => {
                let l = epoch::links(v);
                if l.is_empty() {
                    self.drop(line, Col::Link, v, "a link (http:// or https://)");
                }
                l
            }
        };
        let note = |c| with_notes.then(|| h.get(fields, c).map(str::to_string)).flatten();
        Some(Row {
            line,
            orgs: self.names(line, fields, Col::Org, "an organization name"),
            countries,
            released: self.parsed(line, fields, Col::Date, epoch::date),
            reference: h.get(fields, Col::Reference).map(str::to_string),
            links,
            params_b: self.figure(line, fields, Col::Params, -9),
            flop: self.figure(line, fields, Col::Flop, 0),
            flop_low: self.figure(line, fields, Col::FlopLow, 0),
            flop_high: self.figure(line, fields, Col::FlopHigh, 0),
            datapoints: self.figure(line, fields, Col::Datapoints, 0),
            hours: self.figure(line, fields, Col::Hours, 0),
            hardware: self.names(line, fields, Col::Hardware, "a hardware name"),
            quantity: self.figure(line, fields, Col::Quantity, 0),
            util_pct: self.parsed(line, fields, Col::Utilization, epoch::percent),
            cost_2023: self.figure(line, fields, Col::Cost, 0),
            confidence: self
                .parsed(line, fields, Col::Confidence, epoch::confidence)
                .unwrap_or("unknown"),
            open_weights: self.parsed(line, fields, Col::Access, epoch::access),
            modified: self.parsed(line, fields, Col::Modified, epoch::date),
            notes: [
                note(Col::ParamsNotes),
                note(Col::FlopNotes),
                note(Col::DatapointsNotes),
                note(Col::HoursNotes),
                note(Col::CostNotes),
            ],
            name,
        })
    }
}
