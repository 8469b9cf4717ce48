//! Entry point: parse the command line, set up logging and the window, run the app.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use zhongzhan_map::app::{DataSource, MapApp};
use zhongzhan_map::ui::top_bar::APP_TITLE;
use zhongzhan_map::{APP_ID, fonts};

const USAGE: &str = "usage: zhongzhan-map [--data FILE.geojson]\n\
  --data FILE   show the facilities of FILE instead of the bundled data";

fn parse_args() -> anyhow::Result<DataSource> {
    let mut args = std::env::args().skip(1);
    let mut source = DataSource::Bundled;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data" => {
                let path = args.next().context("--data needs a file")?;
                source = DataSource::File(PathBuf::from(path));
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    Ok(source)
}

fn main() -> anyhow::Result<()> {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let source = parse_args()?;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(APP_TITLE)
            .with_app_id(APP_ID)
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([900.0, 600.0]),
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            let persisted = MapApp::restore_view(cc.storage);
            Ok(Box::new(MapApp::new(source, persisted)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
