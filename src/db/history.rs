//! A facility's history as the database's trigger recorded it: one entry per version (1, 2, …
//! without gaps), with who (`session_user`, the login, not a name the client claims), when,
//! what kind of change, and each changed field's old and new value.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::model::FacilityId;

use super::error::{DbError, Version};
use super::rows::TEXT_COLUMNS;
use super::store::Store;

/// What kind of change made a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// The facility was added.
    Insert,
    /// Some fields changed.
    Update,
    /// The facility was deleted (a tombstone).
    Delete,
    /// A deleted facility came back.
    Restore,
    /// The row was removed from the table altogether (by an owner, outside the app).
    Purge,
}

impl Operation {
    fn from_text(text: &str) -> Option<Self> {
        Some(match text {
            "insert" => Operation::Insert,
            "update" => Operation::Update,
            "delete" => Operation::Delete,
            "restore" => Operation::Restore,
            "purge" => Operation::Purge,
            _ => return None,
        })
    }
}

/// One changed field of one version.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// A column: a property name, `extra` (unknown properties), `geometry` (GeoJSON) or
    /// `deleted`.
    pub field: String,
    /// The value before (`null` for an insert).
    pub old: Value,
    /// The value after.
    pub new: Value,
}

/// One version of a facility.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// The version this change made.
    pub version: Version,
    /// What kind of change.
    pub operation: Operation,
    /// The login that made it.
    pub changed_by: String,
    /// When.
    pub changed_at: DateTime<Utc>,
    /// The changed fields, in file order.
    pub changes: Vec<FieldChange>,
}

impl Store {
    /// Every version of a facility, oldest first (empty for an unknown id).
    pub fn history(&mut self, id: &FacilityId) -> Result<Vec<HistoryEntry>, DbError> {
        let found = self
            .client
            .query(
                "SELECT version, operation, changed_by,
                        (extract(epoch FROM changed_at) * 1000000)::bigint, changes
                   FROM zhongzhan.facility_history WHERE facility_id = $1 ORDER BY version",
                &[&id.0],
            )
            .map_err(|e| self.config.error(&e, "read the history"))?;
        let mut entries = Vec::with_capacity(found.len());
        for row in &found {
            let read = || -> Result<_, postgres::Error> {
                Ok((
                    row.try_get::<_, Version>(0)?,
                    row.try_get::<_, String>(1)?,
                    row.try_get::<_, String>(2)?,
                    row.try_get::<_, i64>(3)?,
                    row.try_get::<_, Value>(4)?,
                ))
            };
            let (version, operation, changed_by, micros, changes) =
                read().map_err(|e| self.config.error(&e, "read the history"))?;
            let bad = |what: &str| DbError::Query {
                code: None,
                message: format!("history of {id}, version {version}: {what}"),
                connection_lost: false,
            };
            entries.push(HistoryEntry {
                version,
                operation: Operation::from_text(&operation)
                    .ok_or_else(|| bad(&format!("unknown operation {operation:?}")))?,
                changed_by,
                changed_at: DateTime::from_timestamp_micros(micros)
                    .ok_or_else(|| bad("time out of range"))?,
                changes: field_changes(changes),
            });
        }
        Ok(entries)
    }
}

/// The `changes` object as a list in file order: the property columns, then the others.
fn field_changes(changes: Value) -> Vec<FieldChange> {
    let Value::Object(changes) = changes else {
        return Vec::new();
    };
    let rank = |field: &str| {
        TEXT_COLUMNS
            .iter()
            .position(|c| *c == field)
            .unwrap_or(TEXT_COLUMNS.len())
    };
    let mut list: Vec<FieldChange> = changes
        .into_iter()
        .map(|(field, change)| FieldChange {
            old: change.get("old").cloned().unwrap_or(Value::Null),
            new: change.get("new").cloned().unwrap_or(Value::Null),
            field,
        })
        .collect();
    list.sort_by(|a, b| {
        rank(&a.field)
            .cmp(&rank(&b.field))
            .then_with(|| a.field.cmp(&b.field))
    });
    list
}
