//! Loading on another thread while the dashboard stays responsive: the event loop polls a
//! `Background` for progress, the first rows and the outcome. The thread owns everything it
//! reads, so quitting never waits for it (it ends with the process).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::{Failure, Origin, Scope, Sink, fail, load_reporting};
use crate::data::Dataset;

/// What the loader thread has shared so far.
#[derive(Default)]
struct Shared {
    done: AtomicUsize,
    total: AtomicUsize,
    first_rows: Mutex<Option<Dataset>>,
    outcome: Mutex<Option<Result<Dataset, Failure>>>,
}

/// A load running on its own thread.
pub struct Background {
    shared: Arc<Shared>,
    started: Instant,
}

/// How far a load has come.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// Chunks validated.
    pub done: usize,
    /// Chunks in all; 0 while the file is still being scanned for them.
    pub total: usize,
    /// Seconds since the load started.
    pub secs: f64,
}

impl Progress {
    /// The share done, 0–1.
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (self.done as f64 / self.total as f64).clamp(0.0, 1.0)
        }
    }

    /// What the gauge and the status line say.
    pub fn label(&self) -> String {
        let secs = self.secs;
        // Before the chunks are known, the file is being read and scanned for its ids.
        if self.total == 0 {
            format!("scanning the file · {secs:.1} s")
        } else {
            format!(
                "loading {:.0}% · {} of {} chunks · {secs:.1} s",
                self.ratio() * 100.0,
                self.done,
                self.total
            )
        }
    }
}

impl Background {
    /// Starts loading `origin` on a new thread.
    pub fn start(origin: Origin) -> Result<Background, Failure> {
        let shared = Arc::new(Shared::default());
        let theirs = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("labdash-load".into())
            .spawn(move || {
                let s = &theirs;
                let progress = |d: usize, t: usize| {
                    s.done.fetch_max(d, Ordering::Relaxed);
                    s.total.store(t, Ordering::Relaxed);
                };
                let preview = |ds: Dataset| {
                    if let Ok(mut slot) = s.first_rows.lock() {
                        *slot = Some(ds);
                    }
                };
                let sink = Sink {
                    progress: &progress,
                    preview: Some(&preview),
                };
                // A panic must still end the wait: it becomes the outcome.
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    load_reporting(&origin, Scope::All, sink)
                }))
                .unwrap_or_else(|_| Err(fail(1, "labdash: loading the data failed unexpectedly")));
                if let Ok(mut slot) = s.outcome.lock() {
                    *slot = Some(outcome);
                }
            })
            .map_err(|e| fail(2, format!("labdash: cannot start loading: {e}")))?;
        Ok(Background {
            shared,
            started: Instant::now(),
        })
    }

    /// How far it has come.
    pub fn progress(&self) -> Progress {
        Progress {
            done: self.shared.done.load(Ordering::Relaxed),
            total: self.shared.total.load(Ordering::Relaxed),
            secs: self.started.elapsed().as_secs_f64(),
        }
    }

    /// The first rows, once (when they are in and the outcome is not).
    pub fn take_first_rows(&self) -> Option<Dataset> {
        self.shared.first_rows.lock().ok().and_then(|mut s| s.take())
    }

    /// The outcome, once, when the load is over.
    pub fn take_outcome(&self) -> Option<Result<Dataset, Failure>> {
        self.shared.outcome.lock().ok().and_then(|mut s| s.take())
    }
}
