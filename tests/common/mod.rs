//! A private tmux server driving the real binary, shared by the end-to-end tests: keys in with
//! `send-keys`, the screen out with `capture-pane`, every wait a poll with a timeout (the
//! failure shows the last screen), and the checks that the terminal came back to normal.
//! Each test binary uses a part of it.
#![allow(dead_code)]

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_labdash");
/// How long any one expected screen may take (a loaded 2-core CI machine is slow).
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// No tmux configuration: the defaults.
pub const NO_CONFIG: &str = "/dev/null";

/// Whether tmux is installed; says so when it is not (the caller then skips).
pub fn have_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("note: tmux is not installed; skipping the terminal test");
    }
    ok
}

/// Quotes a word for `sh`.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A fresh directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("labdash-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

/// One private tmux server with one 120×40 session; killed on drop.
pub struct Tmux {
    socket: String,
    /// The configuration the server started with (read once, at start).
    config: String,
}

impl Tmux {
    /// Runs `shell_line` under `sh` in a new pane (in `dir` if given); the line should end
    /// with `exec sleep`, so the pane stays to be read.
    pub fn start(name: &str, config: &str, dir: Option<&Path>, shell_line: &str) -> Tmux {
        let t = Tmux {
            socket: format!("labdash-test-{}-{name}", std::process::id()),
            config: config.to_string(),
        };
        let mut args = vec!["new-session", "-d", "-x", "120", "-y", "40", "-s", "t"];
        let dir = dir.map(|d| d.to_string_lossy().into_owned());
        if let Some(d) = &dir {
            args.extend(["-c", d.as_str()]);
        }
        args.extend(["sh", "-c", shell_line]);
        let out = t.run(&args);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    /// Starts `labdash ARGS` with `env` settings under `sh`, which prints `EXITED:<code>` when
    /// it ends and stays, so the test can read the exit code and the restored screen.
    pub fn labdash(name: &str, config: &str, dir: Option<&Path>, env: &[(&str, &str)], args: &[&str]) -> Tmux {
        // No user configuration either: a labdash config.toml on the machine must not change
        // what the tests see (a test passes `--config` or its own XDG_CONFIG_HOME).
        let mut line = String::from(
            "env -u LABDASH_DATA -u VISUAL -u NO_COLOR -u RUST_BACKTRACE -u RUST_LIB_BACKTRACE \
             XDG_CONFIG_HOME=/nonexistent/labdash-test-config",
        );
        for (k, v) in env {
            line.push_str(&format!(" {k}={}", sh_quote(v)));
        }
        line.push(' ');
        line.push_str(&sh_quote(BIN));
        for a in args {
            line.push(' ');
            line.push_str(&sh_quote(a));
        }
        line.push_str("; echo EXITED:$?; exec sleep 600");
        Tmux::start(name, config, dir, &line)
    }

    /// Runs a tmux command against this server.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", &self.config])
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("tmux: {e}"))
    }

    /// The pane's text.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    /// Sends tmux key names (`Enter`, `Escape`, `C-c`, `j`).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Types text literally.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "t", "-l", text]);
    }

    /// A pane format value, e.g. `#{alternate_on}`.
    pub fn flag(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "t", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Polls the screen until `ok` holds; fails with the last screen after `TIMEOUT`.
    pub fn wait(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}; screen:\n{s}");
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Polls the screen until it shows `text`.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait(&format!("`{text}`"), |s| s.contains(text))
    }

    /// Checks the terminal is back to normal: the alternate screen left, mouse reporting off,
    /// the cursor visible (where tmux reports it).
    fn assert_restored(&self, s: &str) {
        assert_eq!(self.flag("#{alternate_on}"), "0", "still on the alternate screen:\n{s}");
        assert_eq!(self.flag("#{mouse_any_flag}"), "0", "mouse capture left on:\n{s}");
        let cursor = self.flag("#{cursor_flag}");
        if !cursor.is_empty() {
            assert_eq!(cursor, "1", "cursor left hidden:\n{s}");
        }
    }

    /// Waits for the process to end with `code`, checks the terminal is restored, and
    /// returns the screen.
    pub fn wait_exit(&self, code: i32) -> String {
        let s = self.wait_for(&format!("EXITED:{code}"));
        self.assert_restored(&s);
        s
    }

    /// Waits for the process to end, checks the terminal is restored, and returns the exit
    /// code as printed.
    pub fn wait_restored(&self) -> String {
        let s = self.wait("the process to end", |s| s.contains("EXITED:"));
        self.assert_restored(&s);
        s.lines()
            .find_map(|l| l.trim().strip_prefix("EXITED:"))
            .unwrap_or_default()
            .to_string()
    }

    /// The process labdash runs as: the pane's shell's child.
    pub fn labdash_pid(&self) -> u32 {
        let shell: u32 = self
            .flag("#{pane_pid}")
            .parse()
            .unwrap_or_else(|e| panic!("pane_pid: {e}"));
        let start = Instant::now();
        loop {
            if let Some(pid) = children(shell).into_iter().next() {
                return pid;
            }
            assert!(start.elapsed() < TIMEOUT, "no child of the pane's shell {shell}");
            std::thread::sleep(Duration::from_millis(40));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// The children of `pid`, from `/proc` (Linux), else from `pgrep -P`.
fn children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for e in dir.flatten() {
            let Some(child) = e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
                continue;
            };
            // `pid (comm) state ppid …`: comm may hold spaces and parentheses.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if ppid == Some(pid) {
                out.push(child);
            }
        }
        return out;
    }
    let o = Command::new("pgrep").args(["-P", &pid.to_string()]).output();
    o.map(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect()
    })
    .unwrap_or_default()
}

/// How many records of `kind` (`models`, `claims`) the bundled data holds once all its files
/// are in, as `labdash check` counts them: tests on the bundled data wait for
/// "Models N of N" before keys that depend on the whole (its second file loads in the
/// background).
#[allow(dead_code)]
pub fn bundled_count(kind: &str) -> String {
    let out = Command::new(BIN)
        .arg("check")
        .env_remove("LABDASH_DATA")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let summary = String::from_utf8_lossy(&out.stdout).into_owned();
    summary
        .trim()
        .trim_start_matches("ok: ")
        .split(", ")
        .find_map(|p| p.strip_suffix(&format!(" {kind}")))
        .unwrap_or_else(|| panic!("no {kind} count in {summary}"))
        .to_string()
}

/// What one run did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub took: Duration,
}

/// Runs `cmd` with both outputs captured; kills it after `limit` and fails.
pub fn run_within(mut cmd: Command, limit: Duration) -> Run {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let t_out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let t_err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "labdash {:?} did not finish within {limit:?}",
                cmd.get_args().collect::<Vec<_>>()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = start.elapsed();
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&t_out.join().expect("stdout thread")).into_owned(),
        stderr: String::from_utf8_lossy(&t_err.join().expect("stderr thread")).into_owned(),
        took,
    }
}
