//! The bar chart: ratatui `BarChart` for the bars in view, with labels, humane figures, the
//! range of disputed claims as a `├──┤` whisker and as text.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Paragraph, Widget, Wrap};

use crate::app::App;
use crate::app::chart::ChartState;
use crate::ui::text::{truncate, width};
use crate::ui::theme::Theme;
use crate::view::chart::{self, BarItem, BarKey, Bars, RESOLUTION, Scale};
use crate::view::{Value, format};

use super::{MIN_BARS, pad_left, pad_right};

/// Column widths of a bar row: (label, value, range text, bars). The bars get what is left,
/// the range text goes first when room is short, then the label shrinks (never below 4).
fn fit_widths(total: usize, label: usize, value: usize, range: usize) -> (usize, usize, usize, usize) {
    let gutter = 1;
    let fixed = |l: usize, r: usize| gutter + l + 1 + value + 1 + if r > 0 { r + 1 } else { 0 };
    let mut range = range;
    if total.saturating_sub(fixed(label, range)) < MIN_BARS {
        range = 0;
    }
    let mut label = label;
    let short = MIN_BARS.saturating_sub(total.saturating_sub(fixed(label, range)));
    label = label.saturating_sub(short).max(label.min(4));
    let bars = total.saturating_sub(fixed(label, range));
    (label, value, range, bars)
}

/// What one visible bar shows.
struct Shown {
    label: String,
    value: String,
    range: Option<String>,
    style: Style,
    cursor: bool,
}

fn shown(app: &App, cs: &ChartState, item: &BarItem, b: &Bars, theme: &Theme) -> Shown {
    let cursor =
        cs.from_group.is_none() && app.cursor_record().map(|r| BarKey::Row(r.index)).as_ref() == Some(&item.key);
    match &item.key {
        BarKey::Row(r) => {
            let cell = chart::cell(&app.ds, app.view, cs.col, *r);
            let (unit, currency) = match cell.value {
                Value::Fig { unit, currency, .. } => (unit, currency),
                _ => (b.unit, b.currency),
            };
            let style = if cell.marks.disputed {
                theme.disputed
            } else if cell.marks.derived {
                theme.derived
            } else {
                theme.text
            };
            Shown {
                label: chart::row_label(&app.ds, app.view, *r),
                value: format::cell_text(&cell),
                range: item.range.map(|(lo, hi)| {
                    format!(
                        "‡ {}–{}",
                        format::number(lo, unit, currency),
                        format::number(hi, unit, currency)
                    )
                }),
                style,
                cursor,
            }
        }
        key => {
            let from_group = cs.from_group.as_deref().and_then(|g| g.table.shown(&app.ds, key));
            let (label, value) = from_group
                .or_else(|| key.shown(&app.ds, app.view, cs.col))
                .unwrap_or_default();
            Shown {
                label,
                value,
                range: None,
                style: theme.text,
                cursor: false,
            }
        }
    }
}

/// Draws `├──┤` between the lowest and highest figure on a bar row: over blank cells as it
/// is, over the bar's own cells reversed, so the bar keeps its full length (the headline) and
/// the range still shows when it lies within the bar (Grok 3's 100,000–200,000 chips).
fn whisker(buf: &mut Buffer, bars: Rect, y: u16, b: &Bars, (lo, hi): (f64, f64), style: Style) {
    if bars.width == 0 {
        return;
    }
    let w = f64::from(bars.width);
    let x_of = |v: f64| bars.x + ((b.scaler.fraction(v) * w) as u16).min(bars.width - 1);
    let (x0, x1) = (x_of(lo), x_of(hi));
    for x in x0..=x1 {
        let Some(cell) = buf.cell_mut((x, y)) else { continue };
        let glyph = match x {
            _ if x == x1 => "┤",
            _ if x == x0 => "├",
            _ => "─",
        };
        let on_bar = cell.symbol() != " ";
        let style = if on_bar {
            style.add_modifier(Modifier::REVERSED)
        } else {
            style
        };
        cell.set_symbol(glyph).set_style(style);
    }
}

pub(super) fn render(buf: &mut Buffer, area: Rect, app: &App, cs: &ChartState, b: &Bars, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let note_h = match area.height {
        0..=2 => 0,
        3..=11 => 1,
        _ => 2,
    };
    let [rows_area, note_area] = area.layout(&Layout::vertical([Constraint::Min(1), Constraint::Length(note_h)]));
    let fit = usize::from(rows_area.height);
    let n = b.items.len();
    let start = cs.scroll.min(n.saturating_sub(fit));
    let window = &b.items[start..(start + fit).min(n)];
    let shown: Vec<Shown> = window.iter().map(|i| shown(app, cs, i, b, theme)).collect();
    let total = usize::from(area.width);
    let max_w = |f: &dyn Fn(&Shown) -> usize| shown.iter().map(f).max().unwrap_or(0);
    let (lw, vw, rw, bw) = fit_widths(
        total,
        max_w(&|s| width(&s.label)).min((total / 3).clamp(8, 32)),
        max_w(&|s| width(&s.value)).min(16),
        max_w(&|s| s.range.as_deref().map_or(0, width)).min(28),
    );
    let bars_x = area.x + (1 + lw + 1 + vw + 1) as u16;
    let bars_rect = Rect {
        x: bars_x.min(area.right()),
        y: rows_area.y,
        width: (bw as u16).min(area.right().saturating_sub(bars_x)),
        height: shown.len() as u16,
    };
    let bars: Vec<Bar> = window
        .iter()
        .zip(&shown)
        .map(|(i, s)| {
            Bar::default()
                .value(b.scaler.bar(i.value))
                .text_value("")
                .style(s.style)
        })
        .collect();
    let bars_rect = bars_rect.intersection(buf.area);
    if !bars_rect.is_empty() {
        let widget = BarChart::horizontal(bars).bar_width(1).bar_gap(0).max(RESOLUTION);
        Widget::render(widget, bars_rect, buf);
    }
    for (k, (item, s)) in window.iter().zip(&shown).enumerate() {
        let y = rows_area.y + k as u16;
        let label_style = if s.cursor { theme.cursor_row } else { theme.text };
        let left = Line::from(vec![
            Span::styled(if s.cursor { "▶" } else { " " }, theme.mark),
            Span::styled(pad_right(&s.label, lw), label_style),
            Span::raw(" "),
            Span::styled(pad_left(&s.value, vw), s.style),
        ]);
        buf.set_line(area.x, y, &left, area.width);
        if let Some(range) = item.range {
            whisker(buf, bars_rect, y, b, range, theme.disputed);
            if rw > 0
                && let Some(text) = &s.range
            {
                let x = bars_rect.right() + 1;
                let room = area.right().saturating_sub(x);
                buf.set_stringn(x, y, truncate(text, rw), usize::from(room), theme.disputed);
            }
        }
    }
    if note_h > 0 {
        let note = bar_note(b, start, window.len());
        Widget::render(
            Paragraph::new(note).style(theme.dim).wrap(Wrap { trim: true }),
            note_area,
            buf,
        );
    }
}

/// The line under the bars: which bars are in view, what the scale means, and the notes.
fn bar_note(b: &Bars, start: usize, shown: usize) -> String {
    let mut parts = Vec::new();
    if shown < b.items.len() {
        parts.push(format!("bars {}–{} of {}", start + 1, start + shown, b.items.len()));
    }
    if b.scaler.scale == Scale::Log {
        let from = chart::tick_label(b.scaler.lo, Scale::Log, b.unit, b.currency);
        parts.push(format!("log: bars start at {from}, every ×10 the same length"));
    }
    if b.no_bar > 0 {
        parts.push(format!("{} at or below zero have no bar on a log scale", b.no_bar));
    }
    parts.extend(b.notes.iter().cloned());
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_exceed_the_room() {
        for total in 0..80 {
            let (l, v, r, b) = fit_widths(total, 30, 10, 20);
            let used = 1 + l + 1 + v + 1 + if r > 0 { r + 1 } else { 0 } + b;
            assert!(b == 0 || used <= total, "{total}: {l} {v} {r} {b}");
        }
        assert_eq!(fit_widths(120, 20, 8, 16), (20, 8, 16, 120 - 1 - 20 - 1 - 8 - 1 - 17));
        // Short of room: the range text goes first, then the label shrinks.
        let (l, _, r, b) = fit_widths(40, 20, 8, 16);
        assert_eq!(r, 0);
        assert!(b >= MIN_BARS && l <= 20);
    }
}
