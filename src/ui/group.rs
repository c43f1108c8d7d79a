//! Renders the group overlay: a table of groups (key column frozen, the others scrolling
//! sideways with the column cursor), only the rows in view turned into widgets, and a help
//! line saying how the figures were computed.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell as TCell, Clear, Paragraph, Row, Table, Wrap};

use crate::app::group::GroupState;
use crate::app::{App, Overlay};
use crate::keymap::{self, Scope};

use super::text::{truncate, width};
use super::theme::Theme;

/// Widest a group column gets (text is cut with `…`).
const MAX_COL: usize = 28;

/// The first row shown: the stored offset, moved just enough to show the cursor.
fn first_row(g: &GroupState, page: usize) -> usize {
    let page = page.max(1);
    if g.cursor < g.offset {
        g.cursor
    } else if g.cursor >= g.offset + page {
        g.cursor + 1 - page
    } else {
        g.offset
    }
}

/// Columns shown: the key column, then a run of columns that contains the cursor column —
/// the table's rule, so both scroll sideways alike.
fn visible(widths: &[usize], sel: usize, avail: usize) -> Vec<usize> {
    super::table::visible_columns(widths, sel, avail)
}

/// Draws the group overlay into `area`.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(Overlay::Group(g)) = &app.overlay else { return };
    let t = &g.table;
    // Header, a row per group, two lines of help, the border: no taller than that.
    let area = super::fitted(area, area.width, (t.len() + 5).min(usize::from(u16::MAX)) as u16);
    f.render_widget(Clear, area);
    let by = t.columns.first().map_or("", |c| c.header.as_str());
    let title = format!(
        " Group by {by} — {} group{} of {} rows ",
        t.len(),
        if t.len() == 1 { "" } else { "s" },
        t.total
    );
    let hints = format!(" {} ", keymap::hint_line(&keymap::hints(Scope::Group)));
    // The essentials only when the border is short.
    let hints = if width(&hints) + 4 <= usize::from(area.width) {
        hints
    } else {
        format!(" {} ", keymap::hint_line(&keymap::short_hints(Scope::Group)))
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(title, theme.heading))
        .title_bottom(Line::from(hints).right_aligned());
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let help_h = match inner.height {
        0..=4 => 0,
        5..=10 => 1,
        _ => 2,
    };
    let [table_area, help_area] = inner.layout(&Layout::vertical([Constraint::Min(1), Constraint::Length(help_h)]));
    let page = usize::from(table_area.height.saturating_sub(1));
    let start = first_row(g, page);
    let end = (start + page).min(t.len());
    let window = start.min(end)..end;

    let headers: Vec<String> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| match g.sort {
            s if s.col == i => format!("{} {}", c.header, s.dir.glyph()),
            _ => c.header.clone(),
        })
        .collect();
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            window
                .clone()
                .map(|r| width(&t.text(&app.ds, r, c)))
                .chain(std::iter::once(width(h)))
                .max()
                .unwrap_or(3)
                .clamp(3, MAX_COL)
        })
        .collect();
    let avail = usize::from(table_area.width.saturating_sub(2));
    let shown = visible(&widths, g.sel, avail);

    let cell = |text: String, c: usize, numeric: bool| {
        let text = truncate(&text, widths[c]);
        let line = if numeric {
            Line::from(text).alignment(Alignment::Right)
        } else {
            Line::from(text)
        };
        TCell::from(line)
    };
    let header = Row::new(std::iter::once(TCell::from("")).chain(shown.iter().map(|&c| {
        let style = if c == g.sel {
            theme.header.patch(theme.cursor_col)
        } else {
            theme.header
        };
        let numeric = t.columns[c].numeric();
        cell(headers[c].clone(), c, numeric).style(style)
    })));
    let rows = window.clone().map(|r| {
        let is_cursor = r == g.cursor;
        let cells = shown.iter().map(|&c| {
            let col = &t.columns[c];
            let mut style = if col.header.ends_with('ƒ') {
                theme.derived
            } else {
                theme.text
            };
            if c == g.sel {
                style = style.patch(theme.cursor_col);
            }
            cell(t.text(&app.ds, r, c), c, col.numeric()).style(style)
        });
        let gutter = TCell::from(Span::styled(if is_cursor { "▶" } else { " " }, theme.mark));
        let row = Row::new(std::iter::once(gutter).chain(cells));
        if is_cursor { row.style(theme.cursor_row) } else { row }
    });
    let constraints =
        std::iter::once(Constraint::Length(1)).chain(shown.iter().map(|&c| Constraint::Length(widths[c] as u16)));
    f.render_widget(
        Table::new(rows, constraints).header(header).column_spacing(1),
        table_area,
    );
    if t.is_empty() && table_area.height > 1 {
        let r = Rect {
            y: table_area.y + 1,
            height: 1,
            ..table_area
        };
        f.render_widget(Paragraph::new("no rows to group").style(theme.dim), r);
    }
    if help_h > 0 {
        f.render_widget(
            Paragraph::new(t.method()).style(theme.dim).wrap(Wrap { trim: true }),
            help_area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_key_and_cursor_columns() {
        let widths = vec![10; 8];
        // Each column costs its width plus one space: three fit in 40, four do not.
        assert_eq!(visible(&widths, 1, 40), vec![0, 1, 2]);
        assert_eq!(visible(&widths, 1, 44), vec![0, 1, 2, 3]);
        let v = visible(&widths, 7, 40);
        assert!(v.contains(&0) && v.contains(&7));
        assert!(visible(&widths, 5, 3).contains(&0));
    }
}
