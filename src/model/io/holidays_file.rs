//! Finding and reading the bureau's holidays file: `holidays.txt` in the folder of the data
//! file, added to the bundled `data/holidays.txt` (see [`crate::model::holidays`] for the
//! format). A missing file is normal; an unreadable one or bad lines are problems to show,
//! never a reason not to open the data.

use std::path::{Path, PathBuf};

use crate::model::holidays::{HolidayCalendar, HolidayLineProblem};

/// The holidays file's name, looked for beside the data file.
pub const HOLIDAYS_FILE_NAME: &str = "holidays.txt";

/// What is wrong with a holidays file.
#[derive(Debug, thiserror::Error)]
pub enum HolidaysFileProblem {
    /// The file exists but cannot be read or decoded.
    #[error("{0}; the bundled holidays are used — fix or remove the file")]
    Unreadable(#[from] super::text::TextError),
    /// A line is wrong (and skipped).
    #[error(transparent)]
    Line(#[from] HolidayLineProblem),
}

impl HolidaysFileProblem {
    /// The problem without the file's name, for lines that already start with it
    /// (`line 3: "2024-13-01" is not a date; …`).
    pub fn within_file(&self) -> String {
        match self {
            HolidaysFileProblem::Unreadable(error) => error.to_string(),
            HolidaysFileProblem::Line(problem) => {
                format!("line {}: {}", problem.line, problem.error)
            }
        }
    }
}

/// The calendar for a data file and what was wrong with its holidays file.
#[derive(Debug, Default)]
pub struct LoadedHolidays {
    /// The bundled holidays plus those of the file.
    pub calendar: HolidayCalendar,
    /// The holidays file that was read, if there was one.
    pub file: Option<PathBuf>,
    /// Its problems, in line order.
    pub problems: Vec<HolidaysFileProblem>,
}

/// Where the holidays file of the data file `data_path` is.
pub fn holidays_path_for(data_path: &Path) -> PathBuf {
    data_path
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join(HOLIDAYS_FILE_NAME)
}

/// The bundled holidays, plus those of `holidays.txt` beside `data_path` when there is one
/// (`None`: the bundled data, bundled holidays only).
pub fn load_holidays(data_path: Option<&Path>) -> LoadedHolidays {
    let mut loaded = LoadedHolidays {
        calendar: HolidayCalendar::bundled(),
        file: None,
        problems: Vec::new(),
    };
    let Some(path) = data_path.map(holidays_path_for).filter(|p| p.is_file()) else {
        return loaded;
    };
    match super::text::read_text(&path) {
        Ok(decoded) => {
            let origin = path.display().to_string();
            loaded.problems = loaded
                .calendar
                .add_file(&decoded.text, &origin)
                .into_iter()
                .map(HolidaysFileProblem::from)
                .collect();
        }
        Err(error) => loaded.problems.push(error.into()),
    }
    loaded.file = Some(path);
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::io::atomic::tests::temp_dir;
    use chrono::NaiveDate;

    #[test]
    fn a_file_beside_the_data_adds_to_the_bundled_holidays_and_reports_its_bad_lines() {
        let dir = temp_dir("holidays-beside");
        std::fs::write(
            dir.join(HOLIDAYS_FILE_NAME),
            "2027-10-01..2027-10-07 holiday 国庆节 National Day\n2027-10-09 workday as Mon\n",
        )
        .unwrap();
        let loaded = load_holidays(Some(&dir.join("facilities.geojson")));
        assert_eq!(loaded.file, Some(dir.join(HOLIDAYS_FILE_NAME)));
        let date = |text| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        assert!(loaded.calendar.is_holiday(date("2027-10-05")));
        assert!(loaded.calendar.is_holiday(date("2024-10-05")), "bundled");
        let messages: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages.iter().any(|m| m.contains("holidays.txt, line 2:")),
            "{messages:?}"
        );
        let within: Vec<String> = loaded.problems.iter().map(|p| p.within_file()).collect();
        assert!(
            within.iter().any(|m| m.starts_with("line 2: \"as Mon\"")),
            "{within:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap_or_default();
    }

    #[test]
    fn without_a_file_the_bundled_holidays_apply_and_nothing_is_wrong() {
        let dir = temp_dir("holidays-none");
        let loaded = load_holidays(Some(&dir.join("facilities.geojson")));
        assert_eq!(loaded.file, None);
        assert!(loaded.problems.is_empty());
        let date = NaiveDate::from_ymd_opt(2024, 10, 4).unwrap();
        assert!(loaded.calendar.is_holiday(date));
        std::fs::remove_dir_all(&dir).unwrap_or_default();
    }
}
