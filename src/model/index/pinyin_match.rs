//! Matching one query against the pinyin spellings of many texts without writing any spelling
//! out: a text's spellings are every combination of its characters' readings (full pinyin, or
//! initials), characters without a reading lower-cased and whitespace left out. The query's
//! byte offsets a match can have reached are one bit each in a `u64`; each character moves
//! them along (one shift per distinct reading), so a text costs a few bit operations per
//! character whatever the number of combinations. What a character does to the offsets is
//! worked out once per query and character.

use pinyin::ToPinyinMulti;

/// Full pinyin (`huxuegang`) or initials (`hxg`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// Every syllable written out.
    Full,
    /// The first letter of each syllable.
    Initials,
}

/// Longest query (in bytes) the bit sets hold; a longer one is matched as written only.
const MAX_QUERY_BYTES: usize = 63;

/// What one character does to the reached offsets.
#[derive(Debug, Clone, Default)]
struct Step {
    /// Per distinct piece (reading or lower-cased character): the offsets it continues from,
    /// and its length in bytes.
    moves: Vec<(u64, u32)>,
    /// Offsets from which the query ends inside one of the pieces.
    ends_inside: u64,
    /// Offsets reached by starting inside a piece ("uxue" starts inside "hu").
    started_inside: u64,
    /// Whether the whole query lies inside one piece, not at its start.
    within: bool,
    /// Whitespace: leaves the offsets as they are.
    skipped: bool,
}

/// The block of characters whose steps are cached besides ASCII: CJK Extension A and the
/// Unified Ideographs, U+3400..U+9FFF (other characters are worked out when met).
const CACHED_FROM: u32 = 0x3400;
const CACHED_TO: u32 = 0x9FFF;
/// Cache places: ASCII first, then the block.
const CACHE_SLOTS: usize = 128 + (CACHED_TO - CACHED_FROM + 1) as usize;

/// The cache place of `c`, if it has one.
fn cache_slot(c: char) -> Option<usize> {
    let code = u32::from(c);
    if code < 128 {
        Some(code as usize)
    } else if (CACHED_FROM..=CACHED_TO).contains(&code) {
        Some(128 + (code - CACHED_FROM) as usize)
    } else {
        None
    }
}

/// Matches one query against pinyin spellings; reuse it for every text of one search.
pub struct PinyinMatcher {
    query: Vec<u8>,
    full: Table,
    initials: Table,
}

/// The steps of one spelling met so far.
struct Table {
    /// For each cache place, 0 = not yet worked out, else 1 + index into `steps`.
    cached: Vec<u32>,
    steps: Vec<Step>,
    /// The step of the last character without a cache place.
    scratch: Step,
}

impl Table {
    fn new() -> Self {
        Self {
            cached: vec![0; CACHE_SLOTS],
            steps: Vec::new(),
            scratch: Step::default(),
        }
    }

    /// What character `c` does to `query` in `spelling`, from the cache or worked out now.
    fn step(&mut self, query: &[u8], c: char, spelling: Spelling) -> &Step {
        let Some(slot) = cache_slot(c) else {
            // Rarer characters: worked out every time.
            self.scratch = work_out(query, c, spelling);
            return &self.scratch;
        };
        let mut number = self.cached.get(slot).copied().unwrap_or(0);
        if number == 0 {
            self.steps.push(work_out(query, c, spelling));
            number = u32::try_from(self.steps.len()).unwrap_or(u32::MAX);
            if let Some(entry) = self.cached.get_mut(slot) {
                *entry = number;
            }
        }
        self.steps
            .get((number as usize).saturating_sub(1))
            .unwrap_or(&EMPTY_STEP)
    }
}

/// Where matches of a query in a text were found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PinyinHit {
    /// A spelling of the text starts with the query.
    pub at_start: bool,
    /// A spelling of the text contains the query.
    pub anywhere: bool,
}

impl PinyinMatcher {
    /// A matcher for `query` (already normalised: lower-case, no whitespace). `None` when
    /// the query cannot be a spelling: empty or longer than 63 bytes.
    pub fn new(query: &str) -> Option<Self> {
        if query.is_empty() || query.len() > MAX_QUERY_BYTES {
            return None;
        }
        Some(Self {
            query: query.as_bytes().to_vec(),
            full: Table::new(),
            initials: Table::new(),
        })
    }

    /// The bit of the offset just past the query (reaching it is a match).
    fn done_bit(&self) -> u64 {
        1 << self.query.len()
    }

    /// Where the query is found among the spellings of `text`, in either spelling.
    pub fn find(&mut self, text: &str) -> PinyinHit {
        let mut hit = PinyinHit::default();
        for spelling in [Spelling::Full, Spelling::Initials] {
            let found = self.find_in(text, spelling);
            hit.at_start |= found.at_start;
            hit.anywhere |= found.anywhere;
            if hit.at_start {
                break;
            }
        }
        hit
    }

    fn find_in(&mut self, text: &str, spelling: Spelling) -> PinyinHit {
        let done = self.done_bit();
        // Offsets reached by matches from the start of the text, and from anywhere.
        let mut from_start: u64 = 1;
        let mut from_anywhere: u64 = 0;
        let mut hit = PinyinHit::default();
        for c in text.chars() {
            let step = match spelling {
                Spelling::Full => self.full.step(&self.query, c, spelling),
                Spelling::Initials => self.initials.step(&self.query, c, spelling),
            };
            if step.skipped {
                continue;
            }
            from_anywhere |= 1;
            if step.within || from_anywhere & step.ends_inside != 0 {
                hit.anywhere = true;
            }
            if from_start & step.ends_inside != 0 {
                hit.at_start = true;
            }
            let advance = |reached: u64| {
                step.moves.iter().fold(0, |next, &(from, length)| {
                    next | ((reached & from) << length)
                })
            };
            from_start = advance(from_start);
            from_anywhere = advance(from_anywhere) | step.started_inside;
            if from_start & done != 0 {
                hit.at_start = true;
            }
            if from_anywhere & done != 0 {
                hit.anywhere = true;
            }
            if hit.at_start {
                hit.anywhere = true;
                return hit;
            }
            if hit.anywhere && from_start == 0 {
                return hit;
            }
        }
        hit
    }
}

/// The step of `c`: its distinct pieces in `spelling`, compared with `query`.
fn work_out(query: &[u8], c: char, spelling: Spelling) -> Step {
    if c.is_whitespace() {
        return Step {
            skipped: true,
            ..Step::default()
        };
    }
    let mut pieces: Vec<String> = Vec::new();
    match c.to_pinyin_multi() {
        Some(multi) => {
            for reading in multi {
                let piece = match spelling {
                    Spelling::Full => reading.plain(),
                    Spelling::Initials => reading.first_letter(),
                };
                if !pieces.iter().any(|p| p == piece) {
                    pieces.push(piece.to_owned());
                }
            }
        }
        None => pieces.push(c.to_lowercase().collect()),
    }
    let mut step = Step::default();
    for piece in &pieces {
        let piece = piece.as_bytes();
        let mut from = 0u64;
        for offset in 0..query.len() {
            let rest = query.get(offset..).unwrap_or_default();
            if rest.starts_with(piece) {
                from |= 1 << offset;
            } else if piece.starts_with(rest) {
                step.ends_inside |= 1 << offset;
            }
        }
        if from != 0 {
            step.moves.push((from, piece.len() as u32));
        }
        for inner in 1..piece.len() {
            let suffix = piece.get(inner..).unwrap_or_default();
            if query.starts_with(suffix) {
                step.started_inside |= 1 << suffix.len();
            } else if suffix.starts_with(query) {
                step.within = true;
            }
        }
    }
    step
}

static EMPTY_STEP: Step = Step {
    moves: Vec::new(),
    ends_inside: 0,
    started_inside: 0,
    within: false,
    skipped: false,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::load::parse_facilities;

    /// Every spelling of `text`, written out (the way the matcher must agree with).
    fn spellings(text: &str, spelling: Spelling) -> Vec<String> {
        let mut all = vec![String::new()];
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            let pieces: Vec<String> = match c.to_pinyin_multi() {
                Some(multi) => multi
                    .into_iter()
                    .map(|r| match spelling {
                        Spelling::Full => r.plain().to_owned(),
                        Spelling::Initials => r.first_letter().to_owned(),
                    })
                    .collect(),
                None => vec![c.to_lowercase().collect()],
            };
            all = all
                .iter()
                .flat_map(|s| pieces.iter().map(move |p| format!("{s}{p}")))
                .collect();
            all.sort();
            all.dedup();
        }
        all
    }

    fn written_out(text: &str, query: &str) -> PinyinHit {
        let mut hit = PinyinHit::default();
        for spelling in [Spelling::Full, Spelling::Initials] {
            for s in spellings(text, spelling) {
                hit.at_start |= s.starts_with(query);
                hit.anywhere |= s.contains(query);
            }
        }
        hit
    }

    #[test]
    fn the_matcher_agrees_with_every_spelling_written_out() {
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let mut texts: Vec<String> = facilities
            .iter()
            .flat_map(|f| [f.name_zh.to_string(), f.address_zh.to_string()])
            .filter(|t| !t.is_empty() && t.chars().count() <= 12)
            .collect();
        texts.extend([
            "重庆路 3号".to_owned(),
            "长长长".to_owned(),
            "Ⅱ区".to_owned(),
        ]);
        let mut checked = 0;
        for text in &texts {
            // Queries: pieces of the text's own spellings, and some that are not.
            let full = spellings(text, Spelling::Full);
            let first = full.first().cloned().unwrap_or_default();
            let mut queries: Vec<String> = (0..first.len().min(12))
                .flat_map(|from| {
                    (from + 1..=first.len().min(from + 7)).filter_map({
                        let first = &first;
                        move |to| first.get(from..to).map(str::to_owned)
                    })
                })
                .collect();
            queries.extend(["hxg", "zq", "zhan", "x", "q3", "3hao", "ⅱq", "zzz"].map(String::from));
            for query in queries {
                let mut matcher = PinyinMatcher::new(&query).unwrap();
                assert_eq!(
                    matcher.find(text),
                    written_out(text, &query),
                    "{text:?} / {query:?}"
                );
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn an_empty_or_very_long_query_is_not_matched_as_pinyin() {
        assert!(PinyinMatcher::new("").is_none());
        assert!(PinyinMatcher::new(&"a".repeat(64)).is_none());
        assert!(PinyinMatcher::new(&"a".repeat(63)).is_some());
    }
}
