//! The columns of every view: id (used by `--sort`, filters, export), header, type, and how
//! to read the cell from the dataset. The screen and `export` both read these tables.

pub use crate::data::schema::Aggregation;
use crate::data::schema::{self, FigureField};
use crate::data::{Chip, Compute, Dataset, Event, Kind, Lab, Model, Record, RecordRef, Unit};

use super::ViewKind;
use super::cell::Cell;
use super::derive;

/// How a column's values compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColType {
    /// Text: sorts A→Z first.
    Text,
    /// Numbers: sort largest first.
    Number,
    /// Dates: sort latest first.
    Date,
}

/// Reads one cell of a row (row = index into the view's record vector).
pub type Getter = for<'a> fn(&'a Dataset, u32) -> Cell<'a>;

/// One column of a view.
pub struct Column {
    /// snake_case id.
    pub id: &'static str,
    /// Readable header.
    pub label: &'static str,
    /// Unit shown in the header ("USD", "FLOP"), or "".
    pub unit: &'static str,
    /// How values compare.
    pub ty: ColType,
    /// Computed by labdash, not claimed by anyone.
    pub derived: bool,
    /// How group-by may aggregate its figures (a figure field's own rule; derived columns
    /// declare theirs here).
    pub aggregation: Aggregation,
    /// Cell reader.
    pub get: Getter,
    /// The record's figure field the column shows (its unit, metric and aggregation rule),
    /// if it shows one.
    pub figure: Option<&'static FigureField>,
    /// Which columns stay on a narrow screen: 0 first (the frozen name), then 1, 2, … (the
    /// figures a user came for are 1).
    pub priority: u8,
    /// Widest the column grows to fit its content (longer text is ellipsised with `…`).
    pub max_width: u8,
    /// What the screen shows instead of the cell, when that is an id with a title (a
    /// claim's metric `gpu_hours_per_t_tokens` reads "GPU-hours per trillion tokens");
    /// sorting, filters and exports keep the id.
    pub shown: Option<Getter>,
    /// What a row's figure measures, for a column whose rows measure different things (a
    /// claim's value: chips in one row, dollars in the next). Such figures are only charted
    /// or aggregated together when they all measure one thing (see `measures`).
    pub measure: Option<Measure>,
}

/// Reads what a row's figure measures (a metric id).
pub type Measure = fn(&Dataset, u32) -> &'static str;

impl Column {
    /// The same column, aggregated as a rate (see `Aggregation::Spread`).
    const fn spread(mut self) -> Column {
        self.aggregation = Aggregation::Spread;
        self
    }
}

/// Priority of a column none declared: shown when there is room.
const DEFAULT_PRIORITY: u8 = 5;
/// Default widest a column grows.
const DEFAULT_MAX: u8 = 28;

impl Column {
    /// The same column with priority `p` (see `priority`).
    const fn prio(mut self, p: u8) -> Column {
        self.priority = p;
        self
    }

    /// The same column showing `shown` on screen (see `Column::shown`).
    const fn titled(mut self, shown: Getter) -> Column {
        self.shown = Some(shown);
        self
    }

    /// The same column, its rows measuring what `m` says (see `Column::measure`).
    const fn measured(mut self, m: Measure) -> Column {
        self.measure = Some(m);
        self
    }

    /// The distinct things the figures of `rows` measure, in order of first appearance, at
    /// most `limit` of them; empty for a column whose rows all measure the same thing.
    pub fn measures(&self, ds: &Dataset, rows: &[u32], limit: usize) -> Vec<&'static str> {
        let Some(m) = self.measure else {
            return Vec::new();
        };
        let mut out: Vec<&'static str> = Vec::new();
        let mut last = "";
        for &r in rows {
            let id = m(ds, r);
            // Rows come in runs of one metric: compare with the last before searching.
            if std::ptr::eq(id, last) || out.iter().any(|o| std::ptr::eq(*o, id) || *o == id) {
                continue;
            }
            last = id;
            out.push(id);
            if out.len() >= limit {
                break;
            }
        }
        out
    }

    /// Whether the figures of `rows` measure different things (and so must not be charted on
    /// one axis or aggregated together).
    pub fn mixes_measures(&self, ds: &Dataset, rows: &[u32]) -> bool {
        self.measures(ds, rows, 2).len() > 1
    }

    /// The cell as the screen shows it (see `Column::shown`).
    pub fn screen<'a>(&self, ds: &'a Dataset, row: u32) -> Cell<'a> {
        (self.shown.unwrap_or(self.get))(ds, row)
    }

    /// The same column allowed to grow to `w` cells when its content needs it.
    const fn wide(mut self, w: u8) -> Column {
        self.max_width = w;
        self
    }

    /// Whether the column's cells name their unit themselves (see `Unit::shown_in_cells`);
    /// a derived column without a figure field declares money by its unit `USD`.
    pub fn unit_in_cells(&self) -> bool {
        match self.figure {
            Some(f) => f.metric.unit.shown_in_cells(),
            None => self.unit == Unit::Money.label(),
        }
    }

    /// Header text: label, the unit when the cells do not say it (`Compute (FLOP)`, but
    /// `Cost` over `$5.6M`), and `ƒ` for derived columns.
    pub fn header(&self) -> String {
        let mut h = self.label.to_string();
        if !self.unit.is_empty() && !self.unit_in_cells() {
            h.push_str(" (");
            h.push_str(self.unit);
            h.push(')');
        }
        if self.derived {
            h.push_str(" ƒ");
        }
        h
    }
}

const fn col(id: &'static str, label: &'static str, unit: &'static str, ty: ColType, get: Getter) -> Column {
    Column {
        id,
        label,
        unit,
        ty,
        derived: false,
        aggregation: Aggregation::Sum,
        get,
        figure: None,
        priority: DEFAULT_PRIORITY,
        max_width: DEFAULT_MAX,
        shown: None,
        measure: None,
    }
}

const fn derived(id: &'static str, label: &'static str, unit: &'static str, get: Getter) -> Column {
    Column {
        id,
        label,
        unit,
        ty: ColType::Number,
        derived: true,
        aggregation: Aggregation::Sum,
        get,
        figure: None,
        priority: DEFAULT_PRIORITY,
        max_width: DEFAULT_MAX,
        shown: None,
        measure: None,
    }
}

/// The column of a figure field: id, header and cell all come from its declaration in
/// `data::schema` (position `P` of `R`'s schema).
const fn figure<R: Record, const P: usize>() -> Column {
    let Some(f) = &schema::of(R::KIND)[P].figure else {
        panic!("not a figure field")
    };
    Column {
        id: f.metric.id,
        label: f.title,
        unit: f.header_unit,
        ty: ColType::Number,
        derived: false,
        aggregation: f.aggregation,
        get: figure_cell::<R, P>,
        figure: Some(f),
        priority: DEFAULT_PRIORITY,
        max_width: DEFAULT_MAX,
        shown: None,
        measure: None,
    }
}

fn figure_cell<R: Record, const P: usize>(ds: &Dataset, row: u32) -> Cell<'_> {
    schema::at::<R>(P)
        .and_then(|f| (f.slot)(ds, row as usize).map(|s| Cell::slot(s, f.metric.unit)))
        .unwrap_or(Cell::MISSING)
}

/// The column of figure field `name` of record type `R` (a compile error if there is none).
macro_rules! fig {
    ($rec:ident, $name:ident) => {
        figure::<$rec, { schema::position(schema::of(<$rec as Record>::KIND), stringify!($name)) }>()
    };
}

use ColType::{Date as D, Number as N, Text as T};

fn lab_of(ds: &Dataset, i: u32) -> Option<&crate::data::Lab> {
    ds.models.get(i as usize).and_then(|m| ds.labs.get(m.lab as usize))
}

/// The data file a record comes from (its label: `labs`, `epoch`, `labs+epoch`).
fn from_file(ds: &Dataset, kind: Kind, index: u32) -> Cell<'_> {
    Cell::opt_text(Some(ds.layers.label_of(RecordRef { kind, index })).filter(|l| !l.is_empty()))
}

fn name_of(ds: &Dataset, r: Option<RecordRef>) -> Cell<'_> {
    r.map_or(Cell::MISSING, |r| Cell::text(ds.name_of(r)))
}

/// Columns of the Labs view.
pub static LABS: &[Column] = &[
    col("name", "Lab", "", T, |ds, i| {
        Cell::text(ds.labs[i as usize].name.as_str())
    })
    .prio(0),
    col("name_native", "Native name", "", T, |ds, i| {
        Cell::opt_text(ds.labs[i as usize].name_native.as_deref())
    })
    .prio(6),
    col("country", "Country", "", T, |ds, i| {
        Cell::text(ds.labs[i as usize].country.as_str())
    })
    .prio(2),
    col("hq", "HQ", "", T, |ds, i| {
        Cell::opt_text(ds.labs[i as usize].hq.as_deref())
    })
    .prio(4),
    col("founded", "Founded", "", D, |ds, i| {
        Cell::date(ds.labs[i as usize].founded)
    })
    .prio(3),
    derived("models", "Models", "", |ds, i| {
        Cell::num(ds.models_by_lab.get(i as usize).map(|m| m.len() as f64), Unit::Count).derived()
    })
    .prio(2),
    col("open_weights", "Weights", "", T, |ds, i| {
        Cell::opt_text(ds.labs[i as usize].open_weights.as_deref())
    })
    .prio(4),
    fig!(Lab, gpu_fleet).prio(1),
    fig!(Lab, hardware_spend_usd).prio(1),
    derived("max_train_flop", "Largest run", "FLOP", |ds, i| {
        // The table keeps the picked figure's own marks (`*` when it comes from a claim).
        let largest = derive::lab_max(ds, i, |m| &m.train_flop, Unit::Flop)
            .models
            .first()
            .copied();
        largest
            .and_then(|m| ds.models.get(m as usize))
            .map_or(Cell::MISSING, |m| Cell::slot(&m.train_flop, Unit::Flop).derived())
    })
    .spread()
    .prio(1),
    col("ceo", "CEO", "", T, |ds, i| {
        Cell::opt_text(ds.labs[i as usize].ceo.as_deref())
    })
    .prio(5),
    col("from", "From", "", T, |ds, i| from_file(ds, Kind::Lab, i)).prio(9),
];

/// Columns of the Models view.
pub static MODELS: &[Column] = &[
    col("name", "Model", "", T, |ds, i| {
        Cell::text(ds.models[i as usize].name.as_str())
    })
    .prio(0),
    col("lab", "Lab", "", T, |ds, i| {
        lab_of(ds, i).map_or(Cell::MISSING, |l| Cell::text(l.name.as_str()))
    })
    .prio(2),
    col("country", "Country", "", T, |ds, i| {
        lab_of(ds, i).map_or(Cell::MISSING, |l| Cell::text(l.country.as_str()))
    })
    .prio(4),
    col("released", "Released", "", D, |ds, i| {
        Cell::date(ds.models[i as usize].released)
    })
    .prio(2),
    fig!(Model, params_b).prio(3),
    fig!(Model, active_params_b).prio(4),
    fig!(Model, tokens_t).prio(3),
    col("chip", "Chip", "", T, |ds, i| {
        let m = &ds.models[i as usize];
        m.chip
            .and_then(|c| ds.chips.get(c as usize))
            .map_or(Cell::MISSING, |c| Cell::text(c.name.as_str()))
    })
    .prio(3),
    fig!(Model, chips).prio(1),
    fig!(Model, gpu_hours).prio(2),
    fig!(Model, train_flop).prio(1),
    fig!(Model, cost_usd).prio(1),
    derived("usd_per_gpu_hour", "$/GPU-h", "USD", |ds, i| {
        derive::usd_per_gpu_hour(ds, &ds.models[i as usize])
    })
    .spread()
    .prio(6),
    derived("train_days", "Days", "", |ds, i| {
        derive::train_days(ds, &ds.models[i as usize])
    })
    .spread()
    .prio(6),
    derived("flop_per_usd", "FLOP/$", "", |ds, i| {
        derive::flop_per_usd(ds, &ds.models[i as usize])
    })
    .spread()
    .prio(6),
    derived("est_flop", "Est. compute", "FLOP", derive::est_flop_at).prio(6),
    col("from", "From", "", T, |ds, i| from_file(ds, Kind::Model, i)).prio(9),
];

/// Columns of the Claims view.
pub static CLAIMS: &[Column] = &[
    col("subject", "Subject", "", T, |ds, i| {
        Cell::text(ds.name_of(ds.claims[i as usize].subject))
    })
    .prio(0),
    col("metric", "Metric", "", T, |ds, i| {
        Cell::text(ds.claims[i as usize].metric.id)
    })
    .titled(|ds, i| Cell::text(ds.claims[i as usize].metric.label))
    .prio(1)
    .wide(32),
    col("value", "Value", "", N, |ds, i| {
        super::claims::value_cell(ds, &ds.claims[i as usize])
    })
    .titled(|ds, i| super::claims::value_shown(ds, &ds.claims[i as usize]))
    .measured(|ds, i| ds.claims.get(i as usize).map_or("", |c| c.metric.id))
    .spread()
    .prio(1),
    col("unit", "Unit", "", T, |ds, i| {
        let c = &ds.claims[i as usize];
        // Money claims carry their currency, so a USD-2023 figure is never read as nominal USD.
        if c.metric.unit == Unit::Money {
            Cell::text(c.currency.code())
        } else {
            Cell::text(super::claims::unit_text(c))
        }
    })
    .prio(3),
    col("claimant", "Claimant", "", T, |ds, i| {
        Cell::text(ds.claims[i as usize].claimant.as_str())
    })
    .prio(1),
    col("kind", "Kind", "", T, |ds, i| {
        Cell::text(ds.claims[i as usize].kind.name())
    })
    .prio(3),
    col("date", "Said on", "", D, |ds, i| Cell::date(ds.claims[i as usize].date)).prio(2),
    col("source", "Source", "", T, |ds, i| {
        let c = &ds.claims[i as usize];
        c.sources
            .first()
            .and_then(|s| ds.sources.get(*s as usize))
            .map_or(Cell::MISSING, |s| Cell::text(s.id.as_str()))
    })
    .prio(4),
    col("basis", "Basis", "", T, |ds, i| {
        Cell::opt_text(ds.claims[i as usize].basis.as_deref())
    })
    .prio(6),
    col("confidence", "Confidence", "", T, |ds, i| {
        Cell::text(ds.claims[i as usize].confidence.name())
    })
    .prio(4),
    col("id", "Id", "", T, |ds, i| Cell::text(ds.claims[i as usize].id.as_str())).prio(7),
    col("from", "From", "", T, |ds, i| from_file(ds, Kind::Claim, i)).prio(9),
];

/// Columns of the Compute view.
pub static COMPUTE: &[Column] = &[
    col("name", "Name", "", T, |ds, i| {
        Cell::text(ds.compute[i as usize].name.as_str())
    })
    .prio(0),
    col("owner", "Owner", "", T, |ds, i| {
        name_of(ds, ds.compute[i as usize].owner)
    })
    .prio(2),
    col("kind", "Kind", "", T, |ds, i| {
        Cell::text(ds.compute[i as usize].kind.as_str())
    })
    .prio(3),
    col("chip", "Chip", "", T, |ds, i| {
        let c = &ds.compute[i as usize];
        c.chip
            .and_then(|c| ds.chips.get(c as usize))
            .map_or(Cell::MISSING, |c| Cell::text(c.name.as_str()))
    })
    .prio(2),
    fig!(Compute, chips).prio(1),
    fig!(Compute, capex_usd).prio(1),
    col("announced", "Announced", "", D, |ds, i| {
        Cell::date(ds.compute[i as usize].announced)
    })
    .prio(2),
    col("location", "Location", "", T, |ds, i| {
        Cell::opt_text(ds.compute[i as usize].location.as_deref())
    })
    .prio(4),
    col("from", "From", "", T, |ds, i| from_file(ds, Kind::Compute, i)).prio(9),
];

/// Columns of the Events view.
pub static EVENTS: &[Column] = &[
    col("date", "Date", "", D, |ds, i| Cell::date(ds.events[i as usize].date)).prio(0),
    col("title", "Event", "", T, |ds, i| {
        Cell::text(ds.events[i as usize].title.as_str())
    })
    .prio(1)
    .wide(60),
    col("actor", "Actor", "", T, |ds, i| {
        Cell::opt_text(ds.events[i as usize].actor.as_deref())
    })
    .prio(2),
    col("kind", "Kind", "", T, |ds, i| {
        Cell::text(ds.events[i as usize].kind.as_str())
    })
    .prio(3),
    fig!(Event, amount_usd).prio(1),
    derived("claims", "Claims", "", |ds, i| {
        let r = RecordRef {
            kind: Kind::Event,
            index: i,
        };
        Cell::num(Some(ds.claims_of(r).len() as f64), Unit::Count).derived()
    })
    .prio(3),
    col("from", "From", "", T, |ds, i| from_file(ds, Kind::Event, i)).prio(9),
];

/// Columns of the Chips view.
pub static CHIPS: &[Column] = &[
    col("name", "Chip", "", T, |ds, i| {
        Cell::text(ds.chips[i as usize].name.as_str())
    })
    .prio(0),
    col("vendor", "Vendor", "", T, |ds, i| {
        Cell::opt_text(ds.chips[i as usize].vendor.as_deref())
    })
    .prio(2),
    fig!(Chip, bf16_tflops).prio(1),
    fig!(Chip, fp8_tflops).prio(1),
    fig!(Chip, memory_gb).prio(1),
    fig!(Chip, mem_bw_tbs).prio(2),
    fig!(Chip, interconnect_gbs).prio(3),
    fig!(Chip, tdp_w).prio(3),
    col("export_status", "Export status (China)", "", T, |ds, i| {
        Cell::opt_text(ds.chips[i as usize].export_status.as_deref())
    })
    .prio(2),
    col("from", "From", "", T, |ds, i| from_file(ds, Kind::Chip, i)).prio(9),
];

/// The columns of a view.
pub fn columns(view: ViewKind) -> &'static [Column] {
    match view {
        ViewKind::Labs => LABS,
        ViewKind::Models => MODELS,
        ViewKind::Claims => CLAIMS,
        ViewKind::Compute => COMPUTE,
        ViewKind::Events => EVENTS,
        ViewKind::Chips => CHIPS,
    }
}

/// Finds a column of a view by id.
pub fn find(view: ViewKind, id: &str) -> Option<usize> {
    columns(view).iter().position(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_columns_exist() {
        let want: &[(ViewKind, &[&str])] = &[
            (
                ViewKind::Labs,
                &["name", "country", "hq", "founded", "models", "open_weights"],
            ),
            (
                ViewKind::Models,
                &[
                    "name",
                    "lab",
                    "country",
                    "released",
                    "params_b",
                    "active_params_b",
                    "tokens_t",
                    "chip",
                    "chips",
                    "gpu_hours",
                    "train_flop",
                    "cost_usd",
                ],
            ),
            (
                ViewKind::Claims,
                &["subject", "metric", "value", "claimant", "kind", "date", "source"],
            ),
            (
                ViewKind::Compute,
                &["name", "owner", "chip", "chips", "capex_usd", "announced"],
            ),
            (ViewKind::Events, &["date", "title", "actor", "kind"]),
        ];
        for (view, ids) in want {
            for id in *ids {
                assert!(find(*view, id).is_some(), "{view:?} lacks {id}");
            }
        }
    }

    #[test]
    fn every_figure_field_has_its_column() {
        for fig in schema::figures() {
            let view = ViewKind::ALL.into_iter().find(|v| v.kind() == fig.kind);
            let Some(view) = view else { continue };
            let col = find(view, fig.name()).map(|c| &columns(view)[c]);
            let col = col.unwrap_or_else(|| panic!("{view:?} has no column for {}", fig.name()));
            assert_eq!(
                (col.label, col.unit, col.ty),
                (fig.title, fig.header_unit, ColType::Number)
            );
            assert!(
                col.figure.is_some_and(|f| (f.kind, f.name()) == (fig.kind, fig.name())),
                "{}",
                fig.name()
            );
        }
    }

    #[test]
    fn headers_name_a_unit_only_where_the_cells_do_not() {
        let header = |v, id| find(v, id).map(|i| columns(v)[i].header());
        assert_eq!(header(ViewKind::Models, "cost_usd").as_deref(), Some("Cost"));
        assert_eq!(header(ViewKind::Models, "params_b").as_deref(), Some("Params"));
        assert_eq!(header(ViewKind::Models, "tokens_t").as_deref(), Some("Tokens"));
        assert_eq!(
            header(ViewKind::Models, "usd_per_gpu_hour").as_deref(),
            Some("$/GPU-h ƒ")
        );
        assert_eq!(
            header(ViewKind::Models, "train_flop").as_deref(),
            Some("Compute (FLOP)")
        );
        assert_eq!(header(ViewKind::Chips, "memory_gb").as_deref(), Some("Memory (GB)"));
        // Wherever a header drops its unit, every figure of the bundled data names it.
        for ds in crate::view::oracle_inputs::sets(7) {
            for v in ViewKind::ALL {
                for c in columns(v).iter().filter(|c| !c.unit.is_empty() && c.unit_in_cells()) {
                    for r in 0..v.len(&ds) as u32 {
                        let cell = (c.get)(&ds, r);
                        if let super::super::cell::Value::Fig { fig, unit, currency } = cell.value {
                            let text = super::super::format::figure(&fig, unit, currency);
                            let names = text.contains(['$', '€', '¥', 'B', 'T', '%', '×', '#']);
                            assert!(names, "{v:?} {}: {text}", c.id);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn ids_are_unique_per_view() {
        for v in ViewKind::ALL {
            let cols = columns(v);
            for (i, c) in cols.iter().enumerate() {
                assert!(cols[i + 1..].iter().all(|d| d.id != c.id), "{v:?}: {} twice", c.id);
            }
        }
    }
}
