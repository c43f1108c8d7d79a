//! Fills in what a reader must know about each figure on a record, from the claims:
//! whether claims disagree, whether the shown figure comes from a claim, its confidence.

use super::dataset::*;
use super::figure::Figure;
use super::schema::FigureField;

/// Builds the claim indexes and every record's slots. Runs once per load.
pub fn fill(ds: &mut Dataset) {
    let index = super::claim_index::ClaimIndex::build(&ds.claims);
    fill_with(ds, index);
}

/// As `fill`, with the claim index already built (`parallel` builds it while it checks).
pub fn fill_with(ds: &mut Dataset, index: super::claim_index::ClaimIndex) {
    ds.claim_index = index;
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

/// Records whose slots are decided at a time: decided on all cores from the data as it is,
/// then written (a bounded buffer, however many records).
const BATCH: usize = 1 << 16;

/// Fills the slots of the records of `kind` in `range` (fresh from the parser: headlines
/// only) from the claims, with the claim index already built.
pub fn refill(ds: &mut Dataset, kind: Kind, range: std::ops::Range<usize>) {
    let figures: Vec<&FigureField> = super::schema::figures_of(kind).collect();
    if figures.is_empty() || range.is_empty() {
        return;
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut at = range.start;
    while at < range.end {
        let batch = at..(at + BATCH).min(range.end);
        let decided = decide_all(ds, kind, batch.clone(), &figures, threads);
        // Record by record, each record's figures in order, as decided.
        let mut slots = decided.into_iter();
        for i in batch.clone() {
            for fig in &figures {
                if let (Some(slot), Some(new)) = ((fig.slot_mut)(ds, i), slots.next()) {
                    *slot = new;
                }
            }
        }
        at = batch.end;
    }
}

/// The slots of the records of `kind` in `range`, each record's `figures` in order, decided
/// on `threads` threads (one for a small range).
fn decide_all(
    ds: &Dataset,
    kind: Kind,
    range: std::ops::Range<usize>,
    figures: &[&FigureField],
    threads: usize,
) -> Vec<Slot> {
    let decide = |r: std::ops::Range<usize>| {
        let mut out = Vec::with_capacity(r.len() * figures.len());
        for i in r {
            let subject = RecordRef { kind, index: i as u32 };
            for fig in figures {
                let mut slot = (fig.slot)(ds, i).copied().unwrap_or_default();
                let ids = ds.claim_index.for_metric(&ds.claims, subject, fig.name());
                resolve(
                    &mut slot,
                    ids.iter().filter_map(|&c| ds.claims.get(c as usize).map(|x| (c, x))),
                );
                out.push(slot);
            }
        }
        out
    };
    if threads < 2 || range.len() < 4096 {
        return decide(range);
    }
    let per = range.len().div_ceil(threads);
    std::thread::scope(|s| {
        let parts: Vec<_> = (0..threads)
            .map(|t| {
                let from = (range.start + t * per).min(range.end);
                let to = (from + per).min(range.end);
                s.spawn(move || decide(from..to))
            })
            .collect();
        let mut all = Vec::with_capacity(range.len() * figures.len());
        for p in parts {
            // A thread that panicked decided nothing: decide its share here instead.
            match p.join() {
                Ok(v) => all.extend(v),
                Err(_) => return decide(range.clone()),
            }
        }
        all
    })
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
