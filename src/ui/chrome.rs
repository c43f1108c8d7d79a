//! The frame around the table: tab bar, status line, footer hints or the filter prompt.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{App, Overlay};
use crate::data::sanitize::printable;
use crate::keymap::{self, Scope};
use crate::view::{ViewKind, columns};

use super::theme::Theme;

/// `1 Labs  2 Models  …` with the current view reversed and bracketed.
pub fn tabs(f: &mut Frame, area: Rect, app: &App, theme: &Theme) -> Vec<(ViewKind, u16, u16)> {
    let mut spans = Vec::new();
    let mut hits = Vec::new();
    let mut x = area.x;
    for (i, v) in ViewKind::ALL.iter().enumerate() {
        let active = *v == app.view;
        let label = if active {
            format!("[{} {}]", i + 1, v.title())
        } else {
            format!(" {} {} ", i + 1, v.title())
        };
        let w = label.chars().count() as u16;
        hits.push((*v, x, x + w));
        x += w + 1;
        spans.push(Span::styled(label, if active { theme.tab_active } else { theme.tab }));
        spans.push(Span::raw(" "));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
    hits
}

/// Data origin, row counts, sort, filter, and the last message.
pub fn status(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let vs = app.state();
    let total = app.view.len(&app.ds);
    let mut parts = vec![
        printable(&app.origin.display()).into_owned(),
        format!("{} {} of {}", app.view.title(), vs.rows.len(), total),
    ];
    if !vs.rows.is_empty() {
        parts.push(format!("row {}", vs.cursor + 1));
    }
    if let Some(s) = vs.sort {
        let id = columns(app.view).get(s.col).map_or("?", |c| c.id);
        parts.push(format!("sort: {id} {}", s.dir.glyph()));
    }
    if !vs.filter.is_empty() {
        parts.push(format!("filter: {}", printable(&vs.filter.text)));
    }
    let marked = app.marks.iter().filter(|(v, _)| *v == app.view).count();
    if marked > 0 {
        parts.push(format!("● {marked} marked"));
    }
    if app.log_scale {
        parts.push("log scale".into());
    }
    if let Some(day) = app.ds.as_of {
        parts.push(format!("as of {day} (undated claims included)"));
    }
    if app.loaded_scope == crate::load::Scope::First {
        parts.push("first file only".into());
    }
    let mut spans = vec![Span::styled(format!(" {} ", parts.join(" · ")), theme.status)];
    if let Some(s) = &app.status {
        let (glyph, style) = if s.error {
            ("✗ ", theme.error)
        } else {
            ("", theme.text)
        };
        spans.push(Span::styled(format!(" {glyph}{}", printable(&s.text)), style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)).style(theme.text), area);
}

/// Key hints generated from the keymap, or the filter prompt when it is open.
pub fn footer(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if let Some(Overlay::Filter { input, error, .. }) = &app.overlay {
        let mut spans = vec![
            Span::styled("/", theme.key),
            Span::raw(printable(input).into_owned()),
            Span::styled("▏", theme.key),
        ];
        match error {
            Some(e) => spans.push(Span::styled(format!("  ✗ {}", printable(e)), theme.error)),
            None => spans.push(Span::styled(
                format!(
                    "  {} · e.g. country:CN chips>1000 released>2024-06",
                    keymap::hint_line(&keymap::hints(Scope::Prompt))
                ),
                theme.dim,
            )),
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    if let Some(Overlay::ColumnJump { input, .. }) = &app.overlay {
        let col = crate::view::columns(app.view).get(app.state().col);
        let spans = vec![
            Span::styled("column ", theme.key),
            Span::raw(printable(input).into_owned()),
            Span::styled("▏", theme.key),
            Span::styled(
                format!(
                    "  → {} · {}",
                    col.map_or("", |c| c.id),
                    keymap::hint_line(&keymap::hints(Scope::Prompt))
                ),
                theme.dim,
            ),
        ];
        f.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    if let Some(Overlay::AsOf { input, error }) = &app.overlay {
        let mut spans = vec![
            Span::styled("as of ", theme.key),
            Span::raw(printable(input).into_owned()),
            Span::styled("▏", theme.key),
        ];
        match error {
            Some(e) => spans.push(Span::styled(format!("  ✗ {}", printable(e)), theme.error)),
            None => spans.push(Span::styled(
                format!(
                    "  YYYY-MM-DD (empty: all the data) · {}",
                    keymap::hint_line(&keymap::hints(Scope::Prompt))
                ),
                theme.dim,
            )),
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    let mut spans = Vec::new();
    for h in keymap::hints(Scope::Table) {
        spans.push(Span::styled(h.keys, theme.key));
        spans.push(Span::styled(format!(" {}  ", h.text), theme.dim));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
