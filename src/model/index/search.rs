//! Search over facilities by name, address and category — in Chinese characters, full pinyin
//! (`huxuegang`), pinyin initials (`hxg` finds 护学岗, every reading of polyphonic characters:
//! 重庆 as chongqing and zhongqing) and English. Nothing is stored per facility: a query is
//! matched against the facility's own texts, reading characters' pinyin from the `pinyin`
//! tables as it goes. (Stored keys took 500 bytes per facility — a third of the app's memory at
//! 1M facilities — and were no faster: `cargo bench --bench search`.)

use pinyin::ToPinyin;

use super::pinyin_match::{PinyinHit, PinyinMatcher};

use crate::model::category::Category;
use crate::model::facility::Facility;

/// How well a text matches a query; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// The characters or English as written start with the query.
    WrittenStart,
    /// A pinyin spelling (full or initials) starts with the query.
    PinyinStart,
    /// The characters or English as written contain the query.
    WrittenContains,
    /// A pinyin spelling contains the query.
    PinyinContains,
}

/// A normalised query (see [`normalize`]) and what it is matched with.
struct Query<'a> {
    text: &'a str,
    /// `None` when the query cannot be a pinyin spelling: it holds a character with a reading
    /// (spellings hold none), or it is too long.
    pinyin: Option<PinyinMatcher>,
    /// The texts being ranked, normalised (reused from text to text).
    written: Vec<String>,
}

impl<'a> Query<'a> {
    fn new(text: &'a str) -> Self {
        let may_be_pinyin = !text.chars().any(|c| c.to_pinyin().is_some());
        Self {
            text,
            pinyin: may_be_pinyin.then(|| PinyinMatcher::new(text)).flatten(),
            written: Vec::new(),
        }
    }

    /// The best rank of the query in the Chinese texts `chinese` (matched as written and in
    /// pinyin) and the English texts `english` (as written).
    fn rank(&mut self, chinese: &[&str], english: &[&str]) -> Option<Rank> {
        let texts = chinese.len() + english.len();
        self.written.resize_with(texts, String::new);
        for (buffer, text) in self.written.iter_mut().zip(chinese.iter().chain(english)) {
            normalize_into(buffer, text);
        }
        let written = self.written.get(..texts).unwrap_or_default();
        if written.iter().any(|text| text.starts_with(self.text)) {
            return Some(Rank::WrittenStart);
        }
        let mut pinyin = PinyinHit::default();
        if let Some(matcher) = &mut self.pinyin {
            // An ASCII text spells itself: its pinyin matches are its written ones.
            for text in chinese.iter().filter(|text| !text.is_ascii()) {
                let hit = matcher.find(text);
                pinyin.at_start |= hit.at_start;
                pinyin.anywhere |= hit.anywhere;
            }
        }
        if pinyin.at_start {
            Some(Rank::PinyinStart)
        } else if written.iter().any(|text| text.contains(self.text)) {
            Some(Rank::WrittenContains)
        } else if pinyin.anywhere {
            Some(Rank::PinyinContains)
        } else {
            None
        }
    }

    /// The rank of a facility: its names and address.
    fn rank_of(&mut self, f: &Facility) -> Option<Rank> {
        self.rank(&[&f.name_zh, &f.address_zh], &[&f.name_en])
    }
}

/// Writes `text` normalised (see [`normalize`]) into `out`, quickly for ASCII and Chinese.
fn normalize_into(out: &mut String, text: &str) {
    out.clear();
    if text.is_ascii() {
        out.extend(
            text.bytes()
                .map(char::from)
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_lowercase()),
        );
        return;
    }
    for c in text.chars() {
        if ('\u{3400}'..='\u{9fff}').contains(&c) {
            // Chinese characters: no case, no whitespace.
            out.push(c);
        } else if !c.is_whitespace() {
            out.extend(c.to_lowercase());
        }
    }
}

/// Search over a catalog's facilities. It keeps nothing per facility (see the module
/// documentation); build it once and ask it with the facilities of the moment.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {}

/// Lower-cases and removes whitespace, so `School Post` matches `schoolpost`.
pub fn normalize(text: &str) -> String {
    let mut normalized = String::with_capacity(text.len());
    normalize_into(&mut normalized, text);
    normalized
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

impl SearchIndex {
    /// The search (it needs nothing from the facilities up front).
    pub fn new() -> Self {
        Self {}
    }

    /// Indices of the `facilities` in `order` matching `query`, best first — the characters
    /// or English as written starting with the query, then a pinyin spelling or initials
    /// starting with it, then either only containing it; a facility's category names count
    /// as its own — otherwise in `order`. Empty query: `None`.
    pub fn search(
        &self,
        facilities: &[Facility],
        query: &str,
        order: &[usize],
    ) -> Option<Vec<usize>> {
        let query = normalize(query);
        if query.is_empty() {
            return None;
        }
        let mut query = Query::new(&query);
        let category_ranks: Vec<Option<Rank>> = Category::ALL
            .into_iter()
            .map(|c| query.rank(&[c.name_zh()], &[c.name_en()]))
            .collect();
        let mut rank = |i: usize| -> Option<Rank> {
            let f = facilities.get(i)?;
            let category = category_ranks.get(f.category.index()).copied().flatten();
            match category {
                // Nothing of the facility's own can rank better.
                Some(Rank::WrittenStart) => category,
                _ => query.rank_of(f).into_iter().chain(category).min(),
            }
        };
        let mut hits: Vec<(Rank, usize)> = order
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
    fn a_renamed_facility_is_found_by_its_new_name_only() {
        let mut facilities =
            crate::model::io::load::parse_facilities(crate::model::BUNDLED_FACILITIES, "b")
                .unwrap();
        let index = SearchIndex::new();
        let all: Vec<usize> = (0..facilities.len()).collect();
        let before = facilities[5].name_zh.clone();
        facilities[5].name_zh = "银杏广场".into();
        assert_eq!(index.search(&facilities, "yinxing", &all), Some(vec![5]));
        assert!(
            !index
                .search(&facilities, &before, &all)
                .unwrap()
                .contains(&5)
        );
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
        let facilities = bundled();
        let index = SearchIndex::new();
        let order: Vec<usize> = (0..facilities.len()).collect();
        let hits = index.search(&facilities, "hxg", &order).unwrap();
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
        let index = SearchIndex::new();
        let order: Vec<usize> = (0..facilities.len()).collect();
        for query in [
            "沉淀池",
            "chendianchi",
            "lianshen",
            "Sedimentation Pond",
            "lsh",
        ] {
            let hits = index.search(&facilities, query, &order).unwrap();
            assert!(
                categories(&facilities, &hits).contains(&Category::SedimentationPond),
                "{query}"
            );
        }
    }

    #[test]
    fn an_empty_query_is_no_search_and_nonsense_finds_nothing() {
        let facilities = bundled();
        let index = SearchIndex::new();
        let order: Vec<usize> = (0..facilities.len()).collect();
        assert_eq!(index.search(&facilities, "  ", &order), None);
        assert_eq!(index.search(&facilities, "zzzz", &order), Some(vec![]));
    }

    #[test]
    fn prefix_matches_rank_first() {
        let facilities = bundled();
        let index = SearchIndex::new();
        let order: Vec<usize> = (0..facilities.len()).collect();
        // "xin" starts 新园路 (Xinyuan Road) and only occurs inside other keys.
        let hits = index.search(&facilities, "xinyuan", &order).unwrap();
        assert_eq!(facilities[hits[0]].category, Category::StreetLights);
    }

    /// The bundled facilities' first `names.len()`, renamed to `names` (no English names).
    fn named(names: &[&str]) -> Vec<Facility> {
        let mut facilities = bundled();
        facilities.truncate(names.len());
        for (f, name) in facilities.iter_mut().zip(names) {
            f.name_zh = (*name).into();
            f.name_en = String::new().into();
            f.address_zh = String::new().into();
        }
        facilities
    }

    #[test]
    fn every_reading_of_a_polyphonic_character_is_searchable() {
        let facilities = named(&["长", "重庆路"]);
        let index = SearchIndex::new();
        for (query, expected) in [
            ("chang", vec![0]),
            ("zhang", vec![0]),
            ("chongqinglu", vec![1]),
            ("zhongqing", vec![1]),
            ("cql", vec![1]),
            ("zql", vec![1]),
            ("gqingl", vec![1]),
        ] {
            assert_eq!(
                index.search(&facilities, query, &[0, 1]),
                Some(expected),
                "{query}"
            );
        }
    }

    #[test]
    fn every_combination_of_readings_of_a_long_name_is_searchable() {
        // Ten characters of two readings each: 1024 spellings, none of them stored.
        let facilities = named(&["长长长长长长长长长长"]);
        let index = SearchIndex::new();
        for query in [
            "changzhangchangzhangchangzhangchangzhangchangzhang",
            "zzzzzzzzzc",
            "zcz",
        ] {
            assert_eq!(
                index.search(&facilities, query, &[0]),
                Some(vec![0]),
                "{query}"
            );
        }
        assert_eq!(index.search(&facilities, "changx", &[0]), Some(vec![]));
    }

    #[test]
    fn spaces_and_capitals_are_ignored_and_other_characters_count_as_written() {
        let facilities = named(&["3号 护学岗", "Ⅱ区"]);
        let index = SearchIndex::new();
        assert_eq!(index.search(&facilities, "3HAO hu", &[0, 1]), Some(vec![0]));
        assert_eq!(index.search(&facilities, "3hhxg", &[0, 1]), Some(vec![0]));
        assert_eq!(index.search(&facilities, "号护", &[0, 1]), Some(vec![0]));
        assert_eq!(index.search(&facilities, "ⅱq", &[0, 1]), Some(vec![1]));
    }

    #[test]
    fn characters_as_written_rank_before_pinyin_and_both_before_contains() {
        let mut facilities = bundled();
        facilities.truncate(2);
        facilities[0].name_zh = "行政服务中心".into();
        facilities[0].name_en = String::new().into();
        facilities[1].name_zh = "银行网点".into();
        facilities[1].name_en = String::new().into();
        let index = SearchIndex::new();
        // 行 reads xing and hang: "hang" finds 银行 (contains) and 行政 (as hangzheng, starts).
        assert_eq!(index.search(&facilities, "hang", &[0, 1]), Some(vec![0, 1]));
        assert_eq!(index.search(&facilities, "银行", &[0, 1]), Some(vec![1]));
        assert_eq!(
            index.search(&facilities, "xingzheng", &[0, 1]),
            Some(vec![0])
        );
    }
}
