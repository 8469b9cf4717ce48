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
    // Howard Hinnant's civil-from-days algorithm.
    let days = (unix_s / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
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
    }
}
