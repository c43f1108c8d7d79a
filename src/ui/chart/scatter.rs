//! The scatter plot, drawn cell by cell: axes with ticks at their exact places, one marker
//! and colour per series, the cursor's point reversed, a legend line and the cursor's name.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::app::chart::ChartState;
use crate::ui::text::{truncate, width};
use crate::ui::theme::Theme;
use crate::view::chart::{self, Scale, Scatter};
use crate::view::format;

use super::{COLOURS, CURSOR_MARK, MARKERS, pad_left};

/// Where a scatter plot's parts go inside `plot`: the y labels' column, the axis lines, the
/// x labels' row, and the graph itself.
struct PlotLayout {
    graph: Rect,
    label_w: u16,
}

impl PlotLayout {
    fn new(plot: Rect, label_w: u16) -> Option<PlotLayout> {
        let label_w = label_w.min(plot.width / 3);
        let graph = Rect {
            x: plot.x + label_w + 1,
            y: plot.y,
            width: plot.width.checked_sub(label_w + 1)?,
            height: plot.height.checked_sub(2)?,
        };
        (!graph.is_empty()).then_some(PlotLayout { graph, label_w })
    }

    /// The cell of a point (plotting space), or `None` outside the bounds.
    fn cell(&self, (x, y): (f64, f64), xt: &chart::Ticks, yt: &chart::Ticks) -> Option<(u16, u16)> {
        let fx = chart::fraction_between(x, xt.lo, xt.hi);
        let fy = chart::fraction_between(y, yt.lo, yt.hi);
        if !(0.0..=1.0).contains(&fx) || !(0.0..=1.0).contains(&fy) {
            return None;
        }
        let col = (fx * f64::from(self.graph.width - 1)).round() as u16;
        let row = (fy * f64::from(self.graph.height - 1)).round() as u16;
        Some((self.graph.x + col, self.graph.bottom() - 1 - row))
    }
}

/// Each graph cell holding a point, with the last series to place one there: what drawing
/// every point in series order would leave in the cell (a marker sets the symbol and the
/// colour only), at one write per cell instead of one per point — 100k points, a few
/// thousand cells.
fn top_series(s: &Scatter, pl: &PlotLayout, xt: &chart::Ticks, yt: &chart::Ticks) -> Vec<(u16, u16, usize)> {
    let g = pl.graph;
    let width = usize::from(g.width);
    let mut top: Vec<Option<usize>> = vec![None; width * usize::from(g.height)];
    for (i, series) in s.series.iter().enumerate() {
        for &p in &series.points {
            if let Some((x, y)) = pl.cell(p, xt, yt) {
                top[usize::from(y - g.y) * width + usize::from(x - g.x)] = Some(i);
            }
        }
    }
    (0..)
        .zip(top)
        .filter_map(|(k, i)| Some((g.x + (k % width) as u16, g.y + (k / width) as u16, i?)))
        .collect()
}

fn put(buf: &mut Buffer, x: u16, y: u16, sym: &str, style: Style) {
    if let Some(c) = buf.cell_mut((x, y)) {
        c.set_symbol(sym).set_style(style);
    }
}

/// Axes, tick labels and points, drawn cell by cell: every label sits exactly at its tick
/// (ratatui's `Chart` spreads x labels evenly whatever their values, and has no log axis).
fn draw_plot(
    buf: &mut Buffer,
    plot: Rect,
    s: &Scatter,
    xt: &chart::Ticks,
    yt: &chart::Ticks,
    cursor: Option<(f64, f64)>,
    theme: &Theme,
) -> Option<PlotLayout> {
    let y_labels: Vec<String> = yt
        .at
        .iter()
        .map(|&p| chart::tick_label(p, s.scale, s.unit, s.currency))
        .collect();
    let label_w = y_labels.iter().map(|l| width(l)).max().unwrap_or(0) as u16;
    let pl = PlotLayout::new(plot.intersection(buf.area), label_w)?;
    let g = pl.graph;
    let axis_x = g.x - 1;
    let axis_y = g.bottom();
    for y in g.top()..g.bottom() {
        put(buf, axis_x, y, "│", theme.dim);
    }
    for x in g.left()..g.right() {
        put(buf, x, axis_y, "─", theme.dim);
    }
    put(buf, axis_x, axis_y, "└", theme.dim);
    let mut last_row = None;
    for (&at, label) in yt.at.iter().zip(&y_labels) {
        let Some((_, row)) = pl.cell((xt.lo, at), xt, yt) else {
            continue;
        };
        put(buf, axis_x, row, "┤", theme.dim);
        if last_row != Some(row) {
            let text = pad_left(label, usize::from(pl.label_w));
            buf.set_stringn(plot.x, row, text, usize::from(pl.label_w), theme.dim);
            last_row = Some(row);
        }
    }
    let mut free_from = plot.x;
    for &at in &xt.at {
        let Some((col, _)) = pl.cell((at, yt.lo), xt, yt) else {
            continue;
        };
        put(buf, col, axis_y, "┬", theme.dim);
        let label = format!("{at:.0}");
        let w = width(&label) as u16;
        let x = col
            .saturating_sub(w / 2)
            .max(plot.x)
            .min(plot.right().saturating_sub(w));
        if x >= free_from {
            buf.set_stringn(x, axis_y + 1, &label, usize::from(plot.right() - x), theme.dim);
            free_from = x + w + 1;
        }
    }
    // Whiskers first: a point drawn later keeps its cell.
    for &(x, lo, hi) in &s.whiskers {
        let (Some((col, bottom)), Some((_, top))) = (pl.cell((x, lo), xt, yt), pl.cell((x, hi), xt, yt)) else {
            continue;
        };
        if top >= bottom {
            continue;
        }
        for row in top..=bottom {
            let glyph = match row {
                _ if row == top => "┬",
                _ if row == bottom => "┴",
                _ => "│",
            };
            put(buf, col, row, glyph, theme.disputed);
        }
    }
    let mut marker = [0u8; 4];
    for (x, y, i) in top_series(s, &pl, xt, yt) {
        let sym: &str = MARKERS[i % MARKERS.len()].encode_utf8(&mut marker);
        put(buf, x, y, sym, Style::new().fg(COLOURS[i % COLOURS.len()]));
    }
    if let Some((x, y)) = cursor.and_then(|p| pl.cell(p, xt, yt)) {
        let sym: &str = CURSOR_MARK.encode_utf8(&mut marker);
        put(buf, x, y, sym, theme.cursor_row.add_modifier(Modifier::BOLD));
    }
    Some(pl)
}

/// Longest name written beside a point.
const LABEL_MAX: usize = 24;

/// Names written beside points, each one space from its marker (right of it, else left),
/// only where every cell is blank: never over a marker, a whisker, an axis or another name.
struct Labeller<'a> {
    pl: &'a PlotLayout,
    /// Graph cells a name (or the space that sets it apart) holds.
    taken: Vec<bool>,
    placed: usize,
}

impl<'a> Labeller<'a> {
    fn new(pl: &'a PlotLayout) -> Labeller<'a> {
        let g = pl.graph;
        Labeller {
            pl,
            taken: vec![false; usize::from(g.width) * usize::from(g.height)],
            placed: 0,
        }
    }

    fn free(&self, buf: &Buffer, x: u16, y: u16, blank: bool) -> bool {
        let g = self.pl.graph;
        if !(g.x..g.right()).contains(&x) || !(g.y..g.bottom()).contains(&y) {
            return false;
        }
        let k = usize::from(y - g.y) * usize::from(g.width) + usize::from(x - g.x);
        !self.taken[k] && (!blank || buf.cell((x, y)).is_some_and(|c| c.symbol() == " "))
    }

    /// Where a name `w` wide fits beside the marker at (`x`, `y`): its first column.
    fn spot(&self, buf: &Buffer, (x, y): (u16, u16), w: u16) -> Option<u16> {
        let g = self.pl.graph;
        // The cell either side of the name keeps it apart from another name (the graph's
        // edge and the gap to its own marker do too).
        let apart = |c: u16| c < g.x || c >= g.right() || c == x || self.free(buf, c, y, false);
        let fits = |start: u16, gap: u16| {
            self.free(buf, gap, y, true)
                && (start..start + w).all(|c| self.free(buf, c, y, true))
                && (start == g.x || start - 1 == gap || apart(start - 1))
                && (start + w == gap || apart(start + w))
        };
        let right = x.saturating_add(2);
        if fits(right, x + 1) {
            return Some(right);
        }
        let left = x.checked_sub(1 + w)?;
        fits(left, x - 1).then_some(left)
    }

    /// Writes `name` beside the marker at `at` if it fits; whether it did.
    fn place(&mut self, buf: &mut Buffer, at: (u16, u16), name: &str, style: Style) -> bool {
        let name = truncate(name, LABEL_MAX);
        let w = width(&name) as u16;
        let Some(start) = self.spot(buf, at, w) else {
            return false;
        };
        self.write(buf, (start, at.1), &name, style);
        true
    }

    /// The cursor's name: beside its marker if it fits, else on the line above or below it
    /// (starting or ending over the marker), else shortened to the room beside it.
    fn place_anyhow(&mut self, buf: &mut Buffer, at: (u16, u16), name: &str, style: Style) {
        if self.place(buf, at, name, style) {
            return;
        }
        let g = self.pl.graph;
        let name = truncate(name, LABEL_MAX);
        let w = width(&name) as u16;
        let blank = |start: u16, y: u16| start >= g.x && (start..start + w).all(|c| self.free(buf, c, y, true));
        let (x, y) = at;
        let rows = [y.checked_sub(1), y.checked_add(1)];
        let starts = [Some(x), (x + 1).checked_sub(w)];
        for row in rows.into_iter().flatten() {
            for start in starts.into_iter().flatten() {
                if blank(start, row) {
                    self.write(buf, (start, row), &name, style);
                    return;
                }
            }
        }
        // Shortened into what is left right of the marker (a few letters and `…` at least).
        let room = g.right().saturating_sub(x + 2);
        if room >= 4 && self.free(buf, x + 1, y, true) {
            let short = truncate(&name, usize::from(room));
            let sw = width(&short) as u16;
            if blank_n(self, buf, x + 2, y, sw) {
                self.write(buf, (x + 2, y), &short, style);
            }
        }
    }

    fn write(&mut self, buf: &mut Buffer, (start, y): (u16, u16), name: &str, style: Style) {
        let g = self.pl.graph;
        let w = width(name) as u16;
        buf.set_stringn(start, y, name, usize::from(w), style);
        for x in start.saturating_sub(1)..=(start + w).min(g.right() - 1) {
            if x >= g.x && (g.y..g.bottom()).contains(&y) {
                self.taken[usize::from(y - g.y) * usize::from(g.width) + usize::from(x - g.x)] = true;
            }
        }
        self.placed += 1;
    }
}

/// Whether `w` cells from `start` on row `y` are blank and free of names.
fn blank_n(lab: &Labeller<'_>, buf: &Buffer, start: u16, y: u16, w: u16) -> bool {
    (start..start + w).all(|c| lab.free(buf, c, y, true))
}

/// Names the cursor's point always, and with `all` the other visible points in table order
/// (as many as fit without overlapping); returns how many plotted points go unnamed.
fn draw_labels(
    buf: &mut Buffer,
    pl: &PlotLayout,
    app: &App,
    s: &Scatter,
    (xt, yt): (&chart::Ticks, &chart::Ticks),
    (cursor, all): (Option<u32>, bool),
    theme: &Theme,
) -> usize {
    let mut lab = Labeller::new(pl);
    let at = |r: u32| s.find(r).and_then(|(_, p)| pl.cell(p, xt, yt));
    if let Some((r, cell)) = cursor.and_then(|r| Some((r, at(r)?))) {
        let name = chart::row_label(&app.ds, app.view, r);
        lab.place_anyhow(buf, cell, &name, theme.text.add_modifier(Modifier::BOLD));
    }
    if !all {
        return 0;
    }
    // At most a name per graph cell can be tried: past that the graph is full.
    let tries = usize::from(pl.graph.width) * usize::from(pl.graph.height);
    let rows = app.state().rows.iter().filter(|&&r| Some(r) != cursor);
    for (cell, r) in rows.filter_map(|&r| Some((at(r)?, r))).take(tries) {
        // A cheap look first: no room on either side, no name to build.
        let near = |x: u16| lab.free(buf, x, cell.1, true);
        if !near(cell.0 + 2) && !cell.0.checked_sub(2).is_some_and(near) {
            continue;
        }
        let name = chart::row_label(&app.ds, app.view, r);
        lab.place(buf, cell, &name, theme.dim);
    }
    s.plotted().saturating_sub(lab.placed)
}

pub(super) fn render(f: &mut Frame, area: Rect, app: &App, cs: &ChartState, s: &Scatter, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let extra = if area.height >= 6 { 1 } else { 0 };
    let [plot, legend, info] = area.layout(&Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(extra),
        Constraint::Length(extra),
    ]));
    let xt = chart::year_ticks(s.x.0, s.x.1, usize::from(plot.width / 8).clamp(2, 12));
    let max_y = usize::from(plot.height.saturating_sub(2) / 3).clamp(2, 8);
    let yt = match s.scale {
        Scale::Linear => chart::linear_ticks(s.y.0, s.y.1, max_y),
        Scale::Log => chart::log_ticks(s.y.0, s.y.1, max_y),
    };
    let cursor = app
        .cursor_record()
        .filter(|_| cs.from_group.is_none())
        .and_then(|r| s.find(r.index))
        .map(|(_, p)| p);
    let cursor_row = app.cursor_record().filter(|_| cs.from_group.is_none()).map(|r| r.index);
    let pl = draw_plot(f.buffer_mut(), plot, s, &xt, &yt, cursor, theme);
    let unnamed = pl.map_or(0, |pl| {
        draw_labels(f.buffer_mut(), &pl, app, s, (&xt, &yt), (cursor_row, cs.labels), theme)
    });
    if extra == 0 {
        return;
    }
    // The legend as a line of its own: marker and colour per series, then the cursor's mark.
    let mut spans = Vec::new();
    for (i, series) in s.series.iter().enumerate() {
        let style = Style::new().fg(COLOURS[i % COLOURS.len()]);
        spans.push(Span::styled(format!("{} ", MARKERS[i % MARKERS.len()]), style));
        spans.push(Span::raw(format!("{} {}  ", series.name, series.points.len())));
    }
    spans.push(Span::styled(format!("{CURSOR_MARK} cursor"), theme.cursor_row));
    if cs.labels && unnamed > 0 {
        let plural = if unnamed == 1 { "" } else { "s" };
        spans.push(Span::styled(
            format!("  {unnamed} name{plural} hidden (no room)"),
            theme.dim,
        ));
    }
    if !s.whiskers.is_empty() {
        // The whole meaning is in the help's glyph list; the bar chart's note says it too.
        spans.push(Span::styled("  ┬│┴ lowest–highest", theme.disputed));
    }
    for n in &s.notes {
        spans.push(Span::styled(format!("  {n}"), theme.dim));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), legend);
    f.render_widget(
        Paragraph::new(cursor_line(app, cs, s, cursor.is_some())).style(theme.text),
        info,
    );
}

/// Names the point under the table's cursor (or says why it is not plotted).
fn cursor_line(app: &App, cs: &ChartState, s: &Scatter, plotted: bool) -> String {
    let Some(r) = app.cursor_record().filter(|_| cs.from_group.is_none()) else {
        return String::new();
    };
    let label = chart::row_label(&app.ds, app.view, r.index);
    let value = format::cell_text(&chart::cell(&app.ds, app.view, cs.col, r.index));
    let date = chart::row_date(&app.ds, app.view, r.index);
    let country = chart::row_country(&app.ds, app.view, r.index)
        .map(|c| format!(" ({})", crate::data::sanitize::printable(c)))
        .unwrap_or_default();
    match date {
        Some(d) if plotted => format!("{CURSOR_MARK} {label}{country} · {d} · {value} {}", s.title),
        Some(_) if value == format::MISSING => format!("cursor: {label}{country} — not plotted (no value)"),
        Some(_) => format!("cursor: {label}{country} — not plotted ({value} has no place on a log axis)"),
        None => format!("cursor: {label}{country} — not plotted (no date)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Currency, Unit};
    use crate::view::chart::{PointIndex, Series};

    fn scatter(series: Vec<Vec<(f64, f64)>>) -> Scatter {
        Scatter {
            title: String::new(),
            unit: Unit::Count,
            currency: Currency::Usd,
            scale: Scale::Linear,
            series: series
                .into_iter()
                .enumerate()
                .map(|(i, points)| Series {
                    name: format!("s{i}"),
                    rows: (0..points.len() as u32).collect(),
                    points,
                })
                .collect(),
            x: (2018.0, 2026.0),
            y: (0.0, 100.0),
            no_date: 0,
            no_value: 0,
            no_log: 0,
            notes: Vec::new(),
            index: PointIndex::default(),
            whiskers: Vec::new(),
        }
    }

    #[test]
    fn one_write_per_cell_leaves_what_drawing_every_point_leaves() {
        // Many points of three series on a small graph: most cells are hit by several.
        let mut x = 0x1234_5678_9abc_def1_u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 10_000) as f64 / 10_000.0
        };
        let series: Vec<Vec<(f64, f64)>> = (0..3)
            .map(|_| (0..2000).map(|_| (2018.0 + 8.0 * next(), 100.0 * next())).collect())
            .collect();
        let s = scatter(series);
        let area = Rect::new(0, 0, 40, 14);
        let xt = chart::year_ticks(s.x.0, s.x.1, 5);
        let yt = chart::linear_ticks(s.y.0, s.y.1, 4);
        let mut fast = Buffer::empty(area);
        draw_plot(&mut fast, area, &s, &xt, &yt, None, &Theme::DARK);
        // Every point in turn, over the same axes, laid out as `draw_plot` lays them out.
        let mut slow = Buffer::empty(area);
        draw_plot(&mut slow, area, &scatter(Vec::new()), &xt, &yt, None, &Theme::DARK);
        let label_w = yt
            .at
            .iter()
            .map(|&p| width(&chart::tick_label(p, s.scale, s.unit, s.currency)))
            .max()
            .unwrap_or(0) as u16;
        let pl = PlotLayout::new(area, label_w).unwrap_or_else(|| panic!("no room"));
        let mut marker = [0u8; 4];
        for (i, series) in s.series.iter().enumerate() {
            let sym: &str = MARKERS[i % MARKERS.len()].encode_utf8(&mut marker);
            let style = Style::new().fg(COLOURS[i % COLOURS.len()]);
            for &p in &series.points {
                if let Some((x, y)) = pl.cell(p, &xt, &yt) {
                    put(&mut slow, x, y, sym, style);
                }
            }
        }
        assert_eq!(fast, slow);
        assert!(fast.content().iter().any(|c| c.symbol() == "▲"));
    }
}
