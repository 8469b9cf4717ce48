//! Panel layout: the top bar, the legend and list, the article, the map and its overlays, in
//! the order egui needs them each frame.

use super::{DataSource, MapApp};

use egui::{Frame, Ui, Vec2};
use geo::Rect;
use walkers::{Map, Position};

use super::panels::PanelLayout;
use crate::command::{Command, EditCommand, UiCommand, ViewCommand};
use crate::i18n::{self, Text};
use crate::map::fit::fit_extent;
use crate::map::{DistrictBasemap, EditLayer, FacilityLayer};
use crate::ui::{dialogs, edit_bar, legend, list, top_bar};

impl MapApp {
    /// Draws one frame and applies the commands pushed while drawing.
    pub fn show(&mut self, ui: &mut Ui) {
        let lang = self.view.language;
        if self.title_language != Some(lang) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(
                Text::AppTitle.tr(lang).to_owned(),
            ));
            self.title_language = Some(lang);
        }
        self.poll_shared(ui.ctx());
        self.poll_loading(ui.ctx());
        self.poll_clusters();
        self.handle_termination(ui.ctx());
        self.handle_close_request(ui);
        self.poll_file_chooser(ui.ctx());
        self.take_dropped_files(ui);
        self.refresh_availability(false);
        if self.as_of.is_none() {
            // "Now" moves on: re-check at the next minute.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(20));
        }
        if self.editing.dialog.is_none() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            let drawing = matches!(self.editing.tool, crate::command::EditTool::DrawArea(_))
                && !self.editing.draft_corners.is_empty();
            self.commands.push(if drawing {
                Command::Edit(EditCommand::CancelDraftArea)
            } else {
                Command::View(ViewCommand::ClearSelection)
            });
        }
        // Panels follow the width before anything is drawn, so the top bar's toggles show
        // this frame's state.
        let window_width_pt = ui.ctx().content_rect().width();
        let has_sheet_content =
            self.selected.is_some() || self.focused_mention.is_some() || self.nearby.is_some();
        self.panels
            .adapt_to_width(window_width_pt, has_sheet_content);
        self.edit_shortcuts(ui);
        self.panel_shortcuts(ui);
        egui::Panel::top("top-bar").show(ui, |ui| {
            top_bar::show(
                ui,
                top_bar::TopBar {
                    data_origin: &self.data.origin,
                    unsurveyed_count: self.data.unsurveyed_count,
                    facility_count: self.data.catalog.len(),
                    load_error: self.data.error.as_deref(),
                    problems: &self.data.problems,
                    read_as: self.data.encoding.map(|e| e.name()),
                    holiday_problems: self
                        .data
                        .holidays_file
                        .as_deref()
                        .map(|file| (file, self.data.holiday_problems.as_slice())),
                    list_open: self.panels.list_open(),
                    sheet_open: self.panels.sheet_open(),
                    can_use_bundled: self.data.source != DataSource::Bundled,
                    basemap: self.view.basemap,
                    tile_settings: &self.tile_settings,
                    editing: self.editing.enabled,
                    unsaved_edits: self.editing.history.is_dirty(),
                    database: self.database_chip(),
                    edit_blocked: self.edit_blocked(),
                    language: lang,
                },
                &mut self.commands,
            );
            if self.editing.enabled {
                let save_target = match &self.data.source {
                    DataSource::File(_) => Some(self.data.origin.as_str()),
                    DataSource::Bundled | DataSource::Database(_) => None,
                };
                edit_bar::show(
                    ui,
                    edit_bar::EditBar {
                        tool: self.editing.tool,
                        undo: self
                            .editing
                            .history
                            .next_undo()
                            .map(|e| i18n::edit_description(e, lang)),
                        redo: self
                            .editing
                            .history
                            .next_redo()
                            .map(|e| i18n::edit_description(e, lang)),
                        dirty: self.editing.history.is_dirty(),
                        draft_corner_count: self.editing.draft_corners.len(),
                        save_target,
                        status: self
                            .editing
                            .status
                            .as_ref()
                            .map(|(text, is_error)| (text.get(lang), *is_error)),
                        language: lang,
                    },
                    &mut self.commands,
                );
            } else if let Some((text, is_error)) = &self.editing.status {
                let colour = if *is_error {
                    crate::theme::ERROR_TEXT
                } else {
                    crate::theme::SUCCESS_TEXT
                };
                ui.colored_label(colour, text.get(lang));
            }
            if let Some(loading) = &self.loading {
                crate::ui::load_progress::show(
                    ui,
                    crate::ui::load_progress::LoadProgressView {
                        file: &self.data.origin,
                        bytes: loading.bytes,
                        done_share: loading.done_share(),
                        elapsed_s: loading.started.elapsed().as_secs(),
                        language: lang,
                    },
                    &mut self.commands,
                );
            }
            if let Some(status) = self.save_status() {
                crate::ui::save_progress::show(
                    ui,
                    crate::ui::save_progress::SaveProgressView {
                        done: status.done,
                        total: status.total,
                        writing: status.writing,
                        language: lang,
                    },
                    &mut self.commands,
                );
            }
        });
        let max_panel_width_pt = PanelLayout::max_panel_width_pt(window_width_pt);
        let shown_count = self.shown_count();
        let in_force_text = self
            .moment()
            .format(crate::model::time::AS_OF_FORMAT)
            .to_string();
        if self.panels.list_open() {
            egui::Panel::left("legend-and-list")
                .resizable(true)
                .default_size(280.0_f32.min(max_panel_width_pt))
                .min_size(220.0_f32.min(max_panel_width_pt))
                .max_size(max_panel_width_pt)
                .show(ui, |ui| {
                    // A narrow panel cuts the legend's long labels with an ellipsis (full text
                    // on hover) instead of clipping them; the list rows lay out their own.
                    let wrap_mode = ui.style().wrap_mode;
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    legend::show(
                        ui,
                        &self.data.catalog,
                        &self.view.filter,
                        shown_count,
                        lang,
                        &mut self.commands,
                    );
                    // The hours filter's buttons keep their words.
                    ui.style_mut().wrap_mode = wrap_mode;
                    legend::hours_filter(
                        ui,
                        legend::HoursFilter {
                            open_now_only: self.view.open_now_only,
                            closed_count: self.closed.len(),
                            as_of_is_now: self.as_of.is_none(),
                            as_of_text: &mut self.as_of_text,
                            in_force_text: &in_force_text,
                            language: lang,
                        },
                        &mut self.commands,
                    );
                    ui.style_mut().wrap_mode = wrap_mode;
                    ui.separator();
                    let scroll_to_row = if std::mem::take(&mut self.scroll_list_to_cursor) {
                        self.list_cursor.or(Some(0))
                    } else if std::mem::take(&mut self.scroll_list_to_selection) {
                        self.selected
                            .and_then(|s| self.list_rows().iter().position(|&i| i == s))
                    } else {
                        None
                    };
                    list::show(
                        ui,
                        list::ListView {
                            catalog: &self.data.catalog,
                            order: super::data::list_rows(
                                self.search_matches.as_deref(),
                                &self.shown_order,
                            ),
                            sort_key: self.view.sort_key,
                            descending: self.view.sort_descending,
                            selected: self.selected,
                            cursor: self.list_cursor,
                            closed: &self.closed,
                            scroll_to_row,
                            search_text: &mut self.search_text,
                            language: lang,
                            reading: self.loading.is_some()
                                || self.shared.as_ref().is_some_and(|s| !s.is_loaded()),
                            load_failed: self.data.error.is_some(),
                        },
                        &mut self.commands,
                    );
                });
        }
        // The sheet sits beside the list, both on the left as in Google Maps, so the map keeps
        // one edge free (a right-hand panel did not take its width from the central map in
        // egui 0.37's headless runs: the map rect ran under it).
        // Keyboard order: top bar → legend → search → list → map → article. The map is drawn
        // last (it takes the space the panels leave), so it takes its place in the Tab order
        // here, under the id its widget had last frame.
        if let Some(map_id) = self.map_id {
            let layer_id = ui.layer_id();
            ui.ctx()
                .memory_mut(|memory| memory.interested_in_focus(map_id, layer_id));
        }
        if self.panels.sheet_open() {
            egui::Panel::left("sheet")
                .resizable(true)
                .default_size(crate::ui::article::DEFAULT_WIDTH_PX.min(max_panel_width_pt))
                .min_size(240.0_f32.min(max_panel_width_pt))
                .max_size(max_panel_width_pt)
                .show(ui, |ui| self.show_sheet(ui));
        }
        egui::CentralPanel::default()
            .frame(Frame::NONE)
            .show(ui, |ui| self.show_map(ui));
        dialogs::show(ui, &mut self.editing.dialog, lang, &mut self.commands);

        if !self.commands.is_empty() {
            // The next frame shows the result (e.g. a view fitted in `show_map`).
            ui.ctx().request_repaint();
        }
        self.apply_commands();
        self.poll_save(ui.ctx());
        self.flush_recovery(&ui.ctx().clone(), false);
    }

    pub(super) fn show_map(&mut self, ui: &mut Ui) {
        let map_size = ui.available_size();
        if let Some(extent) = self.pending_fit.take() {
            let display = Rect::new(
                self.prepared_datum.from_wgs84(extent.min()),
                self.prepared_datum.from_wgs84(extent.max()),
            );
            let (centre, zoom_level) = fit_extent(display, (map_size.x, map_size.y), 40.0);
            self.view.map_memory.center_at(centre);
            if let Err(error) = self.view.map_memory.set_zoom(zoom_level) {
                log::warn!("cannot fit zoom {zoom_level}: {error}");
            }
        }
        let moment = self.moment();
        let (base_tiles, label_tiles) =
            self.tiles
                .layers(self.view.basemap, &self.tile_settings, ui.ctx());
        // Reserved below the tiles for the offline basemap (see `DistrictBasemap`).
        let underlay = ui.painter().add(egui::Shape::Noop);
        let my_position = Position::from(self.prepared_datum.from_wgs84(self.home_centre.0));
        let mut map = Map::new(base_tiles, &mut self.view.map_memory, my_position);
        if let Some(labels) = label_tiles {
            map = map.with_layer(labels, 1.0);
        }
        let map = map
            .with_plugin(DistrictBasemap {
                districts: &self.prepared_districts,
                rivers: &self.prepared_rivers,
                underlay,
            })
            .with_plugin(FacilityLayer {
                catalog: &self.data.catalog,
                prepared: &self.data.prepared,
                filter: &self.view.filter,
                selected: self.selected,
                focused_mention: self.focused_mention.as_deref(),
                datum: self.prepared_datum,
                reference_point: self.nearby.as_ref().map(|n| n.point),
                clicks_select: !self.editing.enabled
                    || self.editing.tool == crate::command::EditTool::Select,
                clusters: &self.data.clusters,
                closed: &self.closed,
                moment,
                schedules: &self.data.schedules,
                shape_indices: &self.data.shape_indices,
                hide_closed: self.view.open_now_only,
                language: self.view.language,
                commands: &mut self.commands,
            });
        let mut edit_commands = Vec::new();
        // Shift+double-click zooms out (as in Google Maps and QGIS); walkers then must not zoom in.
        let zooming_out = ui.input(|i| i.modifiers.shift);
        let map = if self.editing.enabled {
            let drawing = matches!(self.editing.tool, crate::command::EditTool::DrawArea(_));
            map.with_plugin(EditLayer {
                tool: self.editing.tool,
                selected: self
                    .selected
                    .and_then(|i| self.data.catalog.facilities().get(i)),
                draft_corners: &self.editing.draft_corners,
                datum: self.prepared_datum,
                language: self.view.language,
                commands: &mut edit_commands,
            })
            // A double-click while drawing closes the area instead of zooming.
            .double_click_to_zoom(!drawing && !zooming_out)
        } else {
            map.double_click_to_zoom(!zooming_out)
        };
        // The wheel zooms about the pointer as in every map app (walkers' default needs Ctrl);
        // a trackpad pinch zooms too, and dragging pans.
        let map = map
            .zoom_with_ctrl(false)
            // walkers' default (2.0) zooms about 1.3 levels per wheel notch on X11; half that
            // is closer to other map apps, and a double-click still zooms one level.
            .zoom_speed(crate::theme::WHEEL_ZOOM_SPEED)
            .with_plugin(crate::map::scale_bar::ScaleBar {
                language: self.view.language,
            });
        let map_response = ui.add(map);
        self.map_has_focus = map_response.has_focus();
        // Closer than this there is nothing more to see on any basemap here.
        if self.view.map_memory.zoom() > crate::theme::MAX_ZOOM_LEVEL
            && let Err(error) = self.view.map_memory.set_zoom(crate::theme::MAX_ZOOM_LEVEL)
        {
            log::warn!("cannot limit the zoom: {error}");
        }
        if zooming_out && map_response.double_clicked() {
            self.commands.push(Command::View(ViewCommand::ZoomOut));
        }
        let map_rect = map_response.rect;
        if map_response.has_focus() {
            // The map took the keyboard focus (clicked, or reached with Tab): +/- and arrows act
            // on it, so show it.
            ui.painter().rect_stroke(
                map_rect.shrink(1.0),
                0.0,
                egui::Stroke::new(
                    crate::theme::FOCUS_RING_WIDTH_PX,
                    crate::theme::FOCUS_COLOUR,
                ),
                egui::StrokeKind::Inside,
            );
        }
        self.map_rect = Some(map_rect);
        self.map_keyboard(ui, &map_response);
        self.commands.append(&mut edit_commands);

        crate::ui::attribution::show(
            ui,
            map_rect,
            &crate::ui::attribution::Attribution {
                basemap: self.view.basemap,
                tile_settings: &self.tile_settings,
                tiles_in_progress: self.tiles.in_progress(),
                tile_failures: crate::logging::tile_failures(),
                language: self.view.language,
            },
        );
        if self.poster_active() {
            let subtitle = self.poster_subtitle();
            // Counted once per poster frame (a poster takes a few frames), not in normal frames.
            let shown_per_category = self.shown_per_category();
            crate::ui::poster::show(
                ui,
                map_rect,
                &crate::ui::poster::Poster {
                    catalog: &self.data.catalog,
                    filter: &self.view.filter,
                    shown_per_category: &shown_per_category,
                    subtitle: &subtitle,
                    language: self.view.language,
                },
            );
            self.poster_step(ui, map_rect);
            return;
        }
        let lang = self.view.language;
        crate::ui::map_controls::show(ui.ctx(), map_rect, lang, &mut self.commands);
    }

    /// Ctrl+B and Ctrl+J open and close the panels (also while typing: they type nothing);
    /// Ctrl+Q closes the window.
    fn panel_shortcuts(&mut self, ui: &Ui) {
        ui.input_mut(|input| {
            for command in [UiCommand::ToggleList, UiCommand::ToggleSheet] {
                if input.consume_shortcut(&command.shortcut())
                    && let Some(command) = command.command()
                {
                    self.commands.push(command);
                }
            }
        });
        if ui.input_mut(|i| i.consume_shortcut(&UiCommand::Quit.shortcut())) {
            // The close request goes through the unsaved-edits question.
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// Whether a widget other than the map has the keyboard (e.g. the search box): then keys
    /// type into it instead of acting on the map or the edit mode.
    pub(super) fn typing_in_a_field(&self, ui: &Ui) -> bool {
        ui.ctx()
            .memory(|m| m.focused())
            .is_some_and(|id| Some(id) != self.map_id)
    }

    /// Keys on the map (once it was clicked or dragged, or while the pointer is over it and no
    /// field has focus): `+`/`-` zoom, arrow keys pan by a quarter of the view.
    fn map_keyboard(&mut self, ui: &Ui, map_response: &egui::Response) {
        if map_response.clicked() || map_response.drag_started() {
            map_response.request_focus();
        }
        self.map_id = Some(map_response.id);
        if self.typing_in_a_field(ui) || !(map_response.has_focus() || map_response.hovered()) {
            return;
        }
        // Arrow keys pan the map instead of moving the focus to the next widget.
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                map_response.id,
                egui::EventFilter {
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    ..Default::default()
                },
            );
        });
        let step_px = (map_response.rect.size() / 4.0).min(Vec2::splat(200.0));
        let mut pan_px = Vec2::ZERO;
        ui.input(|input| {
            for event in &input.events {
                if let egui::Event::Text(text) = event {
                    match text.as_str() {
                        "+" | "=" => self.commands.push(Command::View(ViewCommand::ZoomIn)),
                        "-" | "_" => self.commands.push(Command::View(ViewCommand::ZoomOut)),
                        _ => {}
                    }
                }
            }
            for (key, direction) in [
                (egui::Key::ArrowLeft, Vec2::new(-1.0, 0.0)),
                (egui::Key::ArrowRight, Vec2::new(1.0, 0.0)),
                (egui::Key::ArrowUp, Vec2::new(0.0, -1.0)),
                (egui::Key::ArrowDown, Vec2::new(0.0, 1.0)),
            ] {
                if input.key_pressed(key) {
                    pan_px += direction * step_px;
                }
            }
        });
        if pan_px != Vec2::ZERO {
            self.commands
                .push(Command::View(ViewCommand::PanByPx([pan_px.x, pan_px.y])));
        }
    }
}
