//! End to end in a real terminal: the built binary runs inside a private tmux server, keys are
//! sent with `send-keys`, the screen is read with `capture-pane`. Every wait polls the screen
//! until the expected text appears (or a timeout fails the test with the screen shown); no
//! fixed sleeps. Skipped, with a note, where tmux is not installed.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod common;

use common::{BIN, NO_CONFIG, Tmux, have_tmux, sh_quote, temp_dir};

/// Replaces the file the way editors save: write a temp file beside it, rename it over.
fn atomic_write(path: &Path, text: &str) {
    let tmp = path.with_extension("toml.tmp~");
    std::fs::write(&tmp, text).unwrap_or_else(|e| panic!("{e}"));
    std::fs::rename(&tmp, path).unwrap_or_else(|e| panic!("{e}"));
}

/// The line `row` of the screen with the row cursor `▶`, from the gutter to the first column gap.
fn cursor_line(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.starts_with('▶'))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn browse_sort_filter_details_help_and_quit() {
    if !have_tmux() {
        return;
    }
    let dir = temp_dir("browse");
    let t = Tmux::labdash("browse", NO_CONFIG, Some(&dir), &[], &[]);
    t.wait_for("DeepSeek-V3");
    assert_eq!(t.flag("#{alternate_on}"), "1");
    t.keys(&["2", "s"]);
    t.wait_for("sort: name");
    t.keys(&["/"]);
    t.type_text("deepseek");
    t.keys(&["Enter"]);
    let s = t.wait_for("filter: deepseek");
    assert!(!s.contains("GPT-4"), "the filter hides other labs:\n{s}");
    t.keys(&["Enter"]);
    let s = t.wait("details with claims and sources", |s| {
        s.contains("Details") && s.contains("Claims (") && s.contains("Source S") && s.contains(", claimed")
    });
    assert!(s.contains("— model \""), "{s}");
    t.keys(&["Escape"]);
    t.wait("details closed", |s| !s.contains("Claims ("));
    t.keys(&["?"]);
    let s = t.wait_for("Help — keys");
    assert!(s.contains("quit") && s.contains("sort"), "{s}");
    t.keys(&["Escape"]);
    t.wait("help closed", |s| !s.contains("Help — keys"));
    t.keys(&["q"]);
    t.wait_exit(0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    if !have_tmux() {
        return;
    }
    let dir = temp_dir("ctrlc");
    let t = Tmux::labdash("ctrlc", NO_CONFIG, Some(&dir), &[], &[]);
    t.wait_for("DeepSeek-V3");
    // From the filter prompt too.
    t.keys(&["/"]);
    t.type_text("deep");
    t.wait_for("/deep");
    t.keys(&["C-c"]);
    t.wait_exit(0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_panic_restores_the_terminal_and_prints_the_message_on_the_normal_screen() {
    if !have_tmux() {
        return;
    }
    let dir = temp_dir("panic");
    let t = Tmux::labdash("panic", NO_CONFIG, Some(&dir), &[("LABDASH_TEST_PANIC", "1")], &[]);
    let s = t.wait_exit(101);
    assert!(
        s.contains("LABDASH_TEST_PANIC is set"),
        "the panic message is readable:\n{s}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The 1-based line of the `n`th (0-based) `[[model]]` header.
fn model_header_line(text: &str, n: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[model]]")
        .nth(n)
        .map_or(0, |(i, _)| i + 1)
}

#[test]
fn edits_on_disk_reload_live_and_e_opens_the_editor_at_the_record() {
    if !have_tmux() {
        return;
    }
    let dir = temp_dir("edit");
    let path = dir.join("my.toml");
    let file = path.to_string_lossy().into_owned();
    let init = Command::new(BIN)
        .args(["init", &file])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let original = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));

    // An "editor" that records its arguments: named `vim`, so labdash passes `+LINE`.
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap_or_else(|e| panic!("{e}"));
    let editor = bin.join("vim");
    let args_file = dir.join("editor-args");
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > {}\n",
        sh_quote(&args_file.to_string_lossy())
    );
    std::fs::write(&editor, script).unwrap_or_else(|e| panic!("{e}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap_or_else(|e| panic!("{e}"));
    }

    let t = Tmux::labdash(
        "edit",
        NO_CONFIG,
        Some(&dir),
        &[("EDITOR", &editor.to_string_lossy())],
        &[&file],
    );
    t.wait_for("DeepSeek-V3");
    // Bring the chips column on screen (column cursor on it), and put the row cursor somewhere
    // other than the top, to see that it stays.
    t.keys(&["l", "l", "l", "l", "l", "l", "l", "l", "j", "j", "j"]);
    t.wait_for("2,048");
    let before = cursor_line(&t.wait_for("row 4"));

    // 1. An atomic save with a new value: shown, highlighted, cursor unmoved.
    let chips_line = "chips           = 2048";
    assert!(original.contains(chips_line));
    let edited = original.replacen(chips_line, "chips           = 3072", 1);
    let saved = Instant::now();
    atomic_write(&path, &edited);
    // The status line is drawn last, so once it shows, the rows above are the new frame's.
    let s = t.wait("the new value and the reload message", |s| {
        s.contains("Δ3,072") && s.contains("reloaded: ")
    });
    let latency = saved.elapsed();
    eprintln!("reload latency after an atomic save: {latency:?}");
    assert!(!s.contains("2,048"), "{s}");
    assert!(s.contains("row 4"), "{s}");
    assert_eq!(cursor_line(&s), before, "cursor unmoved");
    assert!(latency < Duration::from_secs(3), "took {latency:?}");
    // The next key press clears the highlight.
    t.keys(&["l"]);
    t.wait("highlight cleared", |s| !s.contains('Δ') && s.contains("3,072"));

    // 2. A typo: the diagnostic with its line appears, the old data stays.
    let typo_line = edited
        .lines()
        .position(|l| l == "chips           = 3072")
        .map_or(0, |i| i + 1);
    let broken = edited.replacen("chips           = 3072", "chips           = \"3072 GPUs\"", 1);
    atomic_write(&path, &broken);
    let head = format!("my.toml:{typo_line}:19: error:");
    let s = t.wait(&head, |s| s.contains(&head) && s.contains("reload failed: 1 problem"));
    assert!(s.contains("Reload failed"), "{s}");
    assert!(
        s.contains("chips           = \"3072 GPUs\""),
        "the source line is shown:\n{s}"
    );
    assert!(s.contains('^'), "{s}");

    // 3. Fixed: the panel closes by itself, the data updates.
    let fixed = edited.replacen("chips           = 3072", "chips           = 4096", 1);
    atomic_write(&path, &fixed);
    t.wait("the panel to close", |s| {
        !s.contains("Reload failed") && s.contains("Δ4,096") && s.contains("reloaded: ")
    });

    // 4. Deleted: reported, the last good data stays; back: reloaded.
    std::fs::remove_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let s = t.wait_for("data file moved or deleted");
    assert!(s.contains("4,096"), "{s}");
    atomic_write(&path, &fixed);
    t.wait_for("data file is back");

    // 5. `e` opens $EDITOR at the cursor record's `[[model]]` line, then reloads.
    // (Esc clears the status line, so the reload message below is the editor's.)
    t.keys(&["g", "j", "j", "j", "j", "Escape"]);
    t.wait("row 5, status cleared", |s| {
        s.contains("row 5") && !s.contains("data file is back")
    });
    t.keys(&["e"]);
    let s = t.wait_for("reloaded: no changes");
    assert_eq!(t.flag("#{alternate_on}"), "1", "back in the dashboard:\n{s}");
    let args = std::fs::read_to_string(&args_file).unwrap_or_else(|e| panic!("editor not run: {e}"));
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(
        args,
        vec![format!("+{}", model_header_line(&fixed, 4)).as_str(), file.as_str()]
    );

    t.keys(&["q"]);
    t.wait_exit(0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_or_failing_editor_gives_a_message_not_a_crash() {
    if !have_tmux() {
        return;
    }
    let dir = temp_dir("badeditor");
    let path = dir.join("my.toml");
    std::fs::write(&path, include_str!("fixtures/mini.toml")).unwrap_or_else(|e| panic!("{e}"));
    let file = path.to_string_lossy().into_owned();
    for (name, editor, message) in [
        (
            "missing",
            "/nonexistent/labdash-editor",
            "editor `/nonexistent/labdash-editor` not found",
        ),
        ("failing", "false", "`false` failed (exit status: 1)"),
    ] {
        let t = Tmux::labdash(name, NO_CONFIG, Some(&dir), &[("EDITOR", editor)], &[&file]);
        t.wait_for("DeepSeek-V3");
        t.keys(&["e"]);
        let s = t.wait_for(message);
        assert_eq!(t.flag("#{alternate_on}"), "1", "back in the dashboard:\n{s}");
        t.keys(&["j"]);
        t.wait_for("row 2");
        t.keys(&["q"]);
        t.wait_exit(0);
    }
    // With the bundled data, `e` explains how to get an editable copy.
    let t = Tmux::labdash("bundled", NO_CONFIG, Some(&dir), &[("EDITOR", "false")], &[]);
    t.wait_for("DeepSeek-V3");
    t.keys(&["e"]);
    t.wait_for("labdash init");
    t.keys(&["q"]);
    t.wait_exit(0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file large enough to load in chunks: its rows come up, then all of them, and the
/// dashboard works as on the bundled data; a problem near the end of such a file closes the
/// loading screen and prints the exact diagnostic on the normal screen.
#[test]
fn a_large_file_shows_its_rows_then_all_of_them_and_problems_exactly() {
    if !have_tmux() {
        return;
    }
    use labdash::generate::{Sizes, dataset};
    let dir = temp_dir("large");
    let text = dataset(Sizes::models(4_000), 21);
    assert!(text.len() > labdash::data::PARALLEL_MIN_BYTES);
    let path = dir.join("large.toml");
    std::fs::write(&path, &text).unwrap_or_else(|e| panic!("write: {e}"));
    let file = path.to_str().unwrap_or_else(|| panic!("utf-8 path"));
    let t = Tmux::labdash("large", NO_CONFIG, Some(&dir), &[], &[file]);
    t.wait_for("Models 4000 of 4000");
    t.keys(&["/"]);
    t.type_text("atlas-40");
    t.keys(&["Enter"]);
    let s = t.wait_for("filter: atlas-40");
    assert!(s.contains("Atlas-40 ") && !s.contains("Borealis-1 "), "{s}");
    // An edit reloads it in chunks from the file too, keeping the filter.
    let at = text.find("id = \"m40\"").unwrap_or_else(|| panic!("no m40"));
    let name_at = at + text[at..].find("name = ").unwrap_or_else(|| panic!("no name"));
    let mut edited = text.clone();
    edited.insert_str(name_at + "name = \"".len(), "Renamed ");
    atomic_write(&path, &edited);
    let s = t.wait_for("Renamed Atlas-40");
    assert!(s.contains("filter: atlas-40") && s.contains("reloaded"), "{s}");
    t.keys(&["q"]);
    t.wait_exit(0);

    let at = text.rfind("lab = \"lab").unwrap_or_else(|| panic!("no lab reference"));
    let mut bad = text.clone();
    bad.replace_range(at..at + "lab = \"lab".len(), "lab = \"nolab");
    std::fs::write(&path, &bad).unwrap_or_else(|e| panic!("write: {e}"));
    let line = bad[..at].matches('\n').count() + 1;
    let t = Tmux::labdash("large-bad", NO_CONFIG, Some(&dir), &[], &[file]);
    let s = t.wait_exit(1);
    assert!(
        s.contains(&format!("{file}:{line}:7: error: `lab` refers to unknown lab \"nolab")),
        "{s}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A FIFO in the data file's place (issue 17): `r` must not block the dashboard in `open()`;
/// it says what the file is, keeps the data, and `q` still quits.
#[cfg(unix)]
#[test]
fn r_on_a_fifo_says_so_and_q_still_quits() {
    if !have_tmux() {
        return;
    }
    let dir = temp_dir("fifo-reload");
    let path = dir.join("my.toml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.toml"),
        &path,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let file = path.to_string_lossy().into_owned();
    let t = Tmux::labdash("fifo-reload", NO_CONFIG, Some(&dir), &[], &[&file]);
    let first = t.wait("the dashboard", |s| s.contains("Models") && s.contains(" row 1"));
    std::fs::remove_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let ok = Command::new("mkfifo").arg(&path).status().is_ok_and(|s| s.success());
    assert!(ok, "mkfifo");
    t.keys(&["r"]);
    t.wait_for("is a FIFO, not a file");
    t.keys(&["Escape"]);
    t.keys(&["q"]);
    t.wait_exit(0);
    drop(first);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The table's header row of a tmux screen.
fn header_line(screen: &str) -> String {
    screen.lines().nth(1).unwrap_or_default().to_string()
}

#[test]
fn the_figures_stay_in_view_and_the_picker_hides_a_column() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::labdash("columns", NO_CONFIG, None, &[], &[]);
    // The whole bundled data (its second file loads in the background).
    let models = common::bundled_count("models");
    t.wait_for(&format!("Models {models} of {models}"));
    let s = t.wait_for("Compute (FLOP)");
    let head = header_line(&s);
    for label in ["Model", "Lab", "Released", "Chips", "GPU-hours", "Compute", "Cost"] {
        assert!(head.contains(label), "120x40: no {label}:\n{s}");
    }
    let resized = t.run(&["resize-window", "-t", "t", "-x", "80", "-y", "24"]);
    assert!(resized.status.success(), "{}", String::from_utf8_lossy(&resized.stderr));
    let s = t.wait("80 columns", |s| {
        s.lines().all(|l| l.chars().count() <= 80) && header_line(s).contains("▶")
    });
    let head = header_line(&s);
    for label in ["Model", "Chips", "Compute", "Cost"] {
        assert!(head.contains(label), "80x24: no {label}:\n{s}");
    }
    // The picker: down to `chips`, hide it, close.
    t.keys(&["C"]);
    t.wait_for("Columns — models");
    let s = t.wait_for("[✓] chips");
    let down = s
        .lines()
        .skip_while(|l| !l.contains("[✓] name"))
        .take_while(|l| !l.contains("[✓] chips"))
        .count();
    for _ in 0..down {
        t.keys(&["j"]);
    }
    t.wait_for("▶ [✓] chips");
    t.keys(&["Space"]);
    t.wait_for("[ ] chips");
    t.keys(&["Escape"]);
    let s = t.wait("the picker closed", |s| !s.contains("Columns — models"));
    let head = header_line(&s);
    assert!(!head.contains("Chips"), "chips still shown:\n{s}");
    assert!(head.contains("Cost"), "{s}");
    t.keys(&["q"]);
    t.wait_restored();
}

#[test]
fn the_bar_chart_overlay_is_as_tall_as_its_bars() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::labdash(
        "barfit",
        NO_CONFIG,
        None,
        &[],
        &["--filter", "country:CN", "--view", "models"],
    );
    t.wait_for("Compute (FLOP)");
    // The chips column: jump to it by name, then chart it.
    t.keys(&[":"]);
    t.type_text("chips");
    t.keys(&["Enter", "b"]);
    // The chart's box, titled with its bar count (not a frame drawn before the chart is).
    let s = t.wait("the chart", |s| {
        s.lines().any(|l| l.contains('┌') && l.contains(" bars")) && s.contains('└')
    });
    let top = s.lines().position(|l| l.contains('┌'));
    let bottom = s.lines().position(|l| l.contains('└'));
    let (Some(top), Some(bottom)) = (top, bottom) else {
        panic!("no box:\n{s}")
    };
    let bars: usize = s
        .lines()
        .nth(top)
        .and_then(|l| l.split(" bars").next())
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no bar count:\n{s}"));
    // A row per bar, two note rows, the border: nothing like the whole screen.
    assert_eq!(bottom - top + 1, bars + 4, "{s}");
    assert!(bars <= 14, "{s}");
    t.keys(&["q"]);
    t.wait_restored();
}

#[test]
fn at_60_columns_every_tab_shows_details_hang_and_the_scatter_names_its_points() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::labdash("narrow", NO_CONFIG, None, &[], &["--filter", "chips>10000"]);
    t.wait_for("Compute (FLOP)");
    let resized = t.run(&["resize-window", "-t", "t", "-x", "60", "-y", "20"]);
    assert!(resized.status.success(), "{}", String::from_utf8_lossy(&resized.stderr));
    // All six tabs, whole, on one line of 60 columns.
    let s = t.wait("60 columns", |s| {
        s.lines().all(|l| l.chars().count() <= 60) && s.contains("6 Chips")
    });
    let tabs = s.lines().next().unwrap_or_default();
    for tab in ["1 Labs", "[2 Models]", "3 Claims", "4 Compute", "5 Events", "6 Chips"] {
        assert!(tabs.contains(tab), "no {tab}: {tabs}\n{s}");
    }
    // Bars of the chips: Grok 3's two claims draw a whisker.
    t.keys(&[":"]);
    t.type_text("chips");
    t.keys(&["Enter", "b"]);
    let s = t.wait_for("Bars — Chips");
    let grok = s.lines().find(|l| l.contains("Grok 3")).unwrap_or_default();
    assert!(grok.contains('├') && grok.contains('┤'), "{s}");
    // The scatter plot names the cursor's point; `n` names the rest (a whisker through Grok 3).
    t.keys(&["p"]);
    t.wait_for("Scatter — Chips");
    t.keys(&["n"]);
    let s = t.wait("names", |s| s.contains("▲ Grok 3") || s.contains("● Grok 3"));
    assert!(s.contains('┴'), "no whisker:\n{s}");
    t.keys(&["Escape"]);
    t.wait("the plot closed", |s| !s.contains("Scatter — "));
    t.keys(&["q"]);
    t.wait_restored();
}
