//! `App::update` without a terminal: movement, sorting, filtering, overlays, views.

use labdash::app::{Action, App, Effect, Overlay};
use labdash::data::{self, RecordRef};
use labdash::load::Origin;
use labdash::view::{self, Query, SortDir, ViewKind, columns};

fn app() -> App {
    let ds = data::load(data::BUNDLED_NAME, data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
    App::new(ds, Origin::Bundled, Query::default())
}

fn col(view: ViewKind, id: &str) -> usize {
    view::columns::find(view, id).unwrap_or_else(|| panic!("no column {id}"))
}

fn cursor_id(app: &App) -> String {
    app.cursor_record()
        .map(|r| app.ds.id_of(r).to_string())
        .unwrap_or_default()
}

fn type_filter(app: &mut App, text: &str) {
    app.update(Action::OpenFilter);
    app.update(Action::PromptClear);
    for c in text.chars() {
        app.update(Action::PromptInput(c));
    }
}

#[test]
fn starts_on_models_in_file_order() {
    let app = app();
    assert_eq!(app.view, ViewKind::Models);
    assert_eq!(app.state().rows.len(), app.ds.models.len());
    assert_eq!(app.state().rows.first(), Some(&0));
}

#[test]
fn s_sorts_numbers_largest_first_then_reverses_missing_always_last() {
    let mut app = app();
    let chips = col(ViewKind::Models, "chips");
    app.state_mut().col = chips;
    app.update(Action::SortByCursorColumn);
    assert_eq!(app.state().sort.map(|s| s.dir), Some(SortDir::Desc));
    let values = |app: &App| -> Vec<Option<f64>> {
        app.state()
            .rows
            .iter()
            .map(|&r| (columns(ViewKind::Models)[chips].get)(&app.ds, r).number())
            .collect()
    };
    let v = values(&app);
    let present: Vec<f64> = v.iter().flatten().copied().collect();
    assert!(present.windows(2).all(|w| w[0] >= w[1]), "{present:?}");
    let first_missing = v.iter().position(Option::is_none).unwrap_or(v.len());
    assert!(
        v[first_missing..].iter().all(Option::is_none),
        "missing values must sort last"
    );

    app.update(Action::SortByCursorColumn);
    assert_eq!(app.state().sort.map(|s| s.dir), Some(SortDir::Asc));
    let v = values(&app);
    let present: Vec<f64> = v.iter().flatten().copied().collect();
    assert!(present.windows(2).all(|w| w[0] <= w[1]));
    let first_missing = v.iter().position(Option::is_none).unwrap_or(v.len());
    assert!(
        v[first_missing..].iter().all(Option::is_none),
        "missing last in both directions"
    );

    app.update(Action::ClearSort);
    assert_eq!(app.state().sort, None);
    assert_eq!(app.state().rows.first(), Some(&0));
}

#[test]
fn text_sorts_a_to_z_first() {
    let mut app = app();
    app.state_mut().col = col(ViewKind::Models, "name");
    app.update(Action::SortByCursorColumn);
    let names: Vec<String> = app
        .state()
        .rows
        .iter()
        .map(|&r| app.ds.models[r as usize].name.as_str().to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[test]
fn sort_keeps_the_cursor_on_its_record() {
    let mut app = app();
    app.update(Action::MoveDown);
    app.update(Action::MoveDown);
    let before = cursor_id(&app);
    app.state_mut().col = col(ViewKind::Models, "train_flop");
    app.update(Action::SortByCursorColumn);
    assert_eq!(cursor_id(&app), before);
}

#[test]
fn filter_applies_as_you_type_enter_keeps_esc_restores() {
    let mut app = app();
    let all = app.state().rows.len();
    type_filter(&mut app, "country:CN");
    let cn = app.state().rows.len();
    assert!(cn > 0 && cn < all);
    assert!(app.state().rows.iter().all(|&r| {
        let m = &app.ds.models[r as usize];
        app.ds.labs[m.lab as usize].country == "CN"
    }));
    app.update(Action::PromptAccept);
    assert!(app.overlay.is_none());
    assert_eq!(app.state().filter.text, "country:CN");

    type_filter(&mut app, "deepseek");
    assert!(app.state().rows.len() < cn);
    app.update(Action::Back);
    assert_eq!(
        app.state().filter.text,
        "country:CN",
        "Esc restores the filter from before the prompt"
    );
    assert_eq!(app.state().rows.len(), cn);

    // Esc on the table clears the filter.
    app.update(Action::Back);
    assert_eq!(app.state().rows.len(), all);
}

#[test]
fn a_bad_filter_term_is_an_error_in_the_prompt_never_applied_silently() {
    let mut app = app();
    type_filter(&mut app, "chips>lots");
    match &app.overlay {
        Some(Overlay::Filter { error: Some(e), .. }) => assert!(e.contains("not a number"), "{e}"),
        other => panic!("expected an error in the prompt, got {other:?}"),
    }
    app.update(Action::PromptAccept);
    assert!(
        matches!(app.overlay, Some(Overlay::Filter { .. })),
        "Enter on an error keeps the prompt open"
    );
}

#[test]
fn quit_from_anywhere() {
    let mut app = app();
    assert_eq!(app.update(Action::Quit), Effect::Quit);
    app.update(Action::OpenFilter);
    assert_eq!(app.update(Action::Quit), Effect::Quit);
}

#[test]
fn q_in_the_prompt_types_it() {
    let mut app = app();
    app.update(Action::OpenFilter);
    app.update(Action::PromptInput('q'));
    assert!(matches!(&app.overlay, Some(Overlay::Filter { input, .. }) if input == "q"));
}

#[test]
fn enter_opens_details_of_the_cursor_record_and_esc_closes() {
    let mut app = app();
    app.update(Action::OpenDetails);
    let Some(Overlay::Details { record, .. }) = app.overlay.clone() else {
        panic!("no details")
    };
    assert_eq!(Some(record), app.cursor_record());
    app.update(Action::Back);
    assert!(app.overlay.is_none());
}

#[test]
fn views_switch_by_number_and_tab_and_keep_their_own_place() {
    let mut app = app();
    app.update(Action::MoveDown);
    app.update(Action::ShowView(ViewKind::Claims));
    assert_eq!(app.view, ViewKind::Claims);
    assert_eq!(app.state().rows.len(), app.ds.claims.len());
    app.update(Action::NextView);
    assert_eq!(app.view, ViewKind::Compute);
    app.update(Action::PrevView);
    app.update(Action::PrevView);
    assert_eq!(app.view, ViewKind::Models);
    assert_eq!(app.state().cursor, 1, "each view keeps its cursor");
}

#[test]
fn movement_clamps_and_pages() {
    let mut app = app();
    app.update(Action::MoveUp);
    assert_eq!(app.state().cursor, 0);
    app.update(Action::Last);
    assert_eq!(app.state().cursor, app.state().rows.len() - 1);
    app.update(Action::MoveDown);
    assert_eq!(app.state().cursor, app.state().rows.len() - 1);
    app.update(Action::First);
    app.update(Action::PageDown);
    assert!(app.state().cursor > 0);
    app.update(Action::HalfPageUp);
    app.update(Action::PageUp);
    assert_eq!(app.state().cursor, 0);
    app.update(Action::ColumnLeft);
    assert_eq!(app.state().col, 0);
    for _ in 0..100 {
        app.update(Action::ColumnRight);
    }
    assert_eq!(app.state().col, columns(ViewKind::Models).len() - 1);
}

#[test]
fn launch_sort_puts_the_column_cursor_on_the_sort_column() {
    let ds = data::load(data::BUNDLED_NAME, data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
    let chips = col(ViewKind::Models, "chips");
    let q = Query {
        sort: Some(view::SortSpec {
            col: chips,
            dir: SortDir::Desc,
        }),
        ..Query::default()
    };
    let app = App::new(ds, Origin::Bundled, q);
    assert_eq!(app.state().col, chips);
}

#[test]
fn screen_rows_equal_export_rows_for_the_same_query() {
    let mut app = app();
    type_filter(&mut app, "country:CN");
    app.update(Action::PromptAccept);
    app.state_mut().col = col(ViewKind::Models, "train_flop");
    app.update(Action::SortByCursorColumn);
    let q = app.query();
    assert_eq!(view::project(&app.ds, &q), app.state().rows);
    let csv = labdash::export::export(&app.ds, &q, labdash::export::Format::Csv);
    let names: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap_or("")).collect();
    let screen: Vec<&str> = app
        .state()
        .rows
        .iter()
        .map(|&r| app.ds.models[r as usize].name.as_str())
        .collect();
    assert_eq!(names, screen);
}

#[test]
fn e_on_bundled_data_explains_how_to_get_an_editable_copy() {
    let mut app = app();
    assert_eq!(app.update(Action::OpenEditor), Effect::None);
    assert!(app.status.as_ref().is_some_and(|s| s.text.contains("labdash init")));
}

#[test]
fn clicks_select_rows_and_sort_headers() {
    let mut app = app();
    let g = app.geometry;
    app.header_hits = vec![(0, 3, 20), (1, 21, 30)];
    app.update(Action::Click { x: 5, y: g.rows_y + 2 });
    assert_eq!(app.state().cursor, 2);
    app.update(Action::Click { x: 25, y: g.header_y });
    assert_eq!(app.state().sort.map(|s| s.col), Some(1));
    app.update(Action::Wheel(3));
    assert!(app.state().cursor >= 3 || app.state().rows.len() <= 3);
    let _ = RecordRef {
        kind: labdash::data::Kind::Model,
        index: 0,
    };
}
