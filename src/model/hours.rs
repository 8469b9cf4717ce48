//! Opening hours and seasonal validity: is a facility open at a given local time (China
//! Standard Time, UTC+8, no daylight saving), and if not, why. Hours use OpenStreetMap's
//! `opening_hours` syntax, evaluated by the `opening-hours` crate; validity is an optional
//! first and last day (`valid_from`, `valid_until`, ISO dates) for seasonal facilities such as
//! fruit-vendor areas. Holidays and make-up working days come from a shared
//! [`HolidayCalendar`]: `PH` rules match on public holidays, and a make-up working day has the
//! hours of an ordinary weekday.

use std::sync::Arc;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use opening_hours::OpeningHours;
use opening_hours::RuleKind;

use super::facility::Facility;
use super::holidays::HolidayCalendar;

pub use super::time::{CHINA_UTC_OFFSET_S, china_now, china_time};

/// Why a facility is not available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClosedReason {
    /// Outside its opening hours; when it next opens, if known within a week.
    OutsideHours {
        /// Next opening (local time).
        next_open: Option<NaiveDateTime>,
    },
    /// Its season has not started.
    NotYetValid {
        /// First day.
        from: NaiveDate,
    },
    /// Its season is over.
    Expired {
        /// Last day.
        until: NaiveDate,
    },
}

/// Whether a facility is available at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    /// Open (or always available); until when, if it closes within a week.
    Open {
        /// Next closing (local time).
        until: Option<NaiveDateTime>,
    },
    /// Closed, with the reason.
    Closed(ClosedReason),
    /// No hours given (or the hours say "unknown"): shown, never greyed.
    Unknown,
}

impl Availability {
    /// Whether the "open now" filter keeps it (unknown is kept: absence of data is not
    /// evidence of closure).
    pub fn passes_open_filter(&self) -> bool {
        !matches!(self, Availability::Closed(_))
    }
}

/// A facility's hours and validity, parsed once, and the holidays they are read with.
#[derive(Debug, Clone)]
pub struct Schedule {
    hours: Option<OpeningHours>,
    valid_from: Option<NaiveDate>,
    valid_until: Option<NaiveDate>,
    holidays: Arc<HolidayCalendar>,
}

/// Why a facility's hours or dates cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// The hours are not valid `opening_hours` syntax.
    #[error(
        "opening hours \"{text}\" are not valid opening_hours syntax (e.g. \"Mo-Fr 08:00-18:00\"): {message}"
    )]
    Hours {
        /// The hours as written.
        text: String,
        /// The parser's message.
        message: String,
    },
    /// A validity date is not `YYYY-MM-DD`.
    #[error("{field} \"{text}\" is not a date (YYYY-MM-DD)")]
    Date {
        /// `valid_from` or `valid_until`.
        field: &'static str,
        /// The value as written.
        text: String,
    },
    /// The season ends before it starts.
    #[error("valid_until {until} is before valid_from {from}")]
    Inverted {
        /// First day.
        from: NaiveDate,
        /// Last day.
        until: NaiveDate,
    },
}

fn parse_date(field: &'static str, text: &str) -> Result<Option<NaiveDate>, ScheduleError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ScheduleError::Date {
            field,
            text: text.to_owned(),
        })
}

impl Schedule {
    /// Parses hours and validity as written in the data, without any holidays (`PH` never
    /// matches); [`Schedule::with_holidays`] adds them.
    pub fn parse(hours: &str, valid_from: &str, valid_until: &str) -> Result<Self, ScheduleError> {
        let hours = match hours.trim() {
            "" => None,
            text => Some(
                text.parse::<OpeningHours>()
                    .map_err(|e| ScheduleError::Hours {
                        text: text.to_owned(),
                        message: e.to_string(),
                    })?,
            ),
        };
        let valid_from = parse_date("valid_from", valid_from)?;
        let valid_until = parse_date("valid_until", valid_until)?;
        if let (Some(from), Some(until)) = (valid_from, valid_until)
            && until < from
        {
            return Err(ScheduleError::Inverted { from, until });
        }
        Ok(Self {
            hours,
            valid_from,
            valid_until,
            holidays: Arc::default(),
        })
    }

    /// The same schedule read with `holidays` (shared, not copied).
    pub fn with_holidays(self, holidays: Arc<HolidayCalendar>) -> Self {
        Self {
            hours: self.hours.map(|h| h.with_context(holidays.context())),
            holidays,
            ..self
        }
    }

    /// The schedule of a facility, read with `holidays`; unreadable hours count as unknown
    /// (and are reported by `--check` and the edit form).
    pub fn of(facility: &Facility, holidays: &Arc<HolidayCalendar>) -> Self {
        Self::parse(&facility.hours, &facility.valid_from, &facility.valid_until)
            .unwrap_or(Self {
                hours: None,
                valid_from: None,
                valid_until: None,
                holidays: Arc::default(),
            })
            .with_holidays(Arc::clone(holidays))
    }

    /// The holidays this schedule is read with.
    pub fn holidays(&self) -> &HolidayCalendar {
        &self.holidays
    }

    /// How far `day`'s hours are moved: from the date they are read on (another weekday for a
    /// make-up working day) to `day`.
    fn shift_of(&self, day: NaiveDate) -> Duration {
        day - self.holidays.evaluated_as(day)
    }

    /// The state of the hours at `time`, a make-up working day read on its ordinary weekday.
    fn state(hours: &OpeningHours, shift: Duration, time: NaiveDateTime) -> RuleKind {
        hours.state(time - shift).0
    }

    /// The next time the state changes after `time`, if before `limit`. Without a make-up
    /// working day in between, the crate answers directly; otherwise day by day, each read
    /// on the date its hours come from.
    fn next_change(
        &self,
        hours: &OpeningHours,
        time: NaiveDateTime,
        limit: NaiveDateTime,
    ) -> Option<NaiveDateTime> {
        if !self.holidays.has_workday_between(time.date(), limit.date()) {
            return hours.next_change(time).filter(|t| *t < limit);
        }
        let kind = Self::state(hours, self.shift_of(time.date()), time);
        let mut at = time;
        // A week has few changes; the bound guards against one that changes every minute.
        for _ in 0..(8 * 48) {
            let day = at.date();
            let shift = self.shift_of(day);
            let day_end = day.succ_opt()?.and_hms_opt(0, 0, 0)?;
            let next = hours
                .next_change(at - shift)
                .map(|t| t + shift)
                .filter(|t| *t > at)
                .unwrap_or(day_end)
                .min(day_end);
            if next >= limit {
                return None;
            }
            if Self::state(hours, self.shift_of(next.date()), next) != kind {
                return Some(next);
            }
            at = next;
        }
        None
    }

    /// The opening intervals of a day (local time; an interval running past midnight ends at
    /// 24:00 here), in order; empty when closed all day or the hours are unknown.
    pub fn open_intervals_on(&self, day: NaiveDate) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        let Some(start) = day.and_hms_opt(0, 0, 0) else {
            return Vec::new();
        };
        let end = start + chrono::Duration::days(1);
        if self.valid_from.is_some_and(|from| day < from)
            || self.valid_until.is_some_and(|until| day > until)
        {
            return Vec::new();
        }
        let Some(hours) = &self.hours else {
            return Vec::new();
        };
        // A make-up working day has the intervals of its ordinary weekday, moved to `day`.
        let shift = self.shift_of(day);
        let (start, end) = (start - shift, end - shift);
        let mut intervals = Vec::new();
        let mut at = start;
        // A day has few changes; the bound guards against a schedule that changes every minute.
        for _ in 0..48 {
            let next = hours
                .next_change(at)
                .filter(|t| *t > at)
                .unwrap_or(end)
                .min(end);
            if hours.state(at).0 == RuleKind::Open {
                intervals.push((at + shift, next + shift));
            }
            if next >= end {
                break;
            }
            at = next;
        }
        intervals
    }

    /// Availability at a local time.
    pub fn at(&self, time: NaiveDateTime) -> Availability {
        let day = time.date();
        if let Some(from) = self.valid_from
            && day < from
        {
            return Availability::Closed(ClosedReason::NotYetValid { from });
        }
        if let Some(until) = self.valid_until
            && day > until
        {
            return Availability::Closed(ClosedReason::Expired { until });
        }
        let Some(hours) = &self.hours else {
            return Availability::Unknown;
        };
        let week_later = time + Duration::days(7);
        match Self::state(hours, self.shift_of(day), time) {
            RuleKind::Open => Availability::Open {
                until: self.next_change(hours, time, week_later),
            },
            RuleKind::Closed => Availability::Closed(ClosedReason::OutsideHours {
                next_open: self.next_change(hours, time, week_later),
            }),
            RuleKind::Unknown => Availability::Unknown,
        }
    }
}

/// The schedule of facility `index` among `schedules` (sorted by index, as built from the
/// catalog), without parsing anything.
pub fn schedule_at(schedules: &[(usize, Schedule)], index: usize) -> Option<&Schedule> {
    schedules
        .binary_search_by_key(&index, |(i, _)| *i)
        .ok()
        .and_then(|position| schedules.get(position))
        .map(|(_, schedule)| schedule)
}

/// Availability of facility `index` at `time` from the parsed `schedules`; unknown when it
/// has no hours or season.
pub fn availability_at(
    schedules: &[(usize, Schedule)],
    index: usize,
    time: NaiveDateTime,
) -> Availability {
    schedule_at(schedules, index).map_or(Availability::Unknown, |s| s.at(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn school_posts_are_open_at_the_morning_rush_and_closed_at_night() {
        let schedule =
            Schedule::parse("Mo-Fr 07:00-08:30,11:30-12:30,17:00-18:00", "", "").unwrap();
        // 2024-10-08 is a Tuesday.
        assert_eq!(
            schedule.at(at("2024-10-08 07:30")),
            Availability::Open {
                until: Some(at("2024-10-08 08:30"))
            }
        );
        let night = schedule.at(at("2024-10-08 22:00"));
        assert_eq!(
            night,
            Availability::Closed(ClosedReason::OutsideHours {
                next_open: Some(at("2024-10-09 07:00"))
            })
        );
        // Saturday.
        assert!(!schedule.at(at("2024-10-12 07:30")).passes_open_filter());
    }

    #[test]
    fn a_season_greys_a_fruit_area_before_and_after_it() {
        let schedule = Schedule::parse("06:00-21:00", "2024-06-01", "2024-10-31").unwrap();
        assert!(matches!(
            schedule.at(at("2024-05-20 10:00")),
            Availability::Closed(ClosedReason::NotYetValid { .. })
        ));
        assert!(matches!(
            schedule.at(at("2024-08-01 10:00")),
            Availability::Open { .. }
        ));
        assert!(matches!(
            schedule.at(at("2024-11-02 10:00")),
            Availability::Closed(ClosedReason::Expired { .. })
        ));
    }

    #[test]
    fn no_hours_is_unknown_and_kept_by_the_open_filter() {
        let schedule = Schedule::parse("", "", "").unwrap();
        let state = schedule.at(at("2024-10-08 03:00"));
        assert_eq!(state, Availability::Unknown);
        assert!(state.passes_open_filter());
    }

    #[test]
    fn bad_hours_and_dates_are_explained() {
        let hours = Schedule::parse("every day 9 to 5", "", "").unwrap_err();
        assert!(
            hours.to_string().contains("opening_hours syntax"),
            "{hours}"
        );
        let date = Schedule::parse("", "2024-13-01", "").unwrap_err();
        assert!(date.to_string().contains("valid_from"), "{date}");
        let inverted = Schedule::parse("", "2024-10-01", "2024-06-01").unwrap_err();
        assert!(matches!(inverted, ScheduleError::Inverted { .. }));
    }

    #[test]
    fn a_cached_schedule_is_found_by_catalog_index() {
        let schedules = vec![
            (2, Schedule::parse("06:00-21:00", "", "").unwrap()),
            (7, Schedule::parse("Mo-Fr 07:00-08:30", "", "").unwrap()),
        ];
        let tuesday_morning = at("2024-10-08 07:30");
        assert!(matches!(
            availability_at(&schedules, 7, tuesday_morning),
            Availability::Open { .. }
        ));
        assert_eq!(
            availability_at(&schedules, 3, tuesday_morning),
            Availability::Unknown
        );
    }

    /// A school guard post's hours read with the bundled holidays.
    fn school_post() -> Schedule {
        Schedule::parse("Mo-Fr 07:00-08:30,11:30-12:30,17:00-18:00; PH off", "", "")
            .unwrap()
            .with_holidays(Arc::new(HolidayCalendar::bundled()))
    }

    fn times_on(schedule: &Schedule, day: &str) -> Vec<String> {
        let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        schedule
            .open_intervals_on(day)
            .iter()
            .map(|(a, b)| format!("{}-{}", a.format("%H:%M"), b.format("%H:%M")))
            .collect()
    }

    #[test]
    fn ph_off_closes_a_school_guard_post_every_day_of_golden_week_2024() {
        let schedule = school_post();
        for day in 1..=7 {
            let date = format!("2024-10-{day:02}");
            assert!(times_on(&schedule, &date).is_empty(), "{date}");
            let morning = at(&format!("{date} 07:30"));
            assert!(
                matches!(
                    schedule.at(morning),
                    Availability::Closed(ClosedReason::OutsideHours { .. })
                ),
                "{date}: {:?}",
                schedule.at(morning)
            );
        }
        // Without the holidays, Monday 2024-10-07 would be an ordinary school day.
        let plain =
            Schedule::parse("Mo-Fr 07:00-08:30,11:30-12:30,17:00-18:00; PH off", "", "").unwrap();
        assert!(plain.at(at("2024-10-07 07:30")).passes_open_filter());
    }

    #[test]
    fn the_make_up_saturday_and_sunday_open_a_school_guard_post_at_seven() {
        let schedule = school_post();
        for date in ["2024-09-29", "2024-10-12"] {
            assert_eq!(
                times_on(&schedule, date),
                ["07:00-08:30", "11:30-12:30", "17:00-18:00"],
                "{date}"
            );
            assert_eq!(
                schedule.at(at(&format!("{date} 07:30"))),
                Availability::Open {
                    until: Some(at(&format!("{date} 08:30")))
                }
            );
        }
        // Friday evening before the make-up Saturday: it opens the next morning, not Monday.
        assert_eq!(
            schedule.at(at("2024-10-11 20:00")),
            Availability::Closed(ClosedReason::OutsideHours {
                next_open: Some(at("2024-10-12 07:00"))
            })
        );
        // The last evening of Golden Week: next opening is Tuesday 2024-10-08.
        assert_eq!(
            schedule.at(at("2024-10-06 20:00")),
            Availability::Closed(ClosedReason::OutsideHours {
                next_open: Some(at("2024-10-08 07:00"))
            })
        );
    }

    #[test]
    fn an_ordinary_saturday_stays_closed_for_a_school_guard_post() {
        let schedule = school_post();
        assert!(times_on(&schedule, "2024-10-19").is_empty());
        assert_eq!(
            schedule.at(at("2024-10-19 07:30")),
            Availability::Closed(ClosedReason::OutsideHours {
                next_open: Some(at("2024-10-21 07:00"))
            })
        );
    }

    #[test]
    fn a_school_day_has_its_three_guard_times_and_a_sunday_none() {
        let schedule =
            Schedule::parse("Mo-Fr 07:00-08:30,11:30-12:30,17:00-18:00", "", "").unwrap();
        let tuesday = NaiveDate::from_ymd_opt(2024, 10, 8).unwrap();
        let times: Vec<String> = schedule
            .open_intervals_on(tuesday)
            .iter()
            .map(|(a, b)| format!("{}-{}", a.format("%H:%M"), b.format("%H:%M")))
            .collect();
        assert_eq!(times, ["07:00-08:30", "11:30-12:30", "17:00-18:00"]);
        let sunday = NaiveDate::from_ymd_opt(2024, 10, 13).unwrap();
        assert!(schedule.open_intervals_on(sunday).is_empty());
    }
}
