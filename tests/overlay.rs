//! Several data files as one (later files lay records and claims over earlier ones) and the
//! data as of a day: through the library, `App::update`, the binary, and tmux.

mod common;

use std::process::Command;

use labdash::app::{Action, App, Overlay};
use labdash::data::{self, Kind, RecordRef};
use labdash::load::{self, Origin, Scope};
use labdash::view::{self, Query, ViewKind};

const MINI: &str = "tests/fixtures/mini.toml";
const LAYER: &str = "tests/fixtures/overlay/epoch-layer.toml";
const WRONG: &str = "tests/fixtures/overlay/wrong-kind.toml";

fn path(p: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn layered() -> data::Dataset {
    load::load(&Origin::Files(vec![path(MINI), path(LAYER)])).unwrap_or_else(|f| panic!("{}", f.message))
}

fn model(ds: &data::Dataset, id: &str) -> RecordRef {
    let r = ds.ids.get(id).copied().unwrap_or_else(|| panic!("no {id}"));
    assert_eq!(r.kind, Kind::Model);
    r
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_labdash"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env_remove("LABDASH_DATA")
        .output()
        .expect("run labdash");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_same_id_in_two_files_is_one_record_with_the_claims_of_both() {
    let ds = layered();
    // mini has 3 models, the layer adds one and merges one.
    assert_eq!(ds.models.len(), 4);
    let v3 = model(&ds, "deepseek-v3");
    assert_eq!(ds.layers.label_of(v3), "mini+epoch-layer");
    let grok = model(&ds, "grok-2");
    assert_eq!(ds.layers.label_of(grok), "epoch-layer");
    assert_eq!(ds.layers.file_of(grok), 1);
    assert_eq!(ds.layers.file_of(v3), 0);
    // The earlier file's headline stays; the figure it lacked comes from the later file.
    let m = &ds.models[v3.index as usize];
    assert_eq!(m.chips.fig.and_then(|f| f.lo), Some(2048.0));
    assert_eq!(m.train_flop.fig.and_then(|f| f.lo), Some(4.56e24));
    // The released dates differ: the later file's is noted, the earlier kept.
    assert_eq!(m.released.map(|d| d.to_string()).as_deref(), Some("2024-12-26"));
    let notes = ds.layers.notes.get(&v3).cloned().unwrap_or_default();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("epoch-layer says: released 2024-12-24")),
        "{notes:?}"
    );
    // GPT-4's cost claims from both files stand side by side.
    let gpt4 = model(&ds, "gpt-4");
    let claimants: Vec<&str> = ds
        .claims_for(gpt4, "cost_usd")
        .iter()
        .map(|&c| ds.claims[c as usize].claimant.as_str())
        .collect();
    assert_eq!(claimants, ["Sam Altman (via Wired)", "Kai-Fu Lee", "Epoch AI"]);
    // New records' references resolve across files: grok-2's lab is the layer's own.
    assert_eq!(ds.labs[ds.models[grok.index as usize].lab as usize].id, "xai");
}

#[test]
fn a_later_headline_that_differs_becomes_that_files_claim_and_disputes() {
    let dir = std::env::temp_dir().join(format!("labdash-overlay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let later = dir.join("other.toml");
    std::fs::write(
        &later,
        "[[model]]\nid = \"deepseek-v3\"\nlab = \"deepseek\"\nname = \"DeepSeek-V3\"\nchips = 4096\n",
    )
    .expect("write");
    let ds = load::load(&Origin::Files(vec![path(MINI), later])).unwrap_or_else(|f| panic!("{}", f.message));
    let v3 = model(&ds, "deepseek-v3");
    let m = &ds.models[v3.index as usize];
    assert_eq!(
        m.chips.fig.and_then(|f| f.lo),
        Some(2048.0),
        "the earlier file's headline stays"
    );
    assert!(m.chips.disputed, "2,048 vs 4,096 is a disagreement");
    let made: Vec<&data::Claim> = ds
        .claims_for(v3, "chips")
        .iter()
        .map(|&c| &ds.claims[c as usize])
        .filter(|c| c.claimant == "other")
        .collect();
    assert_eq!(made.len(), 1, "the later file's figure is kept as its claim");
    assert_eq!(made[0].figure.and_then(|f| f.lo), Some(4096.0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_and_export_take_several_files_and_name_the_file_of_each_problem() {
    let (code, out, err) = run(&["check", MINI, LAYER]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("4 models"), "{out}");
    let (code, out, _) = run(&[
        "export",
        MINI,
        LAYER,
        "--view",
        "models",
        "--filter",
        "from:epoch",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    let names: Vec<&str> = out.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
    assert_eq!(names, ["DeepSeek-V3", "Grok-2"]);
    // The first file alone is the first file alone.
    let (_, alone, _) = run(&["export", MINI, "--view", "models", "--format", "csv"]);
    assert_eq!(alone.lines().count(), 4);
    let (code, _, err) = run(&["check", MINI, WRONG]);
    assert_eq!(code, 1);
    assert!(
        err.contains("tests/fixtures/overlay/wrong-kind.toml:4:6: error: id \"meta\" is a [[lab]] in an earlier file"),
        "{err}"
    );
    assert!(
        err.contains("wrong-kind.toml:10:11: error: `subject` refers to unknown"),
        "{err}"
    );
    assert!(
        !err.contains("mini.toml:"),
        "problems belong to the file they are in: {err}"
    );
}

#[test]
fn as_of_a_day_drops_later_claims_and_records_and_falls_back_to_standing_claims() {
    let ds = data::load(data::BUNDLED_NAME, data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
    let day = data::as_of::parse_day("2025-01-28").expect("a day");
    let then = data::as_of::as_of(&ds, day);
    let has = |d: &data::Dataset, name: &str| d.models.iter().any(|m| m.name == name);
    assert!(has(&then, "DeepSeek-R1"));
    assert!(has(&ds, "Qwen2.5-Max") && !has(&then, "Qwen2.5-Max"));
    assert!(ds.claims.iter().any(|c| c.id == "C056"));
    assert!(
        !then.claims.iter().any(|c| c.id == "C056"),
        "SemiAnalysis's >$500M came on 2025-01-31"
    );
    // Every claim left was made by then or is undated, and points at a record that is there.
    for c in &then.claims {
        assert!(c.date.is_none_or(|d| d <= day), "{} {:?}", c.id, c.date);
        assert!((c.subject.index as usize) < then.count(c.subject.kind));
    }
    // The indexes are rebuilt: every id points at its own record.
    for (id, r) in &then.ids {
        assert_eq!(then.id_of(*r), id.as_str());
    }
    // The view, sort and filter work on it as on any data.
    let q = Query {
        view: ViewKind::Claims,
        ..Query::default()
    };
    assert_eq!(view::project(&then, &q).len(), then.claims.len());
}

#[test]
fn a_headline_backed_only_by_later_claims_falls_back() {
    let text = "[[source]]\nid = \"S\"\ntitle = \"t\"\n\n[[lab]]\nid = \"l\"\nname = \"L\"\ncountry = \"US\"\n\n\
[[model]]\nid = \"m\"\nlab = \"l\"\nname = \"M\"\nreleased = 2024-01-01\nchips = 100\n\n\
[[claim]]\nid = \"c1\"\nsubject = \"m\"\nmetric = \"chips\"\nvalue = 100\nclaimant = \"L\"\nkind = \"claimed\"\ndate = 2024-06-01\nsource = \"S\"\n\n\
[[claim]]\nid = \"c2\"\nsubject = \"m\"\nmetric = \"chips\"\nvalue = 80\nclaimant = \"Press\"\nkind = \"reported\"\ndate = 2024-02-01\nsource = \"S\"\n";
    let ds = data::load("t.toml", text).unwrap_or_else(|d| panic!("{d:?}"));
    let day = |s| data::as_of::parse_day(s).expect("day");
    let march = data::as_of::as_of(&ds, day("2024-03-01"));
    let chips = march.models[0].chips;
    assert_eq!(
        chips.fig.and_then(|f| f.lo),
        Some(80.0),
        "only the press figure stood in March"
    );
    assert!(chips.from_claim && !chips.disputed);
    let january = data::as_of::as_of(&ds, day("2024-01-15"));
    assert_eq!(january.models[0].chips.fig, None, "nobody had said anything yet");
    let july = data::as_of::as_of(&ds, day("2024-07-01"));
    assert_eq!(july.models[0].chips.fig.and_then(|f| f.lo), Some(100.0));
    assert!(july.models[0].chips.disputed);
    let before = data::as_of::as_of(&ds, day("2023-12-31"));
    assert!(before.models.is_empty(), "released after the day");
}

fn type_as_of(app: &mut App, text: &str) {
    app.update(Action::OpenAsOf);
    app.update(Action::PromptClear);
    for c in text.chars() {
        app.update(Action::PromptInput(c));
    }
    app.update(Action::PromptAccept);
}

#[test]
fn the_as_of_prompt_sets_clears_and_rejects_days_keeping_the_cursor_record() {
    let ds = data::load(data::BUNDLED_NAME, data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
    let mut app = App::new(ds, Origin::Bundled, Query::default());
    let all = app.state().rows.len();
    app.update(Action::MoveDown);
    let id = app.cursor_record().map(|r| app.ds.id_of(r).to_string());
    type_as_of(&mut app, "2025-01-28");
    assert_eq!(app.ds.as_of.map(|d| d.to_string()).as_deref(), Some("2025-01-28"));
    assert!(app.state().rows.len() < all);
    assert_eq!(app.cursor_record().map(|r| app.ds.id_of(r).to_string()), id);
    type_as_of(&mut app, "2025-02-30");
    assert!(matches!(&app.overlay, Some(Overlay::AsOf { error: Some(e), .. }) if e.contains("day 30")));
    app.update(Action::Back);
    assert_eq!(
        app.ds.as_of.map(|d| d.to_string()).as_deref(),
        Some("2025-01-28"),
        "Esc changes nothing"
    );
    type_as_of(&mut app, "");
    assert_eq!(app.ds.as_of, None);
    assert_eq!(app.state().rows.len(), all);
}

#[test]
fn the_scope_key_shows_the_first_file_alone_and_back() {
    let origin = Origin::Files(vec![path(MINI), path(LAYER)]);
    let ds = load::load(&origin).unwrap_or_else(|f| panic!("{}", f.message));
    let mut app = App::new(ds, origin, Query::default());
    assert_eq!(app.state().rows.len(), 4);
    assert_eq!(app.update(Action::ToggleScope), labdash::app::Effect::Reload);
    labdash::runner::reload(&mut app);
    assert_eq!(app.loaded_scope, Scope::First);
    assert_eq!(app.state().rows.len(), 3);
    app.update(Action::ToggleScope);
    labdash::runner::reload(&mut app);
    assert_eq!(app.state().rows.len(), 4);
    // One file: nothing to switch.
    let ds = load::load(&Origin::File(path(MINI))).unwrap_or_else(|f| panic!("{}", f.message));
    let mut one = App::new(ds, Origin::File(path(MINI)), Query::default());
    assert_eq!(one.update(Action::ToggleScope), labdash::app::Effect::None);
}

#[test]
fn as_of_on_the_command_line() {
    let (code, out, _) = run(&["check", "--as-of", "2025-01-28"]);
    assert_eq!(code, 0);
    assert!(out.contains("as of 2025-01-28"), "{out}");
    let (_, md, _) = run(&["export", "--as-of", "2025-01-28", "--format", "md"]);
    assert!(md.starts_with("**As of 2025-01-28**"), "{md}");
    assert!(md.contains("DeepSeek-R1") && !md.contains("Qwen2.5-Max"));
    let (code, out, err) = run(&["export", "--as-of", "2025-01", "--format", "csv"]);
    assert_eq!(code, 1);
    assert!(out.is_empty() && err.contains("expected YYYY-MM-DD"), "{err}");
}

#[test]
fn the_bundled_data_shows_curated_and_epoch_claims_side_by_side() {
    let ds = load::load(&Origin::Bundled).unwrap_or_else(|f| panic!("{}", f.message));
    assert_eq!(ds.layers.files.len(), 2);
    for (id, metric) in [
        ("deepseek-v3", "train_flop"),
        ("llama-3.1-405b", "train_flop"),
        ("gpt-4", "cost_usd"),
    ] {
        let r = model(&ds, id);
        assert_eq!(ds.layers.label_of(r), "labs+epoch", "{id}");
        let claims: Vec<&data::Claim> = ds
            .claims_for(r, metric)
            .iter()
            .map(|&c| &ds.claims[c as usize])
            .collect();
        let files: Vec<usize> = ds
            .claims_for(r, metric)
            .iter()
            .map(|&c| {
                ds.layers.file_of(RecordRef {
                    kind: Kind::Claim,
                    index: c,
                })
            })
            .collect();
        assert!(
            files.contains(&0) && files.contains(&1),
            "{id} {metric}: claims from both files: {files:?}"
        );
        assert!(claims.iter().any(|c| c.claimant == "Epoch AI"), "{id}");
    }
    // GPT-4's Epoch cost: 2023 dollars, speculative.
    let gpt4 = model(&ds, "gpt-4");
    let epoch: Vec<&data::Claim> = ds
        .claims_for(gpt4, "cost_usd")
        .iter()
        .map(|&c| &ds.claims[c as usize])
        .filter(|c| c.claimant == "Epoch AI" && c.currency == data::Currency::Usd2023)
        .collect();
    assert!(
        epoch.iter().any(
            |c| c.figure.and_then(|f| f.lo).is_some_and(|v| v.round() == 40_586_593.0)
                && c.confidence == data::Confidence::Speculative
        ),
        "{epoch:?}"
    );
    // The curated file alone is the 30 curated models.
    let curated = load::reload(&Origin::Bundled, Scope::First).unwrap_or_else(|p| panic!("{}", p.text));
    assert_eq!(curated.models.len(), 30);
}

#[test]
fn tmux_layers_filter_by_file_switch_to_the_first_and_go_back_in_time() {
    if !common::have_tmux() {
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let t = common::Tmux::labdash(
        "layers",
        common::NO_CONFIG,
        Some(std::path::Path::new(root)),
        &[],
        &[MINI, LAYER],
    );
    t.wait_for("Grok-2");
    t.keys(&["/"]);
    t.type_text("from:epoch");
    t.keys(&["Enter"]);
    let s = t.wait_for("Models 2 of 4");
    assert!(
        s.contains("DeepSeek-V3") && s.contains("Grok-2") && !s.contains("GPT-4"),
        "{s}"
    );
    // The first file alone: the layer's own model is gone, and the status line says so.
    t.keys(&["Escape"]);
    t.wait_for("filter cleared");
    t.keys(&["o"]);
    let s = t.wait_for("first file only");
    assert!(s.contains("Models 3 of 3") && !s.contains("Grok-2"), "{s}");
    t.keys(&["o"]);
    t.wait_for("Models 4 of 4");
    // As of a day before Grok-2's release.
    t.keys(&["@"]);
    t.type_text("2024-08-01");
    t.keys(&["Enter"]);
    let s = t.wait_for("as of 2024-08-01: claims made by then");
    assert!(
        !s.contains("Grok-2") && !s.contains("DeepSeek-V3") && s.contains("Llama 3.1 405B"),
        "{s}"
    );
    // Once the message has been seen, the status line keeps saying which day it is.
    t.keys(&["g"]);
    let s = t.wait_for("as of 2024-08-01 (undated claims included)");
    assert!(
        !s.contains("Grok-2") && !s.contains("DeepSeek-V3") && s.contains("Llama 3.1 405B"),
        "{s}"
    );
    t.keys(&["@", "C-u", "Enter"]);
    t.wait_for("Models 4 of 4");
    t.keys(&["q"]);
    t.wait_exit(0);
}

#[test]
fn tmux_an_edit_of_the_second_file_reloads_the_whole() {
    if !common::have_tmux() {
        return;
    }
    let dir = common::temp_dir("layers-reload");
    let first = dir.join("mini.toml");
    let second = dir.join("epoch.toml");
    let read = |p: &str| std::fs::read_to_string(path(p)).expect("fixture");
    std::fs::write(&first, read(MINI)).expect("write");
    std::fs::write(&second, read(LAYER)).expect("write");
    let t = common::Tmux::labdash(
        "layers-reload",
        common::NO_CONFIG,
        Some(&dir),
        &[],
        &["mini.toml", "epoch.toml"],
    );
    t.wait_for("Grok-2");
    // Saved as editors do: a new file renamed over the old one.
    let edited = read(LAYER).replace("name = \"Grok-2\"", "name = \"Grok-2 (edited)\"");
    let tmp = dir.join(".epoch.toml.swp");
    std::fs::write(&tmp, edited).expect("write");
    std::fs::rename(&tmp, &second).expect("rename");
    let s = t.wait_for("Grok-2 (edited)");
    assert!(s.contains("reloaded"), "{s}");
    // A broken second file: the problem names that file, the last good data stays.
    std::fs::write(&tmp, "[[model]]\nid = \"x\"\n").expect("write");
    std::fs::rename(&tmp, &second).expect("rename");
    let s = t.wait_for("reload failed");
    assert!(s.contains("epoch.toml:"), "{s}");
    t.keys(&["Escape"]);
    t.wait_for("Grok-2 (edited)");
    t.keys(&["q"]);
    t.wait_exit(0);
}
