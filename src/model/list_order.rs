//! Ordering of the facility list: by category (legend order, then name) or by name.

use serde::{Deserialize, Serialize};

use super::facility::Facility;
use super::filter::CategoryFilter;
use super::index::name_order::NameOrder;

/// What the facility list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SortKey {
    /// Category in legend order, then name.
    #[default]
    Category,
    /// Chinese name in pinyin order (ties by the characters).
    Name,
}

/// Indices of the visible facilities in list order. `descending` reverses it. `names` ranks
/// the facilities by name ([`NameOrder`], made once per load and kept by edits).
pub fn list_order(
    facilities: &[Facility],
    filter: &CategoryFilter,
    key: SortKey,
    descending: bool,
    names: &NameOrder,
) -> Vec<usize> {
    let mut indices: Vec<usize> = facilities
        .iter()
        .enumerate()
        .filter(|(_, f)| filter.is_visible(f.category))
        .map(|(i, _)| i)
        .collect();
    indices.sort_by(|&a, &b| compare(facilities, key, names, a, b));
    if descending {
        indices.reverse();
    }
    indices
}

/// Puts facility `index` back in its place in an `order` made by [`list_order`] with the same
/// arguments, after that one facility changed (its name or category): O(log n) comparisons
/// and one move instead of a new sort. It leaves the list when its category is hidden or
/// `belongs` is false (e.g. closed while "open now only" is on).
#[expect(
    clippy::too_many_arguments,
    reason = "the same arguments as list_order, and the one"
)]
pub fn reposition(
    order: &mut Vec<usize>,
    index: usize,
    belongs: bool,
    facilities: &[Facility],
    filter: &CategoryFilter,
    key: SortKey,
    descending: bool,
    names: &NameOrder,
) {
    order.retain(|&i| i != index);
    let visible = facilities
        .get(index)
        .is_some_and(|f| filter.is_visible(f.category));
    if !(visible && belongs) {
        return;
    }
    let before = if descending {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Less
    };
    let at = order.partition_point(|&i| compare(facilities, key, names, i, index) == before);
    order.insert(at, index);
}

/// The ascending list order of facilities `a` and `b`.
fn compare(
    facilities: &[Facility],
    key: SortKey,
    names: &NameOrder,
    a: usize,
    b: usize,
) -> std::cmp::Ordering {
    let name = |i: usize| names.rank(i);
    let category = |i: usize| facilities.get(i).map(|f| f.category);
    match key {
        SortKey::Category => category(a)
            .cmp(&category(b))
            .then_with(|| name(a).cmp(&name(b))),
        SortKey::Name => name(a).cmp(&name(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::io::load::parse_facilities;
    use crate::model::{BUNDLED_FACILITIES, Category};

    #[test]
    fn a_renamed_or_recategorised_facility_moves_to_where_a_new_sort_puts_it() {
        let mut facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let mut filter = CategoryFilter::default();
        filter.set_visible(Category::ServiceStation, false);
        for key in [SortKey::Category, SortKey::Name] {
            for descending in [false, true] {
                let mut names = NameOrder::new(&facilities);
                let mut order = list_order(&facilities, &filter, key, descending, &names);
                for (index, name, category) in [
                    (7, "阿姨水果摊", Category::NightMarket),
                    (12, "中站区最后", Category::ServiceStation),
                    (12, "北站", Category::SchoolPost),
                ] {
                    facilities[index].name_zh = name.into();
                    facilities[index].category = category;
                    names.set(&facilities, index);
                    reposition(
                        &mut order,
                        index,
                        true,
                        &facilities,
                        &filter,
                        key,
                        descending,
                        &names,
                    );
                    let sorted = list_order(&facilities, &filter, key, descending, &names);
                    assert_eq!(order, sorted, "{key:?} descending {descending} {name}");
                }
            }
        }
    }

    #[test]
    fn sorting_by_category_follows_legend_order_and_skips_hidden() {
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let mut filter = CategoryFilter::default();
        filter.set_visible(Category::ServiceStation, false);
        let names = NameOrder::new(&facilities);
        let order = list_order(&facilities, &filter, SortKey::Category, false, &names);
        let categories: Vec<Category> = order.iter().map(|&i| facilities[i].category).collect();
        assert!(categories.windows(2).all(|w| w[0] <= w[1]));
        assert!(!categories.contains(&Category::ServiceStation));
        assert_eq!(categories.first(), Some(&Category::SchoolPost));
    }

    #[test]
    fn sorting_by_name_descending_reverses_name_order() {
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let filter = CategoryFilter::default();
        let ranks = NameOrder::new(&facilities);
        let up = list_order(&facilities, &filter, SortKey::Name, false, &ranks);
        let down = list_order(&facilities, &filter, SortKey::Name, true, &ranks);
        let names = |order: &[usize]| -> Vec<String> {
            order
                .iter()
                .map(|&i| crate::model::index::search::name_sort_key(&facilities[i].name_zh))
                .collect()
        };
        let mut sorted = names(&up);
        sorted.sort();
        assert_eq!(names(&up), sorted);
        assert_eq!(down.iter().rev().copied().collect::<Vec<_>>(), up);
    }

    #[test]
    fn names_sort_by_pinyin_not_by_code_point() {
        let mut facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        facilities.truncate(3);
        // Code points: 中 (U+4E2D) < 北 (U+5317) < 阿 (U+963F); pinyin: a < bei < zhong.
        for (facility, name) in facilities.iter_mut().zip(["中站", "北站", "阿站"]) {
            facility.name_zh = name.into();
        }
        let filter = CategoryFilter::default();
        let ranks = NameOrder::new(&facilities);
        let order = list_order(&facilities, &filter, SortKey::Name, false, &ranks);
        let names: Vec<&str> = order.iter().map(|&i| &*facilities[i].name_zh).collect();
        assert_eq!(names, ["阿站", "北站", "中站"]);
    }
}
