//! Three-way merge of one facility: given the version both sides started from (`base`), my
//! edited version and their edited version, changes to different fields combine and the same
//! field changed differently on both sides is a conflict that names the field and carries both
//! values. Used when a save meets a newer version (a shared database, a data file changed on
//! disk). Fields are named as in files and in [`super::diff`]: `geometry` and the property
//! names, each unknown property on its own.

use serde_json::{Map, Value};

use crate::model::facility::Facility;
use crate::model::io::save::feature_json;

/// One field both sides changed, to different values. Values are as in a GeoJSON file (the
/// property's value, or the geometry object); `None` means the property is absent.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldConflict {
    /// `geometry` or a property name, e.g. `name_zh`.
    pub field: String,
    /// The value both started from.
    pub base: Option<Value>,
    /// My value.
    pub mine: Option<Value>,
    /// Their value.
    pub theirs: Option<Value>,
}

/// The result of a three-way merge.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// Their version with my changes to the fields they did not change. A conflicting field
    /// keeps their value until someone chooses.
    pub merged: Facility,
    /// The fields both sides changed differently, in file order (empty: the merge is clean).
    pub conflicts: Vec<FieldConflict>,
}

impl Merge {
    /// Whether no field conflicts, so `merged` can be saved as it is.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// Merges my and their edits of the facility `base`. The id is theirs (both should be the
/// same facility).
pub fn merge(base: &Facility, mine: &Facility, theirs: &Facility) -> Merge {
    let mut merged = theirs.clone();
    let mut conflicting: Vec<&'static str> = Vec::new();
    macro_rules! field {
        ($name:literal, $($path:ident).+) => {
            three_way(
                $name,
                &base.$($path).+,
                &mine.$($path).+,
                &theirs.$($path).+,
                &mut merged.$($path).+,
                &mut conflicting,
            )
        };
    }
    field!("category", category);
    field!("name_zh", name_zh);
    field!("name_en", name_en);
    field!("description_zh", description_zh);
    field!("description_en", description_en);
    field!("address_zh", address_zh);
    field!("source_quote", provenance.source_quote);
    field!("source_ref", provenance.source_ref);
    field!("position_precision", provenance.precision);
    field!("position_method", provenance.method);
    field!("article_mention", article_mention);
    field!("hours", hours);
    field!("hours_source", hours_source);
    field!("valid_from", valid_from);
    field!("valid_until", valid_until);
    field!("notes", notes);
    let (extra, extra_conflicts) = merge_extra(
        &base.extra_properties,
        &mine.extra_properties,
        &theirs.extra_properties,
    );
    merged.extra_properties = extra.into();
    field!("geometry", geometry);

    let (base_json, mine_json, theirs_json) =
        (feature_json(base), feature_json(mine), feature_json(theirs));
    let conflict = |field: &str| FieldConflict {
        field: field.to_owned(),
        base: member(&base_json, field),
        mine: member(&mine_json, field),
        theirs: member(&theirs_json, field),
    };
    let mut conflicts: Vec<FieldConflict> = conflicting
        .iter()
        .filter(|&&f| f != "geometry")
        .map(|f| conflict(f))
        .collect();
    conflicts.extend(extra_conflicts.iter().map(|f| conflict(f)));
    if conflicting.contains(&"geometry") {
        conflicts.push(conflict("geometry"));
    }
    Merge { merged, conflicts }
}

/// Takes my change when only I changed the field; keeps theirs (already in `merged`) when only
/// they did or both made the same change; records a conflict otherwise.
fn three_way<T: PartialEq + Clone>(
    name: &'static str,
    base: &T,
    mine: &T,
    theirs: &T,
    merged: &mut T,
    conflicting: &mut Vec<&'static str>,
) {
    if mine == theirs || mine == base {
        return;
    }
    if theirs == base {
        *merged = mine.clone();
    } else {
        conflicting.push(name);
    }
}

/// Merges the unknown properties key by key (adding and removing a key are changes too); their
/// key order first, then keys only I added. Returns the merged map and the conflicting keys.
fn merge_extra(
    base: &Map<String, Value>,
    mine: &Map<String, Value>,
    theirs: &Map<String, Value>,
) -> (Map<String, Value>, Vec<String>) {
    let mut keys: Vec<&String> = theirs.keys().collect();
    keys.extend(mine.keys().filter(|k| !theirs.contains_key(*k)));
    keys.extend(
        base.keys()
            .filter(|k| !theirs.contains_key(*k) && !mine.contains_key(*k)),
    );
    let mut merged = Map::new();
    let mut conflicts = Vec::new();
    for key in keys {
        let (b, m, t) = (base.get(key), mine.get(key), theirs.get(key));
        let value = if m == t || m == b {
            t
        } else if t == b {
            m
        } else {
            conflicts.push(key.clone());
            t
        };
        if let Some(value) = value {
            merged.insert(key.clone(), value.clone());
        }
    }
    (merged, conflicts)
}

/// The geometry object or a property's value in a feature as files have it.
fn member(feature: &Value, field: &str) -> Option<Value> {
    if field == "geometry" {
        feature.get("geometry").cloned()
    } else {
        feature
            .get("properties")
            .and_then(|p| p.get(field))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::facility::FacilityGeometry;
    use crate::model::io::load::parse_facilities;
    use serde_json::json;

    fn base() -> Facility {
        parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap()[1].clone()
    }

    fn moved(facility: &Facility, dx: f64) -> FacilityGeometry {
        crate::model::edit::geometry_edit::translate(
            &facility.geometry,
            geo::Coord { x: dx, y: 0.0 },
        )
    }

    #[test]
    fn changes_to_different_fields_combine() {
        let base = base();
        let mut mine = base.clone();
        mine.notes = "已核实".into();
        mine.geometry = moved(&base, 0.001);
        let mut theirs = base.clone();
        theirs.hours = "Mo-Fr 07:00-08:00".into();
        theirs.name_en = "Guard post".into();

        let merge = merge(&base, &mine, &theirs);
        assert!(merge.is_clean(), "{:?}", merge.conflicts);
        assert_eq!(merge.merged.notes, "已核实");
        assert_eq!(merge.merged.geometry, mine.geometry);
        assert_eq!(merge.merged.hours, "Mo-Fr 07:00-08:00");
        assert_eq!(merge.merged.name_en, "Guard post");
    }

    #[test]
    fn the_same_field_changed_on_both_sides_is_a_conflict_with_both_values() {
        let base = base();
        let mut mine = base.clone();
        mine.name_zh = "护学岗（东门）".into();
        mine.notes = "mine".into();
        let mut theirs = base.clone();
        theirs.name_zh = "护学岗（西门）".into();

        let merge = merge(&base, &mine, &theirs);
        assert_eq!(merge.conflicts.len(), 1, "{:?}", merge.conflicts);
        let conflict = &merge.conflicts[0];
        assert_eq!(conflict.field, "name_zh");
        assert_eq!(conflict.base, Some(json!(base.name_zh)));
        assert_eq!(conflict.mine, Some(json!("护学岗（东门）")));
        assert_eq!(conflict.theirs, Some(json!("护学岗（西门）")));
        assert_eq!(
            merge.merged.name_zh, "护学岗（西门）",
            "theirs until chosen"
        );
        assert_eq!(merge.merged.notes, "mine", "the other field still merges");
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let base = base();
        let mut mine = base.clone();
        mine.geometry = moved(&base, 0.002);
        let theirs = mine.clone();
        let merge = merge(&base, &mine, &theirs);
        assert!(merge.is_clean());
        assert_eq!(merge.merged, mine);
    }

    #[test]
    fn moves_on_both_sides_conflict_on_the_geometry() {
        let base = base();
        let mut mine = base.clone();
        mine.geometry = moved(&base, 0.001);
        let mut theirs = base.clone();
        theirs.geometry = moved(&base, -0.001);
        let merge = merge(&base, &mine, &theirs);
        assert_eq!(merge.conflicts.len(), 1);
        assert_eq!(merge.conflicts[0].field, "geometry");
        assert_eq!(
            merge.conflicts[0].mine.as_ref().and_then(|g| g.get("type")),
            Some(&json!("Point"))
        );
    }

    #[test]
    fn unknown_properties_merge_key_by_key_including_removal() {
        let mut base = base();
        base.extra_properties.insert("keep".to_owned(), json!(1));
        base.extra_properties.insert("drop".to_owned(), json!(2));
        base.extra_properties.insert("both".to_owned(), json!("b"));
        let mut mine = base.clone();
        mine.extra_properties.remove("drop");
        mine.extra_properties
            .insert("added".to_owned(), json!([1, 2]));
        mine.extra_properties.insert("both".to_owned(), json!("m"));
        let mut theirs = base.clone();
        theirs.extra_properties.insert("keep".to_owned(), json!(10));
        theirs
            .extra_properties
            .insert("both".to_owned(), json!("t"));

        let merge = merge(&base, &mine, &theirs);
        let extra = &merge.merged.extra_properties;
        assert_eq!(extra.get("keep"), Some(&json!(10)));
        assert_eq!(extra.get("drop"), None);
        assert_eq!(extra.get("added"), Some(&json!([1, 2])));
        assert_eq!(merge.conflicts.len(), 1);
        assert_eq!(merge.conflicts[0].field, "both");
        assert_eq!(merge.conflicts[0].mine, Some(json!("m")));
        assert_eq!(merge.conflicts[0].theirs, Some(json!("t")));
    }

    #[test]
    fn nothing_changed_anywhere_gives_the_base() {
        let base = base();
        let merge = merge(&base, &base, &base);
        assert!(merge.is_clean());
        assert_eq!(merge.merged, base);
    }
}
