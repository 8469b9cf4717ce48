//! Opening hours in the app: which facilities are closed at the chosen moment (now, or a date
//! and time the user picks), kept up to date minute by minute; the "open now" filter leaves
//! closed facilities out of the map's clusters and the list.

use std::collections::HashSet;

use chrono::{NaiveDateTime, Timelike};

use super::MapApp;
use crate::model::hours::{Availability, availability_at, china_now};

impl MapApp {
    /// The moment hours are evaluated at, to the minute (China Standard Time).
    pub fn moment(&self) -> NaiveDateTime {
        let moment = self.as_of.unwrap_or_else(china_now);
        moment
            .with_second(0)
            .and_then(|m| m.with_nanosecond(0))
            .unwrap_or(moment)
    }

    /// Whether a facility is available at the moment, and why not.
    pub fn availability_of(&self, index: usize) -> Availability {
        availability_at(&self.data.schedules, index, self.moment())
    }

    /// How many facilities the map shows: those of visible categories, less the closed ones
    /// while "open now only" is on.
    pub fn shown_count(&self) -> usize {
        // Counted when the list is rebuilt (filter, hours or data changed), not every frame.
        self.shown_count
    }

    /// The facilities "open now only" leaves out (`None` while it is off).
    pub(super) fn left_out_by_open_now(&self) -> Option<&HashSet<usize>> {
        self.view.open_now_only.then_some(&self.closed)
    }

    /// Shown facilities per category in [`Category::ALL`](crate::model::Category::ALL) order
    /// (the category filter and "open now only").
    pub(super) fn shown_per_category(&self) -> Vec<usize> {
        let left_out = self.left_out_by_open_now();
        let mut counts = vec![0; crate::model::Category::ALL.len()];
        for (i, facility) in self.data.catalog.facilities().iter().enumerate() {
            if self.view.filter.is_visible(facility.category)
                && !left_out.is_some_and(|l| l.contains(&i))
                && let Some(n) = counts.get_mut(facility.category.index())
            {
                *n += 1;
            }
        }
        counts
    }

    /// Number of facilities closed at the moment.
    pub fn closed_count(&self) -> usize {
        self.closed.len()
    }

    /// Recomputes which facilities are closed when the minute changed (or `force`), and
    /// re-filters map and list if that changed what "open now" shows.
    pub(super) fn refresh_availability(&mut self, force: bool) {
        let moment = self.moment();
        if !force && self.availability_minute == Some(moment) {
            return;
        }
        self.availability_minute = Some(moment);
        let closed: HashSet<usize> = self
            .data
            .schedules
            .iter()
            .filter(|(_, schedule)| !schedule.at(moment).passes_open_filter())
            .map(|(index, _)| *index)
            .collect();
        if closed == self.closed && !force {
            return;
        }
        self.closed = closed;
        self.apply_open_filter();
    }

    /// Rebuilds the clusters and the list for the "open now" filter.
    pub(super) fn apply_open_filter(&mut self) {
        let excluded = self
            .view
            .open_now_only
            .then_some(&self.closed)
            .filter(|closed| !closed.is_empty());
        // Rebuild only when the filter removes something now or removed something before.
        if excluded.is_some() || self.data.clusters_exclude_closed {
            self.data.rebuild_clusters(excluded);
        }
        self.refresh_list();
        if let Some(point) = self.nearby.as_ref().map(|n| n.point) {
            self.answer_nearby(point);
        }
        if self.view.open_now_only
            && let Some(selected) = self.selected
            && self.closed.contains(&selected)
        {
            self.selected = None;
        }
    }

    /// Sets the as-of field's text from the moment.
    pub(super) fn sync_as_of_text(&mut self) {
        self.as_of_text = self
            .moment()
            .format(crate::model::time::AS_OF_FORMAT)
            .to_string();
    }
}
