//! Entry point: parse the command line, set up logging, tile settings and the window, run the
//! app.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use zhongzhan_map::app::{DataSource, MapApp};
use zhongzhan_map::command::{Command, SelectionOrigin, ViewCommand};
use zhongzhan_map::map::providers::TileSettings;
use zhongzhan_map::model::{Category, FacilityId};
use zhongzhan_map::ui::top_bar::APP_TITLE;
use zhongzhan_map::{APP_ID, fonts, logging};

const USAGE: &str = "usage: zhongzhan-map [--data FILE.geojson] [--pmtiles FILE.pmtiles]\n\
       zhongzhan-map --check FILE.geojson\n\
       zhongzhan-map --version\n\
  (every option also takes its value as --option=VALUE)\n\
  --data FILE      show the facilities of FILE instead of the bundled data\n\
  --check FILE     validate FILE (and holidays.txt beside it), print every problem,\n\
                   exit 1 on errors (no window)\n\
  --select ID      open with facility ID selected (e.g. school-post-01)\n\
  --category SLUG  open showing only one category (e.g. school-post)\n\
  --as-of TIME     evaluate opening hours at TIME, China time (e.g. \"2024-10-08 07:30\")\n\
  --open-now       show only facilities open now (or at --as-of)\n\
  --lang LANG      interface language: zh, en or both (remembered)\n\
  --pmtiles FILE   offer the raster tiles of FILE as an offline basemap\n\
environment:\n\
  TIANDITU_TK      Tianditu key (or put it in the file tianditu_tk in the config directory)";

struct Options {
    source: DataSource,
    pmtiles_path: Option<PathBuf>,
    check: Option<PathBuf>,
    startup: Vec<Command>,
}

/// One command-line argument: `--flag`, `--flag=value` or a bare value. Arguments are read as
/// `OsString`s, so a path that is not UTF-8 (GBK file names unpacked from a zip) is passed on
/// as it is instead of panicking in `std::env::args()`.
fn split_flag(arg: &std::ffi::OsStr) -> (Option<String>, Option<std::ffi::OsString>) {
    match arg.to_str() {
        Some(text) if text.starts_with("--") => match text.split_once('=') {
            Some((flag, value)) => (Some(flag.to_owned()), Some(value.into())),
            None => (Some(text.to_owned()), None),
        },
        Some(text) if text.starts_with('-') => (Some(text.to_owned()), None),
        _ => (None, Some(arg.to_owned())),
    }
}

fn parse_args() -> anyhow::Result<Options> {
    parse_args_from(std::env::args_os().skip(1))
}

fn parse_args_from(args: impl IntoIterator<Item = std::ffi::OsString>) -> anyhow::Result<Options> {
    let mut args = args.into_iter();
    let mut options = Options {
        source: DataSource::Bundled,
        pmtiles_path: None,
        check: None,
        startup: Vec::new(),
    };
    // Options that only make sense with a window (refused together with --check).
    let mut window_options: Vec<String> = Vec::new();
    while let Some(arg) = args.next() {
        let (flag, inline_value) = split_flag(&arg);
        let Some(flag) = flag else {
            bail!("unexpected argument {arg:?}\n{USAGE}");
        };
        let mut value = |what: &str| -> anyhow::Result<std::ffi::OsString> {
            match inline_value.clone().or_else(|| args.next()) {
                Some(value) => Ok(value),
                None => bail!("{flag} needs {what}"),
            }
        };
        let text = |value: std::ffi::OsString, what: &str| -> anyhow::Result<String> {
            value
                .into_string()
                .map_err(|raw| anyhow::anyhow!("{what} {raw:?} is not valid text"))
        };
        if !matches!(
            flag.as_str(),
            "--check" | "-h" | "--help" | "-V" | "--version"
        ) {
            window_options.push(flag.clone());
        }
        match flag.as_str() {
            "--data" => {
                options.source = DataSource::File(PathBuf::from(value("a file")?));
            }
            "--check" => {
                options.check = Some(PathBuf::from(value("a file")?));
            }
            "--select" => {
                let id = text(value("a facility id")?, "--select")?;
                options.startup.push(Command::View(ViewCommand::Select(
                    FacilityId(id),
                    SelectionOrigin::List,
                )));
            }
            "--category" => {
                let slug = text(value("a category")?, "--category")?;
                let Some(category) = Category::from_slug(&slug) else {
                    let known: Vec<&str> = Category::ALL.iter().map(|c| c.slug()).collect();
                    bail!("unknown category {slug:?}; known: {}", known.join(", "));
                };
                options
                    .startup
                    .push(Command::View(ViewCommand::ShowOnlyCategory(category)));
            }
            "--as-of" => {
                let text = text(value("a time")?, "--as-of")?;
                let moment = chrono::NaiveDateTime::parse_from_str(
                    text.trim(),
                    zhongzhan_map::model::time::AS_OF_FORMAT,
                )
                .with_context(|| format!("--as-of {text:?}: expected YYYY-MM-DD HH:MM"))?;
                options
                    .startup
                    .push(Command::View(ViewCommand::SetAsOf(Some(moment))));
            }
            "--open-now" => options
                .startup
                .push(Command::View(ViewCommand::SetOpenNowOnly(true))),
            "--lang" => {
                let code = text(value("zh, en or both")?, "--lang")?;
                let language = match code.as_str() {
                    "zh" => zhongzhan_map::i18n::Language::Chinese,
                    "en" => zhongzhan_map::i18n::Language::English,
                    "both" => zhongzhan_map::i18n::Language::Both,
                    other => bail!("--lang {other:?}: expected zh, en or both"),
                };
                options
                    .startup
                    .push(Command::View(ViewCommand::SetLanguage(language)));
            }
            "--pmtiles" => {
                options.pmtiles_path = Some(PathBuf::from(value("a file")?));
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            "-V" | "--version" => {
                println!("zhongzhan-map {}", env!("CARGO_PKG_VERSION"));
                std::process::exit(0);
            }
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    if options.check.is_some() && !window_options.is_empty() {
        bail!(
            "--check opens no window, so {} cannot be combined with it; run them separately",
            window_options.join(", ")
        );
    }
    Ok(options)
}

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

/// `--check FILE`: prints every problem of FILE and of the `holidays.txt` beside it, and exits
/// 0 (clean or warnings only) or 1 (errors).
fn check(path: &std::path::Path) -> anyhow::Result<()> {
    let decoded = zhongzhan_map::model::io::text::read_text(path)?;
    if decoded.encoding.is_notable() {
        println!("{}: read as {}", path.display(), decoded.encoding.name());
    }
    let text = decoded.text;
    let problems = zhongzhan_map::model::io::validate::validate(
        &text,
        zhongzhan_map::home_district().as_ref(),
    );
    for problem in &problems {
        println!("{}: {problem}", path.display());
    }
    let errors = problems
        .iter()
        .filter(|p| p.severity == zhongzhan_map::model::io::validate::Severity::Error)
        .count();
    println!(
        "{}: {errors} error(s), {} warning(s)",
        path.display(),
        problems.len() - errors
    );
    // The holidays file beside it, when there is one: every bad line is an error.
    let holidays = zhongzhan_map::model::io::holidays_file::load_holidays(Some(path));
    if let Some(file) = &holidays.file {
        for problem in &holidays.problems {
            println!("{}: error: {}", file.display(), problem.within_file());
        }
        println!(
            "{}: {} error(s) in the holidays file",
            file.display(),
            holidays.problems.len()
        );
    }
    let failed = errors > 0 || !holidays.problems.is_empty();
    std::process::exit(if failed { 1 } else { 0 });
}

fn main() -> anyhow::Result<()> {
    logging::init().context("cannot install the logger")?;
    let options = parse_args()?;
    if let Some(path) = &options.check {
        return check(path);
    }
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
    let source = options.source;
    let startup = options.startup;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> anyhow::Result<Options> {
        parse_args_from(args.iter().map(std::ffi::OsString::from))
    }

    #[test]
    fn an_option_takes_its_value_after_an_equals_sign_too() {
        let options = parse(&["--data=/tmp/x.geojson"]).unwrap();
        assert_eq!(options.source, DataSource::File("/tmp/x.geojson".into()));
    }

    #[test]
    fn check_refuses_options_that_need_a_window() {
        let error = parse(&["--check", "a.geojson", "--open-now"])
            .err()
            .unwrap();
        assert!(
            error.to_string().contains("--open-now cannot be combined"),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_gbk_file_name_is_a_path_not_a_panic() {
        use std::os::unix::ffi::OsStringExt;
        // "设施.geojson" in GBK: not UTF-8.
        let mut name = vec![0xC9, 0xE8, 0xCA, 0xA9];
        name.extend_from_slice(b".geojson");
        let args = vec![
            std::ffi::OsString::from("--data"),
            std::ffi::OsString::from_vec(name.clone()),
        ];
        let options = parse_args_from(args).unwrap();
        assert_eq!(
            options.source,
            DataSource::File(PathBuf::from(std::ffi::OsString::from_vec(name)))
        );
        let select = vec![
            std::ffi::OsString::from("--select"),
            std::ffi::OsString::from_vec(vec![0xC9, 0xE8]),
        ];
        assert!(
            parse_args_from(select)
                .err()
                .unwrap()
                .to_string()
                .contains("not valid text")
        );
    }
}
