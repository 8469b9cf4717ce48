//! Edits of one facility (rename, move, hours — what staff do most — adding one at the end and
//! removing the last, e.g. undoing that; and a colleague's change on the shared database):
//! only what depends on that facility is updated — its shape, name rank, schedule, spatial
//! entry, list place, "open now" state — in O(log n), instead of rebuilding every index.
//! A removal or an insertion in the middle (a delete, undoing it, a colleague's delete)
//! shifts the later indices in place in integer steps (for a colleague's delete, the undo
//! history's too). Batches and replacements that change an id still rebuild (`editing.rs`,
//! `data.rs`).

use super::MapApp;
use crate::model::Facility;
use crate::model::edit::history::Edit;

impl MapApp {
    /// After an edit that changed only the facility at `index` (same id, same place; `before`
    /// is how it was): updates what depends on that facility alone — its shape, name rank,
    /// schedule, spatial entry, list place and "open now" state — instead of rebuilding
    /// everything, so an edit costs the same at 44 or 300 000 facilities (`cargo bench
    /// --bench files -- edit_in_app`). The clusters are rebuilt only when its symbol moved.
    pub(super) fn after_edit_in_place(&mut self, index: usize, before: Option<&Facility>) {
        self.refresh_in_place(index, before);
        let len = self.data.catalog.len();
        self.selected = if index < len {
            Some(index)
        } else {
            self.selected.filter(|&selected| selected < len)
        };
        if self.after_edit_selection() {
            self.refresh_list();
        }
        self.sync_form();
        self.editing.recovery_due = true;
    }

    /// Takes clusters built in the background; builds again if edits came meanwhile.
    pub(super) fn poll_clusters(&mut self) {
        if self.data.poll_clusters() {
            self.rebuild_clusters_soon();
        }
    }

    /// What depends on the facility at `index` alone, after it changed in place (an edit, or
    /// a colleague's change on the shared database); the selection is left as it is.
    pub(super) fn refresh_in_place(&mut self, index: usize, before: Option<&Facility>) {
        let anchor_moved = self.data.replace_one(index, before, self.prepared_datum);
        let after = self.data.catalog.facilities().get(index);
        let listed_changed = listed(before) != listed(after);
        let mention_changed = mention(before) != mention(after);
        let closed_now = self.closed_now(index);
        let closed_changed = if closed_now {
            self.closed.insert(index)
        } else {
            self.closed.remove(&index)
        };
        let filter_changed = closed_changed && self.view.open_now_only;
        if anchor_moved || filter_changed {
            self.rebuild_clusters_soon();
        }
        if mention_changed {
            let mentions = self.data.catalog.mentions();
            self.article.link_mentions(&mentions);
        }
        if listed_changed || filter_changed {
            self.reposition_in_list(index);
        }
        if let Some(point) = self.nearby.as_ref().map(|n| n.point) {
            self.set_reference_point(point);
        }
    }
}

impl MapApp {
    /// Takes out facility `id`, removed by someone else (a colleague's delete on the shared
    /// database), in O(n) integer steps with no index rebuilt but the clusters (see
    /// `after_removal_elsewhere`); the undo history is moved past it. Returns
    /// whether it was there. Public for the benchmarks (`cargo bench --bench files --
    /// colleague_removal`).
    pub fn forget_removed_elsewhere(&mut self, id: &crate::model::FacilityId) -> bool {
        let Some(index) = self.data.catalog.index_of(id) else {
            return false;
        };
        let Some(removed) = self.data.remove_one(index) else {
            return false;
        };
        self.after_removal_elsewhere(index, &removed);
        true
    }

    /// After a colleague removed the facility at `index` from the middle of the catalog
    /// ([`super::data::LoadedData::remove_one`] has updated the data's indexes): the window's
    /// indices move down past it ([`MapApp::shift_after_removal`]) and so do the undo
    /// history's, whose edits are the user's own and were made with it still there.
    pub(super) fn after_removal_elsewhere(&mut self, index: usize, removed: &Facility) {
        self.editing.history.removed_elsewhere(index);
        self.shift_after_removal(index, removed);
    }

    /// After the facility at `index` left the middle of the catalog (the data's indexes are
    /// updated): every index the window holds moves down by one past it — selection, list,
    /// "open now" state — in integer steps, instead of rebuilding everything; the clusters
    /// are rebuilt (on a worker from 2 000 facilities).
    fn shift_after_removal(&mut self, index: usize, removed: &Facility) {
        let shift = |i: usize| if i > index { i - 1 } else { i };
        self.closed = self
            .closed
            .iter()
            .filter(|&&i| i != index)
            .map(|&i| shift(i))
            .collect();
        self.selected = self.selected.filter(|&i| i != index).map(shift);
        self.shown_order.retain(|&i| i != index);
        for i in &mut self.shown_order {
            *i = shift(*i);
        }
        self.rebuild_clusters_soon();
        if removed.article_mention.is_some() {
            let mentions = self.data.catalog.mentions();
            self.article.link_mentions(&mentions);
        }
        self.apply_search();
        if let Some(point) = self.nearby.as_ref().map(|n| n.point) {
            self.set_reference_point(point);
        }
    }

    /// After a facility was inserted at `index` in the middle of the catalog (the data's
    /// indexes are updated): every index the window holds moves up by one from it, the new
    /// facility takes its place in the list and is selected (as after any edit), and the
    /// clusters are rebuilt.
    fn shift_after_insertion(&mut self, index: usize) {
        let shift = |i: usize| if i >= index { i + 1 } else { i };
        self.closed = self.closed.iter().map(|&i| shift(i)).collect();
        self.selected = self.selected.map(shift);
        for i in &mut self.shown_order {
            *i = shift(*i);
        }
        let closed_now = self.closed_now(index);
        if closed_now {
            self.closed.insert(index);
        }
        self.rebuild_clusters_soon();
        let inserted = self.data.catalog.facilities().get(index);
        if inserted.is_some_and(|f| f.article_mention.is_some()) {
            let mentions = self.data.catalog.mentions();
            self.article.link_mentions(&mentions);
        }
        self.reposition_in_list(index);
        if let Some(point) = self.nearby.as_ref().map(|n| n.point) {
            self.set_reference_point(point);
        }
    }

    /// Whether facility `index` is closed at the moment shown (its hours or season).
    fn closed_now(&self, index: usize) -> bool {
        let moment = self.moment();
        self.data
            .schedules
            .binary_search_by_key(&index, |(i, _)| *i)
            .ok()
            .and_then(|at| self.data.schedules.get(at))
            .is_some_and(|(_, schedule)| !schedule.at(moment).passes_open_filter())
    }

    /// New clusters soon, leaving closed facilities out while "open now" is on.
    fn rebuild_clusters_soon(&mut self) {
        let excluded = self
            .view
            .open_now_only
            .then_some(&self.closed)
            .filter(|closed| !closed.is_empty());
        let wake = self.editing.repaint.clone();
        self.data.rebuild_clusters_soon(excluded, wake);
    }

    /// After an edit of the user's that changed one facility (see [`in_place`]): only what
    /// depends on it is updated, the later indices shifted when it came or went in the middle.
    pub(super) fn after_one_change(&mut self, change: OneChange) {
        match change {
            OneChange::Slot { index, before } => self.after_edit_in_place(index, before.as_ref()),
            OneChange::Removed { index, facility } => {
                self.data.after_removal(index, &facility);
                self.shift_after_removal(index, &facility);
                self.after_edit_selection();
                self.sync_form();
                self.editing.recovery_due = true;
            }
            OneChange::Inserted { index } => {
                self.data.after_insertion(index, self.prepared_datum);
                self.shift_after_insertion(index);
                self.selected = Some(index);
                if self.after_edit_selection() {
                    self.refresh_list();
                }
                self.sync_form();
                self.editing.recovery_due = true;
            }
        }
    }
}

/// How one edit changes the list when it changes one facility.
#[derive(Debug)]
pub(super) enum OneChange {
    /// The facility at `index` changed in place, was added at the end or removed from the end
    /// (`before`: how it was; `None`: it was added).
    Slot {
        /// Its place in the list.
        index: usize,
        /// How it was.
        before: Option<Facility>,
    },
    /// The facility at `index` was removed from the middle: the later ones moved down.
    Removed {
        /// Where it was.
        index: usize,
        /// The facility removed.
        facility: Facility,
    },
    /// A facility was inserted at `index` in the middle: the later ones moved up.
    Inserted {
        /// Where it is now.
        index: usize,
    },
}

impl OneChange {
    /// The place in the list the edit changes.
    pub(super) fn index(&self) -> usize {
        match self {
            OneChange::Slot { index, .. }
            | OneChange::Removed { index, .. }
            | OneChange::Inserted { index } => *index,
        }
    }
}

/// What the list shows of a facility and sorts and searches it by.
fn listed(facility: Option<&Facility>) -> Option<(crate::model::Category, &str, &str, &str)> {
    facility.map(|f| {
        (
            f.category,
            f.name_zh.as_str(),
            f.name_en.as_str(),
            f.address_zh.as_str(),
        )
    })
}

/// The article mention a facility links to.
fn mention(facility: Option<&Facility>) -> Option<&str> {
    facility.and_then(|f| f.article_mention.as_deref())
}

/// How `edit`, applied to a list of `len` facilities, changes one facility: a replacement
/// keeping the id and place (rename, move, hours), an addition or a removal anywhere.
/// [`MapApp::after_one_change`] handles these without rebuilding every index; batches and
/// replacements changing the id return `None` (they rebuild).
pub(super) fn in_place(edit: &Edit, len: usize) -> Option<OneChange> {
    match edit {
        Edit::Replace {
            index,
            before,
            after,
        } if before.id == after.id => Some(OneChange::Slot {
            index: *index,
            before: Some((**before).clone()),
        }),
        Edit::Insert { index, .. } if *index == len => Some(OneChange::Slot {
            index: *index,
            before: None,
        }),
        Edit::Insert { index, .. } if *index < len => Some(OneChange::Inserted { index: *index }),
        Edit::Remove { index, facility } if *index + 1 == len => Some(OneChange::Slot {
            index: *index,
            before: Some((**facility).clone()),
        }),
        Edit::Remove { index, facility } if *index < len => Some(OneChange::Removed {
            index: *index,
            facility: (**facility).clone(),
        }),
        Edit::Replace { .. } | Edit::Insert { .. } | Edit::Remove { .. } | Edit::Batch(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{Command, EditCommand};
    use crate::model::io::load::parse_facilities;
    use crate::model::{BUNDLED_FACILITIES, Category, FacilityGeometry};

    /// What the list, map and search show, to compare the in-place path with a full rebuild.
    fn derived(app: &MapApp) -> String {
        let data = &app.data;
        format!(
            "{:?}|{:?}|{:?}|{}|{:?}|{:?}|{:?}|{:?}|{}|{}/{}/{:?}",
            app.list_rows(),
            data.shape_indices,
            data.schedules.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
            data.unsurveyed_count,
            data.names,
            data.search_index
                .search(data.catalog.facilities(), "zhan", &app.shown_order),
            {
                let mut near: Vec<usize> = data
                    .point_index
                    .within_m(
                        geo::Point::new(113.2, 35.25),
                        50_000.0,
                        &crate::model::index::cluster::ALL_VISIBLE,
                    )
                    .iter()
                    .map(|h| h.index)
                    .collect();
                near.sort_unstable();
                near
            },
            data.prepared
                .iter()
                .map(|p| format!("{p:?}"))
                .collect::<String>(),
            {
                let mut closed: Vec<usize> = app.closed.iter().copied().collect();
                closed.sort_unstable();
                format!("{closed:?}")
            },
            data.problems.errors,
            data.problems.warnings,
            data.problems
                .first
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>(),
        )
    }

    /// Applies `command`, then checks that a full rebuild (indexes, open-now state, list)
    /// would derive exactly what the in-place path left.
    fn apply_and_compare_with_a_full_rebuild(app: &mut MapApp, command: EditCommand) {
        app.push_command(Command::Edit(command));
        app.apply_commands();
        let incremental = derived(app);
        app.data.rebuild(app.prepared_datum);
        app.refresh_availability(true);
        app.refresh_list();
        assert_eq!(incremental, derived(app));
    }

    #[test]
    fn edits_of_one_facility_leave_the_same_indexes_as_a_full_rebuild() {
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let mut app = MapApp::with_facilities(facilities, "test", None);
        {
            app.push_command(Command::Edit(EditCommand::SetEditing(true)));
            app.apply_commands();
        }
        let mut changes: Vec<Facility> = Vec::new();
        let facilities = app.data.catalog.facilities().to_vec();
        let mut renamed = facilities[3].clone();
        renamed.name_zh = "阿城路口".into();
        changes.push(renamed);
        let mut moved = facilities[10].clone();
        if let FacilityGeometry::Point(p) = &mut moved.geometry {
            p.0.x += 0.01;
        }
        changes.push(moved);
        let mut recategorised = facilities[20].clone();
        recategorised.category = Category::ServiceStation;
        recategorised.hours = "Mo-Su 00:00-01:00".into();
        changes.push(recategorised);
        for change in changes {
            apply_and_compare_with_a_full_rebuild(
                &mut app,
                EditCommand::UpdateFacility(Box::new(change)),
            );
        }
    }

    #[test]
    fn the_problem_counts_follow_edits_when_many_facilities_have_problems() {
        let mut facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        for facility in &mut facilities {
            facility.valid_from = "not a date".into();
        }
        let mut app = MapApp::with_facilities(facilities, "test", None);
        app.push_command(Command::Edit(EditCommand::SetEditing(true)));
        app.apply_commands();
        let last = app.data.catalog.len() - 1;
        let mut fixed = app.data.catalog.facilities()[last].clone();
        fixed.valid_from = String::new().into();
        let mut worse = app.data.catalog.facilities()[last - 1].clone();
        worse.hours = "not hours".into();
        for change in [fixed, worse] {
            apply_and_compare_with_a_full_rebuild(
                &mut app,
                EditCommand::UpdateFacility(Box::new(change)),
            );
        }
    }

    #[test]
    fn adding_a_facility_and_undoing_and_redoing_it_leave_the_same_indexes_as_a_full_rebuild() {
        use crate::command::EditTool;
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let count = facilities.len();
        let mut app = MapApp::with_facilities(facilities, "test", None);
        let steps = [
            EditCommand::SetEditing(true),
            EditCommand::SetEditTool(EditTool::AddPoint(Category::WaterSupply)),
            EditCommand::AddPointAt(geo::Point::new(113.2, 35.25)),
            EditCommand::Undo,
            EditCommand::Redo,
        ];
        let mut counts = Vec::new();
        for step in steps {
            apply_and_compare_with_a_full_rebuild(&mut app, step);
            counts.push(app.data.catalog.len());
        }
        assert_eq!(counts, [count, count, count + 1, count, count + 1]);
        let added = app.data.catalog.facilities().last().unwrap();
        assert_eq!(app.data.catalog.index_of(&added.id), Some(count));
        assert_eq!(app.selected, Some(count), "the added facility is selected");
    }

    #[test]
    fn a_colleagues_removal_in_the_middle_leaves_the_same_indexes_as_a_full_rebuild_and_undo_works()
    {
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let mut app = MapApp::with_facilities(facilities, "test", None);
        app.push_command(Command::Edit(EditCommand::SetEditing(true)));
        app.apply_commands();
        // The user renames a facility after the one the colleague removes, and selects it.
        let mut renamed = app.data.catalog.facilities()[30].clone();
        let original_name = renamed.name_zh.clone();
        renamed.name_zh = "阿城路口".into();
        let renamed_id = renamed.id.clone();
        app.push_command(Command::Edit(EditCommand::UpdateFacility(Box::new(
            renamed,
        ))));
        app.apply_commands();
        assert_eq!(app.selected, Some(30));
        app.search_text = "lu".to_owned();
        app.apply_search();

        let removed = app.data.catalog.facilities()[12].clone();
        assert!(app.forget_removed_elsewhere(&removed.id));
        assert!(!app.forget_removed_elsewhere(&removed.id), "gone already");
        let incremental = derived(&app);
        assert_eq!(app.data.catalog.index_of(&removed.id), None);
        assert_eq!(
            app.selected_id(),
            Some(&renamed_id),
            "the selection stays on its facility"
        );
        app.data.rebuild(app.prepared_datum);
        app.refresh_availability(true);
        app.refresh_list();
        assert_eq!(incremental, derived(&app));

        app.push_command(Command::Edit(EditCommand::Undo));
        app.apply_commands();
        let index = app.data.catalog.index_of(&renamed_id).unwrap();
        assert_eq!(index, 29);
        assert_eq!(app.data.catalog.facilities()[index].name_zh, original_name);
    }

    #[test]
    fn deleting_in_the_middle_and_undoing_and_redoing_it_leave_the_same_indexes_as_a_full_rebuild()
    {
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let count = facilities.len();
        let mut app = MapApp::with_facilities(facilities, "test", None);
        app.push_command(Command::Edit(EditCommand::SetEditing(true)));
        app.apply_commands();
        app.search_text = "gang".to_owned();
        app.apply_search();
        let deleted = app.data.catalog.facilities()[12].id.clone();
        let later = app.data.catalog.facilities()[30].id.clone();
        let steps = [
            EditCommand::Delete(deleted.clone()),
            EditCommand::Undo,
            EditCommand::Redo,
            EditCommand::Undo,
        ];
        let mut counts = Vec::new();
        for step in steps {
            apply_and_compare_with_a_full_rebuild(&mut app, step);
            counts.push(app.data.catalog.len());
            assert!(app.data.catalog.index_of(&later).is_some());
        }
        assert_eq!(counts, [count - 1, count, count - 1, count]);
        assert_eq!(app.data.catalog.index_of(&deleted), Some(12));
        assert_eq!(
            app.selected,
            Some(12),
            "the facility brought back is selected"
        );
    }
}
