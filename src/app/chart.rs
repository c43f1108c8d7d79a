//! Bar chart and scatter plot overlays (`b`, `p`, `L`). A chart keeps its computed data
//! (rebuilt on `L`, a column change, a sort or a reload — never per frame), scrolls, and
//! closes back to where it came from: the table with its cursor untouched, or the group table.

use crate::view::chart::{self, BarKey, ChartData, Scale};
use crate::view::{SortDir, SortSpec, columns};

use super::group::{self, GroupState};
use super::{Action, App, Effect, Overlay, clamp_offset};

/// State of an open chart.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartState {
    /// Bar chart or scatter plot.
    pub kind: ChartKind,
    /// Column charted: index in the view's columns, or in the group table's when opened
    /// from a group table.
    pub col: usize,
    /// First bar shown (bar charts scroll).
    pub scroll: usize,
    /// What is drawn.
    pub data: ChartData,
    /// The group table the chart was opened from (`Esc` goes back to it).
    pub from_group: Option<Box<GroupState>>,
    /// Scatter: every visible point is named (else only the cursor's).
    pub labels: bool,
}

/// Which chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Horizontal bars.
    Bar,
    /// Date against value.
    Scatter,
}

impl ChartKind {
    /// Title word.
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Bar => "Bars",
            ChartKind::Scatter => "Scatter",
        }
    }
}

/// Bars that fit in the chart overlay when the table shows `page` rows (the overlay's
/// margins, border and note line take three more). The renderer clamps to what really fits.
pub fn bars_fit(page: u16) -> usize {
    usize::from(page).saturating_sub(3).max(1)
}

/// Whether positive figures span more than two decades (FLOP, cost, chips): a log axis then
/// shows them all; a linear one squashes the small ones to nothing.
pub fn spans_decades(values: impl IntoIterator<Item = f64>) -> bool {
    let (mut lo, mut hi) = (f64::INFINITY, 0.0_f64);
    for v in values.into_iter().filter(|v| v.is_finite() && *v > 0.0) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    lo.is_finite() && hi / lo > 100.0
}

/// Whether the figures a chart shows (ranges' ends included) span decades (read in place:
/// at 1M bars a copy of them costs more than the test).
fn chart_spans_decades(data: &ChartData) -> bool {
    match data {
        ChartData::Bars(b) => spans_decades(
            b.items
                .iter()
                .flat_map(|i| [Some(i.value), i.range.map(|r| r.0), i.range.map(|r| r.1)])
                .flatten(),
        ),
        ChartData::Scatter(s) => spans_decades(s.series.iter().flat_map(|s| s.points.iter().map(|p| p.1))),
        ChartData::Empty(_) => false,
    }
}

/// The chart's data; until the user picks a scale with `L`, the scale follows the figures
/// (log when they span more than two decades, linear otherwise).
fn compute(app: &mut App, kind: ChartKind, col: usize, group: Option<&GroupState>) -> ChartData {
    if app.scale_auto {
        app.log_scale = false;
        let linear = compute_at(app, kind, col, group);
        if !chart_spans_decades(&linear) {
            return linear;
        }
        app.log_scale = true;
        // Only the scale depends on it: the bars are not read again.
        if let ChartData::Bars(mut b) = linear {
            b.rescale(Scale::Log);
            return ChartData::Bars(b);
        }
    }
    compute_at(app, kind, col, group)
}

fn compute_at(app: &App, kind: ChartKind, col: usize, group: Option<&GroupState>) -> ChartData {
    let scale = Scale::from_log(app.log_scale);
    let rows = &app.state().rows;
    match (group, kind) {
        (Some(g), _) => g.table.bars(col, scale),
        (None, ChartKind::Bar) => {
            let (arrays, ranks) = app.caches[super::view_index(app.view)].prepared(&app.ds, app.view, col);
            let figures = arrays.and_then(|a| a.get(col)).and_then(Option::as_deref);
            chart::bars_prepared(&app.ds, app.view, col, rows, scale, (ranks, figures))
        }
        (None, ChartKind::Scatter) => chart::scatter(&app.ds, app.view, col, rows, scale),
    }
}

/// Opens a chart of the cursor column over the visible rows.
pub fn open(app: &mut App, kind: ChartKind) {
    let col = app.state().col;
    let data = compute(app, kind, col, None);
    // Start with the cursor row's bar in view.
    let fit = bars_fit(app.geometry.page);
    let cursor = app.cursor_record().map(|r| r.index);
    let scroll = match &data {
        ChartData::Bars(b) => b
            .items
            .iter()
            .position(|i| Some(&i.key) == cursor.map(BarKey::Row).as_ref())
            .filter(|&p| p >= fit)
            .map_or(0, |p| p.saturating_sub(fit / 2).min(b.items.len().saturating_sub(fit))),
        _ => 0,
    };
    app.overlay = Some(Overlay::Chart(ChartState {
        kind,
        col,
        scroll,
        data,
        from_group: None,
        labels: false,
    }));
}

/// Opens a bar chart of the group table's cursor column; `Esc` returns to the group table.
pub fn open_from_group(app: &mut App, g: GroupState) {
    let col = g.sel;
    let data = compute(app, ChartKind::Bar, col, Some(&g));
    app.overlay = Some(Overlay::Chart(ChartState {
        kind: ChartKind::Bar,
        col,
        scroll: 0,
        data,
        from_group: Some(Box::new(g)),
        labels: false,
    }));
}

/// Rebuilds an open chart from the current data (after a reload: row indices may have
/// moved). The lead calls this from `App::replace_data`.
pub fn refresh(app: &mut App) {
    // Only a chart is recomputed; any other overlay (compare, details, help) stays as it is.
    if !matches!(app.overlay, Some(Overlay::Chart(_))) {
        return;
    }
    let Some(Overlay::Chart(mut cs)) = app.overlay.take() else {
        return;
    };
    if let Some(g) = cs.from_group.as_deref_mut() {
        group::rebuild(app, g);
    }
    cs.data = compute(app, cs.kind, cs.col, cs.from_group.as_deref());
    app.overlay = Some(Overlay::Chart(cs));
}

fn close(app: &mut App, cs: ChartState) {
    app.overlay = cs.from_group.map(|g| Overlay::Group(*g));
}

/// Sorts the table by its cursor column (as `s`, `[`, `]` do in the table).
fn sort_table(app: &mut App, dir: Option<SortDir>) {
    let view = app.view;
    let vs = app.state_mut();
    let Some(c) = columns(view).get(vs.col) else { return };
    vs.sort = Some(SortSpec::toggled(vs.sort, vs.col, SortDir::natural(c.ty), dir));
    app.reproject(view);
}

/// Scatter: moves the table cursor to the next/previous plotted row, so `j`/`k` walk the
/// points in table order.
fn step_point(app: &mut App, cs: &ChartState, forward: bool) {
    let ChartData::Scatter(s) = &cs.data else { return };
    let page = app.geometry.page as usize;
    let vs = app.state_mut();
    let n = vs.rows.len();
    let mut i = vs.cursor;
    loop {
        i = match (forward, i) {
            (true, i) if i + 1 < n => i + 1,
            (false, i) if i > 0 && i <= n => i - 1,
            _ => return,
        };
        if vs.rows.get(i).is_some_and(|&r| s.index.contains(r)) {
            vs.cursor = i;
            clamp_offset(vs, page);
            return;
        }
    }
}

/// Keys while a chart is open; `None` = not handled here (the chart is then closed and the
/// table handles the action).
pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let Some(Overlay::Chart(mut cs)) = app.overlay.take() else {
        return None;
    };
    let fit = bars_fit(app.geometry.page);
    let len = match &cs.data {
        ChartData::Bars(b) => b.items.len(),
        _ => 0,
    };
    let last = len.saturating_sub(fit);
    let scroll = |cs: &mut ChartState, delta: isize| cs.scroll = cs.scroll.saturating_add_signed(delta).min(last);
    let scatter = cs.kind == ChartKind::Scatter;
    let mut rebuild = false;
    match action {
        Action::Back => {
            close(app, cs);
            return Some(Effect::None);
        }
        Action::BarChart if cs.kind == ChartKind::Bar => {
            close(app, cs);
            return Some(Effect::None);
        }
        Action::ScatterPlot if scatter => {
            close(app, cs);
            return Some(Effect::None);
        }
        Action::BarChart => {
            cs.kind = ChartKind::Bar;
            cs.scroll = 0;
            rebuild = true;
        }
        Action::ScatterPlot if cs.from_group.is_none() => {
            cs.kind = ChartKind::Scatter;
            rebuild = true;
        }
        Action::ScatterPlot => app.say("groups have no dates to plot; b shows their bars", true),
        Action::TogglePointLabels if scatter => cs.labels = !cs.labels,
        Action::ToggleLogScale => {
            // The chart's title says which scale is on; the status line needs no echo.
            app.log_scale = !app.log_scale;
            app.scale_auto = false;
            // Bars keep their rows and figures on either scale: only the scale is redone.
            match &mut cs.data {
                ChartData::Bars(b) => b.rescale(Scale::from_log(app.log_scale)),
                _ => rebuild = true,
            }
        }
        Action::MoveDown | Action::ScrollDown if scatter => step_point(app, &cs, true),
        Action::MoveUp | Action::ScrollUp if scatter => step_point(app, &cs, false),
        Action::MoveDown | Action::ScrollDown => scroll(&mut cs, 1),
        Action::MoveUp | Action::ScrollUp => scroll(&mut cs, -1),
        Action::Wheel(n) if !scatter => scroll(&mut cs, isize::from(n)),
        Action::PageDown => scroll(&mut cs, fit as isize),
        Action::PageUp => scroll(&mut cs, -(fit as isize)),
        Action::HalfPageDown => scroll(&mut cs, (fit / 2).max(1) as isize),
        Action::HalfPageUp => scroll(&mut cs, -((fit / 2).max(1) as isize)),
        Action::First => cs.scroll = 0,
        Action::Last => cs.scroll = last,
        Action::ColumnLeft | Action::ColumnRight => {
            let right = action == Action::ColumnRight;
            let step = |c: usize, n: usize| {
                if right {
                    (c + 1).min(n.saturating_sub(1))
                } else {
                    c.saturating_sub(1)
                }
            };
            match cs.from_group.as_deref_mut() {
                Some(g) => {
                    g.sel = step(g.sel, g.table.columns.len());
                    cs.col = g.sel;
                }
                None => {
                    let n = columns(app.view).len();
                    let vs = app.state_mut();
                    vs.col = step(vs.col, n);
                    cs.col = vs.col;
                }
            }
            cs.scroll = 0;
            rebuild = true;
        }
        Action::SortByCursorColumn | Action::SortAscending | Action::SortDescending | Action::ClearSort => {
            let dir = match action {
                Action::SortAscending => Some(SortDir::Asc),
                Action::SortDescending => Some(SortDir::Desc),
                _ => None,
            };
            match (cs.from_group.as_deref_mut(), action) {
                (Some(g), Action::ClearSort) => group::sort_default(g),
                (Some(g), _) => group::sort_by_cursor(g, dir),
                (None, Action::ClearSort) => {
                    app.state_mut().sort = None;
                    app.reproject(app.view);
                }
                (None, _) => sort_table(app, dir),
            }
            rebuild = true;
        }
        a if a.is_dashboard_wide() => return None,
        _ => {}
    }
    if rebuild {
        cs.data = compute(app, cs.kind, cs.col, cs.from_group.as_deref());
        let len = match &cs.data {
            ChartData::Bars(b) => b.items.len(),
            _ => 0,
        };
        cs.scroll = cs.scroll.min(len.saturating_sub(fit));
    }
    app.overlay = Some(Overlay::Chart(cs));
    Some(Effect::None)
}
