//! The facilities in name order (pinyin of the Chinese name, then the characters, then the
//! id), kept as two arrays of numbers: each facility's rank and the facilities by rank. The
//! list sorts and places facilities by rank, so no sort key is stored per facility (keys took
//! 70 bytes per facility; ranks take 8); after an edit of one name only the ranks between its
//! old and new place change.

use std::cmp::Ordering;

use super::search::name_sort_key;
use crate::model::facility::Facility;

/// Name ranks of a catalog's facilities (same order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameOrder {
    /// Catalog indices, in name order.
    by_name: Vec<u32>,
    /// Per catalog index, its place in `by_name`.
    rank: Vec<u32>,
}

/// How two facilities compare by name (the key is made once per facility compared).
fn compare_names(a: &Facility, b: &Facility) -> Ordering {
    name_sort_key(&a.name_zh)
        .cmp(&name_sort_key(&b.name_zh))
        .then_with(|| a.name_zh.cmp(&b.name_zh))
        .then_with(|| a.id.cmp(&b.id))
}

/// A catalog index as stored (catalogs beyond 4 billion facilities are out of reach anyway).
fn stored(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

impl NameOrder {
    /// Ranks `facilities` by name: each name's key is made once, O(n log n).
    pub fn new(facilities: &[Facility]) -> Self {
        let mut keyed: Vec<(String, &str, &str, u32)> = facilities
            .iter()
            .enumerate()
            .map(|(i, f)| {
                (
                    name_sort_key(&f.name_zh),
                    &*f.name_zh,
                    f.id.as_str(),
                    stored(i),
                )
            })
            .collect();
        keyed.sort_unstable();
        let by_name: Vec<u32> = keyed.into_iter().map(|(.., i)| i).collect();
        let mut order = Self {
            rank: vec![0; by_name.len()],
            by_name,
        };
        order.renumber(0, order.by_name.len());
        order
    }

    /// The rank of facility `index` (0 = first by name); past the end: after every other.
    pub fn rank(&self, index: usize) -> u32 {
        self.rank.get(index).copied().unwrap_or(u32::MAX)
    }

    /// How many facilities are ranked.
    pub fn len(&self) -> usize {
        self.rank.len()
    }

    /// Whether no facility is ranked.
    pub fn is_empty(&self) -> bool {
        self.rank.is_empty()
    }

    /// Sets `rank` from `by_name` for the places `from..to`.
    fn renumber(&mut self, from: usize, to: usize) {
        for place in from..to.min(self.by_name.len()) {
            if let Some(&index) = self.by_name.get(place)
                && let Some(rank) = self.rank.get_mut(index as usize)
            {
                *rank = stored(place);
            }
        }
    }

    /// Where facility `index` (whose name is `facilities[index]`) belongs among the others.
    fn place_for(&self, facilities: &[Facility], index: usize) -> usize {
        let Some(facility) = facilities.get(index) else {
            return self.by_name.len();
        };
        self.by_name.partition_point(|&other| {
            facilities
                .get(other as usize)
                .is_some_and(|other| compare_names(other, facility) == Ordering::Less)
        })
    }

    /// Ranks facility `index` again after an edit of it alone, in O(log n) name comparisons
    /// plus the ranks between its old and new place: `facilities` are the catalog after the
    /// edit. `index` = the former count: it was added at the end; past the end of
    /// `facilities`: the last was removed. Any other change needs [`NameOrder::new`] or
    /// [`NameOrder::remove`].
    pub fn set(&mut self, facilities: &[Facility], index: usize) {
        if index < self.rank.len() && index < facilities.len() {
            let old_place = self.rank(index) as usize;
            if old_place < self.by_name.len() {
                self.by_name.remove(old_place);
            }
            let new_place = self.place_for(facilities, index).min(self.by_name.len());
            self.by_name.insert(new_place, stored(index));
            self.renumber(old_place.min(new_place), old_place.max(new_place) + 1);
        } else if index == self.rank.len() && index < facilities.len() {
            let place = self.place_for(facilities, index).min(self.by_name.len());
            self.by_name.insert(place, stored(index));
            self.rank.push(0);
            self.renumber(place, self.by_name.len());
        } else if index + 1 == self.rank.len() && facilities.len() == index {
            self.remove(index);
        }
    }

    /// Ranks facility `index`, inserted into the catalog there (`facilities` are the catalog
    /// after it): the later ones move up by one. O(n) in integer steps plus O(log n) name
    /// comparisons.
    pub fn insert(&mut self, facilities: &[Facility], index: usize) {
        if index > self.rank.len() || index >= facilities.len() {
            return;
        }
        let inserted = stored(index);
        for other in &mut self.by_name {
            if *other >= inserted {
                *other += 1;
            }
        }
        self.rank.insert(index, 0);
        let place = self.place_for(facilities, index).min(self.by_name.len());
        self.by_name.insert(place, inserted);
        // Places before `place` keep their facilities; `rank` moved with the catalog.
        self.renumber(place, self.by_name.len());
    }

    /// Forgets facility `index`, removed from the catalog: the later ones move down by one.
    /// O(n) in integer steps, no name comparison.
    pub fn remove(&mut self, index: usize) {
        let Some(&place) = self.rank.get(index) else {
            return;
        };
        let place = place as usize;
        if place < self.by_name.len() {
            self.by_name.remove(place);
        }
        self.rank.remove(index);
        let removed = stored(index);
        for other in &mut self.by_name {
            if *other > removed {
                *other -= 1;
            }
        }
        self.renumber(place, self.by_name.len());
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

    /// The catalog indices sorted by rank.
    fn by_rank(order: &NameOrder, count: usize) -> Vec<usize> {
        let mut indices: Vec<usize> = (0..count).collect();
        indices.sort_by_key(|&i| order.rank(i));
        indices
    }

    #[test]
    fn names_rank_by_pinyin_syllable_by_syllable() {
        let mut facilities = bundled();
        facilities.truncate(3);
        facilities[0].name_zh = "中站".into();
        facilities[1].name_zh = "阿".into();
        facilities[2].name_zh = "北".into();
        let order = NameOrder::new(&facilities);
        assert_eq!(by_rank(&order, 3), vec![1, 2, 0]);
        assert_eq!(order.len(), 3);
    }

    #[test]
    fn a_renamed_added_or_removed_facility_ranks_as_a_fresh_order_would() {
        let mut facilities = bundled();
        let mut order = NameOrder::new(&facilities);
        for (index, name) in [(0, "阿"), (10, "中中"), (43, "北站"), (7, "北站")] {
            facilities[index].name_zh = name.into();
            order.set(&facilities, index);
            assert_eq!(
                order,
                NameOrder::new(&facilities),
                "renamed {index} to {name}"
            );
        }
        let mut added = facilities[3].clone();
        added.name_zh = "安".into();
        added.id = crate::model::FacilityId::new(format!("{}-copy", added.id));
        facilities.push(added);
        order.set(&facilities, facilities.len() - 1);
        assert_eq!(order, NameOrder::new(&facilities), "added at the end");
        facilities.pop();
        order.set(&facilities, facilities.len());
        assert_eq!(order, NameOrder::new(&facilities), "removed the last");
        for index in [0, 20, usize::MAX] {
            let index = index.min(facilities.len() - 1);
            facilities.remove(index);
            order.remove(index);
            assert_eq!(order, NameOrder::new(&facilities), "removed {index}");
        }
        for (n, index) in [0, 12, 30].into_iter().enumerate() {
            let mut inserted = facilities[n].clone();
            inserted.name_zh = ["安", "中中中", "北"][n].into();
            inserted.id = crate::model::FacilityId::new(format!("{}-inserted", inserted.id));
            facilities.insert(index, inserted);
            order.insert(&facilities, index);
            assert_eq!(order, NameOrder::new(&facilities), "inserted at {index}");
        }
    }

    #[test]
    fn an_index_past_the_end_ranks_after_every_facility() {
        let order = NameOrder::new(&bundled());
        assert_eq!(order.rank(10_000), u32::MAX);
    }
}
