//! Provenance: where a facility's existence and position come from, so the app never
//! presents a guessed position as a surveyed one.

pub use super::shared_text::{SharedText, shared_text};

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
}

/// Where a facility comes from and how it was placed on the map. The texts repeat across
/// facilities (one article, a few methods), so each distinct text is kept once and shared
/// ([`shared_text`]); each takes 8 bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// The sentence (or clause) of the source article that mentions the facility.
    pub source_quote: SharedText,
    /// Which article (date, title, authors) the quote is from.
    pub source_ref: SharedText,
    /// How trustworthy the coordinates are.
    pub precision: Precision,
    /// How the position was obtained, in words.
    pub method: SharedText,
}
