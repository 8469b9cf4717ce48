//! `zhongzhan-map db …`: setting up and filling the bureau's shared PostgreSQL + PostGIS
//! database from the command line — `init` (create or migrate the schema; idempotent),
//! `import FILE` and `export FILE` (GeoJSON or CSV: the file and the database are both
//! [`FacilitySource`]s and the data moves through [`transfer`], the same path as `convert`) and
//! `check` (schema version and every facility's problems). The connection comes from
//! `--db URL`, `ZHONGZHAN_DB`, `DATABASE_URL` or the private file `database_url` in the config
//! directory (see [`crate::db::connection::url_file`]); only host, database and user are ever
//! printed, never the password.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::args::{ARGUMENTS, HELP_TEMPLATE};
use crate::cli::convert::{DatumArg, file_format};
use crate::cli::error::CliError;
use crate::cli::transfer::transfer;
use crate::db::{DbConfig, Store};
use crate::model::io::file_source::{FileFormat, FileSource};
use crate::model::io::import::SourceDatum;
use crate::model::source::FacilitySource;

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

/// What `db` does once connected; a file is known as a source (its format from its
/// extension) before anything is opened, so a wrong extension is a usage error first.
enum Step {
    Init,
    Import(FileSource),
    Export(FileSource),
    Check,
}

impl Step {
    fn of(action: &DbAction, date: &str) -> Result<Step, CliError> {
        Ok(match action {
            DbAction::Init => Step::Init,
            DbAction::Import { file, from_datum } => {
                let format = file_format(file)?;
                let datum = SourceDatum::from(*from_datum);
                let source = FileSource::new(file, format).from_datum(datum);
                // A GeoJSON file in WGS84 goes in as it is, so exporting it gives the same
                // file; a table or converted coordinates are recorded as an import.
                Step::Import(
                    if datum != SourceDatum::Wgs84 || format == FileFormat::Csv {
                        source.recording_import(date)
                    } else {
                        source
                    },
                )
            }
            DbAction::Export { file } => Step::Export(FileSource::new(file, file_format(file)?)),
            DbAction::Check => Step::Check,
        })
    }
}

/// Runs `db …`, printing what it did to `out`; `Ok(true)` when `check` found errors.
pub fn run(args: &DbArgs, date: &str, out: &mut dyn Write) -> Result<bool, CliError> {
    let step = Step::of(&args.action, date)?;
    let config = DbConfig::from_sources(args.url.as_deref())?;
    let mut store = Store::connect(&config)?;
    let target = store.describe();
    match step {
        Step::Init => {
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
        Step::Import(mut file) => {
            transfer(&mut file, &mut store, "zhongzhan-map db check", out)?;
            Ok(false)
        }
        Step::Export(mut file) => {
            let check_command = format!("zhongzhan-map check {}", file.path().display());
            transfer(&mut store, &mut file, &check_command, out)?;
            Ok(false)
        }
        Step::Check => {
            let version = store.check_schema()?;
            let check = store.check()?;
            for (id, problem) in &check.problems {
                writeln!(out, "{target}: {id}: {problem}")?;
            }
            writeln!(
                out,
                "{target}: schema version {version}, {} facilities, {} error(s)",
                check.facility_count,
                check.error_count()
            )?;
            Ok(check.error_count() > 0)
        }
    }
}
