//! A facility's history as the database's trigger recorded it: one entry per version (1, 2, …
//! without gaps), with who (`session_user`, the login, not a name the client claims), when,
//! what kind of change, and each changed field's old and new value.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::model::io::load::parse_feature;
use crate::model::io::save::feature_json;
use crate::model::{Facility, FacilityId};

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
                &[&id.as_str()],
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

/// The facility as it was at `version`, rebuilt from `current` by undoing, newest first, every
/// change `history` records after that version (the fields' old values; `extra` swaps the
/// unknown properties; a delete or restore only flips the tombstone). `None` when the
/// history does not reach that version or the rebuilt feature is not a facility.
pub fn facility_at(
    current: &Facility,
    history: &[HistoryEntry],
    version: Version,
) -> Option<Facility> {
    if !history.iter().any(|entry| entry.version == version) {
        return None;
    }
    let mut feature = feature_json(current);
    for entry in history.iter().rev().filter(|entry| entry.version > version) {
        for change in &entry.changes {
            undo_change(&mut feature, change);
        }
    }
    let feature = geojson::Feature::from_json_value(feature).ok()?;
    parse_feature(feature).ok()
}

/// Puts one field of a feature (as [`feature_json`] writes it) back to its old value.
fn undo_change(feature: &mut Value, change: &FieldChange) {
    match change.field.as_str() {
        "geometry" => {
            if let Some(geometry) = feature.get_mut("geometry") {
                *geometry = change.old.clone();
            }
        }
        "deleted" => {}
        field => {
            let Some(Value::Object(properties)) = feature.get_mut("properties") else {
                return;
            };
            if field == "extra" {
                if let Value::Object(new) = &change.new {
                    for key in new.keys() {
                        properties.remove(key);
                    }
                }
                if let Value::Object(old) = &change.old {
                    for (key, value) in old {
                        properties.insert(key.clone(), value.clone());
                    }
                }
            } else if change.old.is_null() {
                properties.insert(field.to_owned(), Value::String(String::new()));
            } else {
                properties.insert(field.to_owned(), change.old.clone());
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::load::parse_facilities;
    use serde_json::json;

    fn entry(version: Version, changes: Vec<FieldChange>) -> HistoryEntry {
        HistoryEntry {
            version,
            operation: if version == 1 {
                Operation::Insert
            } else {
                Operation::Update
            },
            changed_by: "alice".to_owned(),
            changed_at: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            changes,
        }
    }

    fn change(field: &str, old: Value, new: Value) -> FieldChange {
        FieldChange {
            field: field.to_owned(),
            old,
            new,
        }
    }

    #[test]
    fn an_old_version_is_rebuilt_by_undoing_the_newer_changes_newest_first() {
        let original = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap()[0].clone();
        let mut v2 = original.clone();
        v2.name_zh = "第二版".into();
        let mut v3 = v2.clone();
        v3.name_zh = "第三版".into();
        v3.notes = "added in v3".into();
        v3.extra_properties
            .insert("survey_ref".to_owned(), json!("SR-9"));
        let history = vec![
            entry(1, vec![]),
            entry(
                2,
                vec![change("name_zh", json!(original.name_zh), json!("第二版"))],
            ),
            entry(
                3,
                vec![
                    change("name_zh", json!("第二版"), json!("第三版")),
                    change("notes", json!(original.notes), json!("added in v3")),
                    change("extra", json!({}), json!({"survey_ref": "SR-9"})),
                ],
            ),
        ];
        assert_eq!(facility_at(&v3, &history, 2), Some(v2));
        assert_eq!(facility_at(&v3, &history, 1), Some(original));
        assert_eq!(facility_at(&v3, &history, 3), Some(v3.clone()));
        assert_eq!(facility_at(&v3, &history, 7), None, "no such version");
    }
}
