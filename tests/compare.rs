//! Compare (`Space`, `c`, `n`): marks across sort/filter/reload, the compare model for the
//! article's pairs, picking claims, and the overlay on `TestBackend`.

use labdash::app::{Action, App, Overlay};
use labdash::data::{self, Figure, Shape};
use labdash::load::Origin;
use labdash::ui::{self, Theme};
use labdash::view::compare::{Comparison, Ratio, RowKind};
use labdash::view::{Query, Value, ViewKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

fn bundled() -> data::Dataset {
    data::load(data::BUNDLED_NAME, data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"))
}

fn app() -> App {
    App::new(bundled(), Origin::Bundled, Query::default())
}

fn filter(app: &mut App, text: &str) {
    app.update(Action::OpenFilter);
    app.update(Action::PromptClear);
    for c in text.chars() {
        app.update(Action::PromptInput(c));
    }
    app.update(Action::PromptAccept);
}

/// Marks the records with these ids in the view on screen (cursor on each, then Space).
fn mark(app: &mut App, ids: &[&str]) {
    for id in ids {
        let kind = app.view.kind();
        let pos = app
            .state()
            .rows
            .iter()
            .position(|&r| app.ds.id_of(data::RecordRef { kind, index: r }) == *id)
            .unwrap_or_else(|| panic!("{id} not shown"));
        app.state_mut().cursor = pos;
        app.update(Action::ToggleMark);
    }
}

fn compare(app: &App) -> Comparison<'_> {
    match &app.overlay {
        Some(Overlay::Compare(st)) => st.comparison(&app.ds),
        other => panic!("compare is not open: {other:?}"),
    }
}

fn row<'c, 'a>(cmp: &'c Comparison<'a>, id: &str) -> &'c labdash::view::compare::Row<'a> {
    cmp.rows
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

fn ratio_fig(cmp: &Comparison<'_>, id: &str, col: usize) -> Figure {
    match &row(cmp, id).cells[col].ratio {
        Some(Ratio::Of(f)) => *f,
        other => panic!("{id}: no ratio: {other:?}"),
    }
}

fn ratio_text(cmp: &Comparison<'_>, id: &str, col: usize) -> String {
    row(cmp, id).cells[col]
        .ratio
        .as_ref()
        .map(Ratio::short)
        .unwrap_or_default()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs()
}

/// Moves the compare cursor to a metric row.
fn goto(app: &mut App, id: &str) {
    let target = compare(app)
        .rows
        .iter()
        .position(|r| r.id == id)
        .unwrap_or_else(|| panic!("no {id}"));
    app.update(Action::First);
    for _ in 0..target {
        app.update(Action::MoveDown);
    }
}

fn ids_of_marks(app: &App) -> Vec<String> {
    let mut v: Vec<String> = app.marks.iter().map(|(_, id)| id.clone()).collect();
    v.sort();
    v
}

#[test]
fn marks_survive_sorting_filtering_and_reloading() {
    let mut app = app();
    mark(&mut app, &["deepseek-v3", "llama-3.1-405b"]);
    assert_eq!(ids_of_marks(&app), ["deepseek-v3", "llama-3.1-405b"]);
    let marked = |app: &App| -> Vec<String> {
        app.state()
            .rows
            .iter()
            .filter(|&&r| app.is_marked(r))
            .map(|&r| app.ds.models[r as usize].id.to_string())
            .collect()
    };
    // Sorting by chips puts Llama (≤16,384) above DeepSeek (2,048): the marks move with them.
    app.state_mut().col = labdash::view::columns::find(ViewKind::Models, "chips").unwrap_or(0);
    app.update(Action::SortByCursorColumn);
    assert_eq!(marked(&app), ["llama-3.1-405b", "deepseek-v3"]);
    // A filter hides one; the mark stays and shows again when the filter goes.
    filter(&mut app, "country:CN");
    assert_eq!(marked(&app), ["deepseek-v3"]);
    app.update(Action::Back);
    assert_eq!(marked(&app).len(), 2);
    // A reload whose file moves the records keeps the marks (keyed by id, not position).
    let anchor = "[[model]]\nid              = \"deepseek-v2\"\n";
    assert!(data::BUNDLED.contains(anchor));
    let moved = data::BUNDLED.replacen(
        anchor,
        &format!("[[model]]\nid = \"aaa-new\"\nlab = \"deepseek\"\nname = \"AAA New\"\n\n{anchor}"),
        1,
    );
    let ds = data::load("moved.toml", &moved).unwrap_or_else(|d| panic!("{d:?}"));
    app.replace_data(ds);
    assert_eq!(marked(&app), ["llama-3.1-405b", "deepseek-v3"]);
    // Space again unmarks.
    filter(&mut app, "deepseek-v3");
    app.state_mut().cursor = 0;
    app.update(Action::ToggleMark);
    assert_eq!(ids_of_marks(&app), ["llama-3.1-405b"]);
}

#[test]
fn deepseek_v3_against_llama_405b_chips_gpu_hours_flop_and_cost() {
    let mut app = app();
    mark(&mut app, &["llama-3.1-405b", "deepseek-v3"]);
    app.update(Action::Compare);
    let cmp = compare(&app);
    // First in the table's order is the base, whatever order the marks were made in.
    let names: Vec<&str> = cmp.records.iter().map(|r| app.ds.name_of(*r)).collect();
    assert_eq!(names, ["DeepSeek-V3", "Llama 3.1 405B"]);
    // 2,048 H800 against up to 16,384 H100: 16,384 ÷ 2,048 = 8.0, an upper bound.
    let chips = ratio_fig(&cmp, "chips", 1);
    assert_eq!(chips.shape(), Shape::AtMost(8.0));
    assert_eq!(ratio_text(&cmp, "chips", 1), "▲ ≤8.0×");
    let r = row(&cmp, "chips");
    assert_eq!(
        r.cells[1].ratio.as_ref().map(|x| x.phrase(&r.noun)),
        Some("▲ at most 8.0× the chips".to_string())
    );
    // Each figure names its claim: DeepSeek's own (C047), Meta's paper (C138).
    assert!(
        r.cells[0]
            .provenance
            .contains("C047 DeepSeek, claimed, training_cluster"),
        "{}",
        r.cells[0].provenance
    );
    assert!(r.cells[1].provenance.contains("C138"), "{}", r.cells[1].provenance);
    // 30,840,000 ÷ 2,788,000 GPU-hours = 11.06.
    let h = ratio_fig(&cmp, "gpu_hours", 1);
    assert!(close(h.key(), 30_840_000.0 / 2_788_000.0), "{h:?}");
    assert_eq!(ratio_text(&cmp, "gpu_hours", 1), "▲ 11×");
    assert!(row(&cmp, "gpu_hours").cells[0].provenance.contains("C043"));
    // 3.8e25 ÷ 4.56e24 (Epoch's estimate for DeepSeek-V3, C053: not DeepSeek's own) = 8.33.
    let f = ratio_fig(&cmp, "train_flop", 1);
    assert!(close(f.key(), 3.8e25 / 4.56e24), "{f:?}");
    let flop = &row(&cmp, "train_flop").cells[0];
    assert!(
        flop.provenance.contains("C053 Epoch AI, estimated"),
        "{}",
        flop.provenance
    );
    assert_eq!(flop.cell.marks.provenance, labdash::data::Provenance::Others);
    // Meta states no cost: a dash, and no ratio.
    let cost = row(&cmp, "cost_usd");
    assert_eq!(cost.cells[1].cell.value, Value::Missing);
    assert_eq!(cost.cells[1].ratio, Some(Ratio::None("no figure")));
    assert!(cost.cells[0].provenance.contains("[C050 DeepSeek, claimed, final_run]"));
    // Derived rows are in compare too, marked derived, with their inputs named.
    let days = row(&cmp, "train_days");
    assert_eq!(days.kind, RowKind::Derived);
    assert!(days.cells.iter().all(|c| c.cell.marks.derived));
    assert_eq!(days.cells[0].provenance, "ƒ C043 ÷ C047 ÷ 24");
    // Llama's days come from "up to 16,384" chips: at least 78.43 days, never a plain 78.
    let Value::Fig { fig, .. } = days.cells[1].cell.value else {
        panic!("no days")
    };
    assert!(matches!(fig.shape(), Shape::AtLeast(_)), "{fig:?}");
}

#[test]
fn switching_deepseeks_cost_claim_moves_the_ratio_and_the_derived_cost_per_hour() {
    let mut app = app();
    mark(&mut app, &["deepseek-v3", "gpt-4"]);
    app.update(Action::Compare);
    goto(&mut app, "cost_usd");
    let cmp = compare(&app);
    let cost = row(&cmp, "cost_usd");
    // GPT-4 has no figure of its own; the first claim (Altman via Wired, "more than $100M").
    assert!(
        cost.cells[1].provenance.contains("C102"),
        "{}",
        cost.cells[1].provenance
    );
    // More than $100M ÷ $5.576M: more than 17.93×, shown rounded down.
    assert_eq!(ratio_fig(&cmp, "cost_usd", 1).shape(), Shape::AtLeast(100e6 / 5.576e6));
    assert_eq!(ratio_text(&cmp, "cost_usd", 1), "▲ >17×");
    drop(cmp);
    // n: DeepSeek's pre-training-only figure, C051a ($5.328M).
    app.update(Action::NextClaim);
    let cmp = compare(&app);
    assert!(row(&cmp, "cost_usd").cells[0].provenance.contains("C051a"));
    assert_eq!(ratio_fig(&cmp, "cost_usd", 1).shape(), Shape::AtLeast(100e6 / 5.328e6));
    // $/GPU-hour follows the chosen claim, and a pre-training cost ÷ the full run's GPU-hours
    // (C043, final_run) would mix scopes: not derived, and compare says why (issue 14 item 1).
    let per_hour = &row(&cmp, "usd_per_gpu_hour").cells[0];
    assert!(per_hour.cell.is_missing(), "{:?}", per_hour.cell);
    assert!(
        per_hour.provenance.contains("pre_training (C051a)") && per_hour.provenance.contains("final_run (C043)"),
        "{}",
        per_hour.provenance
    );
    assert!(
        app.status.as_ref().is_some_and(|s| s.text.contains("C051a")),
        "{:?}",
        app.status
    );
    drop(cmp);
    // Further n reach the lab-level alternative: SemiAnalysis's "well over $500M" hardware spend.
    let mut lab_level = None;
    for _ in 0..20 {
        app.update(Action::NextClaim);
        let cmp = compare(&app);
        let c = &row(&cmp, "cost_usd").cells[0];
        if c.chosen().is_some_and(|c| c.lab_level) && c.provenance.contains("C056") {
            let ratio = match &row(&cmp, "cost_usd").cells[1].ratio {
                Some(Ratio::Of(f)) => Some(*f),
                _ => None,
            };
            lab_level = Some((c.provenance.clone(), ratio));
            // No $/GPU-hour from a company's capex.
            assert!(row(&cmp, "usd_per_gpu_hour").cells[0].cell.is_missing());
            break;
        }
    }
    let (prov, ratio) = lab_level.unwrap_or_else(|| panic!("no lab-level alternative"));
    assert!(
        prov.contains("lab-level: hardware spend") && prov.contains("total_hardware"),
        "{prov}"
    );
    // More than $100M against more than $500M: nothing can be said; picking GPT-4's
    // $78.4M (AI Index, C100) gives at most 0.16×.
    assert_eq!(ratio, None);
    app.update(Action::ColumnRight);
    app.update(Action::NextClaim);
    let cmp = compare(&app);
    assert!(row(&cmp, "cost_usd").cells[1].provenance.contains("C100"));
    assert_eq!(ratio_fig(&cmp, "cost_usd", 1).shape(), Shape::AtMost(78.4e6 / 500e6));
}

#[test]
fn yi_lightning_against_gpt_4_cost() {
    let mut app = app();
    mark(&mut app, &["yi-lightning", "gpt-4"]);
    app.update(Action::Compare);
    goto(&mut app, "cost_usd");
    let cmp = compare(&app);
    let names: Vec<&str> = cmp.records.iter().map(|r| app.ds.name_of(*r)).collect();
    assert_eq!(names, ["GPT-4", "Yi-Lightning"]);
    // "Over $3M" against "more than $100M" (Altman, the first GPT-4 claim): no ratio can be
    // drawn from two lower bounds, and the view says so instead of inventing one.
    let cost = row(&cmp, "cost_usd");
    assert_eq!(cost.cells[1].ratio, Some(Ratio::None("bounds only: no ratio")));
    // Yi's figure is the lab's own (Kai-Fu Lee at launch, C005); GPT-4's claims disagree.
    assert!(
        cost.cells[1].provenance.contains("C005 Kai-Fu Lee"),
        "{}",
        cost.cells[1].provenance
    );
    assert!(cost.cells[0].conflicting(&app.ds));
    assert!(cost.cells[0].candidates.len() >= 5);
    // 2,000 GPUs against Epoch's speculative 25,000 for GPT-4.
    assert_eq!(ratio_text(&cmp, "chips", 1), "▼ 0.08×");
    assert_eq!(
        row(&cmp, "chips").cells[0].cell.marks.confidence,
        data::Confidence::Speculative
    );
    drop(cmp);
    // Pick Kai-Fu Lee's $80–100M for GPT-4 (the article's figure): the choice is visible.
    for _ in 0..10 {
        let done = row(&compare(&app), "cost_usd").cells[0].provenance.contains("C009");
        if done {
            break;
        }
        app.update(Action::NextClaim);
    }
    let cmp = compare(&app);
    let cost = row(&cmp, "cost_usd");
    assert!(
        cost.cells[0].provenance.contains("C009 Kai-Fu Lee, estimated"),
        "{}",
        cost.cells[0].provenance
    );
    // Over $3M ÷ $80–100M: more than 0.03× (3 ÷ 100), with no upper bound.
    assert_eq!(ratio_fig(&cmp, "cost_usd", 1).shape(), Shape::AtLeast(0.03));
    assert_eq!(
        cost.cells[1].ratio.as_ref().map(|r| r.phrase(&cost.noun)),
        Some("▼ more than 0.03× the training cost".to_string())
    );
}

#[test]
fn picks_survive_a_reload_and_esc_keeps_the_tables_place() {
    let mut app = app();
    mark(&mut app, &["deepseek-v3", "gpt-4"]);
    filter(&mut app, "openai");
    app.state_mut().cursor = 1;
    let before = app.cursor_record();
    app.update(Action::Compare);
    goto(&mut app, "cost_usd");
    app.update(Action::NextClaim);
    app.replace_data(bundled());
    assert!(row(&compare(&app), "cost_usd").cells[0].provenance.contains("C051a"));
    app.update(Action::Back);
    assert!(app.overlay.is_none());
    assert_eq!(app.cursor_record(), before);
}

#[test]
fn with_nothing_marked_c_compares_the_current_and_the_previous_row() {
    let mut app = app();
    app.update(Action::Compare);
    assert!(app.overlay.is_none(), "one row is no comparison");
    app.update(Action::MoveDown);
    app.update(Action::MoveDown);
    app.update(Action::Compare);
    let cmp = compare(&app);
    let ids: Vec<&str> = cmp.records.iter().map(|r| app.ds.id_of(*r)).collect();
    assert_eq!(ids, ["deepseek-v3", "deepseek-r1"]);
}

#[test]
fn labs_compare_aggregates_over_their_models() {
    let mut app = app();
    app.update(Action::ShowView(ViewKind::Labs));
    mark(&mut app, &["deepseek", "meta"]);
    app.update(Action::Compare);
    let cmp = compare(&app);
    let models = row(&cmp, "models");
    assert_eq!(models.kind, RowKind::Derived);
    let largest = row(&cmp, "max_train_flop");
    assert!(largest.cells.iter().all(|c| c.cell.marks.derived));
    assert!(
        largest.cells[1].provenance.contains("Llama"),
        "{}",
        largest.cells[1].provenance
    );
    let total = row(&cmp, "total_gpu_hours");
    assert!(
        total.cells[0].provenance.contains("sum of"),
        "{}",
        total.cells[0].provenance
    );
    // Lab-level claims: SemiAnalysis's fleet and hardware spend estimates for DeepSeek.
    assert!(row(&cmp, "hardware_spend_usd").cells[0].provenance.contains("C056"));
    assert!(
        row(&cmp, "gpu_fleet").cells[0]
            .candidates
            .iter()
            .any(|c| c.claim.is_some())
    );
}

#[test]
fn compute_records_compare_too() {
    let mut app = app();
    app.update(Action::ShowView(ViewKind::Compute));
    mark(&mut app, &["colossus", "meta-llama3.1-cluster"]);
    app.update(Action::Compare);
    let cmp = compare(&app);
    let names: Vec<&str> = cmp.records.iter().map(|r| app.ds.id_of(*r)).collect();
    assert_eq!(names, ["colossus", "meta-llama3.1-cluster"]);
    // Up to 16,384 against 100,000: at most 0.16×.
    assert_eq!(ratio_fig(&cmp, "chips", 1).shape(), Shape::AtMost(0.16384));
    assert!(row(&cmp, "capex_usd").cells.len() == 2);
}

// ---- rendering ----

fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
    ui::draw_frame(&mut term, app, &Theme::DARK).unwrap_or_else(|e| panic!("{e}"));
    term.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    ui::text::buffer_text(buf)
}

fn deepseek_llama() -> App {
    let mut app = app();
    mark(&mut app, &["deepseek-v3", "llama-3.1-405b"]);
    app.update(Action::Compare);
    goto(&mut app, "chips");
    app
}

#[test]
fn compare_snapshots_at_several_sizes() {
    for (w, h) in [(140, 40), (80, 24), (40, 12)] {
        let mut app = deepseek_llama();
        let t = text(&draw(&mut app, w, h));
        assert!(
            t.contains("Chips") && t.contains("2,048") && t.contains("≤16,384"),
            "{w}x{h}:\n{t}"
        );
        assert!(
            t.contains("▲ ≤8.0×") || t.contains("▲ at most 8.0× the chips"),
            "{w}x{h}: the ratio is visible:\n{t}"
        );
        insta::assert_snapshot!(format!("compare_deepseek_llama_{w}x{h}"), t);
    }
}

#[test]
fn compare_snapshot_after_picking_a_lab_level_cost() {
    let mut app = app();
    mark(&mut app, &["deepseek-v3", "gpt-4"]);
    app.update(Action::Compare);
    goto(&mut app, "cost_usd");
    for _ in 0..7 {
        app.update(Action::NextClaim);
    }
    let t = text(&draw(&mut app, 140, 40));
    assert!(t.contains("▶ >$500M"), "the chosen figure is marked:\n{t}");
    assert!(t.contains("lab-level: hardware spend"), "{t}");
    insta::assert_snapshot!("compare_deepseek_gpt4_lab_level_140x40", t);
}

#[test]
fn compare_marks_read_without_colour() {
    let mut app = deepseek_llama();
    let buf = draw(&mut app, 140, 40);
    let t = text(&buf);
    // The cursor metric has the ▶ glyph and a reversed label.
    let (y, line) = t
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Chips") && l.contains("2,048"))
        .unwrap_or_else(|| panic!("no chips line:\n{t}"));
    let x = line
        .find("▶Chips")
        .map(|b| line[..b].chars().count())
        .unwrap_or_else(|| panic!("no ▶:\n{line}"));
    assert!(buf[(x as u16 + 1, y as u16)].modifier.contains(Modifier::REVERSED));
    // Ratios carry an arrow; the derived rows their ƒ; the chosen claim its ▶.
    assert!(t.contains("▲ 11×"), "{t}");
    assert!(t.contains("Days ƒ"), "{t}");
    assert!(t.contains("▶ 2,048"), "{t}");
}

#[test]
fn compare_never_panics_at_any_size() {
    let mut sizes = vec![(1, 1), (2, 2), (5, 3), (20, 6), (21, 7), (40, 12), (300, 100)];
    sizes.extend((0..30).map(|i| (1 + i * 7 % 200, 1 + i * 3 % 60)));
    for (w, h) in sizes {
        let mut app = deepseek_llama();
        let _ = draw(&mut app, w, h);
        // Also draw the overlay alone into tiny areas (below the dashboard's minimum).
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
        term.draw(|f| ui::compare::render(f, f.area(), &app, &Theme::LIGHT))
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Cycling claims with `n` never moves a column: the header (record names and the ratio
/// column) stays where it was at every pick, at every size.
#[test]
fn columns_stay_put_while_n_cycles_claims() {
    for (w, h) in [(140, 40), (120, 40), (80, 24), (60, 20)] {
        let mut app = app();
        mark(&mut app, &["deepseek-v3", "gpt-4"]);
        app.update(Action::Compare);
        goto(&mut app, "cost_usd");
        let header = |app: &mut App| {
            let t = text(&draw(app, w, h));
            t.lines().nth(2).unwrap_or_default().to_string()
        };
        let first = header(&mut app);
        for i in 0..8 {
            app.update(Action::NextClaim);
            assert_eq!(header(&mut app), first, "{w}x{h}, pick {i}");
        }
        // The base's claims too.
        app.update(Action::ColumnLeft);
        for i in 0..4 {
            app.update(Action::NextClaim);
            assert_eq!(header(&mut app), first, "{w}x{h}, base pick {i}");
        }
    }
}

#[test]
fn claims_of_different_metrics_have_no_ratio_even_in_one_unit() {
    let mut app = app();
    app.update(Action::ShowView(ViewKind::Claims));
    // C047: 2,048 chips; C079: a count of another metric. Both plain counts, never comparable.
    mark(&mut app, &["C047", "C079"]);
    app.update(Action::Compare);
    let cmp = compare(&app);
    let value = row(&cmp, "value");
    assert!(
        matches!(value.cells[1].ratio, Some(Ratio::None("different metrics"))),
        "{:?}",
        value.cells[1].ratio
    );
    app.update(Action::Back);
    // Two chips claims about the same model do have one.
    app.update(Action::UnmarkAll);
    mark(&mut app, &["C047", "C001"]);
    app.update(Action::Compare);
    let cmp = compare(&app);
    assert!(matches!(row(&cmp, "value").cells[1].ratio, Some(Ratio::Of(_))));
}

#[test]
fn a_compare_of_two_claims_fits_its_rows_and_names_metrics_by_title() {
    let mut app = app();
    app.update(Action::ShowView(ViewKind::Claims));
    mark(&mut app, &["C040", "C042"]);
    app.update(Action::Compare);
    let t = text(&draw(&mut app, 120, 40));
    let tall = t.lines().filter(|l| l.contains('│')).count();
    let rows = compare(&app).rows.len();
    // The box holds its rows (and notes), not the whole screen.
    assert!(tall < 36 && tall >= rows, "{tall} lines for {rows} rows\n{t}");
    assert!(t.contains("parameters (total)") && t.contains("training tokens"), "{t}");
    assert!(t.contains("different metrics"), "{t}");
}
