//! The record types a data file holds: every kind's fields, the figure slots with what a
//! reader must know about them, and the small types they share. `Dataset` holds them.

pub use super::provenance::{ClaimKind, Provenance};

use super::date::PartialDate;
use super::figure::Figure;
use super::metric::Metric;

/// The kinds of record a data file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `[[source]]`
    Source,
    /// `[[lab]]`
    Lab,
    /// `[[model]]`
    Model,
    /// `[[compute]]`
    Compute,
    /// `[[chip]]`
    Chip,
    /// `[[event]]`
    Event,
    /// `[[entity]]`
    Entity,
    /// `[[claim]]`
    Claim,
}

impl Kind {
    /// Every kind, in the order the data file documents them.
    pub const ALL: [Kind; 8] = [
        Kind::Source,
        Kind::Chip,
        Kind::Lab,
        Kind::Entity,
        Kind::Model,
        Kind::Compute,
        Kind::Event,
        Kind::Claim,
    ];
}

/// A reference to one record: its kind and index in that kind's vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordRef {
    /// Which vector.
    pub kind: Kind,
    /// Index in it.
    pub index: u32,
}

/// A string from the data file. Most are short (ids, names, claimants, bases), and a
/// `CompactString` keeps up to 24 bytes inline: no allocation for them, which is most of a
/// large file's memory.
pub type Text = compact_str::CompactString;

/// Indices of the sources a record cites: usually one to four, kept inline.
pub type Refs = smallvec::SmallVec<[u32; 4]>;

/// Where a record starts in its file (the line of its `[[kind]]` header), for `$EDITOR +LINE`.
pub type Line = u32;

/// Currency of a money figure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Currency {
    /// Nominal US dollars.
    #[default]
    Usd,
    /// US dollars adjusted to 2023 (Epoch AI).
    Usd2023,
    /// Euros.
    Eur,
    /// Chinese yuan.
    Cny,
}

impl Currency {
    /// The name written in data files.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Usd2023 => "USD-2023",
            Currency::Eur => "EUR",
            Currency::Cny => "CNY",
        }
    }
}

/// Epoch-style confidence in a figure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Confidence {
    /// The default.
    #[default]
    Confident,
    /// Shown with `~`.
    Likely,
    /// Shown with `?`.
    Speculative,
}

impl Confidence {
    /// The name written in data files.
    pub fn name(self) -> &'static str {
        match self {
            Confidence::Confident => "confident",
            Confidence::Likely => "likely",
            Confidence::Speculative => "speculative",
        }
    }
}

/// A figure as shown in a table cell, with what a reader must know about it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Slot {
    /// The figure (headline, or the first claim when there is no headline).
    pub fig: Option<Figure>,
    /// Its currency, for money.
    pub currency: Currency,
    /// Claims about this metric disagree.
    pub disputed: bool,
    /// The figure comes from a claim, not the record's headline.
    pub from_claim: bool,
    /// Whose figure it is (glyph `*` or `ƒ`), from the claim stating it.
    pub provenance: Provenance,
    /// Confidence of the figure.
    pub confidence: Confidence,
    /// The claim stating the figure (index into `Dataset::claims`): it tells what the figure
    /// covers (`basis`), so derived metrics only combine figures about the same thing.
    pub claim: Option<u32>,
}

/// `[[source]]`
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    pub id: Text,
    pub title: Text,
    pub publisher: Option<Text>,
    pub author: Option<Text>,
    pub date: Option<PartialDate>,
    pub url: Option<Text>,
    pub mirrors: Vec<Text>,
    pub note: Option<Text>,
    pub line: Line,
}

/// `[[lab]]`
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lab {
    pub id: Text,
    pub name: Text,
    pub name_native: Option<Text>,
    pub country: Text,
    pub hq: Option<Text>,
    pub founded: Option<PartialDate>,
    pub founders: Vec<Text>,
    pub ceo: Option<Text>,
    pub parent: Option<RecordRef>,
    pub backers: Option<Text>,
    pub open_weights: Option<Text>,
    pub note: Option<Text>,
    pub sources: Refs,
    pub line: Line,
    /// Lab-level figures gathered from claims (fleet, hardware spend).
    pub gpu_fleet: Slot,
    pub hardware_spend_usd: Slot,
}

/// `[[model]]`
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    pub id: Text,
    pub lab: u32,
    pub name: Text,
    pub released: Option<PartialDate>,
    pub arch: Option<Text>,
    pub params_b: Slot,
    pub active_params_b: Slot,
    pub tokens_t: Slot,
    pub chip: Option<u32>,
    pub chips: Slot,
    pub gpu_hours: Slot,
    pub train_flop: Slot,
    pub cost_usd: Slot,
    pub mfu: Option<f64>,
    pub open_weights: Option<Text>,
    pub note: Option<Text>,
    pub sources: Refs,
    pub line: Line,
}

/// `[[compute]]`
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Compute {
    pub id: Text,
    pub name: Text,
    pub owner: Option<RecordRef>,
    pub kind: Text,
    pub chip: Option<u32>,
    pub chips: Slot,
    pub capex_usd: Slot,
    pub announced: Option<PartialDate>,
    pub location: Option<Text>,
    pub note: Option<Text>,
    pub sources: Refs,
    pub line: Line,
}

/// `[[chip]]`
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chip {
    pub id: Text,
    pub name: Text,
    pub vendor: Option<Text>,
    pub arch: Option<Text>,
    pub bf16_tflops: Slot,
    pub fp8_tflops: Slot,
    pub memory_gb: Slot,
    pub mem_bw_tbs: Slot,
    pub interconnect_gbs: Slot,
    pub tdp_w: Slot,
    pub export_status: Option<Text>,
    pub note: Option<Text>,
    pub sources: Refs,
    pub line: Line,
}

/// `[[event]]`
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Event {
    pub id: Text,
    pub date: Option<PartialDate>,
    pub title: Text,
    pub actor: Option<Text>,
    pub kind: Text,
    pub about: Vec<RecordRef>,
    /// Claims the event links to (`claims = ["C030"]`): about another record, but evidence
    /// for this event (the conflicting founding years of E03).
    pub claims: Vec<u32>,
    pub amount_usd: Slot,
    pub note: Option<Text>,
    pub sources: Refs,
    pub line: Line,
}

/// `[[entity]]`
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entity {
    pub id: Text,
    pub name: Text,
    pub kind: Text,
    pub country: Option<Text>,
    pub note: Option<Text>,
    pub sources: Refs,
    pub line: Line,
}

/// `[[claim]]`
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub id: Text,
    pub subject: RecordRef,
    pub metric: &'static Metric,
    pub figure: Option<Figure>,
    pub text: Option<Text>,
    pub currency: Currency,
    pub unit: Option<Text>,
    pub claimant: Text,
    pub kind: ClaimKind,
    pub basis: Option<Text>,
    pub confidence: Confidence,
    pub date: Option<PartialDate>,
    pub sources: Refs,
    pub quote: Option<Text>,
    pub formula: Option<Text>,
    pub note: Option<Text>,
    pub line: Line,
}
