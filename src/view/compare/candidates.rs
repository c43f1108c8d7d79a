//! The figures a compare cell may show: the record's headline, every claim about the metric,
//! and clearly labelled company-level alternatives; which one the user picked; which claim
//! backs a figure (also used by `export` for citations).

use std::collections::BTreeMap;

use crate::data::{Claim, Confidence, Currency, Dataset, Figure, Kind, Metric, RecordRef, Slot, Unit, metric};
use crate::view::cell::{Cell, Marks, Value};
use crate::view::format;

use super::CompareCell;

/// Which figure drives a cell, as the user picked it: the record's own headline figure, or a
/// claim by id (ids survive reloads; indexes would not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    /// The record's headline figure (written on the record, backed by no claim).
    Headline,
    /// A claim, by id.
    Claim(String),
}

/// The user's picks, keyed by (record id, metric id).
pub type Picks = BTreeMap<(String, String), Pick>;

/// One figure a cell may show.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The claim stating it; `None` for a headline no claim backs.
    pub claim: Option<u32>,
    /// Whom the figure is about: the record itself, or its lab for lab-level alternatives.
    pub subject: RecordRef,
    /// The metric it measures (differs from the row's for lab-level alternatives).
    pub metric: &'static Metric,
    /// A company-level figure offered for comparison with a model's (capex beside a run's cost).
    pub lab_level: bool,
    /// Whether this is what the record itself states (its headline, or the claim backing it).
    pub headline: bool,
    /// The figure.
    pub fig: Figure,
    /// Its currency.
    pub currency: Currency,
    /// Its confidence.
    pub confidence: Confidence,
}

impl Candidate {
    /// How the pick of this candidate is stored.
    pub fn pick(&self, ds: &Dataset) -> Pick {
        match self.claim.and_then(|c| ds.claims.get(c as usize)) {
            Some(c) => Pick::Claim(c.id.to_string()),
            None => Pick::Headline,
        }
    }

    /// The claim, if any.
    pub fn claim<'d>(&self, ds: &'d Dataset) -> Option<&'d Claim> {
        self.claim.and_then(|c| ds.claims.get(c as usize))
    }

    /// The figure as shown: `$5.6M`, `>$500M`.
    pub fn value_text(&self) -> String {
        format::figure(&self.fig, self.metric.unit, self.currency)
    }

    /// Who says so: `[C050 DeepSeek, claimed, final_run]`, `[headline; S01 S02]`,
    /// `[lab-level: hardware spend · C056 SemiAnalysis, estimated, total_hardware, likely]`.
    pub fn label(&self, ds: &Dataset) -> String {
        let body = match self.claim(ds) {
            Some(c) => {
                let mut s = format!("{} {}, {}", c.id, c.claimant, c.kind.name());
                if let Some(b) = &c.basis {
                    s.push_str(&format!(", {b}"));
                }
                if c.confidence != Confidence::Confident {
                    s.push_str(&format!(", {}", c.confidence.name()));
                }
                if c.currency != Currency::Usd && c.metric.unit == Unit::Money {
                    s.push_str(&format!(", {}", c.currency.code()));
                }
                s
            }
            None => {
                let ids: Vec<&str> = record_sources(ds, self.subject)
                    .iter()
                    .filter_map(|&s| ds.sources.get(s as usize).map(|s| s.id.as_str()))
                    .collect();
                if ids.is_empty() {
                    "headline".to_string()
                } else {
                    format!("headline; {}", ids.join(" "))
                }
            }
        };
        let text = if self.lab_level {
            format!("[lab-level: {} · {body}]", self.metric.label)
        } else {
            format!("[{body}]")
        };
        crate::data::sanitize::printable(&text).into_owned()
    }

    /// The sources behind the figure: the claim's, else the record's own.
    pub fn sources<'d>(&self, ds: &'d Dataset) -> &'d [u32] {
        match self.claim(ds) {
            Some(c) => &c.sources,
            None => record_sources(ds, self.subject),
        }
    }

    /// Whose figure it is: from the kind of its claim (a headline no claim states is own).
    pub fn provenance(&self, ds: &Dataset) -> crate::data::Provenance {
        crate::data::Provenance::of(self.claim(ds).map(|c| c.kind))
    }

    /// The candidate as a slot, to feed derived metrics.
    pub(super) fn slot(&self, ds: &Dataset, disputed: bool) -> Slot {
        Slot {
            fig: Some(self.fig),
            currency: self.currency,
            disputed,
            from_claim: !self.headline,
            confidence: self.confidence,
            claim: self.claim,
            provenance: self.provenance(ds),
        }
    }
}

/// The `sources` list of any record.
pub fn record_sources(ds: &Dataset, r: RecordRef) -> &[u32] {
    ds.sources_of(r)
}

/// The claim behind a figure shown for `subject`'s `metric`: the first claim stating exactly
/// that figure (in that currency). `None` when the figure is a headline no claim states.
pub fn backing_claim(ds: &Dataset, subject: RecordRef, metric: &str, fig: &Figure, currency: Currency) -> Option<u32> {
    let claims = ds.claims_for(subject, metric);
    claims
        .iter()
        .copied()
        .find(|&c| {
            ds.claims
                .get(c as usize)
                .is_some_and(|c| c.figure.is_some_and(|f| f.same_as(fig)) && c.currency == currency)
        })
        .or_else(|| {
            claims.iter().copied().find(|&c| {
                ds.claims
                    .get(c as usize)
                    .is_some_and(|c| c.figure.is_some_and(|f| f.same_as(fig)))
            })
        })
}

/// Lab-level metrics offered beside a model's figure: a company's spending beside one run's
/// cost (the "$5.6M vs >$500M" argument), its fleet beside one run's chips.
fn lab_level_metrics(metric: &str) -> &'static [&'static str] {
    match metric {
        "cost_usd" => &["hardware_spend_usd", "capex_usd", "opex_usd"],
        "chips" => &["gpu_fleet"],
        _ => &[],
    }
}

/// A cell's figure as a slot (what the table shows).
pub(super) fn slot_of(cell: &Cell<'_>) -> Slot {
    match &cell.value {
        Value::Fig { fig, currency, .. } => Slot {
            fig: Some(*fig),
            currency: *currency,
            disputed: cell.marks.disputed,
            from_claim: cell.marks.provenance != crate::data::Provenance::Own,
            provenance: cell.marks.provenance,
            confidence: cell.marks.confidence,
            ..Slot::default()
        },
        _ => Slot::default(),
    }
}

/// The figures `r`'s `metric` may show, and which one the table shows (the default pick).
fn candidates(ds: &Dataset, r: RecordRef, metric: &'static Metric, shown: &Slot) -> (Vec<Candidate>, Option<usize>) {
    let mut out = Vec::new();
    let own = |c: u32| {
        ds.claims
            .get(c as usize)
            .filter(|c| c.figure.is_some())
            .map(|claim| (c, claim))
    };
    let headline = shown.fig.filter(|_| !shown.from_claim);
    let backing = headline.and_then(|h| {
        ds.claims_for(r, metric.id)
            .iter()
            .copied()
            .find(|&c| own(c).is_some_and(|(_, claim)| claim.figure.is_some_and(|f| f.same_as(&h))))
    });
    if let (Some(fig), None) = (headline, backing) {
        out.push(Candidate {
            claim: None,
            subject: r,
            metric,
            lab_level: false,
            headline: true,
            fig,
            currency: shown.currency,
            confidence: shown.confidence,
        });
    }
    for (c, claim) in ds.claims_for(r, metric.id).iter().filter_map(|&c| own(c)) {
        if let Some(fig) = claim.figure {
            out.push(Candidate {
                claim: Some(c),
                subject: r,
                metric,
                lab_level: false,
                headline: backing == Some(c),
                fig,
                currency: claim.currency,
                confidence: claim.confidence,
            });
        }
    }
    // The table shows the headline (or the claim backing it), else the first claim.
    let default = (!out.is_empty()).then(|| out.iter().position(|c| c.headline).unwrap_or(0));
    if r.kind == Kind::Model
        && let Some(lab) = ds.models.get(r.index as usize).map(|m| RecordRef {
            kind: Kind::Lab,
            index: m.lab,
        })
    {
        for id in lab_level_metrics(metric.id) {
            let Some(m) = metric::find(id) else { continue };
            for (c, claim) in ds.claims_for(lab, id).iter().filter_map(|&c| own(c)) {
                if let Some(fig) = claim.figure {
                    out.push(Candidate {
                        claim: Some(c),
                        subject: lab,
                        metric: m,
                        lab_level: true,
                        headline: false,
                        fig,
                        currency: claim.currency,
                        confidence: claim.confidence,
                    });
                }
            }
        }
    }
    (out, default)
}

/// A figure row's cell for record `r`, honouring the user's pick.
pub(super) fn figure_cell<'a>(
    ds: &'a Dataset,
    r: RecordRef,
    metric: &'static Metric,
    shown: Cell<'a>,
    picks: &Picks,
) -> CompareCell<'a> {
    let slot = slot_of(&shown);
    let (cands, default) = candidates(ds, r, metric, &slot);
    let picked = picks
        .get(&(ds.id_of(r).to_string(), metric.id.to_string()))
        .and_then(|p| cands.iter().position(|c| &c.pick(ds) == p));
    let chosen = picked.or(default);
    let Some(c) = chosen.and_then(|i| cands.get(i)) else {
        return CompareCell {
            cell: Cell::MISSING,
            candidates: cands,
            chosen: None,
            provenance: String::new(),
            ratio: None,
        };
    };
    // Disputed: another claim on the same subject, metric and basis says something else.
    let disputed = match c.claim(ds) {
        Some(claim) => ds
            .claims_for(c.subject, c.metric.id)
            .iter()
            .filter_map(|&o| ds.claims.get(o as usize))
            .any(|o| crate::data::conflicts(claim, o)),
        None => slot.disputed,
    };
    let cell = Cell {
        value: Value::Fig {
            fig: c.fig,
            unit: metric.unit,
            currency: c.currency,
        },
        marks: Marks {
            disputed,
            provenance: c.provenance(ds),
            derived: false,
            confidence: c.confidence,
        },
    };
    let provenance = c.label(ds);
    CompareCell {
        cell,
        candidates: cands,
        chosen,
        provenance,
        ratio: None,
    }
}

/// A short reference to a candidate for derived provenance: `C050`, `headline`, `lab-level`.
pub(super) fn short_ref(ds: &Dataset, c: Option<&Candidate>) -> String {
    match c {
        None => format::MISSING.to_string(),
        Some(c) if c.lab_level => "lab-level".into(),
        Some(c) => c.claim(ds).map_or("headline".into(), |claim| claim.id.to_string()),
    }
}
