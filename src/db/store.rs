//! The facilities in a shared database: one connection ([`Store`]) that loads them into the
//! model's [`Catalog`], imports a catalog in one transaction, exports it back (an export of an
//! import is the same file, byte for byte), and inserts, updates and deletes single facilities
//! with optimistic versions: an update is `UPDATE … WHERE id = $1 AND version = $2`, and a row
//! someone else changed meanwhile is a [`Conflict`], never overwritten. Deletes are
//! tombstones (`deleted = true`), so other desktops learn of them.
//!
//! Every call blocks on the network: use a `Store` on a worker thread.

use std::collections::HashMap;

use postgres::Client;

use crate::model::io::load::FeatureProblem;
use crate::model::{Catalog, Facility, FacilityId, LoadError};

use super::connection::DbConfig;
use super::error::{Conflict, DbError, Version};
use super::rows::{self, RowValues, StoredFacility};
use super::schema::{self, InitReport};

/// One connection to the shared database, with its configuration.
pub struct Store {
    pub(super) client: Client,
    pub(super) config: DbConfig,
}

/// The facilities as loaded, with each one's version (needed to save it).
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The facilities that are not deleted, in list order.
    pub catalog: Catalog,
    /// The version of each loaded facility.
    pub versions: HashMap<FacilityId, Version>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Facilities that were not in the database (or only as tombstones).
    pub inserted: usize,
    /// Facilities whose content changed.
    pub updated: usize,
    /// Facilities that were already there as they are.
    pub unchanged: usize,
}

impl Store {
    /// Opens a connection. Blocks: call it on a worker thread.
    pub fn connect(config: &DbConfig) -> Result<Self, DbError> {
        Ok(Self {
            client: config.connect()?,
            config: config.clone(),
        })
    }

    /// The connection's configuration (its `Display` is safe to show).
    pub fn config(&self) -> &DbConfig {
        &self.config
    }

    /// Creates or migrates the schema (see [`schema::init`]).
    pub fn init(&mut self) -> Result<InitReport, DbError> {
        schema::init(&mut self.client, &self.config)
    }

    /// The schema version; an error when the database has none or a newer one.
    pub fn check_schema(&mut self) -> Result<i32, DbError> {
        schema::check_version(&mut self.client, &self.config)
    }

    /// Whether the logged-in role may edit facilities (an editor), or only read them.
    pub fn can_edit(&mut self) -> Result<bool, DbError> {
        self.client
            .query_one(
                "SELECT has_table_privilege('zhongzhan.facilities', 'UPDATE')
                    AND has_table_privilege('zhongzhan.facilities', 'INSERT')",
                &[],
            )
            .and_then(|row| row.try_get(0))
            .map_err(|e| self.config.error(&e, "read the privileges"))
    }

    /// Every facility that is not deleted, in list order, with its version. Rows that do not
    /// make facilities (written by another tool) are reported like a file's bad features.
    pub fn load_all(&mut self) -> Result<Snapshot, DbError> {
        let stored = self.query_stored("WHERE NOT deleted", &[])?;
        let versions = stored
            .iter()
            .map(|s| (s.facility.id.clone(), s.version))
            .collect();
        let catalog = Catalog::new(stored.into_iter().map(|s| s.facility).collect());
        Ok(Snapshot { catalog, versions })
    }

    /// The facilities that are not deleted, in list order, as the model has them (write them
    /// with the model's savers: GeoJSON, CSV).
    pub fn export(&mut self) -> Result<Vec<Facility>, DbError> {
        Ok(self.load_all()?.catalog.facilities().to_vec())
    }

    /// One facility as stored, tombstones included; `None` when there is no such row.
    pub fn fetch(&mut self, id: &FacilityId) -> Result<Option<StoredFacility>, DbError> {
        Ok(self
            .query_stored("WHERE id = $1", &[&id.as_str()])?
            .into_iter()
            .next())
    }

    /// Adds or updates every facility in one transaction (all or nothing), in their order;
    /// tombstones with the same id come back. Unchanged rows keep their versions.
    pub fn import(&mut self, facilities: &[Facility]) -> Result<ImportReport, DbError> {
        const ACTION: &str = "import facilities";
        let sql = format!(
            "INSERT INTO zhongzhan.facilities ({}) VALUES ({}) ON CONFLICT (id) DO UPDATE SET {}, deleted = false RETURNING version",
            rows::write_columns(),
            rows::write_placeholders(),
            excluded_assignments(),
        );
        let config = &self.config;
        let mut tx = self
            .client
            .transaction()
            .map_err(|e| config.error(&e, ACTION))?;
        let before = super::sync::versions_in(&mut tx, config)?;
        let statement = tx.prepare(&sql).map_err(|e| config.error(&e, ACTION))?;
        let mut report = ImportReport::default();
        for facility in facilities {
            let values = RowValues::new(facility);
            let version: Version = tx
                .query_one(&statement, &values.params())
                .and_then(|row| row.try_get(0))
                .map_err(|e| config.error(&e, ACTION))?;
            match before.get(&facility.id) {
                None => report.inserted += 1,
                Some(old) if old.deleted => report.inserted += 1,
                Some(old) if old.version != version => report.updated += 1,
                Some(_) => report.unchanged += 1,
            }
        }
        tx.commit().map_err(|e| config.error(&e, ACTION))?;
        Ok(report)
    }

    /// Adds a new facility; returns its version. Retrying an insert whose answer was lost is
    /// safe: the same facility already there is a success, a different one an error.
    pub fn insert(&mut self, facility: &Facility) -> Result<Version, DbError> {
        let sql = format!(
            "INSERT INTO zhongzhan.facilities ({}) VALUES ({}) ON CONFLICT (id) DO NOTHING RETURNING version",
            rows::write_columns(),
            rows::write_placeholders(),
        );
        let values = RowValues::new(facility);
        let inserted = self
            .client
            .query_opt(&sql, &values.params())
            .map_err(|e| self.config.error(&e, "add facilities"))?;
        if let Some(row) = inserted {
            return row
                .try_get(0)
                .map_err(|e| self.config.error(&e, "add facilities"));
        }
        match self.fetch(&facility.id)? {
            Some(existing) if !existing.deleted && existing.facility == *facility => {
                Ok(existing.version)
            }
            _ => Err(DbError::AlreadyExists {
                id: facility.id.clone(),
            }),
        }
    }

    /// Saves `facility` if the database still has version `expected`; returns the new
    /// version (the same when nothing changed). Otherwise [`DbError::Conflict`] and nothing is
    /// written.
    pub fn update(&mut self, facility: &Facility, expected: Version) -> Result<Version, DbError> {
        let sql = format!(
            "UPDATE zhongzhan.facilities SET {} WHERE id = $1 AND version = ${} AND NOT deleted RETURNING version",
            rows::update_assignments(),
            rows::TEXT_COLUMNS.len() + 4,
        );
        let values = RowValues::new(facility);
        let mut params = values.params();
        params.push(&expected);
        let updated = self
            .client
            .query_opt(&sql, &params)
            .map_err(|e| self.config.error(&e, "edit facilities"))?;
        match updated {
            Some(row) => row
                .try_get(0)
                .map_err(|e| self.config.error(&e, "edit facilities")),
            None => Err(self.conflict(&facility.id, expected)),
        }
    }

    /// Deletes a facility (a tombstone) if the database still has version `expected`;
    /// returns the tombstone's version.
    pub fn delete(&mut self, id: &FacilityId, expected: Version) -> Result<Version, DbError> {
        let deleted = self
            .client
            .query_opt(
                "UPDATE zhongzhan.facilities SET deleted = true WHERE id = $1 AND version = $2 AND NOT deleted RETURNING version",
                &[&id.as_str(), &expected],
            )
            .map_err(|e| self.config.error(&e, "delete facilities"))?;
        match deleted {
            Some(row) => row
                .try_get(0)
                .map_err(|e| self.config.error(&e, "delete facilities")),
            None => Err(self.conflict(id, expected)),
        }
    }

    /// The conflict for a save based on `expected` that matched no row.
    fn conflict(&mut self, id: &FacilityId, expected: Version) -> DbError {
        let current = self
            .client
            .query_opt(
                "SELECT version, deleted FROM zhongzhan.facilities WHERE id = $1",
                &[&id.as_str()],
            )
            .and_then(|row| {
                row.map(|r| {
                    Ok::<_, postgres::Error>((
                        r.try_get::<_, Version>(0)?,
                        r.try_get::<_, bool>(1)?,
                    ))
                })
                .transpose()
            });
        match current {
            Ok(current) => DbError::Conflict(Conflict {
                id: id.clone(),
                expected,
                current: current.map(|(version, _)| version),
                deleted: current.is_some_and(|(_, deleted)| deleted),
            }),
            Err(e) => self.config.error(&e, "read facilities"),
        }
    }

    /// Rows matching `filter` (an SQL `WHERE …` over the facilities table), in list order.
    pub(super) fn query_stored(
        &mut self,
        filter: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<StoredFacility>, DbError> {
        let sql = format!(
            "SELECT {} FROM zhongzhan.facilities {filter} ORDER BY list_order, id",
            rows::select_list()
        );
        let found = self
            .client
            .query(&sql, params)
            .map_err(|e| self.config.error(&e, "read facilities"))?;
        let mut stored = Vec::with_capacity(found.len());
        let mut problems = Vec::new();
        for (index, row) in found.iter().enumerate() {
            match rows::from_row(row) {
                Ok(facility) => stored.push(facility),
                Err((id, message)) => problems.push(FeatureProblem { index, id, message }),
            }
        }
        if problems.is_empty() {
            Ok(stored)
        } else {
            Err(DbError::InvalidRows(LoadError::InvalidFeatures {
                origin: format!("database {}", self.config),
                problems,
            }))
        }
    }
}

/// `col = EXCLUDED.col` for every written column but the id.
fn excluded_assignments() -> String {
    rows::TEXT_COLUMNS
        .iter()
        .chain(["extra", "geom"].iter())
        .map(|c| format!("{c} = EXCLUDED.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}
