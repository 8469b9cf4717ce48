//! The command line's shape as clap derive types: the top-level [`Cli`] (window options and the
//! hidden `--check` alias) and its [`Subcommand`]s. Help texts are in Chinese and English;
//! clap's own headings are replaced through [`HELP_TEMPLATE`] and the `*_heading` settings.

use std::path::PathBuf;

use clap::ArgAction;

use crate::cli::convert::ConvertArgs;
use crate::cli::window::WindowArgs;

/// The help layout: bilingual usage heading, then clap's argument sections.
pub const HELP_TEMPLATE: &str = "\
{before-help}{about-with-newline}
用法 Usage: {usage}

{all-args}{after-help}";

/// The heading of options in the help.
pub const OPTIONS: &str = "选项 Options";

/// The heading of positional arguments in the help.
pub const ARGUMENTS: &str = "参数 Arguments";

/// The exit codes, printed after the top-level help.
pub const EXIT_CODES_HELP: &str = "\
退出码 Exit codes:
  0  正常 ok (the files checked have no errors)
  1  发现问题 problems found (a file has errors, or cannot be read or written)
  2  用法错误 usage error (unknown option, bad value, options that do not go together)

环境变量 Environment:
  TIANDITU_TK  天地图密钥 Tianditu key (or the file tianditu_tk in the config directory)

Every option also takes its value as --option=VALUE.";

/// `zhongzhan-map`: the window's options, or one of the subcommands.
#[derive(Debug, clap::Parser)]
#[command(
    version,
    about = "中站便民服务地图 Zhongzhan civic service map\n\
             不带子命令时打开地图窗口。 Without a subcommand, opens the map window.",
    help_template = HELP_TEMPLATE,
    after_help = EXIT_CODES_HELP,
    subcommand_help_heading = "子命令 Commands",
    subcommand_value_name = "COMMAND",
    args_conflicts_with_subcommands = true,
    args_override_self = true,
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct Cli {
    /// The window's options (refused together with a subcommand or `--check`).
    #[command(flatten)]
    pub window: WindowArgs,

    /// 检查数据文件（同 check） Check FILE, the old spelling of `check FILE`
    #[arg(long, value_name = "FILE", num_args = 1.., hide = true)]
    pub check: Option<Vec<PathBuf>>,

    /// 显示帮助 Print help
    #[arg(short = 'h', long, action = ArgAction::Help, global = true, help_heading = OPTIONS)]
    help: Option<bool>,

    /// 显示版本 Print the version
    #[arg(short = 'V', long, action = ArgAction::Version, help_heading = OPTIONS)]
    version: Option<bool>,

    /// What to do instead of opening the window.
    #[command(subcommand)]
    pub command: Option<Subcommand>,
}

/// The subcommands: each runs without a window and exits. A new family (e.g. `db …` for the
/// PostgreSQL server of issue 13) is one more variant here, with its own `Args` or nested
/// `Subcommand` type, and one more arm in [`crate::cli::parse`].
#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
    /// 检查数据文件（及其旁边的 holidays.txt），列出每个问题 Check data files (and the
    /// holidays.txt beside each), print every problem
    #[command(
        help_template = HELP_TEMPLATE,
        disable_help_flag = true,
        after_help = "退出码 Exit codes: 0 无错误 no errors (warnings allowed), 1 有错误或无法读取 errors or unreadable, 2 用法错误 usage error"
    )]
    Check {
        /// 要检查的 GeoJSON 文件 GeoJSON files to check
        #[arg(value_name = "FILE", required = true, num_args = 1.., help_heading = ARGUMENTS)]
        files: Vec<PathBuf>,
    },
    /// 转换格式：GeoJSON ⇄ CSV，坐标转为 WGS84 Convert between GeoJSON and CSV, coordinates
    /// to WGS84
    #[command(
        help_template = HELP_TEMPLATE,
        disable_help_flag = true,
        after_help = "格式由扩展名决定 Formats by extension: .geojson .json .csv (any case).\n\
                      输出通过安全保存写入，原有的 OUT 保留为 OUT.bak1 OUT is written by the safe save; an existing OUT is kept as OUT.bak1.\n\
                      退出码 Exit codes: 0 已转换 converted, 1 无法读取或写入 cannot read or write, 2 用法错误 usage error"
    )]
    Convert(ConvertArgs),
    /// 共享数据库（PostgreSQL + PostGIS）：init、import、export、check Shared database
    /// (PostgreSQL + PostGIS): init, import, export, check
    #[command(
        help_template = HELP_TEMPLATE,
        disable_help_flag = true,
        after_help = "连接 Connection: --db URL, ZHONGZHAN_DB, DATABASE_URL 或 or the file database_url in the config directory, chmod 600 (postgresql://user:password@host:port/db); 密码不会被打印 the password is never printed.\n\
                      加密 TLS: ?sslmode=disable|prefer|require&sslrootcert=CA.pem (or ZHONGZHAN_DB_CA=CA.pem; require without a CA checks against the system's store).\n\
                      退出码 Exit codes: 0 完成 done, 1 失败或有错误 failed or errors found, 2 用法错误 usage error"
    )]
    Db(crate::cli::db::DbArgs),
    /// 输出 shell 补全脚本 Print a shell completion script
    #[command(
        help_template = HELP_TEMPLATE,
        disable_help_flag = true,
        after_help = "例如 e.g.: zhongzhan-map completions bash > ~/.local/share/bash-completion/completions/zhongzhan-map"
    )]
    Completions {
        /// shell
        #[arg(value_name = "SHELL", help_heading = ARGUMENTS)]
        shell: clap_complete::Shell,
    },
}
