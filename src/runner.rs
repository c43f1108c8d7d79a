//! The driver: a synchronous loop on the main thread — draw when something changed, wait for
//! input (~100 ms), drain every pending event, look at the data file when due, check signals —
//! and the executor of the effects `App::update` returns (quit, reload, open the editor).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use color_eyre::Result;
use ratatui::crossterm::event::{self, Event, MouseEventKind};

use crate::app::{Action, App, Effect, Overlay};
use crate::cli::Origin;
use crate::data::Dataset;
use crate::keymap;
use crate::term::{self, Guard};
use crate::ui::{self, Theme};
use crate::view::Query;
use crate::watch::{self, Watcher};

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

/// The outcome of reading the data file once.
enum Read {
    /// Valid data (boxed: a dataset is large, problems are small).
    Data(Box<Dataset>),
    /// Unreadable or invalid: the rendered problems and how many.
    Problems(String, usize),
}

fn read(path: &Path) -> Read {
    if let Some(ds) = crate::cli::load_if_large(path) {
        return Read::Data(Box::new(ds));
    }
    let name = path.display().to_string();
    match crate::cli::read(path) {
        Err(f) => Read::Problems(f.message, 1),
        Ok(text) => match crate::data::load(&name, &text) {
            Ok(ds) => Read::Data(Box::new(ds)),
            Err(diags) => Read::Problems(App::diagnostics_text(&name, &text, &diags), diags.len()),
        },
    }
}

fn apply(app: &mut App, read: Read) {
    match read {
        Read::Data(ds) => app.reloaded(*ds),
        Read::Problems(text, n) => app.reload_failed(text, n),
    }
}

/// Reads and validates the data file again; on failure the data on screen stays.
pub fn reload(app: &mut App) {
    let Origin::File(path) = &app.origin else {
        app.say("the bundled data cannot change; nothing to reload", false);
        return;
    };
    let outcome = read(path);
    apply(app, outcome);
}

/// The data file and its watcher.
struct FileWatch {
    path: PathBuf,
    watcher: Watcher,
}

impl FileWatch {
    fn new(origin: &Origin) -> Option<FileWatch> {
        let Origin::File(path) = origin else { return None };
        Some(FileWatch {
            path: path.clone(),
            watcher: Watcher::new(watch::stat(path), Instant::now()),
        })
    }

    /// Looks at the file when due and reloads it once a change has settled. Returns whether
    /// anything on screen changed.
    fn tick(&mut self, app: &mut App) -> bool {
        let now = Instant::now();
        if !self.watcher.due(now) {
            return false;
        }
        match self.watcher.observe(now, watch::stat(&self.path)) {
            None => false,
            Some(watch::Event::Gone) => {
                app.say(GONE, true);
                true
            }
            Some(watch::Event::Changed { stamp, returned }) => {
                let outcome = read(&self.path);
                // The file may have moved on while it was read: then the text is not final, and
                // the watcher picks up the new state once it settles.
                if !self.watcher.confirm(stamp, watch::stat(&self.path)) {
                    return false;
                }
                apply(app, outcome);
                if returned && let Some(s) = app.status.as_mut() {
                    s.text = format!("data file is back — {}", s.text);
                }
                true
            }
        }
    }
}

/// Reloads now (`r`, after the editor) and tells the watcher, so the same change is not
/// reloaded twice. The file is looked at *before* the read: a save during the read then still
/// counts as a change.
fn reload_now(app: &mut App, file: Option<&mut FileWatch>) {
    let before = file.as_ref().map(|f| watch::stat(&f.path));
    reload(app);
    if let (Some(f), Some(seen)) = (file, before) {
        f.watcher.sync(seen, Instant::now());
    }
}

/// Suspends the dashboard for the editor, then comes back; returns whether the editor
/// succeeded (then the caller reloads).
fn open_editor(guard: &mut Guard, app: &mut App, line: u32) -> bool {
    let Origin::File(path) = app.origin.clone() else {
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

/// Runs the dashboard until the user quits.
pub fn run(ds: Dataset, origin: Origin, query: Query, theme: Theme) -> Result<()> {
    run_app(App::new(ds, origin, query), theme)
}

/// Runs the dashboard on an existing `App` (e.g. one the user already browsed while a large
/// file was loading) until the user quits.
pub fn run_app(mut app: App, theme: Theme) -> Result<()> {
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
    let mut file = FileWatch::new(&app.origin);
    let mut guard = Guard::enter()?;
    let mut dirty = true;
    loop {
        if dirty {
            ui::draw_frame(&mut guard.terminal, &mut app, &theme)?;
            dirty = false;
        }
        if test_panic {
            panic!("{TEST_PANIC_VAR} is set: panicking on purpose after the first frame");
        }
        if stop.load(Ordering::Relaxed) || interrupted.load(Ordering::Relaxed) {
            break;
        }
        // Idle for a tick: prepare what the next keys may need (the filter's text index).
        if !event::poll(TICK)? {
            // Asked from the index's threads: a key waiting stops the work at once.
            app.warm_up(&|| event::poll(Duration::ZERO).unwrap_or(true));
        } else {
            // Drain everything pending, then draw once.
            let mut quit = false;
            loop {
                let ev = event::read()?;
                dirty = true;
                // A paste into the prompt types every character of it.
                let actions: Vec<Action> = match &ev {
                    Event::Paste(t) if matches!(app.overlay, Some(Overlay::Filter { .. })) => {
                        t.chars().filter(|c| !c.is_control()).map(Action::PromptInput).collect()
                    }
                    _ => action_for(&app, &ev).into_iter().collect(),
                };
                for action in actions {
                    match app.update(action) {
                        Effect::None => {}
                        Effect::Quit => quit = true,
                        Effect::Reload => reload_now(&mut app, file.as_mut()),
                        Effect::OpenEditor { line } => {
                            let edited = open_editor(&mut guard, &mut app, line);
                            interrupted.store(false, Ordering::Relaxed);
                            if edited {
                                reload_now(&mut app, file.as_mut());
                            }
                        }
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
        if let Some(f) = file.as_mut() {
            dirty |= f.tick(&mut app);
        }
    }
    drop(guard);
    finished.store(true, Ordering::Relaxed);
    Ok(())
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

/// What `with_progress` hands to the loading work: a progress report (chunks done, chunks in
/// all) and a sink for the first rows.
pub struct Loading<'a> {
    /// Chunks done, chunks in all.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
    /// The first chunks' records, shown while the rest loads.
    pub preview: &'a (dyn Fn(Dataset) + Sync),
}

/// Runs `work` (which loads a large file) on another thread while the terminal shows its
/// progress — and, as soon as the first rows are in, the dashboard itself on those rows
/// (browse, sort, filter; `q`/Ctrl-c quit at once). Returns the work's result and the
/// dashboard state the user built meanwhile, with the terminal restored.
pub fn with_progress<T: Send>(
    name: &str,
    theme: &Theme,
    origin: &Origin,
    query: &Query,
    work: impl FnOnce(Loading<'_>) -> T + Send,
) -> Result<(T, Option<App>)> {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    use ratatui::widgets::{Block, Borders, Gauge};
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = std::sync::atomic::AtomicUsize::new(0);
    let first_rows: std::sync::Mutex<Option<Dataset>> = std::sync::Mutex::new(None);
    let started = std::time::Instant::now();
    std::thread::scope(|s| {
        let report = |d: usize, t: usize| {
            done.fetch_max(d, Ordering::Relaxed);
            total.store(t, Ordering::Relaxed);
        };
        let keep = |ds: Dataset| {
            if let Ok(mut slot) = first_rows.lock() {
                *slot = Some(ds);
            }
        };
        let handle = s.spawn(move || {
            work(Loading {
                progress: &report,
                preview: &keep,
            })
        });
        let mut guard = Guard::enter()?;
        let mut app: Option<App> = None;
        while !handle.is_finished() {
            let (d, t) = (done.load(Ordering::Relaxed), total.load(Ordering::Relaxed));
            let ratio = if t == 0 { 0.0 } else { d as f64 / t as f64 };
            let secs = started.elapsed().as_secs_f64();
            // Before the chunks are known, the file is being read and scanned for its ids.
            let label = if t == 0 {
                format!("scanning the file · {secs:.1} s")
            } else {
                format!("loading {:.0}% · {d} of {t} chunks · {secs:.1} s", ratio * 100.0)
            };
            if app.is_none()
                && let Some(ds) = first_rows.lock().ok().and_then(|mut s| s.take())
            {
                let mut first = App::new(ds, origin.clone(), query.clone());
                first.loading = true;
                app = Some(first);
            }
            match app.as_mut() {
                Some(app) => {
                    app.say(format!("{label} — first rows shown; figures may still change"), false);
                    ui::draw_frame(&mut guard.terminal, app, theme)?;
                }
                None => {
                    guard.terminal.draw(|f| {
                        let area = f.area();
                        let y = area.height / 2;
                        let r = ratatui::layout::Rect {
                            y: y.saturating_sub(1),
                            height: 3.min(area.height),
                            ..area
                        };
                        let g = Gauge::default()
                            .block(
                                Block::default()
                                    .borders(Borders::ALL)
                                    .title(format!(" loading {name} — q quits ")),
                            )
                            .gauge_style(theme.header)
                            .ratio(ratio.clamp(0.0, 1.0))
                            .label(label.clone());
                        f.render_widget(g, r);
                    })?;
                }
            }
            // Until the first rows are in, look for them often: they are the first thing to show.
            let wait = if app.is_none() { 5 } else { 50 };
            if !event::poll(Duration::from_millis(wait))? {
                continue;
            }
            let ev = event::read()?;
            let quit_key = matches!(&ev, Event::Key(k) if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL))
                || (app.is_none() && matches!(&ev, Event::Key(k) if k.code == KeyCode::Char('q')));
            let action = action_for_loading(app.as_ref(), &ev);
            let effect = match (app.as_mut(), action) {
                (Some(app), Some(action)) => app.update(action),
                _ => Effect::None,
            };
            if quit_key || effect == Effect::Quit {
                drop(guard);
                std::process::exit(0);
            }
        }
        drop(guard);
        let result = handle
            .join()
            .map_err(|_| color_eyre::eyre::eyre!("the loader thread panicked"))?;
        Ok((result, app))
    })
}

/// Keys while loading: everything but reloading and editing, which wait for the whole file.
fn action_for_loading(app: Option<&App>, ev: &Event) -> Option<Action> {
    let app = app?;
    action_for(app, ev).filter(|a| !matches!(a, Action::Reload | Action::OpenEditor))
}
