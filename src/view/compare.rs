//! The compare model (ratatui-free): records side by side, one column per record and one row
//! per metric. Every figure carries the claim it comes from and the alternatives a reader may
//! pick instead; numeric rows carry the ratio of each record to the first one.
//!
//! Rows follow the view's own columns (so derived Models columns appear here too), then
//! lab aggregates (Labs), then every other numeric metric somebody claimed about one of the
//! records. Derived model metrics are recomputed from the *chosen* claims, so picking another
//! cost claim moves the cost ratio and the $/GPU-hour with it.

mod candidates;
mod notes;
mod ratio;

pub use candidates::{Candidate, Pick, Picks, backing_claim, record_sources};
pub use notes::{Note, NoteKind};
pub use ratio::{Direction, Ratio, Round, ratio_number, ratio_number_rounded};

use crate::data::{Claim, Dataset, RecordRef, Slot, Unit, metric};

use super::cell::{Cell, Value};
use super::columns::{ColType, columns};
use super::{ViewKind, derive};
use candidates::{figure_cell, short_ref};

/// What a row holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A sourced figure with claims to pick from.
    Figure,
    /// Computed by labdash.
    Derived,
    /// Any other column (names, dates, chip type): shown, not compared.
    Plain,
}

/// One record's cell in a row.
#[derive(Clone, Debug)]
pub struct CompareCell<'a> {
    /// The value with its marks.
    pub cell: Cell<'a>,
    /// Figures to pick from (figure rows only).
    pub candidates: Vec<Candidate>,
    /// The candidate shown.
    pub chosen: Option<usize>,
    /// Where the value comes from, in one line: `[C050 DeepSeek, claimed, final_run]`,
    /// `ƒ C050 ÷ C043`, `largest: DeepSeek-V3`.
    pub provenance: String,
    /// The ratio to the first record (never on the first record itself).
    pub ratio: Option<Ratio>,
}

impl CompareCell<'_> {
    /// The chosen candidate.
    pub fn chosen(&self) -> Option<&Candidate> {
        self.chosen.and_then(|i| self.candidates.get(i))
    }

    /// Whether the figures to pick from disagree (same basis, different figure).
    pub fn conflicting(&self, ds: &Dataset) -> bool {
        let claims: Vec<&Claim> = self.candidates.iter().filter_map(|c| c.claim(ds)).collect();
        claims
            .iter()
            .enumerate()
            .any(|(i, a)| claims[i + 1..].iter().any(|b| crate::data::conflicts(a, b)))
    }
}

/// One metric across the compared records.
#[derive(Clone, Debug)]
pub struct Row<'a> {
    /// Column or metric id (the key of picks for figure rows).
    pub id: &'static str,
    /// Header: `Chips`, `Cost`, `$/GPU-h ƒ`, `Compute (FLOP)`.
    pub label: String,
    /// The noun ratios are phrased with: `chips`, `training cost`.
    pub noun: String,
    /// What it holds.
    pub kind: RowKind,
    /// For derived rows, how it is computed.
    pub formula: Option<&'static str>,
    /// One cell per compared record.
    pub cells: Vec<CompareCell<'a>>,
}

/// Records side by side.
#[derive(Clone, Debug)]
pub struct Comparison<'a> {
    /// The view the records come from.
    pub view: ViewKind,
    /// The records, first = the base of ratios.
    pub records: Vec<RecordRef>,
    /// One per metric.
    pub rows: Vec<Row<'a>>,
}

/// Builds the comparison of `records` (first = base), honouring `picks`.
pub fn build<'a>(ds: &'a Dataset, view: ViewKind, records: &[RecordRef], picks: &Picks) -> Comparison<'a> {
    let cols = columns(view);
    let mut rows: Vec<Row<'a>> = Vec::new();
    let mut derived_later: Vec<usize> = Vec::new();
    for c in cols.iter().skip(1) {
        let metric = metric::find(c.id).filter(|_| !c.derived && c.ty == ColType::Number);
        let (kind, noun) = match metric {
            Some(m) => (RowKind::Figure, m.label.to_string()),
            None if c.derived => (
                RowKind::Derived,
                derive::noun(c.id).map_or_else(|| c.label.to_lowercase(), str::to_string),
            ),
            None => (RowKind::Plain, c.label.to_string()),
        };
        let cells = records
            .iter()
            .map(|&r| {
                // Text as the table shows it (a claim's metric by its title, not its id);
                // figures as they are, for their ratios (the Unit row names a claim's unit).
                let shown = if c.ty == ColType::Text {
                    c.screen(ds, r.index)
                } else {
                    (c.get)(ds, r.index)
                };
                match metric {
                    Some(m) => figure_cell(ds, r, m, shown, picks),
                    None => CompareCell {
                        cell: shown,
                        candidates: Vec::new(),
                        chosen: None,
                        // A derived column nobody recomputes below says how it is computed.
                        provenance: derive::formula(c.id)
                            .filter(|_| c.derived)
                            .map_or_else(String::new, |f| format!("ƒ {f}")),
                        ratio: None,
                    },
                }
            })
            .collect();
        if kind == RowKind::Derived {
            derived_later.push(rows.len());
        }
        rows.push(Row {
            id: c.id,
            label: c.header(),
            noun,
            kind,
            formula: c.derived.then(|| derive::formula(c.id)).flatten(),
            cells,
        });
    }
    match view {
        ViewKind::Models => rederive_models(ds, records, &mut rows, &derived_later),
        ViewKind::Labs => lab_aggregates(ds, records, &mut rows),
        _ => {}
    }
    extra_claimed(ds, records, picks, &mut rows);
    for row in &mut rows {
        if row.kind == RowKind::Plain && !row.cells.iter().any(|c| matches!(c.cell.value, Value::Fig { .. })) {
            continue;
        }
        // Rows of a column whose records measure different things (claims' values) have a
        // ratio only between records measuring the same thing: 2,048 chips are not 0.4× $5.6M.
        let measure = cols.iter().find(|c| c.id == row.id).and_then(|c| c.measure);
        let measured: Vec<&str> = match measure {
            Some(m) => records.iter().map(|r| m(ds, r.index)).collect(),
            None => Vec::new(),
        };
        let Some((base, rest)) = row.cells.split_first_mut() else {
            continue;
        };
        for (k, cell) in rest.iter_mut().enumerate() {
            cell.ratio = match (measured.first(), measured.get(k + 1)) {
                (Some(a), Some(b)) if a != b && matches!(cell.cell.value, Value::Fig { .. }) => {
                    Some(Ratio::None("different metrics"))
                }
                _ => Ratio::between(&base.cell.value, &cell.cell.value),
            };
        }
    }
    Comparison {
        view,
        records: records.to_vec(),
        rows,
    }
}

/// Recomputes the Models view's derived rows from the chosen figures, so they follow the picks.
fn rederive_models(ds: &Dataset, records: &[RecordRef], rows: &mut [Row<'_>], derived: &[usize]) {
    let find = |rows: &[Row<'_>], id: &str| rows.iter().position(|r| r.id == id);
    let (Some(cost), Some(hours), Some(chips), Some(flop)) = (
        find(rows, "cost_usd"),
        find(rows, "gpu_hours"),
        find(rows, "chips"),
        find(rows, "train_flop"),
    ) else {
        return;
    };
    for (k, &r) in records.iter().enumerate() {
        let Some(model) = ds.models.get(r.index as usize) else {
            continue;
        };
        // A lab-level figure is not this model's: derived metrics never mix the two.
        let input = |row: usize| -> (Slot, Option<Candidate>, bool) {
            let cell = &rows[row].cells[k];
            match cell.chosen() {
                Some(c) if c.lab_level => (Slot::default(), Some(c.clone()), true),
                Some(c) => (c.slot(ds, cell.cell.marks.disputed), Some(c.clone()), false),
                None => (Slot::default(), None, false),
            }
        };
        let (cost_s, cost_c, cost_lab) = input(cost);
        let (hours_s, hours_c, _) = input(hours);
        let (chips_s, chips_c, chips_lab) = input(chips);
        let (flop_s, flop_c, _) = input(flop);
        for &d in derived {
            let id = rows[d].id;
            let (cell, prov) = match id {
                "usd_per_gpu_hour" => (
                    derive::usd_per_gpu_hour_of(ds, &cost_s, &hours_s),
                    format!(
                        "ƒ {} ÷ {}",
                        short_ref(ds, cost_c.as_ref()),
                        short_ref(ds, hours_c.as_ref())
                    ),
                ),
                "train_days" => (
                    derive::train_days_of(ds, &hours_s, &chips_s),
                    format!(
                        "ƒ {} ÷ {} ÷ 24",
                        short_ref(ds, hours_c.as_ref()),
                        short_ref(ds, chips_c.as_ref())
                    ),
                ),
                "flop_per_usd" => (
                    derive::flop_per_usd_of(ds, &flop_s, &cost_s),
                    format!(
                        "ƒ {} ÷ {}",
                        short_ref(ds, flop_c.as_ref()),
                        short_ref(ds, cost_c.as_ref())
                    ),
                ),
                "est_flop" => {
                    let mfu = derive::mfu(ds, r.index);
                    let cell = derive::est_flop_of(&flop_s, &hours_s, &derive::chip_peak(ds, model), &mfu);
                    let prov = if flop_s.fig.is_some() {
                        "ƒ not estimated: a FLOP figure exists".to_string()
                    } else {
                        format!(
                            "ƒ {} × chip peak × {}",
                            short_ref(ds, hours_c.as_ref()),
                            mfu.describe(ds)
                        )
                    };
                    (cell, prov)
                }
                _ => continue,
            };
            let lab_input = match id {
                "usd_per_gpu_hour" | "flop_per_usd" => cost_lab,
                "train_days" => chips_lab,
                _ => false,
            };
            let clash = match id {
                "usd_per_gpu_hour" => derive::scope_clash(ds, &[("cost", &cost_s), ("GPU-hours", &hours_s)]),
                "train_days" => derive::scope_clash(ds, &[("GPU-hours", &hours_s), ("chips", &chips_s)]),
                "flop_per_usd" => derive::scope_clash(ds, &[("compute", &flop_s), ("cost", &cost_s)]),
                _ => None,
            };
            let prov = if lab_input {
                "ƒ not derived from a lab-level figure".to_string()
            } else if let Some(why) = clash {
                format!("ƒ {why}")
            } else {
                prov
            };
            if let Some(c) = rows[d].cells.get_mut(k) {
                c.cell = cell;
                c.provenance = prov;
            }
        }
    }
}

/// Labs: aggregates over each lab's models, with the model they come from.
fn lab_aggregates(ds: &Dataset, records: &[RecordRef], rows: &mut Vec<Row<'_>>) {
    type Getter = fn(&crate::data::Model) -> &Slot;
    let specs: [(&'static str, &str, &str, Unit, Getter, bool); 4] = [
        (
            "max_train_flop",
            "Largest run (FLOP) ƒ",
            "compute of the largest run",
            Unit::Flop,
            |m| &m.train_flop,
            false,
        ),
        (
            "max_chips",
            "Most chips, one model ƒ",
            "chips",
            Unit::Count,
            |m| &m.chips,
            false,
        ),
        (
            "total_gpu_hours",
            "GPU-hours, all models ƒ",
            "GPU-hours",
            Unit::GpuHours,
            |m| &m.gpu_hours,
            true,
        ),
        (
            "max_cost_usd",
            "Costliest run ƒ",
            "training cost",
            Unit::Money,
            |m| &m.cost_usd,
            false,
        ),
    ];
    for (id, label, noun, unit, pick, total) in specs {
        let cells = records
            .iter()
            .map(|r| {
                let agg = if total {
                    derive::lab_total(ds, r.index, pick, unit)
                } else {
                    derive::lab_max(ds, r.index, pick, unit)
                };
                let names: Vec<&str> = agg
                    .models
                    .iter()
                    .filter_map(|&m| ds.models.get(m as usize).map(|m| m.name.as_str()))
                    .collect();
                let provenance = match (total, names.as_slice()) {
                    (_, []) => format!("ƒ none of {} models states one", agg.of),
                    (false, [one, ..]) => format!("ƒ largest: {one}"),
                    (true, _) => format!("ƒ sum of {} of {} models", names.len(), agg.of),
                };
                CompareCell {
                    cell: agg.cell,
                    candidates: Vec::new(),
                    chosen: None,
                    provenance,
                    ratio: None,
                }
            })
            .collect();
        let row = Row {
            id,
            label: label.to_string(),
            noun: noun.to_string(),
            kind: RowKind::Derived,
            formula: derive::formula(id),
            cells,
        };
        // The view's own "largest run" column is replaced by the version naming its model.
        match rows.iter().position(|r| r.id == id) {
            Some(i) => rows[i] = row,
            None => rows.push(row),
        }
    }
}

/// Every other numeric metric claimed about one of the records, in the registry's order.
fn extra_claimed<'a>(ds: &'a Dataset, records: &[RecordRef], picks: &Picks, rows: &mut Vec<Row<'a>>) {
    for m in metric::METRICS {
        if matches!(m.unit, Unit::Text | Unit::Date) || rows.iter().any(|r| r.id == m.id) {
            continue;
        }
        let claimed = records.iter().any(|&r| {
            ds.claims_for(r, m.id)
                .iter()
                .any(|&c| ds.claims.get(c as usize).is_some_and(|c| c.figure.is_some()))
        });
        if !claimed {
            continue;
        }
        let cells = records
            .iter()
            .map(|&r| figure_cell(ds, r, m, Cell::MISSING, picks))
            .collect();
        let unit = m.unit.label();
        rows.push(Row {
            id: m.id,
            label: if unit.is_empty() || m.unit.shown_in_cells() {
                m.label.to_string()
            } else {
                format!("{} ({unit})", m.label)
            },
            noun: m.label.to_string(),
            kind: RowKind::Figure,
            formula: None,
            cells,
        });
    }
}
impl Comparison<'_> {
    /// The first row a reader wants: the first sourced figure (else the first row).
    pub fn first_figure_row(&self) -> usize {
        self.rows.iter().position(|r| r.kind == RowKind::Figure).unwrap_or(0)
    }

    /// The pick that `n` makes for cell (`row`, `col`): the candidate after the chosen one,
    /// wrapping. `None` when there is nothing else to pick.
    pub fn next_pick(&self, ds: &Dataset, row: usize, col: usize) -> Option<((String, String), Pick)> {
        let r = self.rows.get(row)?;
        let cell = r.cells.get(col)?;
        if cell.candidates.len() < 2 {
            return None;
        }
        let next = cell.chosen.map_or(0, |i| (i + 1) % cell.candidates.len());
        let record = self.records.get(col)?;
        let key = (ds.id_of(*record).to_string(), r.id.to_string());
        Some((key, cell.candidates.get(next)?.pick(ds)))
    }
}
