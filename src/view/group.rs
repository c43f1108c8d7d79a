//! Group-by: the visible rows of a view grouped by one column's value, one row per group with
//! its count and, for each numeric column, the sum, median and largest figure. Every
//! aggregate is computed by labdash (marked `ƒ`); money is aggregated in one currency only.

use std::collections::HashMap;

use crate::data::sanitize::printable;
use crate::data::{Currency, Dataset, Unit};

use super::ViewKind;
use super::cell::Value;
use super::chart::{self, ChartData, Scale};
use super::columns::{ColType, columns};
use super::filter::quote;
use super::format;
use super::sort::SortDir;

/// What a group column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agg {
    /// The group's value (the grouped-by column).
    Key,
    /// Rows in the group.
    Count,
    /// Sum of a numeric column.
    Sum,
    /// Median of a numeric column.
    Median,
    /// Largest figure of a numeric column.
    Max,
}

impl Agg {
    fn name(self) -> &'static str {
        match self {
            Agg::Key => "",
            Agg::Count => "Rows",
            Agg::Sum => "sum",
            Agg::Median => "median",
            Agg::Max => "max",
        }
    }
}

/// One column of the group table.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupColumn {
    /// Header text (with `ƒ` for computed figures).
    pub header: String,
    /// What it holds.
    pub agg: Agg,
    /// The view column aggregated (for `Key`: the grouped-by column).
    pub source: usize,
    /// Unit of the figures.
    pub unit: Unit,
    /// Currency aggregated (money).
    pub currency: Currency,
}

impl GroupColumn {
    /// Whether the column holds numbers (sorts largest first, charts as bars).
    pub fn numeric(&self) -> bool {
        self.agg != Agg::Key
    }
}

/// How a group is recognised: text case-insensitively, numbers exactly, dates by year.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Missing,
    Text(String),
    Number(u64),
    Year(u16),
}

/// One group.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupRow {
    /// The value shown ("US", "2024", "—" for rows without a value).
    pub label: String,
    /// The filter term selecting exactly this group (`country=US`, `lab="Meta AI"`, `chip=""`).
    pub term: String,
    /// One number per group column (`None` for the key column and for no figure).
    pub values: Vec<Option<f64>>,
}

/// The grouped table.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupTable {
    /// The view grouped.
    pub view: ViewKind,
    /// The grouped-by column (index in the view).
    pub by: usize,
    /// Columns: key, count, then sum/median/max per numeric column.
    pub columns: Vec<GroupColumn>,
    /// Groups, in display order.
    pub rows: Vec<GroupRow>,
    /// Rows grouped.
    pub total: usize,
    /// Money figures left out because they are in another currency than their column's.
    pub skipped: usize,
}

/// Median of unsorted values (mean of the middle two for an even count).
pub fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

/// A group being gathered: its row, count, and per numeric column the figures with their
/// currency.
struct Acc {
    row: GroupRow,
    count: usize,
    figs: Vec<Vec<(f64, Currency)>>,
}

/// A number as a filter value the parser reads back exactly.
fn number_term(v: f64) -> String {
    if v.abs() < 1e15 {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

impl GroupTable {
    /// Groups `rows` of `view` by column `by`; groups come largest first.
    pub fn build(ds: &Dataset, view: ViewKind, rows: &[u32], by: usize) -> GroupTable {
        let cols = columns(view);
        let by_id = cols.get(by).map_or("", |c| c.id);
        let by_type = cols.get(by).map_or(ColType::Text, |c| c.ty);
        let numeric: Vec<usize> = (0..cols.len()).filter(|&i| cols[i].ty == ColType::Number).collect();
        let mut groups: Vec<Acc> = Vec::new();
        let mut index: HashMap<Key, usize> = HashMap::new();
        let mut units: Vec<Option<Unit>> = vec![None; numeric.len()];
        for &r in rows {
            let cell = chart::cell(ds, view, by, r);
            let text_in_numbers = by_type != ColType::Text && matches!(cell.value, Value::Text(_));
            let key = match &cell.value {
                Value::Missing => Key::Missing,
                Value::Text(s) => Key::Text(s.to_lowercase()),
                Value::Date(d) => Key::Year(d.year),
                // -0.0 and 0.0 are one group.
                Value::Fig { fig, .. } => Key::Number((fig.key() + 0.0).to_bits()),
            };
            // Labels and filter terms are built once per group, not once per row.
            let g = *index.entry(key).or_insert_with(|| {
                let (label, term) = match &cell.value {
                    Value::Missing => (format::MISSING.to_string(), quote("")),
                    Value::Text(s) => (printable(s).into_owned(), quote(s)),
                    Value::Date(d) => (d.year.to_string(), d.year.to_string()),
                    Value::Fig { fig, .. } => (format::value_text(&cell), number_term(fig.key() + 0.0)),
                };
                // Text in a number column (a claim stated in words) has no exact test: contains.
                let op = if text_in_numbers { ':' } else { '=' };
                let row = GroupRow {
                    label,
                    term: format!("{by_id}{op}{term}"),
                    values: Vec::new(),
                };
                groups.push(Acc {
                    row,
                    count: 0,
                    figs: vec![Vec::new(); numeric.len()],
                });
                groups.len() - 1
            });
            groups[g].count += 1;
            for (k, &c) in numeric.iter().enumerate() {
                let cell = chart::cell(ds, view, c, r);
                if let (Some(v), Value::Fig { unit, currency, .. }) = (cell.number(), &cell.value) {
                    units[k].get_or_insert(*unit);
                    groups[g].figs[k].push((v, *currency));
                }
            }
        }
        // Each money column is aggregated in its most common currency; the rest are counted.
        let currencies: Vec<Currency> = (0..numeric.len())
            .map(|k| {
                let mut tally: Vec<(Currency, usize)> = Vec::new();
                for acc in &groups {
                    for &(_, c) in &acc.figs[k] {
                        match tally.iter_mut().find(|(x, _)| *x == c) {
                            Some(t) => t.1 += 1,
                            None => tally.push((c, 1)),
                        }
                    }
                }
                tally.iter().max_by_key(|t| t.1).map_or(Currency::Usd, |t| t.0)
            })
            .collect();
        let mut table_cols = vec![
            GroupColumn {
                header: cols.get(by).map_or_else(String::new, |c| c.header()),
                agg: Agg::Key,
                source: by,
                unit: Unit::Text,
                currency: Currency::Usd,
            },
            GroupColumn {
                header: "Rows".into(),
                agg: Agg::Count,
                source: by,
                unit: Unit::Count,
                currency: Currency::Usd,
            },
        ];
        // Sums first (the one-keystroke summary), then medians, then maxima; columns without
        // a single figure in these rows are left out rather than shown as a wall of `—`.
        let kept: Vec<usize> = (0..numeric.len()).filter(|&k| units[k].is_some()).collect();
        for agg in [Agg::Sum, Agg::Median, Agg::Max] {
            for &k in &kept {
                let c = numeric[k];
                table_cols.push(GroupColumn {
                    header: format!("{} {} ƒ", cols[c].label, agg.name()),
                    agg,
                    source: c,
                    unit: units[k].unwrap_or(Unit::Count),
                    currency: currencies[k],
                });
            }
        }
        let mut skipped = 0;
        let rows_out = groups
            .into_iter()
            .map(|Acc { mut row, count, figs }| {
                let mut stats = Vec::with_capacity(kept.len());
                for (k, figs) in figs.into_iter().enumerate().filter(|(k, _)| kept.contains(k)) {
                    let is_money = units[k] == Some(Unit::Money);
                    let mut vs: Vec<f64> = Vec::with_capacity(figs.len());
                    for (v, c) in figs {
                        if is_money && c != currencies[k] {
                            skipped += 1;
                        } else {
                            vs.push(v);
                        }
                    }
                    let sum = (!vs.is_empty()).then(|| vs.iter().sum::<f64>());
                    let max = vs.iter().copied().reduce(f64::max);
                    stats.push([sum, median(&mut vs), max]);
                }
                row.values = vec![None, Some(count as f64)];
                for agg in 0..3 {
                    row.values.extend(stats.iter().map(|s| s[agg]));
                }
                row
            })
            .collect();
        let mut table = GroupTable {
            view,
            by,
            columns: table_cols,
            rows: rows_out,
            total: rows.len(),
            skipped,
        };
        table.sort(1, SortDir::Desc);
        table
    }

    /// Sorts groups by column `col`: text A→Z or numbers by `dir`; "—" and missing figures
    /// always last; ties by label.
    pub fn sort(&mut self, col: usize, dir: SortDir) {
        let Some(c) = self.columns.get(col) else { return };
        let numeric = c.numeric();
        self.rows.sort_by(|a, b| {
            let tie = || a.label.to_lowercase().cmp(&b.label.to_lowercase());
            if numeric {
                match (
                    a.values.get(col).copied().flatten(),
                    b.values.get(col).copied().flatten(),
                ) {
                    (Some(x), Some(y)) => {
                        let o = x.total_cmp(&y);
                        (if dir == SortDir::Desc { o.reverse() } else { o }).then_with(tie)
                    }
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => tie(),
                }
            } else {
                let missing = |r: &GroupRow| r.label == format::MISSING;
                match (missing(a), missing(b)) {
                    (false, true) => std::cmp::Ordering::Less,
                    (true, false) => std::cmp::Ordering::Greater,
                    _ if dir == SortDir::Desc => tie().reverse(),
                    _ => tie(),
                }
            }
        });
    }

    /// The text of one cell: the label, a count, or a humane figure (`—` when none).
    pub fn text(&self, row: usize, col: usize) -> String {
        let (Some(r), Some(c)) = (self.rows.get(row), self.columns.get(col)) else {
            return String::new();
        };
        match (c.agg, r.values.get(col).copied().flatten()) {
            (Agg::Key, _) => r.label.clone(),
            (Agg::Count, Some(n)) => format::thousands(n as u64),
            (_, Some(v)) => format::number(v, c.unit, c.currency),
            (_, None) => format::MISSING.to_string(),
        }
    }

    /// A bar chart of column `col` over the groups in their order (the key column charts
    /// the counts).
    pub fn bars(&self, col: usize, scale: Scale) -> ChartData {
        let col = if self.columns.get(col).is_some_and(GroupColumn::numeric) {
            col
        } else {
            1
        };
        let Some(c) = self.columns.get(col) else {
            return ChartData::Empty("nothing to chart".into());
        };
        let by = self.columns.first().map_or("", |k| k.header.as_str());
        let title = format!("{} per {by}", c.header);
        let rows = (0..self.rows.len()).map(|i| {
            let r = &self.rows[i];
            (r.label.clone(), self.text(i, col), r.values.get(col).copied().flatten())
        });
        chart::label_bars(title, rows, (c.unit, c.currency), scale)
    }

    /// How the aggregates were computed, for the overlay's help line.
    pub fn method(&self) -> String {
        let mut s = "ƒ computed by labdash; money sums/medians/max use one currency per column (USD unless most figures are in another)".to_string();
        if self.skipped > 0 {
            s.push_str(&format!(
                ", {} figure{} in other currencies left out",
                self.skipped,
                if self.skipped == 1 { "" } else { "s" }
            ));
        }
        s.push_str("; a range counts at its midpoint, a bound at its bound");
        s
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::view::{Filter, Query, columns::find, project};

    fn mini() -> Dataset {
        crate::data::load("mini", include_str!("../../tests/fixtures/mini.toml")).unwrap()
    }

    fn all(ds: &Dataset, view: ViewKind) -> Vec<u32> {
        (0..view.len(ds) as u32).collect()
    }

    #[test]
    fn median_of_odd_even_and_none() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn groups_by_country_with_counts_and_sums() {
        let ds = mini();
        let by = find(ViewKind::Models, "country").unwrap();
        let t = GroupTable::build(&ds, ViewKind::Models, &all(&ds, ViewKind::Models), by);
        let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["US", "CN"]);
        assert_eq!(t.text(0, 1), "2");
        assert_eq!(t.text(1, 1), "1");
        let sum = t
            .columns
            .iter()
            .position(|c| c.agg == Agg::Sum && columns(ViewKind::Models)[c.source].id == "chips")
            .unwrap();
        assert!(t.columns[sum].header.ends_with('ƒ'));
        // US: Llama's `≤16,384` counts at its bound; GPT-4 has no chip count.
        assert_eq!(t.rows[0].values[sum], Some(16384.0));
        assert_eq!(t.rows[1].values[sum], Some(2048.0));
        assert_eq!(t.rows[0].term, "country=US");
    }

    #[test]
    fn missing_values_group_under_a_dash_that_sorts_last() {
        let ds = mini();
        let by = find(ViewKind::Models, "chip").unwrap();
        let mut t = GroupTable::build(&ds, ViewKind::Models, &all(&ds, ViewKind::Models), by);
        t.sort(0, SortDir::Asc);
        let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["H100 SXM5 80GB", "H800 SXM5", "—"]);
        assert_eq!(t.rows[0].term, "chip=\"H100 SXM5 80GB\"");
        assert_eq!(t.rows[2].term, "chip=\"\"");
        t.sort(0, SortDir::Desc);
        assert_eq!(t.rows.last().map(|r| r.label.as_str()), Some("—"));
    }

    #[test]
    fn every_group_term_selects_exactly_its_rows() {
        let ds = mini();
        for view in [ViewKind::Models, ViewKind::Labs, ViewKind::Claims] {
            for by in 0..columns(view).len() {
                let t = GroupTable::build(&ds, view, &all(&ds, view), by);
                let total: usize = t.rows.iter().map(|r| r.values[1].unwrap() as usize).sum();
                assert_eq!(total, view.len(&ds));
                for r in &t.rows {
                    let filter = Filter::parse(view, &r.term).unwrap_or_else(|e| panic!("{}: {e}", r.term));
                    let q = Query {
                        view,
                        sort: None,
                        filter,
                    };
                    assert_eq!(
                        project(&ds, &q).len(),
                        r.values[1].unwrap() as usize,
                        "{view:?} {}",
                        r.term
                    );
                }
            }
        }
    }

    #[test]
    fn sorts_numbers_with_missing_last() {
        let ds = mini();
        let by = find(ViewKind::Models, "name").unwrap();
        let mut t = GroupTable::build(&ds, ViewKind::Models, &all(&ds, ViewKind::Models), by);
        let flop = t
            .columns
            .iter()
            .position(|c| c.agg == Agg::Max && columns(ViewKind::Models)[c.source].id == "train_flop")
            .unwrap();
        t.sort(flop, SortDir::Asc);
        assert_eq!(t.rows[0].label, "Llama 3.1 405B");
        assert_eq!(t.text(0, flop), "3.8e25");
        assert_eq!(t.text(2, flop), "—");
        t.sort(flop, SortDir::Desc);
        assert_eq!(t.text(2, flop), "—");
    }

    #[test]
    fn charts_a_group_column() {
        let ds = mini();
        let by = find(ViewKind::Models, "country").unwrap();
        let t = GroupTable::build(&ds, ViewKind::Models, &all(&ds, ViewKind::Models), by);
        match t.bars(0, Scale::Linear) {
            ChartData::Bars(b) => {
                assert_eq!(b.items.len(), 2);
                assert_eq!(b.items[0].value, 2.0);
                assert!(b.title.starts_with("Rows per Country"));
            }
            other => panic!("{other:?}"),
        }
    }
}
