//! `labdash config` through the binary: the settings in effect, defaults included; a broken
//! or missing configuration is reported with the spec's exit codes (1 invalid, 2 unreadable).

use std::process::{Command, Output};

mod common;

use common::{BIN, temp_dir};

fn run(args: &[&str], xdg: &str) -> Output {
    Command::new(BIN)
        .args(args)
        .env("XDG_CONFIG_HOME", xdg)
        .env_remove("LABDASH_DATA")
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn print_shows_every_setting_with_its_default() {
    let dir = temp_dir("config-defaults");
    let xdg = dir.to_string_lossy().into_owned();
    let o = run(&["config", "--print"], &xdg);
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert!(
        text.contains("no file") && text.contains("these are the defaults"),
        "{text}"
    );
    for line in [
        "theme = \"auto\"",
        "view = \"models\"",
        "files = []",
        "[columns.claims]",
        "[keys]",
        "quit = [\"q\"]",
        "open_find = [\"f\"]",
        "copy_cell = [\"y\"]",
    ] {
        assert!(text.contains(line), "{line}:\n{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn print_shows_the_files_settings_and_where_it_was_read() {
    let dir = temp_dir("config-file");
    let conf = dir.join("labdash");
    std::fs::create_dir_all(&conf).unwrap_or_else(|e| panic!("{e}"));
    let path = conf.join("config.toml");
    std::fs::write(
        &path,
        "theme = \"light\"\n[columns.models]\nhidden = [\"country\"]\n[keys]\nquit = [\"x\", \"Ctrl-q\"]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let xdg = dir.to_string_lossy().into_owned();
    // From the default place, and from --config.
    let p = path.to_string_lossy().into_owned();
    let from_default = run(&["config", "--print"], &xdg);
    let from_flag = run(&["config", "--print", "--config", &p], "/nonexistent");
    for o in [from_default, from_flag] {
        assert!(o.status.success(), "{}", err(&o));
        let text = out(&o);
        assert!(text.contains("read from") && text.contains("config.toml"), "{text}");
        assert!(text.contains("theme = \"light\""), "{text}");
        assert!(text.contains("hidden = [\"country\"]"), "{text}");
        assert!(text.contains("quit = [\"x\", \"Ctrl-q\"]"), "{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_config_is_an_error_and_a_missing_one_unreadable() {
    let dir = temp_dir("config-bad");
    let path = dir.join("bad.toml");
    std::fs::write(&path, "[keys]\nopen_find = \"c\"\nfrobnicate = \"z\"\n").unwrap_or_else(|e| panic!("{e}"));
    let p = path.to_string_lossy().into_owned();
    for args in [vec!["config", "--print", "--config", &p], vec!["--config", &p]] {
        let o = run(&args, "/nonexistent");
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", err(&o));
        let e = err(&o);
        assert!(
            e.contains("bad.toml:2:13: error: `c` is bound twice in the dashboard: to `open_find` and to `compare`"),
            "{e}"
        );
        assert!(e.contains("bad.toml:3:1: error: unknown action `frobnicate`"), "{e}");
        assert!(out(&o).is_empty());
    }
    let o = run(
        &[
            "config",
            "--print",
            "--config",
            &dir.join("none.toml").to_string_lossy(),
        ],
        "/nonexistent",
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let _ = std::fs::remove_dir_all(&dir);
}
