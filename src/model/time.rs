//! Time in Zhongzhan: China Standard Time (UTC+8 all year, no daylight saving), the one clock
//! every date the app shows or writes is read on — opening hours, the as-of moment, provenance
//! notes ("added on"), the poster header and the recovery dialog — and the formats they use.
//!
//! The offset is fixed, so the machine's own time zone never matters: a desk set to UTC shows
//! the same dates as one set to Beijing time.

use chrono::{DateTime, NaiveDateTime};

/// Zhongzhan's offset from UTC in seconds (China Standard Time, all year).
pub const CHINA_UTC_OFFSET_S: i64 = 8 * 3600;

/// How the as-of moment is typed and shown (`2024-10-01 07:30`).
pub const AS_OF_FORMAT: &str = "%Y-%m-%d %H:%M";

/// How a date is written (`2024-10-01`).
pub const DATE_FORMAT: &str = "%Y-%m-%d";

/// Seconds since 1970 now (0 if the clock is before 1970).
pub fn unix_now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The local time in Zhongzhan now.
pub fn china_now() -> NaiveDateTime {
    china_time(unix_now_s())
}

/// The local time in Zhongzhan at a Unix time.
pub fn china_time(unix_s: i64) -> NaiveDateTime {
    DateTime::from_timestamp(unix_s.saturating_add(CHINA_UTC_OFFSET_S), 0)
        .unwrap_or_default()
        .naive_utc()
}

/// The China date of a Unix time as `YYYY-MM-DD` (for provenance notes and messages).
pub fn date_iso(unix_s: u64) -> String {
    china_time(i64::try_from(unix_s).unwrap_or(i64::MAX))
        .format(DATE_FORMAT)
        .to_string()
}

/// A Unix time as China time, `YYYY-MM-DD HH:MM`.
pub fn datetime_text(unix_s: u64) -> String {
    china_time(i64::try_from(unix_s).unwrap_or(i64::MAX))
        .format(AS_OF_FORMAT)
        .to_string()
}

/// Today's date in Zhongzhan as `YYYY-MM-DD`.
pub fn today_iso() -> String {
    china_now().format(DATE_FORMAT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn china_time_is_utc_plus_eight() {
        // 2024-10-01 00:00 UTC is 08:00 in Zhongzhan.
        assert_eq!(
            china_time(1_727_740_800).format(AS_OF_FORMAT).to_string(),
            "2024-10-01 08:00"
        );
    }

    #[test]
    fn dates_are_china_dates_even_before_eight_in_the_morning() {
        assert_eq!(date_iso(0), "1970-01-01");
        // 2024-09-30 23:30 UTC is already 1 October in Zhongzhan.
        assert_eq!(date_iso(1_727_739_000), "2024-10-01");
        assert_eq!(date_iso(951_782_400), "2000-02-29");
        assert_eq!(datetime_text(1_727_744_400), "2024-10-01 09:00");
    }

    #[test]
    fn a_time_beyond_chrono_s_range_is_not_a_panic() {
        assert_eq!(date_iso(u64::MAX), "1970-01-01");
    }
}
