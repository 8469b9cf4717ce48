//! Provenance: where a facility's existence and position come from, so the app never
//! presents a guessed position as a surveyed one.

/// How trustworthy a facility's coordinates are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    /// Measured on site (GNSS or survey). Only staff may set this.
    Surveyed,
    /// Roughly right (e.g. read off a map), within tens of metres.
    Approximate,
    /// A plausible placeholder: the real position is unknown.
    Illustrative,
}

impl Precision {
    /// Every precision, from best to worst.
    pub const ALL: [Precision; 3] = [
        Precision::Surveyed,
        Precision::Approximate,
        Precision::Illustrative,
    ];

    /// The value stored in data files.
    pub fn slug(self) -> &'static str {
        match self {
            Precision::Surveyed => "surveyed",
            Precision::Approximate => "approximate",
            Precision::Illustrative => "illustrative",
        }
    }

    /// Parses the value stored in data files.
    pub fn from_slug(slug: &str) -> Option<Precision> {
        Precision::ALL.into_iter().find(|p| p.slug() == slug)
    }

    /// A label a resident understands, in Chinese and English.
    pub fn label(self) -> &'static str {
        match self {
            Precision::Surveyed => "实测 surveyed",
            Precision::Approximate => "大致位置 approximate",
            Precision::Illustrative => "示意位置 illustrative",
        }
    }

    /// One sentence telling the user what the precision means for them.
    pub fn explanation(self) -> &'static str {
        match self {
            Precision::Surveyed => "位置经实地测量。Position measured on site.",
            Precision::Approximate => {
                "位置为大致位置，可能偏差数十米。Approximate: may be off by tens of metres."
            }
            Precision::Illustrative => {
                "位置仅为示意，实际地点未知，请勿据此导航。Illustrative only: the real location is unknown; do not navigate by it."
            }
        }
    }
}

/// Where a facility comes from and how it was placed on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// The sentence (or clause) of the source article that mentions the facility.
    pub source_quote: String,
    /// Which article (date, title, authors) the quote is from.
    pub source_ref: String,
    /// How trustworthy the coordinates are.
    pub precision: Precision,
    /// How the position was obtained, in words.
    pub method: String,
}
