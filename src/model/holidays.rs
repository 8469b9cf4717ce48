//! The holiday calendar opening hours are evaluated with: China's public holidays from the
//! `opening-hours` crate's embedded database (one statutory day per festival, e.g. only
//! 2024-10-01 of National Day), plus the days of a plain text file the bureau maintains
//! (`holidays.txt`): the rest of each holiday period and the make-up working days (调休)
//! of the State Council's annual notice.
//!
//! A holiday makes `PH` rules match (`Mo-Fr 07:00-08:30; PH off` is closed all of Golden
//! Week). A make-up working day is evaluated as an ordinary weekday (Monday unless the file
//! says `as Tu` …): the hours of a nearby date with that weekday that is neither a holiday nor a
//! make-up day, moved to the real date. Rules that name dates (`Oct 12 off`) are therefore read
//! on that nearby date too on a make-up day.
//!
//! The file, one entry per line, `#` starts a comment:
//!
//! ```text
//! 2024-10-01..2024-10-07 holiday 国庆节 National Day
//! 2024-09-29 workday 调休上班 make-up working day
//! 2024-10-12 workday as Fr
//! ```
//!
//! A bad line is reported with its number and skipped; the other lines still count.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use opening_hours::localization::Country;
use opening_hours::{Context, ContextHolidays};

/// The longest range one line may give (a typo such as `2024-10-01..2025-10-07` is refused).
pub const MAX_RANGE_DAYS: i64 = 31;

/// How many weeks around a make-up working day are searched for an ordinary day to read its
/// hours on.
const REFERENCE_SEARCH_WEEKS: i64 = 8;

/// A holiday's name as the file gives it: the words with Chinese characters, and the others.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayName {
    /// The Chinese words (`国庆节`), empty when none.
    pub zh: String,
    /// The other words (`National Day`), empty when none.
    pub en: String,
}

impl DayName {
    /// Splits the words after the keyword: words with a non-ASCII character are Chinese.
    fn from_words<'a>(words: impl Iterator<Item = &'a str>) -> Option<Self> {
        let (zh, en): (Vec<&str>, Vec<&str>) = words.partition(|w| !w.is_ascii());
        let name = Self {
            zh: zh.join(" "),
            en: en.join(" "),
        };
        (!name.zh.is_empty() || !name.en.is_empty()).then_some(name)
    }
}

/// What the bureau's file says about one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecialDay {
    /// A holiday (`PH` rules match).
    Holiday {
        /// Its name, if the file gives one.
        name: Option<DayName>,
    },
    /// A make-up working day, evaluated as an ordinary `as_weekday`.
    Workday {
        /// The weekday whose hours apply (Monday unless the file says otherwise).
        as_weekday: Weekday,
    },
}

/// What kind of day a date is, for the card's "today is a holiday".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind<'a> {
    /// An ordinary day.
    Ordinary,
    /// A public holiday, named when the file names it.
    Holiday(Option<&'a DayName>),
    /// A make-up working day with the hours of this weekday.
    Workday(Weekday),
}

/// What is wrong with a line of a holidays file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HolidayLineError {
    /// The first word is not a date or a range of dates.
    #[error(
        "\"{text}\" is not a date; write YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, e.g. \"2024-10-01..2024-10-07 holiday 国庆节 National Day\""
    )]
    Date {
        /// The word as written.
        text: String,
    },
    /// The range ends before it starts.
    #[error("the range {from}..{until} ends before it starts; write the earlier date first")]
    Inverted {
        /// First day.
        from: NaiveDate,
        /// Last day.
        until: NaiveDate,
    },
    /// The range is implausibly long.
    #[error(
        "the range {from}..{until} is longer than {MAX_RANGE_DAYS} days; check the dates or split it into several lines"
    )]
    TooLong {
        /// First day.
        from: NaiveDate,
        /// Last day.
        until: NaiveDate,
    },
    /// The word after the dates is neither `holiday` nor `workday`.
    #[error(
        "\"{text}\" should be \"holiday\" (放假) or \"workday\" (上班), e.g. \"2024-10-12 workday\""
    )]
    Kind {
        /// The word as written (empty when missing).
        text: String,
    },
    /// `as` is not followed by a weekday from Monday to Friday.
    #[error(
        "\"as {text}\" should name a weekday Mo, Tu, We, Th or Fr, e.g. \"2024-10-12 workday as Fr\""
    )]
    Weekday {
        /// The word after `as` as written (empty when missing).
        text: String,
    },
    /// A date is both a holiday and a make-up working day.
    #[error(
        "{date} is already a {earlier}; a day cannot be both a holiday and a make-up working day — keep the one the State Council's notice gives"
    )]
    Conflict {
        /// The date.
        date: NaiveDate,
        /// What it already was ("holiday" or "make-up working day").
        earlier: &'static str,
    },
}

/// A bad line of a holidays file: which file, which line, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}, line {line}: {error}")]
pub struct HolidayLineProblem {
    /// The file (path or "bundled data/holidays.txt").
    pub origin: String,
    /// One-based line number.
    pub line: usize,
    /// What is wrong.
    pub error: HolidayLineError,
}

/// Public holidays and make-up working days, shared (in an `Arc`) by every schedule.
#[derive(Debug, Clone, Default)]
pub struct HolidayCalendar {
    /// For the `opening-hours` crate: the public holidays (database and file together).
    holidays: ContextHolidays,
    /// The days the files list.
    days: BTreeMap<NaiveDate, SpecialDay>,
}

impl HolidayCalendar {
    /// China's public holidays from the `opening-hours` crate's database, no file.
    pub fn china() -> Self {
        Self {
            holidays: Country::CN.holidays(),
            days: BTreeMap::new(),
        }
    }

    /// China's holidays plus those of the bundled file (`data/holidays.txt`).
    pub fn bundled() -> Self {
        let mut calendar = Self::china();
        // The bundled file is checked by a test; a problem in it would be a build defect.
        let problems = calendar.add_file(super::BUNDLED_HOLIDAYS, super::BUNDLED_HOLIDAYS_ORIGIN);
        for problem in problems {
            log::error!("{problem}");
        }
        calendar
    }

    /// Adds the entries of a holidays file's `text` (`origin` names it in problems). Returns the
    /// bad lines; every good line is added. A later file may add to an earlier one but not turn
    /// a holiday into a working day or back.
    pub fn add_file(&mut self, text: &str, origin: &str) -> Vec<HolidayLineProblem> {
        let mut problems = Vec::new();
        let mut new_holidays = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let content = line.split('#').next().unwrap_or_default();
            if content.trim().is_empty() {
                continue;
            }
            let result = parse_line(content).and_then(|(from, until, day)| {
                self.insert_range(from, until, &day, &mut new_holidays)
            });
            if let Err(error) = result {
                problems.push(HolidayLineProblem {
                    origin: origin.to_owned(),
                    line: number + 1,
                    error,
                });
            }
        }
        if !new_holidays.is_empty() {
            let mut public = self.holidays.get_public().clone();
            for date in new_holidays {
                public.insert(date);
            }
            self.holidays = ContextHolidays::new(
                Arc::new(public),
                Arc::new(self.holidays.get_school().clone()),
            );
        }
        problems
    }

    /// Adds one line's days, or refuses all of them when one conflicts.
    fn insert_range(
        &mut self,
        from: NaiveDate,
        until: NaiveDate,
        day: &SpecialDay,
        new_holidays: &mut Vec<NaiveDate>,
    ) -> Result<(), HolidayLineError> {
        let dates: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= until).collect();
        for &date in &dates {
            let earlier = match (day, self.day_kind(date)) {
                (SpecialDay::Holiday { .. }, DayKind::Workday(_)) => "make-up working day",
                (SpecialDay::Workday { .. }, DayKind::Holiday(_)) => "holiday",
                _ => continue,
            };
            return Err(HolidayLineError::Conflict { date, earlier });
        }
        for date in dates {
            // The first name given for a date is kept.
            let keep_earlier = matches!(
                self.days.get(&date),
                Some(SpecialDay::Holiday { name: Some(_) })
            );
            if !keep_earlier {
                self.days.insert(date, day.clone());
            }
            if matches!(day, SpecialDay::Holiday { .. }) {
                new_holidays.push(date);
            }
        }
        Ok(())
    }

    /// What kind of day `date` is.
    pub fn day_kind(&self, date: NaiveDate) -> DayKind<'_> {
        match self.days.get(&date) {
            Some(SpecialDay::Holiday { name }) => DayKind::Holiday(name.as_ref()),
            Some(SpecialDay::Workday { as_weekday }) => DayKind::Workday(*as_weekday),
            None if self.holidays.get_public().contains(date) => DayKind::Holiday(None),
            None => DayKind::Ordinary,
        }
    }

    /// Whether `date` is a public holiday (`PH` matches).
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        matches!(self.day_kind(date), DayKind::Holiday(_))
    }

    /// The context the `opening-hours` crate evaluates with (its holidays are shared, not
    /// copied).
    pub fn context(&self) -> Context {
        Context::default().with_holidays(self.holidays.clone())
    }

    /// The date whose hours apply on `date`: `date` itself, or for a make-up working day the
    /// nearest ordinary date with its weekday (the same week first, then one week earlier,
    /// one later, …).
    pub fn evaluated_as(&self, date: NaiveDate) -> NaiveDate {
        let DayKind::Workday(weekday) = self.day_kind(date) else {
            return date;
        };
        let same_week = date
            + Duration::days(
                i64::from(weekday.num_days_from_monday())
                    - i64::from(date.weekday().num_days_from_monday()),
            );
        (0..=REFERENCE_SEARCH_WEEKS)
            .flat_map(|k| {
                [
                    same_week - Duration::weeks(k),
                    same_week + Duration::weeks(k),
                ]
            })
            .find(|candidate| self.day_kind(*candidate) == DayKind::Ordinary)
            .unwrap_or(date)
    }

    /// Whether a make-up working day falls between `from` and `until` (both included).
    pub fn has_workday_between(&self, from: NaiveDate, until: NaiveDate) -> bool {
        from <= until
            && self
                .days
                .range(from..=until)
                .any(|(_, day)| matches!(day, SpecialDay::Workday { .. }))
    }
}

/// Reads one line (comment removed): its first and last date and what they are.
fn parse_line(content: &str) -> Result<(NaiveDate, NaiveDate, SpecialDay), HolidayLineError> {
    let mut words = content.split_whitespace();
    let dates = words.next().unwrap_or_default();
    let (from, until) = parse_dates(dates)?;
    if until < from {
        return Err(HolidayLineError::Inverted { from, until });
    }
    if (until - from).num_days() >= MAX_RANGE_DAYS {
        return Err(HolidayLineError::TooLong { from, until });
    }
    let kind = words.next().unwrap_or_default();
    let day = match kind.to_ascii_lowercase().as_str() {
        "holiday" | "放假" => SpecialDay::Holiday {
            name: DayName::from_words(words),
        },
        "workday" | "上班" => {
            let mut words = words.peekable();
            let as_weekday = if words.next_if(|w| w.eq_ignore_ascii_case("as")).is_some() {
                let text = words.next().unwrap_or_default();
                parse_weekday(text).ok_or_else(|| HolidayLineError::Weekday {
                    text: text.to_owned(),
                })?
            } else {
                Weekday::Mon
            };
            SpecialDay::Workday { as_weekday }
        }
        _ => {
            return Err(HolidayLineError::Kind {
                text: kind.to_owned(),
            });
        }
    };
    Ok((from, until, day))
}

/// `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`.
fn parse_dates(text: &str) -> Result<(NaiveDate, NaiveDate), HolidayLineError> {
    let date = |part: &str| {
        NaiveDate::parse_from_str(part, "%Y-%m-%d").map_err(|_| HolidayLineError::Date {
            text: text.to_owned(),
        })
    };
    match text.split_once("..") {
        Some((from, until)) => Ok((date(from)?, date(until)?)),
        None => date(text).map(|d| (d, d)),
    }
}

/// A weekday from Monday to Friday in OpenStreetMap's two letters (`Mo` … `Fr`).
fn parse_weekday(text: &str) -> Option<Weekday> {
    match text.to_ascii_lowercase().as_str() {
        "mo" => Some(Weekday::Mon),
        "tu" => Some(Weekday::Tue),
        "we" => Some(Weekday::Wed),
        "th" => Some(Weekday::Thu),
        "fr" => Some(Weekday::Fri),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_crate_knows_only_the_first_day_of_national_day() {
        let china = HolidayCalendar::china();
        assert!(china.is_holiday(day("2024-10-01")));
        assert!(!china.is_holiday(day("2024-10-04")));
        assert!(china.is_holiday(day("2024-02-10")), "Spring Festival");
        assert!(!china.is_holiday(day("2024-02-14")));
    }

    #[test]
    fn the_bundled_file_has_no_problems_and_gives_all_of_golden_week_2024() {
        let mut calendar = HolidayCalendar::china();
        let problems = calendar.add_file(
            crate::model::BUNDLED_HOLIDAYS,
            crate::model::BUNDLED_HOLIDAYS_ORIGIN,
        );
        assert_eq!(problems, []);
        for date in day("2024-10-01").iter_days().take(7) {
            assert!(calendar.is_holiday(date), "{date}");
        }
        assert!(!calendar.is_holiday(day("2024-10-08")));
        assert_eq!(
            calendar.day_kind(day("2024-09-29")),
            DayKind::Workday(Weekday::Mon)
        );
        assert_eq!(
            calendar.day_kind(day("2024-10-12")),
            DayKind::Workday(Weekday::Mon)
        );
        let DayKind::Holiday(Some(name)) = calendar.day_kind(day("2024-10-03")) else {
            panic!("National Day is named");
        };
        assert_eq!(name.zh, "国庆节");
        assert_eq!(name.en, "National Day");
    }

    #[test]
    fn a_make_up_saturday_is_read_on_the_nearest_ordinary_monday() {
        let mut calendar = HolidayCalendar::china();
        let problems = calendar.add_file(
            "2024-10-01..2024-10-07 holiday\n2024-10-12 workday\n2024-09-29 workday as Fr\n",
            "test",
        );
        assert_eq!(problems, []);
        // Monday 2024-10-07 is a holiday, so the Monday before.
        assert_eq!(calendar.evaluated_as(day("2024-10-12")), day("2024-09-30"));
        // Sunday 2024-09-29 as a Friday: the Friday of its week.
        assert_eq!(calendar.evaluated_as(day("2024-09-29")), day("2024-09-27"));
        assert_eq!(calendar.evaluated_as(day("2024-10-08")), day("2024-10-08"));
        assert!(calendar.has_workday_between(day("2024-10-08"), day("2024-10-14")));
        assert!(!calendar.has_workday_between(day("2024-10-13"), day("2024-10-20")));
    }

    #[test]
    fn bad_lines_are_reported_with_their_numbers_and_the_rest_still_loads() {
        let text = "# 节假日\n\
                    2024-10-01..2024-10-07 holiday 国庆节 National Day\n\
                    2024-13-01 holiday\n\
                    2024-10-07..2024-10-01 holiday\n\
                    2024-10-12 weekday\n\
                    2024-10-12 workday as Sa\n\
                    2024-10-03 workday\n\
                    2024-01-01..2024-12-31 holiday\n\
                    2024-09-29 workday # 调休上班\n";
        let mut calendar = HolidayCalendar::china();
        let problems = calendar.add_file(text, "holidays.txt");
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7, 8]);
        let first = problems.first().unwrap().to_string();
        assert!(
            first.starts_with("holidays.txt, line 3: \"2024-13-01\""),
            "{first}"
        );
        assert!(first.contains("YYYY-MM-DD"), "{first}");
        assert!(matches!(
            problems.get(4).map(|p| &p.error),
            Some(HolidayLineError::Conflict {
                earlier: "holiday",
                ..
            })
        ));
        assert!(calendar.is_holiday(day("2024-10-05")));
        assert_eq!(
            calendar.day_kind(day("2024-09-29")),
            DayKind::Workday(Weekday::Mon)
        );
        assert_eq!(calendar.day_kind(day("2024-10-12")), DayKind::Ordinary);
    }

    #[test]
    fn chinese_keywords_and_names_in_either_order_are_read() {
        let mut calendar = HolidayCalendar::default();
        let problems = calendar.add_file(
            "2025-05-01..2025-05-05 放假 Labour Day 劳动节\n2025-04-27 上班 as tu\n",
            "test",
        );
        assert_eq!(problems, []);
        let DayKind::Holiday(Some(name)) = calendar.day_kind(day("2025-05-02")) else {
            panic!("Labour Day is named");
        };
        assert_eq!(
            (name.zh.as_str(), name.en.as_str()),
            ("劳动节", "Labour Day")
        );
        assert_eq!(
            calendar.day_kind(day("2025-04-27")),
            DayKind::Workday(Weekday::Tue)
        );
    }
}
