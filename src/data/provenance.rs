//! Whose figure a cell shows, and its glyph: defined here once, for every view and export.

/// Who a claim comes from, relative to its subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClaimKind {
    /// Said by the subject itself.
    Claimed,
    /// Reported by the press.
    Reported,
    /// Estimated by an analyst.
    Estimated,
    /// Computed from other figures; nobody said it.
    Derived,
}

impl ClaimKind {
    /// The name written in data files.
    pub fn name(self) -> &'static str {
        match self {
            ClaimKind::Claimed => "claimed",
            ClaimKind::Reported => "reported",
            ClaimKind::Estimated => "estimated",
            ClaimKind::Derived => "derived",
        }
    }
}

/// Who a figure is from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Provenance {
    /// The subject's own figure: written on the record (its headline), or claimed by the
    /// subject, its lab or its staff (claim kind `claimed`). No glyph.
    #[default]
    Own,
    /// Somebody else's figure: a journalist (even one reporting the subject), an analyst
    /// (claim kind `reported` or `estimated`). Glyph `*`.
    Others,
    /// Computed by labdash, said by nobody (claim kind `derived`, or a derived column). Glyph `ƒ`.
    Computed,
}

impl Provenance {
    /// The provenance of a figure stated by a claim of this kind; `None` is a headline that
    /// no claim states, which the data file defines as the subject's own.
    pub fn of(kind: Option<ClaimKind>) -> Provenance {
        match kind {
            None | Some(ClaimKind::Claimed) => Provenance::Own,
            Some(ClaimKind::Reported | ClaimKind::Estimated) => Provenance::Others,
            Some(ClaimKind::Derived) => Provenance::Computed,
        }
    }

    /// The glyph shown after the figure.
    pub fn glyph(self) -> &'static str {
        match self {
            Provenance::Own => "",
            Provenance::Others => "*",
            Provenance::Computed => "ƒ",
        }
    }

    /// The name used in exports.
    pub fn name(self) -> &'static str {
        match self {
            Provenance::Own => "own",
            Provenance::Others => "others",
            Provenance::Computed => "computed",
        }
    }
}
