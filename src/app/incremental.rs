//! Edits of one facility in place (rename, move, hours — what staff do most, and what a
//! colleague's change on the shared database is): only what depends on that facility is
//! updated — its shape, search keys, schedule, spatial entry, list place, "open now" state —
//! in O(log n), instead of rebuilding every index. Inserts, removals and batches still
//! rebuild (`editing.rs`, `data.rs`).

use super::MapApp;
use crate::model::Facility;
use crate::model::edit::history::Edit;

impl MapApp {
    /// After an edit that changed only the facility at `index` (same id, same place; `before`
    /// is how it was): updates what depends on that facility alone — its shape, search keys,
    /// schedule, spatial entry, list place and "open now" state — instead of rebuilding
    /// everything, so an edit costs the same at 44 or 300 000 facilities (`cargo bench
    /// --bench files -- edit_in_app`). The clusters are rebuilt only when its symbol moved.
    pub(super) fn after_edit_in_place(&mut self, index: usize, before: &Facility) {
        self.refresh_in_place(index, before);
        self.selected = Some(index);
        if self.after_edit_selection() {
            self.refresh_list();
        }
        self.sync_form();
        self.editing.recovery_due = true;
    }

    /// What depends on the facility at `index` alone, after it changed in place (an edit, or
    /// a colleague's change on the shared database); the selection is left as it is.
    pub(super) fn refresh_in_place(&mut self, index: usize, before: &Facility) {
        let anchor_moved = self.data.replace_one(index, before, self.prepared_datum);
        let Some(after) = self.data.catalog.facilities().get(index) else {
            return;
        };
        let listed_changed = before.category != after.category
            || before.name_zh != after.name_zh
            || before.name_en != after.name_en
            || before.address_zh != after.address_zh;
        let mention_changed = before.article_mention != after.article_mention;
        let moment = self.moment();
        let closed_now = self
            .data
            .schedules
            .binary_search_by_key(&index, |(i, _)| *i)
            .ok()
            .and_then(|at| self.data.schedules.get(at))
            .is_some_and(|(_, schedule)| !schedule.at(moment).passes_open_filter());
        let closed_changed = if closed_now {
            self.closed.insert(index)
        } else {
            self.closed.remove(&index)
        };
        let filter_changed = closed_changed && self.view.open_now_only;
        if anchor_moved || filter_changed {
            let excluded = self
                .view
                .open_now_only
                .then_some(&self.closed)
                .filter(|closed| !closed.is_empty());
            self.data.rebuild_clusters(excluded);
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

/// The index and the facility as it was, when `edit` changes one facility in place (same id,
/// same position): the edits staff make most (rename, move, hours), which
/// [`MapApp::after_edit_in_place`] handles in O(log n).
pub(super) fn in_place(edit: &Edit) -> Option<(usize, Facility)> {
    match edit {
        Edit::Replace {
            index,
            before,
            after,
        } if before.id == after.id => Some((*index, (**before).clone())),
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
            "{:?}|{:?}|{:?}|{}|{:?}|{:?}|{:?}|{:?}|{}",
            app.list_order,
            data.shape_indices,
            data.schedules.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
            data.unsurveyed_count,
            data.search_index.name_keys(),
            data.search_index.search("zhan", &app.shown_order),
            data.point_index
                .nearest(
                    geo::Point::new(113.2, 35.25),
                    &crate::model::index::cluster::ALL_VISIBLE
                )
                .map(|h| h.index),
            data.prepared
                .iter()
                .map(|p| format!("{p:?}"))
                .collect::<String>()
                .len(),
            app.closed.len(),
        )
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
        renamed.name_zh = "阿城路口".to_owned();
        changes.push(renamed);
        let mut moved = facilities[10].clone();
        if let FacilityGeometry::Point(p) = &mut moved.geometry {
            p.0.x += 0.01;
        }
        changes.push(moved);
        let mut recategorised = facilities[20].clone();
        recategorised.category = Category::ServiceStation;
        recategorised.hours = "Mo-Su 00:00-01:00".to_owned();
        changes.push(recategorised);
        for change in changes {
            app.push_command(Command::Edit(EditCommand::UpdateFacility(Box::new(change))));
            app.apply_commands();
            let incremental = derived(&app);
            app.data.rebuild(app.prepared_datum);
            app.refresh_availability(true);
            assert_eq!(incremental, derived(&app));
        }
    }
}
