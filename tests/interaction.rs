//! The table tools of issue 16 through `App::update`: save (the bytes `export` prints), find
//! without filtering, marks, the comparison's base, messages that stay where they were said,
//! and `Esc` never clearing a filter silently.

use labdash::app::{Action, App, Effect, Overlay, Place};
use labdash::data::{self, RecordRef};
use labdash::export::{self, Format};
use labdash::load::Origin;
use labdash::view::{self, Query, ViewKind, columns};

fn app() -> App {
    let ds = data::load(data::BUNDLED_NAME, data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
    App::new(ds, Origin::Bundled, Query::default())
}

fn type_text(app: &mut App, text: &str) {
    app.update(Action::PromptClear);
    for c in text.chars() {
        app.update(Action::PromptInput(c));
    }
}

fn name_at(app: &App, pos: usize) -> String {
    let r = app.state().rows[pos];
    app.ds
        .name_of(RecordRef {
            kind: app.view.kind(),
            index: r,
        })
        .to_string()
}

fn status(app: &App) -> String {
    app.status_here()
        .map(|s| s.render(|a| format!("<{a:?}>")))
        .unwrap_or_default()
}

#[test]
fn save_writes_the_bytes_export_prints_for_the_view_as_shown() {
    let mut app = app();
    app.update(Action::ShowView(ViewKind::Claims));
    app.state_mut().col = view::columns::find(ViewKind::Claims, "date").unwrap_or(0);
    app.update(Action::SortDescending);
    app.update(Action::OpenFilter);
    type_text(&mut app, "deepseek");
    app.update(Action::PromptAccept);
    app.set_as_of(data::as_of::parse_day("2025-01-28").ok());
    for (name, format) in [
        ("out.csv", Format::Csv),
        ("out.JSON", Format::Json),
        ("x/out.md", Format::Md),
    ] {
        app.update(Action::OpenSave);
        type_text(&mut app, name);
        let Effect::Save {
            path,
            bytes,
            overwrite,
            what,
        } = app.update(Action::PromptAccept)
        else {
            panic!("{name}: Enter saves");
        };
        assert_eq!(path.to_string_lossy(), name);
        assert!(!overwrite, "{name}: an existing file is not replaced unasked");
        // What `labdash export --view claims --sort date:desc --filter deepseek --as-of …` prints.
        let want = export::export(&app.ds, &app.query(), format);
        assert_eq!(String::from_utf8_lossy(&bytes), want, "{name}");
        assert!(
            what.contains(&format!("{} Claims rows", app.state().rows.len())),
            "{what}"
        );
        assert!(app.overlay.is_none());
    }
    // The as-of day and the sort are in the Markdown.
    let md = export::export(&app.ds, &app.query(), Format::Md);
    assert!(md.contains("2025-01-28"), "{md}");
}

#[test]
fn save_refuses_an_unknown_format_and_replaces_only_when_confirmed() {
    let mut app = app();
    app.update(Action::OpenSave);
    type_text(&mut app, "view.xlsx");
    assert_eq!(app.update(Action::PromptAccept), Effect::None);
    let Some(Overlay::Save(p)) = &app.overlay else {
        panic!("the prompt stays open");
    };
    let e = p.error.clone().unwrap_or_default();
    assert!(
        e.contains(".xlsx") && e.contains(".csv") && e.contains(".json") && e.contains(".md"),
        "{e}"
    );
    type_text(&mut app, "view");
    app.update(Action::PromptAccept);
    assert!(
        matches!(&app.overlay, Some(Overlay::Save(p)) if p.error.as_deref().is_some_and(|e| e.contains("no extension")))
    );
    // `!` at the end: replace without asking.
    type_text(&mut app, "view.csv!");
    let Effect::Save { path, overwrite, .. } = app.update(Action::PromptAccept) else {
        panic!("saves");
    };
    assert!(overwrite);
    assert_eq!(path.to_string_lossy(), "view.csv");
    // Refused because it exists: the prompt says so; Enter again replaces.
    app.save_refused(&path);
    let Some(Overlay::Save(p)) = &app.overlay else {
        panic!("the prompt opens again");
    };
    assert!(
        p.error
            .as_deref()
            .is_some_and(|e| e.contains("exists") && e.contains("Enter replaces"))
    );
    let Effect::Save { overwrite, .. } = app.update(Action::PromptAccept) else {
        panic!("saves");
    };
    assert!(overwrite, "the second Enter replaces");
    // Editing the name drops the confirmation.
    app.save_refused(&path);
    app.update(Action::PromptBackspace);
    app.update(Action::PromptInput('v'));
    let Effect::Save { overwrite, .. } = app.update(Action::PromptAccept) else {
        panic!("saves");
    };
    assert!(!overwrite, "another name is asked about again");
    app.saved(&path, "30 Models rows as CSV", Ok(()));
    assert_eq!(status(&app), "saved 30 Models rows as CSV to view.csv");
}

#[test]
fn find_jumps_as_you_type_and_steps_through_matches_without_filtering() {
    let mut app = app();
    let all = app.state().rows.len();
    // Brute force: the positions whose row shows "llama" in any column.
    let cols = columns(ViewKind::Models);
    let want: Vec<usize> = (0..all)
        .filter(|&p| {
            let r = app.state().rows[p];
            cols.iter().any(|c| {
                view::format::cell_text(&(c.get)(&app.ds, r))
                    .to_lowercase()
                    .contains("llama")
            })
        })
        .collect();
    assert!(want.len() >= 2, "{want:?}");
    app.update(Action::OpenFind);
    type_text(&mut app, "LLaMa");
    assert_eq!(app.state().cursor, want[0], "jumps as you type");
    assert!(name_at(&app, want[0]).to_lowercase().contains("llama"));
    app.update(Action::PromptAccept);
    assert_eq!(app.state().rows.len(), all, "no row is filtered out");
    assert!(
        status(&app).contains(&format!("{} rows", want.len())),
        "{}",
        status(&app)
    );
    app.update(Action::NextMatch);
    assert_eq!(app.state().cursor, want[1]);
    app.update(Action::PrevMatch);
    assert_eq!(app.state().cursor, want[0]);
    app.update(Action::PrevMatch);
    assert_eq!(app.state().cursor, *want.last().unwrap_or(&0), "wraps to the last");
    assert!(status(&app).contains("from the bottom"), "{}", status(&app));
    // Esc in the prompt puts the cursor and the text found back.
    let before = app.state().cursor;
    app.update(Action::OpenFind);
    type_text(&mut app, "deepseek");
    assert_ne!(app.state().cursor, before);
    app.update(Action::Back);
    assert_eq!(app.state().cursor, before);
    assert_eq!(app.find.as_deref(), Some("LLaMa"));
    // Esc stops finding: the highlight goes, and f starts afresh.
    app.update(Action::Back);
    assert_eq!(app.find, None);
    assert!(
        status(&app).starts_with("no longer finding “LLaMa”"),
        "{}",
        status(&app)
    );
    app.update(Action::OpenFind);
    assert!(matches!(&app.overlay, Some(Overlay::Find(p)) if p.input.is_empty()));
    app.update(Action::Back);
    // A text no row shows says so.
    app.update(Action::OpenFind);
    type_text(&mut app, "zzz-nothing");
    app.update(Action::PromptAccept);
    assert!(app.status_here().is_some_and(|s| s.error), "{}", status(&app));
}

#[test]
fn mark_all_marks_the_filtered_rows_and_unmark_all_clears_the_view() {
    let mut app = app();
    app.update(Action::OpenFilter);
    type_text(&mut app, "deepseek");
    app.update(Action::PromptAccept);
    let shown = app.state().rows.len();
    app.update(Action::MarkAll);
    let marked = app.marks.iter().filter(|(v, _)| *v == ViewKind::Models).count();
    assert_eq!(marked, shown);
    assert!((0..shown).all(|p| app.is_marked(app.state().rows[p])));
    // A mark in another view is not this view's to clear.
    app.update(Action::ShowView(ViewKind::Labs));
    app.update(Action::ToggleMark);
    app.update(Action::ShowView(ViewKind::Models));
    app.update(Action::UnmarkAll);
    assert!(app.marks.iter().all(|(v, _)| *v == ViewKind::Labs));
    assert_eq!(app.marks.len(), 1);
    assert!(status(&app).contains(&format!("unmarked {shown} rows")));
}

#[test]
fn compare_makes_the_cursor_record_the_base() {
    let mut app = app();
    app.update(Action::OpenFilter);
    type_text(&mut app, "deepseek");
    app.update(Action::PromptAccept);
    app.update(Action::MarkAll);
    app.update(Action::Compare);
    let ids = |app: &App| match &app.overlay {
        Some(Overlay::Compare(c)) => c.ids.clone(),
        _ => panic!("compare is open"),
    };
    let before = ids(&app);
    assert!(before.len() >= 3);
    app.update(Action::ColumnRight);
    app.update(Action::ColumnRight);
    app.update(Action::MakeBase);
    let after = ids(&app);
    assert_eq!(after[0], before[2], "the third record is the base now");
    assert_eq!(after.len(), before.len());
    assert!(after.iter().all(|id| before.contains(id)));
    let Some(Overlay::Compare(c)) = &app.overlay else {
        panic!("still open")
    };
    assert_eq!(c.col, 0, "the cursor stays on the record made the base");
    assert!(status(&app).starts_with("ratios now against"), "{}", status(&app));
}

#[test]
fn a_message_said_in_compare_does_not_follow_into_the_bar_chart() {
    let mut app = app();
    app.update(Action::MoveDown);
    app.update(Action::Compare);
    assert_eq!(app.place(), Place::Compare);
    app.update(Action::MakeBase);
    assert!(app.status_here().is_some());
    app.update(Action::Back);
    assert!(
        app.status_here().is_none(),
        "gone with the comparison: {}",
        status(&app)
    );
    app.update(Action::BarChart);
    assert!(
        app.status_here().is_none_or(|s| !s.text.contains("base")),
        "{}",
        status(&app)
    );
    // News about the data itself shows everywhere.
    app.say_everywhere("reloaded: nothing changed", false);
    assert!(status(&app).contains("reloaded"));
}

#[test]
fn esc_says_it_cleared_the_filter_and_slash_restores_it() {
    let mut app = app();
    app.update(Action::OpenFilter);
    type_text(&mut app, "country:CN");
    app.update(Action::PromptAccept);
    let filtered = app.state().rows.clone();
    app.update(Action::Back);
    assert!(app.state().filter.is_empty());
    assert_eq!(status(&app), "filter cleared — <OpenFilter> to restore");
    app.update(Action::OpenFilter);
    assert_eq!(app.state().rows, filtered, "applied again as the prompt opens");
    assert!(matches!(&app.overlay, Some(Overlay::Filter { input, .. }) if input == "country:CN"));
    app.update(Action::PromptAccept);
    assert_eq!(app.state().filter.text, "country:CN");
}

#[test]
fn help_scrolls_to_its_end_and_back() {
    let mut app = app();
    app.update(Action::Help);
    // As a frame of 40 lines would report it.
    app.geometry.overlay_max = 50;
    app.geometry.overlay_page = 30;
    let scroll = |app: &App| match app.overlay {
        Some(Overlay::Help { scroll }) => scroll,
        _ => panic!("help is open"),
    };
    app.update(Action::Last);
    assert_eq!(scroll(&app), 50);
    app.update(Action::MoveDown);
    assert_eq!(scroll(&app), 50, "no scrolling past the end");
    app.update(Action::PageUp);
    assert_eq!(scroll(&app), 21);
    app.update(Action::First);
    assert_eq!(scroll(&app), 0);
    app.update(Action::PageDown);
    assert_eq!(scroll(&app), 29);
}

fn draw(app: &mut App, w: u16, h: u16) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
    labdash::ui::draw_frame(&mut term, app, &labdash::ui::Theme::DARK).unwrap_or_else(|e| panic!("{e}"));
    labdash::ui::text::buffer_text(term.backend().buffer())
}

#[test]
fn help_reaches_its_end_lists_the_views_columns_and_every_glyph_once() {
    for (w, h) in [(120, 40), (80, 24), (60, 20)] {
        let mut app = app();
        app.update(Action::ShowView(ViewKind::Claims));
        app.update(Action::Help);
        let top = draw(&mut app, w, h);
        assert!(top.contains("General"), "{w}x{h}:\n{top}");
        app.update(Action::Last);
        let end = draw(&mut app, w, h);
        assert!(
            end.contains("click a row to select it"),
            "{w}x{h}: G reaches the end:\n{end}"
        );
        app.update(Action::First);
        assert_eq!(draw(&mut app, w, h), top, "{w}x{h}: g is back at the top");
    }
    // The whole text: every heading once, every glyph, the view's column ids.
    let lines = labdash::ui::overlay::help_lines(&labdash::ui::Theme::DARK, ViewKind::Claims);
    let text: Vec<String> = lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    let headings: Vec<&String> = text.iter().filter(|l| !l.starts_with(' ') && !l.is_empty()).collect();
    for (i, h) in headings.iter().enumerate() {
        assert!(!headings[i + 1..].contains(h), "heading `{h}` twice");
    }
    let all = text.join("\n");
    let glyphs = all
        .split("\nGlyphs\n")
        .nth(1)
        .and_then(|g| g.split("\nColumn ids").next())
        .unwrap_or_default();
    for glyph in ["●", "▲", "▼", "Δ", "‡", "*", "ƒ", "~", "?", "≈", "—", "▶"] {
        assert!(
            glyphs
                .lines()
                .any(|l| l.trim_start().starts_with(glyph) || l.contains(&format!(" {glyph} "))),
            "glyph {glyph} is not explained:\n{glyphs}"
        );
    }
    // The view's own ids come first under the heading: its line, then its continuation lines.
    let section = all
        .split("(for --sort, filters, export), the Claims view first\n")
        .nth(1)
        .unwrap_or_default();
    let mut own = section.lines();
    let first = own.next().unwrap_or_default().trim_start();
    let listed: Vec<&str> = first
        .strip_prefix("claims")
        .unwrap_or_default()
        .split_whitespace()
        .chain(
            own.take_while(|l| l.starts_with("          "))
                .flat_map(str::split_whitespace),
        )
        .collect();
    let ids: Vec<&str> = columns(ViewKind::Claims).iter().map(|c| c.id).collect();
    assert_eq!(listed, ids, "{all}");
    assert!(all.contains("Space") && all.contains("and move down"), "{all}");
}

/// The new prompts and what they leave on screen, at the sizes users have: the find prompt,
/// a found text highlighted (underlined, so it shows without colour), the save prompt and its
/// refusal of an existing file, help scrolled to its end, and Esc's "filter cleared" message.
#[test]
fn snapshots_of_find_save_help_and_messages() {
    for (w, h) in [(120, 40), (80, 24), (60, 20)] {
        let mut app = app();
        draw(&mut app, w, h);
        app.update(Action::OpenFind);
        type_text(&mut app, "llama");
        insta::assert_snapshot!(format!("find_prompt_{w}x{h}"), draw(&mut app, w, h));
        app.update(Action::PromptAccept);
        app.update(Action::NextMatch);
        let t = draw(&mut app, w, h);
        insta::assert_snapshot!(format!("found_{w}x{h}"), t);
        // The highlight is on the found letters (and underlined, for no colour).
        let mut term =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
        labdash::ui::draw_frame(&mut term, &mut app, &labdash::ui::Theme::DARK).unwrap_or_else(|e| panic!("{e}"));
        let buf = term.backend().buffer();
        let underlined: String = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|&(x, y)| {
                let c = &buf[(x, y)];
                c.bg == ratatui::style::Color::LightCyan && c.modifier.contains(ratatui::style::Modifier::UNDERLINED)
            })
            .map(|(x, y)| buf[(x, y)].symbol().to_string())
            .collect();
        assert!(underlined.to_lowercase().starts_with("llama"), "{w}x{h}: {underlined}");
        assert_eq!(underlined.len() % 5, 0, "{w}x{h}: whole matches only: {underlined}");

        app.update(Action::OpenSave);
        insta::assert_snapshot!(format!("save_prompt_{w}x{h}"), draw(&mut app, w, h));
        app.save_refused(std::path::Path::new("models.csv"));
        insta::assert_snapshot!(format!("save_exists_{w}x{h}"), draw(&mut app, w, h));
        app.update(Action::Back);

        app.update(Action::Help);
        draw(&mut app, w, h);
        app.update(Action::Last);
        insta::assert_snapshot!(format!("help_end_{w}x{h}"), draw(&mut app, w, h));
        app.update(Action::Back);
        // Esc once stops finding; with nothing found, it clears the filter.
        app.update(Action::Back);
        assert_eq!(app.find, None);

        app.update(Action::OpenFilter);
        type_text(&mut app, "country:CN");
        app.update(Action::PromptAccept);
        app.update(Action::Back);
        let t = draw(&mut app, w, h);
        assert!(t.contains("filter cleared — / to restore"), "{w}x{h}:\n{t}");
        insta::assert_snapshot!(format!("filter_cleared_{w}x{h}"), t);
    }
}
