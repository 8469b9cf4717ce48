//! Keeping a desktop in step with the shared database: the version of every row, the changes
//! since what a desktop holds (after a reconnect, when notifications sent during the outage are
//! lost), and saving an edit that meets a colleague's newer version by a three-way merge
//! ([`crate::model::edit::merge`]): changes to different fields combine and are saved; the same
//! field changed on both sides comes back as a conflict with both values, never
//! last-save-wins.

use std::collections::HashMap;

use crate::model::edit::merge::{Merge, merge};
use crate::model::{Facility, FacilityId};

use super::connection::DbConfig;
use super::error::{Conflict, DbError, Version};
use super::rows::StoredFacility;
use super::store::Store;

/// How many times a save re-merges when the row keeps changing under it.
const MERGE_ATTEMPTS: usize = 8;

/// A row's version and whether it is a tombstone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowVersion {
    /// The version.
    pub version: Version,
    /// Whether the facility was deleted.
    pub deleted: bool,
}

/// One difference between what a desktop holds and the database.
#[derive(Debug, Clone, PartialEq)]
pub enum RemoteChange {
    /// Added or changed (the facility as stored now).
    Upserted(Box<StoredFacility>),
    /// Deleted (a tombstone, or the row is gone altogether: `version` is `None`).
    Removed {
        /// The facility.
        id: FacilityId,
        /// The tombstone's version.
        version: Option<Version>,
    },
}

/// What [`Store::save_merging`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveOutcome {
    /// Saved. `facility` is what the database holds now: mine, or mine merged with changes
    /// others made to other fields (`merged`).
    Saved {
        /// The facility as saved.
        facility: Box<Facility>,
        /// Its new version.
        version: Version,
        /// Whether others' changes were merged in.
        merged: bool,
    },
    /// Someone changed the same fields: nothing was saved. Show `merge.conflicts` (mine and
    /// theirs for each field), let the user choose, then save the choice based on
    /// `theirs.version`.
    Conflicts {
        /// The facility as the database holds it now.
        theirs: Box<StoredFacility>,
        /// My changes merged into theirs, and the fields in conflict.
        merge: Box<Merge>,
    },
    /// Someone deleted the facility meanwhile: nothing was saved.
    Deleted {
        /// The facility's id.
        id: FacilityId,
    },
}

impl Store {
    /// The version of every row, tombstones included.
    pub fn versions(&mut self) -> Result<HashMap<FacilityId, RowVersion>, DbError> {
        versions_in(&mut self.client, &self.config)
    }

    /// What changed compared with `known` (id → version a desktop holds): facilities added
    /// or changed (in list order), then the ones deleted (by id).
    pub fn changes_since(
        &mut self,
        known: &HashMap<FacilityId, Version>,
    ) -> Result<Vec<RemoteChange>, DbError> {
        let current = self.versions()?;
        let changed: Vec<String> = current
            .iter()
            .filter(|(id, row)| !row.deleted && known.get(*id) != Some(&row.version))
            .map(|(id, _)| id.to_string())
            .collect();
        let mut changes: Vec<RemoteChange> = if changed.is_empty() {
            Vec::new()
        } else {
            self.query_stored("WHERE id = ANY($1) AND NOT deleted", &[&changed])?
                .into_iter()
                .map(|stored| RemoteChange::Upserted(Box::new(stored)))
                .collect()
        };
        let mut removed: Vec<RemoteChange> = known
            .keys()
            .filter_map(|id| match current.get(id) {
                None => Some(RemoteChange::Removed {
                    id: id.clone(),
                    version: None,
                }),
                Some(row) if row.deleted => Some(RemoteChange::Removed {
                    id: id.clone(),
                    version: Some(row.version),
                }),
                Some(_) => None,
            })
            .collect();
        removed.sort_by(|a, b| removed_id(a).cmp(removed_id(b)));
        changes.extend(removed);
        Ok(changes)
    }

    /// Saves my edit of a facility I loaded as `base` at `base_version`. When someone saved
    /// a newer version meanwhile, merges field by field and saves the merge if no field was
    /// changed on both sides; otherwise saves nothing and returns the conflicts.
    pub fn save_merging(
        &mut self,
        base: &Facility,
        mine: &Facility,
        base_version: Version,
    ) -> Result<SaveOutcome, DbError> {
        let mut base = base.clone();
        let mut mine = mine.clone();
        let mut expected = base_version;
        let mut merged = false;
        let mut last_conflict = None;
        for attempt in 0..MERGE_ATTEMPTS {
            if attempt > 0 {
                // Two desktops saving the same row in lockstep could keep losing to each
                // other; a short random wait breaks the step.
                std::thread::sleep(retry_pause(attempt));
            }
            match self.update(&mine, expected) {
                Ok(version) => {
                    return Ok(SaveOutcome::Saved {
                        facility: Box::new(mine),
                        version,
                        merged,
                    });
                }
                Err(DbError::Conflict(conflict)) => last_conflict = Some(conflict),
                Err(other) => return Err(other),
            }
            let theirs = match self.fetch(&mine.id)? {
                Some(theirs) if !theirs.deleted => theirs,
                _ => return Ok(SaveOutcome::Deleted { id: mine.id }),
            };
            let merge = merge(&base, &mine, &theirs.facility);
            if !merge.is_clean() {
                return Ok(SaveOutcome::Conflicts {
                    theirs: Box::new(theirs),
                    merge: Box::new(merge),
                });
            }
            merged = true;
            mine = merge.merged;
            base = theirs.facility;
            expected = theirs.version;
        }
        // The row changed under every attempt: report the last conflict.
        Err(DbError::Conflict(last_conflict.unwrap_or(Conflict {
            id: mine.id,
            expected,
            current: None,
            deleted: false,
        })))
    }
}

/// A random pause of up to `attempt` × 4 ms before retrying a save that lost a race.
fn retry_pause(attempt: usize) -> std::time::Duration {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_usize(attempt);
    let cap_us = u64::try_from(attempt)
        .unwrap_or(1)
        .saturating_mul(4_000)
        .max(1);
    std::time::Duration::from_micros(hasher.finish() % cap_us)
}

fn removed_id(change: &RemoteChange) -> &str {
    match change {
        RemoteChange::Upserted(stored) => stored.facility.id.as_str(),
        RemoteChange::Removed { id, .. } => id.as_str(),
    }
}

/// The version of every row, through any client or transaction.
pub(super) fn versions_in(
    client: &mut impl postgres::GenericClient,
    config: &DbConfig,
) -> Result<HashMap<FacilityId, RowVersion>, DbError> {
    let found = client
        .query("SELECT id, version, deleted FROM zhongzhan.facilities", &[])
        .map_err(|e| config.error(&e, "read facilities"))?;
    found
        .iter()
        .map(|row| {
            Ok((
                FacilityId::new(row.try_get::<_, &str>(0)?),
                RowVersion {
                    version: row.try_get(1)?,
                    deleted: row.try_get(2)?,
                },
            ))
        })
        .collect::<Result<_, postgres::Error>>()
        .map_err(|e| config.error(&e, "read facilities"))
}
