//! The bundled dataset: it validates with zero diagnostics, and the figures of the article
//! behind it are present, exact, and attributed.

use labdash::data::{self, Claim, ClaimKind, Currency, Dataset, Figure, Kind, RecordRef, Shape};

fn bundled() -> Dataset {
    data::load(data::BUNDLED_NAME, data::BUNDLED).unwrap_or_else(|d| panic!("bundled data invalid: {d:?}"))
}

fn rec(ds: &Dataset, id: &str) -> RecordRef {
    *ds.ids.get(id).unwrap_or_else(|| panic!("no record {id}"))
}

fn claim<'a>(ds: &'a Dataset, id: &str) -> &'a Claim {
    let r = rec(ds, id);
    assert_eq!(r.kind, Kind::Claim, "{id} is not a claim");
    &ds.claims[r.index as usize]
}

fn point(f: Option<Figure>) -> Option<f64> {
    match f?.shape() {
        Shape::Point(v) => Some(v),
        _ => None,
    }
}

#[test]
fn bundled_data_validates_and_has_the_promised_counts() {
    let ds = bundled();
    assert!(ds.labs.len() >= 16, "labs: {}", ds.labs.len());
    assert!(ds.models.len() >= 29, "models: {}", ds.models.len());
    assert!(ds.claims.len() >= 170, "claims: {}", ds.claims.len());
    assert!(ds.sources.len() >= 70, "sources: {}", ds.sources.len());
    assert!(ds.events.len() >= 40, "events: {}", ds.events.len());
    for id in (0..=70).map(|n| format!("S{n:02}")) {
        assert_eq!(rec(&ds, &id).kind, Kind::Source, "{id}");
    }
    for id in (1..=41).map(|n| format!("E{n:02}")) {
        assert_eq!(rec(&ds, &id).kind, Kind::Event, "{id}");
    }
}

#[test]
fn deepseek_v3_headline_is_deepseeks_own_claim() {
    let ds = bundled();
    let m = &ds.models[rec(&ds, "deepseek-v3").index as usize];
    assert_eq!(point(m.chips.fig), Some(2048.0));
    assert_eq!(m.chip.map(|c| ds.chips[c as usize].id.as_str()), Some("h800"));
    assert_eq!(point(m.gpu_hours.fig), Some(2_788_000.0));
    assert_eq!(point(m.cost_usd.fig), Some(5_576_000.0));
    let c050 = claim(&ds, "C050");
    assert_eq!(c050.claimant, "DeepSeek");
    assert_eq!(c050.kind, ClaimKind::Claimed);
    assert_eq!(point(c050.figure), Some(5_576_000.0));
    // The counter-claim is SemiAnalysis's company-level hardware spend, a lower bound.
    let c056 = claim(&ds, "C056");
    assert!(c056.claimant.contains("SemiAnalysis"));
    assert_eq!(c056.figure.map(|f| f.shape()), Some(Shape::AtLeast(500_000_000.0)));
}

#[test]
fn the_articles_chip_counts_are_there() {
    let ds = bundled();
    let c001 = claim(&ds, "C001");
    assert_eq!(ds.id_of(c001.subject), "deepseek-v3");
    assert_eq!(point(c001.figure), Some(2000.0));
    assert!(c001.claimant.contains("New York Times") || c001.claimant.contains("NYT"));
    // "as many as 16,000": an upper bound.
    let c002 = claim(&ds, "C002");
    assert_eq!(c002.metric.id, "chips");
    assert_eq!(c002.figure.map(|f| f.shape()), Some(Shape::AtMost(16_000.0)));
}

#[test]
fn llama_3_1_405b_figures_are_exact() {
    let ds = bundled();
    let m = &ds.models[rec(&ds, "llama-3.1-405b").index as usize];
    assert_eq!(m.chips.fig.map(|f| f.shape()), Some(Shape::AtMost(16_384.0)));
    assert_eq!(m.chip.map(|c| ds.chips[c as usize].id.as_str()), Some("h100"));
    assert_eq!(point(m.gpu_hours.fig), Some(30_840_000.0));
    assert_eq!(point(m.train_flop.fig), Some(3.8e25));
}

#[test]
fn yi_lightning_three_million_on_two_thousand_gpus() {
    let ds = bundled();
    let m = &ds.models[rec(&ds, "yi-lightning").index as usize];
    assert_eq!(m.cost_usd.fig.map(|f| f.shape()), Some(Shape::AtLeast(3_000_000.0)));
    assert_eq!(point(m.chips.fig), Some(2000.0));
    assert!(claim(&ds, "C005").claimant.contains("Kai-Fu Lee"));
}

#[test]
fn gpt4_has_four_conflicting_cost_claims_side_by_side() {
    let ds = bundled();
    let gpt4 = rec(&ds, "gpt-4");
    let costs: Vec<&Claim> = ds
        .claims_for(gpt4, "cost_usd")
        .iter()
        .map(|&i| &ds.claims[i as usize])
        .collect();
    let has = |pred: &dyn Fn(&Claim) -> bool| costs.iter().any(|c| pred(c));
    // AI Index $78.4M.
    assert!(has(
        &|c| c.claimant.contains("AI Index") && c.figure.is_some_and(|f| f.key() == 78_400_000.0)
    ));
    // Altman via Wired: more than $100M.
    assert!(has(
        &|c| c.claimant.contains("Altman") && c.figure.map(|f| f.shape()) == Some(Shape::AtLeast(100_000_000.0))
    ));
    // Kai-Fu Lee: $80–100M.
    assert!(has(&|c| c.claimant.contains("Kai-Fu Lee")
        && c.figure.map(|f| f.shape())
            == Some(Shape::Range(80_000_000.0, 100_000_000.0))));
    // Epoch: $40.6M in 2023 dollars.
    assert!(has(&|c| c.claimant.contains("Epoch")
        && c.currency == Currency::Usd2023
        && c.figure.is_some_and(|f| (f.key() - 40.6e6).abs() < 0.1e6)));
    let m = &ds.models[gpt4.index as usize];
    assert!(m.cost_usd.disputed, "GPT-4's cost must show as disputed");
}

#[test]
fn stargate_is_100_billion_up_to_500_billion() {
    let ds = bundled();
    let s = &ds.compute[rec(&ds, "stargate").index as usize];
    assert_eq!(point(s.capex_usd.fig), Some(100e9));
    let c012 = claim(&ds, "C012");
    assert_eq!(c012.figure.map(|f| f.shape()), Some(Shape::AtMost(500e9)));
}

#[test]
fn every_claim_names_a_source_and_a_claimant() {
    let ds = bundled();
    for c in &ds.claims {
        assert!(!c.sources.is_empty(), "{} has no source", c.id);
        assert!(!c.claimant.trim().is_empty(), "{} has no claimant", c.id);
        if c.kind == ClaimKind::Derived {
            assert!(c.formula.is_some(), "derived claim {} has no formula", c.id);
        }
    }
}

#[test]
fn chinese_names_are_kept() {
    let ds = bundled();
    let native = |id: &str| {
        ds.labs[rec(&ds, id).index as usize]
            .name_native
            .clone()
            .unwrap_or_default()
    };
    assert_eq!(native("deepseek"), "深度求索");
    assert_eq!(native("01ai"), "零一万物");
    assert_eq!(native("moonshot"), "月之暗面");
    assert!(native("zhipu").contains("智谱"));
}

/// Issue 14 item 9: the data file says what its sources say, once, and points at nothing a
/// user does not have.
#[test]
fn data_fixes_against_the_sources() {
    let ds = bundled();
    // One claim per (subject, metric, figure, claimant, source): C104 repeated C009.
    let mut seen = std::collections::HashSet::new();
    for c in &ds.claims {
        if c.figure.is_none() {
            continue;
        }
        let key = format!(
            "{:?} {} {:?} {} {:?}",
            c.subject, c.metric.id, c.figure, c.claimant, c.sources
        );
        assert!(seen.insert(key), "{} repeats an earlier claim", c.id);
    }
    assert!(!ds.ids.contains_key("C104"));
    // The $100B of Stargate is in the article itself (S00).
    let s00 = rec(&ds, "S00").index;
    assert!(claim(&ds, "C011").sources.contains(&s00));
    let stargate = &ds.compute[rec(&ds, "stargate").index as usize];
    assert!(stargate.sources.contains(&s00));
    assert!(ds.events[rec(&ds, "E33").index as usize].sources.contains(&s00));
    // Only the year of Soros's bet is known.
    let e01 = &ds.events[rec(&ds, "E01").index as usize];
    assert_eq!(e01.date.map(|d| d.to_string()).as_deref(), Some("1992"));
    // Wired reports; it is not Altman's own claim.
    let c102 = claim(&ds, "C102");
    assert!(c102.claimant.starts_with("Wired"), "{}", c102.claimant);
    assert_eq!(c102.kind, ClaimKind::Reported);
    let readme = include_str!("../README.md");
    assert!(!readme.contains("shared/"), "README points at files users do not have");
    assert!(!data::BUNDLED.contains("shared/"));
}

/// Issue 14 item 4: `‡` only when claims cannot both hold given their stated precision.
#[test]
fn roundings_are_not_disputes() {
    let ds = bundled();
    let m = &ds.models[rec(&ds, "llama-3.1-405b").index as usize];
    // Meta's 30.84M vs Lambert's "30.8M"; the paper's 15.6T vs the model card's "~15T".
    assert!(!m.gpu_hours.disputed);
    assert!(!m.tokens_t.disputed);
    // Real disagreements stay flagged: GPT-4's cost (over $100M vs $63M…).
    let gpt4 = &ds.models[rec(&ds, "gpt-4").index as usize];
    assert!(gpt4.cost_usd.disputed);
    // Nominal vs 2023 dollars differ by inflation only: Epoch's $5.39M (2023) agrees with
    // "about $6M"; $4.3M vs $2.1M (2023) for GPT-3 does not. Euros against dollars cannot be
    // judged without a rate: no dispute.
    let disputed = |id: &str| labdash::view::claims::value_cell(&ds, claim(&ds, id)).marks.disputed;
    assert!(!disputed("C055") && !disputed("C075a"));
    assert!(disputed("C095") && disputed("C096"));
    assert!(!disputed("C150") && !disputed("C150b"));
    let mistral = &ds.models[rec(&ds, "mistral-large").index as usize];
    assert!(!mistral.cost_usd.disputed);
}

/// Issue 14 item 5: every figure's glyph follows from who stated it — the subject (none),
/// anybody else (`*`), labdash's own arithmetic (`ƒ`).
#[test]
fn provenance_glyph_of_every_bundled_figure() {
    use labdash::view::{cell::Cell, format};
    let ds = bundled();
    let expected = |r: RecordRef, metric: &str, fig: Figure| -> &'static str {
        let stating = ds
            .claims_for(r, metric)
            .iter()
            .map(|&c| &ds.claims[c as usize])
            .find(|c| c.figure.is_some_and(|f| f.lo == fig.lo && f.hi == fig.hi));
        match stating.map(|c| c.kind) {
            None | Some(ClaimKind::Claimed) => "",
            Some(ClaimKind::Reported | ClaimKind::Estimated) => "*",
            Some(ClaimKind::Derived) => "ƒ",
        }
    };
    let mut checked = 0;
    let mut check = |kind: Kind, index: usize, metric: &str, slot: &data::Slot| {
        let Some(fig) = slot.fig else { return };
        let r = RecordRef {
            kind,
            index: index as u32,
        };
        let marks = format::marks_text(&Cell::slot(slot, data::Unit::Count));
        let glyph = marks.trim_end_matches(['~', '?', '‡']);
        assert_eq!(glyph, expected(r, metric, fig), "{} {metric}", ds.id_of(r));
        checked += 1;
    };
    for (i, m) in ds.models.iter().enumerate() {
        for (metric, s) in [
            ("params_b", &m.params_b),
            ("active_params_b", &m.active_params_b),
            ("tokens_t", &m.tokens_t),
            ("chips", &m.chips),
            ("gpu_hours", &m.gpu_hours),
            ("train_flop", &m.train_flop),
            ("cost_usd", &m.cost_usd),
        ] {
            check(Kind::Model, i, metric, s);
        }
    }
    for (i, l) in ds.labs.iter().enumerate() {
        check(Kind::Lab, i, "gpu_fleet", &l.gpu_fleet);
        check(Kind::Lab, i, "hardware_spend_usd", &l.hardware_spend_usd);
    }
    for (i, c) in ds.compute.iter().enumerate() {
        check(Kind::Compute, i, "chips", &c.chips);
        check(Kind::Compute, i, "capex_usd", &c.capex_usd);
    }
    for (i, c) in ds.chips.iter().enumerate() {
        for (metric, s) in [
            ("bf16_tflops", &c.bf16_tflops),
            ("fp8_tflops", &c.fp8_tflops),
            ("memory_gb", &c.memory_gb),
            ("mem_bw_tbs", &c.mem_bw_tbs),
            ("interconnect_gbs", &c.interconnect_gbs),
            ("tdp_w", &c.tdp_w),
        ] {
            check(Kind::Chip, i, metric, s);
        }
    }
    for (i, e) in ds.events.iter().enumerate() {
        check(Kind::Event, i, "amount_usd", &e.amount_usd);
    }
    assert!(checked > 100, "{checked}");
    // DeepSeek-R1's GPU-hours are labdash's 512 × 80 h, not anybody's claim.
    let r1 = &ds.models[rec(&ds, "deepseek-r1").index as usize];
    assert_eq!(
        format::cell_text(&Cell::slot(&r1.gpu_hours, data::Unit::GpuHours)),
        "40.96Kƒ"
    );
}

/// Issue 14 item 6: an event's claims count those it links to, and its details list them.
#[test]
fn events_count_their_linked_claims() {
    use labdash::view::{ViewKind, columns::columns, details};
    let ds = bundled();
    let e03 = rec(&ds, "E03");
    let col = columns(ViewKind::Events)
        .iter()
        .find(|c| c.id == "claims")
        .unwrap_or_else(|| panic!("no claims column"));
    // C030, C031 and C031b: the conflicting founding years.
    assert_eq!((col.get)(&ds, e03.index).number(), Some(3.0));
    let text: Vec<String> = details::lines(&ds, e03).into_iter().map(|l| l.text).collect();
    assert!(text.iter().any(|l| l.contains("C030")), "{text:#?}");
    let nonzero = (0..ds.events.len() as u32)
        .filter(|&i| (col.get)(&ds, i).number().unwrap_or(0.0) > 0.0)
        .count();
    assert!(nonzero >= 4, "{nonzero}");
}

/// Issue 14 item 1: a lab's "largest run" is a single run, not a cumulative figure.
#[test]
fn largest_run_is_not_a_cumulative_figure() {
    use labdash::view::{ViewKind, columns::columns};
    let ds = bundled();
    let col = columns(ViewKind::Labs)
        .iter()
        .find(|c| c.id == "max_train_flop")
        .unwrap_or_else(|| panic!("no column"));
    // DeepSeek-V3's 4.56e24, not DeepSeek-R1's cumulative 5.17e24 (V3 + RL, C083).
    assert_eq!((col.get)(&ds, rec(&ds, "deepseek").index).number(), Some(4.56e24));
}
