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
    /// Chinese name (Unicode order; pinyin collation comes with search).
    Name,
}

/// Indices of the visible facilities in list order. `descending` reverses it.
pub fn list_order(
    facilities: &[Facility],
    filter: &CategoryFilter,
    key: SortKey,
    descending: bool,
) -> Vec<usize> {
    let mut indices: Vec<usize> = facilities
        .iter()
        .enumerate()
        .filter(|(_, f)| filter.is_visible(f.category))
        .map(|(i, _)| i)
        .collect();
    let name = |i: usize| facilities.get(i).map(|f| (&f.name_zh, &f.id));
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
