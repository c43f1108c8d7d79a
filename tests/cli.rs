//! The real binary against the CLI contract (shared/spec/keys.md): exit codes, rustc-style
//! diagnostics for every file in the invalid corpus, nothing on stdout on error, `check`,
//! `export`, `init`, and the usage errors. Never touches the network.
//!
//! The corpus: every `tests/fixtures/invalid/NAME.toml` has a `NAME.expected` whose first line is
//! `exit: N` and whose other lines are the exact `FILE:LINE:COL: error: …` headlines, in order.
//! After a deliberate change of wording, `LABDASH_BLESS=1 cargo test --test cli` rewrites them
//! (review the diff).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use unicode_width::UnicodeWidthStr;

mod common;

use common::Run;

const CORPUS: &str = "tests/fixtures/invalid";
const MINI: &str = "tests/fixtures/mini.toml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository root, with no `LABDASH_DATA` inherited.
fn labdash() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_labdash"));
    c.current_dir(root())
        .env_remove("LABDASH_DATA")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null());
    c
}

/// Runs `cmd`, killing it after `limit` (a dashboard started by mistake must not hang the suite).
fn run_cmd(cmd: Command, limit: Duration) -> Run {
    common::run_within(cmd, limit)
}

fn run(args: &[&str]) -> Run {
    let mut c = labdash();
    c.args(args);
    run_cmd(c, Duration::from_secs(60))
}

fn run_env(args: &[&str], key: &str, value: &str) -> Run {
    let mut c = labdash();
    c.args(args).env(key, value);
    run_cmd(c, Duration::from_secs(60))
}

/// A fresh scratch directory for one test (under cargo's per-target temp dir).
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

fn no_panic(r: &Run) {
    assert!(
        !r.stderr.contains("panicked") && !r.stderr.contains("RUST_BACKTRACE"),
        "a panic reached the user:\n{}",
        r.stderr
    );
}

/// An error run: the exit code, nothing on stdout, no panic.
fn assert_failed(r: &Run, code: i32) {
    assert_eq!(r.code, Some(code), "exit code; stderr:\n{}", r.stderr);
    assert!(r.stdout.is_empty(), "stdout must be empty on error, got:\n{}", r.stdout);
    assert!(!r.stderr.trim().is_empty(), "stderr must say what is wrong");
    no_panic(r);
}

/// The headline lines of stderr for `file`.
fn headlines<'a>(stderr: &'a str, file: &str) -> Vec<&'a str> {
    stderr.lines().filter(|l| is_headline(l, file)).collect()
}

fn is_headline(line: &str, file: &str) -> bool {
    let Some(rest) = line.strip_prefix(file).and_then(|r| r.strip_prefix(':')) else {
        return false;
    };
    let mut parts = rest.splitn(3, ':');
    let (Some(l), Some(c), Some(tail)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !l.is_empty()
        && l.bytes().all(|b| b.is_ascii_digit())
        && !c.is_empty()
        && c.bytes().all(|b| b.is_ascii_digit())
        && tail.starts_with(" error: ")
}

/// Checks that each headline is followed by ` |`, `N | source`, ` | ^^^`, with the caret under
/// the headline's column (counting display width, so CJK and emoji keep it aligned).
fn check_snippets(stderr: &str, file: &str) -> Result<(), String> {
    let lines: Vec<&str> = stderr.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if !is_headline(l, file) {
            continue;
        }
        let mut nums = l[file.len() + 1..].splitn(3, ':');
        let line_no: usize = nums.next().and_then(|n| n.parse().ok()).ok_or("line number")?;
        let col: usize = nums.next().and_then(|n| n.parse().ok()).ok_or("column")?;
        let (Some(gap), Some(src), Some(caret)) = (lines.get(i + 1), lines.get(i + 2), lines.get(i + 3)) else {
            return Err(format!("no source line and caret after `{l}`"));
        };
        let gutter = line_no.to_string().len();
        if gap.trim() != "|" {
            return Err(format!("expected an empty ` |` line after `{l}`, got `{gap}`"));
        }
        let src_prefix = format!("{line_no} | ");
        let Some(src_text) = src.strip_prefix(&src_prefix) else {
            return Err(format!("expected `{src_prefix}…` after `{l}`, got `{src}`"));
        };
        let caret_prefix = format!("{} | ", " ".repeat(gutter));
        let Some(caret_text) = caret.strip_prefix(&caret_prefix) else {
            return Err(format!("expected a caret line after `{l}`, got `{caret}`"));
        };
        let indent = caret_text.len() - caret_text.trim_start_matches(' ').len();
        if !caret_text[indent..].starts_with('^') {
            return Err(format!("no `^` under `{l}`: `{caret}`"));
        }
        // Windowed long lines start with `…`; their alignment is checked by unit tests.
        if !src_text.starts_with('…') {
            let before: String = src_text.chars().take(col - 1).collect();
            let width = UnicodeWidthStr::width(before.as_str());
            if width != indent {
                return Err(format!(
                    "caret of `{l}` is at display column {}, expected {} (under `{}`):\n{src}\n{caret}",
                    indent + 1,
                    width + 1,
                    src_text.chars().nth(col - 1).unwrap_or(' ')
                ));
            }
        }
    }
    Ok(())
}

/// Every `NAME.toml` of the corpus, sorted.
fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(CORPUS))
        .expect("read the corpus dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn corpus_is_complete() {
    let files = corpus();
    assert!(files.len() >= 40, "only {} files in the invalid corpus", files.len());
    for f in &files {
        assert!(
            f.with_extension("expected").is_file(),
            "{} has no .expected",
            f.display()
        );
    }
    for e in std::fs::read_dir(root().join(CORPUS)).expect("read corpus") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "expected") {
            assert!(p.with_extension("toml").is_file(), "{} has no .toml", p.display());
        }
    }
}

#[test]
fn every_invalid_file_gives_its_expected_diagnostics() {
    let bless = std::env::var_os("LABDASH_BLESS").is_some();
    let mut failures = Vec::new();
    for path in corpus() {
        let name = path.file_name().and_then(|n| n.to_str()).expect("utf-8 name");
        let rel = format!("{CORPUS}/{name}");
        let r = run(&["check", &rel]);
        let got_heads = headlines(&r.stderr, &rel);
        let expected_path = path.with_extension("expected");
        if bless {
            let mut text = format!("exit: {}\n", r.code.unwrap_or(-1));
            for h in &got_heads {
                text.push_str(h);
                text.push('\n');
            }
            std::fs::write(&expected_path, text).expect("write .expected");
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        let mut lines = expected.lines();
        let code: Option<i32> = lines
            .next()
            .and_then(|l| l.strip_prefix("exit: "))
            .and_then(|c| c.trim().parse().ok());
        let want_heads: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
        let mut problems = Vec::new();
        if code.is_none() {
            problems.push("the .expected file does not start with `exit: N`".to_string());
        }
        if r.code != code {
            problems.push(format!("exit code {:?}, expected {code:?}", r.code));
        }
        if !r.stdout.is_empty() {
            problems.push(format!("stdout is not empty: {:?}", r.stdout));
        }
        if r.stderr.contains("panicked") {
            problems.push("panicked".to_string());
        }
        if got_heads.is_empty() {
            problems.push("no `FILE:LINE:COL: error:` line".to_string());
        }
        if got_heads != want_heads {
            problems.push(format!(
                "headlines differ\n  got:\n    {}\n  expected:\n    {}",
                got_heads.join("\n    "),
                want_heads.join("\n    ")
            ));
        }
        if let Err(e) = check_snippets(&r.stderr, &rel) {
            problems.push(e);
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{rel}:\n  {}\n--- stderr ---\n{}",
                problems.join("\n  "),
                r.stderr
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} corpus failures:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

// --- generated inputs: nesting, encodings, line endings, sizes -------------------------------

fn mini() -> String {
    std::fs::read_to_string(root().join(MINI)).expect("read mini.toml")
}

fn check_file(path: &Path) -> Run {
    let p = path.to_str().expect("utf-8 path");
    run(&["check", p])
}

#[test]
fn deep_nesting_is_a_diagnostic_not_a_stack_overflow() {
    let dir = scratch("deep");
    for (name, text) in [
        (
            "arrays.toml",
            format!("a = {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        ("open_arrays.toml", format!("a = {}\n", "[".repeat(100_000))),
        (
            "tables.toml",
            format!("a = {}1{}\n", "{ b = ".repeat(10_000), " }".repeat(10_000)),
        ),
        ("dotted.toml", format!("{} = 1\n", vec!["a"; 10_000].join("."))),
        ("header.toml", format!("[{}]\n", vec!["a"; 10_000].join("."))),
        (
            "in_record.toml",
            format!(
                "[[lab]]\nid = \"x\"\nfounders = {}\"a\"{}\n",
                "[".repeat(5_000),
                "]".repeat(5_000)
            ),
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        let r = check_file(&path);
        assert_failed(&r, 1);
        let file = path.to_str().expect("utf-8");
        let heads = headlines(&r.stderr, file);
        assert_eq!(heads.len(), 1, "{name}: one diagnostic expected:\n{}", r.stderr);
        assert!(
            heads[0].contains("nested too deeply") || heads[0].contains("too many dotted parts"),
            "{name}: {}",
            heads[0]
        );
        check_snippets(&r.stderr, file).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            r.stderr.len() < 4_000,
            "{name}: the long line must be cut:\n{}",
            r.stderr
        );
    }
}

#[test]
fn bom_before_a_valid_file_loads() {
    let dir = scratch("bom");
    let path = dir.join("bom.toml");
    std::fs::write(&path, format!("\u{feff}{}", mini())).expect("write");
    let r = check_file(&path);
    let plain = run(&["check", MINI]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, plain.stdout);
}

#[test]
fn crlf_file_loads_and_reports_right_positions() {
    let dir = scratch("crlf");
    let ok = dir.join("ok.toml");
    std::fs::write(&ok, mini().replace('\n', "\r\n")).expect("write");
    let r = check_file(&ok);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, run(&["check", MINI]).stdout);

    // The same mistake in an LF and a CRLF file is reported at the same line and column.
    let broken = mini().replace("chips = 2048\n", "chips = 2048\nchipz = 1\n");
    let lf = dir.join("lf.toml");
    let crlf = dir.join("crlf.toml");
    std::fs::write(&lf, &broken).expect("write");
    std::fs::write(&crlf, broken.replace('\n', "\r\n")).expect("write");
    let a = check_file(&lf);
    let b = check_file(&crlf);
    assert_failed(&a, 1);
    assert_failed(&b, 1);
    let pos = |r: &Run, f: &Path| -> Vec<String> {
        let f = f.to_str().expect("utf-8");
        headlines(&r.stderr, f)
            .iter()
            .map(|h| h[f.len()..].to_string())
            .collect()
    };
    assert_eq!(pos(&a, &lf), pos(&b, &crlf));
    assert!(!b.stderr.contains('\r'), "a raw CR reached the terminal");
    let line = broken.lines().position(|l| l == "chipz = 1").expect("line") + 1;
    assert!(pos(&b, &crlf)[0].starts_with(&format!(":{line}:1: error: unknown key `chipz`")));
}

#[test]
fn ten_megabyte_line_is_a_clean_diagnostic() {
    let dir = scratch("long_line");
    let path = dir.join("line.toml");
    let text = format!("[[source]]\nid = \"S1\"\ntitle = \"{}\" x\n", "y".repeat(10 << 20));
    std::fs::write(&path, text).expect("write");
    let start = Instant::now();
    let r = check_file(&path);
    assert_failed(&r, 1);
    let file = path.to_str().expect("utf-8");
    let heads = headlines(&r.stderr, file);
    assert_eq!(heads.len(), 1, "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert!(
        heads[0].contains(&format!(":3:{}: error:", 10 + (10 << 20) + 2)),
        "{}",
        heads[0]
    );
    assert!(
        r.stderr.len() < 4_000,
        "the 10 MB line must not be echoed: {} bytes",
        r.stderr.len()
    );
    check_snippets(&r.stderr, file).unwrap_or_else(|e| panic!("{e}"));
    assert!(start.elapsed() < Duration::from_secs(30), "took {:?}", start.elapsed());
}

#[test]
fn many_problems_on_one_long_line_take_linear_time() {
    let dir = scratch("one_line_records");
    let path = dir.join("records.toml");
    let records: Vec<String> = (0..10_000).map(|i| format!("{{id={i}}}")).collect();
    std::fs::write(&path, format!("lab = [{}]\n", records.join(","))).expect("write");
    let start = Instant::now();
    let r = check_file(&path);
    assert_failed(&r, 1);
    let summary = format!("labdash: 30000 problems in {}", path.display());
    assert!(
        r.stderr.trim_end().ends_with(&summary),
        "{}",
        &r.stderr[r.stderr.len().saturating_sub(200)..]
    );
    assert!(start.elapsed() < Duration::from_secs(30), "took {:?}", start.elapsed());
}

/// 50 MB of records with one mistake at the end. Ignored by default (a few seconds in a debug
/// build); run it with `cargo test --release --test cli -- --ignored`.
#[test]
#[ignore = "50 MB; run in release with --ignored"]
fn fifty_megabyte_file_is_checked() {
    let dir = scratch("big");
    let path = dir.join("big.toml");
    let mut text = String::with_capacity(51 << 20);
    let mut i = 0;
    while text.len() < 50 << 20 {
        text.push_str(&format!(
            "[[source]]\nid = \"S{i}\"\ntitle = \"source number {i} {}\"\n\n",
            "x".repeat(300)
        ));
        i += 1;
    }
    text.push_str("[[lab]]\nid = \"late\"\nname = \"Late\"\ncountry = \"cn\"\n");
    std::fs::write(&path, &text).expect("write");
    let start = Instant::now();
    let r = check_file(&path);
    assert_failed(&r, 1);
    let file = path.to_str().expect("utf-8");
    let heads = headlines(&r.stderr, file);
    let line = text.lines().count();
    assert_eq!(
        heads,
        vec![format!(
            "{file}:{line}:11: error: `country` is \"cn\"; expected a two-letter ISO code such as \"CN\", \"US\", \"FR\", \"GB\""
        )]
    );
    eprintln!("50 MB checked in {:?}", start.elapsed());
}

/// A file large enough to load in chunks, straight from the file (never all its text at once):
/// valid, it gives the same summary as its records; with one mistake near the end, or one
/// byte that is not UTF-8, the exact diagnostic of the one-piece reading.
#[test]
fn chunked_loading_from_the_file_reports_exactly() {
    use labdash::generate::{Sizes, dataset};
    let dir = scratch("chunked");
    let text = dataset(Sizes::models(4_000), 9);
    assert!(text.len() > labdash::data::PARALLEL_MIN_BYTES);
    let valid = dir.join("valid.toml");
    std::fs::write(&valid, &text).unwrap_or_else(|e| panic!("write: {e}"));
    let r = check_file(&valid);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("4000 models"), "{}", r.stdout);

    let at = text.rfind("lab = \"lab").unwrap_or_else(|| panic!("no lab reference"));
    let mut bad = text.clone();
    bad.replace_range(at..at + "lab = \"lab".len(), "lab = \"nolab");
    let path = dir.join("bad.toml");
    std::fs::write(&path, &bad).unwrap_or_else(|e| panic!("write: {e}"));
    let r = check_file(&path);
    assert_failed(&r, 1);
    let file = path.to_str().unwrap_or_else(|| panic!("utf-8"));
    let line = bad[..at].matches('\n').count() + 1;
    let heads = headlines(&r.stderr, file);
    assert_eq!(heads.len(), 1, "{}", r.stderr);
    assert!(
        heads[0].starts_with(&format!("{file}:{line}:7: error: `lab` refers to unknown lab \"nolab")),
        "{}",
        heads[0]
    );

    let mut bytes = text.into_bytes();
    let at = bytes.len() - 100;
    bytes[at] = 0xff;
    std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("write: {e}"));
    let r = check_file(&path);
    assert_failed(&r, 1);
    assert!(
        r.stderr
            .contains(&format!("not valid UTF-8 (byte 0xff at offset {at})")),
        "{}",
        r.stderr
    );
}

#[test]
fn oversized_file_is_refused_without_reading_it() {
    // A sparse file just over the limit: refused from its size, at once, using no memory.
    let dir = scratch("oversized");
    let path = dir.join("huge.toml");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(labdash::load::MAX_FILE_BYTES + 1).expect("set_len");
    drop(f);
    let start = Instant::now();
    let r = check_file(&path);
    let _ = std::fs::remove_file(&path);
    assert_failed(&r, 2);
    assert!(r.stderr.contains("larger than"), "{}", r.stderr);
    assert!(start.elapsed() < Duration::from_secs(10), "took {:?}", start.elapsed());
}

/// /dev/zero never ends: labdash refuses it from its type, before reading anything (it used to
/// read up to the 2 GiB limit).
#[test]
fn endless_input_is_refused_before_reading() {
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let start = Instant::now();
    let r = run(&["check", "/dev/zero"]);
    assert_failed(&r, 2);
    assert!(r.stderr.contains("is a character device, not a file"), "{}", r.stderr);
    assert!(start.elapsed() < Duration::from_secs(5), "took {:?}", start.elapsed());
}

// --- files that cannot be read: exit 2 -------------------------------------------------------

#[test]
fn missing_file_exits_2() {
    let r = run(&["check", "tests/fixtures/no/such/file.toml"]);
    assert_failed(&r, 2);
    assert!(r.stderr.contains("no such file"), "{}", r.stderr);
    let r = run(&["export", "tests/fixtures/no-such-file.toml"]);
    assert_failed(&r, 2);
    let r = run_env(&["check"], "LABDASH_DATA", "tests/fixtures/no-such-file.toml");
    assert_failed(&r, 2);
}

#[test]
fn directory_exits_2() {
    for args in [
        &["check", "tests/fixtures"][..],
        &["export", "tests/fixtures"],
        &["tests/fixtures"],
    ] {
        let r = run(args);
        assert_failed(&r, 2);
        assert!(r.stderr.contains("directory"), "{}", r.stderr);
    }
    let r = run_env(&["check"], "LABDASH_DATA", "tests/fixtures");
    assert_failed(&r, 2);
}

#[test]
fn unreadable_file_exits_2() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = scratch("unreadable");
    let path = dir.join("locked.toml");
    std::fs::write(&path, mini()).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&path).is_ok() {
        // Root (as in CI) reads files whatever their mode: nothing to test here.
        eprintln!("skipped: running as a user who can read a mode-000 file (root)");
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644));
        return;
    }
    let r = check_file(&path);
    let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644));
    assert_failed(&r, 2);
    assert!(r.stderr.contains("permission denied"), "{}", r.stderr);
}

// --- check, help, version, usage errors ------------------------------------------------------

#[test]
fn check_on_a_valid_file_prints_a_one_line_summary() {
    let r = run(&["check", MINI]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    for what in ["3 labs", "3 models", "5 claims", "3 sources"] {
        assert!(r.stdout.contains(what), "summary lacks `{what}`: {}", r.stdout);
    }
    // The bundled dataset is valid too.
    let r = run(&["check"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1);
}

#[test]
fn help_and_version_exit_0() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["check", "--help"],
        &["export", "--help"],
        &["init", "--help"],
    ] {
        let r = run(args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        assert!(r.stdout.contains("Usage"), "{args:?}: {}", r.stdout);
    }
    let r = run(&["--version"]);
    assert_eq!(r.code, Some(0));
    assert!(r.stdout.starts_with("labdash "), "{}", r.stdout);
}

#[test]
fn usage_errors_exit_1_with_nothing_on_stdout() {
    let cases: &[&[&str]] = &[
        &["--view", "nope"],
        &["--sort", "no_such_column"],
        &["--sort", "name:sideways"],
        &["--filter", "no_such_column:x"],
        &["--filter", "chips>lots", "--view", "models"],
        &["export", MINI, "--view", "nope"],
        &["export", MINI, "--sort", "no_such_column"],
        &["export", MINI, "--view", "models", "--sort", "chips:up"],
        &["export", MINI, "--filter", "no_such_column:x"],
        &["export", MINI, "--format", "xml"],
        &["--bogus-flag"],
        &["check", MINI, "--no-such-option"],
        &["init"],
    ];
    for args in cases {
        let mut c = labdash();
        c.args(*args);
        // A dashboard started by mistake would wait for keys: a short limit catches it.
        let r = run_cmd(c, Duration::from_secs(20));
        assert_eq!(r.code, Some(1), "{args:?}: stderr:\n{}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: stdout:\n{}", r.stdout);
        assert!(!r.stderr.trim().is_empty(), "{args:?}: no message");
        no_panic(&r);
    }
    let r = run(&["--view", "nope"]);
    assert!(r.stderr.contains("nope") && r.stderr.contains("models"), "{}", r.stderr);
    let r = run(&["export", MINI, "--view", "models", "--sort", "chipz"]);
    assert!(r.stderr.contains("chipz") && r.stderr.contains("chips"), "{}", r.stderr);
}

#[test]
fn labdash_data_is_the_same_as_passing_the_file() {
    for args in [&["check"][..], &["export", "--view", "models", "--format", "csv"]] {
        let mut with_arg: Vec<&str> = args.to_vec();
        with_arg.insert(1, MINI);
        let a = run(&with_arg);
        let b = run_env(args, "LABDASH_DATA", MINI);
        assert_eq!(a.code, Some(0), "{}", a.stderr);
        assert_eq!(
            (a.code, &a.stdout, &a.stderr),
            (b.code, &b.stdout, &b.stderr),
            "{args:?}"
        );
    }
    let bad = format!("{CORPUS}/unknown_key.toml");
    let a = run(&["check", &bad]);
    let b = run_env(&["check"], "LABDASH_DATA", &bad);
    assert_failed(&a, 1);
    assert_eq!((a.code, &a.stderr), (b.code, &b.stderr));
    // An explicit FILE wins over the variable.
    let c = run_env(&["check", MINI], "LABDASH_DATA", &bad);
    assert_eq!(c.code, Some(0), "{}", c.stderr);
}

// --- export ----------------------------------------------------------------------------------

/// A minimal RFC 4180 reader: enough for the exporter's quoting.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn export(args: &[&str]) -> String {
    let mut all = vec!["export", MINI];
    all.extend_from_slice(args);
    let r = run(&all);
    assert_eq!(r.code, Some(0), "{all:?}: {}", r.stderr);
    assert!(r.stderr.is_empty(), "{all:?}: stderr:\n{}", r.stderr);
    r.stdout
}

/// The column `id` of a CSV export, by row.
fn csv_column(rows: &[Vec<String>], id: &str) -> Vec<String> {
    let i = rows[0]
        .iter()
        .position(|h| h == id)
        .unwrap_or_else(|| panic!("no column {id}"));
    rows[1..].iter().map(|r| r[i].clone()).collect()
}

#[test]
fn export_csv_has_raw_numbers() {
    let rows = parse_csv(&export(&["--view", "models", "--format", "csv"]));
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(rows.iter().all(|r| r.len() == rows[0].len()), "ragged CSV: {rows:?}");
    assert_eq!(csv_column(&rows, "name"), ["DeepSeek-V3", "Llama 3.1 405B", "GPT-4"]);
    assert_eq!(csv_column(&rows, "chips")[0], "2048");
    assert_eq!(csv_column(&rows, "gpu_hours")[0], "2788000");
    assert_eq!(csv_column(&rows, "cost_usd")[0], "5576000");
    assert_eq!(csv_column(&rows, "tokens_t")[0], "14.8");
    for row in &rows[1..] {
        for cell in row {
            let digits_with_commas =
                cell.contains(',') && cell.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.');
            assert!(!digits_with_commas, "thousands separator in CSV cell {cell:?}");
            assert!(!cell.contains('$') && !cell.contains('—'), "formatted cell {cell:?}");
        }
    }
}

#[test]
fn export_json_parses_and_has_raw_numbers() {
    let out = export(&["--view", "models", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}:\n{out}"));
    let rows = v.as_array().expect("an array of rows");
    assert_eq!(rows.len(), 3);
    let v3 = &rows[0];
    assert_eq!(v3["name"], "DeepSeek-V3");
    assert_eq!(v3["chips"].as_f64(), Some(2048.0), "{v3}");
    assert_eq!(v3["gpu_hours"].as_f64(), Some(2_788_000.0), "{v3}");
    assert_eq!(v3["cost_usd"].as_f64(), Some(5_576_000.0), "{v3}");
    assert_eq!(v3["tokens_t"].as_f64(), Some(14.8), "{v3}");
    // Every view exports valid JSON.
    for view in ["labs", "models", "claims", "compute", "events"] {
        let out = export(&["--view", view, "--format", "json"]);
        serde_json::from_str::<serde_json::Value>(&out).unwrap_or_else(|e| panic!("{view}: {e}"));
    }
}

#[test]
fn export_md_is_a_table() {
    let out = export(&["--view", "models", "--format", "md"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 5, "{out}");
    assert!(lines[0].starts_with('|') && lines[0].ends_with('|'), "{}", lines[0]);
    assert!(
        lines[1].starts_with("|-") || lines[1].starts_with("|:") || lines[1].starts_with("| -"),
        "{}",
        lines[1]
    );
    let cols = lines[0].matches('|').count();
    for l in &lines[1..5] {
        assert_eq!(l.matches('|').count(), cols, "row with another column count: {l}");
    }
    assert!(out.contains("DeepSeek-V3") && out.contains("2,048"), "{out}");
}

#[test]
fn export_table_is_formatted() {
    let out = export(&["--view", "models"]);
    assert!(out.contains("DeepSeek-V3"), "{out}");
    assert!(out.contains("2,048"), "humane numbers in the table: {out}");
    let again = export(&["--view", "models", "--format", "table"]);
    assert_eq!(out, again);
}

#[test]
fn export_sort_chips_desc() {
    let rows = parse_csv(&export(&[
        "--view",
        "models",
        "--sort",
        "chips:desc",
        "--format",
        "csv",
    ]));
    // Llama's `≤16,384` bound sorts by its number; GPT-4 has no figure and goes last.
    assert_eq!(csv_column(&rows, "name"), ["Llama 3.1 405B", "DeepSeek-V3", "GPT-4"]);
    let rows = parse_csv(&export(&["--view", "models", "--sort", "chips:asc", "--format", "csv"]));
    assert_eq!(csv_column(&rows, "name"), ["DeepSeek-V3", "Llama 3.1 405B", "GPT-4"]);
}

#[test]
fn export_filter_country_cn() {
    let rows = parse_csv(&export(&[
        "--view",
        "models",
        "--filter",
        "country:CN",
        "--format",
        "csv",
    ]));
    assert_eq!(csv_column(&rows, "name"), ["DeepSeek-V3"]);
    assert!(csv_column(&rows, "country").iter().all(|c| c == "CN"));
    let rows = parse_csv(&export(&[
        "--view",
        "labs",
        "--filter",
        "country:CN",
        "--format",
        "csv",
    ]));
    assert_eq!(csv_column(&rows, "name"), ["DeepSeek"]);
}

// --- init ------------------------------------------------------------------------------------

#[test]
fn init_writes_the_bundled_data_and_refuses_to_overwrite() {
    let dir = scratch("init");
    let path = dir.join("labs.toml");
    let p = path.to_str().expect("utf-8");
    let r = run(&["init", p]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let written = std::fs::read_to_string(&path).expect("init wrote the file");
    let bundled = std::fs::read_to_string(root().join("data/labs.toml")).expect("bundled");
    assert_eq!(written, bundled);
    let r = run(&["check", p]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);

    std::fs::write(&path, "# my edits\n").expect("write");
    let r = run(&["init", p]);
    assert_failed(&r, 1);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "# my edits\n");

    let r = run(&["init", p, "--force"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), bundled);
}

#[test]
fn completions_and_man_page_come_from_the_argument_definitions() {
    for (shell, needle) in [
        ("bash", "_labdash()"),
        ("zsh", "#compdef labdash"),
        ("fish", "complete -c labdash"),
    ] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, Some(0), "{shell}: {}", r.stderr);
        assert!(r.stdout.contains(needle), "{shell}: {}", r.stdout);
        // Subcommands and options are offered.
        for word in ["check", "export", "as-of"] {
            assert!(r.stdout.contains(word), "{shell} completion lacks {word}");
        }
    }
    let r = run(&["man"]);
    assert_eq!(r.code, Some(0));
    assert!(r.stdout.contains(".TH labdash 1"), "{}", r.stdout);
    assert!(r.stdout.contains("as\\-of"), "options are documented");
    let r = run(&["completions", "tcsh-nope"]);
    assert_eq!(r.code, Some(1));
}
