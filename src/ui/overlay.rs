//! Overlays drawn over the table: help (from the keymap), record details, diagnostics.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::{App, Overlay};
use crate::data::sanitize::printable;
use crate::keymap::{self, KEYMAP, Scope, keys_text};
use crate::view::details::{self, LineKind};
use crate::view::format::LEGEND;

use super::text::wrap_hanging;
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

/// Draws `lines` (each with the column its wrapped continuation starts at) scrolled by
/// `scroll` in a box as tall as their wrapped text (within `area`, so a short message is a
/// short box); returns how far they can scroll and how many show.
fn scrolled(
    f: &mut Frame,
    area: Rect,
    lines: Vec<(Line<'static>, usize)>,
    title: (String, Scope),
    scroll: u16,
    theme: &Theme,
) -> (u16, u16) {
    let inner_w = usize::from(area.width.saturating_sub(2)).max(1);
    // Wrapped here, not by the paragraph: a continuation hangs under its value.
    let wrapped: Vec<Line<'static>> = lines
        .into_iter()
        .flat_map(|(l, hang)| wrap_hanging(l, inner_w, hang))
        .collect();
    let total = u16::try_from(wrapped.len()).unwrap_or(u16::MAX);
    let area = super::fitted(area, area.width, total.saturating_add(2));
    f.render_widget(Clear, area);
    let page = area.height.saturating_sub(2);
    let max = total.saturating_sub(page);
    let p = Paragraph::new(wrapped).block(frame(title.0, title.1, theme));
    f.render_widget(p.scroll((scroll.min(max), 0)), area);
    (max, page)
}

/// Where a wrapped help line continues: under the text after its keys (`  {:<18}`).
const HELP_HANG: usize = 20;

/// Help: every binding of the keymap under its group's heading (each heading once, in the
/// order groups first appear), what every glyph means, and the column ids of `view`.
pub fn help_lines(theme: &Theme, view: crate::view::ViewKind) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut groups: Vec<&str> = Vec::new();
    for b in KEYMAP {
        if !groups.contains(&b.group) {
            groups.push(b.group);
        }
    }
    for group in groups {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(Span::styled(group.to_string(), theme.heading)));
        for b in KEYMAP.iter().filter(|b| b.group == group) {
            // Overlays' keys are listed under their overlay's heading; the scope says where.
            let scope = match b.scope {
                Scope::Global | Scope::Table => String::new(),
                s if s.name() == group.to_lowercase() => String::new(),
                s => format!(" ({})", s.name()),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<18}", keys_text(b)), theme.key),
                Span::raw(format!("{}{scope}", b.help)),
            ]));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Glyphs", theme.heading)));
    for part in LEGEND.split(" · ") {
        lines.push(Line::from(format!("  {part}")));
    }
    for glyph in [
        "▶ the row cursor",
        "● a marked row (Space marks and moves down; c compares the marked rows)",
        "▲ ▼ the sorted column, ascending / descending",
        "Δ changed by the last reload (highlighted until the next key)",
        "├──┤ in bars, ┬│┴ in scatter plots: a range — the figure's own bounds, or the lowest–highest of disputed (‡) claims",
        "found text is highlighted (underlined without colour)",
    ] {
        lines.push(Line::from(format!("  {glyph}")));
    }
    lines.push(Line::from(""));
    // Every column id of every view, the current view's first: `--sort`, filters and
    // `export` name columns by these. Short lines, each indented, so they never wrap to the
    // border on a narrow screen.
    lines.push(Line::from(Span::styled(
        format!(
            "Column ids (for --sort, filters, export), the {} view first",
            view.title()
        ),
        theme.heading,
    )));
    let others = crate::view::ViewKind::ALL.into_iter().filter(|v| *v != view);
    for v in std::iter::once(view).chain(others) {
        let mut line = format!("  {:<8}", v.id());
        for id in crate::view::columns(v).iter().map(|c| c.id) {
            if line.chars().count() + 1 + id.len() > 56 {
                lines.push(Line::from(std::mem::replace(&mut line, " ".repeat(10))));
            }
            line.push(' ');
            line.push_str(id);
        }
        lines.push(Line::from(line));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Filter", theme.heading)));
    lines.push(Line::from(
        "  deepseek  country:CN  chips>1000  cost_usd<=10M  train_flop>=1e24  released>2024-06  -lab:meta",
    ));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Mouse", theme.heading)));
    lines.push(Line::from(
        "  click a row to select it, click a header to sort by it, wheel scrolls.",
    ));
    lines
}

/// Draws whichever overlay is open (the prompts live in the footer, not here); for a
/// scrolling one, returns how far it can scroll and how many lines show.
pub fn render(f: &mut Frame, full: Rect, app: &App, theme: &Theme) -> Option<(u16, u16)> {
    let area = area(full);
    // A box overlay hides the table beneath it entirely (between the tabs and the status
    // line): no cursor `▶`, mark `●` or cell shows beside a box sized to its content.
    let boxed = !app.overlay.as_ref().is_none_or(Overlay::is_prompt);
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
    Some(match &app.overlay {
        Some(Overlay::Help { scroll }) => scrolled(
            f,
            area,
            help_lines(theme, app.view)
                .into_iter()
                .map(|l| {
                    // A binding (keys, then what they do) hangs under its text; the rest
                    // under their own indent.
                    let hang = if l.spans.len() == 2 {
                        HELP_HANG
                    } else {
                        let t = l.to_string();
                        t.len() - t.trim_start().len()
                    };
                    (l, hang)
                })
                .collect(),
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
                    (Line::from(Span::styled(l.text, style)), l.hang)
                })
                .collect();
            scrolled(f, area, lines, (" Details ".into(), Scope::Details), *scroll, theme)
        }
        Some(Overlay::Diagnostics { text, scroll }) => {
            let mut lines = vec![(
                Line::from(Span::styled(
                    "The data file has problems; the last good data stays on screen. Fix and save: this closes by itself.",
                    theme.error,
                )),
                0,
            )];
            lines.push((Line::from(""), 0));
            lines.extend(text.lines().map(|l| {
                let indent = l.len() - l.trim_start().len();
                (Line::from(printable(l).into_owned()), indent)
            }));
            scrolled(
                f,
                area,
                lines,
                (" Reload failed ".into(), Scope::Problems),
                *scroll,
                theme,
            )
        }
        Some(Overlay::Chart(_)) => {
            super::chart::render(f, area, app, theme);
            return None;
        }
        Some(Overlay::Group(_)) => {
            super::group::render(f, area, app, theme);
            return None;
        }
        Some(Overlay::Compare(_)) => {
            super::compare::render(f, area, app, theme);
            return None;
        }
        Some(Overlay::Columns { cursor }) => {
            picker(f, area, app, *cursor, theme);
            return None;
        }
        Some(
            Overlay::Filter { .. }
            | Overlay::AsOf { .. }
            | Overlay::Save(_)
            | Overlay::Find(_)
            | Overlay::ColumnJump { .. },
        )
        | None => {
            return None;
        }
    })
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
    let rect = super::fitted(area, w, lines.len() as u16 + 2);
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
