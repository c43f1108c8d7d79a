//! The driver: a synchronous loop on the main thread — draw when something changed, wait for
//! input (~100 ms), drain every pending event, look at the data file when due, check signals —
//! and the executor of the effects `App::update` returns (quit, reload, open the editor).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use color_eyre::Result;
use ratatui::crossterm::event::{self, Event, MouseEventKind};

use crate::app::{Action, App, Effect};
use crate::data::{self, Dataset};
use crate::keymap::{self, Scope};
use crate::load::{self, Background, Failure, Origin};
use crate::term::{self, Guard};
use crate::ui::{self, Theme};
use crate::view::Query;
use crate::watch::{self, Watcher};

/// How long a load runs before its gauge is drawn.
const GAUGE_AFTER: f64 = 0.1;

/// How long to wait for input before checking the file and signals again.
const TICK: Duration = Duration::from_millis(100);

/// Set in the environment, makes the dashboard panic right after its first frame. Only the
/// end-to-end tests use it, to prove a panic leaves a usable terminal and a readable message.
const TEST_PANIC_VAR: &str = "LABDASH_TEST_PANIC";

/// What the status line says when the data file is gone.
pub const GONE: &str = "data file moved or deleted — showing the last good data";

/// Maps a terminal event to an intent in the current scope.
pub fn action_for(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(k) => keymap::resolve(keymap::key_of(k)?, keymap::scope_for(app.overlay.as_ref())),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(_) => Some(Action::Click { x: m.column, y: m.row }),
            MouseEventKind::ScrollDown => Some(Action::Wheel(3)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(-3)),
            _ => None,
        },
        _ => None,
    }
}

/// What reading the data files again gave.
enum Read {
    /// Only the chunks an edit changed, parsed again, to patch the data on screen.
    Changed(crate::data::Patch),
    /// The whole data, or its problems (boxed: it is moved about once per reload).
    Whole(Box<Result<Dataset, load::Problems>>),
}

/// Reads the data files of the app's scope again: only the changed chunks when the data on
/// screen is one large file's (the whole data as of a day is cut from it: read it whole).
fn read(app: &App) -> Read {
    if app.whole.is_none()
        && app.scope == app.loaded_scope
        && let Some(patch) = load::reload_changed(&app.origin, app.scope, &app.ds)
    {
        return Read::Changed(patch);
    }
    Read::Whole(Box::new(load::reload(&app.origin, app.scope)))
}

/// Shows the outcome of reading the data file again.
fn apply(app: &mut App, read: Read) {
    match read {
        Read::Changed(patch) => {
            // In place: the old records are kept only to find the cells that changed.
            let mut undo = patch.apply(&mut app.ds);
            let touched = undo.touched();
            let changes = crate::view::changes::in_place(&mut app.ds, &touched, &mut |ds| undo.swap(ds));
            app.patched(changes);
        }
        Read::Whole(whole) => match *whole {
            Ok(ds) => app.reloaded(ds),
            Err(p) => app.reload_failed(p.text, p.count, p.at_least),
        },
    }
}

/// Reads and validates the data files again (those of the app's scope); on failure the data
/// on screen stays.
pub fn reload(app: &mut App) {
    if matches!(app.origin, Origin::Bundled) && app.scope == app.loaded_scope {
        app.say("the bundled data cannot change; nothing to reload", false);
        return;
    }
    let switched = app.scope != app.loaded_scope;
    let outcome = read(app);
    let ok = !matches!(&outcome, Read::Whole(w) if w.is_err());
    if ok {
        app.loaded_scope = app.scope;
    } else {
        // Nothing switched: the data on screen stays.
        app.scope = app.loaded_scope;
    }
    apply(app, outcome);
    if switched && ok {
        let what = match app.scope {
            load::Scope::First => "the first data file only — o shows all of them",
            load::Scope::All => "all data files",
        };
        app.say_everywhere(format!("showing {what}"), false);
    }
}

/// The data files and their watchers.
struct FileWatch {
    files: Vec<(PathBuf, Watcher)>,
}

impl FileWatch {
    fn new(origin: &Origin) -> FileWatch {
        let now = Instant::now();
        FileWatch {
            files: origin
                .paths()
                .iter()
                .map(|p| (p.clone(), Watcher::new(watch::stat(p), now)))
                .collect(),
        }
    }

    /// Looks at each file when due and reloads once a change has settled. Returns whether
    /// anything on screen changed.
    fn tick(&mut self, app: &mut App) -> bool {
        let now = Instant::now();
        let mut shown = false;
        for i in 0..self.files.len() {
            let Some((path, watcher)) = self.files.get_mut(i) else {
                continue;
            };
            if !watcher.due(now) {
                continue;
            }
            match watcher.observe(now, watch::stat(path)) {
                None => {}
                Some(watch::Event::Gone) => {
                    app.say_everywhere(GONE, true);
                    shown = true;
                }
                Some(watch::Event::Changed { stamp, returned }) => {
                    let outcome = read(app);
                    // The file may have moved on while it was read: then the text is not
                    // final, and the watcher picks up the new state once it settles.
                    let Some((path, watcher)) = self.files.get_mut(i) else {
                        continue;
                    };
                    if !watcher.confirm(stamp, watch::stat(path)) {
                        continue;
                    }
                    apply(app, outcome);
                    // Every file was read: the others' changes so far are in too.
                    self.sync();
                    if returned && let Some(s) = app.status.as_mut() {
                        s.text = format!("data file is back — {}", s.text);
                    }
                    return true;
                }
            }
        }
        shown
    }

    /// How long until a file is due for a look (at most `TICK`): a save is seen on time.
    fn wait(&self) -> Duration {
        let now = Instant::now();
        self.files
            .iter()
            .map(|(_, w)| w.next_look().saturating_duration_since(now))
            .fold(TICK, Duration::min)
    }

    /// Takes every file's state now as seen.
    fn sync(&mut self) {
        let now = Instant::now();
        for (path, watcher) in &mut self.files {
            watcher.sync(watch::stat(path), now);
        }
    }
}

/// Reloads now (`r`, after the editor) and tells the watchers, so the same change is not
/// reloaded twice. The files are looked at *before* the read: a save during the read then
/// still counts as a change.
fn reload_now(app: &mut App, file: &mut FileWatch) {
    let before: Vec<_> = file.files.iter().map(|(p, _)| watch::stat(p)).collect();
    reload(app);
    let now = Instant::now();
    for ((_, watcher), seen) in file.files.iter_mut().zip(before) {
        watcher.sync(seen, now);
    }
}

/// Suspends the dashboard for the editor, then comes back; returns whether the editor
/// succeeded (then the caller reloads).
fn open_editor(guard: &mut Guard, app: &mut App, file: usize, line: u32) -> bool {
    let Some(path) = app.origin.paths().get(file).cloned() else {
        return false;
    };
    let editor = crate::editor::editor_from_env();
    let Some(mut cmd) = crate::editor::command(&editor, &path, line) else {
        app.say("no editor: set $VISUAL or $EDITOR", true);
        return false;
    };
    guard.suspend();
    let outcome = cmd.status();
    // Whatever the editor did, come back to the dashboard.
    let resumed = guard.resume();
    match (outcome, resumed) {
        (_, Err(e)) => app.say(format!("could not restore the terminal: {e}"), true),
        (Err(e), _) => app.say(crate::editor::start_failure(&editor, &e), true),
        // The file may have been saved anyway: the watcher reloads it if so.
        (Ok(s), _) if !s.success() => app.say(format!("`{editor}` failed ({s})"), true),
        (Ok(_), _) => return true,
    }
    false
}

/// How the dashboard starts: on data already loaded, or on a load still running (a large
/// file: a gauge, then its first rows, then all of them).
pub enum Start {
    /// Loaded and valid.
    Ready(Box<Dataset>),
    /// Loading on another thread.
    Loading(Background),
    /// The first of several files loaded, shown while the whole loads on another thread.
    FirstOf(Box<Dataset>, Background),
}

/// What the dashboard opens on besides the data: where it came from, the view, sort and
/// filter, and the day it is shown as of.
#[derive(Clone, Debug)]
pub struct Opening {
    /// Where the data comes from.
    pub origin: Origin,
    /// View, sort and filter.
    pub query: Query,
    /// Show the data as of this day.
    pub as_of: Option<data::PartialDate>,
    /// The user's column choices per view (from the configuration).
    pub columns: Vec<(crate::view::ViewKind, crate::view::column_choice::ColumnChoice)>,
}

impl Opening {
    fn app(&self, ds: Dataset) -> App {
        let mut app = App::new(ds, self.origin.clone(), self.query.clone());
        app.apply_column_choices(&self.columns);
        if self.as_of.is_some() {
            app.set_as_of(self.as_of);
        }
        app
    }
}

/// Runs the dashboard until the user quits. A load that fails is returned as its failure,
/// printed after the terminal is restored.
pub fn run(start: Start, opening: Opening, theme: Theme) -> Result<(), Failure> {
    match run_loop(start, opening, &theme) {
        Ok(outcome) => outcome,
        Err(e) => Err(load::fail(1, format!("labdash: {e:?}"))),
    }
}

/// A load in progress, with what the dashboard opens with once rows are in.
struct Loader {
    background: Background,
    /// The data file's name, printable, for the gauge.
    name: String,
    opening: Opening,
}

impl Loader {
    /// Takes in what the load has produced: the first rows open the dashboard (keys work on
    /// them while the rest loads), the whole data replaces them keeping what the user did
    /// (cursor, sort, filter, marks). Returns the failure if the load failed, and whether
    /// the load is over.
    fn step(&self, screen: &mut Screen) -> (Option<Failure>, bool) {
        match self.background.take_outcome() {
            Some(Ok(ds)) => {
                match screen.as_mut() {
                    Some(app) => {
                        app.replace_data(ds);
                        app.loading = false;
                        app.loading_note.clear();
                    }
                    None => *screen = Some(self.opening.app(ds)),
                }
                (None, true)
            }
            Some(Err(f)) => (Some(f), true),
            None => {
                if screen.is_none()
                    && let Some(ds) = self.background.take_first_rows()
                {
                    let mut app = self.opening.app(ds);
                    app.loading = true;
                    *screen = Some(app);
                }
                if let Some(app) = screen.as_mut() {
                    let p = self.background.progress();
                    // Several files: the first one's rows are in, the others being laid over.
                    let what = if self.opening.origin.layers() > 1 && !self.opening.origin.is_large() {
                        format!("loading the other files · {:.1} s — first file shown", p.secs)
                    } else {
                        format!("{} — first rows shown", p.label())
                    };
                    app.loading_note = format!("{what}; figures may still change");
                }
                (None, false)
            }
        }
    }
}

/// What the loop shows: the dashboard, or (before a large file's first rows) a gauge.
type Screen = Option<App>;

/// The one event loop: draw when something changed, wait for input, drain every pending event,
/// look after a running load and the data file, check signals.
fn run_loop(start: Start, opening: Opening, theme: &Theme) -> Result<Result<(), Failure>> {
    term::install_hooks();
    // SIGINT apart: in raw mode Ctrl-c is a key, so a SIGINT comes from `kill` — or from a
    // Ctrl-c typed in the editor, which must not quit the dashboard behind it.
    let stop = Arc::new(AtomicBool::new(false));
    let interrupted = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&interrupted))?;
    let finished = Arc::new(AtomicBool::new(false));
    watchdog(Arc::clone(&stop), Arc::clone(&finished));
    let test_panic = std::env::var_os(TEST_PANIC_VAR).is_some_and(|v| !v.is_empty());
    let mut file = FileWatch::new(&opening.origin);
    let (mut screen, mut loader): (Screen, Option<Loader>) = match start {
        Start::Ready(ds) => (Some(opening.app(*ds)), None),
        Start::Loading(background) => {
            let name = data::sanitize::printable(&opening.origin.display()).into_owned();
            let loader = Loader {
                background,
                name,
                opening,
            };
            (None, Some(loader))
        }
        Start::FirstOf(first, background) => {
            let mut app = opening.app(*first);
            app.loading = true;
            let name = data::sanitize::printable(&opening.origin.display()).into_owned();
            let loader = Loader {
                background,
                name,
                opening,
            };
            (Some(app), Some(loader))
        }
    };
    let mut guard = Guard::enter()?;
    let mut dirty = true;
    let mut failure = None;
    loop {
        if let Some(l) = &loader {
            // Progress moves on by itself: draw it.
            dirty = true;
            let (failed, over) = l.step(&mut screen);
            if over {
                loader = None;
            }
            if failed.is_some() {
                failure = failed;
                break;
            }
        }
        if dirty {
            match (screen.as_mut(), &loader) {
                (Some(app), _) => ui::draw_frame(&mut guard.terminal, app, theme)?,
                // A gauge only once loading takes a moment: a fast load shows its rows first.
                (None, Some(l)) if l.background.progress().secs >= GAUGE_AFTER => {
                    let quit = keymap::key_for(Action::Quit, Scope::Table).unwrap_or_default();
                    let progress = l.background.progress();
                    guard
                        .terminal
                        .draw(|f| ui::loading::draw(f, &l.name, progress, &quit, theme))?;
                }
                (None, _) => {}
            }
            dirty = false;
        }
        if test_panic {
            panic!("{TEST_PANIC_VAR} is set: panicking on purpose after the first frame");
        }
        if stop.load(Ordering::Relaxed) || interrupted.load(Ordering::Relaxed) {
            break;
        }
        // While a large file loads, look for its first rows often: they are the first thing
        // to show; then for progress.
        let wait = match (&loader, &screen) {
            (None, _) => file.wait(),
            (Some(_), None) => Duration::from_millis(5),
            (Some(_), Some(_)) => Duration::from_millis(50),
        };
        if !event::poll(wait)? {
            // Idle: prepare what the next keys may need (the filter's text index), asked from
            // the index's threads: a key waiting stops the work at once.
            if let Some(app) = screen.as_mut() {
                app.warm_up(&|| event::poll(Duration::ZERO).unwrap_or(true));
            }
        } else {
            dirty = true;
            let loading = loader.is_some();
            if handle_events(screen.as_mut(), loading, &mut guard, &mut file, &interrupted)? {
                break;
            }
        }
        // The file is watched once it is loaded.
        if loader.is_none()
            && let Some(app) = screen.as_mut()
        {
            dirty |= file.tick(app);
        }
    }
    drop(guard);
    finished.store(true, Ordering::Relaxed);
    Ok(failure.map_or(Ok(()), Err))
}
/// Drains every pending terminal event and performs the effects of the actions they map to;
/// returns whether to quit. Before a large file's first rows are in (no `App` yet) only
/// quitting works; while the rest loads, reloading, editing and saving wait for the whole file.
fn handle_events(
    mut screen: Option<&mut App>,
    loading: bool,
    guard: &mut Guard,
    file: &mut FileWatch,
    interrupted: &AtomicBool,
) -> Result<bool> {
    loop {
        let ev = event::read()?;
        let actions: Vec<Action> = match screen.as_deref() {
            None => match &ev {
                Event::Key(k) => keymap::key_of(k)
                    .and_then(|key| keymap::resolve(key, Scope::Table))
                    .filter(|a| *a == Action::Quit)
                    .into_iter()
                    .collect(),
                _ => Vec::new(),
            },
            // A paste into the prompt types every character of it.
            Some(app) => match &ev {
                Event::Paste(t) if app.typing() => {
                    t.chars().filter(|c| !c.is_control()).map(Action::PromptInput).collect()
                }
                _ => action_for(app, &ev).into_iter().collect(),
            },
        };
        for action in actions {
            let Some(app) = screen.as_deref_mut() else {
                // Only Quit gets here.
                return Ok(true);
            };
            match app.update(action) {
                Effect::None => {}
                Effect::Quit => return Ok(true),
                // Reloading and editing wait for the whole data.
                Effect::Reload | Effect::OpenEditor { .. } if loading => {
                    app.scope = app.loaded_scope;
                    app.say("still loading: reload and edit once all the data is in", true);
                }
                // A save would hold part of the data.
                Effect::Save { .. } if loading => {
                    app.say("still loading: save once all the data is in", true);
                }
                Effect::Reload => reload_now(app, file),
                Effect::Copy { text, what } => copy(app, &text, &what),
                Effect::Save {
                    path,
                    bytes,
                    what,
                    overwrite,
                } => match crate::fsio::write_atomic(&path, &bytes, overwrite) {
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => app.save_refused(&path),
                    outcome => app.saved(&path, &what, outcome),
                },
                Effect::OpenEditor { file: which, line } => {
                    let edited = open_editor(guard, app, which, line);
                    interrupted.store(false, Ordering::Relaxed);
                    if edited {
                        reload_now(app, file);
                    }
                }
            }
        }
        if !event::poll(Duration::ZERO)? {
            return Ok(false);
        }
    }
}

/// Puts `text` on the clipboard through the terminal and says what happened.
fn copy(app: &mut App, text: &str, what: &str) {
    match term::copy_to_clipboard(text) {
        Ok(true) => app.say(
            format!("copied {what} to the clipboard ({} bytes, OSC 52)", text.len()),
            false,
        ),
        Ok(false) => app.say("not copied: the output is not a terminal", true),
        Err(e) => app.say(format!("not copied: {e}"), true),
    }
}

/// After SIGTERM/SIGHUP the loop normally stops within a tick. But when the terminal itself is
/// gone (a closed pty reads as "ready" forever), crossterm's `read` never returns; this thread
/// then restores what can be restored and exits, so no orphan keeps spinning.
fn watchdog(stop: Arc<AtomicBool>, finished: Arc<AtomicBool>) {
    let _ = std::thread::Builder::new()
        .name("labdash-watchdog".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if finished.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            std::thread::sleep(Duration::from_millis(500));
            if !finished.load(Ordering::Relaxed) {
                term::restore();
                std::process::exit(143);
            }
        });
}
