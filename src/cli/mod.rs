//! The command line (clap, derive): the window's options, which it turns into the app's
//! startup commands, and the subcommands that run without a window — `check` (with its old
//! spelling `--check FILE`), `convert` and `completions`. `main` parses with [`parse`] and
//! dispatches on the [`Invocation`]; the help is in Chinese and English.
//!
//! Arguments are read as `OsString`s and paths stay `PathBuf`s, so a file name that is not
//! UTF-8 (GBK names unpacked from a zip) is passed on as the system gives it. Exit codes:
//! [`EXIT_OK`], [`EXIT_PROBLEMS`], [`EXIT_USAGE`]. A new family of subcommands (issue 13's
//! `db …`) is one more variant of [`Subcommand`] and one more arm in [`parse`].

pub mod args;
pub mod check;
pub mod convert;
pub mod db;
pub mod error;
pub mod transfer;
pub mod window;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{CommandFactory as _, FromArgMatches as _};

pub use args::{Cli, Subcommand};
pub use convert::ConvertArgs;
pub use error::CliError;
pub use window::WindowOptions;

/// Exit code: everything went well (the files checked have no errors).
pub const EXIT_OK: u8 = 0;
/// Exit code: problems were found (a checked file has errors, a file could not be read or
/// written).
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit code: the command line itself is wrong (unknown option, bad value, options that do not
/// go together); nothing was done.
pub const EXIT_USAGE: u8 = 2;

/// The program's name, as completions and the help print it.
pub const BIN_NAME: &str = "zhongzhan-map";

/// What the command line asks for.
#[derive(Debug)]
pub enum Invocation {
    /// Open the window.
    Window(Box<WindowOptions>),
    /// Check data files (`check FILE…` or `--check FILE`).
    Check(Vec<PathBuf>),
    /// Convert a file to another format (`convert IN OUT`).
    Convert(ConvertArgs),
    /// Work on the shared database (`db init|import|export|check`).
    Db(db::DbArgs),
    /// Print a completion script for a shell.
    Completions(clap_complete::Shell),
}

/// The clap command with everything the derive does not say: the program name and the help
/// wording (used for parsing, `--help` and completion scripts).
pub fn command() -> clap::Command {
    Cli::command().name(BIN_NAME).bin_name(BIN_NAME)
}

/// Parses the whole command line (`args` starts with the program's name, as
/// `std::env::args_os()` gives it). `--help` and `--version` come back as a
/// [`CliError::Clap`] whose `exit` prints them and exits 0.
pub fn parse<I, T>(args: I) -> Result<Invocation, CliError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = command().try_get_matches_from(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    match (cli.command, cli.check) {
        (Some(Subcommand::Check { files }), _) => Ok(Invocation::Check(files)),
        (Some(Subcommand::Convert(convert)), _) => Ok(Invocation::Convert(convert)),
        (Some(Subcommand::Completions { shell }), _) => Ok(Invocation::Completions(shell)),
        (Some(Subcommand::Db(db)), _) => Ok(Invocation::Db(db)),
        (None, Some(files)) => {
            let options = cli.window.given();
            if options.is_empty() {
                Ok(Invocation::Check(files))
            } else {
                Err(CliError::CheckWithWindowOptions { options })
            }
        }
        (None, None) => Ok(Invocation::Window(Box::new(cli.window.into_options()))),
    }
}

/// Writes the completion script for `shell` to `out`.
pub fn write_completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    clap_complete::generate(shell, &mut command(), BIN_NAME, out);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly on a bad fixture")]

    use super::*;
    use crate::app::DataSource;
    use crate::command::{Command, SelectionOrigin, ViewCommand};
    use crate::model::{Category, FacilityId};

    fn parse_args(args: &[&str]) -> Result<Invocation, CliError> {
        parse(std::iter::once(BIN_NAME).chain(args.iter().copied()))
    }

    fn window(args: &[&str]) -> WindowOptions {
        match parse_args(args).unwrap() {
            Invocation::Window(options) => *options,
            other => panic!("expected the window, got {other:?}"),
        }
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn an_option_takes_its_value_after_an_equals_sign_too() {
        let options = window(&["--data=/tmp/x.geojson", "--pmtiles=/tmp/t.pmtiles"]);
        assert_eq!(options.source, DataSource::File("/tmp/x.geojson".into()));
        assert_eq!(options.pmtiles_path, Some("/tmp/t.pmtiles".into()));
    }

    #[test]
    fn no_arguments_open_the_bundled_data_with_no_startup_commands() {
        let options = window(&[]);
        assert_eq!(options.source, DataSource::Bundled);
        assert_eq!(options.pmtiles_path, None);
        assert!(options.startup.is_empty());
    }

    #[test]
    fn window_options_become_startup_commands_with_the_selection_last() {
        let options = window(&[
            "--select",
            "school-post-01",
            "--category=school-post",
            "--as-of",
            "2024-10-08 07:30",
            "--open-now",
            "--lang",
            "en",
        ]);
        let moment = chrono::NaiveDateTime::parse_from_str(
            "2024-10-08 07:30",
            crate::model::time::AS_OF_FORMAT,
        )
        .unwrap();
        assert_eq!(
            options.startup,
            vec![
                Command::View(ViewCommand::SetLanguage(crate::i18n::Language::English)),
                Command::View(ViewCommand::SetAsOf(Some(moment))),
                Command::View(ViewCommand::ShowOnlyCategory(Category::SchoolPost)),
                Command::View(ViewCommand::SetOpenNowOnly(true)),
                Command::View(ViewCommand::Select(
                    FacilityId("school-post-01".into()),
                    SelectionOrigin::List,
                )),
            ]
        );
    }

    #[test]
    fn an_option_given_twice_keeps_its_last_value() {
        let options = window(&["--data", "a.geojson", "--data", "b.geojson"]);
        assert_eq!(options.source, DataSource::File("b.geojson".into()));
    }

    #[test]
    fn check_takes_several_files_and_the_old_flag_still_works() {
        let Invocation::Check(files) = parse_args(&["check", "a.geojson", "b.geojson"]).unwrap()
        else {
            panic!("expected check");
        };
        assert_eq!(files, vec![PathBuf::from("a.geojson"), "b.geojson".into()]);
        let Invocation::Check(files) = parse_args(&["--check=a.geojson"]).unwrap() else {
            panic!("expected check");
        };
        assert_eq!(files, vec![PathBuf::from("a.geojson")]);
    }

    #[test]
    fn check_refuses_options_that_need_a_window() {
        let error = parse_args(&["--check", "a.geojson", "--open-now"])
            .err()
            .unwrap();
        assert!(
            error.to_string().contains("--open-now cannot be combined"),
            "{error}"
        );
        assert_eq!(error.exit_code(), EXIT_USAGE);
    }

    #[test]
    fn window_options_do_not_go_with_a_subcommand() {
        let error = parse_args(&["--open-now", "check", "a.geojson"])
            .err()
            .unwrap();
        assert_eq!(error.exit_code(), EXIT_USAGE, "{error}");
    }

    #[test]
    fn bad_values_are_usage_errors() {
        for args in [
            &["--lang", "fr"][..],
            &["--category", "kiosk"],
            &["--as-of", "next tuesday"],
            &["--unknown"],
            &["stray.geojson"],
            &["convert", "a.geojson"],
            &["completions", "tcsh"],
        ] {
            let error = parse_args(args).err().unwrap();
            assert_eq!(error.exit_code(), EXIT_USAGE, "{args:?}: {error}");
        }
    }

    #[test]
    fn an_unknown_category_names_the_known_ones() {
        let error = parse_args(&["--category", "kiosk"]).err().unwrap();
        assert!(error.to_string().contains("fruit-vendor-area"), "{error}");
    }

    #[test]
    fn an_unreadable_time_says_the_format() {
        let error = parse_args(&["--as-of=next tuesday"]).err().unwrap();
        assert!(
            error.to_string().contains("expected YYYY-MM-DD HH:MM"),
            "{error}"
        );
    }

    #[test]
    fn help_and_version_exit_zero() {
        for flag in ["--help", "-h", "--version", "-V"] {
            let error = parse_args(&[flag]).err().unwrap();
            assert_eq!(error.exit_code(), EXIT_OK, "{flag}");
        }
    }

    #[test]
    fn the_help_is_in_chinese_and_english_and_documents_the_exit_codes() {
        let help = command().render_long_help().to_string();
        for wording in [
            "检查",
            "Check",
            "转换",
            "Convert",
            "退出码",
            "Exit codes",
            "2 ",
        ] {
            assert!(help.contains(wording), "{wording:?} missing from\n{help}");
        }
    }

    #[test]
    fn the_bash_completions_know_the_subcommands() {
        let mut script = Vec::new();
        write_completions(clap_complete::Shell::Bash, &mut script);
        let script = String::from_utf8(script).unwrap();
        assert!(script.contains("convert") && script.contains("--from-datum"));
    }

    #[cfg(unix)]
    #[test]
    fn a_gbk_file_name_is_a_path_not_a_panic() {
        use std::os::unix::ffi::OsStringExt;
        // "设施.geojson" in GBK: not UTF-8.
        let mut name = vec![0xC9, 0xE8, 0xCA, 0xA9];
        name.extend_from_slice(b".geojson");
        let args = vec![
            OsString::from(BIN_NAME),
            OsString::from("--data"),
            OsString::from_vec(name.clone()),
        ];
        let Invocation::Window(options) = parse(args).unwrap() else {
            panic!("expected the window");
        };
        assert_eq!(
            options.source,
            DataSource::File(PathBuf::from(OsString::from_vec(name.clone())))
        );
        let check = vec![
            OsString::from(BIN_NAME),
            OsString::from("check"),
            OsString::from_vec(name.clone()),
        ];
        let Invocation::Check(files) = parse(check).unwrap() else {
            panic!("expected check");
        };
        assert_eq!(files, vec![PathBuf::from(OsString::from_vec(name))]);
        let select = vec![
            OsString::from(BIN_NAME),
            OsString::from("--select"),
            OsString::from_vec(vec![0xC9, 0xE8]),
        ];
        let error = parse(select).err().unwrap();
        assert_eq!(error.exit_code(), EXIT_USAGE);
        assert!(error.to_string().contains("UTF-8"), "{error}");
    }
}
