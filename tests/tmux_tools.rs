//! End to end in tmux: the table tools of issue 16 — copy (`y` writes an OSC 52 sequence to
//! the terminal, read from the pane's raw output, not the screen), find (`f`, `;`), compare's
//! base (`B`) — at the sizes users have.

use std::time::{Duration, Instant};

mod common;

use common::{BIN, NO_CONFIG, TIMEOUT, Tmux, have_tmux, temp_dir};

/// The line with the row cursor `▶`.
fn cursor_line(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.starts_with('▶'))
        .unwrap_or_default()
        .to_string()
}

/// Waits until `path` holds `needle`; fails with what it holds.
fn wait_file(path: &std::path::Path, needle: &[u8]) -> Vec<u8> {
    let start = Instant::now();
    loop {
        let got = std::fs::read(path).unwrap_or_default();
        if got.windows(needle.len()).any(|w| w == needle) {
            return got;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "timed out waiting for {:?} in the pane's output ({} bytes)",
            String::from_utf8_lossy(needle),
            got.len()
        );
        std::thread::sleep(Duration::from_millis(40));
    }
}

#[test]
fn y_writes_an_osc_52_sequence_to_the_terminal() {
    if !have_tmux() {
        return;
    }
    let dir = temp_dir("osc52");
    let raw = dir.join("pane.raw");
    let t = Tmux::labdash("osc52", NO_CONFIG, Some(&dir), &[], &[]);
    t.wait_for("DeepSeek-V3");
    // Everything the program writes to the pty from now on.
    let out = t.run(&[
        "pipe-pane",
        "-o",
        "-t",
        "t",
        &format!("cat >> {}", common::sh_quote(&raw.to_string_lossy())),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The first row's name, as `export --format csv` has it.
    let csv = std::process::Command::new(BIN)
        .args(["export", "--format", "csv"])
        .env_remove("LABDASH_DATA")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    let first = csv
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').next())
        .unwrap_or_default()
        .to_string();
    assert!(!first.is_empty(), "{csv}");
    t.keys(&["y"]);
    let s = t.wait_for("copied name of");
    assert!(s.contains(&first), "{s}");
    let seq = labdash::term::osc52(&first);
    wait_file(&raw, &seq);
    // The row: the same sequence around the tab-separated fields.
    t.keys(&["Y"]);
    t.wait_for("tab-separated");
    let got = wait_file(&raw, b"\x1b]52;c;");
    let count = got.windows(7).filter(|w| w == b"\x1b]52;c;").count();
    let start = Instant::now();
    while std::fs::read(&raw)
        .unwrap_or_default()
        .windows(7)
        .filter(|w| w == b"\x1b]52;c;")
        .count()
        < 2
    {
        assert!(
            start.elapsed() < TIMEOUT,
            "the row's sequence never came ({count} so far)"
        );
        std::thread::sleep(Duration::from_millis(40));
    }
    t.keys(&["q"]);
    t.wait_exit(0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn find_jumps_without_filtering_and_compare_takes_another_base() {
    if !have_tmux() {
        return;
    }
    for (w, h) in [(120, 40), (80, 24), (60, 20)] {
        let name = format!("find{w}");
        let dir = temp_dir(&name);
        let t = Tmux::labdash(&name, NO_CONFIG, Some(&dir), &[], &[]);
        t.run(&["resize-window", "-t", "t", "-x", &w.to_string(), "-y", &h.to_string()]);
        t.wait_for("DeepSeek-V3");
        // The whole bundled data, not only its first file: finds run over all of it.
        let models = common::bundled_count("models");
        t.wait_for(&format!("Models {models} of {models}"));
        t.wait(&format!("{w} columns"), |s| s.lines().all(|l| l.chars().count() <= w));
        t.keys(&["f"]);
        t.wait_for("find ");
        t.type_text("llama");
        t.keys(&["Enter"]);
        let s = t.wait("the cursor on a Llama row", |s| cursor_line(s).contains("Llama"));
        let first = cursor_line(&s);
        assert!(
            s.contains(&format!("Models {models} of {models}")),
            "no row is filtered out:\n{s}"
        );
        // A lone `;` separates tmux commands: escaped, it is the key.
        t.keys(&["\\;"]);
        let s = t.wait("the next Llama row", |s| {
            let l = cursor_line(s);
            l.contains("Llama") && l != first
        });
        assert!(s.contains("“llama”:"), "the status counts the matches:\n{s}");
        // Mark this Llama (Space moves down), go back two matches to the first, mark it.
        t.keys(&["Space"]);
        t.wait_for("● 1 marked");
        t.keys(&[","]);
        t.wait("back on the second Llama", |s| cursor_line(s).starts_with("▶●"));
        t.keys(&[","]);
        t.wait("back on the first Llama", |s| cursor_line(s) == first);
        t.keys(&["Space"]);
        t.wait_for("● 2 marked");
        t.keys(&["c"]);
        let s = t.wait_for("ratios against");
        let base = |s: &str| {
            s.lines()
                .find_map(|l| l.split("ratios against ").nth(1))
                .map(|r| r.split(['─', '┐']).next().unwrap_or_default().trim().to_string())
                .unwrap_or_default()
        };
        let before = base(&s);
        t.keys(&["l", "B"]);
        // Both the title and the status line say so (a capture can catch a frame half drawn).
        let s = t.wait("another base", |s| {
            base(s) != before && !base(s).is_empty() && s.contains(&format!("ratios now against {}", base(s)))
        });
        assert_ne!(base(&s), before, "{s}");
        t.keys(&["Escape"]);
        t.wait("compare closed", |s| !s.contains("ratios against"));
        t.keys(&["q"]);
        t.wait_exit(0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_config_file_picks_the_view_and_rebinds_quit() {
    if !have_tmux() {
        return;
    }
    let dir = temp_dir("config");
    let conf = dir.join("labdash");
    std::fs::create_dir_all(&conf).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(conf.join("config.toml"), "view = \"claims\"\n[keys]\nquit = \"x\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let home = dir.to_string_lossy().into_owned();
    let t = Tmux::labdash("config", NO_CONFIG, Some(&dir), &[("XDG_CONFIG_HOME", &home)], &[]);
    t.wait_for("[3 Claims]");
    // The footer and help name the new key; `q` no longer quits.
    t.wait_for("x quit");
    t.keys(&["q", "?"]);
    let s = t.wait_for("Help — keys");
    assert!(!s.contains("EXITED"), "{s}");
    t.keys(&["Escape"]);
    t.wait("help closed", |s| !s.contains("Help — keys"));
    t.keys(&["x"]);
    t.wait_exit(0);
    // A broken config stops the dashboard before it starts, with the place of the mistake.
    std::fs::write(conf.join("config.toml"), "[keys]\nquit = \"c\"\n").unwrap_or_else(|e| panic!("{e}"));
    let t = Tmux::labdash("config2", NO_CONFIG, Some(&dir), &[("XDG_CONFIG_HOME", &home)], &[]);
    let s = t.wait_exit(1);
    assert!(s.contains("config.toml:2:8: error: `c` is bound twice"), "{s}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn w_saves_the_view_as_export_prints_it_and_asks_before_replacing() {
    if !have_tmux() {
        return;
    }
    let dir = temp_dir("save");
    let t = Tmux::labdash(
        "save",
        NO_CONFIG,
        Some(&dir),
        &[],
        &["--view", "claims", "--sort", "date:desc"],
    );
    t.wait_for("[3 Claims]");
    // The bundled data's second file is laid over the first in the background: saving waits
    // for the whole, which `check` counts.
    let claims = common::bundled_count("claims");
    t.wait_for(&format!("Claims {claims} of {claims}"));
    t.keys(&["/"]);
    t.type_text("deepseek");
    t.keys(&["Enter"]);
    t.wait_for("filter: deepseek");
    t.keys(&["w"]);
    t.wait_for("save to claims.csv");
    t.keys(&["C-u"]);
    t.type_text("out.json");
    t.keys(&["Enter"]);
    t.wait_for("saved");
    let want = std::process::Command::new(BIN)
        .args([
            "export",
            "--view",
            "claims",
            "--sort",
            "date:desc",
            "--filter",
            "deepseek",
            "--format",
            "json",
        ])
        .env_remove("LABDASH_DATA")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let got = std::fs::read(dir.join("out.json")).unwrap_or_else(|e| panic!("{e}"));
    assert!(got == want.stdout, "the saved file is what export prints");
    // Again: the file exists, so the prompt asks; a second Enter replaces it.
    t.keys(&["w", "C-u"]);
    t.type_text("out.json");
    t.keys(&["Enter"]);
    t.wait_for("exists: Enter replaces it");
    t.keys(&["Enter"]);
    t.wait_for("saved");
    t.keys(&["q"]);
    t.wait_exit(0);
    let _ = std::fs::remove_dir_all(&dir);
}
