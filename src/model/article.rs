//! The source article: parsed once from the bundled text into title, date, byline, photo
//! captions and body blocks, with the places where facilities are mentioned.

use std::ops::Range;

/// What a block of the article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A section heading such as 核心提示.
    Heading,
    /// A paragraph of body text.
    Paragraph,
    /// A photo caption (the photos themselves are not bundled).
    Caption,
}

/// A link from a span of article text to the facilities with the same `article_mention`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionSpan {
    /// Byte range of the mention within the block text.
    pub byte_range: Range<usize>,
    /// The mention text, e.g. `16处护学岗`; facilities link to it by this text.
    pub mention: String,
}

/// One heading, paragraph or caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Its text.
    pub text: String,
    /// Facility mentions within it, in text order, not overlapping.
    pub mentions: Vec<MentionSpan>,
}

/// The parsed article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    /// Publication date as printed, e.g. `2024年10月01日`.
    pub date: String,
    /// The kicker above the title (the bureau's name).
    pub kicker: String,
    /// The headline.
    pub title: String,
    /// Reporter and correspondent.
    pub byline: String,
    /// Captions and body, in reading order.
    pub blocks: Vec<Block>,
}

/// The article text bundled with the app.
pub const BUNDLED_ARTICLE: &str = include_str!("../../assets/article.txt");

/// Line the news site puts above every article ("content details"); not part of the article.
const SITE_HEADER: &str = "内容详情";

impl Article {
    /// Parses the article's plain-text layout: optional site header, date, kicker, title,
    /// photo captions, byline (starting 本报记者), then body paragraphs and headings.
    pub fn parse(text: &str) -> Article {
        let mut lines = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .peekable();
        if lines.peek() == Some(&SITE_HEADER) {
            lines.next();
        }
        let date = lines.next().unwrap_or_default().to_owned();
        let kicker = lines.next().unwrap_or_default().to_owned();
        let title = lines.next().unwrap_or_default().to_owned();
        let mut article = Article {
            date,
            kicker,
            title,
            ..Article::default()
        };
        let mut in_body = false;
        for line in lines {
            if !in_body && line.starts_with("本报记者") {
                article.byline = line.to_owned();
                in_body = true;
                continue;
            }
            let kind = if !in_body {
                BlockKind::Caption
            } else if is_heading(line) {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            };
            article.blocks.push(Block {
                kind,
                text: line.to_owned(),
                mentions: Vec::new(),
            });
        }
        article
    }

    /// Marks every occurrence of the given mention texts in captions and paragraphs. Longer
    /// mentions win where two overlap (e.g. `涟深河沉淀池` over `涟深河`).
    pub fn link_mentions(&mut self, mentions: &[String]) {
        let mut by_length: Vec<&String> = mentions.iter().filter(|m| !m.is_empty()).collect();
        by_length.sort_by_key(|m| std::cmp::Reverse(m.len()));
        for block in &mut self.blocks {
            block.mentions.clear();
            if block.kind == BlockKind::Heading {
                continue;
            }
            for mention in &by_length {
                for (start, _) in block.text.match_indices(mention.as_str()) {
                    let range = start..start + mention.len();
                    let overlaps = block
                        .mentions
                        .iter()
                        .any(|m| m.byte_range.start < range.end && range.start < m.byte_range.end);
                    if !overlaps {
                        block.mentions.push(MentionSpan {
                            byte_range: range,
                            mention: (*mention).clone(),
                        });
                    }
                }
            }
            block.mentions.sort_by_key(|m| m.byte_range.start);
        }
    }

    /// The first block (index) that links `mention`, for scrolling to it.
    pub fn first_block_mentioning(&self, mention: &str) -> Option<usize> {
        self.blocks
            .iter()
            .position(|b| b.mentions.iter().any(|m| m.mention == mention))
    }

    /// Mention texts that were asked for but do not occur in the article.
    pub fn missing_mentions<'a>(&self, mentions: &'a [String]) -> Vec<&'a str> {
        mentions
            .iter()
            .filter(|m| self.first_block_mentioning(m).is_none())
            .map(String::as_str)
            .collect()
    }
}

/// A heading is a short line without sentence punctuation, like `固本培元 以凝心铸魂筑牢思想根源`.
fn is_heading(line: &str) -> bool {
    line.chars().count() <= 24 && !line.contains(['。', '，', ',', '“', '：'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Article {
        Article::parse(BUNDLED_ARTICLE)
    }

    #[test]
    fn bundled_article_has_title_date_and_byline() {
        let article = bundled();
        assert_eq!(article.date, "2024年10月01日");
        assert_eq!(article.kicker, "中站区城管局");
        assert_eq!(article.title, "恪守纪律严作风 履职尽责勇担当");
        assert!(article.byline.contains("王 冰"), "{}", article.byline);
        assert!(article.byline.contains("魏辰梓"), "{}", article.byline);
    }

    #[test]
    fn bundled_article_has_its_five_section_headings() {
        let article = bundled();
        let headings: Vec<&str> = article
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Heading)
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(
            headings,
            [
                "核心提示",
                "固本培元 以凝心铸魂筑牢思想根源",
                "弘扬正气 以作风建设净化政治生态",
                "强化纪律 以系统施治斩断腐败问题",
                "精准发力 以重点推进带动整体发展"
            ]
        );
    }

    #[test]
    fn captions_come_before_the_byline_and_nothing_is_lost() {
        let article = bundled();
        let captions = article
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Caption)
            .count();
        assert_eq!(captions, 4);
        let body_chars: usize = article.blocks.iter().map(|b| b.text.chars().count()).sum();
        let source_chars: usize = BUNDLED_ARTICLE
            .lines()
            .skip(1)
            .map(|l| l.trim().chars().count())
            .sum();
        let header_chars = [
            &article.date,
            &article.kicker,
            &article.title,
            &article.byline,
        ]
        .iter()
        .map(|s| s.chars().count())
        .sum::<usize>();
        assert_eq!(body_chars + header_chars, source_chars);
    }

    #[test]
    fn mentions_link_the_facility_counts_sentence() {
        let mut article = bundled();
        let mentions: Vec<String> = ["16处护学岗", "10处瓜果疏导区", "涟深河", "涟深河沉淀池"]
            .map(String::from)
            .to_vec();
        article.link_mentions(&mentions);
        let block = article
            .first_block_mentioning("16处护学岗")
            .and_then(|i| article.blocks.get(i))
            .unwrap();
        let linked: Vec<&str> = block
            .mentions
            .iter()
            .map(|m| &block.text[m.byte_range.clone()])
            .collect();
        assert_eq!(
            linked,
            ["16处护学岗", "10处瓜果疏导区", "涟深河沉淀池", "涟深河"],
            "longer mention wins where they overlap"
        );
        assert!(article.missing_mentions(&mentions).is_empty());
    }

    #[test]
    fn a_mention_absent_from_the_article_is_reported() {
        let mut article = bundled();
        let mentions = vec!["不存在的地方".to_owned()];
        article.link_mentions(&mentions);
        assert_eq!(article.missing_mentions(&mentions), ["不存在的地方"]);
    }
}
