//! The narrow boundary every data source shares: a GeoJSON or CSV file and the shared database
//! both say what they are (for messages, never a password), read their whole collection of
//! facilities, write a whole collection, and are checked by the one rule set. Moving data from
//! any source to any other ("convert", "db import", "db export") is one code path over
//! [`FacilitySource`].
//!
//! Editing is deliberately not here: a file is saved whole after a changed-on-disk check, the
//! database one versioned row at a time with merges and live updates (see ARCHITECTURE.md,
//! "One source trait for whole collections; editing per source"). The file implementation is
//! [`crate::model::io::file_source::FileSource`]; the database's lives in `db`, which the
//! model never names.

use crate::model::facility::{Facility, FacilityId};
use crate::model::io::csv_table::CsvWriteError;
use crate::model::io::load::LoadError;
use crate::model::io::save::SaveError;
use crate::model::rules::FacilityProblem;

/// A place facilities are read from and written to as a whole collection.
pub trait FacilitySource {
    /// The source as messages name it: a file's path, a database's `user@host:port/database`.
    /// Never holds a password.
    fn describe(&self) -> String;

    /// Reads every facility, in list order.
    fn read_all(&mut self) -> Result<ReadReport, SourceError>;

    /// Writes every one of `facilities`, in their order. A file then holds exactly these (the
    /// earlier content kept as a backup); a database adds or updates them in one transaction
    /// and keeps the facilities it has that are not among them (it never deletes on a write).
    fn write_all(&mut self, facilities: &[Facility]) -> Result<WriteReport, SourceError>;

    /// Reads every facility and judges each by the model's rule set ([`Facility::problems`]).
    fn check(&mut self) -> Result<CheckReport, SourceError> {
        Ok(CheckReport::of(&self.read_all()?.facilities))
    }
}

/// What [`FacilitySource::read_all`] read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadReport {
    /// The facilities, in list order.
    pub facilities: Vec<Facility>,
    /// How they were read, in words that follow "read N facilities" in a report (a file's
    /// format, text encoding and datum: "(CSV) as GB18030; datum GCJ-02, converted to
    /// WGS84"); empty when there is nothing to add.
    pub details: String,
}

/// What [`FacilitySource::write_all`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// How many facilities were written.
    pub written_count: usize,
    /// How, in words that follow "wrote N facilities" in a report: "(GeoJSON) as UTF-8",
    /// "(44 inserted, 0 updated, 0 unchanged)"; empty when there is nothing to add.
    pub details: String,
    /// Where the content it replaced is kept (a file's newest backup); `None` when nothing
    /// was replaced or the source keeps its own history.
    pub previous_kept_as: Option<std::path::PathBuf>,
}

/// The rule set's verdict on a whole collection.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckReport {
    /// How many facilities were judged.
    pub facility_count: usize,
    /// Every problem with the facility it concerns, in list order.
    pub problems: Vec<(FacilityId, FacilityProblem)>,
}

impl CheckReport {
    /// Judges `facilities` by [`Facility::problems`].
    pub fn of(facilities: &[Facility]) -> Self {
        Self {
            facility_count: facilities.len(),
            problems: facilities
                .iter()
                .flat_map(|facility| {
                    facility
                        .problems()
                        .into_iter()
                        .map(|problem| (facility.id.clone(), problem))
                })
                .collect(),
        }
    }

    /// How many of the problems are errors.
    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|(_, p)| p.is_error()).count()
    }

    /// How many of the problems are warnings.
    pub fn warning_count(&self) -> usize {
        self.problems.len() - self.error_count()
    }
}

/// Why a source could not be read or written. Every message names the source (a database
/// without its password).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The source could not be read or does not hold valid facilities.
    #[error(transparent)]
    Read(#[from] LoadError),
    /// A GeoJSON file could not be made or safely saved (the earlier file is untouched).
    #[error(transparent)]
    Save(#[from] SaveError),
    /// A CSV table could not be made.
    #[error(transparent)]
    Csv(#[from] CsvWriteError),
    /// The file to write may not be written (no permission, a read-only file system, or no
    /// new file may be made in its folder); nothing was changed.
    #[error(
        "{path} cannot be written, nothing was changed: write to another file, or make it (and \
         its folder) writable"
    )]
    NotWritable {
        /// The file (the target, when it was reached through a symbolic link).
        path: std::path::PathBuf,
    },
    /// A source outside the model (the shared database) failed; its own error, whose message
    /// never holds a password.
    #[error(transparent)]
    External(Box<dyn std::error::Error + Send + Sync + 'static>),
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly on a bad fixture")]

    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::load::parse_facilities;

    #[test]
    fn the_bundled_data_checks_clean_and_a_nameless_facility_is_an_error_naming_it() {
        let bundled = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let clean = CheckReport::of(&bundled);
        assert_eq!(clean.facility_count, 44);
        assert_eq!((clean.error_count(), clean.warning_count()), (0, 0));

        let nameless = parse_facilities(
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"p-1","category":"school-post"},"geometry":{"type":"Point","coordinates":[113.18,35.24]}}]}"#,
            "test",
        )
        .unwrap();
        let report = CheckReport::of(&nameless);
        assert_eq!((report.error_count(), report.warning_count()), (1, 0));
        assert_eq!(
            report.problems,
            vec![(FacilityId("p-1".into()), FacilityProblem::MissingName)],
            "the problem names its facility"
        );
    }
}
