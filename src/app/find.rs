//! Finding without filtering: `f` opens a prompt and the cursor jumps to the first row
//! showing the text as you type; `;`/`,` go to the next/previous one (wrapping). Every row
//! stays; the text is highlighted where it shows.

use crate::data::sanitize::printable;
use crate::view::find;

use super::{Action, App, Effect, Overlay, clamp_offset};

/// The find prompt's state: what was found before and where the cursor was, for `Esc`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindPrompt {
    /// The text typed.
    pub input: String,
    /// The text found before the prompt opened.
    pub before: Option<String>,
    /// Row and column cursor when the prompt opened.
    pub from: (usize, usize),
}

pub(super) fn open(app: &mut App) {
    let vs = app.state();
    app.overlay = Some(Overlay::Find(FindPrompt {
        input: app.find.clone().unwrap_or_default(),
        before: app.find.clone(),
        from: (vs.cursor, vs.col),
    }));
}

/// Puts the cursor on row position `pos`, column `col`.
fn go(app: &mut App, pos: usize, col: usize) {
    let page = app.geometry.page as usize;
    let vs = app.state_mut();
    vs.cursor = pos;
    vs.col = col;
    clamp_offset(vs, page);
}

pub(super) fn update(app: &mut App, action: Action) -> Effect {
    let Some(Overlay::Find(mut p)) = app.overlay.clone() else {
        return Effect::None;
    };
    match action {
        ref a if super::prompt::edit(&mut p.input, a) => {}
        Action::Back => {
            app.find = p.before;
            go(app, p.from.0, p.from.1);
            app.overlay = None;
            return Effect::None;
        }
        Action::PromptAccept => {
            app.overlay = None;
            app.find = Some(p.input.clone()).filter(|t| !t.is_empty());
            summary(app);
            return Effect::None;
        }
        _ => return Effect::None,
    }
    // As you type: the first row showing the text, from where the prompt opened.
    app.find = Some(p.input.clone()).filter(|t| !t.is_empty());
    let (from, col) = p.from;
    let hit = app.find.as_deref().and_then(|t| {
        let vs = app.state();
        let here = vs
            .rows
            .get(from)
            .and_then(|&r| find::column_in_row(&app.ds, app.view, r, t, 0));
        here.map(|c| (from, c))
            .or_else(|| find::next_row(&app.ds, app.view, &vs.rows, from, true, t))
    });
    match hit {
        Some((pos, c)) => go(app, pos, c),
        None => go(app, from, col),
    }
    app.overlay = Some(Overlay::Find(p));
    Effect::None
}

/// `;`/`,`: the next or previous row showing the text.
pub(super) fn step(app: &mut App, forward: bool) {
    let Some(text) = app.find.clone() else {
        app.say_keys("nothing to find yet: {} finds a text", &[Action::OpenFind], false);
        return;
    };
    let vs = app.state();
    match find::next_row(&app.ds, app.view, &vs.rows, vs.cursor, forward, &text) {
        Some((pos, c)) => {
            let wrapped = if forward { pos <= vs.cursor } else { pos >= vs.cursor };
            go(app, pos, c);
            summary(app);
            if wrapped && let Some(s) = app.status.as_mut() {
                s.text.push_str(if forward {
                    " (from the top)"
                } else {
                    " (from the bottom)"
                });
            }
        }
        None => summary(app),
    }
}

/// "`deep`: 5 rows — ; next · , previous", or that no row shows it.
fn summary(app: &mut App) {
    let Some(text) = app.find.clone() else {
        app.status = None;
        return;
    };
    let shown = printable(&text).into_owned();
    let vs = app.state();
    let n = find::count(&app.ds, app.view, &vs.rows, &text);
    if n == 0 {
        app.say(format!("no row shows “{shown}”"), true);
        return;
    }
    // The text is data for `say_keys`: its braces must not read as key slots.
    let shown = shown.replace("{}", "{ }");
    app.say_keys(
        format!(
            "“{shown}”: {n} row{} — {{}} next · {{}} previous",
            if n == 1 { "" } else { "s" }
        ),
        &[Action::NextMatch, Action::PrevMatch],
        false,
    );
}
