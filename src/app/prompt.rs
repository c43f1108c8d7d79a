//! The filter prompt: applied as you type; `Enter` keeps it, `Esc` restores the one before.

use crate::view::Filter;

use super::{Action, App, Effect, Overlay};

fn apply(app: &mut App, text: &str) -> Option<String> {
    match Filter::parse(app.view, text) {
        Ok(f) => {
            app.state_mut().filter = f;
            app.reproject(app.view);
            None
        }
        // An unparsable filter is shown as an error and not applied (the last good one stays).
        Err(e) => Some(e.to_string()),
    }
}

pub(super) fn update(app: &mut App, action: Action) -> Effect {
    let Some(Overlay::Filter { input, before, .. }) = app.overlay.clone() else {
        return Effect::None;
    };
    let mut input = input;
    match action {
        Action::PromptInput(c) => input.push(c),
        Action::PromptBackspace => {
            input.pop();
        }
        Action::PromptClear => input.clear(),
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
