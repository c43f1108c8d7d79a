//! What charts need to know about a row: its name, cell, date, country, and the range of
//! the claims about a disputed figure.

use crate::data::sanitize::printable;
use crate::data::{Currency, Dataset, Figure, Kind, PartialDate, RecordRef, Unit};
use crate::view::ViewKind;
use crate::view::cell::{Cell, Marks, Value};
use crate::view::columns::columns;

/// A row's name in charts: the record's name (for claims, subject and metric).
pub fn row_label(ds: &Dataset, view: ViewKind, row: u32) -> String {
    let name = match view {
        ViewKind::Claims => match ds.claims.get(row as usize) {
            Some(c) => format!("{} {}", ds.name_of(c.subject), c.metric.label),
            None => String::new(),
        },
        _ => ds
            .name_of(RecordRef {
                kind: view.kind(),
                index: row,
            })
            .to_string(),
    };
    printable(&name).into_owned()
}

/// A row's cell, or missing when the row no longer exists (a chart outliving a reload).
pub fn cell(ds: &Dataset, view: ViewKind, col: usize, row: u32) -> Cell<'_> {
    match columns(view).get(col) {
        Some(c) if (row as usize) < view.len(ds) => (c.get)(ds, row),
        _ => Cell::MISSING,
    }
}

/// The date a row is placed at on a time axis: release, announcement, event or claim date,
/// founding; chips have none.
pub fn row_date(ds: &Dataset, view: ViewKind, row: u32) -> Option<PartialDate> {
    let i = row as usize;
    match view {
        ViewKind::Models => ds.models.get(i)?.released,
        ViewKind::Compute => ds.compute.get(i)?.announced,
        ViewKind::Events => ds.events.get(i)?.date,
        ViewKind::Labs => ds.labs.get(i)?.founded,
        ViewKind::Claims => ds.claims.get(i)?.date,
        ViewKind::Chips => None,
    }
}

/// Whether rows of a view have dates at all.
pub fn has_dates(view: ViewKind) -> bool {
    view != ViewKind::Chips
}

/// The country a row belongs to (models: their lab's; compute: its owner's), for one scatter
/// series per country; `None` where a view has no notion of country.
pub fn row_country(ds: &Dataset, view: ViewKind, row: u32) -> Option<&str> {
    let i = row as usize;
    let owner_country = |r: RecordRef| match r.kind {
        Kind::Lab => ds.labs.get(r.index as usize).map(|l| l.country.as_str()),
        Kind::Entity => ds.entities.get(r.index as usize)?.country.as_deref(),
        _ => None,
    };
    match view {
        ViewKind::Models => ds.labs.get(ds.models.get(i)?.lab as usize).map(|l| l.country.as_str()),
        ViewKind::Labs => ds.labs.get(i).map(|l| l.country.as_str()),
        ViewKind::Compute => owner_country(ds.compute.get(i)?.owner?),
        _ => None,
    }
}

/// Whether a view's rows are split by country in scatter plots.
pub fn by_country(view: ViewKind) -> bool {
    matches!(view, ViewKind::Models | ViewKind::Labs | ViewKind::Compute)
}

/// Lowest–highest of a disputed figure and the claims about it, counting only claims in the
/// figure's own currency (amounts in different currencies are not comparable).
pub fn claim_range(ds: &Dataset, view: ViewKind, col: usize, row: u32, cell: &Cell<'_>) -> Option<(f64, f64)> {
    let Value::Fig { fig, currency, .. } = cell.value else {
        return None;
    };
    if !cell.marks.disputed {
        return None;
    }
    let (subject, metric) = match view {
        ViewKind::Claims => {
            let c = ds.claims.get(row as usize)?;
            (c.subject, c.metric.id)
        }
        _ => (
            RecordRef {
                kind: view.kind(),
                index: row,
            },
            columns(view).get(col)?.id,
        ),
    };
    let (mut lo, mut hi) = fig.extent();
    for c in ds
        .claims_for(subject, metric)
        .iter()
        .filter_map(|&c| ds.claims.get(c as usize))
    {
        if let Some(f) = c.figure.filter(|_| c.currency == currency) {
            let (a, b) = f.extent();
            lo = lo.min(a);
            hi = hi.max(b);
        }
    }
    (lo.is_finite() && hi.is_finite() && lo < hi).then_some((lo, hi))
}

/// `claim_range` of many rows of one column at once (`rows`: each row with its disputed
/// figure and that figure's currency), in the same order. For a record view this is one pass
/// over the claims in file order — the order `claims_for` lists them in — rather than an
/// index look-up per row: at 100k rows the look-ups miss the cache on every row (~10 ms),
/// the pass streams (~2 ms). The Claims view (a row's range is about another record) and a
/// handful of rows take the look-ups.
pub fn claim_ranges(
    ds: &Dataset,
    view: ViewKind,
    col: usize,
    rows: &[(u32, Figure, Currency)],
) -> Vec<Option<(f64, f64)>> {
    let one_by_one = || {
        rows.iter()
            .map(|&(row, fig, currency)| {
                let cell = Cell {
                    value: Value::Fig {
                        fig,
                        unit: Unit::Count,
                        currency,
                    },
                    marks: Marks {
                        disputed: true,
                        ..Marks::default()
                    },
                };
                claim_range(ds, view, col, row, &cell)
            })
            .collect()
    };
    let Some(metric) = columns(view).get(col).map(|c| c.id) else {
        return vec![None; rows.len()];
    };
    if view == ViewKind::Claims || rows.len().saturating_mul(16) < ds.claims.len() {
        return one_by_one();
    }
    // Each record's place in `rows`; a record listed twice takes the look-ups.
    let mut slot = vec![u32::MAX; view.len(ds)];
    for (i, &(row, ..)) in rows.iter().enumerate() {
        match slot.get_mut(row as usize) {
            Some(s) if *s == u32::MAX => *s = i as u32,
            _ => return one_by_one(),
        }
    }
    let mut extent: Vec<(f64, f64)> = rows.iter().map(|(_, fig, _)| fig.extent()).collect();
    let kind = view.kind();
    // Claims point into the metric registry: compare entries, not names (a column that is
    // no metric has no claims).
    let metric = crate::data::metric::find(metric);
    for c in &ds.claims {
        if c.subject.kind != kind {
            continue;
        }
        let Some(&i) = slot.get(c.subject.index as usize).filter(|&&i| i != u32::MAX) else {
            continue;
        };
        let i = i as usize;
        if !metric.is_some_and(|m| std::ptr::eq(c.metric, m)) || c.currency != rows[i].2 {
            continue;
        }
        if let Some(f) = c.figure {
            let (a, b) = f.extent();
            let (lo, hi) = &mut extent[i];
            *lo = lo.min(a);
            *hi = hi.max(b);
        }
    }
    extent
        .into_iter()
        .map(|(lo, hi)| (lo.is_finite() && hi.is_finite() && lo < hi).then_some((lo, hi)))
        .collect()
}

pub(super) fn unit_of(cell: &Cell<'_>) -> Option<(Unit, Currency)> {
    match cell.value {
        Value::Fig { unit, currency, .. } => Some((unit, currency)),
        _ => None,
    }
}

/// `1 row without a value`, `3 rows without a value`: `what` is the noun phrase after the
/// counted word "row".
pub fn rows_without(n: usize, what: &str) -> String {
    format!("{n} row{} without {what}", if n == 1 { "" } else { "s" })
}

/// Why a column whose rows measure different things (a claim's value) is not charted over
/// `rows`: chips beside dollars on one axis would be a figure about nothing.
pub(crate) fn mixed_measures(ds: &Dataset, c: &crate::view::columns::Column, rows: &[u32]) -> Option<String> {
    let m = c.measures(ds, rows, 4);
    let first = m.first()?;
    (m.len() > 1).then(|| {
        format!(
            "{} holds figures of {} metrics in these rows ({}{}), which one axis cannot compare: \
             filter to one metric (/metric={first}) to chart it",
            c.label,
            if m.len() > 3 { "several" } else { "different" },
            m.iter().take(3).copied().collect::<Vec<_>>().join(", "),
            if m.len() > 3 { ", …" } else { "" },
        )
    })
}

/// Note for charts whose values mix units or currencies: they are drawn as stated, not
/// converted (labdash never invents an exchange rate).
pub(super) fn mixed_note(kinds: &[(Unit, Currency)]) -> Option<String> {
    if kinds.len() < 2 {
        return None;
    }
    let currencies: Vec<&str> = kinds.iter().map(|(_, c)| c.code()).collect();
    Some(if kinds.iter().all(|(u, _)| *u == Unit::Money) {
        format!("mixed currencies ({}), not converted", currencies.join(", "))
    } else {
        "mixed units: filter to one metric (metric=…) to compare like with like".to_string()
    })
}
