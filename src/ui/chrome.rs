//! The frame around the table: tab bar, status line, footer hints or the filter prompt.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use unicode_width::UnicodeWidthStr as _;

use crate::app::{Action, App, Overlay};
use crate::data::sanitize::printable;
use crate::keymap::{self, Scope};
use crate::view::{ViewKind, columns};

use super::theme::Theme;

/// `1 Labs  2 Models  …` with the current view reversed and bracketed; on a narrow screen
/// the other tabs shrink (padding first, then to their numbers) so all six always show whole.
pub fn tabs(f: &mut Frame, area: Rect, app: &App, theme: &Theme) -> Vec<(ViewKind, u16, u16)> {
    let mut spans = Vec::new();
    let mut hits = Vec::new();
    let mut x = area.x;
    let (labels, gap) = tab_labels(app.view, usize::from(area.width));
    for (v, label) in labels {
        let active = v == app.view;
        let w = label.width() as u16;
        hits.push((v, x, x + w));
        x += w + gap as u16;
        spans.push(Span::styled(label, if active { theme.tab_active } else { theme.tab }));
        spans.push(Span::raw(" ".repeat(gap)));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
    hits
}

/// Each tab's label and the gap between tabs: the widest form that fits `width` — padded
/// titles, plain titles, the others as numbers only, then every tab a number (the current
/// one still bracketed).
pub fn tab_labels(current: ViewKind, width: usize) -> (Vec<(ViewKind, String)>, usize) {
    let form = |level: u8| -> (Vec<(ViewKind, String)>, usize) {
        let labels = ViewKind::ALL
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let n = i + 1;
                let label = match (v == current, level) {
                    (true, 0..=2) => format!("[{n} {}]", v.title()),
                    (true, _) => format!("[{n}]"),
                    (false, 0) => format!(" {n} {} ", v.title()),
                    (false, 1) => format!("{n} {}", v.title()),
                    (false, _) => n.to_string(),
                };
                (v, label)
            })
            .collect();
        (labels, if level == 0 { 1 } else { 2 })
    };
    let used = |(labels, gap): &(Vec<(ViewKind, String)>, usize)| {
        labels.iter().map(|(_, l)| l.width()).sum::<usize>() + gap * (labels.len() - 1)
    };
    (0..3).map(form).find(|f| used(f) <= width).unwrap_or_else(|| form(3))
}

/// Data origin, row counts, sort, filter, and the last message.
pub fn status(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let vs = app.state();
    let total = app.view.len(&app.ds);
    // Each fact with how much it matters when the line is short (lowest gives way first):
    // what the rows are (filter, marks, day) before where they come from or the cursor row.
    // What the data is comes before what the view does with it.
    let mut parts: Vec<(u8, String)> = vec![(0, printable(&app.origin.short()).into_owned())];
    if app.loaded_scope == crate::load::Scope::First {
        parts.push((5, "first file only".into()));
    }
    if let Some(day) = app.ds.as_of {
        parts.push((6, format!("as of {day} (undated claims included)")));
    }
    parts.push((9, format!("{} {} of {}", app.view.title(), vs.rows.len(), total)));
    if !vs.rows.is_empty() {
        parts.push((1, format!("row {}", vs.cursor + 1)));
    }
    if let Some(s) = vs.sort {
        let id = columns(app.view).get(s.col).map_or("?", |c| c.id);
        parts.push((4, format!("sort: {id} {}", s.dir.glyph())));
    }
    if !vs.filter.is_empty() {
        parts.push((8, format!("filter: {}", printable(&vs.filter.text))));
    }
    // Columns the picker hid are nowhere on screen (the `◀ n`/`n ▶` markers count only
    // the shown columns scrolled out of the way): say so, and how to bring them back.
    let picked_away = columns(app.view)
        .iter()
        .filter(|c| app.layout().is_hidden(c.id))
        .count();
    if picked_away > 0 {
        let picker = keymap::key_for(Action::ColumnPicker, Scope::Table).unwrap_or_else(|| "?".into());
        let noun = if picked_away == 1 { "column" } else { "columns" };
        parts.push((6, format!("{picked_away} {noun} hidden ({picker} shows)")));
    }
    let marked = app.marks.iter().filter(|(v, _)| *v == app.view).count();
    if marked > 0 {
        parts.push((7, format!("● {marked} marked")));
    }
    if app.log_scale {
        parts.push((2, "log scale".into()));
    }
    if app.loading && !app.loading_note.is_empty() {
        // Figures may still change: that matters more than most facts.
        parts.push((8, app.loading_note.clone()));
    }
    let facts = fit_parts(&parts, usize::from(area.width));
    let mut spans = Vec::new();
    match app.status_here() {
        Some(s) => {
            let (glyph, style) = if s.error {
                ("✗ ", theme.error)
            } else {
                ("", theme.text)
            };
            let text = s.render(|a| keymap::key_for(a, Scope::Table).unwrap_or_else(|| "?".into()));
            let message = format!(" {glyph}{}", printable(&text));
            // The message is what the user just did: it keeps the room it needs, the facts
            // give way (and every cut is at a word, marked with `…`).
            let width = usize::from(area.width);
            let room = width.saturating_sub(message.width()).max(width / 3);
            spans.push(Span::styled(fit_parts(&parts, room), theme.status));
            let left = width.saturating_sub(spans[0].content.width());
            spans.push(Span::styled(fit_words(&message, left), style));
        }
        None => spans.push(Span::styled(facts, theme.status)),
    }
    f.render_widget(Paragraph::new(Line::from(spans)).style(theme.text), area);
}

/// A prompt's line: what is typed, then hints or an error cut at a word to the room left
/// (never a hint cut in two).
fn prompt_line(f: &mut Frame, area: Rect, mut spans: Vec<Span<'static>>) {
    if let Some(last) = spans.pop() {
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        let room = usize::from(area.width).saturating_sub(used);
        let text = fit_words(&last.content, room);
        spans.push(Span::styled(text, last.style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The facts, as many whole ones as fit in `width`, the least important left out first
/// (then `…` says some were).
fn fit_parts(parts: &[(u8, String)], width: usize) -> String {
    let mut kept: Vec<&(u8, String)> = parts.iter().collect();
    let mut cut = false;
    loop {
        let line = kept.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" · ");
        let line = if cut {
            format!(" {line} · … ")
        } else {
            format!(" {line} ")
        };
        if line.width() <= width {
            return line;
        }
        if kept.len() <= 1 {
            // The most important fact alone, without the `…` if that makes it fit.
            let alone = format!(" {} ", kept.first().map_or("", |(_, t)| t.as_str()));
            return fit_words(&alone, width);
        }
        let least = kept
            .iter()
            .enumerate()
            .min_by_key(|(_, (rank, _))| *rank)
            .map_or(0, |(i, _)| i);
        kept.remove(least);
        cut = true;
    }
}

/// `text` cut to `width` columns at a word, with `…` saying something was cut.
pub fn fit_words(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    // The longest run of whole words (and the `…`) that fits.
    let mut out = String::new();
    for word in text.split_inclusive(' ') {
        if out.width() + word.trim_end().width() + 1 > width {
            break;
        }
        out.push_str(word);
    }
    if out.trim().is_empty() {
        // Not even one word fits: cut it, still saying so.
        let mut cut = String::new();
        for c in text.chars() {
            if cut.width() + c.to_string().width() + 1 > width {
                break;
            }
            cut.push(c);
        }
        return format!("{cut}…");
    }
    format!("{}…", out.trim_end())
}

/// A prompt line: its label and what was typed, then why the input is wrong, or what to type.
fn typed(f: &mut Frame, area: Rect, (label, input): (&str, &str), error: Option<&str>, help: &str, theme: &Theme) {
    let mut spans = vec![
        Span::styled(label.to_string(), theme.key),
        Span::raw(printable(input).into_owned()),
        Span::styled("▏", theme.key),
    ];
    match error {
        Some(e) => spans.push(Span::styled(format!("  ✗ {}", printable(e)), theme.error)),
        None => spans.push(Span::styled(format!("  {help}"), theme.dim)),
    }
    prompt_line(f, area, spans);
}

/// Key hints generated from the keymap, or the filter prompt when it is open.
pub fn footer(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if let Some(Overlay::Filter { input, error, .. }) = &app.overlay {
        let hints = keymap::hint_line(&keymap::hints(Scope::Prompt));
        let help = format!("{hints} · e.g. country:CN chips>1000 released>2024-06");
        typed(f, area, ("/", input), error.as_deref(), &help, theme);
        return;
    }
    if let Some(Overlay::Save(p)) = &app.overlay {
        let accept = keymap::key_for(Action::PromptAccept, Scope::Prompt).unwrap_or_default();
        let cancel = keymap::key_for(Action::Back, Scope::Prompt).unwrap_or_default();
        let mut spans = vec![
            Span::styled("save to ", theme.key),
            Span::raw(printable(&p.input).into_owned()),
            Span::styled("▏", theme.key),
        ];
        match &p.error {
            Some(e) => spans.push(Span::styled(format!("  ✗ {}", printable(e)), theme.error)),
            None => {
                // Whole hints, the least needed dropped first on a narrow screen.
                let used = 8 + p.input.width() + 1;
                let hints = [
                    (3, ".csv .json .md".to_string()),
                    (3, format!("{accept} save")),
                    (2, format!("{cancel} cancel")),
                    (1, "a name ending in ! replaces a file".to_string()),
                ];
                spans.push(Span::styled(
                    format!(
                        " {}",
                        fit_parts(&hints, usize::from(area.width).saturating_sub(used + 1))
                    ),
                    theme.dim,
                ));
            }
        }
        prompt_line(f, area, spans);
        return;
    }
    if let Some(Overlay::Find(p)) = &app.overlay {
        let next = keymap::key_for(Action::NextMatch, Scope::Table).unwrap_or_default();
        let prev = keymap::key_for(Action::PrevMatch, Scope::Table).unwrap_or_default();
        let spans = vec![
            Span::styled("find ", theme.key),
            Span::raw(printable(&p.input).into_owned()),
            Span::styled("▏", theme.key),
            Span::styled(
                format!(
                    "  rows stay; {} · then {next}/{prev} next/previous",
                    keymap::hint_line(&keymap::hints(Scope::Prompt))
                ),
                theme.dim,
            ),
        ];
        prompt_line(f, area, spans);
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
        let hints = keymap::hint_line(&keymap::hints(Scope::Prompt));
        let help = format!("YYYY-MM-DD (empty: all the data) · {hints}");
        typed(f, area, ("as of ", input), error.as_deref(), &help, theme);
        return;
    }
    // Whole hints only, in keymap order (its first hints are the essentials: quit, help),
    // as many as fit: a narrow footer drops the last ones rather than cutting one in two.
    let mut spans = Vec::new();
    let mut used = 0;
    for h in keymap::hints(Scope::Table) {
        let w = h.keys.width() + 1 + h.text.width();
        if used + w > usize::from(area.width) {
            break;
        }
        used += w + 2;
        spans.push(Span::styled(h.keys, theme.key));
        spans.push(Span::styled(format!(" {}  ", h.text), theme.dim));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_six_tabs_show_whole_at_any_width() {
        for v in ViewKind::ALL {
            for width in 20..140 {
                let (labels, gap) = tab_labels(v, width);
                let line: Vec<&str> = labels.iter().map(|(_, l)| l.as_str()).collect();
                let used = line.iter().map(|l| l.width()).sum::<usize>() + gap * 5;
                assert!(used <= width || width < 29, "{v:?} {width}: {line:?}");
                // Every tab keeps its number; the current one its title while it fits.
                for (i, (tv, l)) in labels.iter().enumerate() {
                    assert!(l.contains(&(i + 1).to_string()), "{l}");
                    if *tv == v && width >= 40 {
                        assert!(l.contains(v.title()), "{width}: {l}");
                    }
                }
            }
        }
        let (wide, _) = tab_labels(ViewKind::Models, 120);
        assert_eq!(wide[1].1, "[2 Models]");
        assert_eq!(wide[5].1, " 6 Chips ");
        let (narrow, _) = tab_labels(ViewKind::Models, 60);
        assert_eq!(narrow[5].1, "6 Chips");
    }

    #[test]
    fn messages_are_cut_at_words_and_say_so() {
        let m = "now using [C102 Sam Altman (OpenAI), claimed, final_run]";
        assert_eq!(fit_words(m, 100), m);
        let cut = fit_words(m, 30);
        assert_eq!(cut, "now using [C102 Sam Altman…");
        assert!(cut.width() <= 30);
        // Every cut ends a word: what is kept is a prefix made of whole words.
        for w in 1..m.len() {
            let cut = fit_words(m, w);
            assert!(cut.width() <= w, "{w}: {cut}");
            let kept = cut.trim_end_matches('…');
            if kept.contains(' ') {
                assert!(m.starts_with(kept) && m[kept.len()..].starts_with(' '), "{w}: {cut}");
            }
        }
        let parts = vec![
            (0, "bundled".to_string()),
            (9, "Models 30 of 30".into()),
            (1, "row 15".into()),
            (7, "● 2 marked".into()),
        ];
        assert_eq!(
            fit_parts(&parts, 80),
            " bundled · Models 30 of 30 · row 15 · ● 2 marked "
        );
        // The origin goes first, then the row; the marks stay.
        assert_eq!(fit_parts(&parts, 43), " Models 30 of 30 · row 15 · ● 2 marked · … ");
        assert_eq!(fit_parts(&parts, 35), " Models 30 of 30 · ● 2 marked · … ");
        assert_eq!(fit_parts(&parts, 18), " Models 30 of 30 ");
        assert_eq!(fit_parts(&parts, 10), " Models…");
    }
}
