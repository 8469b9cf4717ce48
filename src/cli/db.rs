//! `zhongzhan-map db …`: setting up and filling the bureau's shared PostgreSQL + PostGIS
//! database from the command line — `init` (create or migrate the schema; idempotent),
//! `import FILE` and `export FILE` (GeoJSON or CSV, through the same readers, rules and safe
//! save as files) and `check` (schema version and every facility's problems). The connection
//! comes from `--db URL`, `ZHONGZHAN_DB`, `DATABASE_URL` or the private file `database_url` in
//! the config directory (see [`crate::db::connection::url_file`]); only host, database and user
//! are ever printed, never the password.

use std::io::Write;
use std::path::PathBuf;

use crate::app::COLLECTION_NAME;
use crate::cli::args::{ARGUMENTS, HELP_TEMPLATE};
use crate::cli::convert::{DatumArg, FileFormat};
use crate::cli::error::CliError;
use crate::db::{DbConfig, Store};
use crate::model::Facility;
use crate::model::io::csv_table::to_csv_text;
use crate::model::io::import::{ImportFormat, SourceDatum, import_text, record_import};
use crate::model::io::load::read_text_file;
use crate::model::io::save::{save_atomically, to_geojson_text};

/// `db` and its options.
#[derive(Debug, clap::Args)]
pub struct DbArgs {
    /// 数据库地址（否则用 ZHONGZHAN_DB、DATABASE_URL 或配置目录中的 database_url 文件） Database
    /// URL (else ZHONGZHAN_DB, DATABASE_URL or the file database_url in the config directory),
    /// e.g. postgresql://user@host/db?sslmode=require
    #[arg(long = "db", value_name = "URL", global = true)]
    pub url: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub action: DbAction,
}

/// The `db` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum DbAction {
    /// 创建或升级数据库结构（可重复运行） Create or migrate the schema (safe to repeat)
    #[command(help_template = HELP_TEMPLATE, disable_help_flag = true)]
    Init,
    /// 把 GeoJSON 或 CSV 文件导入数据库 Import a GeoJSON or CSV file into the database
    #[command(help_template = HELP_TEMPLATE, disable_help_flag = true)]
    Import {
        /// 要导入的文件 The file to import (.geojson, .json or .csv)
        #[arg(value_name = "FILE", help_heading = ARGUMENTS)]
        file: PathBuf,
        /// 文件坐标的基准 The datum of the file's coordinates
        #[arg(long, value_enum, value_name = "DATUM", default_value_t = DatumArg::Wgs84)]
        from_datum: DatumArg,
    },
    /// 把数据库中的设施导出为 GeoJSON 或 CSV Export the database's facilities as GeoJSON or CSV
    #[command(help_template = HELP_TEMPLATE, disable_help_flag = true)]
    Export {
        /// 输出文件 The file to write (.geojson, .json or .csv)
        #[arg(value_name = "FILE", help_heading = ARGUMENTS)]
        file: PathBuf,
    },
    /// 检查数据库结构版本和每个设施的问题 Check the schema version and every facility's problems
    #[command(help_template = HELP_TEMPLATE, disable_help_flag = true)]
    Check,
}

/// Runs `db …`, printing what it did to `out`; `Ok(true)` when `check` found errors.
pub fn run(args: &DbArgs, date: &str, out: &mut dyn Write) -> Result<bool, CliError> {
    let config = DbConfig::from_sources(args.url.as_deref())?;
    let mut store = Store::connect(&config)?;
    let target = config.to_string();
    match &args.action {
        DbAction::Init => {
            let report = store.init()?;
            if report.was_up_to_date() {
                writeln!(
                    out,
                    "{target}: schema version {} is up to date",
                    report.to_version
                )?;
            } else {
                writeln!(
                    out,
                    "{target}: schema version {} → {}{}",
                    report.from_version,
                    report.to_version,
                    if report.installed_postgis {
                        " (PostGIS installed)"
                    } else {
                        ""
                    }
                )?;
            }
            Ok(false)
        }
        DbAction::Import { file, from_datum } => {
            let format = match FileFormat::of(file)? {
                FileFormat::GeoJson => ImportFormat::GeoJson,
                FileFormat::Csv => ImportFormat::Csv,
            };
            let datum = SourceDatum::from(*from_datum);
            let decoded = read_text_file(file)?;
            let origin = file.display().to_string();
            let mut facilities = import_text(&decoded.text, &origin, format, datum)?;
            if facilities.is_empty() {
                return Err(CliError::Empty { path: file.clone() });
            }
            if *from_datum != DatumArg::Wgs84 || format == ImportFormat::Csv {
                record_import(&mut facilities, file, date, datum);
            }
            let report = store.import(&facilities)?;
            writeln!(
                out,
                "{origin}: read {} facilities as {}; {target}: {} inserted, {} updated, {} unchanged",
                facilities.len(),
                decoded.encoding.name(),
                report.inserted,
                report.updated,
                report.unchanged
            )?;
            Ok(false)
        }
        DbAction::Export { file } => {
            let format = FileFormat::of(file)?;
            let facilities = store.export()?;
            let text = match format {
                FileFormat::GeoJson => to_geojson_text(&facilities, Some(COLLECTION_NAME))?,
                FileFormat::Csv => to_csv_text(&facilities)?,
            };
            save_atomically(file, &text, 1)?;
            writeln!(
                out,
                "{target}: wrote {} facilities to {}",
                facilities.len(),
                file.display()
            )?;
            Ok(false)
        }
        DbAction::Check => {
            let version = store.check_schema()?;
            let facilities = store.export()?;
            let mut errors = 0;
            for facility in &facilities {
                for problem in Facility::problems(facility) {
                    if problem.is_error() {
                        errors += 1;
                    }
                    writeln!(out, "{target}: {}: {problem}", facility.id)?;
                }
            }
            writeln!(
                out,
                "{target}: schema version {version}, {} facilities, {errors} error(s)",
                facilities.len()
            )?;
            Ok(errors > 0)
        }
    }
}
