//! Ordering of the facility list: by category (legend order, then name) or by name.

use serde::{Deserialize, Serialize};

use super::facility::Facility;
use super::filter::CategoryFilter;

/// What the facility list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SortKey {
    /// Category in legend order, then name.
    #[default]
    Category,
    /// Chinese name in pinyin order (ties by the characters).
    Name,
}

/// Indices of the visible facilities in list order. `descending` reverses it. `name_keys` are
/// the names' pinyin sort keys in catalog order (`SearchIndex::name_keys`, computed once per
/// load); without them names sort by their characters.
pub fn list_order(
    facilities: &[Facility],
    filter: &CategoryFilter,
    key: SortKey,
    descending: bool,
    name_keys: &[String],
) -> Vec<usize> {
    let mut indices: Vec<usize> = facilities
        .iter()
        .enumerate()
        .filter(|(_, f)| filter.is_visible(f.category))
        .map(|(i, _)| i)
        .collect();
    let name = |i: usize| {
        facilities
            .get(i)
            .map(|f| (name_keys.get(i), &f.name_zh, &f.id))
    };
    let category = |i: usize| facilities.get(i).map(|f| f.category);
    match key {
        SortKey::Category => indices.sort_by(|&a, &b| {
            category(a)
                .cmp(&category(b))
                .then_with(|| name(a).cmp(&name(b)))
        }),
        SortKey::Name => indices.sort_by(|&a, &b| name(a).cmp(&name(b))),
    }
    if descending {
        indices.reverse();
    }
    indices
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::io::load::parse_facilities;
    use crate::model::{BUNDLED_FACILITIES, Category};

    #[test]
    fn sorting_by_category_follows_legend_order_and_skips_hidden() {
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let mut filter = CategoryFilter::default();
        filter.set_visible(Category::ServiceStation, false);
        let order = list_order(&facilities, &filter, SortKey::Category, false, &[]);
        let categories: Vec<Category> = order.iter().map(|&i| facilities[i].category).collect();
        assert!(categories.windows(2).all(|w| w[0] <= w[1]));
        assert!(!categories.contains(&Category::ServiceStation));
        assert_eq!(categories.first(), Some(&Category::SchoolPost));
    }

    #[test]
    fn sorting_by_name_descending_reverses_name_order() {
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let filter = CategoryFilter::default();
        let up = list_order(&facilities, &filter, SortKey::Name, false, &[]);
        let down = list_order(&facilities, &filter, SortKey::Name, true, &[]);
        let names = |order: &[usize]| -> Vec<String> {
            order
                .iter()
                .map(|&i| facilities[i].name_zh.clone())
                .collect()
        };
        let mut sorted = names(&up);
        sorted.sort();
        assert_eq!(names(&up), sorted);
        assert_eq!(down.iter().rev().copied().collect::<Vec<_>>(), up);
    }

    #[test]
    fn names_sort_by_pinyin_not_by_code_point() {
        use crate::model::index::search::SearchIndex;
        let mut facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        facilities.truncate(3);
        // Code points: 中 (U+4E2D) < 北 (U+5317) < 阿 (U+963F); pinyin: a < bei < zhong.
        for (facility, name) in facilities.iter_mut().zip(["中站", "北站", "阿站"]) {
            facility.name_zh = name.to_owned();
        }
        let index = SearchIndex::new(&facilities);
        let filter = CategoryFilter::default();
        let order = list_order(
            &facilities,
            &filter,
            SortKey::Name,
            false,
            index.name_keys(),
        );
        let names: Vec<&str> = order
            .iter()
            .map(|&i| facilities[i].name_zh.as_str())
            .collect();
        assert_eq!(names, ["阿站", "北站", "中站"]);
    }
}
