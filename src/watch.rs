//! Notices when the data file changes on disk, by polling its metadata (modification time,
//! length, inode, and a hash of a small or just-written file's content) — no threads, no OS
//! watch. Polling the *path* survives editors' atomic saves
//! (write a temp file, rename it over the original), which silence a watch on the old inode.
//!
//! The logic is a pure state machine fed `(now, what stat saw)`, so tests drive it with a fake
//! clock; `stat` is the one function that touches the file system. A change is acted on only
//! once it has been seen unchanged by two polls at least `SETTLE` apart: a burst of writes
//! coalesces into one reload, and a file still being written is not read as final.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

/// How often the file is checked while nothing is happening: a `stat` every 50 ms costs
/// nothing, and a save shows within the edit loop's 150 ms (issue 18).
pub const POLL: Duration = Duration::from_millis(50);
/// How long a new state must hold before it is acted on (and the poll interval meanwhile).
pub const SETTLE: Duration = Duration::from_millis(60);

/// What identifies one version of the file: any change to it is a change of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// Last modification time (None where the platform has none).
    pub modified: Option<SystemTime>,
    /// Length in bytes.
    pub len: u64,
    /// Inode and device (0 off Unix): an atomic save replaces the inode even when the
    /// modification time and the length happen to match.
    pub inode: (u64, u64),
    /// A hash of the content, when it was read (see `content_hash`): a rewrite in place that
    /// keeps length and modification time (coarse timestamps, or a tool restoring them)
    /// changes nothing else.
    pub hash: Option<u64>,
}

impl Stamp {
    /// Whether two looks saw the same version: the same metadata and, where both read the
    /// content, the same hash (a large file is hashed only while it is fresh, so a look that
    /// did not read it says nothing against one that did).
    pub fn same(&self, other: &Stamp) -> bool {
        self.modified == other.modified
            && self.len == other.len
            && self.inode == other.inode
            && match (self.hash, other.hash) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }
}

/// What one look at the path found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    /// A file with this stamp.
    File(Stamp),
    /// Nothing readable there (deleted, moved, or not a file any more).
    Missing,
}

impl Seen {
    /// Whether two looks saw the same version (`Stamp::same`), or both nothing.
    pub fn same(&self, other: &Seen) -> bool {
        match (self, other) {
            (Seen::File(a), Seen::File(b)) => a.same(b),
            (Seen::Missing, Seen::Missing) => true,
            _ => false,
        }
    }
}

/// What the runner must do about a settled change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The file changed: reload it. `returned` when it had been missing.
    Changed {
        /// The stamp the settled file has; confirm it after reading (see `Watcher::confirm`).
        stamp: Stamp,
        /// The file was reported missing before.
        returned: bool,
    },
    /// The file disappeared: keep the last good data and say so.
    Gone,
}

/// The polling state machine.
#[derive(Clone, Debug)]
pub struct Watcher {
    /// The state the data on screen reflects; `None` forces the next settled state to count
    /// as a change (after a read that turned out not to be final).
    known: Option<Seen>,
    /// A state different from `known`, and when it was first seen.
    pending: Option<(Seen, Instant)>,
    /// When the next look is due.
    next: Instant,
}

impl Watcher {
    /// Starts watching a file whose current state (already loaded) is `initial`.
    pub fn new(initial: Seen, now: Instant) -> Self {
        Watcher {
            known: Some(initial),
            pending: None,
            next: now + POLL,
        }
    }

    /// When the next look is due (the event loop sleeps no longer).
    pub fn next_look(&self) -> Instant {
        self.next
    }

    /// Whether it is time to look at the file again.
    pub fn due(&self, now: Instant) -> bool {
        now >= self.next
    }

    /// Feeds one look at the file; returns what to do once a change has settled.
    pub fn observe(&mut self, now: Instant, seen: Seen) -> Option<Event> {
        let event = if self.known.is_some_and(|k| k.same(&seen)) {
            // Back to (or still at) what is on screen: a change that undid itself is no change.
            self.pending = None;
            None
        } else {
            match self.pending {
                Some((p, since)) if p.same(&seen) && now.saturating_duration_since(since) >= SETTLE => {
                    let returned = self.known == Some(Seen::Missing);
                    self.known = Some(seen);
                    self.pending = None;
                    Some(match seen {
                        Seen::File(stamp) => Event::Changed { stamp, returned },
                        Seen::Missing => Event::Gone,
                    })
                }
                // Seen once: wait for a second look. A different state restarts the wait, so a
                // burst of writes settles into one event.
                Some((p, _)) if p.same(&seen) => None,
                _ => {
                    self.pending = Some((seen, now));
                    None
                }
            }
        };
        self.next = now + if self.pending.is_some() { SETTLE } else { POLL };
        event
    }

    /// After reading the file for `Event::Changed { stamp, .. }`: `now_seen` is a look taken
    /// after the read. Returns whether the text read is final; if the file moved on meanwhile,
    /// the watcher forgets what it knew so the new state is picked up once it settles.
    pub fn confirm(&mut self, stamp: Stamp, now_seen: Seen) -> bool {
        if now_seen.same(&Seen::File(stamp)) {
            return true;
        }
        self.known = None;
        false
    }

    /// The runner reloaded by itself (`r`, after the editor): what it read is now on screen.
    pub fn sync(&mut self, seen: Seen, now: Instant) {
        self.known = Some(seen);
        self.pending = None;
        self.next = now + POLL;
    }
}

/// Looks at `path` (following symlinks, so a link to the data file works).
pub fn stat(path: &Path) -> Seen {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Seen::File(Stamp {
            modified: m.modified().ok(),
            len: m.len(),
            inode: inode(&m),
            hash: content_hash(path, &m, SystemTime::now()),
        }),
        _ => Seen::Missing,
    }
}

/// Files up to this size are hashed at every look (a few hundred microseconds).
const ALWAYS_HASHED: u64 = 1 << 20;
/// Files up to this size are hashed while just written, when a second write within the same
/// timestamp tick could keep length and time; larger ones are never read by the watcher.
const FRESH_HASHED: u64 = 64 << 20;
/// How long after its modification time a file counts as just written (several polls).
const FRESH: Duration = Duration::from_secs(2);

/// A hash of the file's content when it is small, or not too large and modified within
/// `FRESH` of `now`; `None` otherwise, or when it cannot be read.
fn content_hash(path: &Path, m: &std::fs::Metadata, now: SystemTime) -> Option<u64> {
    use std::hash::Hasher as _;
    use std::io::Read as _;
    let fresh = m
        .modified()
        .ok()
        .is_some_and(|t| now.duration_since(t).map_or(true, |age| age < FRESH));
    if m.len() > ALWAYS_HASHED && !(fresh && m.len() <= FRESH_HASHED) {
        return None;
    }
    let file = crate::fsio::open_nonblocking(path).ok()?;
    // The path may have been swapped for a FIFO or device since it was looked at.
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut hasher = std::hash::DefaultHasher::new();
    let mut buf = vec![0; 64 << 10];
    let mut reader = file.take(FRESH_HASHED + 1);
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Some(hasher.finish()),
            Ok(n) => hasher.write(buf.get(..n)?),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

#[cfg(unix)]
fn inode(m: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (m.ino(), m.dev())
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    fn file(len: u64, secs: u64, ino: u64) -> Seen {
        Seen::File(Stamp {
            modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs)),
            len,
            inode: (ino, 1),
            hash: None,
        })
    }

    fn stamp(s: Seen) -> Stamp {
        match s {
            Seen::File(st) => st,
            Seen::Missing => panic!("not a file"),
        }
    }

    /// A fake clock and a scripted file: each step is (milliseconds since start, what stat sees).
    fn run(w: &mut Watcher, t0: Instant, steps: &[(u64, Seen)]) -> Vec<(u64, Event)> {
        steps
            .iter()
            .filter_map(|&(ms, seen)| w.observe(t0 + Duration::from_millis(ms), seen).map(|e| (ms, e)))
            .collect()
    }

    #[test]
    fn an_unchanged_file_is_quiet() {
        let t0 = Instant::now();
        let mut w = Watcher::new(file(10, 1, 7), t0);
        let steps: Vec<(u64, Seen)> = (1..20).map(|i| (i * 250, file(10, 1, 7))).collect();
        assert!(run(&mut w, t0, &steps).is_empty());
    }

    #[test]
    fn a_change_is_reported_once_after_it_settles() {
        let t0 = Instant::now();
        let mut w = Watcher::new(file(10, 1, 7), t0);
        let new = file(12, 2, 7);
        // First look: pending, not yet reported (the writer may still be writing).
        assert_eq!(w.observe(t0 + 250 * MS, new), None);
        assert!(!w.due(t0 + 300 * MS), "second look after SETTLE, not before");
        assert!(w.due(t0 + 350 * MS));
        // Second look ≥ SETTLE later, same state: report it.
        assert_eq!(
            w.observe(t0 + 350 * MS, new),
            Some(Event::Changed {
                stamp: stamp(new),
                returned: false
            })
        );
        // And never again while it stays so.
        assert_eq!(w.observe(t0 + 600 * MS, new), None);
        assert_eq!(w.observe(t0 + 850 * MS, new), None);
    }

    #[test]
    fn two_looks_closer_than_settle_do_not_count() {
        let t0 = Instant::now();
        let mut w = Watcher::new(file(10, 1, 7), t0);
        let new = file(12, 2, 7);
        assert_eq!(w.observe(t0 + 250 * MS, new), None);
        assert_eq!(w.observe(t0 + 300 * MS, new), None);
        assert!(matches!(w.observe(t0 + 360 * MS, new), Some(Event::Changed { .. })));
    }

    #[test]
    fn a_burst_of_writes_coalesces_into_one_reload() {
        let t0 = Instant::now();
        let mut w = Watcher::new(file(10, 1, 7), t0);
        // A file growing while it is written: every look differs, so nothing is read...
        let steps: Vec<(u64, Seen)> = (1..=8).map(|i| (i * 100, file(10 + i, 1 + i, 7))).collect();
        assert!(run(&mut w, t0, &steps).is_empty());
        // ...until it holds still.
        let done = file(30, 20, 7);
        let events = run(&mut w, t0, &[(900, done), (1000, done)]);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].0, 1000);
    }

    #[test]
    fn an_atomic_save_with_same_length_and_time_is_seen_by_its_inode() {
        let t0 = Instant::now();
        let mut w = Watcher::new(file(10, 1, 7), t0);
        // Write temp + rename: same length, same second, new inode.
        let events = run(&mut w, t0, &[(250, file(10, 1, 8)), (350, file(10, 1, 8))]);
        assert_eq!(
            events,
            vec![(
                350,
                Event::Changed {
                    stamp: stamp(file(10, 1, 8)),
                    returned: false
                }
            )]
        );
    }

    #[test]
    fn a_rename_save_that_briefly_removes_the_file_is_not_a_disappearance() {
        let t0 = Instant::now();
        let mut w = Watcher::new(file(10, 1, 7), t0);
        // Some editors move the original away, then write the new one: one look may miss it.
        let events = run(
            &mut w,
            t0,
            &[(250, Seen::Missing), (350, file(11, 2, 9)), (450, file(11, 2, 9))],
        );
        assert_eq!(
            events,
            vec![(
                450,
                Event::Changed {
                    stamp: stamp(file(11, 2, 9)),
                    returned: false
                }
            )]
        );
    }

    #[test]
    fn a_change_that_undoes_itself_is_no_change() {
        let t0 = Instant::now();
        let mut w = Watcher::new(file(10, 1, 7), t0);
        let events = run(
            &mut w,
            t0,
            &[(250, file(11, 2, 7)), (300, file(10, 1, 7)), (600, file(10, 1, 7))],
        );
        assert!(events.is_empty());
    }

    #[test]
    fn deletion_is_reported_once_and_reappearance_reloads() {
        let t0 = Instant::now();
        let mut w = Watcher::new(file(10, 1, 7), t0);
        let events = run(
            &mut w,
            t0,
            &[
                (250, Seen::Missing),
                (350, Seen::Missing),
                (600, Seen::Missing),
                (850, Seen::Missing),
                (1100, file(10, 5, 9)),
                (1200, file(10, 5, 9)),
            ],
        );
        assert_eq!(
            events,
            vec![
                (350, Event::Gone),
                (
                    1200,
                    Event::Changed {
                        stamp: stamp(file(10, 5, 9)),
                        returned: true
                    }
                )
            ]
        );
    }

    #[test]
    fn a_read_overtaken_by_a_write_is_retried() {
        let t0 = Instant::now();
        let mut w = Watcher::new(file(10, 1, 7), t0);
        let new = file(12, 2, 7);
        assert_eq!(w.observe(t0 + 250 * MS, new), None);
        let Some(Event::Changed { stamp: s, .. }) = w.observe(t0 + 350 * MS, new) else {
            panic!("expected a change")
        };
        // The file was written again while it was being read: not final.
        let later = file(20, 3, 7);
        assert!(!w.confirm(s, later));
        assert_eq!(w.observe(t0 + 600 * MS, later), None);
        assert!(matches!(w.observe(t0 + 700 * MS, later), Some(Event::Changed { .. })));
        // A read that the second look confirms is final.
        assert!(w.confirm(stamp(later), later));
    }

    #[test]
    fn even_the_same_state_is_reloaded_after_an_unconfirmed_read() {
        let t0 = Instant::now();
        let mut w = Watcher::new(file(10, 1, 7), t0);
        // The read raced a writer that then put back the very state the watcher had settled on:
        // the text read may still be torn, so read again.
        assert!(!w.confirm(stamp(file(10, 1, 7)), file(11, 1, 7)));
        let events = run(&mut w, t0, &[(250, file(10, 1, 7)), (350, file(10, 1, 7))]);
        assert_eq!(events.len(), 1);
    }

    #[test]
    fn sync_after_a_manual_reload_suppresses_a_second_reload() {
        let t0 = Instant::now();
        let mut w = Watcher::new(file(10, 1, 7), t0);
        assert_eq!(w.observe(t0 + 250 * MS, file(11, 2, 7)), None);
        // `r` (or the editor) reloaded the new state already.
        w.sync(file(11, 2, 7), t0 + 300 * MS);
        assert!(!w.due(t0 + 300 * MS + POLL - MS), "the next look is a whole poll away");
        assert_eq!(w.observe(t0 + 550 * MS, file(11, 2, 7)), None);
        assert_eq!(w.observe(t0 + 800 * MS, file(11, 2, 7)), None);
    }

    fn with_hash(s: Seen, hash: Option<u64>) -> Seen {
        Seen::File(Stamp { hash, ..stamp(s) })
    }

    #[test]
    fn the_same_metadata_with_another_content_hash_is_a_change() {
        let t0 = Instant::now();
        let mut w = Watcher::new(with_hash(file(10, 1, 7), Some(1)), t0);
        // A look that did not read the content (a large file, no longer fresh) is no change.
        assert_eq!(w.observe(t0 + 250 * MS, with_hash(file(10, 1, 7), None)), None);
        assert_eq!(w.observe(t0 + 500 * MS, with_hash(file(10, 1, 7), Some(1))), None);
        let new = with_hash(file(10, 1, 7), Some(2));
        let events = run(&mut w, t0, &[(750, new), (1000, new)]);
        assert_eq!(
            events,
            vec![(
                1000,
                Event::Changed {
                    stamp: stamp(new),
                    returned: false
                }
            )]
        );
    }

    #[test]
    fn only_small_or_fresh_files_are_read_for_a_hash() {
        let dir = std::env::temp_dir().join(format!("labdash-watch-hash-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("big.toml");
        let file = std::fs::File::create(&path).unwrap_or_else(|e| panic!("create: {e}"));
        file.set_len(ALWAYS_HASHED + 1)
            .unwrap_or_else(|e| panic!("set_len: {e}"));
        let m = std::fs::metadata(&path).unwrap_or_else(|e| panic!("metadata: {e}"));
        let modified = m.modified().unwrap_or_else(|e| panic!("modified: {e}"));
        assert!(content_hash(&path, &m, modified).is_some(), "just written");
        assert_eq!(content_hash(&path, &m, modified + FRESH), None, "old and large");
        file.set_len(FRESH_HASHED + 1)
            .unwrap_or_else(|e| panic!("set_len: {e}"));
        let m = std::fs::metadata(&path).unwrap_or_else(|e| panic!("metadata: {e}"));
        assert_eq!(content_hash(&path, &m, SystemTime::now()), None, "too large to read");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_rewrite_that_keeps_length_and_time_is_seen_by_its_content() {
        let dir = std::env::temp_dir().join(format!("labdash-watch-same-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("data.toml");
        std::fs::write(&path, "chips = 1024\n").unwrap_or_else(|e| panic!("write: {e}"));
        let old_time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let set_time = |t| {
            let f = std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap_or_else(|e| panic!("open: {e}"));
            f.set_times(std::fs::FileTimes::new().set_modified(t))
                .unwrap_or_else(|e| panic!("set_times: {e}"));
        };
        set_time(old_time);
        let before = stat(&path);
        let t0 = Instant::now();
        let mut w = Watcher::new(before, t0);
        // Rewritten in place, same length, modification time restored: only the content differs.
        std::fs::write(&path, "chips = 2048\n").unwrap_or_else(|e| panic!("write: {e}"));
        set_time(old_time);
        let after = stat(&path);
        assert_eq!(
            (stamp(after).len, stamp(after).modified),
            (stamp(before).len, stamp(before).modified)
        );
        let events = run(&mut w, t0, &[(250, after), (350, after)]);
        assert!(
            matches!(events.as_slice(), [(350, Event::Changed { .. })]),
            "{events:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn stat_reads_the_real_file_and_sees_renames() {
        let dir = std::env::temp_dir().join(format!("labdash-watch-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("data.toml");
        assert_eq!(stat(&path), Seen::Missing);
        std::fs::write(&path, "a = 1\n").unwrap_or_else(|e| panic!("write: {e}"));
        let first = stat(&path);
        assert!(matches!(first, Seen::File(Stamp { len: 6, .. })));
        let tmp = dir.join(".data.toml.tmp");
        std::fs::write(&tmp, "a = 2\n").unwrap_or_else(|e| panic!("write: {e}"));
        std::fs::rename(&tmp, &path).unwrap_or_else(|e| panic!("rename: {e}"));
        assert_ne!(stat(&path), first, "an atomic save is a different file");
        assert_eq!(stat(&dir), Seen::Missing, "a directory is not the data file");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
