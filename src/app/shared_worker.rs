//! The shared database's worker thread: one connection, fed by a channel, that loads the
//! facilities, saves the user's edits one at a time (versioned, merged field by field when a
//! colleague saved first) and fetches colleagues' changes. The synchronous `postgres` client
//! never runs on the UI thread nor inside a tokio task; every answer goes back over a channel
//! and wakes the window.

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, Sender};

use crate::db::{
    DbConfig, DbError, HistoryEntry, RemoteChange, SaveOutcome, Snapshot, Store, StoredFacility,
};
use crate::model::edit::merge::FieldConflict;
use crate::model::{Facility, FacilityId};

/// A row's version (see [`crate::db::Version`]).
pub(super) type Version = crate::db::Version;

/// One of the user's edits of one facility, as it is saved.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Save {
    /// A new facility (an insert that finds its own row is a success).
    Insert(Box<Facility>),
    /// A changed facility: `base` as it was before the edit, `mine` after.
    Update {
        /// Before the edit.
        base: Box<Facility>,
        /// After the edit.
        mine: Box<Facility>,
    },
    /// A deleted facility (a tombstone).
    Delete(Box<Facility>),
}

impl Save {
    /// The facility saved.
    pub(super) fn id(&self) -> &FacilityId {
        match self {
            Save::Insert(facility) | Save::Delete(facility) => &facility.id,
            Save::Update { mine, .. } => &mine.id,
        }
    }

    /// Its Chinese name (for messages).
    pub(super) fn name(&self) -> &str {
        match self {
            Save::Insert(facility) | Save::Delete(facility) => &facility.name_zh,
            Save::Update { mine, .. } => &mine.name_zh,
        }
    }
}

/// What the worker is asked to do.
pub(super) enum Job {
    /// Connect and read every facility, and whether this login may edit.
    Load,
    /// Save one edit; `expected` is the version the app holds (`None` for a facility it never
    /// had in the database).
    Save {
        /// The edit.
        save: Save,
        /// The version it is based on.
        expected: Option<Version>,
    },
    /// Read one facility as stored now (after a colleague's change was announced).
    Fetch(FacilityId),
    /// Compare versions with the database (after the listener lost notifications).
    Resync(HashMap<FacilityId, Version>),
    /// Read one facility's history (every version: who, when, which fields).
    History(FacilityId),
}

/// Why a save was not written: it stays waiting and the user is told.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Held {
    /// A colleague changed the same fields (mine and theirs in each conflict).
    Fields {
        /// The fields, with both values.
        conflicts: Vec<FieldConflict>,
        /// The facility as the database holds it now.
        theirs: Box<Facility>,
    },
    /// Something else (a colleague deleted the facility, or changed what I deleted, or the
    /// server refused the save), in words.
    Reason(String),
}

/// What the worker answers.
pub(super) enum Reply {
    /// The facilities and whether the login may edit.
    Loaded {
        /// The facilities with their versions.
        snapshot: Box<Snapshot>,
        /// Whether the login has the editor role.
        can_edit: bool,
    },
    /// Loading failed (the message names the database, never the password).
    LoadFailed(String),
    /// An edit was saved. `stored` is what the database holds now (`None` after a delete);
    /// `merged` when a colleague's changes to other fields were combined with it.
    Saved {
        /// The facility.
        id: FacilityId,
        /// As saved.
        stored: Option<Box<Facility>>,
        /// Its new version.
        version: Version,
        /// Whether others' changes were merged in.
        merged: bool,
    },
    /// An edit was not saved and must wait for the user (see [`Held`]); `current` is the
    /// version the database holds now.
    Held {
        /// The edit.
        save: Save,
        /// Why.
        why: Held,
        /// The database's version now.
        current: Option<Version>,
    },
    /// A fetch or resync failed for another reason than the connection (said, not retried).
    Failed(String),
    /// The connection is gone; the job was not done (the app retries it).
    Offline(String),
    /// One facility as stored now (`None`: no such row).
    Fetched {
        /// The facility.
        id: FacilityId,
        /// The row, tombstones included.
        stored: Option<Box<StoredFacility>>,
    },
    /// What differs from the versions the app held.
    Changes(Vec<RemoteChange>),
    /// One facility's history, oldest version first.
    History {
        /// The facility.
        id: FacilityId,
        /// Its versions.
        entries: Vec<HistoryEntry>,
    },
}

/// Runs jobs until the app drops its sender; calls `wake` after every reply.
pub(super) fn run(
    config: DbConfig,
    jobs: Receiver<Job>,
    replies: Sender<Reply>,
    wake: Box<dyn Fn() + Send>,
) {
    let mut store: Option<Store> = None;
    for job in jobs {
        let reply = handle(&config, &mut store, job);
        if replies.send(reply).is_err() {
            return;
        }
        wake();
    }
}

/// The open connection, or a new one.
fn connected<'a>(
    config: &DbConfig,
    store: &'a mut Option<Store>,
) -> Result<&'a mut Store, DbError> {
    if store.is_none() {
        *store = Some(Store::connect(config)?);
    }
    store.as_mut().ok_or(DbError::NoUrl)
}

fn handle(config: &DbConfig, store: &mut Option<Store>, job: Job) -> Reply {
    let loading = matches!(job, Job::Load);
    let result = connected(config, store).and_then(|s| work(s, job));
    match result {
        Ok(reply) => reply,
        Err(error) => {
            if error.is_connection_lost() {
                *store = None;
            }
            let message = config.redact(&error.to_string());
            if loading {
                Reply::LoadFailed(message)
            } else if error.is_connection_lost() {
                Reply::Offline(message)
            } else {
                // A refused job (e.g. a row another tool made unreadable): said, not retried.
                Reply::Failed(message)
            }
        }
    }
}

fn work(store: &mut Store, job: Job) -> Result<Reply, DbError> {
    match job {
        Job::Load => {
            store.check_schema()?;
            let snapshot = store.load_all()?;
            let can_edit = store.can_edit()?;
            Ok(Reply::Loaded {
                snapshot: Box::new(snapshot),
                can_edit,
            })
        }
        Job::Save { save, expected } => match save_one(store, save.clone(), expected) {
            Err(error) if !error.is_connection_lost() => Ok(Reply::Held {
                save,
                why: Held::Reason(error.to_string()),
                current: None,
            }),
            other => other,
        },
        Job::Fetch(id) => Ok(Reply::Fetched {
            stored: store.fetch(&id)?.map(Box::new),
            id,
        }),
        Job::Resync(known) => Ok(Reply::Changes(store.changes_since(&known)?)),
        Job::History(id) => Ok(Reply::History {
            entries: store.history(&id)?,
            id,
        }),
    }
}

/// Saves one edit; conflicts it cannot merge come back as [`Reply::Held`], never overwritten.
fn save_one(store: &mut Store, save: Save, expected: Option<Version>) -> Result<Reply, DbError> {
    let held =
        |save: Save, why: Held, current: Option<Version>| Ok(Reply::Held { save, why, current });
    let result = match (&save, expected) {
        (Save::Insert(facility), _) => match store.insert(facility) {
            Ok(version) => Ok((Some(facility.clone()), version, false)),
            // Undoing a delete brings the tombstone back, unless a colleague changed it.
            Err(DbError::AlreadyExists { .. }) => match store.fetch(&facility.id)? {
                // A retried insert (the first try reached the server, its answer did not):
                // the row is this very facility, so it is saved, not added twice.
                Some(row) if !row.deleted && row.facility == **facility => {
                    Ok((Some(facility.clone()), row.version, false))
                }
                Some(tomb) if tomb.deleted && expected.is_none_or(|v| v == tomb.version) => {
                    store.import(std::slice::from_ref(&**facility))?;
                    let version = store
                        .fetch(&facility.id)?
                        .map_or(tomb.version, |s| s.version);
                    Ok((Some(facility.clone()), version, false))
                }
                other => {
                    let reason = DbError::AlreadyExists {
                        id: facility.id.clone(),
                    }
                    .to_string();
                    return held(save, Held::Reason(reason), other.map(|s| s.version));
                }
            },
            Err(other) => Err(other),
        },
        (Save::Update { base, mine }, Some(expected)) => {
            match store.save_merging(base, mine, expected)? {
                SaveOutcome::Saved {
                    facility,
                    version,
                    merged,
                } => Ok((Some(facility), version, merged)),
                SaveOutcome::Conflicts { theirs, merge } => {
                    let why = Held::Fields {
                        conflicts: merge.conflicts,
                        theirs: Box::new(theirs.facility),
                    };
                    return held(save, why, Some(theirs.version));
                }
                SaveOutcome::Deleted { id } => {
                    let reason = format!("{id} was deleted by someone else");
                    return held(save, Held::Reason(reason), None);
                }
            }
        }
        (Save::Delete(facility), Some(expected)) => match store.delete(&facility.id, expected) {
            Ok(version) => Ok((None, version, false)),
            Err(DbError::Conflict(conflict)) => {
                return held(save, Held::Reason(conflict.to_string()), conflict.current);
            }
            Err(other) => Err(other),
        },
        (Save::Update { mine: facility, .. } | Save::Delete(facility), None) => {
            let reason = format!("{} is not in the database", facility.id);
            return held(save, Held::Reason(reason), None);
        }
    };
    match result {
        Ok((stored, version, merged)) => Ok(Reply::Saved {
            id: save.id().clone(),
            stored,
            version,
            merged,
        }),
        Err(error) if error.is_connection_lost() => Err(error),
        Err(error) => held(save, Held::Reason(error.to_string()), None),
    }
}
