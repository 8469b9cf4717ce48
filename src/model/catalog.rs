//! The loaded set of facilities with lookups by id, per-category counts and extents.

use std::collections::HashMap;

use geo::{Coord, Rect};

use super::category::Category;
use super::facility::{Facility, FacilityId};
use super::filter::CategoryFilter;

/// All facilities of one data file, indexed for the UI.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    facilities: Vec<Facility>,
    index_by_id: HashMap<FacilityId, usize>,
    count_by_category: [usize; Category::ALL.len()],
}

impl Catalog {
    /// Builds the indexes. Ids are assumed unique (the loader guarantees it); on a
    /// duplicate, the first facility wins the lookup.
    pub fn new(facilities: Vec<Facility>) -> Self {
        let mut index_by_id = HashMap::with_capacity(facilities.len());
        let mut count_by_category = [0; Category::ALL.len()];
        for (i, facility) in facilities.iter().enumerate() {
            index_by_id.entry(facility.id.clone()).or_insert(i);
            if let Some(count) = count_by_category.get_mut(facility.category.index()) {
                *count += 1;
            }
        }
        Self {
            facilities,
            index_by_id,
            count_by_category,
        }
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

    /// Looks a facility up by id.
    pub fn by_id(&self, id: &FacilityId) -> Option<&Facility> {
        self.index_by_id
            .get(id)
            .and_then(|&i| self.facilities.get(i))
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
        for mention in self.facilities.iter().filter_map(|f| f.article_mention.as_ref()) {
            if !mentions.contains(mention) {
                mentions.push(mention.clone());
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
