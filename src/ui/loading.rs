//! The screen shown while a large file loads and none of its rows are in yet: a gauge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Gauge};

use super::Theme;
use crate::load::Progress;

/// Draws the gauge for loading `name` (already printable), with the key that quits.
pub fn draw(f: &mut Frame, name: &str, progress: Progress, quit_key: &str, theme: &Theme) {
    let area = f.area();
    let r = Rect {
        y: (area.height / 2).saturating_sub(1),
        height: 3.min(area.height),
        ..area
    };
    let g = Gauge::default()
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" loading {name} — {quit_key} quits ")),
        )
        .gauge_style(theme.header)
        .ratio(progress.ratio())
        .label(progress.label());
    f.render_widget(g, r);
}
