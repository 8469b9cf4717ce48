//! What differs between two versions of the facility list, by id, for the "the file changed on
//! disk" question and the recovery offer: added, removed and changed facilities, and which of
//! their fields changed.

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
        /// The GeoJSON members that differ (`geometry` or property names).
        fields: Vec<String>,
    },
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Added { id, name } => write!(f, "+ {name} ({id})"),
            Change::Removed { id, name } => write!(f, "- {name} ({id})"),
            Change::Changed { id, name, fields } => {
                write!(f, "~ {name} ({id}): {}", fields.join(", "))
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
                name: old.name_zh.clone(),
            }),
            Some(new) if *new != old => changes.push(Change::Changed {
                id: old.id.clone(),
                name: new.name_zh.clone(),
                fields: changed_fields(old, new),
            }),
            Some(_) => {}
        }
    }
    for new in newer.iter().filter(|f| !older_ids.contains(&f.id)) {
        changes.push(Change::Added {
            id: new.id.clone(),
            name: new.name_zh.clone(),
        });
    }
    changes
}

fn changed_fields(old: &Facility, new: &Facility) -> Vec<String> {
    let (old_json, new_json) = (feature_json(old), feature_json(new));
    let mut fields = Vec::new();
    if old_json.get("geometry") != new_json.get("geometry") {
        fields.push("geometry".to_owned());
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
            fields.push(key.clone());
        }
    }
    for key in old_props.keys() {
        if !new_props.contains_key(key) {
            fields.push(key.clone());
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
        newer[0].notes = "已核实".to_owned();
        newer[0].geometry = crate::model::edit::geometry_edit::translate(
            &newer[0].geometry,
            geo::Coord { x: 0.001, y: 0.0 },
        );
        let removed = newer.remove(1);
        let mut added = older[2].clone();
        added.id = FacilityId("school-post-99".to_owned());
        newer.push(added);

        let changes = diff(&older, &newer);
        assert_eq!(changes.len(), 3, "{changes:?}");
        assert!(matches!(&changes[0], Change::Changed { fields, .. }
            if fields == &["geometry".to_owned(), "notes".to_owned()]));
        assert_eq!(
            changes[1],
            Change::Removed {
                id: removed.id.clone(),
                name: removed.name_zh.clone()
            }
        );
        assert!(changes[2].to_string().starts_with("+ "));
        assert!(diff(&older, &older).is_empty());
    }
}
