//! Which facility categories are shown: the state behind the legend's checkboxes.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::category::Category;

/// The set of hidden categories (so that categories added in a later version start visible).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryFilter {
    hidden: BTreeSet<Category>,
}

impl CategoryFilter {
    /// Whether facilities of `category` are shown.
    pub fn is_visible(&self, category: Category) -> bool {
        !self.hidden.contains(&category)
    }

    /// Shows or hides one category.
    pub fn set_visible(&mut self, category: Category, visible: bool) {
        if visible {
            self.hidden.remove(&category);
        } else {
            self.hidden.insert(category);
        }
    }

    /// Shows every category.
    pub fn show_all(&mut self) {
        self.hidden.clear();
    }

    /// Hides every category.
    pub fn hide_all(&mut self) {
        self.hidden = Category::ALL.into_iter().collect();
    }

    /// Shows only `category`.
    pub fn show_only(&mut self, category: Category) {
        self.hide_all();
        self.hidden.remove(&category);
    }

    /// Whether every category is shown.
    pub fn shows_all(&self) -> bool {
        self.hidden.is_empty()
    }

    /// Whether no category is shown.
    pub fn shows_none(&self) -> bool {
        Category::ALL.iter().all(|c| self.hidden.contains(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filtering_hides_school_posts_and_nothing_else() {
        let mut filter = CategoryFilter::default();
        filter.set_visible(Category::SchoolPost, false);
        assert!(!filter.is_visible(Category::SchoolPost));
        for category in Category::ALL {
            if category != Category::SchoolPost {
                assert!(filter.is_visible(category), "{category:?}");
            }
        }
    }

    #[test]
    fn all_and_none_toggle_every_category() {
        let mut filter = CategoryFilter::default();
        filter.hide_all();
        assert!(filter.shows_none());
        assert!(Category::ALL.iter().all(|&c| !filter.is_visible(c)));
        filter.show_all();
        assert!(filter.shows_all());
    }

    #[test]
    fn filter_survives_a_persistence_round_trip() {
        let mut filter = CategoryFilter::default();
        filter.show_only(Category::FruitVendorArea);
        let json = serde_json::to_string(&filter).unwrap();
        let back: CategoryFilter = serde_json::from_str(&json).unwrap();
        assert_eq!(back, filter);
        assert!(json.contains("fruit-vendor-area") || json.contains("school-post"));
    }
}
