//! Search over facilities by name, address and category — in Chinese characters, full pinyin
//! (`huxuegang`), pinyin initials (`hxg` finds 护学岗) and English. The index is built once per
//! data load; a query is a substring test over a few short keys per facility.

use pinyin::{ToPinyin, ToPinyinMulti};

use crate::model::category::Category;
use crate::model::facility::Facility;

/// Search keys of one facility, all lower-case and without spaces: the characters and English
/// words as written, and the pinyin spellings (every reading of polyphonic characters). Each
/// kind is one string with the keys separated by [`KEY_SEPARATOR`] (two allocations per
/// facility instead of one per key: at 1M facilities the keys were most of the app's memory).
/// The category's keys are the same for all its facilities and kept once, in the index.
#[derive(Debug, Clone, Default)]
struct Keys {
    /// Chinese characters and English, as written.
    written: Box<str>,
    /// Full pinyin and initials.
    pinyin: Box<str>,
}

/// Between two keys of one facility (a query never holds it, so a match never spans keys).
const KEY_SEPARATOR: char = '\0';

impl Keys {
    /// The keys of `chinese` and `english` texts (names, address; or a category's names).
    fn of_texts(chinese: &[&str], english: &[&str]) -> Self {
        let mut written: Vec<String> = Vec::with_capacity(chinese.len() + english.len());
        let mut pinyin: Vec<String> = Vec::with_capacity(8);
        for text in chinese {
            written.push(normalize(text));
            for (full, initials) in pinyin_spellings(text) {
                pinyin.push(full);
                pinyin.push(initials);
            }
        }
        written.extend(english.iter().map(|text| normalize(text)));
        written.retain(|k| !k.is_empty());
        pinyin.retain(|k| !k.is_empty());
        pinyin.sort_unstable();
        pinyin.dedup();
        let separator = KEY_SEPARATOR.to_string();
        Keys {
            written: written.join(&separator).into_boxed_str(),
            pinyin: pinyin.join(&separator).into_boxed_str(),
        }
    }

    /// The keys of one facility: its names and address (its category's are in the index).
    fn of(f: &Facility) -> Self {
        Self::of_texts(&[&f.name_zh, &f.address_zh], &[&f.name_en])
    }

    /// The keys of a category: its Chinese and English names.
    fn of_category(category: Category) -> Self {
        Self::of_texts(&[category.name_zh()], &[category.name_en()])
    }
}

/// Whether one of the keys in `joined` starts with `query`.
fn some_key_starts_with(joined: &str, query: &str) -> bool {
    joined
        .split(KEY_SEPARATOR)
        .any(|key| key.starts_with(query))
}

/// At most this many pinyin spellings per text (names with up to four polyphonic characters
/// get every combination of readings).
const MAX_SPELLINGS: usize = 16;

/// Every spelling of `text` in full pinyin and in initials, one reading per character in each
/// combination of readings (重 → zhong and chong, 长 → chang and zhang), the usual reading first.
pub fn pinyin_spellings(text: &str) -> Vec<(String, String)> {
    let mut spellings = vec![(String::new(), String::new())];
    for c in text.chars() {
        let mut readings: Vec<(&str, &str)> = Vec::new();
        if let Some(multi) = c.to_pinyin_multi() {
            // Readings that differ only in tone (háng, hàng) spell the same.
            for pinyin in multi {
                if !readings.iter().any(|(plain, _)| *plain == pinyin.plain()) {
                    readings.push((pinyin.plain(), pinyin.first_letter()));
                }
            }
        }
        if readings.is_empty() {
            let kept = normalize(&c.to_string());
            for (full, initials) in &mut spellings {
                full.push_str(&kept);
                initials.push_str(&kept);
            }
            continue;
        }
        let mut next = Vec::with_capacity((spellings.len() * readings.len()).min(MAX_SPELLINGS));
        for (full, initials) in &spellings {
            for (plain, first) in &readings {
                if next.len() >= MAX_SPELLINGS {
                    break;
                }
                next.push((format!("{full}{plain}"), format!("{initials}{first}")));
            }
        }
        spellings = next;
    }
    spellings
}

/// A search index over a catalog's facilities (same order).
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    entries: Vec<Keys>,
    /// Each facility's category, for its category's keys.
    categories: Vec<Category>,
    /// The keys of each category, in [`Category::ALL`] order.
    category_keys: Vec<Keys>,
    /// Per facility, [`name_sort_key`] of its Chinese name (for the list's name order).
    name_keys: Vec<String>,
}

/// Lower-cases and removes whitespace, so `School Post` matches `schoolpost`.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The key names are sorted by in Chinese: the usual pinyin reading syllable by syllable
/// (阿 before 北 before 中), other characters lower-cased; ties are broken by the characters.
pub fn name_sort_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() * 2);
    for (c, reading) in name.chars().zip(name.to_pinyin()) {
        match reading {
            Some(p) => key.push_str(p.plain()),
            None => key.extend(c.to_lowercase()),
        }
        // Syllable by syllable: "an" + "…" sorts before "ba", never across a syllable.
        key.push('\u{1}');
    }
    key
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
        Self {
            entries: facilities.iter().map(Keys::of).collect(),
            categories: facilities.iter().map(|f| f.category).collect(),
            category_keys: Category::ALL.into_iter().map(Keys::of_category).collect(),
            name_keys: facilities
                .iter()
                .map(|f| name_sort_key(&f.name_zh))
                .collect(),
        }
    }

    /// Indexes the facility now at `index` after an edit of it alone: replaced, added at the
    /// end (`index` = the count), or — `None` — removed from the end. O(1) in the number of
    /// facilities; any other index is ignored.
    pub fn set(&mut self, index: usize, facility: Option<&Facility>) {
        match facility {
            Some(facility) if index == self.entries.len() => {
                self.entries.push(Keys::of(facility));
                self.categories.push(facility.category);
                self.name_keys.push(name_sort_key(&facility.name_zh));
            }
            Some(facility) => self.replace(index, facility),
            None if index + 1 == self.entries.len() => {
                self.entries.pop();
                self.categories.pop();
                self.name_keys.pop();
            }
            None => {}
        }
    }

    /// Re-indexes the facility at `index` after an edit (O(1) in the number of facilities);
    /// an index past the end is ignored.
    pub fn replace(&mut self, index: usize, facility: &Facility) {
        if let Some(entry) = self.entries.get_mut(index) {
            *entry = Keys::of(facility);
        }
        if let Some(category) = self.categories.get_mut(index) {
            *category = facility.category;
        }
        if let Some(key) = self.name_keys.get_mut(index) {
            *key = name_sort_key(&facility.name_zh);
        }
    }

    /// The pinyin sort keys of the facilities' Chinese names, in catalog order.
    pub fn name_keys(&self) -> &[String] {
        &self.name_keys
    }

    /// Indices of the facilities matching `query`, best first — the characters or English as
    /// written starting with the query, then a pinyin spelling or initials starting with it,
    /// then either only containing it — otherwise in `order`. Empty query: `None`.
    pub fn search(&self, query: &str, order: &[usize]) -> Option<Vec<usize>> {
        let query = normalize(query);
        if query.is_empty() {
            return None;
        }
        let empty = Keys::default();
        let rank = |i: usize| -> Option<u8> {
            let keys = self.entries.get(i)?;
            let category = self
                .categories
                .get(i)
                .and_then(|c| self.category_keys.get(c.index()))
                .unwrap_or(&empty);
            let starts = |own: &str, shared: &str| {
                some_key_starts_with(own, &query) || some_key_starts_with(shared, &query)
            };
            let contains =
                |own: &str, shared: &str| own.contains(&query) || shared.contains(&query);
            if starts(&keys.written, &category.written) {
                Some(0)
            } else if starts(&keys.pinyin, &category.pinyin) {
                Some(1)
            } else if contains(&keys.written, &category.written) {
                Some(2)
            } else if contains(&keys.pinyin, &category.pinyin) {
                Some(3)
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
    #[test]
    fn a_replaced_facility_is_found_by_its_new_name_only() {
        let mut facilities =
            crate::model::io::load::parse_facilities(crate::model::BUNDLED_FACILITIES, "b")
                .unwrap();
        let mut index = SearchIndex::new(&facilities);
        let all: Vec<usize> = (0..facilities.len()).collect();
        facilities[5].name_zh = "银杏广场".to_owned();
        index.replace(5, &facilities[5]);
        assert_eq!(index.search("yinxing", &all), Some(vec![5]));
        assert_eq!(index.name_keys()[5], name_sort_key("银杏广场"));
        let rebuilt = SearchIndex::new(&facilities);
        assert_eq!(index.search("guang", &all), rebuilt.search("guang", &all));
    }

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

    #[test]
    fn every_reading_of_a_polyphonic_character_is_searchable() {
        let spellings = pinyin_spellings("长");
        let full: Vec<&str> = spellings.iter().map(|(f, _)| f.as_str()).collect();
        assert!(
            full.contains(&"chang") && full.contains(&"zhang"),
            "{full:?}"
        );
        let spellings = pinyin_spellings("重庆路");
        assert!(
            spellings.iter().any(|(f, _)| f == "chongqinglu"),
            "{spellings:?}"
        );
        assert!(spellings.iter().any(|(_, i)| i == "cql"), "{spellings:?}");
    }

    #[test]
    fn a_name_with_many_polyphonic_characters_keeps_a_bounded_number_of_spellings() {
        assert!(pinyin_spellings("长长长长长长长长长长").len() <= MAX_SPELLINGS);
    }

    #[test]
    fn characters_as_written_rank_before_pinyin_and_both_before_contains() {
        let mut facilities = bundled();
        facilities.truncate(2);
        facilities[0].name_zh = "行政服务中心".to_owned();
        facilities[0].name_en = String::new();
        facilities[1].name_zh = "银行网点".to_owned();
        facilities[1].name_en = String::new();
        let index = SearchIndex::new(&facilities);
        // 行 reads xing and hang: "hang" finds 银行 (contains) and 行政 (as hangzheng, starts).
        assert_eq!(index.search("hang", &[0, 1]), Some(vec![0, 1]));
        assert_eq!(index.search("银行", &[0, 1]), Some(vec![1]));
        assert_eq!(index.search("xingzheng", &[0, 1]), Some(vec![0]));
    }
}
