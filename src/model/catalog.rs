//! The loaded set of facilities with lookups by id, per-category counts and extents.

use std::cmp::Ordering;
use std::sync::Arc;

use geo::{Coord, Rect};

use super::category::Category;
use super::facility::{Facility, FacilityId};
use super::filter::CategoryFilter;

/// A catalog index as stored in `by_id` (4 billion facilities are out of reach anyway).
fn stored(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// All facilities of one data file, indexed for the UI.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Shared with a save running on another thread; an edit meanwhile copies it first.
    facilities: Arc<Vec<Facility>>,
    /// Catalog indices sorted by id (then index): lookups by id in O(log n) at 4 bytes per
    /// facility (a hash map of ids took about 55).
    by_id: Vec<u32>,
    count_by_category: [usize; Category::ALL.len()],
}

impl Catalog {
    /// Builds the indexes. Ids are assumed unique (the loader guarantees it); on a
    /// duplicate, the first facility wins the lookup.
    pub fn new(facilities: Vec<Facility>) -> Self {
        let mut count_by_category = [0; Category::ALL.len()];
        for facility in &facilities {
            if let Some(count) = count_by_category.get_mut(facility.category.index()) {
                *count += 1;
            }
        }
        let mut by_id: Vec<u32> = (0..stored(facilities.len())).collect();
        by_id.sort_unstable_by(|&a, &b| {
            let id = |i: u32| facilities.get(i as usize).map(|f| &f.id);
            id(a).cmp(&id(b)).then(a.cmp(&b))
        });
        Self {
            facilities: Arc::new(facilities),
            by_id,
            count_by_category,
        }
    }

    /// Changes the facility list in place (e.g. applies an edit) and rebuilds the indexes.
    pub fn modify<R>(&mut self, change: impl FnOnce(&mut Vec<Facility>) -> R) -> R {
        let mut facilities = Arc::unwrap_or_clone(std::mem::take(&mut self.facilities));
        let result = change(&mut facilities);
        *self = Catalog::new(facilities);
        result
    }

    /// Changes the facility at `index` alone (a single edit: rename, move, hours; adding or
    /// removing one): `change` may only write that slot, insert one facility at `index`
    /// (at the end: a push) or remove the one at `index`. The id index and counts are then
    /// kept without a rebuild — O(1) for a changed slot, O(n) integer steps when the later
    /// facilities move — and anything else (another slot moved, the id changed, a duplicate
    /// id) rebuilds them as [`Catalog::modify`] does.
    pub fn modify_one<R>(
        &mut self,
        index: usize,
        change: impl FnOnce(&mut Vec<Facility>) -> R,
    ) -> R {
        let before = self
            .facilities
            .get(index)
            .map(|f| (f.id.clone(), f.category));
        let next_id = self.facilities.get(index + 1).map(|f| f.id.clone());
        let len = self.facilities.len();
        let place_before = before.as_ref().and_then(|(id, _)| self.place_of(id, index));
        let result = change(Arc::make_mut(&mut self.facilities));
        let after = self
            .facilities
            .get(index)
            .map(|f| (f.id.clone(), f.category));
        let new_len = self.facilities.len();
        let moved_up = self.facilities.get(index + 1).map(|f| f.id.clone());
        // Which categories lost and gained a facility, once the id index is right.
        let counted = match (&before, &after) {
            (Some((id_before, category_before)), Some((id_after, category_after)))
                if new_len == len =>
            {
                (id_before == id_after).then_some((Some(*category_before), Some(*category_after)))
            }
            // Removed in the middle: the next facility moved into the slot.
            (Some((_, category_before)), Some((id_after, _))) if new_len + 1 == len => {
                (Some(id_after) == next_id.as_ref()
                    && place_before.is_some_and(|place| {
                        self.take_out(place, index);
                        true
                    }))
                .then_some((Some(*category_before), None))
            }
            // Inserted in the middle: the former facility moved one up.
            (Some((id_before, _)), Some((id_after, category_after))) if new_len == len + 1 => {
                (moved_up.as_ref() == Some(id_before) && self.put_in(index, id_after))
                    .then_some((None, Some(*category_after)))
            }
            (None, Some((id, category))) => {
                (new_len == len + 1 && index == len && self.put_in(index, id))
                    .then_some((None, Some(*category)))
            }
            (Some((_, category)), None) => (new_len + 1 == len
                && index == new_len
                && place_before.is_some_and(|place| {
                    self.take_out(place, index);
                    true
                }))
            .then_some((Some(*category), None)),
            (None, None) => (new_len == len).then_some((None, None)),
            (Some(_), Some(_)) => None,
        };
        let Some((category_before, category_after)) = counted else {
            let facilities = Arc::unwrap_or_clone(std::mem::take(&mut self.facilities));
            *self = Catalog::new(facilities);
            return result;
        };
        if category_before != category_after {
            if let Some(count) =
                category_before.and_then(|c| self.count_by_category.get_mut(c.index()))
            {
                *count = count.saturating_sub(1);
            }
            if let Some(count) =
                category_after.and_then(|c| self.count_by_category.get_mut(c.index()))
            {
                *count += 1;
            }
        }
        result
    }

    /// The id index after the facility at `index` (at `place` in `by_id`) left the list: its
    /// entry goes, the later facilities' indices move down by one.
    fn take_out(&mut self, place: usize, index: usize) {
        if place < self.by_id.len() {
            self.by_id.remove(place);
        }
        let index = stored(index);
        for later in &mut self.by_id {
            if *later > index {
                *later -= 1;
            }
        }
    }

    /// The id index after facility `id` came into the list at `index`: the later facilities'
    /// indices move up by one and it joins — unless its id is taken (false: rebuild).
    fn put_in(&mut self, index: usize, id: &FacilityId) -> bool {
        let index = stored(index);
        for later in &mut self.by_id {
            if *later >= index {
                *later += 1;
            }
        }
        if self.index_of(id).is_some() {
            return false;
        }
        let place = self.first_place(id);
        self.by_id.insert(place, index);
        true
    }

    /// Removes the facility at `index` (a colleague's delete), keeping the id index and
    /// counts in O(n) integer steps (see [`Catalog::modify_one`]). `None` when there is no
    /// such facility.
    pub fn remove_at(&mut self, index: usize) -> Option<Facility> {
        if index >= self.facilities.len() {
            return None;
        }
        Some(self.modify_one(index, |list| list.remove(index)))
    }

    /// The list itself, shared (O(1)): a save on another thread writes it while the user
    /// goes on editing (the first edit then copies the list).
    pub fn shared(&self) -> Arc<Vec<Facility>> {
        Arc::clone(&self.facilities)
    }

    /// Every facility, in file order.
    pub fn facilities(&self) -> &[Facility] {
        &self.facilities
    }

    /// Number of facilities.
    pub fn len(&self) -> usize {
        self.facilities.len()
    }

    /// Whether there are no facilities.
    pub fn is_empty(&self) -> bool {
        self.facilities.is_empty()
    }

    /// The first place in `by_id` whose facility's id is not less than `id`.
    fn first_place(&self, id: &FacilityId) -> usize {
        self.by_id.partition_point(|&i| {
            self.facilities
                .get(i as usize)
                .is_some_and(|f| f.id.cmp(id) == Ordering::Less)
        })
    }

    /// The place in `by_id` of facility `index`, whose id is `id`.
    fn place_of(&self, id: &FacilityId, index: usize) -> Option<usize> {
        let first = self.first_place(id);
        let mut same_id = self
            .by_id
            .get(first..)?
            .iter()
            .take_while(|&&i| self.facilities.get(i as usize).is_some_and(|f| &f.id == id));
        same_id
            .position(|&i| i as usize == index)
            .map(|offset| first + offset)
    }

    /// Position of a facility in [`Catalog::facilities`] (the first, should ids repeat).
    pub fn index_of(&self, id: &FacilityId) -> Option<usize> {
        let index = *self.by_id.get(self.first_place(id))? as usize;
        (self.facilities.get(index).map(|f| &f.id) == Some(id)).then_some(index)
    }

    /// Looks a facility up by id.
    pub fn by_id(&self, id: &FacilityId) -> Option<&Facility> {
        self.index_of(id).and_then(|i| self.facilities.get(i))
    }

    /// Number of facilities of a category.
    pub fn count(&self, category: Category) -> usize {
        self.count_by_category
            .get(category.index())
            .copied()
            .unwrap_or(0)
    }

    /// Number of facilities the filter lets through.
    pub fn visible_count(&self, filter: &CategoryFilter) -> usize {
        Category::ALL
            .into_iter()
            .filter(|&c| filter.is_visible(c))
            .map(|c| self.count(c))
            .sum()
    }

    /// Facilities that mention `mention` in the article (see [`Facility::article_mention`]).
    pub fn with_mention<'a>(&'a self, mention: &'a str) -> impl Iterator<Item = &'a Facility> {
        self.facilities
            .iter()
            .filter(move |f| f.article_mention.as_deref() == Some(mention))
    }

    /// The distinct article mentions of all facilities, in file order.
    pub fn mentions(&self) -> Vec<String> {
        let mut mentions: Vec<String> = Vec::new();
        for mention in self
            .facilities
            .iter()
            .filter_map(|f| f.article_mention.as_ref())
        {
            if !mentions.iter().any(|known| known == mention) {
                mentions.push(mention.to_string());
            }
        }
        mentions
    }

    /// Bounding box of the given facilities, or `None` when there are none.
    pub fn extent<'a>(facilities: impl IntoIterator<Item = &'a Facility>) -> Option<Rect<f64>> {
        facilities
            .into_iter()
            .filter_map(|f| f.geometry.bounds())
            .reduce(|a, b| {
                Rect::new(
                    Coord {
                        x: a.min().x.min(b.min().x),
                        y: a.min().y.min(b.min().y),
                    },
                    Coord {
                        x: a.max().x.max(b.max().x),
                        y: a.max().y.max(b.max().y),
                    },
                )
            })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn removing_one_in_the_middle_keeps_lookups_and_counts_as_a_new_catalog_would() {
        let facilities =
            crate::model::io::load::parse_facilities(crate::model::BUNDLED_FACILITIES, "b")
                .unwrap();
        let mut catalog = super::Catalog::new(facilities.clone());
        let mut expected = facilities;
        for index in [5, 0, 30] {
            let removed = catalog.remove_at(index).unwrap();
            assert_eq!(removed, expected.remove(index));
            let fresh = super::Catalog::new(expected.clone());
            assert_eq!(catalog.facilities(), fresh.facilities());
            for f in fresh.facilities() {
                assert_eq!(catalog.index_of(&f.id), fresh.index_of(&f.id), "{}", f.id);
            }
            assert_eq!(catalog.index_of(&removed.id), None);
            for category in crate::model::Category::ALL {
                assert_eq!(catalog.count(category), fresh.count(category));
            }
        }
        assert!(catalog.remove_at(1000).is_none());
    }

    #[test]
    fn inserting_one_in_the_middle_keeps_lookups_and_counts_as_a_new_catalog_would() {
        let facilities =
            crate::model::io::load::parse_facilities(crate::model::BUNDLED_FACILITIES, "b")
                .unwrap();
        let mut catalog = super::Catalog::new(facilities.clone());
        let mut expected = facilities.clone();
        for (n, index) in [5, 0, 30].into_iter().enumerate() {
            let mut new = facilities[n].clone();
            new.id.0 = format!("inserted-{n}").into();
            new.category = crate::model::Category::NightMarket;
            catalog.modify_one(index, |list| list.insert(index, new.clone()));
            expected.insert(index, new);
            let fresh = super::Catalog::new(expected.clone());
            assert_eq!(catalog.facilities(), fresh.facilities());
            for f in fresh.facilities() {
                assert_eq!(catalog.index_of(&f.id), fresh.index_of(&f.id), "{}", f.id);
            }
            for category in crate::model::Category::ALL {
                assert_eq!(catalog.count(category), fresh.count(category));
            }
        }
        // A second facility with a taken id: the lookup finds the first, as a rebuild does.
        let twin = facilities[10].clone();
        catalog.modify_one(3, |list| list.insert(3, twin.clone()));
        expected.insert(3, twin.clone());
        let fresh = super::Catalog::new(expected);
        assert_eq!(catalog.index_of(&twin.id), fresh.index_of(&twin.id));
    }

    #[test]
    fn changing_one_facility_in_place_keeps_lookups_and_counts_as_a_full_rebuild_would() {
        let facilities =
            crate::model::io::load::parse_facilities(crate::model::BUNDLED_FACILITIES, "b")
                .unwrap();
        let mut catalog = Catalog::new(facilities);
        let index = 3;
        catalog.modify_one(index, |list| {
            list[index].name_zh = "改名".into();
            list[index].category = Category::ServiceStation;
        });
        let rebuilt = Catalog::new(catalog.facilities().to_vec());
        for category in Category::ALL {
            assert_eq!(
                catalog.count(category),
                rebuilt.count(category),
                "{category:?}"
            );
        }
        let id = catalog.facilities()[index].id.clone();
        assert_eq!(catalog.index_of(&id), Some(index));
        // A change that removes a facility falls back to the full rebuild.
        catalog.modify_one(index, |list| {
            list.remove(index);
        });
        assert_eq!(catalog.index_of(&id), None);
        assert_eq!(catalog.len(), rebuilt.len() - 1);
    }

    #[test]
    fn adding_at_the_end_and_removing_the_last_keep_lookups_and_counts() {
        let facilities =
            crate::model::io::load::parse_facilities(crate::model::BUNDLED_FACILITIES, "b")
                .unwrap();
        let mut catalog = Catalog::new(facilities);
        let mut added = catalog.facilities()[0].clone();
        added.id = FacilityId("added-at-the-end".into());
        let end = catalog.len();
        catalog.modify_one(end, |list| list.push(added.clone()));
        let rebuilt = Catalog::new(catalog.facilities().to_vec());
        assert_eq!(catalog.index_of(&added.id), Some(end));
        for category in Category::ALL {
            assert_eq!(catalog.count(category), rebuilt.count(category));
        }
        catalog.modify_one(end, |list| list.pop());
        assert_eq!(catalog.index_of(&added.id), None);
        assert_eq!(catalog.len(), end);
        assert_eq!(
            catalog.count(added.category),
            rebuilt.count(added.category) - 1
        );
    }

    use super::*;
    use crate::model::article::{Article, BUNDLED_ARTICLE};
    use crate::model::district::{BUNDLED_DISTRICTS, parse_districts};
    use crate::model::io::load::parse_facilities;
    use crate::model::{BUNDLED_FACILITIES, BUNDLED_ORIGIN, Precision};
    use geo::Contains;

    fn bundled() -> Catalog {
        Catalog::new(parse_facilities(BUNDLED_FACILITIES, BUNDLED_ORIGIN).unwrap())
    }

    #[test]
    fn bundled_data_has_the_article_counts() {
        let catalog = bundled();
        assert_eq!(catalog.count(Category::SchoolPost), 16);
        assert_eq!(catalog.count(Category::FruitVendorArea), 10);
        assert_eq!(catalog.count(Category::ConvenienceSalesPoint), 10);
        assert_eq!(catalog.count(Category::ServiceStation), 1);
        assert_eq!(catalog.count(Category::NightMarket), 1);
        assert_eq!(catalog.count(Category::StreetLights), 1);
        assert_eq!(catalog.count(Category::SedimentationPond), 1);
        assert_eq!(catalog.count(Category::WaterSupply), 1);
        assert!(catalog.count(Category::DrainageRepair) >= 1);
    }

    #[test]
    fn every_bundled_facility_has_the_geometry_its_category_expects() {
        for f in bundled().facilities() {
            assert_eq!(f.geometry.kind(), f.category.geometry_kind(), "{}", f.id);
        }
    }

    #[test]
    fn every_bundled_vertex_lies_inside_zhongzhan_district() {
        let districts = parse_districts(BUNDLED_DISTRICTS).unwrap();
        let zhongzhan = districts.iter().find(|d| d.is_zhongzhan()).unwrap();
        for facility in bundled().facilities() {
            for coord in facility.geometry.coords() {
                assert!(
                    zhongzhan.boundary.contains(&coord),
                    "{} has a vertex outside the district: {coord:?}",
                    facility.id
                );
            }
        }
    }

    #[test]
    fn bundled_positions_are_honestly_marked_as_not_surveyed() {
        for facility in bundled().facilities() {
            assert_ne!(
                facility.provenance.precision,
                Precision::Surveyed,
                "{}",
                facility.id
            );
            assert!(!facility.provenance.method.is_empty(), "{}", facility.id);
        }
    }

    #[test]
    fn every_source_quote_and_mention_occurs_in_the_article() {
        let article = Article::parse(BUNDLED_ARTICLE);
        let all_text: String = article.blocks.iter().map(|b| b.text.as_str()).collect();
        let catalog = bundled();
        for facility in catalog.facilities() {
            assert!(
                all_text.contains(&*facility.provenance.source_quote),
                "{}: quote not in article",
                facility.id
            );
            assert!(facility.article_mention.is_some(), "{}", facility.id);
        }
        let mut linked = article.clone();
        let mentions = catalog.mentions();
        linked.link_mentions(&mentions);
        assert!(linked.missing_mentions(&mentions).is_empty());
    }

    #[test]
    fn counts_follow_the_filter() {
        let catalog = bundled();
        let mut filter = CategoryFilter::default();
        assert_eq!(catalog.visible_count(&filter), catalog.len());
        filter.set_visible(Category::SchoolPost, false);
        assert_eq!(catalog.visible_count(&filter), catalog.len() - 16);
    }

    #[test]
    fn a_mention_finds_all_its_facilities() {
        let catalog = bundled();
        assert_eq!(catalog.with_mention("16处护学岗").count(), 16);
        assert_eq!(catalog.with_mention("福多多小区").count(), 1);
        assert_eq!(catalog.with_mention("nothing").count(), 0);
    }
}
