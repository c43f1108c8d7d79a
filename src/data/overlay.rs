//! Several data files as one dataset: later files add records and claims to earlier ones.
//! A record whose id an earlier file already has is the *same* record: its claims from both
//! files stand side by side, figures the earlier file lacks are filled in, and where both files
//! give a headline figure and they differ, the later file's figure becomes a claim of that file
//! (so the slot shows `‡` by the usual rule and the details say which file says what). Every
//! record knows the file it comes from, and the other files that also have it.

use std::collections::HashMap;

use super::dataset::*;
use super::figure::Figure;
use super::layers::{LayerFile, Layers, kind_slot, label_for};
use super::schema;

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
    // The later file's figures of the records it shares with the earlier ones, read before its
    // records are moved out.
    let mut later_figures: HashMap<(Kind, usize), Vec<(&'static str, Slot)>> = HashMap::new();
    for kind in Kind::ALL {
        for i in 0..layer.count(kind) {
            let id = layer.id_of(RecordRef { kind, index: i as u32 });
            if earlier(base, kind, id).is_some() {
                later_figures.insert((kind, i), slots_of(&layer, kind, i));
            }
        }
    }
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
    // A later file's headline needs no claim of its own where the file has one with the same
    // figure: its claims are kept apart until the records are merged.
    let layer_claims = claims;
    // Each kind: a record new to the whole is appended (it already has the number the
    // validator gave it); one the earlier files have is merged — its figures by the common
    // rule, its other fields by `$merge`.
    macro_rules! take {
        ($vec:ident, $kind:expr, $merge:expr) => {
            for (i, rec) in $vec.into_iter().enumerate() {
                match earlier(base, $kind, &rec.id) {
                    Some(r) => {
                        let figures = later_figures.remove(&($kind, i)).unwrap_or_default();
                        merger.figures(base, r, figures, &layer_claims);
                        #[allow(clippy::redundant_closure_call)]
                        ($merge)(&mut merger, base, r, rec);
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
    take!(sources, Kind::Source, |_: &mut Merger, _: &mut Dataset, _, _| {});
    take!(chips, Kind::Chip, |_: &mut Merger,
                              b: &mut Dataset,
                              r: RecordRef,
                              rec: Chip| {
        if let Some(c) = b.chips.get_mut(r.index as usize) {
            fill(&mut c.vendor, rec.vendor);
            fill(&mut c.arch, rec.arch);
            union(&mut c.sources, &rec.sources);
        }
    });
    take!(labs, Kind::Lab, |m: &mut Merger,
                            b: &mut Dataset,
                            r: RecordRef,
                            rec: Lab| {
        if b.labs
            .get(r.index as usize)
            .is_some_and(|l| l.country != rec.country && !rec.country.is_empty())
        {
            m.note(b, r, format!("country {}", rec.country));
        }
        if let Some(l) = b.labs.get_mut(r.index as usize) {
            fill(&mut l.hq, rec.hq);
            fill(&mut l.founded, rec.founded);
            union(&mut l.sources, &rec.sources);
        }
    });
    take!(entities, Kind::Entity, |_: &mut Merger,
                                   b: &mut Dataset,
                                   r: RecordRef,
                                   rec: Entity| {
        if let Some(e) = b.entities.get_mut(r.index as usize) {
            union(&mut e.sources, &rec.sources);
        }
    });
    take!(models, Kind::Model, |m: &mut Merger,
                                b: &mut Dataset,
                                r: RecordRef,
                                rec: Model| {
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
        if let (Some(a), Some(x)) = (old.released, rec.released)
            && a != x
        {
            notes.push(format!("released {x}"));
        }
        if let (Some(a), Some(x)) = (old.chip, rec.chip)
            && a != x
        {
            notes.push(format!(
                "chip \"{}\"",
                b.chips.get(x as usize).map_or("", |c| c.id.as_str())
            ));
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
        |_: &mut Merger, b: &mut Dataset, r: RecordRef, rec: Compute| {
            if let Some(x) = b.compute.get_mut(r.index as usize) {
                fill(&mut x.chip, rec.chip);
                fill(&mut x.announced, rec.announced);
                union(&mut x.sources, &rec.sources);
            }
        }
    );
    take!(events, Kind::Event, |_: &mut Merger,
                                b: &mut Dataset,
                                r: RecordRef,
                                rec: Event| {
        if let Some(x) = b.events.get_mut(r.index as usize) {
            fill(&mut x.date, rec.date);
            union(&mut x.sources, &rec.sources);
            for c in rec.claims {
                if !x.claims.contains(&c) {
                    x.claims.push(c);
                }
            }
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

/// The headline slot of `metric` on record `r`.
fn slot_mut<'d>(ds: &'d mut Dataset, r: RecordRef, metric: &str) -> Option<&'d mut Slot> {
    let field = schema::figures_of(r.kind).find(|f| f.name() == metric)?;
    (field.slot_mut)(ds, r.index as usize)
}

/// Every figure slot of record `index` of `kind` in `ds`, by metric.
fn slots_of(ds: &Dataset, kind: Kind, index: usize) -> Vec<(&'static str, Slot)> {
    schema::figures_of(kind)
        .filter_map(|f| (f.slot)(ds, index).map(|s| (f.name(), *s)))
        .collect()
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
    for field in schema::figures() {
        for i in 0..ds.count(field.kind) {
            if let Some(s) = (field.slot_mut)(ds, i) {
                if s.from_claim {
                    *s = Slot::default();
                } else {
                    // What the claims said of the headline is decided again.
                    s.disputed = false;
                    s.confidence = Confidence::default();
                    s.claim = None;
                    s.provenance = Provenance::default();
                }
            }
        }
    }
    super::slots::fill(ds);
}
