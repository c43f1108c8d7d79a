//! Renders the chart overlay: horizontal bars (ratatui `BarChart` on values scaled into
//! `u64`, the humane figure printed beside each bar, a `├──┤` whisker for the range of
//! disputed claims), or a scatter plot of date against value (log10-transformed when `L` is
//! on) with one marker *and* colour per country. Only the bars in view become widgets.

mod bars;
mod scatter;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::chart::{ChartKind, ChartState};
use crate::app::{App, Overlay};
use crate::keymap::{self, Scope};
use crate::view::chart::{self, ChartData, Scale};
use crate::view::columns;

use super::text::{truncate, width};
use super::theme::Theme;

/// Scatter markers, one per series: distinct shapes so series differ without colour.
pub const MARKERS: [char; 8] = ['●', '▲', '■', '◆', '+', 'x', '*', '#'];
/// Series colours (a second signal, never the only one).
const COLOURS: [Color; 8] = [
    Color::Cyan,
    Color::LightRed,
    Color::Green,
    Color::Yellow,
    Color::Magenta,
    Color::Blue,
    Color::LightCyan,
    Color::LightGreen,
];
/// The point under the table's row cursor.
pub const CURSOR_MARK: char = '◉';
/// Narrowest bar area worth drawing.
const MIN_BARS: usize = 6;

fn pad_right(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let fill = w.saturating_sub(width(&t));
    format!("{t}{}", " ".repeat(fill))
}

fn pad_left(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let fill = w.saturating_sub(width(&t));
    format!("{}{t}", " ".repeat(fill))
}

/// Key hints on the overlay's bottom border, printed from the keymap's live bindings; the
/// essentials only when the border is short.
fn hints(cs: &ChartState, room: u16) -> String {
    let scope = match cs.kind {
        ChartKind::Bar => Scope::Bars,
        ChartKind::Scatter => Scope::Scatter,
    };
    let full = format!(" {} ", keymap::hint_line(&keymap::hints(scope)));
    if width(&full) + 4 <= usize::from(room) {
        full
    } else {
        format!(" {} ", keymap::hint_line(&keymap::short_hints(scope)))
    }
}

fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

fn title(app: &App, cs: &ChartState) -> String {
    let scale = format!("{} scale", Scale::from_log(app.log_scale).name());
    let mut parts = vec![];
    match &cs.data {
        ChartData::Bars(b) => {
            parts.push(format!("{} — {}", cs.kind.name(), b.title));
            parts.push(scale);
            parts.push(plural(b.items.len(), "bar"));
            if b.missing > 0 {
                parts.push(chart::rows_without(b.missing, "a value"));
            }
        }
        ChartData::Scatter(s) => {
            parts.push(format!("{} — {} over time", cs.kind.name(), s.title));
            parts.push(scale);
            parts.push(format!("{} plotted", s.plotted()));
            if s.no_value > 0 {
                parts.push(chart::rows_without(s.no_value, "a value"));
            }
            if s.no_date > 0 {
                parts.push(chart::rows_without(s.no_date, "a date"));
            }
            if s.no_log > 0 {
                parts.push(format!("{} ≤ 0 not on a log axis", s.no_log));
            }
        }
        ChartData::Empty(_) => {
            let col = columns(app.view).get(cs.col).map(|c| c.header()).unwrap_or_default();
            parts.push(format!("{} — {col}", cs.kind.name()));
            parts.push(scale);
        }
    }
    format!(" {} ", parts.join(" · "))
}

/// Draws the chart overlay into `area`.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(Overlay::Chart(cs)) = &app.overlay else { return };
    // Bars take a row each plus two for the notes; a message a few rows; the scatter plot
    // keeps the whole area (its axes scale to it).
    let rows = match &cs.data {
        ChartData::Bars(b) => Some(b.items.len() + 2),
        ChartData::Empty(_) => Some(3),
        ChartData::Scatter(_) => None,
    };
    let area = match rows {
        Some(r) => super::fitted(area, area.width, (r + 2).min(usize::from(u16::MAX)) as u16),
        None => area,
    };
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(title(app, cs), theme.heading))
        .title_bottom(Line::from(hints(cs, area.width)).right_aligned());
    let inner = block.inner(area);
    f.render_widget(block, area);
    match &cs.data {
        ChartData::Empty(msg) => f.render_widget(
            Paragraph::new(msg.as_str())
                .style(theme.text)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            inner,
        ),
        ChartData::Bars(b) => bars::render(f.buffer_mut(), inner, app, cs, b, theme),
        ChartData::Scatter(s) => scatter::render(f, inner, app, cs, s, theme),
    }
}
