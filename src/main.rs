//! Entry point: parse the command line (`zhongzhan_map::cli`), then run a subcommand or set up
//! logging, tile settings and the window and run the app.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use zhongzhan_map::app::MapApp;
use zhongzhan_map::cli::{self, CliError, Invocation, WindowOptions};
use zhongzhan_map::map::providers::TileSettings;
use zhongzhan_map::ui::top_bar::APP_TITLE;
use zhongzhan_map::{APP_ID, fonts, logging};

/// Tile settings: Tianditu key from the environment or the config directory, tile cache in
/// the platform cache directory.
fn tile_settings(pmtiles_path: Option<PathBuf>) -> TileSettings {
    let dirs = directories::ProjectDirs::from("cn", "Zhongzhan", APP_ID);
    let key_from_file = dirs
        .as_ref()
        .map(|d| d.config_dir().join("tianditu_tk"))
        .and_then(|path| std::fs::read_to_string(path).ok());
    let tianditu_key = std::env::var("TIANDITU_TK")
        .ok()
        .or(key_from_file)
        .map(|key| key.trim().to_owned())
        .filter(|key| !key.is_empty());
    TileSettings {
        tianditu_key,
        pmtiles_path,
        cache_dir: dirs.map(|d| d.cache_dir().join("tiles")),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            let code = error
                .downcast_ref::<CliError>()
                .map_or(cli::EXIT_PROBLEMS, CliError::exit_code);
            eprintln!("error: {error:#}");
            ExitCode::from(code)
        }
    }
}

/// Parses the command line and does what it asks; the exit code when it returns.
fn run() -> anyhow::Result<u8> {
    let invocation = match cli::parse(std::env::args_os()) {
        // Usage errors (exit 2), --help and --version (exit 0), printed as clap words them.
        Err(CliError::Clap(error)) => error.exit(),
        other => other?,
    };
    logging::init().context("cannot install the logger")?;
    match invocation {
        Invocation::Window(options) => {
            open_window(*options)?;
            Ok(cli::EXIT_OK)
        }
        Invocation::Check(files) => {
            let outcome = cli::check::check_files(
                &files,
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            )?;
            Ok(outcome.exit_code())
        }
        Invocation::Convert(args) => {
            let today = zhongzhan_map::model::time::today_iso();
            cli::convert::convert(&args, &today, &mut std::io::stdout().lock())?;
            Ok(cli::EXIT_OK)
        }
        Invocation::Db(args) => {
            let today = zhongzhan_map::model::time::today_iso();
            let found_errors = cli::db::run(&args, &today, &mut std::io::stdout().lock())?;
            Ok(if found_errors {
                cli::EXIT_PROBLEMS
            } else {
                cli::EXIT_OK
            })
        }
        Invocation::Completions(shell) => {
            cli::write_completions(shell, &mut std::io::stdout().lock());
            Ok(cli::EXIT_OK)
        }
    }
}

/// Opens the window with `options` and runs the app until it closes.
fn open_window(options: WindowOptions) -> anyhow::Result<()> {
    let settings = tile_settings(options.pmtiles_path);
    log::info!(
        "tile cache: {:?}; Tianditu key: {}",
        settings.cache_dir,
        if settings.tianditu_key.is_some() {
            "set"
        } else {
            "not set"
        }
    );
    let viewport = egui::ViewportBuilder::default()
        .with_title(APP_TITLE)
        .with_app_id(APP_ID)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([480.0, 360.0]);
    let native_options = eframe::NativeOptions {
        viewport,
        // A size kept from a HiDPI run or a larger screen reopened wrongly sized (800x500 after
        // a scale-2 run); the app opens at its default size and adapts its panels to any size.
        persist_window: false,
        // Names staff type can hold characters outside the bundled GB2312 subset (堃 喆 赟):
        // eframe's `system_fonts` finds an installed CJK font for them on demand, after the
        // bundled one, so they never show as boxes (GUI tests keep the bundled fonts only and
        // still fail on a glyph no bundled font has).
        system_font_fallback: true,
        ..Default::default()
    };
    let WindowOptions {
        source, startup, ..
    } = options;
    eframe::run_native(
        APP_ID,
        native_options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            logging::repaint_on_tile_failure(&cc.egui_ctx);
            let persisted = MapApp::restore_view(cc.storage);
            let mut app = MapApp::new(source, persisted)
                .with_tile_settings(settings)
                .close_on_termination_signals(&cc.egui_ctx);
            // Unsaved edits are copied here and offered back after a crash or forced quit.
            if let Some(dirs) = directories::ProjectDirs::from("cn", "Zhongzhan", APP_ID) {
                app = app.with_recovery_dir(dirs.data_dir().to_path_buf());
            }
            if !startup.is_empty() {
                // Command-line filters are for this run: the stored view keeps its own.
                app.keep_stored_filters();
            }
            for command in startup {
                app.push_command(command);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
