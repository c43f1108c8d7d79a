//! Group-by overlay (`F`): one row per value of the cursor column over the visible rows, with
//! counts and sums/medians/max. Sortable (`s`, `[`, `]`), chartable (`b`), and `Enter` filters
//! the table to the group under the cursor.

use crate::view::group::GroupTable;
use crate::view::{Filter, SortDir, SortSpec, columns};

use super::{Action, App, Effect, Overlay};

/// State of an open group-by table.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupState {
    /// Column grouped by (index in the view's columns).
    pub col: usize,
    /// The groups (computed when opened, not per frame).
    pub table: GroupTable,
    /// Cursor row.
    pub cursor: usize,
    /// First row shown.
    pub offset: usize,
    /// Column cursor (index in the group table's columns).
    pub sel: usize,
    /// How the groups are sorted.
    pub sort: SortSpec,
}

/// The default order: most rows first.
const BY_COUNT: SortSpec = SortSpec {
    col: 1,
    dir: SortDir::Desc,
};

/// Group rows that fit in the overlay when the table shows `page` rows (margins, border,
/// header and the help line take the rest). The renderer clamps to what really fits.
pub fn page(table_page: u16) -> usize {
    usize::from(table_page).saturating_sub(4).max(1)
}

/// Groups the visible rows by the cursor column.
pub fn open(app: &mut App) {
    let col = app.state().col;
    // Bins of a column whose rows measure different things would put chips and dollars in
    // one group: say what to do instead.
    if let Some(c) = columns(app.view).get(col)
        && c.mixes_measures(&app.ds, &app.state().rows)
    {
        app.say(
            format!("{} mixes metrics: group by metric, or filter /metric=…", c.label),
            true,
        );
        return;
    }
    let (arrays, ranks) = app.caches[super::view_index(app.view)].prepared(&app.ds, app.view, col);
    let table = GroupTable::build_with(&app.ds, app.view, &app.state().rows, col, arrays, ranks);
    let id = columns(app.view).get(col).map_or("?", |c| c.id);
    app.say(
        format!(
            "{} group{} by {id} — Enter filters the table to one",
            table.len(),
            if table.len() == 1 { "" } else { "s" }
        ),
        false,
    );
    app.overlay = Some(Overlay::Group(GroupState {
        col,
        table,
        cursor: 0,
        offset: 0,
        sel: 1,
        sort: BY_COUNT,
    }));
}

/// Recomputes the groups from the view's current rows (after a reload), keeping sort and
/// cursor position.
pub fn rebuild(app: &App, g: &mut GroupState) {
    let (arrays, ranks) = app.caches[super::view_index(app.view)].prepared(&app.ds, app.view, g.col);
    g.table = GroupTable::build_with(&app.ds, app.view, &app.state().rows, g.col, arrays, ranks);
    g.table.sort(g.sort.col, g.sort.dir);
    g.sel = g.sel.min(g.table.columns.len().saturating_sub(1));
    g.cursor = g.cursor.min(g.table.len().saturating_sub(1));
}

/// Rebuilds an open group table from the current data; the lead calls this from
/// `App::replace_data`.
pub fn refresh(app: &mut App) {
    // Only a group table is recomputed; any other overlay stays as it is.
    if !matches!(app.overlay, Some(Overlay::Group(_))) {
        return;
    }
    let Some(Overlay::Group(mut g)) = app.overlay.take() else {
        return;
    };
    rebuild(app, &mut g);
    app.overlay = Some(Overlay::Group(g));
}

/// Sorts by the cursor column: `dir`, or the natural direction, reversed when already sorted
/// by it.
pub fn sort_by_cursor(g: &mut GroupState, dir: Option<SortDir>) {
    let numeric = g.table.columns.get(g.sel).is_some_and(|c| c.numeric());
    let natural = if numeric { SortDir::Desc } else { SortDir::Asc };
    g.sort = SortSpec::toggled(Some(g.sort), g.sel, natural, dir);
    g.table.sort(g.sort.col, g.sort.dir);
}

/// Back to most rows first.
pub fn sort_default(g: &mut GroupState) {
    g.sort = BY_COUNT;
    g.table.sort(BY_COUNT.col, BY_COUNT.dir);
}

fn move_cursor(g: &mut GroupState, delta: isize, page: usize) {
    let last = g.table.len().saturating_sub(1);
    g.cursor = g.cursor.saturating_add_signed(delta).min(last);
    if g.cursor < g.offset {
        g.offset = g.cursor;
    } else if g.cursor >= g.offset + page {
        g.offset = g.cursor + 1 - page;
    }
}

/// `Enter`: the table, filtered to the group under the cursor (added to the filter already
/// applied, since the groups were made from the filtered rows).
fn filter_to_group(app: &mut App, g: GroupState) {
    let Some((term, label)) = (g.cursor < g.table.len()).then(|| {
        (
            g.table.term(&app.ds, g.cursor),
            g.table.label(&app.ds, g.cursor).into_owned(),
        )
    }) else {
        app.overlay = Some(Overlay::Group(g));
        return;
    };
    let before = app.state().filter.text.clone();
    let text = if before.is_empty() || before.split_whitespace().any(|t| t == term) {
        if before.is_empty() { term } else { before }
    } else {
        format!("{before} {term}")
    };
    match Filter::parse(app.view, &text) {
        Ok(filter) => {
            app.state_mut().filter = filter;
            app.reproject(app.view);
            let n = app.state().rows.len();
            app.say(
                format!(
                    "{n} row{} in group {label} — Esc clears the filter",
                    if n == 1 { "" } else { "s" }
                ),
                false,
            );
        }
        Err(e) => {
            app.say(format!("cannot filter to this group: {e}"), true);
            app.overlay = Some(Overlay::Group(g));
        }
    }
}

/// Keys while the group table is open; `None` = not handled here (the overlay is then closed
/// and the table handles the action).
pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let Some(Overlay::Group(mut g)) = app.overlay.take() else {
        return None;
    };
    let page = page(app.geometry.page);
    let half = (page / 2).max(1) as isize;
    match action {
        Action::Back | Action::GroupBy => return Some(Effect::None),
        Action::OpenDetails => {
            filter_to_group(app, g);
            return Some(Effect::None);
        }
        Action::MoveDown | Action::ScrollDown => move_cursor(&mut g, 1, page),
        Action::MoveUp | Action::ScrollUp => move_cursor(&mut g, -1, page),
        Action::Wheel(n) => move_cursor(&mut g, isize::from(n), page),
        Action::PageDown => move_cursor(&mut g, page as isize, page),
        Action::PageUp => move_cursor(&mut g, -(page as isize), page),
        Action::HalfPageDown => move_cursor(&mut g, half, page),
        Action::HalfPageUp => move_cursor(&mut g, -half, page),
        Action::First => move_cursor(&mut g, isize::MIN / 2, page),
        Action::Last => move_cursor(&mut g, isize::MAX / 2, page),
        Action::ColumnLeft => g.sel = g.sel.saturating_sub(1),
        Action::ColumnRight => g.sel = (g.sel + 1).min(g.table.columns.len().saturating_sub(1)),
        Action::SortByCursorColumn => sort_by_cursor(&mut g, None),
        Action::SortAscending => sort_by_cursor(&mut g, Some(SortDir::Asc)),
        Action::SortDescending => sort_by_cursor(&mut g, Some(SortDir::Desc)),
        Action::ClearSort => sort_default(&mut g),
        Action::ScatterPlot => app.say("groups have no dates to plot; b shows their bars", true),
        // Applies to the charts `b` opens from here; the status line shows it.
        Action::ToggleLogScale => {
            app.log_scale = !app.log_scale;
            app.scale_auto = false;
        }
        a if a.is_dashboard_wide() => return None,
        _ => {}
    }
    app.overlay = Some(Overlay::Group(g));
    Some(Effect::None)
}
