//! Every key of every record kind, in the order messages list them; a figure field (a
//! record's `Slot`: `chips`, `tdp_w`) is declared here once, in full — its metric (hence its
//! unit), the slot it fills, its column title and how groups may aggregate it. Validation,
//! the slots' provenance, the metric registry's record fields and the view columns all read
//! these tables; the accessors are checked by the compiler and the names by `metric::get`
//! at compile time, and a test over every field checks the rest.

use std::sync::LazyLock;

use super::dataset::*;
use super::metric::{self, Metric};
use super::record::Record;

/// How a group of records may aggregate a figure (the group-by table reads it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregation {
    /// Counts and amounts (chips, GPU-hours, FLOP, money): a group's total means something,
    /// so sums as well as median, smallest and largest.
    Sum,
    /// Rates, ratios and per-unit specifications (TFLOP/s, GB, W, a model's size): a sum
    /// means nothing; median, smallest and largest only.
    Spread,
}

/// Reads a record's slot: `(dataset, index in its kind's vector)`.
pub type SlotOf = for<'a> fn(&'a Dataset, usize) -> Option<&'a Slot>;
/// Writes a record's slot.
pub type SlotOfMut = for<'a> fn(&'a mut Dataset, usize) -> Option<&'a mut Slot>;

/// A figure field of a record.
#[derive(Clone, Copy, Debug)]
pub struct FigureField {
    /// The record kind it belongs to.
    pub kind: Kind,
    /// Its metric: the key name (a claim's `metric = "…"` names the same figure), label and
    /// unit.
    pub metric: &'static Metric,
    /// Whether the data file may state it on the record (`false`: only claims fill it).
    pub in_file: bool,
    /// Column header.
    pub title: &'static str,
    /// Unit shown in the column header ("USD", "TFLOP/s"), or "".
    pub header_unit: &'static str,
    /// How groups may aggregate it.
    pub aggregation: Aggregation,
    /// The slot it reads.
    pub slot: SlotOf,
    /// The slot it fills.
    pub slot_mut: SlotOfMut,
}

impl FigureField {
    /// The key name (`tdp_w`).
    pub fn name(&self) -> &'static str {
        self.metric.id
    }
}

/// One entry of a record's schema: a plain key, or a figure field.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The key name.
    pub name: &'static str,
    /// Its declaration, for a figure field.
    pub figure: Option<FigureField>,
}

const fn key(name: &'static str) -> Field {
    Field { name, figure: None }
}

/// A figure field: `figure!(Record.field, "Column title", "header unit", Aggregation)`; the
/// metric is the one registered under the field's name (a compile error if there is none).
/// `claims_only` marks fields the file never states on the record.
macro_rules! figure {
    ($rec:ident . $field:ident, $title:literal, $unit:literal, $agg:ident $(, $claims_only:ident)?) => {
        Field {
            name: stringify!($field),
            figure: Some(FigureField {
                kind: <$rec as Record>::KIND,
                metric: metric::get(stringify!($field)),
                in_file: figure!(@in_file $($claims_only)?),
                title: $title,
                header_unit: $unit,
                aggregation: Aggregation::$agg,
                slot: |ds, i| <$rec as Record>::all(ds).get(i).map(|r| &r.$field),
                slot_mut: |ds, i| <$rec as Record>::all_mut(ds).get_mut(i).map(|r| &mut r.$field),
            }),
        }
    };
    (@in_file) => { true };
    (@in_file claims_only) => { false };
}

/// `[[source]]`
pub const SOURCE: &[Field] = &[
    key("id"),
    key("title"),
    key("publisher"),
    key("author"),
    key("date"),
    key("url"),
    key("mirrors"),
    key("note"),
];

/// `[[lab]]`
pub const LAB: &[Field] = &[
    key("id"),
    key("name"),
    key("name_native"),
    key("country"),
    key("hq"),
    key("founded"),
    key("founders"),
    key("ceo"),
    key("parent"),
    key("backers"),
    key("open_weights"),
    key("note"),
    key("sources"),
    figure!(Lab.gpu_fleet, "GPU fleet", "", Sum, claims_only),
    figure!(Lab.hardware_spend_usd, "HW spend", "USD", Sum, claims_only),
];

/// `[[model]]`
pub const MODEL: &[Field] = &[
    key("id"),
    key("lab"),
    key("name"),
    key("released"),
    key("arch"),
    figure!(Model.params_b, "Params", "B", Spread),
    figure!(Model.active_params_b, "Active", "B", Spread),
    figure!(Model.tokens_t, "Tokens", "T", Sum),
    key("chip"),
    figure!(Model.chips, "Chips", "", Sum),
    figure!(Model.gpu_hours, "GPU-hours", "", Sum),
    figure!(Model.train_flop, "Compute", "FLOP", Sum),
    figure!(Model.cost_usd, "Cost", "USD", Sum),
    key("mfu"),
    key("open_weights"),
    key("note"),
    key("sources"),
];

/// `[[compute]]`
pub const COMPUTE: &[Field] = &[
    key("id"),
    key("name"),
    key("owner"),
    key("kind"),
    key("chip"),
    figure!(Compute.chips, "Chips", "", Sum),
    figure!(Compute.capex_usd, "Capex", "USD", Sum),
    key("announced"),
    key("location"),
    key("note"),
    key("sources"),
];

/// `[[chip]]`
pub const CHIP: &[Field] = &[
    key("id"),
    key("name"),
    key("vendor"),
    key("arch"),
    figure!(Chip.bf16_tflops, "BF16", "TFLOP/s", Spread),
    figure!(Chip.fp8_tflops, "FP8", "TFLOP/s", Spread),
    figure!(Chip.memory_gb, "Memory", "GB", Spread),
    figure!(Chip.mem_bw_tbs, "Mem BW", "TB/s", Spread),
    figure!(Chip.interconnect_gbs, "Interconnect", "GB/s", Spread),
    figure!(Chip.tdp_w, "TDP", "W", Spread),
    key("export_status"),
    key("note"),
    key("sources"),
];

/// `[[event]]`
pub const EVENT: &[Field] = &[
    key("id"),
    key("date"),
    key("title"),
    key("actor"),
    key("kind"),
    key("about"),
    key("claims"),
    figure!(Event.amount_usd, "Amount", "USD", Sum),
    key("note"),
    key("sources"),
];

/// `[[entity]]`
pub const ENTITY: &[Field] = &[
    key("id"),
    key("name"),
    key("kind"),
    key("country"),
    key("note"),
    key("sources"),
];

/// `[[claim]]`
pub const CLAIM: &[Field] = &[
    key("id"),
    key("subject"),
    key("metric"),
    key("value"),
    key("min"),
    key("max"),
    key("approx"),
    key("text"),
    key("currency"),
    key("unit"),
    key("claimant"),
    key("kind"),
    key("basis"),
    key("confidence"),
    key("date"),
    key("source"),
    key("sources"),
    key("quote"),
    key("formula"),
    key("note"),
];

/// Every kind's schema, indexed by `Kind as usize` (the enum's order; a test checks it).
const SCHEMAS: [&[Field]; 8] = [SOURCE, LAB, MODEL, COMPUTE, CHIP, EVENT, ENTITY, CLAIM];

/// The schema of a record kind.
pub const fn of(kind: Kind) -> &'static [Field] {
    SCHEMAS[kind as usize]
}

/// The figure fields of a record kind, in schema order.
pub fn figures_of(kind: Kind) -> impl Iterator<Item = &'static FigureField> {
    of(kind).iter().filter_map(|f| f.figure.as_ref())
}

/// The figure fields a record of `kind` may state in the file, in schema order (listed once:
/// the validator asks for every record).
pub fn figures_in_file(kind: Kind) -> &'static [&'static FigureField] {
    static IN_FILE: LazyLock<Vec<Vec<&'static FigureField>>> = LazyLock::new(|| {
        let mut all = vec![Vec::new(); Kind::ALL.len()];
        for kind in Kind::ALL {
            all[kind as usize] = figures_of(kind).filter(|f| f.in_file).collect();
        }
        all
    });
    IN_FILE.get(kind as usize).map_or(&[], Vec::as_slice)
}

/// Every figure field, kind by kind.
pub fn figures() -> impl Iterator<Item = &'static FigureField> {
    Kind::ALL.into_iter().flat_map(figures_of)
}

/// The keys a record of `kind` may have (the schema, as the validator enforces it).
pub fn keys(kind: Kind) -> &'static [&'static str] {
    static KEYS: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
        let mut all = vec![Vec::new(); Kind::ALL.len()];
        for kind in Kind::ALL {
            all[kind as usize] = of(kind)
                .iter()
                .filter(|f| f.figure.is_none_or(|fig| fig.in_file))
                .map(|f| f.name)
                .collect();
        }
        all
    });
    KEYS.get(kind as usize).map_or(&[], Vec::as_slice)
}

/// The position of figure field `name` in schema `schema`, at compile time (a compile error
/// when there is none): how a view column names the figure it shows.
pub const fn position(schema: &[Field], name: &str) -> usize {
    let mut i = 0;
    while i < schema.len() {
        if schema[i].figure.is_some() && metric::same(schema[i].name, name) {
            return i;
        }
        i += 1;
    }
    panic!("no such figure field")
}

/// The figure field at `position` of `R`'s schema (see `position`).
pub fn at<R: Record>(position: usize) -> Option<&'static FigureField> {
    of(R::KIND).get(position).and_then(|f| f.figure.as_ref())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// `SCHEMAS` follows the order of `Kind`'s variants: each kind gets its own schema.
    #[test]
    fn each_kind_gets_its_own_schema() {
        let owns = |kind: Kind, key: &str| of(kind).iter().any(|f| f.name == key);
        assert!(owns(Kind::Source, "title") && owns(Kind::Source, "url"));
        assert!(owns(Kind::Lab, "founded") && owns(Kind::Model, "released"));
        assert!(owns(Kind::Compute, "capex_usd") && owns(Kind::Chip, "tdp_w"));
        assert!(owns(Kind::Event, "about") && owns(Kind::Claim, "subject"));
        assert!(owns(Kind::Entity, "name") && !owns(Kind::Entity, "released"));
        for kind in Kind::ALL {
            assert!(figures_of(kind).all(|f| f.kind == kind), "{kind:?}");
        }
    }

    #[test]
    fn every_figure_field_is_one_consistent_declaration() {
        let ds = crate::data::load("mini", include_str!("../../tests/fixtures/mini.toml")).unwrap();
        let mut ds = ds;
        for kind in Kind::ALL {
            let schema = of(kind);
            for (i, f) in schema.iter().enumerate() {
                assert!(
                    schema[i + 1..].iter().all(|g| g.name != f.name),
                    "{kind:?}: {} twice",
                    f.name
                );
                let Some(fig) = f.figure else { continue };
                // Declared under its own record kind, named as its metric.
                assert_eq!(fig.kind, kind, "{}", f.name);
                assert_eq!(fig.metric.id, f.name);
                assert_eq!(metric::find(f.name).map(|m| m.id), Some(f.name));
                // Its accessors reach the same slot of every record of its kind, and no further.
                let n = ds.count(kind);
                for r in 0..n {
                    let read = (fig.slot)(&ds, r).map(|s| s as *const Slot);
                    let written = (fig.slot_mut)(&mut ds, r).map(|s| s as *const Slot);
                    assert!(read.is_some() && read == written, "{kind:?}.{}", f.name);
                }
                assert!((fig.slot)(&ds, n).is_none());
                // Money figures aggregate in sums; the header says their currency.
                if fig.metric.unit == metric::Unit::Money {
                    assert_eq!(
                        (fig.aggregation, fig.header_unit),
                        (Aggregation::Sum, "USD"),
                        "{}",
                        f.name
                    );
                }
                // A field only claims fill is no key of the file.
                assert_eq!(keys(kind).contains(&f.name), fig.in_file, "{}", f.name);
            }
        }
    }

    #[test]
    fn figure_fields_of_a_record_are_distinct_slots() {
        let ds = crate::data::load("mini", include_str!("../../tests/fixtures/mini.toml")).unwrap();
        for kind in Kind::ALL {
            if ds.count(kind) == 0 {
                continue;
            }
            let slots: Vec<*const Slot> = figures_of(kind)
                .map(|f| (f.slot)(&ds, 0).unwrap() as *const Slot)
                .collect();
            for (i, s) in slots.iter().enumerate() {
                assert!(!slots[i + 1..].contains(s), "{kind:?}: two fields share a slot");
            }
        }
    }

    #[test]
    fn keys_keep_the_documented_order() {
        assert_eq!(
            keys(Kind::Model).join(", "),
            "id, lab, name, released, arch, params_b, active_params_b, tokens_t, chip, chips, gpu_hours, \
             train_flop, cost_usd, mfu, open_weights, note, sources"
        );
        assert!(!keys(Kind::Lab).contains(&"gpu_fleet"));
    }
}
