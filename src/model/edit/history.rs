//! Reversible edits of the facility list and the undo/redo history. Every change staff make —
//! add, move, reshape, edit properties, delete, import — is one [`Edit`]; undoing applies its
//! inverse. The history also knows whether the current state is the saved one. A batch (an
//! import, a restore, undoing a mass delete) checks ids against a set built once, so N edits
//! cost O(N) id checks, not O(N × list length).

use std::collections::HashSet;

use crate::model::facility::{Facility, FacilityId};

/// Why an edit could not be applied (the list is unchanged).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The edit refers to a position past the end of the list.
    #[error("no facility at position {0}")]
    NoSuchIndex(usize),
    /// The facility at the position is not the one the edit expects (the list changed).
    #[error("facility {expected} is not where the edit expects it")]
    Mismatch {
        /// The id the edit expected.
        expected: FacilityId,
    },
    /// Adding would create a second facility with the same id.
    #[error("a facility with id {0} already exists")]
    DuplicateId(FacilityId),
}

/// One reversible change of the facility list.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Insert `facility` at `index`.
    Insert {
        /// Position in the list.
        index: usize,
        /// The new facility.
        facility: Box<Facility>,
    },
    /// Remove the facility at `index` (kept here so the removal can be undone).
    Remove {
        /// Position in the list.
        index: usize,
        /// The facility removed.
        facility: Box<Facility>,
    },
    /// Replace the facility at `index`.
    Replace {
        /// Position in the list.
        index: usize,
        /// The facility before the change.
        before: Box<Facility>,
        /// The facility after the change.
        after: Box<Facility>,
    },
    /// Several edits as one step (e.g. an import), applied in order.
    Batch(Vec<Edit>),
}

impl Edit {
    /// One undoable step that replaces every facility of `current` by `new` (restoring a
    /// recovery copy): removals from the end, then insertions in order.
    pub fn replace_all(current: &[Facility], new: impl IntoIterator<Item = Facility>) -> Edit {
        let mut edits: Vec<Edit> = current
            .iter()
            .enumerate()
            .rev()
            .map(|(index, facility)| Edit::Remove {
                index,
                facility: Box::new(facility.clone()),
            })
            .collect();
        edits.extend(
            new.into_iter()
                .enumerate()
                .map(|(index, facility)| Edit::Insert {
                    index,
                    facility: Box::new(facility),
                }),
        );
        Edit::Batch(edits)
    }

    /// Applies the edit; on error the list is unchanged.
    pub fn apply(&self, facilities: &mut Vec<Facility>) -> Result<(), EditError> {
        self.apply_with(facilities, &mut None)
    }

    /// [`Self::apply`] with the ids of `facilities` in `ids` once a batch has built the set
    /// (`None` for a single edit: one linear check is cheaper than building the set).
    fn apply_with(
        &self,
        facilities: &mut Vec<Facility>,
        ids: &mut Option<HashSet<FacilityId>>,
    ) -> Result<(), EditError> {
        let taken = |ids: &Option<HashSet<FacilityId>>, facilities: &[Facility], id| match ids {
            Some(ids) => ids.contains(id),
            None => facilities.iter().any(|f| &f.id == id),
        };
        match self {
            Edit::Insert { index, facility } => {
                if *index > facilities.len() {
                    return Err(EditError::NoSuchIndex(*index));
                }
                if taken(ids, facilities, &facility.id) {
                    return Err(EditError::DuplicateId(facility.id.clone()));
                }
                facilities.insert(*index, (**facility).clone());
                if let Some(ids) = ids {
                    ids.insert(facility.id.clone());
                }
            }
            Edit::Remove { index, facility } => {
                check_at(facilities, *index, &facility.id)?;
                facilities.remove(*index);
                if let Some(ids) = ids {
                    ids.remove(&facility.id);
                }
            }
            Edit::Replace {
                index,
                before,
                after,
            } => {
                check_at(facilities, *index, &before.id)?;
                if after.id != before.id && taken(ids, facilities, &after.id) {
                    return Err(EditError::DuplicateId(after.id.clone()));
                }
                if let Some(slot) = facilities.get_mut(*index) {
                    *slot = (**after).clone();
                }
                if let Some(ids) = ids
                    && after.id != before.id
                {
                    ids.remove(&before.id);
                    ids.insert(after.id.clone());
                }
            }
            Edit::Batch(edits) => {
                if ids.is_none() {
                    *ids = Some(facilities.iter().map(|f| f.id.clone()).collect());
                }
                for (done, edit) in edits.iter().enumerate() {
                    if let Err(error) = edit.apply_with(facilities, ids) {
                        // Roll back what was applied so the list is unchanged.
                        for applied in edits.iter().take(done).rev() {
                            applied.inverse().apply_with(facilities, ids).ok();
                        }
                        return Err(error);
                    }
                }
            }
        }
        Ok(())
    }

    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        match self {
            Edit::Insert { index, facility } => Edit::Remove {
                index: *index,
                facility: facility.clone(),
            },
            Edit::Remove { index, facility } => Edit::Insert {
                index: *index,
                facility: facility.clone(),
            },
            Edit::Replace {
                index,
                before,
                after,
            } => Edit::Replace {
                index: *index,
                before: after.clone(),
                after: before.clone(),
            },
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
        }
    }

    /// The facility the edit leaves selected, if any (the inserted or changed one).
    pub fn touched_id(&self) -> Option<&FacilityId> {
        match self {
            Edit::Insert { facility, .. } => Some(&facility.id),
            Edit::Replace { after, .. } => Some(&after.id),
            Edit::Remove { .. } | Edit::Batch(_) => None,
        }
    }
}

fn check_at(facilities: &[Facility], index: usize, expected: &FacilityId) -> Result<(), EditError> {
    match facilities.get(index) {
        None => Err(EditError::NoSuchIndex(index)),
        Some(f) if &f.id != expected => Err(EditError::Mismatch {
            expected: expected.clone(),
        }),
        Some(_) => Ok(()),
    }
}

/// Unlimited undo/redo within a session, and whether the list differs from the saved file.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Applied edits with their serial numbers, oldest first.
    undo: Vec<(u64, Edit)>,
    /// Undone edits, most recently undone last.
    redo: Vec<(u64, Edit)>,
    next_serial: u64,
    /// Serial of the newest applied edit when the file was last loaded or saved (0 = none).
    saved_serial: u64,
}

impl History {
    /// Applies `edit` to `facilities` and records it; clears the redo stack.
    pub fn apply(&mut self, edit: Edit, facilities: &mut Vec<Facility>) -> Result<(), EditError> {
        edit.apply(facilities)?;
        self.next_serial += 1;
        self.undo.push((self.next_serial, edit));
        self.redo.clear();
        Ok(())
    }

    /// Undoes the newest edit; returns it, or `None` when there is nothing to undo.
    pub fn undo(&mut self, facilities: &mut Vec<Facility>) -> Result<Option<&Edit>, EditError> {
        let Some((serial, edit)) = self.undo.pop() else {
            return Ok(None);
        };
        if let Err(error) = edit.inverse().apply(facilities) {
            self.undo.push((serial, edit));
            return Err(error);
        }
        self.redo.push((serial, edit));
        Ok(self.redo.last().map(|(_, e)| e))
    }

    /// Redoes the most recently undone edit.
    pub fn redo(&mut self, facilities: &mut Vec<Facility>) -> Result<Option<&Edit>, EditError> {
        let Some((serial, edit)) = self.redo.pop() else {
            return Ok(None);
        };
        if let Err(error) = edit.apply(facilities) {
            self.redo.push((serial, edit));
            return Err(error);
        }
        self.undo.push((serial, edit));
        Ok(self.undo.last().map(|(_, e)| e))
    }

    /// The edit Undo would revert.
    pub fn next_undo(&self) -> Option<&Edit> {
        self.undo.last().map(|(_, e)| e)
    }

    /// The edit Redo would re-apply.
    pub fn next_redo(&self) -> Option<&Edit> {
        self.redo.last().map(|(_, e)| e)
    }

    /// Number of edits that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    fn current_serial(&self) -> u64 {
        self.undo.last().map_or(0, |(serial, _)| *serial)
    }

    /// Records that the current state is what the file on disk holds.
    pub fn mark_saved(&mut self) {
        self.saved_serial = self.current_serial();
    }

    /// The list as it was last loaded or saved, rebuilt from `current` by undoing (on a copy)
    /// the edits made since; `None` when that state is no longer on the undo path (it was
    /// undone and other edits were made instead) or an edit does not fit.
    pub fn saved_state(&self, current: &[Facility]) -> Option<Vec<Facility>> {
        let since = match self
            .undo
            .iter()
            .position(|(serial, _)| *serial == self.saved_serial)
        {
            Some(at) => at + 1,
            None if self.saved_serial == 0 => 0,
            None => return None,
        };
        let mut list = current.to_vec();
        for (_, edit) in self.undo.get(since..)?.iter().rev() {
            edit.inverse().apply(&mut list).ok()?;
        }
        Some(list)
    }

    /// Where the history stands now, to record later that this state was saved (a save on
    /// another thread, while editing goes on).
    pub fn position(&self) -> u64 {
        self.current_serial()
    }

    /// Records that the state at `position` (from [`History::position`]) is what the file on
    /// disk holds; edits made since stay unsaved.
    pub fn mark_saved_at(&mut self, position: u64) {
        self.saved_serial = position;
    }

    /// Someone else (a colleague on the shared database) removed the facility at `index` of
    /// the current list: the recorded edits are moved as if it had been gone before them, so
    /// undo and redo still find their facilities (each later index moves down by one). Edits
    /// of the removed facility itself become steps that change nothing: there is nothing left
    /// to undo them on.
    pub fn removed_elsewhere(&mut self, index: usize) {
        // Applied edits, newest first: where the facility was before each.
        shift_each(
            self.undo.iter_mut().rev().map(|(_, edit)| edit),
            index,
            shift_before,
        );
        // Undone edits, next redo first: where the facility is before each.
        shift_each(
            self.redo.iter_mut().rev().map(|(_, edit)| edit),
            index,
            shift_after,
        );
    }

    /// Whether the list differs from what was last loaded or saved (undoing back to the saved
    /// state makes it clean again).
    pub fn is_dirty(&self) -> bool {
        self.current_serial() != self.saved_serial
    }
}

/// Moves `edits`, met in the order given, past a removal at `r` with `shift`, which rewrites
/// one edit and says where the removed facility is next (`None`: nowhere, stop). Returns the
/// last such place.
fn shift_each<'a>(
    edits: impl Iterator<Item = &'a mut Edit>,
    r: usize,
    shift: fn(&mut Edit, usize) -> Option<usize>,
) -> Option<usize> {
    let mut at = Some(r);
    for edit in edits {
        let Some(r) = at else { break };
        at = shift(edit, r);
    }
    at
}

/// A replacement around a removal at `r`: of the removed facility itself it becomes a step
/// that changes nothing; after it, its index moves down by one. The removed facility stays
/// where it was.
fn shift_replace(edit: &mut Edit, r: usize) -> Option<usize> {
    if let Edit::Replace { index, .. } = edit {
        if *index == r {
            *edit = Edit::Batch(Vec::new());
        } else if *index > r {
            *index -= 1;
        }
    }
    Some(r)
}

/// A batch's inner edits moved with `shift` (in `reverse` order when undoing past them);
/// steps left empty are dropped.
fn shift_batch(
    edits: &mut Vec<Edit>,
    r: usize,
    reverse: bool,
    shift: fn(&mut Edit, usize) -> Option<usize>,
) -> Option<usize> {
    let at = if reverse {
        shift_each(edits.iter_mut().rev(), r, shift)
    } else {
        shift_each(edits.iter_mut(), r, shift)
    };
    edits.retain(|e| !matches!(e, Edit::Batch(inner) if inner.is_empty()));
    at
}

/// `edit` was applied before a removal at `r` (a position after the edit): rewrites it as if
/// the removed facility had been gone before it, and returns where that facility was before
/// the edit (`None`: the edit added it).
fn shift_before(edit: &mut Edit, r: usize) -> Option<usize> {
    match edit {
        Edit::Replace { .. } => shift_replace(edit, r),
        Edit::Insert { index, .. } if *index == r => {
            *edit = Edit::Batch(Vec::new());
            None
        }
        Edit::Insert { index, .. } if *index < r => Some(r - 1),
        Edit::Remove { index, .. } if *index <= r => Some(r + 1),
        Edit::Insert { index, .. } | Edit::Remove { index, .. } => {
            *index -= 1;
            Some(r)
        }
        Edit::Batch(edits) => shift_batch(edits, r, true, shift_before),
    }
}

/// `edit` is to be applied after a removal at `r` (a position before the edit): rewrites it
/// for the list without the removed facility, and returns where that facility would be after
/// the edit (`None`: the edit removes it).
fn shift_after(edit: &mut Edit, r: usize) -> Option<usize> {
    match edit {
        Edit::Replace { .. } => shift_replace(edit, r),
        Edit::Insert { index, .. } if *index <= r => Some(r + 1),
        Edit::Remove { index, .. } if *index == r => {
            *edit = Edit::Batch(Vec::new());
            None
        }
        Edit::Remove { index, .. } if *index < r => Some(r - 1),
        Edit::Insert { index, .. } | Edit::Remove { index, .. } => {
            *index -= 1;
            Some(r)
        }
        Edit::Batch(edits) => shift_batch(edits, r, false, shift_after),
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

    fn with_id(facility: &Facility, id: &str) -> Facility {
        let mut changed = facility.clone();
        changed.id = FacilityId::new(id);
        changed
    }

    fn renamed(facility: &Facility, name: &str) -> Facility {
        let mut changed = facility.clone();
        changed.name_zh = name.into();
        changed
    }

    #[test]
    fn after_a_colleague_removes_any_facility_undo_and_redo_still_find_theirs() {
        let original = bundled();
        let added = |n: usize| with_id(&original[n], &format!("added-{n}"));
        let mut full = original.clone();
        let mut history = History::default();
        let replace = |list: &[Facility], index: usize, name: &str| Edit::Replace {
            index,
            before: Box::new(list[index].clone()),
            after: Box::new(renamed(&list[index], name)),
        };
        let remove = |list: &[Facility], index: usize| Edit::Remove {
            index,
            facility: Box::new(list[index].clone()),
        };
        let insert = |index: usize, facility: Facility| Edit::Insert {
            index,
            facility: Box::new(facility),
        };
        for step in 0..7 {
            let edit = match step {
                0 => replace(&full, 3, "改名三"),
                1 => insert(10, added(1)),
                2 => remove(&full, 20),
                3 => Edit::Batch(vec![insert(0, added(2)), {
                    let mut shifted = full.clone();
                    shifted.insert(0, added(2));
                    replace(&shifted, 31, "改名三十一")
                }]),
                4 => replace(&full, 40, "改名四十"),
                5 => remove(&full, 4),
                _ => insert(full.len(), added(3)),
            };
            history.apply(edit, &mut full).unwrap();
        }
        let mut now = full.clone();
        history.undo(&mut now).unwrap();
        history.undo(&mut now).unwrap();
        let without = |list: &[Facility], id: &FacilityId| -> Vec<Facility> {
            list.iter().filter(|f| &f.id != id).cloned().collect()
        };
        for removed_at in 0..now.len() {
            let mut list = now.clone();
            let mut history = history.clone();
            let gone = list.remove(removed_at);
            history.removed_elsewhere(removed_at);
            while history.undo(&mut list).unwrap().is_some() {}
            assert_eq!(
                list,
                without(&original, &gone.id),
                "undo after removing {}",
                gone.id
            );
            while history.redo(&mut list).unwrap().is_some() {}
            assert_eq!(
                list,
                without(&full, &gone.id),
                "redo after removing {}",
                gone.id
            );
        }
    }

    #[test]
    fn undo_and_redo_walk_back_and_forth_through_every_edit() {
        let original = bundled();
        let mut facilities = original.clone();
        let mut history = History::default();
        let first = facilities[0].clone();
        history
            .apply(
                Edit::Replace {
                    index: 0,
                    before: Box::new(first.clone()),
                    after: Box::new(renamed(&first, "新名字")),
                },
                &mut facilities,
            )
            .unwrap();
        let mut added = first.clone();
        added.id = FacilityId("new-01".into());
        history
            .apply(
                Edit::Insert {
                    index: facilities.len(),
                    facility: Box::new(added),
                },
                &mut facilities,
            )
            .unwrap();
        let removed = facilities[3].clone();
        history
            .apply(
                Edit::Remove {
                    index: 3,
                    facility: Box::new(removed),
                },
                &mut facilities,
            )
            .unwrap();
        let edited = facilities.clone();
        assert_eq!(edited.len(), original.len());
        assert_eq!(edited[0].name_zh, "新名字");

        for _ in 0..3 {
            assert!(history.undo(&mut facilities).unwrap().is_some());
        }
        assert_eq!(facilities, original);
        assert!(history.undo(&mut facilities).unwrap().is_none());
        for _ in 0..3 {
            assert!(history.redo(&mut facilities).unwrap().is_some());
        }
        assert_eq!(facilities, edited);
    }

    #[test]
    fn undoing_back_to_the_saved_state_is_clean_again() {
        let mut facilities = bundled();
        let mut history = History::default();
        assert!(!history.is_dirty());
        let first = facilities[0].clone();
        history
            .apply(
                Edit::Replace {
                    index: 0,
                    before: Box::new(first.clone()),
                    after: Box::new(renamed(&first, "甲")),
                },
                &mut facilities,
            )
            .unwrap();
        assert!(history.is_dirty());
        history.undo(&mut facilities).unwrap();
        assert!(!history.is_dirty());
        history.redo(&mut facilities).unwrap();
        history.mark_saved();
        assert!(!history.is_dirty());
        history.undo(&mut facilities).unwrap();
        assert!(history.is_dirty(), "the file holds the edited state");
    }

    #[test]
    fn a_new_edit_after_undo_discards_the_redo_stack() {
        let mut facilities = bundled();
        let mut history = History::default();
        let first = facilities[0].clone();
        let edit = |name: &str| Edit::Replace {
            index: 0,
            before: Box::new(first.clone()),
            after: Box::new(renamed(&first, name)),
        };
        history.apply(edit("甲"), &mut facilities).unwrap();
        history.undo(&mut facilities).unwrap();
        history.apply(edit("乙"), &mut facilities).unwrap();
        assert!(history.next_redo().is_none());
        assert_eq!(facilities[0].name_zh, "乙");
    }

    #[test]
    fn an_edit_that_does_not_fit_the_list_changes_nothing() {
        let mut facilities = bundled();
        let before = facilities.clone();
        let mut history = History::default();
        let stranger = renamed(&facilities[1], "x");
        let wrong = Edit::Remove {
            index: 0,
            facility: Box::new(stranger),
        };
        assert!(matches!(
            history.apply(wrong, &mut facilities),
            Err(EditError::Mismatch { .. })
        ));
        let duplicate = Edit::Insert {
            index: 0,
            facility: Box::new(facilities[5].clone()),
        };
        assert!(matches!(
            history.apply(duplicate, &mut facilities),
            Err(EditError::DuplicateId(_))
        ));
        let mut fresh = facilities[5].clone();
        fresh.id = FacilityId("fresh".into());
        let half_bad = Edit::Batch(vec![
            Edit::Insert {
                index: 0,
                facility: Box::new(fresh.clone()),
            },
            Edit::Insert {
                index: 0,
                facility: Box::new(fresh),
            },
        ]);
        assert!(history.apply(half_bad, &mut facilities).is_err());
        assert_eq!(facilities, before);
        assert!(!history.is_dirty());
    }

    #[test]
    fn restoring_a_hundred_thousand_facilities_in_one_batch_completes_and_still_refuses_duplicates()
    {
        // Shaped like a restore of a recovery copy: remove everything, insert the copy.
        let template = bundled().remove(0);
        let copy: Vec<Facility> = (0..100_000)
            .map(|n| with_id(&template, &format!("f-{n}")))
            .collect();
        let mut facilities = bundled();
        let restore = Edit::replace_all(&facilities, copy.iter().cloned());
        restore.apply(&mut facilities).unwrap();
        assert_eq!(facilities, copy);
        // Undo brings the old list back; a batch re-adding an existing id fails as a whole.
        let before = bundled();
        restore.inverse().apply(&mut facilities).unwrap();
        assert_eq!(facilities, before);
        let clash = Edit::Batch(vec![
            Edit::Insert {
                index: 0,
                facility: Box::new(with_id(&template, "new")),
            },
            Edit::Replace {
                index: 0,
                before: Box::new(with_id(&template, "new")),
                after: Box::new(before[3].clone()),
            },
        ]);
        assert!(matches!(
            clash.apply(&mut facilities),
            Err(EditError::DuplicateId(_))
        ));
        assert_eq!(facilities, before);
    }

    #[test]
    fn edits_made_while_a_save_runs_stay_unsaved() {
        let mut facilities = bundled();
        let mut history = History::default();
        let first = renamed(&facilities[0], "一");
        history
            .apply(
                Edit::Replace {
                    index: 0,
                    before: Box::new(facilities[0].clone()),
                    after: Box::new(first.clone()),
                },
                &mut facilities,
            )
            .unwrap();
        let saving = history.position();
        history
            .apply(
                Edit::Replace {
                    index: 0,
                    before: Box::new(first.clone()),
                    after: Box::new(renamed(&first, "二")),
                },
                &mut facilities,
            )
            .unwrap();
        history.mark_saved_at(saving);
        assert!(history.is_dirty(), "the second edit is not in the file");
        history.undo(&mut facilities).unwrap();
        assert!(!history.is_dirty(), "undoing it returns to the saved state");
    }

    #[test]
    fn the_saved_state_is_rebuilt_by_undoing_on_a_copy() {
        let saved = bundled();
        let mut facilities = saved.clone();
        let mut history = History::default();
        let replace = |facilities: &[Facility], name: &str| Edit::Replace {
            index: 1,
            before: Box::new(facilities[1].clone()),
            after: Box::new(renamed(&facilities[1], name)),
        };
        history
            .apply(replace(&facilities, "甲"), &mut facilities)
            .unwrap();
        assert_eq!(history.saved_state(&facilities).unwrap(), saved);
        history.mark_saved();
        let at_save = facilities.clone();
        history
            .apply(replace(&facilities, "乙"), &mut facilities)
            .unwrap();
        assert_eq!(history.saved_state(&facilities).unwrap(), at_save);
        // Undo past the save and edit otherwise: the saved state is off the path.
        history.undo(&mut facilities).unwrap();
        history.undo(&mut facilities).unwrap();
        history
            .apply(replace(&facilities, "丙"), &mut facilities)
            .unwrap();
        assert!(history.saved_state(&facilities).is_none());
    }
}
