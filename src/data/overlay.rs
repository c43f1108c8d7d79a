//! Several data files as one dataset: later files add records and claims to earlier ones.
//! A record whose id an earlier file already has is the *same* record: its claims from both
//! files stand side by side, figures the earlier file lacks are filled in, and where both files
//! give a headline figure and they differ, the later file's figure becomes a claim of that file
//! (so the slot shows `‡` by the usual rule and the details say which file says what). Every
//! record knows the file it comes from, and the other files that also have it.

use std::collections::HashMap;

use super::dataset::*;
use super::figure::Figure;

/// The files a dataset was loaded from, in order, and what each contributed.
#[derive(Clone, Debug, Default)]
pub struct Layers {
    /// The files, first to last; empty for a dataset loaded from one text (no provenance).
    pub files: Vec<LayerFile>,
    /// Records found in a later file too: the indices (in `files`) of those files.
    pub also: HashMap<RecordRef, Vec<u16>>,
    /// What later files said differently about a record (non-figure fields), for details.
    pub notes: HashMap<RecordRef, Vec<Text>>,
    /// The label of records found in several files (`labs+epoch`).
    combined: HashMap<RecordRef, Text>,
}

/// One file of a layered dataset.
#[derive(Clone, Debug, Default)]
pub struct LayerFile {
    /// The name diagnostics use (its path).
    pub name: Text,
    /// The short name the `from` column and filter show (the file's stem: `labs`, `epoch`).
    pub label: Text,
    /// Index of the first record of each kind (as in `Kind::ALL`) this file added.
    pub starts: [u32; Kind::ALL.len()],
}

fn kind_slot(kind: Kind) -> usize {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

impl Layers {
    /// The index of the file record `r` comes from (its first appearance); 0 without layers.
    pub fn file_of(&self, r: RecordRef) -> usize {
        let k = kind_slot(r.kind);
        self.files.iter().rposition(|f| f.starts[k] <= r.index).unwrap_or(0)
    }

    /// The label of the file `r` comes from, with the later files that also have it
    /// (`labs+epoch`); "" for a dataset without layers.
    pub fn label_of(&self, r: RecordRef) -> &str {
        if let Some(l) = self.combined.get(&r) {
            return l;
        }
        self.files.get(self.file_of(r)).map_or("", |f| f.label.as_str())
    }

    /// Renumbers the combined labels after records were dropped (`as_of`).
    pub(super) fn remap_combined(&mut self, remap: &dyn Fn(RecordRef) -> Option<RecordRef>) {
        self.combined = std::mem::take(&mut self.combined)
            .into_iter()
            .filter_map(|(r, l)| remap(r).map(|r| (r, l)))
            .collect();
    }

    /// Records `r` as found in file `file` too.
    fn also_in(&mut self, r: RecordRef, file: u16) {
        let first = self.file_of(r);
        let also = self.also.entry(r).or_default();
        if also.contains(&file) {
            return;
        }
        also.push(file);
        let mut label = self.files.get(first).map_or("", |f| f.label.as_str()).to_string();
        for &i in also.iter() {
            if let Some(f) = self.files.get(i as usize) {
                label.push('+');
                label.push_str(&f.label);
            }
        }
        self.combined.insert(r, Text::from(label));
    }
}

/// The short label of a file name: its stem, made unique among `taken`.
pub fn label_for(name: &str, taken: &[LayerFile]) -> Text {
    let base = std::path::Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned());
    let mut label = base.clone();
    let mut n = 2;
    while taken.iter().any(|f| f.label == label) {
        label = format!("{base}{n}");
        n += 1;
    }
    Text::from(label)
}

/// Starts the layers of `ds`, loaded alone from `name`.
pub fn first(ds: &mut Dataset, name: &str) {
    let file = LayerFile {
        name: Text::from(name),
        label: label_for(name, &[]),
        starts: [0; Kind::ALL.len()],
    };
    ds.layers = Layers {
        files: vec![file],
        ..Layers::default()
    };
}

/// Adds `layer` (validated against `base` by `validate::load_layer`, so its references and new
/// records are already numbered as in the merged whole) to `base`, then recomputes every slot.
pub fn merge(base: &mut Dataset, layer: Dataset, name: &str) {
    let file = u16::try_from(base.layers.files.len()).unwrap_or(u16::MAX);
    let mut starts = [0; Kind::ALL.len()];
    for kind in Kind::ALL {
        starts[kind_slot(kind)] = u32::try_from(base.count(kind)).unwrap_or(u32::MAX);
    }
    let label = label_for(name, &base.layers.files);
    base.layers.files.push(LayerFile {
        name: Text::from(name),
        label: label.clone(),
        starts,
    });
    let earlier = |base: &Dataset, kind: Kind, id: &str| {
        base.ids
            .get(id)
            .copied()
            .filter(|r| r.kind == kind && r.index < starts[kind_slot(kind)])
    };
    let mut merger = Merger {
        file,
        label,
        extra: Vec::new(),
    };
    let Dataset {
        sources,
        labs,
        models,
        compute,
        chips,
        events,
        entities,
        claims,
        ..
    } = layer;
    // Claims first: a later file's headline needs no claim of its own where the file has
    // one with the same figure.
    let layer_claims = claims;
    macro_rules! take {
        ($vec:ident, $kind:expr, $merge:expr) => {
            for rec in $vec {
                match earlier(base, $kind, &rec.id) {
                    Some(r) => {
                        #[allow(clippy::redundant_closure_call)]
                        ($merge)(&mut merger, base, r, rec, &layer_claims);
                        base.layers.also_in(r, file);
                    }
                    None => {
                        let index = u32::try_from(base.$vec.len()).unwrap_or(u32::MAX);
                        base.ids.insert(rec.id.clone(), RecordRef { kind: $kind, index });
                        base.$vec.push(rec);
                    }
                }
            }
        };
    }
    take!(sources, Kind::Source, |_: &mut Merger,
                                  _: &mut Dataset,
                                  _,
                                  _,
                                  _: &[Claim]| {});
    take!(chips, Kind::Chip, |m: &mut Merger,
                              b: &mut Dataset,
                              r: RecordRef,
                              rec: Chip,
                              cl: &[Claim]| {
        m.figures(b, r, chip_slots(&rec), cl);
        if let Some(c) = b.chips.get_mut(r.index as usize) {
            fill(&mut c.vendor, rec.vendor);
            fill(&mut c.arch, rec.arch);
            union(&mut c.sources, &rec.sources);
        }
    });
    take!(labs, Kind::Lab, |m: &mut Merger,
                            b: &mut Dataset,
                            r: RecordRef,
                            rec: Lab,
                            _: &[Claim]| {
        if let Some(l) = b.labs.get_mut(r.index as usize) {
            if l.country != rec.country && !rec.country.is_empty() {
                m.note(b, r, format!("country {}", rec.country));
            }
            let Some(l) = b.labs.get_mut(r.index as usize) else {
                return;
            };
            fill(&mut l.hq, rec.hq);
            fill(&mut l.founded, rec.founded);
            union(&mut l.sources, &rec.sources);
        }
    });
    take!(entities, Kind::Entity, |_: &mut Merger,
                                   b: &mut Dataset,
                                   r: RecordRef,
                                   rec: Entity,
                                   _: &[Claim]| {
        if let Some(e) = b.entities.get_mut(r.index as usize) {
            union(&mut e.sources, &rec.sources);
        }
    });
    take!(models, Kind::Model, |m: &mut Merger,
                                b: &mut Dataset,
                                r: RecordRef,
                                rec: Model,
                                cl: &[Claim]| {
        m.figures(b, r, model_slots(&rec), cl);
        let Some(old) = b.models.get(r.index as usize) else {
            return;
        };
        let mut notes = Vec::new();
        if old.name != rec.name {
            notes.push(format!("name \"{}\"", rec.name));
        }
        if old.lab != rec.lab {
            notes.push(format!(
                "lab \"{}\"",
                b.labs.get(rec.lab as usize).map_or("", |l| l.id.as_str())
            ));
        }
        match (old.released, rec.released) {
            (Some(a), Some(x)) if a != x => notes.push(format!("released {x}")),
            _ => {}
        }
        match (old.chip, rec.chip) {
            (Some(a), Some(x)) if a != x => {
                notes.push(format!(
                    "chip \"{}\"",
                    b.chips.get(x as usize).map_or("", |c| c.id.as_str())
                ));
            }
            _ => {}
        }
        for n in notes {
            m.note(b, r, n);
        }
        if let Some(x) = b.models.get_mut(r.index as usize) {
            fill(&mut x.released, rec.released);
            fill(&mut x.chip, rec.chip);
            fill(&mut x.arch, rec.arch);
            fill(&mut x.mfu, rec.mfu);
            fill(&mut x.open_weights, rec.open_weights);
            union(&mut x.sources, &rec.sources);
        }
    });
    take!(
        compute,
        Kind::Compute,
        |m: &mut Merger, b: &mut Dataset, r: RecordRef, rec: Compute, cl: &[Claim]| {
            m.figures(b, r, vec![("chips", rec.chips), ("capex_usd", rec.capex_usd)], cl);
            if let Some(x) = b.compute.get_mut(r.index as usize) {
                fill(&mut x.chip, rec.chip);
                fill(&mut x.announced, rec.announced);
                union(&mut x.sources, &rec.sources);
            }
        }
    );
    take!(events, Kind::Event, |m: &mut Merger,
                                b: &mut Dataset,
                                r: RecordRef,
                                rec: Event,
                                cl: &[Claim]| {
        m.figures(b, r, vec![("amount_usd", rec.amount_usd)], cl);
        if let Some(x) = b.events.get_mut(r.index as usize) {
            fill(&mut x.date, rec.date);
            union(&mut x.sources, &rec.sources);
        }
    });
    for rec in layer_claims {
        match earlier(base, Kind::Claim, &rec.id) {
            Some(r) => {
                let same = base.claims.get(r.index as usize).is_some_and(|c| {
                    c.subject == rec.subject && c.metric.id == rec.metric.id && figures_equal(c.figure, rec.figure)
                });
                if !same {
                    merger.note(
                        base,
                        r,
                        "a different claim under the same id (the earlier file's is kept)".into(),
                    );
                }
                base.layers.also_in(r, file);
            }
            None => {
                let index = u32::try_from(base.claims.len()).unwrap_or(u32::MAX);
                base.ids.insert(
                    rec.id.clone(),
                    RecordRef {
                        kind: Kind::Claim,
                        index,
                    },
                );
                base.claims.push(rec);
            }
        }
    }
    for c in merger.extra {
        let index = u32::try_from(base.claims.len()).unwrap_or(u32::MAX);
        base.ids.insert(
            c.id.clone(),
            RecordRef {
                kind: Kind::Claim,
                index,
            },
        );
        base.claims.push(c);
    }
    refill(base);
}

fn figures_equal(a: Option<Figure>, b: Option<Figure>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x.same_as(&y),
        (None, None) => true,
        _ => false,
    }
}

fn fill<T>(slot: &mut Option<T>, later: Option<T>) {
    if slot.is_none() {
        *slot = later;
    }
}

fn union(refs: &mut Refs, later: &Refs) {
    for r in later {
        if !refs.contains(r) {
            refs.push(*r);
        }
    }
}

fn model_slots(m: &Model) -> Vec<(&'static str, Slot)> {
    vec![
        ("params_b", m.params_b),
        ("active_params_b", m.active_params_b),
        ("tokens_t", m.tokens_t),
        ("chips", m.chips),
        ("gpu_hours", m.gpu_hours),
        ("train_flop", m.train_flop),
        ("cost_usd", m.cost_usd),
    ]
}

fn chip_slots(c: &Chip) -> Vec<(&'static str, Slot)> {
    vec![
        ("bf16_tflops", c.bf16_tflops),
        ("fp8_tflops", c.fp8_tflops),
        ("memory_gb", c.memory_gb),
        ("mem_bw_tbs", c.mem_bw_tbs),
        ("interconnect_gbs", c.interconnect_gbs),
        ("tdp_w", c.tdp_w),
    ]
}

/// The headline slot of `metric` on record `r`.
fn slot_mut<'d>(ds: &'d mut Dataset, r: RecordRef, metric: &str) -> Option<&'d mut Slot> {
    let i = r.index as usize;
    match r.kind {
        Kind::Model => {
            let m = ds.models.get_mut(i)?;
            Some(match metric {
                "params_b" => &mut m.params_b,
                "active_params_b" => &mut m.active_params_b,
                "tokens_t" => &mut m.tokens_t,
                "chips" => &mut m.chips,
                "gpu_hours" => &mut m.gpu_hours,
                "train_flop" => &mut m.train_flop,
                "cost_usd" => &mut m.cost_usd,
                _ => return None,
            })
        }
        Kind::Chip => {
            let c = ds.chips.get_mut(i)?;
            Some(match metric {
                "bf16_tflops" => &mut c.bf16_tflops,
                "fp8_tflops" => &mut c.fp8_tflops,
                "memory_gb" => &mut c.memory_gb,
                "mem_bw_tbs" => &mut c.mem_bw_tbs,
                "interconnect_gbs" => &mut c.interconnect_gbs,
                "tdp_w" => &mut c.tdp_w,
                _ => return None,
            })
        }
        Kind::Compute => {
            let c = ds.compute.get_mut(i)?;
            Some(match metric {
                "chips" => &mut c.chips,
                "capex_usd" => &mut c.capex_usd,
                _ => return None,
            })
        }
        Kind::Event => match metric {
            "amount_usd" => Some(&mut ds.events.get_mut(i)?.amount_usd),
            _ => None,
        },
        Kind::Lab => {
            let l = ds.labs.get_mut(i)?;
            Some(match metric {
                "gpu_fleet" => &mut l.gpu_fleet,
                "hardware_spend_usd" => &mut l.hardware_spend_usd,
                _ => return None,
            })
        }
        _ => None,
    }
}

/// Merges one later file into the whole.
struct Merger {
    file: u16,
    label: Text,
    /// Claims standing for a later file's headline figures that differ from the earlier ones.
    extra: Vec<Claim>,
}

impl Merger {
    fn note(&self, ds: &mut Dataset, r: RecordRef, what: String) {
        let label = &self.label;
        ds.layers
            .notes
            .entry(r)
            .or_default()
            .push(Text::from(format!("{label} says: {what}")));
    }

    /// A later file's headline figures for record `r`: each fills a slot the earlier file left
    /// empty; one that differs from the earlier headline is kept as a claim of the later file,
    /// unless that file has a claim with the same figure already.
    fn figures(&mut self, ds: &mut Dataset, r: RecordRef, later: Vec<(&'static str, Slot)>, layer_claims: &[Claim]) {
        for (metric, slot) in later {
            let Some(fig) = slot.fig.filter(|_| !slot.from_claim) else {
                continue;
            };
            let Some(current) = slot_mut(ds, r, metric) else {
                continue;
            };
            match current.fig.filter(|_| !current.from_claim) {
                None => {
                    *current = Slot {
                        fig: Some(fig),
                        currency: slot.currency,
                        ..Slot::default()
                    };
                }
                Some(old) if old.same_as(&fig) && current.currency == slot.currency => {}
                Some(_) => {
                    let backed = layer_claims
                        .iter()
                        .any(|c| c.subject == r && c.metric.id == metric && c.figure.is_some_and(|f| f.same_as(&fig)));
                    if backed {
                        continue;
                    }
                    let Some(m) = super::metric::find(metric) else { continue };
                    let id = format!("{}.{}.{metric}", self.label, ds.id_of(r));
                    self.extra.push(Claim {
                        id: Text::from(id),
                        subject: r,
                        metric: m,
                        figure: Some(fig),
                        text: None,
                        currency: slot.currency,
                        unit: None,
                        claimant: self.label.clone(),
                        kind: ClaimKind::Claimed,
                        basis: None,
                        confidence: slot.confidence,
                        date: None,
                        sources: Refs::new(),
                        quote: None,
                        formula: None,
                        note: Some(Text::from(format!(
                            "the headline figure of this record in file {} (layer {}), which differs from the earlier file's",
                            self.label,
                            self.file + 1
                        ))),
                        line: 0,
                    });
                }
            }
        }
    }
}

/// Recomputes every slot from headlines and claims after records or claims changed: figures
/// taken from claims are dropped first, so the rule sees only the headlines.
pub fn refill(ds: &mut Dataset) {
    let reset = |s: &mut Slot| {
        if s.from_claim {
            *s = Slot::default();
        } else {
            s.disputed = false;
            s.confidence = Confidence::default();
        }
    };
    for m in &mut ds.models {
        for s in [
            &mut m.params_b,
            &mut m.active_params_b,
            &mut m.tokens_t,
            &mut m.chips,
            &mut m.gpu_hours,
            &mut m.train_flop,
            &mut m.cost_usd,
        ] {
            reset(s);
        }
    }
    for l in &mut ds.labs {
        reset(&mut l.gpu_fleet);
        reset(&mut l.hardware_spend_usd);
    }
    for c in &mut ds.compute {
        reset(&mut c.chips);
        reset(&mut c.capex_usd);
    }
    for c in &mut ds.chips {
        for s in [
            &mut c.bf16_tflops,
            &mut c.fp8_tflops,
            &mut c.memory_gb,
            &mut c.mem_bw_tbs,
            &mut c.interconnect_gbs,
            &mut c.tdp_w,
        ] {
            reset(s);
        }
    }
    for e in &mut ds.events {
        reset(&mut e.amount_usd);
    }
    super::slots::fill(ds);
}
