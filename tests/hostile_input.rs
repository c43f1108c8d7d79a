//! Hostile input, round 2 (issue 17), through the real binary: closed pipes, files that are not
//! files (FIFOs, devices), pathological files that would make problems without end, writes onto
//! a full disk or a dangling symlink, and ids that only look plain.
//!
//! Every test here failed on the code before its fix.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

mod common;

use common::{Run, run_within, temp_dir};

const BIN: &str = env!("CARGO_BIN_EXE_labdash");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository root, with nothing inherited that changes its data.
fn labdash(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(root())
        .args(args)
        .env_remove("LABDASH_DATA")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null());
    c
}

fn run(args: &[&str]) -> Run {
    run_within(labdash(args), Duration::from_secs(60))
}

fn assert_no_panic(r: &Run) {
    assert!(
        !r.stderr.contains("panicked") && r.code != Some(101),
        "a panic reached the user (exit {:?}):\n{}",
        r.code,
        r.stderr
    );
}

// --- 5. a closed stdout or stderr ------------------------------------------------------------

/// Which of the two outputs is closed before labdash writes to it.
#[derive(Clone, Copy, Debug)]
enum Closed {
    Stdout,
    Stderr,
}

/// Runs labdash with one output a pipe whose reading end is already closed (as after
/// `| head -1`), the other captured: the exit code and what reached the open one.
fn with_closed(args: &[&str], closed: Closed) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let mut cmd = labdash(args);
    match closed {
        Closed::Stdout => cmd.stdout(writer).stderr(Stdio::piped()),
        Closed::Stderr => cmd.stderr(writer).stdout(Stdio::piped()),
    };
    let out = cmd.output().expect("run labdash");
    let other = match closed {
        Closed::Stdout => out.stderr,
        Closed::Stderr => out.stdout,
    };
    (out.status.code(), String::from_utf8_lossy(&other).into_owned())
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_usual_status() {
    let broken = "tests/fixtures/invalid/many_problems.toml";
    let mini = "tests/fixtures/mini.toml";
    let cases: [(&[&str], Closed, i32); 7] = [
        (&["check", broken], Closed::Stderr, 1),
        (&["export", broken], Closed::Stderr, 1),
        (&["check", "no/such/file.toml"], Closed::Stderr, 2),
        (&["export", "--view", "nope"], Closed::Stderr, 1),
        (&["check", mini], Closed::Stdout, 0),
        (&["export", mini, "--format", "csv"], Closed::Stdout, 0),
        (&["export", broken], Closed::Stdout, 1),
    ];
    for (args, closed, code) in cases {
        let (got, other) = with_closed(args, closed);
        assert!(
            !other.contains("panicked") && got != Some(101),
            "labdash {args:?} with {closed:?} closed panicked:\n{other}"
        );
        assert_eq!(got, Some(code), "labdash {args:?} with {closed:?} closed:\n{other}");
    }
}

// --- 3. atomic writes -------------------------------------------------------------------------

/// A 64 KiB tmpfs (smaller than the bundled data), unmounted on drop; `None` where mounting is
/// not permitted (not root, or no tmpfs).
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(name: &str) -> Option<SmallDisk> {
        let dir = temp_dir(name);
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(&dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("note: cannot mount a small tmpfs here (needs root); skipping the full-disk test");
            return None;
        }
        Some(SmallDisk(dir))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn init_onto_a_full_disk_leaves_the_original_and_no_debris() {
    let Some(disk) = SmallDisk::mount("fulldisk") else {
        return;
    };
    let keep = disk.0.join("keep.toml");
    std::fs::write(&keep, "# my data\n").expect("write keep.toml");
    let r = run(&["init", keep.to_str().expect("utf-8 path"), "--force"]);
    assert_no_panic(&r);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("cannot write"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&keep).ok().as_deref(), Some("# my data\n"));
    // A new path: nothing left behind, not even the temporary.
    let new = disk.0.join("new.toml");
    let r = run(&["init", new.to_str().expect("utf-8 path")]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert_eq!(entries(&disk.0), ["keep.toml"]);
}

#[cfg(unix)]
#[test]
fn init_never_creates_the_target_of_a_dangling_symlink() {
    let dir = temp_dir("dangling");
    let target = dir.join("elsewhere.toml");
    let link = dir.join("link.toml");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let r = run(&["init", link.to_str().expect("utf-8 path")]);
    assert_no_panic(&r);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("exists; pass --force"), "{}", r.stderr);
    assert!(!target.exists(), "init followed the dangling symlink");
    let _ = std::fs::remove_dir_all(&dir);
}

// --- 1. problems without limit -----------------------------------------------------------------

/// A scratch file with `text`.
fn scratch_file(dir: &str, name: &str, text: &[u8]) -> PathBuf {
    let d = temp_dir(dir);
    let p = d.join(name);
    std::fs::write(&p, text).expect("write scratch file");
    p
}

/// The `FILE:LINE:COL: error:` headlines of `stderr`.
fn headline_count(stderr: &str) -> usize {
    stderr.lines().filter(|l| l.contains(": error: ")).count()
}

#[test]
fn a_file_of_nul_lines_is_one_problem_at_once() {
    let p = scratch_file("nul-lines", "nul.toml", &b"\0\n".repeat(1_000_000));
    let r = run(&["check", p.to_str().expect("utf-8 path")]);
    assert_no_panic(&r);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(":1:1: error: the file contains a NUL byte"),
        "{}",
        &r.stderr[..r.stderr.len().min(2000)]
    );
    assert!(r.stderr.len() < 2000, "stderr is {} bytes", r.stderr.len());
    assert!(r.took < Duration::from_secs(20), "took {:?}", r.took);
}

#[test]
fn past_fifty_problems_the_rest_are_counted_by_kind() {
    let mut text = String::from("[[lab]]\nid = \"x\"\nname = \"X\"\ncountry = \"US\"\n");
    for i in 0..5000 {
        text.push_str(&format!("k{i} = 1\n"));
    }
    for i in 0..30 {
        text.push_str(&format!("[[model]]\nid = \"m{i}\"\nname = \"M\"\nlab = \"nolab\"\n"));
    }
    let p = scratch_file("many-keys", "keys.toml", text.as_bytes());
    let r = run(&["check", p.to_str().expect("utf-8 path")]);
    assert_no_panic(&r);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    // Fifty problems, and the summary of the others.
    assert_eq!(headline_count(&r.stderr), 51, "{}", r.stderr);
    let tail: Vec<&str> = r.stderr.lines().rev().take(5).collect();
    let name = p.display().to_string();
    assert_eq!(
        tail,
        [
            format!("labdash: 5030 problems in {name}").as_str(),
            "",
            "  30 × `…` refers to unknown lab \"…\"",
            "  4950 × unknown key `…` in a [[lab]]",
            format!("{name}: error: and 4980 more problems of these kinds:").as_str(),
        ]
    );
    // Bounded output: the first fifty, rustc-style, and a few lines more.
    assert!(r.stderr.len() < 50 * 400, "stderr is {} bytes", r.stderr.len());
}

/// `[[lab]]` with `n` unknown keys after its id and name.
fn unknown_keys(n: usize) -> String {
    let mut text = String::from("[[lab]]\nid = \"x\"\nname = \"X\"\n");
    for i in 0..n {
        text.push_str(&format!("k{i} = 1\n"));
    }
    text
}

/// The closing lines of a check that stopped early: where, and a lower bound.
fn assert_stopped_early(r: &Run, name: &str) {
    assert_no_panic(r);
    assert_eq!(r.code, Some(1), "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert_eq!(
        headline_count(&r.stderr),
        51,
        "{}",
        &r.stderr[..r.stderr.len().min(2000)]
    );
    let tail: Vec<&str> = r.stderr.lines().rev().take(3).collect();
    assert!(
        tail[0].starts_with("labdash: at least ") && tail[0].ends_with(&format!("problems in {name}")),
        "{tail:?}"
    );
    assert!(
        tail[2].starts_with("  labdash stopped looking at line ")
            && tail[2].ends_with("the rest of the file is not checked"),
        "{tail:?}"
    );
    // Bounded output: the first fifty, rustc-style, and a few lines more.
    assert!(
        r.stderr.lines().count() < 50 * 5 + 10,
        "{} lines",
        r.stderr.lines().count()
    );
    assert!(r.stderr.len() < 50 * 400, "stderr is {} bytes", r.stderr.len());
}

#[test]
fn a_million_unknown_keys_are_judged_from_the_first_thousands() {
    // 12 MB: parsed whole, this took 5.4 s and 630 MB (24 s and 952 MB before any folding).
    let p = scratch_file("million-keys", "keys.toml", unknown_keys(1_000_000).as_bytes());
    let name = p.display().to_string();
    let r = run(&["check", &name]);
    assert_stopped_early(&r, &name);
    assert!(
        r.stderr.contains(":4:1: error: unknown key `k0` in a [[lab]]"),
        "{}",
        &r.stderr[..2000]
    );
    assert!(r.stderr.contains(" × unknown key `…` in a [[lab]]"));
    let _ = std::fs::remove_dir_all(p.parent().expect("dir"));
}

#[test]
fn a_file_of_syntax_errors_is_judged_from_its_beginning() {
    // 8 MB of `x` lines, four million syntax errors if all were collected (a 50 MB one took
    // 51 s and 10 GB).
    let p = scratch_file("syntax-lines", "x.toml", "x\n".repeat(4 << 20).as_bytes());
    let name = p.display().to_string();
    let r = run(&["check", &name]);
    assert_stopped_early(&r, &name);
    assert!(
        r.stderr
            .contains(":1:2: error: invalid TOML: expected `=` after the key `x`"),
        "{}",
        &r.stderr[..2000]
    );
    let _ = std::fs::remove_dir_all(p.parent().expect("dir"));
}

// --- 2 and 4. files that are not files, and huge ones ------------------------------------------

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn check_on_a_fifo_says_what_it_is_without_waiting_for_a_writer() {
    let dir = temp_dir("fifo");
    let fifo = dir.join("data.toml");
    mkfifo(&fifo);
    let arg = fifo.to_str().expect("utf-8 path");
    for args in [&["check", arg][..], &["export", arg], &[arg]] {
        let r = run_within(labdash(args), Duration::from_secs(10));
        assert_no_panic(&r);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("is a FIFO, not a file"), "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_huge_file_of_nul_bytes_is_refused_from_its_first_bytes() {
    // 500 MB, sparse: refused from its beginning, not read (it took 22 s and 2.56 GB).
    let dir = temp_dir("sparse");
    let path = dir.join("zeros.toml");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(500 * 1024 * 1024).expect("set_len");
    drop(f);
    let r = run(&["check", path.to_str().expect("utf-8 path")]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_no_panic(&r);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(":1:1: error: the file contains a NUL byte"),
        "{}",
        r.stderr
    );
    assert!(r.took < Duration::from_secs(3), "took {:?}", r.took);
}

#[test]
fn utf32_is_reported_as_utf32_and_utf16_as_utf16() {
    let text = "[[lab]]\n";
    let utf32: Vec<u8> = [0xff, 0xfe, 0, 0]
        .into_iter()
        .chain(text.chars().flat_map(|c| (c as u32).to_le_bytes()))
        .collect();
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    for (name, bytes, says) in [("utf32.toml", utf32, "UTF-32"), ("utf16.toml", utf16, "UTF-16")] {
        let p = scratch_file("wide", name, &bytes);
        let r = run(&["check", p.to_str().expect("utf-8 path")]);
        assert_no_panic(&r);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert!(
            r.stderr.contains(&format!("the file is {says}; save it as UTF-8")),
            "{}",
            r.stderr
        );
    }
}

// --- 7. ids that only look plain, and very long ones ---------------------------------------------

#[test]
fn unmatched_ids_show_look_alikes_as_code_points_and_long_ones_as_a_window() {
    let long = "a".repeat(1_000_000);
    let text = format!(
        "[[lab]]\nid = \"cafe\"\nname = \"C\"\ncountry = \"US\"\n\n\
         [[model]]\nid = \"m1\"\nname = \"M1\"\nlab = \"cafe\u{301}\"\n\n\
         [[model]]\nid = \"m2\"\nname = \"M2\"\nlab = \"caf\u{435}\"\n\n\
         [[model]]\nid = \"m3\"\nname = \"M3\"\nlab = \"{long}\"\n"
    );
    let p = scratch_file("look-alike", "ids.toml", text.as_bytes());
    let r = run(&["check", p.to_str().expect("utf-8 path")]);
    assert_no_panic(&r);
    assert_eq!(r.code, Some(1), "{}", &r.stderr[..r.stderr.len().min(3000)]);
    assert!(
        r.stderr.contains(r#"unknown lab "cafe\u{301}""#),
        "{}",
        &r.stderr[..r.stderr.len().min(3000)]
    );
    assert!(
        r.stderr.contains(r#"unknown lab "caf\u{435}""#),
        "{}",
        &r.stderr[..r.stderr.len().min(3000)]
    );
    assert!(
        r.stderr.len() < 10_000,
        "a 1 MB id echoed: stderr is {} bytes",
        r.stderr.len()
    );
}
