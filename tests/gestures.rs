//! Map gestures as a person makes them: the mouse wheel zooms about the pointer without Ctrl,
//! a trackpad pinch zooms, a double-click zooms in, and on the map `+`/`-` zoom and the arrow
//! keys pan. (walkers' defaults need Ctrl for the wheel and ignore double-clicks.)

#![allow(clippy::unwrap_used, reason = "a test fails loudly on bad fixtures")]

#[expect(
    dead_code,
    reason = "each test binary uses only some of the shared helpers"
)]
mod common;

use common::{AppHarness, build, click_at, window};
use egui_kittest::kittest::{NodeT, Queryable};
use zhongzhan_map::app::{DataSource, MapApp};

/// The app in its window with real frame spacing (1/60 s), so two clicks are a double-click as
/// on a desktop.
fn harness() -> AppHarness {
    let mut harness = build(
        window().with_step_dt(1.0 / 60.0),
        MapApp::new(DataSource::Bundled, None),
    );
    harness.run();
    harness
}

fn zoom_level(harness: &AppHarness) -> f64 {
    harness.state().view().map_memory.zoom()
}

/// A point of the map away from the overlays (controls top-left, attribution bottom-right) and
/// from any facility symbol: a little below the centre of the map.
fn on_the_map(harness: &AppHarness) -> egui::Pos2 {
    let rect = harness.state().map_rect().unwrap();
    rect.center() + egui::vec2(0.0, rect.height() * 0.3)
}

fn double_click_at(harness: &mut AppHarness, pos: egui::Pos2) {
    double_click_with(harness, pos, egui::Modifiers::NONE);
}

fn double_click_with(harness: &mut AppHarness, pos: egui::Pos2, modifiers: egui::Modifiers) {
    harness.event(egui::Event::ModifiersChanged(modifiers));
    harness.event(egui::Event::PointerMoved(pos));
    // The harness gives every event its own frame; frames are 1/60 s apart here (see
    // `harness`), well within egui's 0.3 s double-click delay.
    for _ in 0..2 {
        for pressed in [true, false] {
            harness.event(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers,
            });
        }
    }
    harness.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    harness.run();
}

#[test]
fn shift_double_click_zooms_out_one_level() {
    let mut harness = harness();
    let before = zoom_level(&harness);
    let spot = on_the_map(&harness);
    double_click_with(&mut harness, spot, egui::Modifiers::SHIFT);
    let after = zoom_level(&harness);
    assert!(
        (before - after - 1.0).abs() < 0.01,
        "zoom {before} -> {after}: one level out, not in"
    );
}

#[test]
fn the_mouse_wheel_over_the_map_zooms_in_without_ctrl() {
    let mut harness = harness();
    let before = zoom_level(&harness);
    harness.event(egui::Event::PointerMoved(on_the_map(&harness)));
    harness.run();
    for _ in 0..5 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, 3.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Default::default(),
        });
        harness.step();
    }
    harness.run();
    let after = zoom_level(&harness);
    assert!(after > before + 0.2, "wheel up: zoom {before} → {after}");

    for _ in 0..10 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, -3.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Default::default(),
        });
        harness.step();
    }
    harness.run();
    assert!(zoom_level(&harness) < after - 0.2, "wheel down zooms out");
}

#[test]
fn a_trackpad_pinch_zooms() {
    let mut harness = harness();
    let before = zoom_level(&harness);
    harness.event(egui::Event::PointerMoved(on_the_map(&harness)));
    harness.event(egui::Event::Zoom(1.5));
    harness.run();
    assert!(
        zoom_level(&harness) > before + 0.2,
        "pinch: {before} → {}",
        zoom_level(&harness)
    );
}

#[test]
fn a_double_click_on_the_map_zooms_in() {
    let mut harness = harness();
    let before = zoom_level(&harness);
    let pos = on_the_map(&harness);
    double_click_at(&mut harness, pos);
    let after = zoom_level(&harness);
    assert!(
        after > before + 0.5,
        "double-click: zoom {before} → {after}"
    );
}

#[test]
fn plus_and_minus_zoom_and_arrows_pan_the_clicked_map() {
    let mut harness = harness();
    let pos = on_the_map(&harness);
    click_at(&mut harness, pos);
    let before = zoom_level(&harness);
    harness.event(egui::Event::Text("+".to_owned()));
    harness.run();
    assert!(
        (zoom_level(&harness) - (before + 1.0)).abs() < 1e-6,
        "+ zooms in one level: {before} → {}",
        zoom_level(&harness)
    );
    harness.event(egui::Event::Text("-".to_owned()));
    harness.run();
    assert!(
        (zoom_level(&harness) - before).abs() < 1e-6,
        "- zooms back out"
    );

    let centre = |h: &AppHarness| {
        let memory = &h.state().view().map_memory;
        memory.detached().map(|p| (p.x(), p.y()))
    };
    let start = centre(&harness);
    harness.key_press(egui::Key::ArrowRight);
    harness.run();
    let moved = centre(&harness).unwrap();
    let start = start.unwrap_or(moved);
    assert!(moved.0 > start.0, "→ pans east: {start:?} → {moved:?}");
    assert!((moved.1 - start.1).abs() < 1e-9, "→ keeps the latitude");
}

#[test]
fn tabbing_through_the_as_of_field_without_typing_keeps_the_time_running() {
    let mut harness = harness();
    let field = harness.get_by_label("查看时间 As of");
    field.focus();
    harness.run();
    harness.key_press(egui::Key::Tab);
    harness.run();
    // "Now" stays disabled (the moment in force is still now), no "Back to now" appears.
    assert!(harness.query_by_label("回到现在 Back to now").is_none());
    harness.get_by_label("现在 Now");
}

#[test]
fn tab_goes_from_the_list_to_the_map_and_then_to_the_article() {
    use egui::accesskit::Role;
    let mut harness = harness();
    harness.get_by_label("搜索 Search").focus();
    harness.run();
    let focused_role = |h: &AppHarness| {
        h.query_all(egui_kittest::kittest::by().predicate(|node| node.is_focused()))
            .next()
            .map(|node| node.accesskit_node().role())
    };
    let mut link_before_map = None;
    let mut reached_map = false;
    for step in 0..400 {
        harness.key_press(egui::Key::Tab);
        harness.run();
        if harness.state().map_has_focus() {
            reached_map = true;
            break;
        }
        if focused_role(&harness) == Some(Role::Link) {
            link_before_map = Some(step);
        }
    }
    assert!(reached_map, "Tab from the search reaches the map");
    assert_eq!(
        link_before_map, None,
        "no article link comes before the map"
    );
    // Then the sheet: its tabs, then the article's links.
    let mut tabs_to_link = None;
    for step in 1..40 {
        harness.key_press(egui::Key::Tab);
        harness.run();
        assert!(!harness.state().map_has_focus(), "the map comes once");
        if focused_role(&harness) == Some(Role::Link) {
            tabs_to_link = Some(step);
            break;
        }
    }
    assert!(tabs_to_link.is_some(), "the article's links follow the map");
    // Shift+Tab walks back to the map.
    for _ in 0..40 {
        harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Tab);
        harness.run();
        if harness.state().map_has_focus() {
            return;
        }
    }
    panic!("Shift+Tab from the article does not reach the map");
}
