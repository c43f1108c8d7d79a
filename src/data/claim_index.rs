//! Which claims are about which record: two flat vectors of claim indices and one range per
//! subject, instead of a small vector per (subject, metric) — at 300k claims that is a few MB
//! and no allocation per entry.

use std::collections::HashMap;

use super::records::{Claim, RecordRef};

/// Claims by subject (in file order) and by subject and metric (in file order per metric).
#[derive(Clone, Debug, Default)]
pub struct ClaimIndex {
    /// Claim indices ordered by (subject, file order).
    by_subject: Vec<u32>,
    /// The same indices ordered by (subject, metric id, file order).
    by_metric: Vec<u32>,
    /// Each subject's range in both vectors.
    ranges: HashMap<RecordRef, (u32, u32)>,
}

impl ClaimIndex {
    /// Indexes `claims`.
    pub fn build(claims: &[Claim]) -> Self {
        let mut by_subject: Vec<u32> = (0..claims.len() as u32).collect();
        let subject = |i: u32| claims[i as usize].subject;
        // Stable: file order within a subject is kept.
        by_subject.sort_by_key(|&i| subject(i));
        let mut by_metric = by_subject.clone();
        by_metric.sort_by(|&a, &b| {
            (subject(a), claims[a as usize].metric.id).cmp(&(subject(b), claims[b as usize].metric.id))
        });
        let mut ranges = HashMap::new();
        let mut start = 0;
        while start < by_subject.len() {
            let s = subject(by_subject[start]);
            let len = by_subject[start..].iter().take_while(|&&i| subject(i) == s).count();
            ranges.insert(s, (start as u32, (start + len) as u32));
            start += len;
        }
        Self {
            by_subject,
            by_metric,
            ranges,
        }
    }

    fn range(&self, subject: RecordRef) -> std::ops::Range<usize> {
        self.ranges.get(&subject).map_or(0..0, |&(a, b)| a as usize..b as usize)
    }

    /// All claims about `subject`, in file order.
    pub fn about(&self, subject: RecordRef) -> &[u32] {
        self.by_subject.get(self.range(subject)).unwrap_or(&[])
    }

    /// Claims about `subject` for the metric with id `metric`, in file order.
    pub fn for_metric<'a>(&'a self, claims: &[Claim], subject: RecordRef, metric: &str) -> &'a [u32] {
        let all = self.by_metric.get(self.range(subject)).unwrap_or(&[]);
        if all.is_empty() {
            return all;
        }
        // Claims point into the metric registry: compare entries, not names.
        let Some(m) = super::metric::find(metric) else {
            return &[];
        };
        let is = |i: &u32| claims.get(*i as usize).is_some_and(|c| std::ptr::eq(c.metric, m));
        let start = all.iter().position(is).unwrap_or(all.len());
        let len = all[start..].iter().take_while(|i| is(i)).count();
        &all[start..start + len]
    }

    /// Number of subjects with claims.
    pub fn subjects(&self) -> usize {
        self.ranges.len()
    }
}
