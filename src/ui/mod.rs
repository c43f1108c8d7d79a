//! Rendering: reads `App`, draws one frame, and reports the frame's geometry (for paging and
//! mouse hits). Never mutates data.

pub mod chart;
pub mod chrome;
pub mod compare;
pub mod group;
pub mod loading;
pub mod overlay;
pub mod table;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

use crate::app::{App, Geometry};

pub use theme::Theme;

/// Below this the dashboard shows one line saying so instead of a broken layout.
pub const MIN_WIDTH: u16 = 20;
/// Minimum height.
pub const MIN_HEIGHT: u16 = 6;

/// What the frame laid out, for the runner to store in `App`.
#[derive(Clone, Debug, Default)]
pub struct Drawn {
    /// Rows, header, tabs.
    pub geometry: Geometry,
    /// Header column hit ranges.
    pub header_hits: Vec<(usize, u16, u16)>,
    /// Tab hit ranges: (view, x start, x end).
    pub tab_hits: Vec<(crate::view::ViewKind, u16, u16)>,
}

/// Draws one frame on `terminal` as the dashboard does: stores the frame's geometry in `app`
/// and, when a resize left the cursor row off screen, scrolls it back and draws again.
/// The runner and the render tests both go through here, so they draw alike.
pub fn draw_frame<B: ratatui::backend::Backend>(
    terminal: &mut ratatui::Terminal<B>,
    app: &mut App,
    theme: &Theme,
) -> Result<(), B::Error> {
    let mut drawn = Drawn::default();
    terminal.draw(|f| drawn = draw(f, app, theme))?;
    let resized = drawn.geometry.page != app.geometry.page;
    app.geometry = drawn.geometry;
    app.header_hits = std::mem::take(&mut drawn.header_hits);
    app.tab_hits = std::mem::take(&mut drawn.tab_hits);
    if resized && app.fit_to_page() {
        terminal.draw(|f| drawn = draw(f, app, theme))?;
        app.header_hits = drawn.header_hits;
        app.tab_hits = drawn.tab_hits;
    }
    Ok(())
}

/// Draws the whole dashboard.
pub fn draw(f: &mut Frame, app: &App, theme: &Theme) -> Drawn {
    let full = f.area();
    if full.width < MIN_WIDTH || full.height < MIN_HEIGHT {
        let (w, h) = (full.width, full.height);
        // "too small" leads whenever the long form would split it over two lines.
        let msg = if w >= 19 {
            format!("terminal too small: {w}×{h} (need {MIN_WIDTH}×{MIN_HEIGHT})")
        } else {
            format!("too small ({w}×{h}, need {MIN_WIDTH}×{MIN_HEIGHT})")
        };
        f.render_widget(
            Paragraph::new(msg)
                .style(theme.error)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            full,
        );
        return Drawn::default();
    }
    let [tabs, body, status, footer] = full.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(2),
        Constraint::Length(1),
        Constraint::Length(1),
    ]));
    let tab_hits = chrome::tabs(f, tabs, app, theme);
    let header_hits = table::render(f, body, app, theme);
    chrome::status(f, status, app, theme);
    chrome::footer(f, footer, app, theme);
    let (overlay_max, overlay_page) = overlay::render(
        f,
        Rect {
            height: full.height.saturating_sub(1),
            ..full
        },
        app,
        theme,
    )
    .unwrap_or((u16::MAX, body.height));
    Drawn {
        geometry: Geometry {
            tabs_y: tabs.y,
            header_y: body.y,
            rows_y: body.y + 1,
            page: body.height.saturating_sub(1),
            overlay_max,
            overlay_page,
        },
        header_hits,
        tab_hits,
    }
}

/// A box of `w`×`h` cells (borders included) centred in `area`, never larger than it.
pub fn fitted(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
