//! The validated, immutable dataset: records of every kind, their claims, and indexes.
//!
//! Built only by `validate`; everything downstream (views, export, charts) reads it.

use std::collections::HashMap;

pub use super::records::*;

use super::claim_index::ClaimIndex;
use super::date::PartialDate;
use super::layers::Layers;

/// Everything in one data file, validated.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub sources: Vec<Source>,
    pub labs: Vec<Lab>,
    pub models: Vec<Model>,
    pub compute: Vec<Compute>,
    pub chips: Vec<Chip>,
    pub events: Vec<Event>,
    pub entities: Vec<Entity>,
    pub claims: Vec<Claim>,
    /// id → record, over every kind.
    pub ids: HashMap<Text, RecordRef>,
    /// Which claims are about which record (and metric).
    pub claim_index: ClaimIndex,
    /// lab index → its models, in file order.
    pub models_by_lab: Vec<Vec<u32>>,
    /// The files it was loaded from, and which record comes from which (`overlay`).
    pub layers: Layers,
    /// The day it stands as of (`as_of`), when it is not the whole data.
    pub as_of: Option<PartialDate>,
    /// The chunks a large file was loaded in (`parallel`), so a reload parses again only the
    /// chunks an edit changed (`chunks_reload`); `None` for a file read in one piece.
    pub chunks: Option<std::sync::Arc<super::chunk_layout::Layout>>,
}

impl Dataset {
    /// Claims about `subject` for `metric`, in file order.
    pub fn claims_for(&self, subject: RecordRef, metric: &str) -> &[u32] {
        self.claim_index.for_metric(&self.claims, subject, metric)
    }

    /// All claims about `subject`, in file order.
    pub fn claims_about(&self, subject: RecordRef) -> &[u32] {
        self.claim_index.about(subject)
    }

    /// The claims a reader should see for `r`: those about it and, for an event, those it
    /// links to — each once, in file order.
    pub fn claims_of(&self, r: RecordRef) -> std::borrow::Cow<'_, [u32]> {
        let about = self.claims_about(r);
        let linked = match r.kind {
            Kind::Event => self
                .events
                .get(r.index as usize)
                .map_or(&[][..], |e| e.claims.as_slice()),
            _ => &[],
        };
        if linked.is_empty() {
            return std::borrow::Cow::Borrowed(about);
        }
        let mut all: Vec<u32> = about.iter().chain(linked).copied().collect();
        all.sort_unstable();
        all.dedup();
        std::borrow::Cow::Owned(all)
    }

    /// The one-line summary `check` prints.
    pub fn summary(&self) -> String {
        format!(
            "{} labs, {} models, {} compute records, {} chips, {} events, {} entities, {} claims, {} sources",
            self.labs.len(),
            self.models.len(),
            self.compute.len(),
            self.chips.len(),
            self.events.len(),
            self.entities.len(),
            self.claims.len(),
            self.sources.len()
        )
    }
}
