//! Overlays drawn over the table: help (from the keymap), record details, diagnostics.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::{App, Overlay};
use crate::data::sanitize::printable;
use crate::keymap::{self, KEYMAP, Scope, keys_text};
use crate::view::details::{self, LineKind};
use crate::view::format::LEGEND;

use super::theme::Theme;

/// The area an overlay uses: most of the screen, a margin around it when there is room.
pub fn area(full: Rect) -> Rect {
    let mx = if full.width > 60 { 2 } else { 0 };
    let my = if full.height > 16 { 1 } else { 0 };
    Rect {
        x: full.x + mx,
        y: full.y + my,
        width: full.width.saturating_sub(2 * mx),
        height: full.height.saturating_sub(2 * my),
    }
}

fn frame<'a>(title: String, scope: Scope, theme: &Theme) -> Block<'a> {
    let hints = format!(" {} ", keymap::hint_line(&keymap::hints(scope)));
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(title, theme.heading))
        .title_bottom(Line::from(hints).right_aligned())
}

fn scrolled(f: &mut Frame, area: Rect, lines: Vec<Line<'static>>, title: (String, Scope), scroll: u16, theme: &Theme) {
    // As tall as the wrapped text (within the screen), so a short message is a short box.
    let inner_w = usize::from(area.width.saturating_sub(2)).max(1);
    let wrapped: usize = lines.iter().map(|l| l.width().div_ceil(inner_w).max(1)).sum();
    let area = fitted(area, area.width, (wrapped + 2).min(usize::from(u16::MAX)) as u16);
    f.render_widget(Clear, area);
    let max = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
    let p = Paragraph::new(lines)
        .block(frame(title.0, title.1, theme))
        .wrap(Wrap { trim: false })
        .scroll((scroll.min(max), 0));
    f.render_widget(p, area);
}

/// Help: every binding of the keymap, grouped.
pub fn help_lines(theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut group = "";
    for b in KEYMAP {
        if b.group != group {
            group = b.group;
            if !lines.is_empty() {
                lines.push(Line::from(""));
            }
            lines.push(Line::from(Span::styled(group.to_string(), theme.heading)));
        }
        let scope = if b.scope == Scope::Prompt {
            " (in the prompt)"
        } else {
            ""
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<18}", keys_text(b)), theme.key),
            Span::raw(format!("{}{scope}", b.help)),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Marks", theme.heading)));
    for part in LEGEND.split(" · ") {
        lines.push(Line::from(format!("  {part}")));
    }
    lines.push(Line::from(
        "  Δ changed by the last reload (highlighted until the next key)",
    ));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Filter", theme.heading)));
    lines.push(Line::from(
        "  deepseek  country:CN  chips>1000  cost_usd<=10M  train_flop>=1e24  released>2024-06  -lab:meta",
    ));
    lines.push(Line::from(
        "  Mouse: click a row to select it, click a header to sort by it, wheel scrolls.",
    ));
    lines
}

/// Draws whichever overlay is open (the filter prompt lives in the footer, not here).
pub fn render(f: &mut Frame, full: Rect, app: &App, theme: &Theme) {
    let area = area(full);
    // A box overlay hides the table beneath it entirely (between the tabs and the status
    // line): no cursor `▶`, mark `●` or cell shows beside a box sized to its content.
    let boxed = !matches!(
        app.overlay,
        None | Some(Overlay::Filter { .. } | Overlay::AsOf { .. } | Overlay::ColumnJump { .. })
    );
    if boxed {
        f.render_widget(
            Clear,
            Rect {
                y: full.y.saturating_add(1),
                height: full.height.saturating_sub(2),
                ..full
            },
        );
    }
    match &app.overlay {
        Some(Overlay::Help { scroll }) => scrolled(
            f,
            area,
            help_lines(theme),
            (" Help — keys ".into(), Scope::Help),
            *scroll,
            theme,
        ),
        Some(Overlay::Details { record, scroll }) => {
            let lines = details::lines(&app.ds, *record)
                .into_iter()
                .map(|l| {
                    let style = match l.kind {
                        LineKind::Title | LineKind::Heading => theme.heading,
                        LineKind::Detail => theme.dim,
                        LineKind::Claim | LineKind::Field | LineKind::Blank => theme.text,
                    };
                    Line::from(Span::styled(l.text, style))
                })
                .collect();
            scrolled(f, area, lines, (" Details ".into(), Scope::Details), *scroll, theme);
        }
        Some(Overlay::Diagnostics { text, scroll }) => {
            let mut lines = vec![Line::from(Span::styled(
                "The data file has problems; the last good data stays on screen. Fix and save: this closes by itself.",
                theme.error,
            ))];
            lines.push(Line::from(""));
            lines.extend(text.lines().map(|l| Line::from(printable(l).into_owned())));
            scrolled(
                f,
                area,
                lines,
                (" Reload failed ".into(), Scope::Problems),
                *scroll,
                theme,
            );
        }
        Some(Overlay::Chart(_)) => super::chart::render(f, area, app, theme),
        Some(Overlay::Group(_)) => super::group::render(f, area, app, theme),
        Some(Overlay::Compare(_)) => super::compare::render(f, area, app, theme),
        Some(Overlay::Columns { cursor }) => picker(f, area, app, *cursor, theme),
        Some(Overlay::Filter { .. } | Overlay::AsOf { .. } | Overlay::ColumnJump { .. }) | None => {}
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

/// The column picker: every column of the view in display order, `✓` when shown, its id and
/// title; sized to the list.
fn picker(f: &mut Frame, area: Rect, app: &App, cursor: usize, theme: &Theme) {
    let cols = crate::view::columns(app.view);
    let layout = app.layout();
    let order = layout.all_in_order(cols);
    let id_w = cols.iter().map(|c| c.id.len()).max().unwrap_or(0);
    let lines: Vec<Line<'static>> = order
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let c = &cols[i];
            let mark = if layout.is_hidden(c.id) { " " } else { "✓" };
            let text = format!(
                "{} [{mark}] {:<id_w$}  {}",
                if n == cursor { "▶" } else { " " },
                c.id,
                c.header()
            );
            let style = if n == cursor { theme.cursor_row } else { theme.text };
            Line::from(Span::styled(text, style))
        })
        .collect();
    let hints = format!(" {} ", keymap::hint_line(&keymap::hints(Scope::Columns)));
    let content = lines.iter().map(Line::width).max().unwrap_or(0);
    let w = (content.max(hints.chars().count()) + 2) as u16;
    let rect = fitted(area, w, lines.len() as u16 + 2);
    let inner = rect.height.saturating_sub(2);
    let scroll = (cursor as u16).saturating_sub(inner.saturating_sub(1));
    f.render_widget(Clear, rect);
    let title = format!(" Columns — {} ", app.view.id());
    f.render_widget(
        Paragraph::new(lines)
            .block(if hints.chars().count() + 2 <= usize::from(rect.width) {
                frame(title, Scope::Columns, theme)
            } else {
                // A narrow border keeps the essentials.
                let short = format!(" {} ", keymap::hint_line(&keymap::short_hints(Scope::Columns)));
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.border)
                    .title(Span::styled(title, theme.heading))
                    .title_bottom(Line::from(short).right_aligned())
            })
            .scroll((scroll, 0)),
        rect,
    );
}
