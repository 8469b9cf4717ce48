//! What differs between two versions of the facility list, by id, for the "the file changed on
//! disk" question and the recovery offer: added, removed and changed facilities, which of
//! their fields changed, and each field's value on both sides (short, for a dialog).

use crate::model::facility::{Facility, FacilityId};
use crate::model::io::save::feature_json;

/// One difference between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Only in the newer version.
    Added {
        /// The facility's id.
        id: FacilityId,
        /// Its Chinese name.
        name: String,
    },
    /// Only in the older version.
    Removed {
        /// The facility's id.
        id: FacilityId,
        /// Its Chinese name.
        name: String,
    },
    /// In both, with different content.
    Changed {
        /// The facility's id.
        id: FacilityId,
        /// Its Chinese name (in the newer version).
        name: String,
        /// The GeoJSON members that differ (`geometry` or property names), with both values.
        fields: Vec<FieldChange>,
    },
}

/// One field that differs, with its value in the older and the newer version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// `geometry` or the property's name.
    pub name: String,
    /// The value in the older version, as short text (empty: absent).
    pub older: String,
    /// The value in the newer version, as short text (empty: absent).
    pub newer: String,
}

/// Longest value text shown (in characters); longer values end with "…".
const VALUE_CHARS: usize = 60;

impl FieldChange {
    fn new(
        name: &str,
        older: Option<&serde_json::Value>,
        newer: Option<&serde_json::Value>,
    ) -> Self {
        Self {
            name: name.to_owned(),
            older: value_text(name, older),
            newer: value_text(name, newer),
        }
    }
}

impl std::fmt::Display for FieldChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: «{}» → «{}»", self.name, self.older, self.newer)
    }
}

/// A value as a person reads it: strings without quotes, a point as "lon, lat", other
/// geometries by kind and vertex count; cut at 60 characters with "…".
pub fn value_text(name: &str, value: Option<&serde_json::Value>) -> String {
    use serde_json::Value;
    let text = match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(geometry) if name == "geometry" => geometry_text(geometry),
        Some(other) => other.to_string(),
    };
    if text.chars().count() > VALUE_CHARS {
        let mut cut: String = text.chars().take(VALUE_CHARS).collect();
        cut.push('…');
        cut
    } else {
        text
    }
}

fn geometry_text(geometry: &serde_json::Value) -> String {
    let kind = geometry
        .get("type")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("?");
    let coordinates = geometry.get("coordinates");
    if kind == "Point"
        && let Some(serde_json::Value::Array(pair)) = coordinates
        && let [lon, lat] = pair.as_slice()
        && let (Some(lon), Some(lat)) = (lon.as_f64(), lat.as_f64())
    {
        return format!("{lon:.6}, {lat:.6}");
    }
    fn count_positions(value: &serde_json::Value) -> usize {
        match value {
            serde_json::Value::Array(items)
                if items.first().is_some_and(serde_json::Value::is_number) =>
            {
                1
            }
            serde_json::Value::Array(items) => items.iter().map(count_positions).sum(),
            _ => 0,
        }
    }
    format!("{kind} ({} pts)", coordinates.map_or(0, count_positions))
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Added { id, name } => write!(f, "+ {name} ({id})"),
            Change::Removed { id, name } => write!(f, "- {name} ({id})"),
            Change::Changed { id, name, fields } => {
                let fields: Vec<String> = fields.iter().map(ToString::to_string).collect();
                write!(f, "~ {name} ({id}): {}", fields.join("; "))
            }
        }
    }
}

/// The differences from `older` to `newer`, in `older`'s order, then the added ones.
pub fn diff(older: &[Facility], newer: &[Facility]) -> Vec<Change> {
    let newer_by_id: std::collections::HashMap<&FacilityId, &Facility> =
        newer.iter().map(|f| (&f.id, f)).collect();
    let older_ids: std::collections::HashSet<&FacilityId> = older.iter().map(|f| &f.id).collect();
    let mut changes = Vec::new();
    for old in older {
        match newer_by_id.get(&old.id) {
            None => changes.push(Change::Removed {
                id: old.id.clone(),
                name: old.name_zh.to_string(),
            }),
            Some(new) if *new != old => changes.push(Change::Changed {
                id: old.id.clone(),
                name: new.name_zh.to_string(),
                fields: changed_fields(old, new),
            }),
            Some(_) => {}
        }
    }
    for new in newer.iter().filter(|f| !older_ids.contains(&f.id)) {
        changes.push(Change::Added {
            id: new.id.clone(),
            name: new.name_zh.to_string(),
        });
    }
    changes
}

fn changed_fields(old: &Facility, new: &Facility) -> Vec<FieldChange> {
    let (old_json, new_json) = (feature_json(old), feature_json(new));
    let mut fields = Vec::new();
    if old_json.get("geometry") != new_json.get("geometry") {
        fields.push(FieldChange::new(
            "geometry",
            old_json.get("geometry"),
            new_json.get("geometry"),
        ));
    }
    let empty = serde_json::Map::new();
    let properties = |json: &serde_json::Value| {
        json.get("properties")
            .and_then(serde_json::Value::as_object)
            .cloned()
            .unwrap_or_else(|| empty.clone())
    };
    let (old_props, new_props) = (properties(&old_json), properties(&new_json));
    for (key, value) in &new_props {
        if old_props.get(key) != Some(value) {
            fields.push(FieldChange::new(key, old_props.get(key), Some(value)));
        }
    }
    for (key, value) in &old_props {
        if !new_props.contains_key(key) {
            fields.push(FieldChange::new(key, Some(value), None));
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::load::parse_facilities;

    #[test]
    fn diff_names_added_removed_and_changed_fields() {
        let older = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let mut newer = older.clone();
        newer[0].notes = "已核实".into();
        newer[0].geometry = crate::model::edit::geometry_edit::translate(
            &newer[0].geometry,
            geo::Coord { x: 0.001, y: 0.0 },
        );
        let removed = newer.remove(1);
        let mut added = older[2].clone();
        added.id = FacilityId("school-post-99".into());
        newer.push(added);

        let changes = diff(&older, &newer);
        assert_eq!(changes.len(), 3, "{changes:?}");
        let Change::Changed { fields, .. } = &changes[0] else {
            panic!("{changes:?}");
        };
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["geometry", "notes"]);
        assert_eq!(fields[1].newer, "已核实");
        assert!(
            fields[0].older.contains(", 35."),
            "a point reads lon, lat: {}",
            fields[0].older
        );
        assert!(
            changes[0].to_string().contains("notes: «"),
            "{}",
            changes[0]
        );
        assert_eq!(
            changes[1],
            Change::Removed {
                id: removed.id.clone(),
                name: removed.name_zh.to_string()
            }
        );
        assert!(changes[2].to_string().starts_with("+ "));
        assert!(diff(&older, &older).is_empty());
    }
}
