//! The driver: a synchronous loop on the main thread — draw once, wait for input (~100 ms),
//! drain every pending event, check the data file and signals — and the executor of the
//! effects `App::update` returns (quit, reload, open the editor).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use color_eyre::Result;
use ratatui::crossterm::event::{self, Event, MouseEventKind};

use crate::app::{Action, App, Effect, Overlay};
use crate::cli::Origin;
use crate::data::Dataset;
use crate::keymap::{self, Scope};
use crate::term::{self, Guard};
use crate::ui::{self, Theme};
use crate::view::Query;

/// How long to wait for input before checking the file and signals again.
const TICK: Duration = Duration::from_millis(100);

/// Maps a terminal event to an intent in the current scope.
pub fn action_for(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(k) => {
            let scope = if matches!(app.overlay, Some(Overlay::Filter { .. })) {
                Scope::Prompt
            } else {
                Scope::Table
            };
            keymap::resolve(keymap::key_of(k)?, scope)
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(_) => Some(Action::Click { x: m.column, y: m.row }),
            MouseEventKind::ScrollDown => Some(Action::Wheel(3)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(-3)),
            _ => None,
        },
        _ => None,
    }
}

/// Reads and validates the data file again; on failure the data on screen stays.
pub fn reload(app: &mut App) {
    let Origin::File(path) = &app.origin else {
        app.say("the bundled data cannot change; nothing to reload", false);
        return;
    };
    let name = path.display().to_string();
    match crate::cli::read(path) {
        Err(f) => app.reload_failed(f.message, 1),
        Ok(text) => match crate::data::load(&name, &text) {
            Ok(ds) => {
                app.replace_data(ds);
                if matches!(app.overlay, Some(Overlay::Diagnostics { .. })) {
                    app.overlay = None;
                }
                app.say("reloaded", false);
            }
            Err(diags) => {
                let text_out = App::diagnostics_text(&name, &text, &diags);
                app.reload_failed(text_out, diags.len());
            }
        },
    }
}

fn open_editor(guard: &mut Guard, app: &mut App, line: u32) {
    let Origin::File(path) = app.origin.clone() else { return };
    let editor = crate::editor::editor_from_env();
    let Some(mut cmd) = crate::editor::command(&editor, &path, line) else {
        app.say("no editor: set $VISUAL or $EDITOR", true);
        return;
    };
    guard.suspend();
    let outcome = cmd.status();
    // Whatever the editor did, come back to the dashboard.
    let resumed = guard.resume();
    match (outcome, resumed) {
        (_, Err(e)) => app.say(format!("could not restore the terminal: {e}"), true),
        (Err(e), _) => app.say(format!("could not start `{editor}`: {e}"), true),
        (Ok(s), _) if !s.success() => app.say(format!("`{editor}` exited with {s}"), true),
        (Ok(_), _) => reload(app),
    }
}

/// Runs the dashboard until the user quits.
pub fn run(ds: Dataset, origin: Origin, query: Query) -> Result<()> {
    term::install_hooks();
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    let theme = Theme::DARK;
    let mut app = App::new(ds, origin, query);
    let mut guard = Guard::enter()?;
    loop {
        let mut drawn = ui::Drawn::default();
        guard.terminal.draw(|f| drawn = ui::draw(f, &app, &theme))?;
        app.geometry = drawn.geometry;
        app.header_hits = drawn.header_hits;
        if stop.load(Ordering::Relaxed) {
            break;
        }
        if !event::poll(TICK)? {
            continue;
        }
        // Drain everything pending, then draw once.
        let mut quit = false;
        loop {
            let ev = event::read()?;
            // A paste into the prompt types every character of it.
            let pasted: Vec<Action> = match &ev {
                Event::Paste(t) if matches!(app.overlay, Some(Overlay::Filter { .. })) => {
                    t.chars().filter(|c| !c.is_control()).map(Action::PromptInput).collect()
                }
                _ => action_for(&app, &ev).into_iter().collect(),
            };
            for action in pasted {
                match app.update(action) {
                    Effect::None => {}
                    Effect::Quit => quit = true,
                    Effect::Reload => reload(&mut app),
                    Effect::OpenEditor { line } => open_editor(&mut guard, &mut app, line),
                }
            }
            if quit || !event::poll(Duration::ZERO)? {
                break;
            }
        }
        if quit {
            break;
        }
    }
    drop(guard);
    Ok(())
}
