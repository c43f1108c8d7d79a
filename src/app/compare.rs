//! Compare overlay (`c`): marked records side by side with ratios; `n` picks which claim
//! drives the cursor cell. The model itself lives in `view::compare` (no ratatui, no state).

use crate::data::{Dataset, RecordRef};
use crate::load::Origin;
use crate::view::compare::{self, Comparison, Picks};
use crate::view::{ViewKind, columns, sort};

use super::{Action, App, Effect, Overlay};

/// State of an open comparison. Records are kept by id, so a reload keeps the comparison
/// (and the picks) on the same records even when their positions in the file change.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareState {
    /// The view the records come from.
    pub view: ViewKind,
    /// Record ids compared, first = the base of ratios.
    pub ids: Vec<String>,
    /// Cursor row (metric).
    pub cursor: usize,
    /// Cursor column (record).
    pub col: usize,
    /// Which claim drives each (record id, metric id) the user changed with `n`.
    pub picks: Picks,
}

impl CompareState {
    /// The compared records still in the data.
    pub fn records(&self, ds: &Dataset) -> Vec<RecordRef> {
        let kind = self.view.kind();
        self.ids
            .iter()
            .filter_map(|id| ds.ids.get(id.as_str()).copied())
            .filter(|r| r.kind == kind)
            .collect()
    }

    /// The comparison as it stands (built from the data on every call, so it can never go stale).
    pub fn comparison<'a>(&self, ds: &'a Dataset) -> Comparison<'a> {
        compare::build(ds, self.view, &self.records(ds), &self.picks)
    }
}

/// The records `c` compares: the marked rows of the view (whatever the filter hides); with
/// fewer than two marked, the cursor row and then the previously visited row make up the
/// pair. Ordered as the table sorts them, so the first in the table is the base.
fn chosen_records(app: &App) -> Vec<u32> {
    let view = app.view;
    let kind = view.kind();
    let len = view.len(&app.ds);
    // The marks are ids: look each up, rather than walk the whole view testing every row.
    let mut out: Vec<u32> = app
        .marks
        .iter()
        .filter(|(v, _)| *v == view)
        .filter_map(|(_, id)| app.ds.ids.get(id.as_str()))
        .filter(|r| r.kind == kind && (r.index as usize) < len)
        .map(|r| r.index)
        .collect();
    let cursor = app.cursor_record().map(|r| r.index);
    let previous = app.previous.filter(|(v, _)| *v == view).map(|(_, i)| i);
    for extra in [cursor, previous].into_iter().flatten() {
        if out.len() >= 2 {
            break;
        }
        if !out.contains(&extra) && (extra as usize) < len {
            out.push(extra);
        }
    }
    // In the table's order — the whole view's, filter aside — compared pairwise, not sorted.
    let (cols, sort) = (columns(view), app.state().sort);
    out.sort_by(|&a, &b| sort::cmp_records(&app.ds, cols, sort, a, b));
    out
}

/// Opens the comparison of the marked rows (or the cursor and the previous row).
pub fn open(app: &mut App) {
    let records = chosen_records(app);
    if records.len() < 2 {
        app.say(
            "nothing to compare: mark two or more rows with Space (or visit two rows), then press c",
            true,
        );
        return;
    }
    let kind = app.view.kind();
    let ids: Vec<String> = records
        .iter()
        .map(|&index| app.ds.id_of(RecordRef { kind, index }).to_string())
        .collect();
    let mut state = CompareState {
        view: app.view,
        ids,
        cursor: 0,
        col: 0,
        picks: Picks::new(),
    };
    let cmp = state.comparison(&app.ds);
    state.cursor = cmp.first_figure_row();
    let base = cmp.records.first().map_or("", |r| app.ds.name_of(*r)).to_string();
    let n = cmp.records.len();
    drop(cmp);
    app.overlay = Some(Overlay::Compare(state));
    app.say(format!("comparing {n} records; ratios against {base}"), false);
}

/// Keys while the comparison is open; `None` = not handled here (the table takes it).
pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let page = usize::from(app.geometry.page.max(2) / 2);
    let App {
        overlay, ds, origin, ..
    } = app;
    let Some(Overlay::Compare(st)) = overlay.as_mut() else {
        return None;
    };
    let cmp = st.comparison(ds);
    let rows = cmp.rows.len();
    let cols = cmp.records.len();
    let mut message: Option<(String, bool)> = None;
    match action {
        Action::Back => {
            *overlay = None;
            return Some(Effect::None);
        }
        Action::MoveDown | Action::ScrollDown | Action::Wheel(1..) => st.cursor += 1,
        Action::MoveUp | Action::ScrollUp | Action::Wheel(..=-1) => st.cursor = st.cursor.saturating_sub(1),
        Action::PageDown | Action::HalfPageDown => st.cursor += page,
        Action::PageUp | Action::HalfPageUp => st.cursor = st.cursor.saturating_sub(page),
        Action::First => st.cursor = 0,
        Action::Last => st.cursor = rows.saturating_sub(1),
        Action::ColumnLeft => st.col = st.col.saturating_sub(1),
        Action::ColumnRight => st.col += 1,
        Action::NextClaim => match cmp.next_pick(ds, st.cursor, st.col) {
            Some((key, pick)) => {
                st.picks.insert(key, pick);
                let cmp = st.comparison(ds);
                if let Some(c) = cmp.rows.get(st.cursor).and_then(|r| r.cells.get(st.col)) {
                    message = Some((format!("now using {}", c.provenance), false));
                }
            }
            None => {
                let what = cmp.rows.get(st.cursor).map_or("this row", |r| r.noun.as_str());
                message = Some((format!("no other figure to pick for {what}"), true));
            }
        },
        Action::MakeBase => match cmp.records.get(st.col) {
            Some(&r) if st.col > 0 => {
                let id = ds.id_of(r).to_string();
                st.ids.retain(|x| *x != id);
                st.ids.insert(0, id);
                st.col = 0;
                message = Some((format!("ratios now against {}", ds.name_of(r)), false));
            }
            _ => {
                let name = cmp.records.first().map_or("", |r| ds.name_of(*r));
                message = Some((format!("{name} is already the base"), false));
            }
        },
        Action::OpenEditor => {
            // Edit where the cursor cell's figure is written: its claim, else the record.
            if matches!(origin, Origin::Bundled) {
                return None;
            }
            let cell = cmp.rows.get(st.cursor).and_then(|r| r.cells.get(st.col));
            let target = cell
                .and_then(|c| c.chosen())
                .and_then(|c| c.claim(ds))
                .and_then(|c| ds.ids.get(&c.id).copied())
                .or_else(|| cmp.records.get(st.col).copied());
            let (file, line) = target.map_or((0, 1), |r| (ds.layers.file_of(r), ds.line_of(r).max(1)));
            return Some(Effect::OpenEditor { file, line });
        }
        // Leaving the view closes the comparison; reloading keeps it (records are kept by id).
        Action::ShowView(_) | Action::NextView | Action::PrevView => {
            *overlay = None;
            return None;
        }
        Action::Reload | Action::Help | Action::Quit => return None,
        _ => {}
    }
    st.cursor = st.cursor.min(rows.saturating_sub(1));
    st.col = st.col.min(cols.saturating_sub(1));
    if let Some((text, error)) = message {
        app.say(text, error);
    }
    Some(Effect::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::{Filter, Query, SortDir, SortSpec};

    /// `chosen_records` as it was: re-project the whole view and keep the marked rows.
    fn reference(app: &App) -> Vec<u32> {
        let view = app.view;
        let kind = view.kind();
        let order = crate::view::project(
            &app.ds,
            &Query {
                view,
                sort: app.state().sort,
                filter: Default::default(),
            },
        );
        let id = |index: u32| app.ds.id_of(RecordRef { kind, index });
        let mut out: Vec<u32> = order
            .iter()
            .copied()
            .filter(|&r| app.marks.contains(&(view, id(r).to_string())))
            .collect();
        let cursor = app.cursor_record().map(|r| r.index);
        let previous = app.previous.filter(|(v, _)| *v == view).map(|(_, i)| i);
        for extra in [cursor, previous].into_iter().flatten() {
            if out.len() >= 2 {
                break;
            }
            if !out.contains(&extra) && (extra as usize) < view.len(&app.ds) {
                out.push(extra);
            }
        }
        out.sort_by_key(|r| order.iter().position(|x| x == r).unwrap_or(usize::MAX));
        out
    }

    #[test]
    fn compared_records_come_in_the_order_a_full_projection_gives() {
        let text = crate::generate::dataset(crate::generate::Sizes::models(500), 21);
        let ds = crate::data::load("gen", &text).unwrap_or_else(|d| panic!("{d:?}"));
        let mut app = App::new(ds, Origin::Bundled, Query::default());
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n.max(1) as u64) as usize
        };
        for view in ViewKind::ALL {
            app.view = view;
            let n = view.len(&app.ds);
            let cols = columns(view).len();
            for round in 0..12 {
                app.marks.clear();
                // Marks on some rows (hidden ones too), a stale mark, and a mark in another view.
                for _ in 0..next(4) {
                    let r = next(n) as u32;
                    let id = app
                        .ds
                        .id_of(RecordRef {
                            kind: view.kind(),
                            index: r,
                        })
                        .to_string();
                    app.marks.insert((view, id));
                }
                app.marks.insert((view, "no-such-id".into()));
                app.marks.insert((
                    view.cycle(1),
                    app.ds
                        .id_of(RecordRef {
                            kind: view.kind(),
                            index: 0,
                        })
                        .into(),
                ));
                let sort = (round % 3 != 0).then(|| SortSpec {
                    col: next(cols),
                    dir: if round % 2 == 0 { SortDir::Asc } else { SortDir::Desc },
                });
                let filter = if round % 4 == 1 {
                    Filter::parse(view, "a").unwrap_or_default()
                } else {
                    Filter::default()
                };
                let vs = app.state_mut();
                (vs.sort, vs.filter) = (sort, filter);
                app.reproject(view);
                // Pressing the sort key again reverses the rows in place (ties then differ from
                // a fresh projection); the comparison still follows the projection.
                if round % 5 == 2
                    && let Some(s) = sort
                {
                    let vs = app.state_mut();
                    vs.sort = Some(SortSpec { dir: s.dir.flip(), ..s });
                    let c = &columns(view)[s.col];
                    let ds = &app.ds;
                    crate::view::sort::reverse_sorted(ds, c, &mut app.views[crate::app::view_index(view)].rows);
                }
                let rows = app.state().rows.len();
                app.state_mut().cursor = next(rows);
                app.previous = (round % 2 == 0).then(|| (view, next(n) as u32));
                assert_eq!(chosen_records(&app), reference(&app), "{view:?} round {round}");
            }
        }
    }
}
