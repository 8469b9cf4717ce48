//! Provenance: where a facility's existence and position come from, so the app never
//! presents a guessed position as a surveyed one.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock, Mutex};

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
/// ([`shared_text`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// The sentence (or clause) of the source article that mentions the facility.
    pub source_quote: Arc<str>,
    /// Which article (date, title, authors) the quote is from.
    pub source_ref: Arc<str>,
    /// How trustworthy the coordinates are.
    pub precision: Precision,
    /// How the position was obtained, in words.
    pub method: Arc<str>,
}

/// The provenance texts met so far, each kept once. Texts no facility holds any more are
/// dropped whenever the set has doubled since the last look, so it stays about the size of
/// the texts in use.
struct SharedTexts {
    texts: HashSet<Arc<str>>,
    look_again_at: usize,
}

static SHARED_TEXTS: LazyLock<Mutex<SharedTexts>> = LazyLock::new(|| {
    Mutex::new(SharedTexts {
        texts: HashSet::new(),
        look_again_at: 1024,
    })
});

/// `text` as a shared provenance text: the same allocation as every other facility's equal
/// text (a source quote of 60 bytes repeated on 300 000 facilities is kept once).
pub fn shared_text(text: &str) -> Arc<str> {
    if text.is_empty() {
        return Arc::default();
    }
    let Ok(mut shared) = SHARED_TEXTS.lock() else {
        return Arc::from(text);
    };
    if let Some(found) = shared.texts.get(text) {
        return Arc::clone(found);
    }
    if shared.texts.len() >= shared.look_again_at {
        shared.texts.retain(|kept| Arc::strong_count(kept) > 1);
        shared.look_again_at = (shared.texts.len() * 2).max(1024);
    }
    let new: Arc<str> = Arc::from(text);
    shared.texts.insert(Arc::clone(&new));
    new
}
