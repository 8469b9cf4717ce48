//! Three-way merge of two whole facility lists, for "the data file changed on disk": my
//! edited list and theirs, both from the list as it was last loaded or saved (`base`).
//! Facilities only one side changed take that side's version; one facility both changed is
//! merged field by field ([`super::merge`]); what cannot merge becomes a [`ConflictRow`] the
//! user answers — mine or theirs — with a default that loses nothing: a field keeps their
//! value (mine is in the row), a facility deleted on one side and edited on the other is
//! kept. Both adding the same id keeps both (mine under a free id). Order: theirs, then the
//! facilities only I added, in my order.

use std::collections::{HashMap, HashSet};

use super::diff::value_text;
use super::merge::merge;
use crate::model::facility::{Facility, FacilityId};

/// What kind of disagreement a row is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConflictKind {
    /// Both changed this field differently (`geometry` or a property name).
    Field(String),
    /// I deleted the facility; they changed it. Mine = delete it, theirs = keep theirs.
    DeletedByMe,
    /// They deleted the facility; I changed it. Mine = keep mine, theirs = delete it.
    DeletedByThem,
}

/// One question for the user, with both values as short text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRow {
    /// The facility.
    pub id: FacilityId,
    /// Its Chinese name (mine if I have it, else theirs).
    pub name: String,
    /// What disagrees.
    pub kind: ConflictKind,
    /// My value (empty: absent or deleted).
    pub mine: String,
    /// Their value (empty: absent or deleted).
    pub theirs: String,
    /// The answer: take mine (else theirs). Starts at the choice that loses nothing.
    pub take_mine: bool,
}

/// The merged list before the user's answers, and the questions.
#[derive(Debug, Clone, PartialEq)]
pub struct ListMerge {
    /// The merge with every row at its default answer.
    merged: Vec<Facility>,
    /// My versions of the facilities rows are about.
    mine: HashMap<FacilityId, Facility>,
    /// Their versions of the facilities rows are about.
    theirs: HashMap<FacilityId, Facility>,
    /// The questions, in list order.
    pub rows: Vec<ConflictRow>,
    /// How many facilities took my version or my field changes without asking.
    pub taken_from_mine: usize,
    /// Ids of facilities both added; mine were kept under these new ids.
    pub renamed: Vec<(FacilityId, FacilityId)>,
}

/// Merges `mine` and `theirs`, both edited from `base`.
pub fn merge_lists(base: &[Facility], mine: &[Facility], theirs: &[Facility]) -> ListMerge {
    let by_id = |list: &[Facility]| -> HashMap<FacilityId, Facility> {
        list.iter().map(|f| (f.id.clone(), f.clone())).collect()
    };
    let (base_by_id, mine_by_id) = (by_id(base), by_id(mine));
    let theirs_ids: HashSet<&FacilityId> = theirs.iter().map(|f| &f.id).collect();
    let mut result = ListMerge {
        merged: Vec::with_capacity(theirs.len().max(mine.len())),
        mine: HashMap::new(),
        theirs: HashMap::new(),
        rows: Vec::new(),
        taken_from_mine: 0,
        renamed: Vec::new(),
    };
    for their in theirs {
        let (old, my) = (base_by_id.get(&their.id), mine_by_id.get(&their.id));
        match (old, my) {
            (Some(old), Some(my)) => {
                let merged = merge(old, my, their);
                if merged.merged != *their {
                    result.taken_from_mine += 1;
                }
                for conflict in &merged.conflicts {
                    result.rows.push(ConflictRow {
                        id: their.id.clone(),
                        name: my.name_zh.to_string(),
                        kind: ConflictKind::Field(conflict.field.clone()),
                        mine: value_text(&conflict.field, conflict.mine.as_ref()),
                        theirs: value_text(&conflict.field, conflict.theirs.as_ref()),
                        take_mine: false,
                    });
                }
                if !merged.conflicts.is_empty() {
                    result.mine.insert(my.id.clone(), my.clone());
                    result.theirs.insert(their.id.clone(), their.clone());
                }
                result.merged.push(merged.merged);
            }
            // I deleted it: gone unless they changed it meanwhile.
            (Some(old), None) => {
                if old != their {
                    result.rows.push(ConflictRow {
                        id: their.id.clone(),
                        name: their.name_zh.to_string(),
                        kind: ConflictKind::DeletedByMe,
                        mine: String::new(),
                        theirs: their.name_zh.to_string(),
                        take_mine: false,
                    });
                    result.theirs.insert(their.id.clone(), their.clone());
                    result.merged.push(their.clone());
                }
            }
            // They added it (and maybe I added the same id: both stay, mine renamed below).
            (None, _) => result.merged.push(their.clone()),
        }
    }
    let mut taken: HashSet<FacilityId> = result.merged.iter().map(|f| f.id.clone()).collect();
    for my in mine.iter().filter(|f| !theirs_ids.contains(&f.id)) {
        match base_by_id.get(&my.id) {
            // They deleted it: gone unless I changed it.
            Some(old) => {
                if old != my {
                    result.rows.push(ConflictRow {
                        id: my.id.clone(),
                        name: my.name_zh.to_string(),
                        kind: ConflictKind::DeletedByThem,
                        mine: my.name_zh.to_string(),
                        theirs: String::new(),
                        take_mine: true,
                    });
                    result.mine.insert(my.id.clone(), my.clone());
                    result.merged.push(my.clone());
                }
            }
            None => {
                result.taken_from_mine += 1;
                result.merged.push(my.clone());
            }
        }
    }
    // Both added the same id with different content: mine stays under a free id.
    for my in mine {
        let both_added = !base_by_id.contains_key(&my.id) && theirs_ids.contains(&my.id);
        let same = theirs.iter().any(|their| their == my);
        if both_added && !same {
            let mut renamed = my.clone();
            let mut n = 2;
            while taken.contains(&FacilityId::new(format!("{}-{n}", my.id))) {
                n += 1;
            }
            renamed.id = FacilityId::new(format!("{}-{n}", my.id));
            taken.insert(renamed.id.clone());
            result.renamed.push((my.id.clone(), renamed.id.clone()));
            result.taken_from_mine += 1;
            result.merged.push(renamed);
        }
    }
    result
}

impl ListMerge {
    /// Whether there is nothing to ask.
    pub fn is_clean(&self) -> bool {
        self.rows.is_empty()
    }

    /// The merged list with the rows' answers applied.
    pub fn resolve(&self) -> Vec<Facility> {
        let mut merged = self.merged.clone();
        let mut removed: HashSet<&FacilityId> = HashSet::new();
        for row in &self.rows {
            match (&row.kind, row.take_mine) {
                (ConflictKind::Field(field), true) => {
                    if let (Some(target), Some(mine)) = (
                        merged.iter_mut().find(|f| f.id == row.id),
                        self.mine.get(&row.id),
                    ) {
                        take_field(target, mine, field);
                    }
                }
                (ConflictKind::DeletedByMe, true) | (ConflictKind::DeletedByThem, false) => {
                    removed.insert(&row.id);
                }
                (ConflictKind::Field(_), false)
                | (ConflictKind::DeletedByMe, false)
                | (ConflictKind::DeletedByThem, true) => {}
            }
        }
        merged.retain(|f| !removed.contains(&f.id));
        merged
    }

    /// Their version of a facility a row is about (for showing it).
    pub fn theirs(&self, id: &FacilityId) -> Option<&Facility> {
        self.theirs.get(id)
    }
}

/// Copies the field `field` (as named in files) from `from` into `target`.
fn take_field(target: &mut Facility, from: &Facility, field: &str) {
    match field {
        "category" => target.category = from.category,
        "name_zh" => target.name_zh.clone_from(&from.name_zh),
        "name_en" => target.name_en.clone_from(&from.name_en),
        "description_zh" => target.description_zh.clone_from(&from.description_zh),
        "description_en" => target.description_en.clone_from(&from.description_en),
        "address_zh" => target.address_zh.clone_from(&from.address_zh),
        "source_quote" => target
            .provenance
            .source_quote
            .clone_from(&from.provenance.source_quote),
        "source_ref" => target
            .provenance
            .source_ref
            .clone_from(&from.provenance.source_ref),
        "position_precision" => target.provenance.precision = from.provenance.precision,
        "position_method" => target.provenance.method.clone_from(&from.provenance.method),
        "article_mention" => target.article_mention.clone_from(&from.article_mention),
        "hours" => target.hours.clone_from(&from.hours),
        "hours_source" => target.hours_source.clone_from(&from.hours_source),
        "valid_from" => target.valid_from.clone_from(&from.valid_from),
        "valid_until" => target.valid_until.clone_from(&from.valid_until),
        "notes" => target.notes.clone_from(&from.notes),
        "geometry" => target.geometry.clone_from(&from.geometry),
        unknown => match from.extra_properties.get(unknown) {
            Some(value) => {
                target
                    .extra_properties
                    .insert(unknown.to_owned(), value.clone());
            }
            None => {
                target.extra_properties.remove(unknown);
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::load::parse_facilities;

    fn bundled() -> Vec<Facility> {
        parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap()
    }

    fn find<'a>(list: &'a [Facility], id: &str) -> Option<&'a Facility> {
        list.iter().find(|f| f.id.as_str() == id)
    }

    #[test]
    fn edits_to_different_facilities_and_fields_merge_without_asking() {
        let base = bundled();
        let mut mine = base.clone();
        let mut theirs = base.clone();
        mine[0].notes = "我的备注".into();
        mine[1].name_zh = "我改的名字".into();
        theirs[1].hours = "Mo-Fr 07:00-08:00".into();
        theirs[2].notes = "他们的备注".into();
        let merge = merge_lists(&base, &mine, &theirs);
        assert!(merge.is_clean(), "{:?}", merge.rows);
        let merged = merge.resolve();
        assert_eq!(merged.len(), base.len());
        assert_eq!(merged[0].notes, "我的备注");
        assert_eq!(merged[1].name_zh, "我改的名字");
        assert_eq!(merged[1].hours, "Mo-Fr 07:00-08:00");
        assert_eq!(merged[2].notes, "他们的备注");
    }

    #[test]
    fn the_same_field_asks_and_keeps_theirs_until_mine_is_chosen() {
        let base = bundled();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        mine[3].name_zh = "我的".into();
        theirs[3].name_zh = "他们的".into();
        let mut merge = merge_lists(&base, &mine, &theirs);
        assert_eq!(merge.rows.len(), 1);
        let row = &merge.rows[0];
        assert_eq!(row.kind, ConflictKind::Field("name_zh".to_owned()));
        assert_eq!((row.mine.as_str(), row.theirs.as_str()), ("我的", "他们的"));
        assert_eq!(merge.resolve()[3].name_zh, "他们的");
        merge.rows[0].take_mine = true;
        assert_eq!(merge.resolve()[3].name_zh, "我的");
    }

    #[test]
    fn deleting_one_side_and_editing_the_other_keeps_the_edit_unless_chosen_otherwise() {
        let base = bundled();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        // I delete 0 and edit 1; they edit 0 and delete 1; they delete 2 which I left alone.
        let edited_by_them = base[0].id.clone();
        let edited_by_me = base[1].id.clone();
        let gone = base[2].id.clone();
        mine.retain(|f| f.id != edited_by_them);
        mine.iter_mut()
            .filter(|f| f.id == edited_by_me)
            .for_each(|f| f.notes = "我的".into());
        theirs.retain(|f| f.id != edited_by_me && f.id != gone);
        theirs
            .iter_mut()
            .filter(|f| f.id == edited_by_them)
            .for_each(|f| f.notes = "他们的".into());
        let mut merge = merge_lists(&base, &mine, &theirs);
        assert_eq!(merge.rows.len(), 2, "{:?}", merge.rows);
        let merged = merge.resolve();
        assert!(
            find(&merged, edited_by_them.as_str()).is_some(),
            "their edit kept"
        );
        assert!(
            find(&merged, edited_by_me.as_str()).is_some(),
            "my edit kept"
        );
        assert!(
            find(&merged, gone.as_str()).is_none(),
            "their plain delete applies"
        );
        for row in &mut merge.rows {
            row.take_mine = !row.take_mine;
        }
        let merged = merge.resolve();
        assert!(find(&merged, edited_by_them.as_str()).is_none());
        assert!(find(&merged, edited_by_me.as_str()).is_none());
    }

    #[test]
    fn both_adding_the_same_id_keeps_both_and_additions_come_last() {
        let base = bundled();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        let mut my_new = base[0].clone();
        my_new.id = FacilityId("new-1".into());
        my_new.name_zh = "我的新点".into();
        let mut their_new = my_new.clone();
        their_new.name_zh = "他们的新点".into();
        let mut only_mine = base[0].clone();
        only_mine.id = FacilityId("mine-only".into());
        mine.push(my_new);
        mine.push(only_mine);
        theirs.push(their_new);
        let merge = merge_lists(&base, &mine, &theirs);
        assert!(merge.is_clean());
        let merged = merge.resolve();
        assert_eq!(merged.len(), base.len() + 3);
        assert_eq!(find(&merged, "new-1").unwrap().name_zh, "他们的新点");
        assert_eq!(find(&merged, "new-1-2").unwrap().name_zh, "我的新点");
        assert_eq!(merged[base.len()].id.as_str(), "new-1");
        assert!(find(&merged, "mine-only").is_some());
    }
}
