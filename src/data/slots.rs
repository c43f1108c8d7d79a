//! Fills in what a reader must know about each figure on a record, from the claims:
//! whether claims disagree, whether the shown figure comes from a claim, its confidence.

use super::dataset::*;
use super::figure::Figure;
use super::schema::FigureField;

/// Builds the claim indexes and every record's slots. Runs once per load.
pub fn fill(ds: &mut Dataset) {
    ds.claim_index = super::claim_index::ClaimIndex::build(&ds.claims);
    ds.models_by_lab = models_by_lab(ds);
    for kind in Kind::ALL {
        let n = ds.count(kind);
        refill(ds, kind, 0..n);
    }
}

/// Each lab's models, in file order.
pub fn models_by_lab(ds: &Dataset) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); ds.labs.len()];
    for (i, m) in ds.models.iter().enumerate() {
        if let Some(v) = out.get_mut(m.lab as usize) {
            v.push(i as u32);
        }
    }
    out
}

/// Fills the slots of the records of `kind` in `range` (fresh from the parser: headlines
/// only) from the claims, with the claim index already built.
pub fn refill(ds: &mut Dataset, kind: Kind, range: std::ops::Range<usize>) {
    let figures: Vec<&FigureField> = super::schema::figures_of(kind).collect();
    if figures.is_empty() || range.is_empty() {
        return;
    }
    let claims = std::mem::take(&mut ds.claims);
    let index = std::mem::take(&mut ds.claim_index);
    // Record by record, each record's figures together: one pass over the records.
    for i in range {
        let subject = RecordRef { kind, index: i as u32 };
        for fig in &figures {
            let ids = index.for_metric(&claims, subject, fig.name());
            if let Some(slot) = (fig.slot_mut)(ds, i) {
                resolve(slot, ids.iter().filter_map(|&c| claims.get(c as usize).map(|x| (c, x))));
            }
        }
    }
    ds.claims = claims;
    ds.claim_index = index;
}

/// Whether two claims about the same subject and metric disagree: they cover the same
/// `basis` (a pre-training share is no rival to the full run) and state figures that cannot
/// both hold given each one's stated precision (`Figure::agrees`), different currencies, or
/// different texts.
pub fn conflicts(a: &Claim, b: &Claim) -> bool {
    if a.basis != b.basis {
        return false;
    }
    match (&a.figure, &b.figure) {
        (Some(x), Some(y)) => !money_agrees(x, a.currency, y, b.currency),
        (None, None) => a.text != b.text,
        _ => false,
    }
}

/// Whether two figures agree, across currencies where that can be judged without an exchange
/// rate: nominal and 2023 dollars differ by inflation only, so each gets the leeway of `≈`;
/// euros or yuan against dollars cannot be compared here, so they never count as a dispute.
pub fn money_agrees(x: &Figure, xc: Currency, y: &Figure, yc: Currency) -> bool {
    if xc == yc {
        return x.agrees(y);
    }
    let dollars = |c| matches!(c, Currency::Usd | Currency::Usd2023);
    if dollars(xc) && dollars(yc) {
        let loose = |f: &Figure| Figure { approx: true, ..*f };
        return loose(x).agrees(&loose(y));
    }
    true
}

/// Decides a slot from its headline (already in `slot.fig`) and the claims about its metric.
pub fn resolve<'c>(slot: &mut Slot, claims: impl Iterator<Item = (u32, &'c Claim)>) {
    let indexed: Vec<(u32, &Claim)> = claims.filter(|(_, c)| c.figure.is_some()).collect();
    let numeric: Vec<&Claim> = indexed.iter().map(|&(_, c)| c).collect();
    let Some(&(first_index, first)) = indexed.first() else {
        return;
    };
    match slot.fig {
        Some(headline) => {
            // The claim stating the headline tells its confidence and what it covers; only
            // claims covering the same basis can dispute it.
            // Among claims stating it, the subject's own comes first: it decides the glyph.
            let states = |c: &&(u32, &Claim)| c.1.figure.is_some_and(|f| f.same_as(&headline));
            let backing = indexed
                .iter()
                .filter(states)
                .find(|(_, c)| c.kind == ClaimKind::Claimed)
                .or_else(|| indexed.iter().find(states));
            if let Some(&(i, c)) = backing {
                slot.claim = Some(i);
                slot.provenance = super::Provenance::of(Some(c.kind));
                slot.confidence = c.confidence;
                slot.disputed = numeric.iter().any(|o| conflicts(c, o));
            } else {
                slot.disputed = numeric.iter().any(|c| {
                    c.basis.is_none()
                        && c.figure
                            .is_some_and(|f| !money_agrees(&f, c.currency, &headline, slot.currency))
                });
            }
        }
        None => {
            slot.fig = first.figure;
            slot.currency = first.currency;
            slot.confidence = first.confidence;
            slot.from_claim = true;
            slot.claim = Some(first_index);
            slot.provenance = super::Provenance::of(Some(first.kind));
            slot.disputed = numeric.iter().skip(1).any(|c| conflicts(first, c));
        }
    }
}
