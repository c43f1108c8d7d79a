//! The main table: tab's rows with a row cursor, a highlighted column cursor, the name
//! column frozen while the others scroll sideways, widths fitted to content.
//! Only the visible window of rows becomes widget rows.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TCell, Paragraph, Row, Table};

use crate::app::App;
use crate::data::sanitize::printable;
use crate::view::layout::{self, Want};
use crate::view::{Cell, ColType, Column, columns, format};

use super::text::{truncate, width};
use super::theme::Theme;

/// Text columns shrink no narrower than this (ellipsised), unless their content is shorter.
const MIN_TEXT: usize = 8;
/// Number columns shrink no narrower than this (most figures are shorter).
const MIN_NUMBER: usize = 12;
/// Rows beyond the visible window sampled for column widths (keeps widths steady).
const WIDTH_SAMPLE: usize = 64;
/// Gutter: cursor arrow and mark dot.
const GUTTER: u16 = 2;
/// Leads a cell the last reload changed; with `CHANGED` it stays visible without colour.
const CHANGED_GLYPH: &str = "Δ";
/// A cell the last reload changed (until the next key press): colour plus bold, and the glyph.
const CHANGED: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::Yellow)
    .add_modifier(Modifier::BOLD);

/// Text found with `f`, highlighted where it shows; underlined too, so it shows without colour.
const FOUND: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::LightCyan)
    .add_modifier(Modifier::UNDERLINED.union(Modifier::BOLD));

/// A cell's text with every occurrence of the text found highlighted.
fn found_line(text: String, find: Option<&str>) -> Line<'static> {
    let hits = find
        .map(|t| crate::view::find::occurrences(&text, t))
        .unwrap_or_default();
    if hits.is_empty() {
        return Line::from(text);
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for (a, b) in hits {
        spans.push(Span::raw(text[at..a].to_string()));
        spans.push(Span::styled(text[a..b].to_string(), FOUND));
        at = b;
    }
    spans.push(Span::raw(text[at..].to_string()));
    Line::from(spans)
}

/// A cell's style from its marks (the glyphs carry the same meaning without colour).
pub(super) fn cell_style(cell: &Cell<'_>, theme: &Theme) -> Style {
    if cell.marks.derived {
        theme.derived
    } else if cell.marks.disputed {
        theme.disputed
    } else {
        theme.text
    }
}

/// What each column needs: its widest content (header included) within its declared
/// maximum, how far it may shrink, and its priority; a width the user chose is fixed.
fn wants(app: &App, cols: &[Column], window: &[u32], headers: &[String]) -> Vec<Want> {
    let rows = &app.state().rows;
    let sample = rows.iter().take(WIDTH_SAMPLE).chain(window.iter());
    let mut w: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for &r in sample {
        for (i, c) in cols.iter().enumerate() {
            let t = format::cell_text(&c.screen(&app.ds, r));
            let glyph = usize::from(app.changed.contains(&(app.view, r, i)));
            w[i] = w[i].max(width(&t) + glyph);
        }
    }
    let layout = app.layout();
    cols.iter()
        .zip(w)
        .map(|(c, w)| {
            if let Some(&fixed) = layout.widths.get(c.id) {
                let fixed = usize::from(fixed);
                return Want {
                    natural: fixed,
                    min: fixed,
                    priority: c.priority,
                };
            }
            let natural = w.clamp(3, usize::from(c.max_width).max(3));
            // Dates are never cut; text is ellipsised down to `MIN_TEXT`, and a rare long
            // figure (a range with its marks) down to `MIN_NUMBER`.
            let min = match c.ty {
                ColType::Text => natural.min(MIN_TEXT),
                ColType::Number => natural.min(MIN_NUMBER),
                ColType::Date => natural,
            };
            Want {
                natural,
                min,
                priority: c.priority,
            }
        })
        .collect()
}

/// Which scrollable columns (1..) are shown so the cursor column is visible; column 0 is
/// always shown. (The group table's simple sideways scroll.)
pub(super) fn visible_columns(widths: &[usize], cursor: usize, avail: usize) -> Vec<usize> {
    let total = |range: &[usize]| range.iter().map(|&i| widths[i] + 1).sum::<usize>();
    let mut start = 1;
    while start < cursor && total(&(std::iter::once(0).chain(start..=cursor).collect::<Vec<_>>())) > avail {
        start += 1;
    }
    let mut shown = vec![0];
    let mut used = widths.first().map_or(0, |w| w + 1);
    for (i, &w) in widths.iter().enumerate().skip(start) {
        if used + w + 1 > avail && shown.len() > 1 {
            break;
        }
        used += w + 1;
        shown.push(i);
    }
    shown
}

/// Draws the table into `area`; returns the header's column hit ranges.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) -> Vec<(usize, u16, u16)> {
    let vs = app.state();
    let cols = columns(app.view);
    let page = usize::from(area.height.saturating_sub(1));
    let end = (vs.offset + page).min(vs.rows.len());
    let window = &vs.rows[vs.offset.min(end)..end];
    let headers: Vec<String> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| match vs.sort {
            Some(s) if s.col == i => format!("{} {}", c.header(), s.dir.glyph()),
            _ => c.header(),
        })
        .collect();
    let wants = wants(app, cols, window, &headers);
    let avail = usize::from(area.width.saturating_sub(GUTTER + 1));
    let fitted = layout::fit(&wants, &app.shown_columns(), vs.col, avail);
    let shown: Vec<usize> = fitted.shown.iter().map(|s| s.0).collect();
    let mut widths = vec![0; cols.len()];
    for &(i, w) in &fitted.shown {
        widths[i] = w;
    }

    let mut hits = Vec::new();
    let mut x = area.x + GUTTER + 1;
    for &i in &shown {
        let w = widths[i] as u16;
        hits.push((i, x, x.saturating_add(w + 1)));
        x = x.saturating_add(w + 1);
    }

    let header = Row::new(std::iter::once(TCell::from("")).chain(shown.iter().map(|&i| {
        let style = if i == vs.col {
            theme.header.patch(theme.cursor_col)
        } else {
            theme.header
        };
        let text = truncate(&headers[i], widths[i]);
        let line = if cols[i].ty == ColType::Number {
            Line::from(text).alignment(Alignment::Right)
        } else {
            Line::from(text)
        };
        TCell::from(line).style(style)
    })));

    let rows = window.iter().enumerate().map(|(n, &r)| {
        let is_cursor = vs.offset + n == vs.cursor;
        let marked = app.is_marked(r);
        let gutter = format!(
            "{}{}",
            if is_cursor { "▶" } else { " " },
            if marked { "●" } else { " " }
        );
        let cells = shown.iter().map(|&i| {
            let cell = cols[i].screen(&app.ds, r);
            let changed = app.changed.contains(&(app.view, r, i));
            let mut text = format::cell_text(&cell);
            if changed {
                text.insert_str(0, CHANGED_GLYPH);
            }
            let text = truncate(&text, widths[i]);
            let mut style = cell_style(&cell, theme);
            if changed {
                style = style.patch(CHANGED);
            }
            if i == vs.col {
                style = style.patch(theme.cursor_col);
            }
            let line = found_line(text, app.find.as_deref());
            let line = if cols[i].ty == ColType::Number {
                line.alignment(Alignment::Right)
            } else {
                line
            };
            TCell::from(line).style(style)
        });
        let row = Row::new(std::iter::once(TCell::from(Span::styled(gutter, theme.mark))).chain(cells));
        if is_cursor { row.style(theme.cursor_row) } else { row }
    });

    let constraints =
        std::iter::once(Constraint::Length(GUTTER)).chain(shown.iter().map(|&i| Constraint::Length(widths[i] as u16)));
    let table = Table::new(rows, constraints).header(header).column_spacing(1);
    f.render_widget(table, area);
    markers(f, area, &fitted, x, theme);

    // An unparsable filter term: its error goes where the rows would be, with what the table
    // still holds, so an error never passes for an empty result.
    if let Some(crate::app::Overlay::Filter { error: Some(e), .. }) = &app.overlay
        && area.height > 1
    {
        let r = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        let kept = if vs.filter.is_empty() {
            "no filter".to_string()
        } else {
            format!("/{}", vs.filter.text)
        };
        let text = vec![
            Line::from(Span::styled(format!("✗ {}", printable(e)), theme.error)),
            Line::from(""),
            Line::from(Span::styled(
                printable(&format!(
                    "not applied: the table keeps the last valid filter ({kept}, {} rows) · Esc restores the one before",
                    vs.rows.len()
                ))
                .into_owned(),
                theme.dim,
            )),
        ];
        f.render_widget(ratatui::widgets::Clear, r);
        f.render_widget(Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: false }), r);
        return hits;
    }
    if vs.rows.is_empty() && area.height > 1 {
        let clears = format!(
            "no rows match the filter — {} clears it",
            crate::keymap::key_for(crate::app::Action::Back, crate::keymap::Scope::Table).unwrap_or_default()
        );
        let msg = if app.loading {
            "still loading: none of these records are in yet"
        } else if vs.filter.is_empty() {
            "no records of this kind in the data file"
        } else {
            &clears
        };
        let r = Rect {
            y: area.y + 1,
            height: 1,
            ..area
        };
        f.render_widget(Paragraph::new(msg).style(theme.dim).alignment(Alignment::Center), r);
    }
    hits
}

/// `◀ 3` over the gutter and `4 ▶` after the last drawn column: how many columns are off
/// screen on each side of the cursor column.
fn markers(f: &mut Frame, area: Rect, fitted: &layout::Fit, end_x: u16, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let at = |x: u16, text: String| Rect {
        x,
        y: area.y,
        width: (width(&text) as u16).min(area.right().saturating_sub(x)),
        height: 1,
    };
    if fitted.hidden_left > 0 {
        let text = format!("◀{}", fitted.hidden_left);
        f.render_widget(Paragraph::new(text.clone()).style(theme.dim), at(area.x, text));
    }
    if fitted.hidden_right > 0 {
        // Flush right, in the room `fit` kept for it (never over a drawn column).
        let text = format!("{} ▶", fitted.hidden_right);
        let x = area.right().saturating_sub(width(&text) as u16).max(end_x);
        f.render_widget(Paragraph::new(text.clone()).style(theme.dim), at(x, text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_name_and_the_cursor_column_visible() {
        let widths = vec![10, 10, 10, 10, 10, 10];
        assert_eq!(visible_columns(&widths, 1, 40), vec![0, 1, 2]);
        assert_eq!(visible_columns(&widths, 1, 44), vec![0, 1, 2, 3]);
        let shown = visible_columns(&widths, 5, 40);
        assert_eq!(shown.first(), Some(&0));
        assert!(shown.contains(&5));
        // Even when nothing fits, the name and cursor column are returned.
        assert!(visible_columns(&widths, 3, 5).contains(&0));
    }
}
