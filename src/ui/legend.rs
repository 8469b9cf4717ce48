//! The legend, which is also the filter: one checkbox per category with its symbol and count,
//! grouped into services and public works, with "all" and "none".

use egui::{Sense, Ui, Vec2};

use crate::command::Command;
use crate::map::symbols::paint_symbol;
use crate::model::{Catalog, Category, CategoryFilter};
use crate::theme;

/// Draws the legend and pushes filter commands.
pub fn show(ui: &mut Ui, catalog: &Catalog, filter: &CategoryFilter, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.heading("图例与筛选");
        ui.label("Legend & filter");
    });
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!filter.shows_all(), egui::Button::new("全部 All"))
            .clicked()
        {
            commands.push(Command::ShowAllCategories);
        }
        if ui
            .add_enabled(!filter.shows_none(), egui::Button::new("全不选 None"))
            .clicked()
        {
            commands.push(Command::HideAllCategories);
        }
    });
    ui.add_space(4.0);
    for (heading, public_works) in [
        ("便民服务 Services", false),
        ("民生工程 Public works", true),
    ] {
        ui.label(egui::RichText::new(heading).small().weak());
        for category in Category::ALL
            .into_iter()
            .filter(|c| c.is_public_works() == public_works)
        {
            category_row(ui, catalog, filter, category, commands);
        }
        ui.add_space(4.0);
    }
    ui.label(egui::RichText::new("底图 Basemap").small().weak());
    basemap_row(
        ui,
        egui::Stroke::new(theme::HOME_OUTLINE_WIDTH_PX, theme::BASEMAP_HOME_OUTLINE),
        "中站区边界 District boundary (约百米精度 ~100 m)",
    );
    basemap_row(
        ui,
        egui::Stroke::new(theme::RIVER_WIDTH_PX + 0.5, theme::BASEMAP_RIVER),
        "河流，粗略 Rivers, coarse (公里级 km-scale)",
    );
    ui.add_space(4.0);
    ui.label(format!(
        "显示 {} / {} 处 · {} of {} shown",
        catalog.visible_count(filter),
        catalog.len(),
        catalog.visible_count(filter),
        catalog.len()
    ));
}

/// Accessible label of a category's checkbox, e.g. `护学岗 School guard post (16)`.
pub fn checkbox_label(category: Category, count: usize) -> String {
    format!("{} {} ({count})", category.name_zh(), category.name_en())
}

fn category_row(
    ui: &mut Ui,
    catalog: &Catalog,
    filter: &CategoryFilter,
    category: Category,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let size = Vec2::splat(theme::LEGEND_SYMBOL_RADIUS_PX * 2.6);
        let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
        paint_symbol(
            ui.painter(),
            rect.center(),
            theme::LEGEND_SYMBOL_RADIUS_PX,
            category,
        );
        let mut visible = filter.is_visible(category);
        let label = checkbox_label(category, catalog.count(category));
        if ui.checkbox(&mut visible, label).changed() {
            commands.push(Command::SetCategoryVisible(category, visible));
        }
    });
}

fn basemap_row(ui: &mut Ui, stroke: egui::Stroke, label: &str) {
    ui.horizontal(|ui| {
        let size = Vec2::new(theme::LEGEND_SYMBOL_RADIUS_PX * 2.6, 12.0);
        let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
        ui.painter()
            .line_segment([rect.left_center(), rect.right_center()], stroke);
        ui.label(egui::RichText::new(label).small());
    });
}
