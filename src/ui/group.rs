//! Renders the group overlay.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::App;

use super::theme::Theme;

/// Draws the group overlay into `area`.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let _ = (f, area, app, theme);
}
