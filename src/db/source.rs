//! The shared database as a [`FacilitySource`], so `db import` and `db export` move data the
//! way `convert` does: reading all is [`Store::export`] (the facilities that are not deleted,
//! in list order), writing all is [`Store::import`] (insert or update every facility in one
//! transaction; facilities not written stay, nothing is deleted). The per-edit versioned saves,
//! merges and live updates the window uses are `Store`'s own and not part of the trait.

use crate::model::Facility;
use crate::model::source::{FacilitySource, ReadReport, SourceError, WriteReport};

use super::error::DbError;
use super::store::Store;

impl FacilitySource for Store {
    /// `user@host:port/database`, never the password.
    fn describe(&self) -> String {
        self.config().to_string()
    }

    /// Reads every facility; a database without the schema (or a newer one) says so, with
    /// the fix (`db init`), before any query.
    fn read_all(&mut self) -> Result<ReadReport, SourceError> {
        self.check_schema().map_err(external)?;
        Ok(ReadReport {
            facilities: self.export().map_err(external)?,
            details: String::new(),
        })
    }

    /// Writes every facility; as for reading, the schema is checked first.
    fn write_all(&mut self, facilities: &[Facility]) -> Result<WriteReport, SourceError> {
        self.check_schema().map_err(external)?;
        let report = self.import(facilities).map_err(external)?;
        Ok(WriteReport {
            written_count: facilities.len(),
            details: format!(
                "({} inserted, {} updated, {} unchanged)",
                report.inserted, report.updated, report.unchanged
            ),
            previous_kept_as: None,
        })
    }
}

/// A database error at the model's boundary: rows that make no facilities are a read error
/// like a file's bad features, anything else the database's own (already redacted) error.
fn external(error: DbError) -> SourceError {
    match error {
        DbError::InvalidRows(invalid) => SourceError::Read(invalid),
        other => SourceError::External(Box::new(other)),
    }
}
