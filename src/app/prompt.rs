//! The filter prompt: applied as you type; `Enter` keeps it, `Esc` restores the one before.

use crate::view::filter::Test;
use crate::view::{Filter, search};

use super::{Action, App, Effect, Overlay};

/// Whether every row `new` keeps is also kept by `old`: the same terms plus more, or the last
/// free-text/contains term grown by typing. Then only the rows on screen need testing.
fn narrows(old: &Filter, new: &Filter) -> bool {
    let (o, n) = (&old.terms, &new.terms);
    if n.len() > o.len() {
        return n[..o.len()] == o[..];
    }
    if n.len() != o.len() || o.is_empty() {
        return false;
    }
    let last = o.len() - 1;
    n[..last] == o[..last]
        && !o[last].negate
        && !n[last].negate
        && match (&o[last].test, &n[last].test) {
            (Test::Anywhere(a), Test::Anywhere(b)) => b.contains(a.as_str()),
            (Test::Contains(c, a), Test::Contains(d, b)) => c == d && b.contains(a.as_str()),
            _ => false,
        }
}

fn apply(app: &mut App, text: &str) -> Option<String> {
    match Filter::parse(app.view, text) {
        Ok(f) if narrows(&app.state().filter, &f) => {
            // Typing narrows the filter: test only the rows shown, keeping their order.
            let current = app.cursor_record().map(|r| r.index);
            let page = app.geometry.page as usize;
            let i = super::view_index(app.view);
            let vs = &mut app.views[i];
            vs.rows = search::retain(&app.caches[i].matcher(&app.ds, app.view, &f), &vs.rows);
            vs.filter = f;
            vs.cursor = current.and_then(|r| vs.rows.iter().position(|&x| x == r)).unwrap_or(0);
            super::clamp_offset(vs, page);
            None
        }
        Ok(f) => {
            app.state_mut().filter = f;
            app.reproject(app.view);
            None
        }
        // An unparsable filter is shown as an error and not applied (the last good one stays).
        Err(e) => Some(e.to_string()),
    }
}

/// Opens the filter prompt on the filter shown; with none shown but one `Esc` cleared, on that
/// one, applied again (`Esc` in the prompt drops it once more).
pub(super) fn open(app: &mut App) {
    let text = app.state().filter.text.clone();
    let cleared = std::mem::take(&mut app.state_mut().cleared_filter);
    if text.is_empty() && !cleared.is_empty() {
        let error = apply(app, &cleared);
        app.overlay = Some(Overlay::Filter {
            input: cleared,
            before: text,
            error,
        });
        app.say("filter restored", false);
        return;
    }
    app.overlay = Some(Overlay::Filter {
        input: text.clone(),
        before: text,
        error: None,
    });
}

/// Edits a prompt's text for a typing action (a character, Backspace, clear); returns whether
/// `action` was one. Every prompt (filter, as-of, find, save, column jump) types alike.
pub(super) fn edit(input: &mut String, action: &Action) -> bool {
    match action {
        Action::PromptInput(c) => input.push(*c),
        Action::PromptBackspace => {
            input.pop();
        }
        Action::PromptClear => input.clear(),
        _ => return false,
    }
    true
}

pub(super) fn update(app: &mut App, action: Action) -> Effect {
    let Some(Overlay::Filter { input, before, .. }) = app.overlay.clone() else {
        return Effect::None;
    };
    let mut input = input;
    match action {
        ref a if edit(&mut input, a) => {}
        Action::PromptAccept => {
            return match apply(app, &input) {
                None => {
                    app.overlay = None;
                    let n = app.state().rows.len();
                    app.say(
                        if input.trim().is_empty() {
                            "filter cleared".into()
                        } else {
                            format!("{n} rows match")
                        },
                        false,
                    );
                    Effect::None
                }
                Some(error) => {
                    app.overlay = Some(Overlay::Filter {
                        input,
                        before,
                        error: Some(error),
                    });
                    Effect::None
                }
            };
        }
        Action::Back => {
            let _ = apply(app, &before);
            app.overlay = None;
            return Effect::None;
        }
        _ => return Effect::None,
    }
    let error = apply(app, &input);
    app.overlay = Some(Overlay::Filter { input, before, error });
    Effect::None
}

/// The as-of prompt: edited freely, applied on `Enter` (empty: all the data), `Esc` leaves
/// the data as it was.
pub(super) fn update_as_of(app: &mut App, action: Action) -> Effect {
    let Some(Overlay::AsOf { mut input, .. }) = app.overlay.clone() else {
        return Effect::None;
    };
    match action {
        ref a if edit(&mut input, a) => {}
        Action::Back => {
            app.overlay = None;
            return Effect::None;
        }
        Action::PromptAccept => {
            if input.trim().is_empty() {
                app.overlay = None;
                app.set_as_of(None);
                app.say("all the data (no as-of day)", false);
                return Effect::None;
            }
            match crate::data::as_of::parse_day(&input) {
                Ok(day) => {
                    app.overlay = None;
                    app.set_as_of(Some(day));
                    app.say(
                        format!("as of {day}: claims made by then, records released by then"),
                        false,
                    );
                }
                Err(e) => app.overlay = Some(Overlay::AsOf { input, error: Some(e) }),
            }
            return Effect::None;
        }
        _ => return Effect::None,
    }
    app.overlay = Some(Overlay::AsOf { input, error: None });
    Effect::None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::ViewKind;

    fn f(s: &str) -> Filter {
        Filter::parse(ViewKind::Models, s).unwrap_or_default()
    }

    /// Typing, deleting and a reload midway on a view large enough for the caches: the rows
    /// shown are always those `project` gives for the filter typed.
    #[test]
    fn typed_filter_rows_are_the_projection() {
        use crate::app::Action;
        use crate::generate::{Sizes, dataset};
        use crate::load::Origin;
        use crate::view::{Query, SortDir, SortSpec, columns, project, search::MIN_ROWS};
        let load = |seed| {
            let text = dataset(Sizes::models(MIN_ROWS + 500), seed);
            crate::data::load("gen", &text).unwrap_or_else(|d| panic!("{:?}", d.first()))
        };
        let chips = columns::find(ViewKind::Models, "chips").unwrap_or(0);
        let sort = Some(SortSpec {
            col: chips,
            dir: SortDir::Desc,
        });
        let mut app = App::new(
            load(1),
            Origin::Bundled,
            Query {
                sort,
                ..Query::default()
            },
        );
        let check = |app: &App, what: &str| {
            let want = project(&app.ds, &app.query());
            assert!(
                app.state().rows == want,
                "{what}: {} rows, want {}",
                app.state().rows.len(),
                want.len()
            );
        };
        app.update(Action::OpenFilter);
        for c in "atlas 2".chars() {
            app.update(Action::PromptInput(c));
            check(&app, &format!("typed {c}"));
        }
        assert!(app.cache_bytes() > 0, "the index was not used");
        app.replace_data(load(2));
        check(&app, "reloaded");
        for _ in 0..4 {
            app.update(Action::PromptBackspace);
            check(&app, "backspace");
        }
        for c in "-0".chars() {
            app.update(Action::PromptInput(c));
            check(&app, &format!("typed {c}"));
        }
        app.update(Action::Back);
        check(&app, "cancelled");
    }

    #[test]
    fn typing_more_narrows_and_other_edits_do_not() {
        assert!(narrows(&f(""), &f("d")));
        assert!(narrows(&f("d"), &f("de")));
        assert!(narrows(&f("lab:deep"), &f("lab:deeps")));
        assert!(narrows(&f("deep"), &f("deep country:CN")));
        assert!(!narrows(&f("de"), &f("d")));
        assert!(!narrows(&f("chips>1"), &f("chips>10")));
        assert!(!narrows(&f("-de"), &f("-dee")));
        assert!(!narrows(&f("lab:de"), &f("name:de")));
    }
}
