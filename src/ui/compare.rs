//! Renders the compare overlay: a header of record names, then per metric one line of figures
//! (with each record's ratio to the first) and one dim line saying where each figure comes
//! from; under the cursor metric, the figures one may pick instead. Only the rows that fit are
//! turned into lines.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::compare::CompareState;
use crate::app::{App, Overlay};
use crate::keymap::{self, Scope, key_for};
use crate::view::compare::{Comparison, Direction, NoteKind, Ratio, RowKind};
use crate::view::{Value, ViewKind, format};

use super::table::cell_style;
use super::text::{truncate, width};
use super::theme::Theme;

/// Widest a record's value column grows.
const MAX_VALUE: usize = 22;
/// Widest the metric label column grows.
const MAX_LABEL: usize = 24;
/// How wide a record's provenance line may grow from spare width.
const MAX_PROVENANCE: usize = 48;
/// Widest a ratio column grows (the phrase "▲ more than 1.3× the training days" fits).
const MAX_RATIO: usize = 44;

/// Colour follows the arrow glyph (`▲`/`▼`/`=`), which carries the meaning on its own.
fn ratio_style(ratio: &Ratio, theme: &Theme) -> Style {
    match ratio.direction() {
        Some(Direction::More) => theme.key,
        Some(Direction::Less) => theme.heading,
        Some(Direction::Same) | None => theme.dim,
    }
}

/// `s` cut or padded to exactly `w` columns.
fn pad(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let fill = w.saturating_sub(width(&t));
    format!("{t}{}", " ".repeat(fill))
}

/// Column widths for one frame.
struct Layout {
    label: usize,
    value: Vec<usize>,
    ratio: Vec<usize>,
    /// Ratios in words ("more chips") or short ("▲ 8.0×").
    phrases: bool,
    /// Record columns shown, base first.
    shown: Vec<usize>,
}

fn ratio_text(cmp: &Comparison<'_>, row: usize, k: usize, phrases: bool) -> Option<String> {
    let r = cmp.rows.get(row)?;
    let ratio = r.cells.get(k)?.ratio.as_ref()?;
    Some(if phrases { ratio.phrase(&r.noun) } else { ratio.short() })
}

/// The ratio texts record `k`'s row could show with any pick of its figure or the base's:
/// columns are as wide as the widest, so `n` never moves them.
fn every_ratio(cmp: &Comparison<'_>, row: usize, k: usize, phrases: bool) -> Vec<String> {
    let Some(r) = cmp.rows.get(row) else { return Vec::new() };
    let (Some(base), Some(cell)) = (r.cells.first(), r.cells.get(k)) else {
        return Vec::new();
    };
    let value = |c: &crate::view::compare::Candidate| Value::Fig {
        fig: c.fig,
        unit: c.metric.unit,
        currency: c.currency,
    };
    let mut out = Vec::new();
    for b in &base.candidates {
        for o in &cell.candidates {
            if let Some(ratio) = Ratio::between(&value(b), &value(o)) {
                out.push(if phrases { ratio.phrase(&r.noun) } else { ratio.short() });
            }
        }
    }
    out
}

fn layout(cmp: &Comparison<'_>, app: &App, avail: usize, cursor_col: usize) -> Layout {
    let n = cmp.records.len();
    let label = cmp
        .rows
        .iter()
        .map(|r| width(&r.label))
        .chain([width("Metric")])
        .max()
        .unwrap_or(6)
        .clamp(6, MAX_LABEL)
        .min(avail / 3);
    // A value column fits its figures; the record's name may be cut when space is short.
    let figures: Vec<usize> = (0..n)
        .map(|k| {
            cmp.rows
                .iter()
                .filter_map(|r| r.cells.get(k))
                .filter(|c| !matches!(c.cell.value, Value::Text(_)))
                // Every figure `n` may pick, so cycling claims never moves a column.
                .flat_map(|c| {
                    let marks = 2;
                    std::iter::once(width(&format::cell_text(&c.cell)))
                        .chain(c.candidates.iter().map(move |x| width(&x.value_text()) + marks))
                })
                .max()
                .unwrap_or(6)
                .clamp(6, MAX_VALUE)
        })
        .collect();
    let texts: Vec<usize> = (0..n)
        .map(|k| {
            cmp.rows
                .iter()
                .filter_map(|r| r.cells.get(k))
                .map(|c| width(&format::cell_text(&c.cell)))
                .max()
                .unwrap_or(6)
        })
        .collect();
    let value: Vec<usize> = (0..n)
        .map(|k| {
            width(app.ds.name_of(cmp.records[k]))
                .max(texts[k])
                .clamp(figures[k], MAX_VALUE)
        })
        .collect();
    // The figures shown now: what a narrow screen cuts value columns back to.
    let current: Vec<usize> = (0..n)
        .map(|k| {
            cmp.rows
                .iter()
                .filter_map(|r| r.cells.get(k))
                .filter(|c| !matches!(c.cell.value, Value::Text(_)))
                .map(|c| width(&format::cell_text(&c.cell)))
                .max()
                .unwrap_or(6)
                .clamp(6, MAX_VALUE)
        })
        .collect();
    let ratio_w = |phrases: bool, every: bool| -> Vec<usize> {
        (0..n)
            .map(|k| {
                if k == 0 {
                    return 0;
                }
                (0..cmp.rows.len())
                    .filter_map(|row| ratio_text(cmp, row, k, phrases))
                    .chain(
                        (0..cmp.rows.len())
                            .filter(|_| every)
                            .flat_map(|row| every_ratio(cmp, row, k, phrases)),
                    )
                    .map(|t| width(&t))
                    .chain([width("vs base")])
                    .max()
                    .unwrap_or(0)
                    .min(MAX_RATIO)
            })
            .collect()
    };
    let total_with = |label: usize, value: &[usize], ratio: &[usize]| {
        1 + label
            + (0..n)
                .map(|k| 1 + value[k] + ratio[k] + usize::from(k > 0))
                .sum::<usize>()
    };
    let total_of = |value: &[usize], ratio: &[usize]| total_with(label, value, ratio);
    // Room for every ratio `n` could bring, in words; else short; else as they are now.
    // (Short ratios may take room from names and labels, cut back below.)
    let (ratio, phrases) = match ratio_w(true, true) {
        r if total_of(&value, &r) <= avail => (r, true),
        _ => match ratio_w(false, true) {
            r if total_with(6, &current, &r) <= avail => (r, false),
            _ => (ratio_w(false, false), false),
        },
    };
    // Too narrow: cut names back to the width of every figure they may show, widest first;
    // then the metric labels, down to 6 columns; only then (very narrow) to the figures
    // shown now — so `n` moves nothing unless the screen leaves no choice.
    let mut value = value;
    let mut label = label;
    let cut = |value: &mut Vec<usize>, floor: &[usize], label: usize| {
        while total_with(label, value, &ratio) > avail {
            let Some(k) = (0..n).filter(|&k| value[k] > floor[k]).max_by_key(|&k| value[k]) else {
                break;
            };
            value[k] -= 1;
        }
    };
    cut(&mut value, &figures, label);
    while label > 6 && total_with(label, &value, &ratio) > avail {
        label -= 1;
    }
    cut(&mut value, &current, label);
    // Spare width goes to the provenance lines, which are the longest and the most truncated.
    let mut spare = avail.saturating_sub(total_with(label, &value, &ratio));
    for k in 0..n {
        let want = cmp
            .rows
            .iter()
            .filter_map(|r| r.cells.get(k))
            .flat_map(|c| {
                std::iter::once(width(&c.provenance)).chain(c.candidates.iter().map(|x| width(&x.label(&app.ds))))
            })
            .max()
            .unwrap_or(0)
            .min(MAX_PROVENANCE);
        let have = value[k] + ratio[k] + usize::from(k > 0);
        let grow = want.saturating_sub(have).min(spare);
        value[k] += grow;
        spare -= grow;
    }
    // The base column always shows; the others scroll so the cursor column is on screen.
    let col_w = |k: usize| 1 + value[k] + ratio[k] + usize::from(k > 0);
    let fixed = 1 + label + col_w(0);
    let mut start = 1;
    while start < cursor_col && fixed + (start..=cursor_col).map(col_w).sum::<usize>() > avail {
        start += 1;
    }
    let mut shown = vec![0];
    let mut used = fixed;
    for k in start..n {
        if used + col_w(k) > avail && shown.len() > 1 {
            break;
        }
        used += col_w(k);
        shown.push(k);
    }
    Layout {
        label,
        value,
        ratio,
        phrases,
        shown,
    }
}

/// `text` in lines of at most `width` columns, broken at spaces; the lines after the first
/// are indented four columns past the first's own indent, so a wrapped note reads as one.
fn wrap_hanging(text: &str, max: usize) -> Vec<String> {
    if width(text) <= max || max < 12 {
        return vec![text.to_string()];
    }
    let lead = text.len() - text.trim_start().len();
    let indent = " ".repeat(lead + 4);
    let mut out: Vec<String> = Vec::new();
    let mut line = text[..lead].to_string();
    for word in text[lead..].split(' ') {
        let prefix_only = line.trim().is_empty();
        if !prefix_only && width(&line) + 1 + width(word) > max {
            out.push(std::mem::replace(&mut line, indent.clone()));
        }
        if !line.trim().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        // A word longer than a whole line is cut where it must be.
        while width(&line) > max {
            let cut = truncate(&line, max);
            let kept = cut.trim_end_matches('…').to_string();
            let rest = line[kept.len()..].to_string();
            out.push(kept);
            line = format!("{indent}{rest}");
        }
    }
    if !line.trim().is_empty() {
        out.push(line);
    }
    out
}

/// Whether a row gets a second line saying where its figures come from (not when nobody
/// states any, as for a metric every compared record leaves blank).
fn has_provenance(r: &crate::view::compare::Row<'_>) -> bool {
    matches!(r.kind, RowKind::Figure | RowKind::Derived) && r.cells.iter().any(|c| !c.provenance.is_empty())
}

/// How many screen lines a row's block takes.
fn block_height(cmp: &Comparison<'_>, row: usize, notes: usize, cursor: usize) -> usize {
    let base = 1 + usize::from(cmp.rows.get(row).is_some_and(has_provenance));
    base + if row == cursor { notes } else { 0 }
}

/// The lines of one row's block (value line, provenance line, notes under the cursor row).
fn block_lines(
    cmp: &Comparison<'_>,
    st: &CompareState,
    lay: &Layout,
    row: usize,
    notes: &[crate::view::compare::Note],
    theme: &Theme,
) -> Vec<Line<'static>> {
    let Some(r) = cmp.rows.get(row) else { return Vec::new() };
    let is_cursor = row == st.cursor;
    let mut value = vec![
        Span::styled(if is_cursor { "▶" } else { " " }, theme.key),
        Span::styled(
            pad(&r.label, lay.label),
            if is_cursor { theme.cursor_row } else { theme.header },
        ),
    ];
    let mut prov = vec![Span::raw(" ".repeat(1 + lay.label))];
    for &k in &lay.shown {
        let Some(c) = r.cells.get(k) else { continue };
        let mut style = cell_style(&c.cell, theme);
        if is_cursor && k == st.col {
            style = style.patch(theme.cursor_col);
        }
        value.push(Span::raw(" "));
        value.push(Span::styled(pad(&format::cell_text(&c.cell), lay.value[k]), style));
        let mut span_w = lay.value[k];
        if k > 0 {
            let text = match &c.ratio {
                Some(ratio) if lay.phrases => ratio.phrase(&r.noun),
                Some(ratio) => ratio.short(),
                None => String::new(),
            };
            let rs = c.ratio.as_ref().map_or(theme.dim, |ratio| ratio_style(ratio, theme));
            value.push(Span::raw(" "));
            value.push(Span::styled(pad(&text, lay.ratio[k]), rs));
            span_w += 1 + lay.ratio[k];
        }
        prov.push(Span::raw(" "));
        let more = c.candidates.len().saturating_sub(1);
        let hint = if more > 0 && !is_cursor {
            format!("{} (+{more})", c.provenance)
        } else {
            c.provenance.clone()
        };
        prov.push(Span::styled(pad(&hint, span_w), theme.dim));
    }
    let mut out = vec![Line::from(value)];
    if has_provenance(r) {
        out.push(Line::from(prov));
    }
    if is_cursor {
        for n in notes {
            let style = match n.kind {
                NoteKind::Heading => theme.heading,
                NoteKind::Candidate if n.chosen => theme.text.add_modifier(Modifier::BOLD),
                NoteKind::Candidate => theme.text,
                NoteKind::Ratio => r
                    .cells
                    .get(st.col)
                    .and_then(|c| c.ratio.as_ref())
                    .map_or(theme.dim, |ratio| ratio_style(ratio, theme)),
                NoteKind::Source | NoteKind::Info => theme.dim,
            };
            out.push(Line::from(vec![Span::raw("   "), Span::styled(n.text.clone(), style)]));
        }
    }
    out
}

/// Draws the compare overlay into `area`.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(Overlay::Compare(st)) = &app.overlay else {
        return;
    };
    let cmp = st.comparison(&app.ds);
    // As tall as its rows and the most notes any row has under the cursor, so the box fits
    // its content and keeps one height while the cursor moves.
    let wrap_w = usize::from(area.width.saturating_sub(5));
    let col = st.col.min(cmp.records.len().saturating_sub(1));
    let most_notes = (0..cmp.rows.len())
        .map(|r| {
            cmp.notes(&app.ds, r, col)
                .iter()
                .map(|n| wrap_hanging(&n.text, wrap_w).len())
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0);
    let rows_h: usize = (0..cmp.rows.len()).map(|r| block_height(&cmp, r, 0, usize::MAX)).sum();
    let want = (3 + rows_h + most_notes).max(5).min(usize::from(u16::MAX)) as u16;
    let area = super::fitted(area, area.width, want);
    f.render_widget(Clear, area);
    let base = cmp.records.first().map_or("—", |r| app.ds.name_of(*r));
    let what = match st.view {
        ViewKind::Compute => "compute records",
        v => v.id(),
    };
    let title = format!(
        " Compare {} {what} · ratios against {} ",
        cmp.records.len(),
        crate::data::sanitize::printable(base)
    );
    let hints = format!(" {} ", keymap::hint_line(&keymap::hints(Scope::Compare)));
    // The essentials only when the border is short; none rather than a hint cut in two.
    let hints = if width(&hints) + 4 <= usize::from(area.width) {
        hints
    } else {
        let short = format!(" {} ", keymap::hint_line(&keymap::short_hints(Scope::Compare)));
        if width(&short) + 4 <= usize::from(area.width) {
            short
        } else {
            String::new()
        }
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(
            truncate(&title, usize::from(area.width.saturating_sub(2))),
            theme.heading,
        ))
        .title_bottom(Line::from(hints).right_aligned());
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if cmp.records.len() < 2 {
        let close = key_for(crate::app::Action::Back, Scope::Compare).unwrap_or_default();
        let msg = format!("fewer than two of the compared records remain in the data — {close} closes");
        f.render_widget(Paragraph::new(msg).style(theme.dim), inner);
        return;
    }
    let avail = usize::from(inner.width);
    let cursor = st.cursor.min(cmp.rows.len().saturating_sub(1));
    let col = st.col.min(cmp.records.len().saturating_sub(1));
    let lay = layout(&cmp, app, avail, col);

    // Header: record names, the cursor column's name underlined.
    let mut head = vec![Span::styled(pad(" Metric", 1 + lay.label), theme.header)];
    for &k in &lay.shown {
        let name = crate::data::sanitize::printable(app.ds.name_of(cmp.records[k])).into_owned();
        let style = if k == col {
            theme.header.patch(theme.cursor_col)
        } else {
            theme.header
        };
        head.push(Span::raw(" "));
        head.push(Span::styled(pad(&name, lay.value[k]), style));
        if k > 0 {
            let label = if lay.phrases {
                format!("vs {base}")
            } else {
                "vs base".into()
            };
            head.push(Span::raw(" "));
            head.push(Span::styled(pad(&label, lay.ratio[k]), theme.dim));
        }
    }
    let view_h = usize::from(inner.height.saturating_sub(1));
    let st_view = CompareState {
        cursor,
        col,
        ..st.clone()
    };
    // The notes name claimants and sources in full: long ones wrap, under their own indent.
    let mut notes: Vec<crate::view::compare::Note> = cmp
        .notes(&app.ds, cursor, col)
        .into_iter()
        .flat_map(|n| {
            wrap_hanging(&n.text, avail.saturating_sub(3))
                .into_iter()
                .map(move |text| crate::view::compare::Note { text, ..n.clone() })
        })
        .collect();
    // When the figures to pick from do not all fit, keep the window around the chosen one.
    let base_h = block_height(&cmp, cursor, 0, usize::MAX);
    let room = view_h.saturating_sub(base_h);
    if notes.len() > room {
        let chosen = notes.iter().position(|n| n.chosen).unwrap_or(0);
        let start = chosen.saturating_sub(room / 2).min(notes.len() - room);
        notes = notes.split_off(start);
        notes.truncate(room);
    }
    // Scroll just enough to show the cursor row's block, its notes included (as many as fit).
    let heights: Vec<usize> = (0..cmp.rows.len())
        .map(|r| block_height(&cmp, r, notes.len(), cursor))
        .collect();
    let start: usize = heights[..cursor].iter().sum();
    let end = start + heights.get(cursor).copied().unwrap_or(0);
    let offset = if end <= view_h {
        0
    } else {
        start.min(end.saturating_sub(view_h))
    };
    let mut lines = vec![Line::from(head)];
    let mut y = 0;
    for (row, h) in heights.iter().enumerate() {
        if y >= offset + view_h {
            break;
        }
        if y + h > offset {
            let block = block_lines(&cmp, &st_view, &lay, row, &notes, theme);
            let skip = offset.saturating_sub(y);
            lines.extend(block.into_iter().skip(skip));
        }
        y += h;
    }
    lines.truncate(1 + view_h);
    f.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_notes_wrap_under_a_hanging_indent() {
        let text = "      S02 DeepSeek-V3 INTRO.rst (technical-report introduction, incl. Table 1), 2024-12-26";
        let lines = wrap_hanging(text, 40);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= 40), "{lines:?}");
        assert!(lines[0].starts_with("      S02"));
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.starts_with("          ") && !l[10..].starts_with(' ')),
            "{lines:?}"
        );
        // Nothing lost: the words read back in order.
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
        assert_eq!(wrap_hanging("short", 40), vec!["short".to_string()]);
    }
}
