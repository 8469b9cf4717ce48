//! Search over facilities by name, address and category — in Chinese characters, full pinyin
//! (`huxuegang`), pinyin initials (`hxg` finds 护学岗) and English. The index is built once per
//! data load; a query is a substring test over a few short keys per facility.

use pinyin::ToPinyin;

use crate::model::facility::Facility;

/// Search keys of one facility, all lower-case and without spaces.
#[derive(Debug, Clone, Default)]
struct Keys {
    keys: Vec<String>,
}

/// A search index over a catalog's facilities (same order).
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    entries: Vec<Keys>,
}

/// Lower-cases and removes whitespace, so `School Post` matches `schoolpost`.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Full pinyin and initials of `text`; other characters are kept (normalised).
pub fn pinyin_keys(text: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for (c, reading) in text.chars().zip(text.to_pinyin()) {
        match reading {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None => {
                let kept = normalize(&c.to_string());
                full.push_str(&kept);
                initials.push_str(&kept);
            }
        }
    }
    (full, initials)
}

impl SearchIndex {
    /// Builds the index.
    pub fn new(facilities: &[Facility]) -> Self {
        let entries = facilities
            .iter()
            .map(|f| {
                let mut keys = Vec::with_capacity(8);
                for chinese in [f.name_zh.as_str(), f.category.name_zh(), &f.address_zh] {
                    let (full, initials) = pinyin_keys(chinese);
                    keys.push(normalize(chinese));
                    keys.push(full);
                    keys.push(initials);
                }
                keys.push(normalize(&f.name_en));
                keys.push(normalize(f.category.name_en()));
                keys.retain(|k| !k.is_empty());
                Keys { keys }
            })
            .collect();
        Self { entries }
    }

    /// Indices of the facilities matching `query`, best first (a key starting with the
    /// query before a key only containing it), otherwise in `order`. Empty query: `None`.
    pub fn search(&self, query: &str, order: &[usize]) -> Option<Vec<usize>> {
        let query = normalize(query);
        if query.is_empty() {
            return None;
        }
        let rank = |i: usize| -> Option<u8> {
            let keys = &self.entries.get(i)?.keys;
            if keys.iter().any(|k| k.starts_with(&query)) {
                Some(0)
            } else if keys.iter().any(|k| k.contains(&query)) {
                Some(1)
            } else {
                None
            }
        };
        let mut hits: Vec<(u8, usize)> = order
            .iter()
            .filter_map(|&i| rank(i).map(|r| (r, i)))
            .collect();
        hits.sort_by_key(|&(r, _)| r);
        Some(hits.into_iter().map(|(_, i)| i).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::io::load::parse_facilities;
    use crate::model::{BUNDLED_FACILITIES, Category};

    fn bundled() -> Vec<Facility> {
        parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap()
    }

    fn categories(facilities: &[Facility], hits: &[usize]) -> Vec<Category> {
        hits.iter().map(|&i| facilities[i].category).collect()
    }

    #[test]
    fn pinyin_initials_find_school_posts() {
        assert_eq!(
            pinyin_keys("护学岗 01"),
            ("huxuegang01".to_owned(), "hxg01".to_owned())
        );
        let facilities = bundled();
        let index = SearchIndex::new(&facilities);
        let order: Vec<usize> = (0..facilities.len()).collect();
        let hits = index.search("hxg", &order).unwrap();
        assert_eq!(hits.len(), 16);
        assert!(
            categories(&facilities, &hits)
                .iter()
                .all(|&c| c == Category::SchoolPost)
        );
    }

    #[test]
    fn chinese_full_pinyin_and_english_all_find_the_pond() {
        let facilities = bundled();
        let index = SearchIndex::new(&facilities);
        let order: Vec<usize> = (0..facilities.len()).collect();
        for query in [
            "沉淀池",
            "chendianchi",
            "lianshen",
            "Sedimentation Pond",
            "lsh",
        ] {
            let hits = index.search(query, &order).unwrap();
            assert!(
                categories(&facilities, &hits).contains(&Category::SedimentationPond),
                "{query}"
            );
        }
    }

    #[test]
    fn an_empty_query_is_no_search_and_nonsense_finds_nothing() {
        let facilities = bundled();
        let index = SearchIndex::new(&facilities);
        let order: Vec<usize> = (0..facilities.len()).collect();
        assert_eq!(index.search("  ", &order), None);
        assert_eq!(index.search("zzzz", &order), Some(vec![]));
    }

    #[test]
    fn prefix_matches_rank_first() {
        let facilities = bundled();
        let index = SearchIndex::new(&facilities);
        let order: Vec<usize> = (0..facilities.len()).collect();
        // "xin" starts 新园路 (Xinyuan Road) and only occurs inside other keys.
        let hits = index.search("xinyuan", &order).unwrap();
        assert_eq!(facilities[hits[0]].category, Category::StreetLights);
    }
}
