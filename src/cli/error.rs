//! What can go wrong on the command line, each in one sentence naming the file or option and
//! the fix, and the exit code it ends with ([`CliError::exit_code`]).

use std::path::PathBuf;

use crate::cli::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use crate::model::source::SourceError;

/// A command-line error.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// clap refused the command line (unknown option, bad value …) or was asked for `--help`
    /// or `--version`; `exit` prints it and exits with clap's code (2, or 0 for help).
    #[error(transparent)]
    Clap(#[from] clap::Error),
    /// `--check` was given with options that need a window.
    #[error("--check opens no window, so {} cannot be combined with it; run them separately", options.join(", "))]
    CheckWithWindowOptions {
        /// The window options given.
        options: Vec<&'static str>,
    },
    /// `--category` named no category.
    #[error("unknown category {slug:?}")]
    UnknownCategory {
        /// What was given.
        slug: String,
    },
    /// `--as-of` is not a time in the expected format.
    #[error("{text:?}: expected YYYY-MM-DD HH:MM, China time (e.g. \"2024-10-08 07:30\")")]
    BadTime {
        /// What was given.
        text: String,
    },
    /// `convert` cannot tell a file's format from its name.
    #[error(
        "cannot tell the format of {} from its extension; name it .geojson, .json or .csv",
        path.display()
    )]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// `convert` was asked to write over its input.
    #[error(
        "{} is the input file; convert never writes over its input, give another OUT file",
        path.display()
    )]
    SameFile {
        /// The file named twice.
        path: PathBuf,
    },
    /// A file or the database could not be read or written (the message names it, never a
    /// password).
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The source holds no facilities, so nothing was written.
    #[error("{source_name} holds no facilities; nothing was written")]
    Empty {
        /// The source, as it describes itself.
        source_name: String,
    },
    /// The shared database refused or could not be reached (the message never holds the
    /// password).
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    /// Printing the report failed (a closed pipe, a full disk).
    #[error("cannot print the report: {0}")]
    Print(#[from] std::io::Error),
}

impl CliError {
    /// The exit code this error ends the program with: 2 for a wrong command line, 0 for
    /// `--help`/`--version`, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Clap(error) => {
                if error.use_stderr() {
                    EXIT_USAGE
                } else {
                    EXIT_OK
                }
            }
            CliError::CheckWithWindowOptions { .. }
            | CliError::UnknownCategory { .. }
            | CliError::BadTime { .. }
            | CliError::UnknownFormat { .. }
            | CliError::SameFile { .. } => EXIT_USAGE,
            CliError::Source(_) | CliError::Empty { .. } | CliError::Db(_) | CliError::Print(_) => {
                EXIT_PROBLEMS
            }
        }
    }
}
