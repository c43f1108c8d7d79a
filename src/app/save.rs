//! Saving the view from the dashboard: a prompt for a file name, the format from its
//! extension, and exactly the bytes `labdash export` prints for the view on screen (sort,
//! filter, columns, as-of day). The runner writes them (`fsio::write_atomic`); an existing
//! file is replaced only when confirmed — a second `Enter`, or a name ending in `!` (`:w!`).

use std::path::{Path, PathBuf};

use crate::data::sanitize::printable;
use crate::export::{self, Format};

use super::{Action, App, Effect, Overlay};

/// The formats a saved file can have, by extension.
pub const EXTENSIONS: [(&str, Format); 3] = [("csv", Format::Csv), ("json", Format::Json), ("md", Format::Md)];

/// The save prompt's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavePrompt {
    /// The file name typed.
    pub input: String,
    /// Why the name cannot be saved to, or that the file exists.
    pub error: Option<String>,
    /// The file exists and the user was told: `Enter` on the same name replaces it.
    pub confirm: bool,
}

/// The format a file name asks for, or a message listing those there are.
pub fn format_of(path: &Path) -> Result<Format, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    EXTENSIONS
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, f)| *f)
        .ok_or_else(|| {
            let known: Vec<String> = EXTENSIONS.iter().map(|(e, _)| format!(".{e}")).collect();
            let what = if ext.is_empty() {
                "no extension".to_string()
            } else {
                format!("unknown extension `.{}`", printable(&ext))
            };
            format!("{what}: end the name with {}", known.join(", "))
        })
}

/// What `labdash export --format FORMAT` prints for the view on screen.
pub fn view_bytes(app: &App, format: Format) -> Vec<u8> {
    export::export(&app.ds, &app.query(), format).into_bytes()
}

fn name(f: Format) -> &'static str {
    match f {
        Format::Csv => "CSV",
        Format::Json => "JSON",
        Format::Md => "Markdown",
        Format::Table => "a table",
    }
}

/// Opens the prompt, suggesting `VIEW.csv`.
pub(super) fn open(app: &mut App) {
    app.overlay = Some(Overlay::Save(SavePrompt {
        input: format!("{}.csv", app.view.id()),
        error: None,
        confirm: false,
    }));
}

/// Keys while the save prompt is open.
pub(super) fn update(app: &mut App, action: Action) -> Effect {
    let Some(Overlay::Save(mut p)) = app.overlay.clone() else {
        return Effect::None;
    };
    match action {
        ref a if super::prompt::edit(&mut p.input, a) => {}
        Action::Back => {
            app.overlay = None;
            app.say("not saved", false);
            return Effect::None;
        }
        Action::PromptAccept => return accept(app, p),
        _ => return Effect::None,
    }
    // An edited name is another file: any earlier confirmation was for the old one.
    p.error = None;
    p.confirm = false;
    app.overlay = Some(Overlay::Save(p));
    Effect::None
}

fn accept(app: &mut App, mut p: SavePrompt) -> Effect {
    let typed = p.input.trim();
    let (typed, forced) = match typed.strip_suffix('!') {
        Some(t) => (t.trim_end(), true),
        None => (typed, false),
    };
    if typed.is_empty() {
        p.error = Some("type a file name (.csv, .json or .md)".into());
        app.overlay = Some(Overlay::Save(p));
        return Effect::None;
    }
    let path = PathBuf::from(typed);
    let format = match format_of(&path) {
        Ok(f) => f,
        Err(e) => {
            p.error = Some(e);
            app.overlay = Some(Overlay::Save(p));
            return Effect::None;
        }
    };
    let rows = app.state().rows.len();
    app.overlay = None;
    Effect::Save {
        bytes: view_bytes(app, format),
        what: format!(
            "{rows} {} row{} as {}",
            app.view.title(),
            if rows == 1 { "" } else { "s" },
            name(format)
        ),
        overwrite: forced || p.confirm,
        path,
    }
}

impl App {
    /// The file to save to exists: the prompt opens again on the same name and says that
    /// `Enter` replaces it.
    pub fn save_refused(&mut self, path: &Path) {
        let shown = printable(&path.display().to_string()).into_owned();
        self.overlay = Some(Overlay::Save(SavePrompt {
            input: path.display().to_string(),
            error: Some(format!("{shown} exists: Enter replaces it, Esc keeps it")),
            confirm: true,
        }));
    }

    /// Says what a save did.
    pub fn saved(&mut self, path: &Path, what: &str, outcome: std::io::Result<()>) {
        let shown = printable(&path.display().to_string()).into_owned();
        match outcome {
            Ok(()) => self.say(format!("saved {what} to {shown}"), false),
            Err(e) => self.say(format!("not saved: {shown}: {e}"), true),
        }
    }
}
