//! Several data files as one dataset: later files add records and claims to earlier ones.
//! A record whose id an earlier file already has is the *same* record: its claims from both
//! files stand side by side, figures the earlier file lacks are filled in, and where both files
//! give a headline figure and they differ, the later file's figure becomes a claim of that file
//! (so the slot shows `‡` by the usual rule and the details say which file says what). Every
//! record knows the file it comes from, and the other files that also have it.

use std::collections::HashMap;

use super::dataset::*;
use super::figure::Figure;
use super::schema;

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
                    s.disputed = false;
                    s.confidence = Confidence::default();
                }
            }
        }
    }
    super::slots::fill(ds);
}
