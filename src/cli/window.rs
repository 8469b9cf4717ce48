//! The window's options (`--data`, `--db`, `--pmtiles`, `--select`, `--category`, `--as-of`,
//! `--open-now`, `--lang`) and the [`WindowOptions`] they become: where the data comes from,
//! the offline basemap, and the commands the app applies before its first frame.

use std::path::PathBuf;

use chrono::NaiveDateTime;
use clap::builder::{PossibleValuesParser, TypedValueParser as _};

use crate::app::DataSource;
use crate::cli::CliError;
use crate::command::{Command, SelectionOrigin, ViewCommand};
use crate::i18n::Language;
use crate::model::{Category, FacilityId};

/// The options that open the window as they were given.
#[derive(Debug, Default, clap::Args)]
#[command(next_help_heading = "窗口选项 Window options")]
pub struct WindowArgs {
    /// 显示 FILE 中的设施（代替内置数据） Show the facilities of FILE instead of the bundled data
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,

    /// 打开共享数据库（PostgreSQL + PostGIS）中的地图 Open the shared map in a PostgreSQL +
    /// PostGIS database (postgresql://user:password@host:port/db; the password is never shown).
    /// `--db` alone: the URL from ZHONGZHAN_DB, DATABASE_URL or the private file database_url in
    /// the config directory
    #[arg(
        long,
        value_name = "URL",
        conflicts_with = "data",
        value_parser = DbUrlParser,
        num_args = 0..=1,
        default_missing_value = ""
    )]
    pub db: Option<crate::db::DbConfig>,

    /// 以 FILE 的栅格瓦片作离线底图 Offer the raster tiles of FILE as an offline basemap
    #[arg(long, value_name = "FILE")]
    pub pmtiles: Option<PathBuf>,

    /// 打开时选中设施 ID Open with facility ID selected (e.g. school-post-01)
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,

    /// 只显示一个类别 Open showing only one category (e.g. school-post)
    #[arg(long, value_name = "SLUG", value_parser = category_parser())]
    pub category: Option<Category>,

    /// 按此北京时间判断开放 Evaluate opening hours at TIME, China time (e.g. "2024-10-08 07:30")
    #[arg(long = "as-of", value_name = "TIME", value_parser = parse_as_of)]
    pub as_of: Option<NaiveDateTime>,

    /// 只看开放中 Show only facilities open now (or at --as-of)
    #[arg(long)]
    pub open_now: bool,

    /// 界面语言（会记住） Interface language (remembered)
    #[arg(long, value_name = "LANG", value_enum)]
    pub lang: Option<LangArg>,
}

/// `--lang`: the interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// 中文 Chinese only
    Zh,
    /// English only
    En,
    /// 中英 Chinese and English
    Both,
}

impl From<LangArg> for Language {
    fn from(lang: LangArg) -> Language {
        match lang {
            LangArg::Zh => Language::Chinese,
            LangArg::En => Language::English,
            LangArg::Both => Language::Both,
        }
    }
}

/// What the window opens with.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowOptions {
    /// The facilities shown.
    pub source: DataSource,
    /// A PMTiles file offered as an offline basemap.
    pub pmtiles_path: Option<PathBuf>,
    /// Commands applied before the first frame (language, time, filters, then the selection,
    /// so its panning comes last). When there are any, the stored view keeps its own filters
    /// (`MapApp::keep_stored_filters`).
    pub startup: Vec<Command>,
}

impl WindowArgs {
    /// The options given, by their flags (for the message refusing them with `--check`).
    pub fn given(&self) -> Vec<&'static str> {
        [
            ("--data", self.data.is_some()),
            ("--db", self.db.is_some()),
            ("--pmtiles", self.pmtiles.is_some()),
            ("--select", self.select.is_some()),
            ("--category", self.category.is_some()),
            ("--as-of", self.as_of.is_some()),
            ("--open-now", self.open_now),
            ("--lang", self.lang.is_some()),
        ]
        .into_iter()
        .filter_map(|(flag, given)| given.then_some(flag))
        .collect()
    }

    /// The window's options and startup commands.
    pub fn into_options(self) -> WindowOptions {
        let mut startup = Vec::new();
        if let Some(lang) = self.lang {
            startup.push(ViewCommand::SetLanguage(lang.into()));
        }
        if let Some(moment) = self.as_of {
            startup.push(ViewCommand::SetAsOf(Some(moment)));
        }
        if let Some(category) = self.category {
            startup.push(ViewCommand::ShowOnlyCategory(category));
        }
        if self.open_now {
            startup.push(ViewCommand::SetOpenNowOnly(true));
        }
        if let Some(id) = self.select {
            startup.push(ViewCommand::Select(
                FacilityId(id.into()),
                SelectionOrigin::List,
            ));
        }
        WindowOptions {
            source: match (self.db, self.data) {
                (Some(config), _) => DataSource::Database(Box::new(config)),
                (None, Some(path)) => DataSource::File(path),
                (None, None) => DataSource::Bundled,
            },
            pmtiles_path: self.pmtiles,
            startup: startup.into_iter().map(Command::View).collect(),
        }
    }
}

/// `--category`: one of the category slugs (clap lists them in the help, in errors and in
/// completions).
fn category_parser() -> impl clap::builder::TypedValueParser<Value = Category> {
    PossibleValuesParser::new(Category::ALL.map(Category::slug))
        .try_map(|slug| Category::from_slug(&slug).ok_or(CliError::UnknownCategory { slug }))
}

/// `--db`: a PostgreSQL URL, or — `--db` alone — the one from the environment or the private
/// config file (only an explicit `--db` opens the window on a database). Its error never
/// repeats the value, which holds the password (clap's own errors quote the value).
#[derive(Debug, Clone, Copy)]
struct DbUrlParser;

impl clap::builder::TypedValueParser for DbUrlParser {
    type Value = crate::db::DbConfig;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let refused = |message: String| {
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("--db: {message}\n"),
            )
        };
        let text = value
            .to_str()
            .ok_or_else(|| refused("the URL is not valid UTF-8".to_owned()))?;
        // `--db` alone: the environment or the private config file (no password on the
        // command line, where other users' `ps` can see it).
        let url = Some(text).filter(|text| !text.is_empty());
        crate::db::DbConfig::from_sources(url).map_err(|e| refused(e.to_string()))
    }
}

/// `--as-of`: a China time as `YYYY-MM-DD HH:MM`.
fn parse_as_of(text: &str) -> Result<NaiveDateTime, CliError> {
    NaiveDateTime::parse_from_str(text.trim(), crate::model::time::AS_OF_FORMAT).map_err(|_| {
        CliError::BadTime {
            text: text.to_owned(),
        }
    })
}
