//! The article panel: the whole source article in Chinese (in every interface language: it
//! is the source), with facility mentions drawn as links. Text is laid out once per width and highlight (cached galleys), so a frame only
//! paints; clicking a mention asks the app to show its facilities on the map.

use std::sync::Arc;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{
    Align, Color32, CursorIcon, FontId, Galley, Pos2, Rect, Role, Sense, Stroke, Ui, WidgetInfo,
};

use crate::command::{Command, ViewCommand};
use crate::i18n::{self, Language, Text};
use crate::model::Article;
use crate::model::article::{Block, BlockKind};
use crate::theme;

/// A laid-out block: its galley and the clickable rectangles of its mentions.
struct LaidOutBlock {
    galley: Arc<Galley>,
    /// `(mention text, rect relative to the galley origin, is first part)`.
    mention_rects: Vec<(String, Rect, bool)>,
}

/// Cache of laid-out article text, rebuilt only when the width or the highlighted mention
/// changes.
#[derive(Default)]
pub struct ArticleView {
    blocks: Vec<LaidOutBlock>,
    key: Option<(u32, Option<String>, bool)>,
    /// Scroll to this mention on the next frame.
    pub scroll_to_mention: Option<String>,
}

impl ArticleView {
    /// Draws the article. `active_mention` is drawn stronger (the current selection's).
    pub fn show(
        &mut self,
        ui: &mut Ui,
        article: &Article,
        active_mention: Option<&str>,
        lang: Language,
        commands: &mut Vec<Command>,
    ) {
        super::heading(ui, Text::ArticleHeading, lang);
        ui.label(
            egui::RichText::new(Text::ArticleHelp.tr(lang))
                .small()
                .weak(),
        );
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("article")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.label(
                    egui::RichText::new(&article.title)
                        .size(theme::ARTICLE_TITLE_SIZE)
                        .strong(),
                );
                ui.label(
                    egui::RichText::new(format!("{} · {}", article.date, article.kicker)).weak(),
                );
                ui.label(egui::RichText::new(&article.byline).weak());
                ui.add_space(8.0);
                self.show_blocks(ui, article, active_mention, lang, commands);
            });
    }

    fn show_blocks(
        &mut self,
        ui: &mut Ui,
        article: &Article,
        active_mention: Option<&str>,
        lang: Language,
        commands: &mut Vec<Command>,
    ) {
        let width = ui.available_width().max(100.0);
        let dark = ui.visuals().dark_mode;
        let key = (
            width.round() as u32,
            active_mention.map(str::to_owned),
            dark,
        );
        if self.key.as_ref() != Some(&key) || self.blocks.len() != article.blocks.len() {
            let text_colour = ui.visuals().text_color();
            self.blocks = article
                .blocks
                .iter()
                .map(|block| lay_out(ui, block, width, active_mention, text_colour))
                .collect();
            self.key = Some(key);
        }
        let scroll_target = self.scroll_to_mention.take();
        for (block_index, (laid_out, block)) in self.blocks.iter().zip(&article.blocks).enumerate()
        {
            if block.kind == BlockKind::Heading {
                ui.add_space(6.0);
            }
            let (rect, response) = ui.allocate_exact_size(laid_out.galley.size(), Sense::hover());
            response.widget_info(|| WidgetInfo::labeled(Role::Label, true, laid_out.galley.text()));
            if ui.is_rect_visible(rect) {
                ui.painter()
                    .galley(rect.min, laid_out.galley.clone(), ui.visuals().text_color());
            }
            for (part, (mention, relative, is_first)) in laid_out.mention_rects.iter().enumerate() {
                let link_rect = relative.translate(rect.min.to_vec2());
                if scroll_target.as_deref() == Some(mention.as_str()) && *is_first {
                    ui.scroll_to_rect(link_rect, Some(Align::Center));
                }
                // Links exist even when scrolled away, so screen readers (and tests) can find
                // and scroll to them; there are only a dozen.
                let id = ui.scope_id().with(("article-mention", block_index, part));
                let link = ui.interact(link_rect, id, Sense::click());
                link.widget_info(|| {
                    let label = if *is_first {
                        mention.clone()
                    } else {
                        i18n::mention_continued(lang, mention)
                    };
                    WidgetInfo::labeled(Role::Link, true, label)
                });
                if link.has_focus() {
                    // Keyboard focus is visible, and a link reached with Tab scrolls into view.
                    ui.painter().rect_stroke(
                        link_rect,
                        2.0,
                        Stroke::new(theme::FOCUS_RING_WIDTH_PX, theme::FOCUS_COLOUR),
                        egui::StrokeKind::Outside,
                    );
                    if link.gained_focus() {
                        ui.scroll_to_rect(link_rect, None);
                    }
                } else if link.hovered() {
                    ui.painter().rect_stroke(
                        link_rect,
                        2.0,
                        Stroke::new(1.0, theme::MENTION_TEXT),
                        egui::StrokeKind::Outside,
                    );
                }
                if link.clicked() {
                    commands.push(Command::View(ViewCommand::FocusMention(mention.clone())));
                }
                link.on_hover_cursor(CursorIcon::PointingHand)
                    .on_hover_text(i18n::mention_hint(lang, mention));
            }
            ui.add_space(match block.kind {
                BlockKind::Heading => 2.0,
                BlockKind::Paragraph | BlockKind::Caption => 8.0,
            });
        }
    }
}

fn lay_out(
    ui: &Ui,
    block: &Block,
    width: f32,
    active_mention: Option<&str>,
    text_colour: Color32,
) -> LaidOutBlock {
    let (font, colour, italics) = match block.kind {
        BlockKind::Heading => (
            FontId::proportional(theme::ARTICLE_HEADING_SIZE),
            theme::ARTICLE_HEADING,
            false,
        ),
        BlockKind::Paragraph => (
            FontId::proportional(theme::ARTICLE_FONT_SIZE),
            text_colour,
            false,
        ),
        BlockKind::Caption => (
            FontId::proportional(theme::ARTICLE_FONT_SIZE - 2.0),
            ui.visuals().weak_text_color(),
            true,
        ),
    };
    let plain = TextFormat {
        font_id: font.clone(),
        color: colour,
        italics,
        line_height: Some(font.size * 1.6),
        ..Default::default()
    };
    let mut job = LayoutJob {
        wrap: egui::text::TextWrapping {
            max_width: width,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut cursor = 0;
    for mention in &block.mentions {
        let range = mention.byte_range.clone();
        if let Some(before) = block.text.get(cursor..range.start) {
            job.append(before, 0.0, plain.clone());
        }
        let active = active_mention == Some(mention.mention.as_str());
        let link = TextFormat {
            color: theme::MENTION_TEXT,
            background: if active {
                theme::MENTION_ACTIVE_BACKGROUND
            } else {
                theme::MENTION_BACKGROUND
            },
            underline: Stroke::new(1.0, theme::MENTION_TEXT),
            ..plain.clone()
        };
        if let Some(text) = block.text.get(range.clone()) {
            job.append(text, 0.0, link);
        }
        cursor = range.end;
    }
    if let Some(rest) = block.text.get(cursor..) {
        job.append(rest, 0.0, plain);
    }
    let galley = ui.painter().layout_job(job);
    let mention_rects = block
        .mentions
        .iter()
        .flat_map(|mention| {
            let start = char_index(&block.text, mention.byte_range.start);
            let end = char_index(&block.text, mention.byte_range.end);
            span_rects(&galley, start, end)
                .into_iter()
                .enumerate()
                .map(|(i, rect)| (mention.mention.clone(), rect, i == 0))
                .collect::<Vec<_>>()
        })
        .collect();
    LaidOutBlock {
        galley,
        mention_rects,
    }
}

fn char_index(text: &str, byte_index: usize) -> usize {
    text.get(..byte_index).map_or(0, |s| s.chars().count())
}

/// Rectangles covering characters `start..end` of a galley, one per row it spans.
fn span_rects(galley: &Galley, start: usize, end: usize) -> Vec<Rect> {
    let start_rect = galley.pos_from_cursor(CCursor::new(start));
    let end_rect = galley.pos_from_cursor(CCursor::new(end));
    let row_of = |y: f32| {
        galley
            .rows
            .iter()
            .position(|row| y >= row.rect().top() - 0.5 && y < row.rect().bottom() - 0.5)
    };
    let (Some(first_row), Some(mut last_row)) =
        (row_of(start_rect.center().y), row_of(end_rect.center().y))
    else {
        return vec![start_rect.union(end_rect)];
    };
    let mut end_x = end_rect.left();
    // A span ending exactly at a wrap point reports the next row's start.
    if last_row > first_row
        && galley
            .rows
            .get(last_row)
            .is_some_and(|row| (end_x - row.rect().left()).abs() < 0.5)
    {
        last_row -= 1;
        end_x = galley
            .rows
            .get(last_row)
            .map_or(end_x, |r| r.rect().right());
    }
    (first_row..=last_row)
        .filter_map(|row_index| {
            let row = galley.rows.get(row_index)?.rect();
            let left = if row_index == first_row {
                start_rect.left()
            } else {
                row.left()
            };
            let right = if row_index == last_row {
                end_x
            } else {
                row.right()
            };
            Some(Rect::from_min_max(
                Pos2::new(left, row.top()),
                Pos2::new(right.max(left + 1.0), row.bottom()),
            ))
        })
        .collect()
}

/// Size hint for tests: a sensible panel width.
pub const DEFAULT_WIDTH_PX: f32 = 340.0;
