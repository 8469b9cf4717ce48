//! Moving every facility from one source to another — file → file (`convert`), file →
//! database (`db import`), database → file (`db export`) — through one code path over
//! [`FacilitySource`]: read all, refuse to write nothing, write all, and judge what was moved by
//! the rule set, printing each step with the sources' own descriptions (never a password).

use std::io::Write;

use crate::cli::CliError;
use crate::model::source::{CheckReport, FacilitySource};

/// Reads every facility of `from` and writes them to `to`, printing what was read, what was
/// written, where the earlier content is kept, and — when the data breaks the rules — one line
/// pointing to `check_command`, the command that lists the problems. An empty `from` is an
/// error and nothing is written.
pub fn transfer(
    from: &mut dyn FacilitySource,
    to: &mut dyn FacilitySource,
    check_command: &str,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let read = from.read_all()?;
    if read.facilities.is_empty() {
        return Err(CliError::Empty {
            source_name: from.describe(),
        });
    }
    writeln!(
        out,
        "{}: read {} facilities{}",
        from.describe(),
        read.facilities.len(),
        spaced(&read.details)
    )?;
    let written = to.write_all(&read.facilities)?;
    let sink = to.describe();
    writeln!(
        out,
        "{sink}: wrote {} facilities{}",
        written.written_count,
        spaced(&written.details)
    )?;
    if let Some(kept) = &written.previous_kept_as {
        writeln!(
            out,
            "{sink}: the previous version is kept as {}",
            kept.display()
        )?;
    }
    let check = CheckReport::of(&read.facilities);
    if !check.problems.is_empty() {
        writeln!(
            out,
            "{sink}: {} error(s), {} warning(s) in the data; run `{check_command}` to list them",
            check.error_count(),
            check.warning_count(),
        )?;
    }
    Ok(())
}

/// `details` after a space, or nothing when there are none.
fn spaced(details: &str) -> String {
    if details.is_empty() {
        String::new()
    } else {
        format!(" {details}")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly on a bad fixture")]

    use super::*;
    use crate::model::Facility;
    use crate::model::io::load::parse_facilities;
    use crate::model::source::{ReadReport, SourceError, WriteReport};

    /// A source in memory, as a stand-in for the database.
    struct Memory {
        facilities: Vec<Facility>,
    }

    impl FacilitySource for Memory {
        fn describe(&self) -> String {
            "memory".to_owned()
        }

        fn read_all(&mut self) -> Result<ReadReport, SourceError> {
            Ok(ReadReport {
                facilities: self.facilities.clone(),
                details: String::new(),
            })
        }

        fn write_all(&mut self, facilities: &[Facility]) -> Result<WriteReport, SourceError> {
            self.facilities = facilities.to_vec();
            Ok(WriteReport {
                written_count: facilities.len(),
                details: "(kept in memory)".to_owned(),
                previous_kept_as: None,
            })
        }
    }

    fn run(from: &mut Memory, to: &mut Memory) -> Result<String, CliError> {
        let mut out = Vec::new();
        transfer(from, to, "zhongzhan-map check", &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn every_facility_moves_and_each_step_is_said_with_the_sources_own_words() {
        let bundled = parse_facilities(crate::model::BUNDLED_FACILITIES, "bundled").unwrap();
        let mut from = Memory {
            facilities: bundled.clone(),
        };
        let mut to = Memory {
            facilities: Vec::new(),
        };
        let printed = run(&mut from, &mut to).unwrap();
        assert_eq!(to.facilities, bundled);
        assert_eq!(
            printed,
            "memory: read 44 facilities\nmemory: wrote 44 facilities (kept in memory)\n"
        );
    }

    #[test]
    fn data_that_breaks_the_rules_moves_with_a_pointer_to_check() {
        let nameless = parse_facilities(
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"p-1","category":"school-post"},"geometry":{"type":"Point","coordinates":[113.18,35.24]}}]}"#,
            "test",
        )
        .unwrap();
        let mut from = Memory {
            facilities: nameless,
        };
        let mut to = Memory {
            facilities: Vec::new(),
        };
        let printed = run(&mut from, &mut to).unwrap();
        assert_eq!(to.facilities.len(), 1);
        assert!(
            printed.ends_with(
                "memory: 1 error(s), 0 warning(s) in the data; run `zhongzhan-map check` to list them\n"
            ),
            "{printed}"
        );
    }

    #[test]
    fn an_empty_source_writes_nothing() {
        let mut from = Memory {
            facilities: Vec::new(),
        };
        let bundled = parse_facilities(crate::model::BUNDLED_FACILITIES, "bundled").unwrap();
        let mut to = Memory {
            facilities: bundled.clone(),
        };
        let error = run(&mut from, &mut to).unwrap_err();
        assert_eq!(
            error.to_string(),
            "memory holds no facilities; nothing was written"
        );
        assert_eq!(error.exit_code(), crate::cli::EXIT_PROBLEMS);
        assert_eq!(to.facilities, bundled, "the sink is untouched");
    }
}
