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

/// A UTC date as `YYYY-MM-DD` from seconds since 1970 (for provenance notes and messages).
pub fn date_iso(unix_s: u64) -> String {
    utc(unix_s).format("%Y-%m-%d").to_string()
}

/// A UTC moment as `YYYY-MM-DD HH:MM UTC` from seconds since 1970.
pub fn datetime_text(unix_s: u64) -> String {
    utc(unix_s).format("%Y-%m-%d %H:%M UTC").to_string()
}

fn utc(unix_s: u64) -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp(i64::try_from(unix_s).unwrap_or(i64::MAX), 0)
        .unwrap_or_default()
        .naive_utc()
}

/// Today's UTC date as `YYYY-MM-DD`.
pub fn today_iso() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    date_iso(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_computed_in_utc() {
        assert_eq!(date_iso(0), "1970-01-01");
        assert_eq!(date_iso(1_727_740_800), "2024-10-01");
        assert_eq!(date_iso(951_782_400), "2000-02-29");
        assert_eq!(datetime_text(1_727_744_400), "2024-10-01 01:00 UTC");
    }
}
