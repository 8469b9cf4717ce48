//! The interface languages and every wording of the user interface: the [`Text`] table of
//! fixed labels (each with its Chinese, English and bilingual form), functions for messages
//! with values in them, and the names of model values (categories, precisions, availability,
//! edits, datums). Panels never spell words themselves; they ask here with the current
//! [`Language`]. Pure: no egui, no walkers.
//!
//! Every string must stay within the bundled fonts: the CJK font is a GB2312 subset and egui's
//! Latin font covers ASCII and “”·—…°² — no arrows, bullets or other symbols.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::model::basemap::Basemap;
use crate::model::edit::history::Edit;
use crate::model::holidays::DayKind;
use crate::model::hours::{Availability, ClosedReason};
use crate::model::io::import::SourceDatum;
use crate::model::rules::FacilityProblem;
use crate::model::{Category, Precision};

/// The language of the user interface, chosen in the top bar and kept with the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Language {
    /// Chinese only (simplified characters).
    Chinese,
    /// English only.
    English,
    /// Both, Chinese first: the app's original bilingual labels.
    #[default]
    Both,
}

impl Language {
    /// Every choice, in the order the switch offers them.
    pub const ALL: [Language; 3] = [Language::Chinese, Language::English, Language::Both];

    /// The choice's name on the switch, in its own language (so it can be found whatever the
    /// current language is).
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Chinese => "中文",
            Language::English => "English",
            Language::Both => "中英 Both",
        }
    }

    /// Picks `zh`, `en`, or both joined by `separator`.
    pub fn join(self, zh: &str, en: &str, separator: &str) -> String {
        match self {
            Language::Chinese => zh.to_owned(),
            Language::English => en.to_owned(),
            Language::Both => format!("{zh}{separator}{en}"),
        }
    }
}

/// `zh`, `en` or both joined by `separator`, for messages built from values.
fn join(lang: Language, zh: String, en: String, separator: &str) -> String {
    match lang {
        Language::Chinese => zh,
        Language::English => en,
        Language::Both => format!("{zh}{separator}{en}"),
    }
}

macro_rules! separator {
    () => {
        " "
    };
    ($separator:literal) => {
        $separator
    };
}

macro_rules! bilingual {
    ($zh:literal, $en:literal, [$($separator:literal)?], []) => {
        concat!($zh, separator!($($separator)?), $en)
    };
    ($zh:literal, $en:literal, [$($separator:literal)?], [$both:literal]) => {
        $both
    };
}

/// Declares [`Text`]: `Name: "中文", "English"` joins them with a space in the bilingual form;
/// `, sep "…"` joins them with another separator; `, both "…"` spells the bilingual form out.
macro_rules! texts {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident : $zh:literal, $en:literal $(, sep $separator:literal)? $(, both $both:literal)?;
    )*) => {
        /// A fixed wording of the user interface, in Chinese, English and both.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Text {
            $(
                $(#[doc = $doc])*
                #[doc = concat!("「", $zh, "」 / \"", $en, "\"")]
                $name,
            )*
        }

        impl Text {
            /// Every entry of the table.
            pub const ALL: &'static [Text] = &[$(Text::$name),*];

            /// The Chinese wording.
            pub const fn zh(self) -> &'static str {
                match self {
                    $(Text::$name => $zh,)*
                }
            }

            /// The English wording.
            pub const fn en(self) -> &'static str {
                match self {
                    $(Text::$name => $en,)*
                }
            }

            /// The bilingual wording (the default language).
            pub const fn both(self) -> &'static str {
                match self {
                    $(Text::$name => bilingual!($zh, $en, [$($separator)?], [$($both)?]),)*
                }
            }
        }
    };
}

impl Text {
    /// The wording in `lang`.
    pub const fn tr(self, lang: Language) -> &'static str {
        match lang {
            Language::Chinese => self.zh(),
            Language::English => self.en(),
            Language::Both => self.both(),
        }
    }
}

/// The wording of `text` in `lang` (the table lookup).
pub fn tr(text: Text, lang: Language) -> Cow<'static, str> {
    Cow::Borrowed(text.tr(lang))
}

texts! {
    // Top bar.
    /// Title of the bar and the window.
    AppTitle: "中站便民服务地图", "Zhongzhan civic service map";
    Data: "数据", "Data";
    /// Label of the database chip.
    Database: "数据库", "Database";
    Basemap: "底图", "Basemap";
    AmapShiftHint: "高德底图为 GCJ-02 坐标，设施会随之偏移显示。",
        "AMap tiles are GCJ-02: overlays are shifted to match.", sep "";
    Edit: "编辑", "Edit";
    EditHint: "城管局工作人员：添加、移动、修改、删除设施并保存。",
        "Bureau staff: add, move, edit, delete facilities and save.", sep "";
    UnsavedEdits: "有未保存的修改", "unsaved edits";
    /// The database chip while the first connection is being made.
    DbConnecting: "正在连接", "connecting";
    /// The database chip when connected.
    DbConnected: "已连接", "connected";
    /// The database chip when the server cannot be reached.
    DbOffline: "离线", "offline";
    /// The database chip for a viewer login.
    DbReadOnly: "只读", "read-only";
    /// Tooltip of the database chip.
    DbChipHint: "共享数据库：每次修改立即保存；同事的修改实时显示。",
        "Shared database: every edit is saved as you make it; colleagues' changes appear live.",
        sep "";
    /// Status of Save on a database.
    DatabaseSavesEachEdit: "修改已逐项保存到数据库，无需另存。",
        "Edits are saved to the database one by one as you make them; there is nothing else to save.",
        sep "";
    /// Why edit mode is off for a viewer login.
    ViewerCannotEdit: "此数据库账号只有查看权限（zhongzhan_viewer），不能编辑；编辑需要 zhongzhan_editor 角色。",
        "This database login may only view (zhongzhan_viewer), not edit; editing needs the zhongzhan_editor role.",
        sep "";
    /// Why edit mode waits while the database is loading.
    StillReadingFile: "仍在读取数据文件，读完后才能编辑或保存。", "The data file is still being read; editing and saving wait until it is.", sep "";
    ReadingFile: "正在读取", "Reading";
    DatabaseStillLoading: "仍在从数据库读取设施，请稍候再编辑。",
        "The facilities are still being read from the database; edit once they are shown.",
        sep "";
    CouldNotLoad: "无法读取数据文件", "Could not load the data file";
    FileNotChanged: "文件未被修改；请修正后重新启动。",
        "The file was not changed; fix it and restart.", sep "";
    UseBundledData: "改用内置数据", "Use bundled data";
    Language: "语言", "Language";
    LanguageHint: "界面语言，会被记住。", "Interface language; remembered.", sep "";
    // Basemaps.
    BasemapEmbedded: "离线边界", "Offline";
    BasemapOsm: "OpenStreetMap", "OpenStreetMap", both "OpenStreetMap";
    BasemapTianditu: "天地图", "Tianditu";
    BasemapAmap: "高德", "AMap";
    BasemapPmTiles: "PMTiles 文件", "PMTiles file", both "PMTiles 文件 file";
    NeedsTiandituKey: "需要天地图密钥：设置环境变量 TIANDITU_TK。",
        "Needs a Tianditu key: set TIANDITU_TK.", sep "";
    NeedsPmTilesFile: "用 --pmtiles FILE 打开一个文件。", "Open one with --pmtiles FILE.", sep "";
    /// Attribution of AMap tiles (kept bilingual: it names the provider).
    AmapAttribution: "© 高德地图", "AutoNavi";
    /// Attribution of Tianditu tiles (kept bilingual: it names the provider and the licence).
    TiandituAttribution: "天地图 © 国家地理信息公共服务平台 (审图号 GS(2024)0568号)",
        "Tianditu", both "天地图 © 国家地理信息公共服务平台 (审图号 GS(2024)0568号)";
    PmTilesAttribution: "PMTiles 本地文件", "local file";
    BoundariesAttribution: "边界：ECharts / 高德 (GCJ-02 转 WGS84), BSD-3 · 河流：GSHHG/WDBII (粗略), LGPL-3.0+",
        "Boundaries: ECharts / AMap (GCJ-02 to WGS84), BSD-3 · Rivers: GSHHG/WDBII (coarse), LGPL-3.0+",
        both "边界 Boundaries: ECharts / AMap (GCJ-02 转 WGS84), BSD-3 · 河流 Rivers: GSHHG/WDBII (粗略 coarse), LGPL-3.0+";
    TilesLoaded: "底图已加载", "tiles loaded";
    // Map controls.
    ZoomIn: "放大 +", "Zoom in", both "放大 +";
    ZoomInHint: "放大地图", "Zoom in the map";
    ZoomOut: "缩小 -", "Zoom out", both "缩小 -";
    ZoomOutHint: "缩小地图", "Zoom out of the map";
    District: "全区", "District";
    DistrictHint: "显示整个中站区", "Show all of Zhongzhan District";
    NearbyHere: "此处附近", "Nearby";
    NearbyHint: "地图中心附近的设施；也可在地图上右键。",
        "What is near the map centre; or right-click the map.", sep "";
    Facilities: "设施", "Facilities";
    FacilitiesHint: "显示全部设施", "Fit all facilities";
    ClickToZoomIn: "点击放大", "Click to zoom in";
    /// The north arrow's letter (English first: N is the symbol).
    North: "北", "N", both "N 北";
    Position: "位置", "Position";
    // Legend and filter.
    LegendHeading: "图例与筛选", "Legend & filter";
    All: "全部", "All";
    None: "全不选", "None";
    Services: "便民服务", "Services";
    PublicWorks: "民生工程", "Public works";
    DistrictBoundaryLegend: "中站区边界（约百米精度）", "District boundary (~100 m)",
        both "中站区边界 District boundary (约百米精度 ~100 m)";
    RiversLegend: "河流，粗略（公里级）", "Rivers, coarse (km-scale)",
        both "河流，粗略 Rivers, coarse (公里级 km-scale)";
    OpenNowOnly: "只看开放中", "Open now only";
    AsOf: "查看时间", "As of";
    AsOfHint: "中国标准时间，格式 YYYY-MM-DD HH:MM", "China Standard Time, YYYY-MM-DD HH:MM",
        sep " · ";
    Now: "现在", "Now";
    BackToNow: "回到现在", "Back to now";
    // Facility list.
    FacilityList: "设施列表", "Facilities";
    SearchResults: "搜索结果", "Results";
    Search: "搜索", "Search";
    SearchHint: "名称 / 拼音 / hxg", "name / pinyin / hxg", both "名称 / 拼音 / hxg";
    Sort: "排序", "Sort";
    SortType: "类型", "Type";
    SortName: "名称", "Name";
    Ascending: "升序", "asc";
    Descending: "降序", "desc";
    NothingFound: "没有找到。可试拼音首字母（如 hxg）或英文。",
        "Nothing found — try pinyin initials such as hxg, or English.", sep "";
    ReadingData: "正在读取数据…", "Reading the data…";
    NoFacilitiesShown: "没有显示的设施。请检查上方的筛选。",
        "No facilities shown — check the filter above.", sep "";
    DataNotRead: "数据文件未能读取，见上方说明。",
        "The data file could not be read — see the message above.", sep "";
    NoFacilitiesYet: "此数据中还没有设施。", "This data has no facilities yet.", sep "";
    Closed: "已关闭", "closed";
    // Nearby card.
    Nearby: "附近", "Nearby";
    Reference: "参考点", "Reference";
    NotInVendorArea: "此处不在瓜果疏导区内。", "Not inside a fruit-vendor area.", sep "";
    StraightLineNote: "直线距离，位置为示意。", "Straight-line distances to illustrative positions.",
        sep "";
    // Details card.
    Details: "详情", "Details";
    Address: "地址", "Address";
    Hours: "时间", "Hours";
    Season: "季节", "Season";
    Status: "状态", "Status";
    Coordinates: "坐标", "Coordinates";
    Size: "尺寸", "Size";
    Notes: "备注", "Notes";
    Provenance: "来源与位置可信度", "Provenance";
    Precision: "位置精度", "Precision";
    HowPlaced: "定位方法", "How placed";
    SourceQuote: "原文", "Source quote";
    Source: "原文", "Source";
    ShowInArticle: "在文章中查看", "Show in article";
    LineMidpoint: "线中点", "line midpoint";
    InsideArea: "区内点", "inside area";
    // Precisions.
    Surveyed: "实测", "surveyed";
    Approximate: "大致位置", "approximate";
    Illustrative: "示意位置", "illustrative";
    SurveyedExplanation: "位置经实地测量。", "Position measured on site.", sep "";
    ApproximateExplanation: "位置为大致位置，可能偏差数十米。",
        "Approximate: may be off by tens of metres.", sep "";
    IllustrativeExplanation: "位置仅为示意，实际地点未知，请勿据此导航。",
        "Illustrative only: the real location is unknown; do not navigate by it.", sep "";
    // Availability.
    Open: "开放中", "open", sep " · ";
    ClosedNow: "已关闭", "closed", sep " · ";
    HoursUnknown: "开放时间未知", "hours unknown", sep " · ";
    // Article panel.
    ArticleHeading: "原文", "Source article";
    ArticleHelp: "高亮文字可点击，在地图上显示相关设施。", "Highlighted mentions are links to the map.",
        sep "";
    // Edit form.
    EditFacility: "编辑设施", "Edit facility";
    DeleteFacility: "删除此设施", "Delete facility";
    NameRequired: "请填写名称（中文或英文）。", "A name is required (Chinese or English).", sep "";
    ChineseNameMissing: "缺少中文名称。", "The Chinese name is missing.", sep "";
    EnglishNameMissing: "缺少英文名称。", "The English name is missing.", sep "";
    ShowFirstProblem: "查看第一处", "Show the first";
    /// The list panel's toggle in the top bar.
    ListPanel: "列表", "List";
    /// The sheet panel's toggle in the top bar.
    SheetPanel: "信息栏", "Info panel";
    /// Tooltip of a panel toggle; the shortcut follows.
    TogglePanelHint: "显示或隐藏，快捷键", "Show or hide; shortcut";
    /// A facility at the reference point itself.
    RightHere: "就在此处", "here";
    /// Tooltip of the "read as GB18030" note.
    ReadAsHint: "文件不是 UTF-8 编码；保存时将写为 UTF-8。",
        "The file is not UTF-8; saving writes it as UTF-8.", sep " ";
    /// Closing the window.
    Quit: "退出", "Quit";
    /// Closes what the sheet shows.
    CloseSheet: "关闭", "Close";
    CategoryMismatch: "类别与形状不符。", "The category does not fit the shape.", sep "";
    AreaCrossesItself: "区域边界自相交，请按顺序重画各角点。",
        "The area's outline crosses itself: redraw its corners in order.", sep "";
    Id: "编号", "Id";
    NameZhField: "名称（中文）*", "Name (Chinese) *", both "名称 Name (中文) *";
    NameEnField: "英文名称", "Name (English)";
    Required: "必填", "required";
    Category: "类别", "Category";
    Description: "说明", "Description";
    DescriptionEnField: "英文说明", "Description (EN)";
    SurveyedOnlyIfMeasured: "实测（仅当位置经实地测量）", "surveyed (only if measured on site)",
        both "实测 surveyed（仅当位置经实地测量 only if measured on site）";
    MovingKeepsPrecision: "移动位置不会改变精度；若新位置经实地测量，请选择“实测”。",
        "Moving does not change the precision; choose “surveyed” only if the new position was measured on site.",
        sep "";
    Longitude: "经度 (WGS84)", "Longitude (WGS84)", both "经度 Longitude (WGS84)";
    Latitude: "纬度 (WGS84)", "Latitude (WGS84)", both "纬度 Latitude (WGS84)";
    InvalidLonLat: "经纬度无效：经度 -180 至 180，纬度 -90 至 90",
        "invalid: longitude -180 to 180, latitude -90 to 90",
        both "经纬度无效 invalid: 经度 -180 至 180, 纬度 -90 至 90";
    // Edit toolbar.
    Editing: "编辑模式", "Editing";
    SelectTool: "选择/移动", "Select";
    AddPoint: "添加点", "Add point";
    DrawArea: "画区域", "Draw area";
    FinishArea: "完成区域", "Finish area";
    Cancel: "取消", "Cancel";
    PointCategory: "点类别", "Point category";
    AreaCategory: "区域类别", "Area category";
    Undo: "撤销", "Undo";
    Redo: "重做", "Redo";
    Nothing: "无", "nothing";
    Save: "保存", "Save";
    SaveAs: "另存为", "Save as";
    BundledNotOverwritten: "内置数据不能覆盖，将询问保存位置。",
        "The bundled data cannot be overwritten: you will be asked for a file.", sep "";
    ImportExport: "导入/导出", "Import/export";
    ImportMenu: "导入 GeoJSON/CSV", "Import GeoJSON/CSV", both "导入 GeoJSON/CSV Import";
    ExportGeoJson: "导出 GeoJSON", "Export GeoJSON", both "导出 GeoJSON Export";
    ExportCsv: "导出 CSV (Excel)", "Export CSV (Excel)", both "导出 CSV (Excel) Export";
    UnsavedChanges: "* 未保存", "* unsaved changes", both "* 未保存 unsaved changes";
    AllSaved: "已保存", "all saved";
    Done: "完成编辑", "Done";
    LeaveEditMode: "退出编辑模式", "Leave edit mode";
    SelectToolHint: "点击设施选择；拖动方块移动顶点，拖动圆点添加顶点，右键顶点删除；Delete 键删除设施。",
        "Click to select; drag squares to move corners, dots to add corners, right-click a corner to remove it; Delete removes the facility.",
        sep "";
    // Dialogs.
    Delete: "删除", "Delete";
    DeleteQuestion: "删除设施？", "Delete facility?";
    CanUndo: "可用“撤销”恢复。", "You can undo this.", sep "";
    SameContent: "（内容相同）", "(same content)", both "（内容相同 same content）";
    FileChangedHeading: "文件已被其他人修改", "The file changed on disk";
    BackupKept: "保存我的版本时，磁盘上的版本另存为旁边的冲突副本（.conflict-日期时间.geojson），不会被备份轮换删除。",
        "Save mine keeps the version on disk as a conflict copy beside it (.conflict-DATE-TIME.geojson), which backup rotation never removes.",
        sep "";
    SaveAnyway: "保存我的版本", "Save mine";
    ConflictField: "字段", "Field";
    ReloadAndMerge: "重新载入并合并", "Reload and merge";
    ReloadAndMergeHint: "读入磁盘上的版本，把你的修改合并进去；双方改了同一字段时会询问。",
        "Read the version on disk and merge your edits into it; where both changed the same field you are asked.", sep "";
    MergeHeading: "合并：双方改了同一处", "Merge: both changed the same thing";
    MergeExplain: "其余修改已自动合并。请为每一处选择保留哪个版本（默认不丢失任何内容）。合并后可撤销。",
        "Everything else merged by itself. Choose which version to keep for each (the defaults lose nothing). The merge can be undone.", sep "";
    ApplyMerge: "应用合并", "Apply merge";
    MergeBaseLost: "载入时的版本已不在撤销记录中（撤销后又做了其他修改）；请用“另存为”保留你的版本。",
        "the version you loaded is no longer in the undo history (edits were undone and others made); use Save as to keep yours", sep "";
    ConflictFacility: "设施", "Facility";
    DeleteIt: "删除", "delete";
    DeletedByMeNote: "（你已删除，他人修改了）", "(you deleted it; they changed it)";
    DeletedByThemNote: "（他人已删除，你修改了）", "(they deleted it; you changed it)";
    KeepMine: "保留我的", "keep mine";
    KeepTheirs: "保留他人的", "keep theirs";
    SaveUnderWay: "正在保存，请等它完成。", "A save is under way; wait for it to finish.", sep "";
    SaveCancelled: "已取消保存，文件未改动。", "Saving cancelled; the file is unchanged.", sep "";
    Saving: "正在保存", "Saving";
    SavingWrite: "正在写入文件…", "Writing the file…";
    CancelSave: "取消保存", "Cancel saving";
    ConflictOnDisk: "磁盘上（他人）", "On disk (theirs)";
    ConflictYours: "你的", "Yours";
    ConflictInDatabase: "数据库中（同事）", "In the database (colleague)";
    DataMenu: "数据", "Data";
    ConnectDatabase: "连接数据库…", "Connect database…";
    ConnectDatabaseHeading: "连接共享数据库", "Connect to the shared database";
    ConnectDatabaseExplain: "PostgreSQL + PostGIS。连接后每次修改立即保存，同事的修改实时显示。",
        "PostgreSQL + PostGIS. Once connected every edit is saved as you make it and colleagues' changes appear live.", sep "";
    DatabaseUrl: "地址", "Address";
    DatabasePassword: "密码", "Password";
    Connect: "连接", "Connect";
    HistoryHeading: "历史版本（数据库）", "History (database)";
    HistoryLoading: "正在读取历史…", "Reading the history…";
    RestoreVersion: "恢复此版本", "Restore this version";
    RestoreVersionNeedsEdit: "此登录或窗口不能编辑，无法恢复旧版本。", "This login or window cannot edit, so versions cannot be restored.", sep "";
    OperationInsert: "新增", "added";
    OperationUpdate: "修改", "changed";
    OperationDelete: "删除", "deleted";
    OperationRestore: "恢复", "restored";
    OperationPurge: "清除", "purged";
    ResolveConflicts: "解决冲突…", "Resolve conflicts…";
    ResolveConflictsHint: "同事改了你也改过的同一字段：逐项选择保留哪个版本。",
        "A colleague changed the same fields you did: choose which version to keep for each.", sep "";
    UnsavedChangesHeading: "有未保存的修改", "Unsaved changes";
    SaveAndQuit: "保存并退出", "Save and quit";
    QuitWithoutSaving: "不保存退出", "Quit without saving";
    RecoveryHeading: "发现未保存的修改", "Unsaved edits found";
    Restore: "恢复", "Restore";
    Discard: "丢弃", "Discard";
    DiscardHint: "永久删除这些修改", "Throw these edits away for good";
    ExportGeoJsonTitle: "导出 GeoJSON", "Export GeoJSON", both "导出 GeoJSON Export";
    ExportCsvTitle: "导出 CSV (UTF-8, Excel)", "Export CSV (UTF-8, Excel)",
        both "导出 CSV Export (UTF-8, Excel)";
    ImportTitle: "导入 GeoJSON / CSV", "Import GeoJSON / CSV", both "导入 Import GeoJSON / CSV";
    FilePath: "文件路径", "File path";
    Browse: "浏览…", "Browse…";
    BrowseHint: "用系统的文件选择窗口选择文件", "Choose the file in the system's file chooser";
    WaitingForChooser: "等待文件选择窗口…", "Waiting for the file chooser…";
    NoFileChosen: "未选择文件（若没有弹出选择窗口，请直接输入路径）。",
        "No file chosen (if no chooser opened, type the path).", sep "";
    DropToImport: "松开鼠标：打开或导入此文件", "Drop the file to open or import it";
    DroppedHeading: "拖入的文件", "Dropped file";
    OthersEditingHeading: "另一个窗口正在编辑此文件", "Another window is editing this file";
    OthersEditingExplain: "两处同时保存时，后保存的一方会被询问如何合并；也可以只读打开，只查看不修改。",
        "If both save, the later one is asked how to merge; or open it read-only to look without editing.", sep "";
    OpenReadOnly: "只读打开", "Open read-only";
    EditAnyway: "仍然编辑", "Edit anyway";
    OpenedReadOnly: "此窗口为只读：另一个窗口正在编辑此文件。", "This window is read-only: another window is editing this file.", sep "";
    OpenDroppedFile: "打开此文件（作为编辑的数据文件）", "Open it (as the data file to edit)";
    ImportDroppedFile: "导入到当前地图", "Import it into this map";
    OpenNeedsSave: "有未保存的修改：请先保存或撤销，再打开其他文件；也可以导入。",
        "There are unsaved edits: save or undo them before opening another file, or import it instead.", sep "";
    SaveBeforeOpening: "未打开：有未保存的修改，请先保存。", "Not opened: there are unsaved edits; save them first.", sep "";
    Ok: "确定", "OK";
    CoordinatesAreIn: "坐标系", "Coordinates are in";
    DatumWgs84: "WGS84 (GPS、天地图、OSM、GDAL)", "WGS84 (GPS, Tianditu, OSM, GDAL)",
        both "WGS84 (GPS、天地图、OSM、GDAL)";
    DatumGcj02: "GCJ-02 (高德、腾讯)", "GCJ-02 (AMap, Tencent)", both "GCJ-02 (高德 AMap、腾讯 Tencent)";
    DatumBd09: "BD-09 (百度)", "BD-09 (Baidu)", both "BD-09 (百度 Baidu)";
    DatumHint: "从高德地图复制的坐标选 GCJ-02；导入后统一转换为 WGS84。",
        "Coordinates copied from AMap are GCJ-02; everything is converted to WGS84.", sep "";
    FileExists: "文件已存在，将被替换（原文件保存为 .bak1）。",
        "The file exists and will be replaced (the old one is kept as .bak1).", sep "";
    // Edit-mode messages.
    AreaNeedsCorners: "区域至少需要 3 个不同的顶点。", "An area needs at least 3 different corners.",
        sep "";
    Undone: "撤销", "Undone";
    Redone: "重做", "Redone";
    FileMissing: "文件已被删除或移动；保存会重新创建它。",
        "The file was deleted or moved; saving creates it again.", sep "";
    NoFacilitiesInFile: "文件中没有设施", "The file has no facilities";
    RecoveryRestored: "已恢复未保存的修改，请保存。", "Unsaved edits restored: save them to keep them.",
        sep "";
    // Edit handles on the map.
    Move: "移动", "Move";
    Corner: "顶点", "Corner";
    // Export and print.
    ExportMenu: "导出/打印", "Export/print";
    ExportPng: "地图图片", "Map picture (PNG)";
    ExportSheet: "打印清单", "Printable sheet (HTML)";
    ExportPngTitle: "导出地图图片", "Export map picture (PNG)";
    ExportSheetTitle: "打印清单", "Printable sheet (HTML)";
    PosterTitle: "中站区便民服务设施", "Zhongzhan District civic services";
    PosterNote: "位置为示意，未经实测，请勿据此导航。", "Positions are illustrative, not surveyed.", sep "";
    PosterLegend: "图例", "Legend";
    HoursAsOf: "开放状态时间", "hours as of";
    PictureSaved: "已导出地图图片", "Map picture saved";
    PictureFailed: "无法截取地图图片", "The window could not be captured";
    SheetWritten: "已生成打印清单（用浏览器打开并打印）", "Printable sheet written (open it in a browser to print)";
    ExportFailed: "导出失败", "Export failed";
    // Details card additions.
    NearbyFromHere: "附近设施", "Nearby from here";
    NearbyFromHereHint: "列出此处附近每类最近的设施", "The nearest facility of each kind from here";
    // Edit form additions.
    SeasonFrom: "季节开始", "Season from";
    SeasonUntil: "季节结束", "Season until";
    BadHoursOrSeason: "时间或季节格式有误（例：Mo-Fr 08:00-18:00；2025-06-01）。",
        "Hours or season dates are not valid (e.g. Mo-Fr 08:00-18:00; 2025-06-01).", sep "";
}

/// "数据问题：2 个错误，1 个警告" / "Data problems: 2 errors, 1 warning".
pub fn data_problems(lang: Language, errors: usize, warnings: usize) -> String {
    let zh = format!("数据问题：{errors} 个错误，{warnings} 个警告（悬停查看）");
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let en = format!(
        "Data problems: {}, {} (hover to see)",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    match lang {
        Language::Chinese => zh,
        Language::English => en,
        Language::Both => format!("{zh} · {en}"),
    }
}

/// "节假日文件 holidays.txt：2 行有误，已跳过（悬停查看）" / "Holidays file holidays.txt: 2 lines
/// with problems, skipped (hover to see)": the bureau's holidays file has bad lines (or cannot be
/// read); the other lines still count.
pub fn holiday_problems(lang: Language, file: &str, count: usize) -> String {
    let lines = if count == 1 { "line" } else { "lines" };
    join(
        lang,
        format!("节假日文件 {file}：{count} 行有误，已跳过（悬停查看）"),
        format!("Holidays file {file}: {count} {lines} with problems, skipped (hover to see)"),
        " · ",
    )
}

/// "（读取为 GB18030）" / "(read as GB18030)": a file was not UTF-8 and was decoded as named.
pub fn read_as(lang: Language, encoding: &str) -> String {
    join(
        lang,
        format!("（读取为 {encoding}）"),
        format!("(read as {encoding})"),
        " ",
    )
}

/// A facility problem in words (the model's rule set, see [`FacilityProblem`]).
pub fn facility_problem(problem: &FacilityProblem, lang: Language) -> String {
    match problem {
        FacilityProblem::MissingName => Text::NameRequired.tr(lang).to_owned(),
        FacilityProblem::MissingChineseName => Text::ChineseNameMissing.tr(lang).to_owned(),
        FacilityProblem::MissingEnglishName => Text::EnglishNameMissing.tr(lang).to_owned(),
        FacilityProblem::GeometryKind { .. } => Text::CategoryMismatch.tr(lang).to_owned(),
        FacilityProblem::Schedule(error) => format!("{} {error}", Text::BadHoursOrSeason.tr(lang)),
        FacilityProblem::InvalidArea(_) => Text::AreaCrossesItself.tr(lang).to_owned(),
        FacilityProblem::TruncatedField { found, intended } => join(
            lang,
            format!(
                "属性 {found} 像是被 Shapefile 截短的 {intended}；请改名，或用导入（会自动改回）。"
            ),
            format!(
                "Property {found} looks like {intended} cut short by a Shapefile; rename it, or import the file (import maps it back)."
            ),
            " ",
        ),
    }
}

/// "标签：值", "Label: value" or "标签 Label: value".
pub fn field(lang: Language, label: Text, value: &str) -> String {
    match lang {
        Language::Chinese => format!("{}：{value}", label.zh()),
        Language::English => format!("{}: {value}", label.en()),
        Language::Both => format!("{}: {value}", label.both()),
    }
}

/// "标签：", "Label:" or "标签 Label:", before a value on the next line or in a field.
pub fn label_colon(lang: Language, label: Text) -> String {
    match lang {
        Language::Chinese => format!("{}：", label.zh()),
        Language::English => format!("{}:", label.en()),
        Language::Both => format!("{}:", label.both()),
    }
}

/// A message kept in every language, so it can be shown in whatever language is current when
/// it is drawn (status lines, dialog notes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    chinese: String,
    english: String,
    both: String,
}

impl Phrase {
    /// Renders a message in every language.
    pub fn new(render: impl Fn(Language) -> String) -> Self {
        Self {
            chinese: render(Language::Chinese),
            english: render(Language::English),
            both: render(Language::Both),
        }
    }

    /// The same words in every language (texts that come from elsewhere, e.g. an error of
    /// a library).
    pub fn untranslated(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            chinese: text.clone(),
            english: text.clone(),
            both: text,
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::Chinese => &self.chinese,
            Language::English => &self.english,
            Language::Both => &self.both,
        }
    }
}

impl From<Text> for Phrase {
    fn from(text: Text) -> Self {
        Self::new(|lang| text.tr(lang).to_owned())
    }
}

// Names of data: facilities and categories.

/// A facility's name as a label (accessible names, links): Chinese, English (each falling
/// back to the other when missing), or "中文名 English name".
pub fn facility_name(lang: Language, name_zh: &str, name_en: &str) -> String {
    match lang {
        Language::Chinese if !name_zh.is_empty() => name_zh.to_owned(),
        Language::English if !name_en.is_empty() => name_en.to_owned(),
        Language::Chinese | Language::English => format!("{name_zh}{name_en}"),
        Language::Both => format!("{name_zh} {name_en}"),
    }
}

/// A text the data holds in both languages (names, descriptions): what to show first and
/// what, if anything, beneath it. Chinese shows only Chinese; English shows the English and
/// the Chinese beneath it (as on signs); both shows Chinese above English.
pub fn data_pair<'a>(lang: Language, zh: &'a str, en: &'a str) -> (&'a str, Option<&'a str>) {
    let (first, second) = match lang {
        Language::Chinese => return (if zh.is_empty() { en } else { zh }, None),
        Language::English => (en, zh),
        Language::Both => (zh, en),
    };
    match (first.is_empty(), second.is_empty()) {
        (false, false) => (first, Some(second)),
        (false, true) => (first, None),
        (true, _) => (second, None),
    }
}

/// A category's name: "护学岗", "School guard post" or "护学岗 School guard post".
pub fn category_name(category: Category, lang: Language) -> String {
    lang.join(category.name_zh(), category.name_en(), " ")
}

/// A category's short name for tight places (pickers): Chinese unless English only.
pub fn category_short_name(category: Category, lang: Language) -> &'static str {
    match lang {
        Language::English => category.name_en(),
        Language::Chinese | Language::Both => category.name_zh(),
    }
}

/// A precision's label, e.g. "示意位置 illustrative".
pub fn precision_label(precision: Precision) -> Text {
    match precision {
        Precision::Surveyed => Text::Surveyed,
        Precision::Approximate => Text::Approximate,
        Precision::Illustrative => Text::Illustrative,
    }
}

/// One sentence telling the user what a precision means for them.
pub fn precision_explanation(precision: Precision) -> Text {
    match precision {
        Precision::Surveyed => Text::SurveyedExplanation,
        Precision::Approximate => Text::ApproximateExplanation,
        Precision::Illustrative => Text::IllustrativeExplanation,
    }
}

/// How a datum of imported coordinates is offered.
pub fn source_datum_label(datum: SourceDatum) -> Text {
    match datum {
        SourceDatum::Wgs84 => Text::DatumWgs84,
        SourceDatum::Gcj02 => Text::DatumGcj02,
        SourceDatum::Bd09 => Text::DatumBd09,
    }
}

/// A short availability text for cards, tooltips and the list.
pub fn availability_text(availability: &Availability, lang: Language) -> String {
    availability_text_at(availability, None, lang)
}

/// "today 07:00", "tomorrow 07:00", "Wed 07:00" (within a week of `now`) or "10-09 07:00", in
/// the interface language.
pub fn moment_words(
    moment: &chrono::NaiveDateTime,
    now: Option<&chrono::NaiveDateTime>,
    lang: Language,
) -> String {
    use chrono::Datelike;
    let clock = moment.format("%H:%M").to_string();
    let days = now.map(|now| (moment.date() - now.date()).num_days());
    let weekday_zh = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    let weekday_en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let weekday = moment.weekday().num_days_from_monday() as usize;
    let (zh, en) = match days {
        Some(0) => (format!("今天 {clock}"), format!("today {clock}")),
        Some(1) => (format!("明天 {clock}"), format!("tomorrow {clock}")),
        Some(2..=6) => (
            format!("{} {clock}", weekday_zh.get(weekday).unwrap_or(&"")),
            format!("{} {clock}", weekday_en.get(weekday).unwrap_or(&"")),
        ),
        _ => {
            let date = moment.format("%m-%d %H:%M").to_string();
            (date.clone(), date)
        }
    };
    join(lang, zh, en, " · ")
}

/// A day's opening times in words: "今天 07:00–08:30, 11:30–12:30" / "today 07:00–08:30, …",
/// "明天 休息" / "tomorrow closed".
pub fn day_hours(
    lang: Language,
    day_offset: i64,
    intervals: &[(chrono::NaiveDateTime, chrono::NaiveDateTime)],
) -> String {
    let (day_zh, day_en) = match day_offset {
        0 => ("今天", "today"),
        _ => ("明天", "tomorrow"),
    };
    let times = intervals
        .iter()
        .map(|(from, until)| {
            let until = if until.time() == chrono::NaiveTime::MIN && until > from {
                "24:00".to_owned()
            } else {
                until.format("%H:%M").to_string()
            };
            format!("{}–{until}", from.format("%H:%M"))
        })
        .collect::<Vec<_>>()
        .join(", ");
    if times.is_empty() {
        join(
            lang,
            format!("{day_zh} 不开放"),
            format!("{day_en} closed"),
            " · ",
        )
    } else {
        join(
            lang,
            format!("{day_zh} {times}"),
            format!("{day_en} {times}"),
            " · ",
        )
    }
}

/// What kind of day today or tomorrow is, when it is not ordinary: "今天 国庆节（节假日）" /
/// "today: National Day (public holiday)", "明天 调休上班（按周一时间）" / "tomorrow: make-up
/// working day (Monday hours)"; `None` on an ordinary day.
pub fn day_kind(lang: Language, day_offset: i64, kind: DayKind<'_>) -> Option<String> {
    let (day_zh, day_en) = match day_offset {
        0 => ("今天", "today"),
        _ => ("明天", "tomorrow"),
    };
    let (zh, en) = match kind {
        DayKind::Ordinary => return None,
        DayKind::Holiday(None) => (
            format!("{day_zh} 节假日"),
            format!("{day_en}: public holiday"),
        ),
        DayKind::Holiday(Some(name)) => {
            let zh_name = if name.zh.is_empty() {
                &name.en
            } else {
                &name.zh
            };
            let en_name = if name.en.is_empty() {
                &name.zh
            } else {
                &name.en
            };
            (
                format!("{day_zh} {zh_name}（节假日）"),
                format!("{day_en}: {en_name} (public holiday)"),
            )
        }
        DayKind::Workday(weekday) => {
            let index = weekday.num_days_from_monday() as usize;
            let weekday_zh = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
            let weekday_en = [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ];
            (
                format!(
                    "{day_zh} 调休上班（按{}时间）",
                    weekday_zh.get(index).unwrap_or(&"")
                ),
                format!(
                    "{day_en}: make-up working day ({} hours)",
                    weekday_en.get(index).unwrap_or(&"")
                ),
            )
        }
    };
    Some(join(lang, zh, en, " · "))
}

/// Whether a facility is open, in words; times relative to `now` ("opens tomorrow 07:00").
pub fn availability_text_at(
    availability: &Availability,
    now: Option<&chrono::NaiveDateTime>,
    lang: Language,
) -> String {
    let zh_time = |t: &chrono::NaiveDateTime| moment_words(t, now, Language::Chinese);
    let en_time = |t: &chrono::NaiveDateTime| moment_words(t, now, Language::English);
    match availability {
        Availability::Open { until: Some(t) } => join(
            lang,
            format!("开放中，至 {}", zh_time(t)),
            format!("open until {}", en_time(t)),
            " · ",
        ),
        Availability::Open { until: None } => Text::Open.tr(lang).to_owned(),
        Availability::Closed(ClosedReason::OutsideHours { next_open: Some(t) }) => join(
            lang,
            format!("已关闭，{} 开放", zh_time(t)),
            format!("closed, opens {}", en_time(t)),
            " · ",
        ),
        Availability::Closed(ClosedReason::OutsideHours { next_open: None }) => {
            Text::ClosedNow.tr(lang).to_owned()
        }
        Availability::Closed(ClosedReason::NotYetValid { from }) => join(
            lang,
            format!("未到开放季节（{from} 起）"),
            format!("season starts {from}"),
            "· ",
        ),
        Availability::Closed(ClosedReason::Expired { until }) => join(
            lang,
            format!("本季已结束（至 {until}）"),
            format!("season ended {until}"),
            "· ",
        ),
        Availability::Unknown => Text::HoursUnknown.tr(lang).to_owned(),
    }
}

/// A short description of an edit for the undo/redo tooltips and the status line.
pub fn edit_description(edit: &Edit, lang: Language) -> String {
    let (zh, en, name) = match edit {
        Edit::Insert { facility, .. } => ("添加", "add", &facility.name_zh),
        Edit::Remove { facility, .. } => ("删除", "delete", &facility.name_zh),
        Edit::Replace { before, after, .. } => {
            if before.geometry != after.geometry && before.properties_equal(after) {
                ("移动/改形", "move/reshape", &after.name_zh)
            } else {
                ("修改", "edit", &after.name_zh)
            }
        }
        Edit::Batch(edits) => {
            let count = edits.len();
            return match lang {
                Language::Chinese => format!("导入 {count} 项"),
                Language::English => format!("import {count} items"),
                Language::Both => format!("导入 import {count} 项 items"),
            };
        }
    };
    match lang {
        Language::Chinese => format!("{zh} {name}"),
        Language::English => format!("{en} {name}"),
        Language::Both => format!("{zh} {en} {name}"),
    }
}

// Messages with values.

/// Legend footer: "显示 28 / 44 处 · 28 of 44 shown".
pub fn shown_count(lang: Language, shown: usize, total: usize) -> String {
    join(
        lang,
        format!("显示 {shown} / {total} 处"),
        format!("{shown} of {total} shown"),
        " · ",
    )
}

/// How many facilities are closed at the chosen moment.
pub fn closed_count(lang: Language, count: usize) -> String {
    join(
        lang,
        format!("{count} 处关闭"),
        format!("{count} closed"),
        " · ",
    )
}

/// Accessible label of a category's checkbox, e.g. "护学岗 School guard post (16)".
pub fn checkbox_label(category: Category, count: usize, lang: Language) -> String {
    format!("{} ({count})", category_name(category, lang))
}

/// The top bar's note about unsurveyed positions.
pub fn unsurveyed_note(lang: Language, unsurveyed: usize, total: usize) -> String {
    join(
        lang,
        format!("注意：{unsurveyed} / {total} 处设施的位置为示意，未经实测，文章未给出地址。"),
        format!(
            "Note: {unsurveyed} of {total} positions are illustrative, not surveyed — the article gives no addresses."
        ),
        "",
    )
}

/// The list's heading and, in both languages, the English line beside it:
/// ("搜索结果", "Results (16)"), ("Results (16)", none) or ("搜索结果（16）", none).
pub fn list_heading(lang: Language, searching: bool, count: usize) -> (String, Option<String>) {
    let text = if searching {
        Text::SearchResults
    } else {
        Text::FacilityList
    };
    match lang {
        Language::Chinese => (format!("{}（{count}）", text.zh()), None),
        Language::English => (format!("{} ({count})", text.en()), None),
        Language::Both => (
            text.zh().to_owned(),
            Some(format!("{} ({count})", text.en())),
        ),
    }
}

/// A sort button: "名称 Name", or with the direction when active, "名称 Name (升序 asc)".
pub fn sort_button(lang: Language, key: Text, direction: Option<Text>) -> String {
    match (lang, direction) {
        (_, None) => key.tr(lang).to_owned(),
        (Language::Chinese, Some(d)) => format!("{}（{}）", key.zh(), d.zh()),
        (Language::English, Some(d)) => format!("{} ({})", key.en(), d.en()),
        (Language::Both, Some(d)) => format!("{} ({})", key.both(), d.both()),
    }
}

/// A list row's name when the facility is closed at the chosen moment.
pub fn closed_name(lang: Language, name: &str) -> String {
    match lang {
        Language::Chinese => format!("{name}（已关闭）"),
        Language::English => format!("{name} (closed)"),
        Language::Both => format!("{name}（已关闭 closed）"),
    }
}

/// "350 m · 步行约 5 分钟 · 5 min walk" for a distance already formatted.
pub fn walking(lang: Language, distance: &str, minutes: u32) -> String {
    match lang {
        Language::Chinese => format!("{distance} · 步行约 {minutes} 分钟"),
        Language::English => format!("{distance} · {minutes} min walk"),
        Language::Both => format!("{distance} · 步行约 {minutes} 分钟 · {minutes} min walk"),
    }
}

/// Whether the nearby point is inside a fruit-vendor area.
pub fn inside_area(lang: Language, name_zh: &str, name_en: &str) -> String {
    join(
        lang,
        format!("此处在{name_zh}内。"),
        format!("Inside {name_en}."),
        "",
    )
}

/// "113.17000° E, 35.23000° N" with where on the shape it is.
pub fn coordinates(lang: Language, lon: f64, lat: f64, place: Option<Text>) -> String {
    let place = place.map_or(String::new(), |p| format!(" ({})", p.tr(lang)));
    format!("{lon:.5}° E, {lat:.5}° N{place}\nWGS84")
}

/// A line's length.
pub fn line_length(lang: Language, metres: f64) -> String {
    join(
        lang,
        format!("长约 {metres:.0} 米"),
        format!("about {metres:.0} m long"),
        " · ",
    )
}

/// An area's size.
pub fn area_size(lang: Language, square_metres: f64) -> String {
    join(
        lang,
        format!("面积约 {square_metres:.0} 平方米"),
        format!("about {square_metres:.0} m²"),
        " · ",
    )
}

/// A season: "2024-06-01 至 to 2024-10-31".
pub fn season(lang: Language, from: &str, until: &str) -> String {
    match lang {
        Language::Chinese => format!("{from} 至 {until}"),
        Language::English => format!("{from} to {until}"),
        Language::Both => format!("{from} 至 to {until}"),
    }
}

/// The mention card's summary: category and how many facilities are on the map.
pub fn mention_members(lang: Language, category: Category, count: usize) -> String {
    match lang {
        Language::Chinese => format!("{} — 地图上 {count} 处", category.name_zh()),
        Language::English => format!("{} — {count} on the map", category.name_en()),
        Language::Both => format!(
            "{} · {} — {count} 处 / {count} on the map",
            category.name_zh(),
            category.name_en()
        ),
    }
}

/// How many of a mention's facilities have unsurveyed positions.
pub fn unsurveyed_members(lang: Language, count: usize) -> String {
    join(
        lang,
        format!("其中 {count} 处位置未经实测。"),
        format!("{count} of them have unsurveyed positions."),
        "",
    )
}

/// Tooltip/accessible description of an article mention link.
pub fn mention_hint(lang: Language, mention: &str) -> String {
    match lang {
        Language::Chinese => format!("在地图上显示“{mention}”"),
        Language::English => format!("Show “{mention}” on the map"),
        Language::Both => format!("在地图上显示“{mention}” Show on map"),
    }
}

/// Accessible name of the continuation of a mention that wraps onto the next line.
pub fn mention_continued(lang: Language, mention: &str) -> String {
    match lang {
        Language::Chinese => format!("{mention}（续）"),
        Language::English => format!("{mention} (cont.)"),
        Language::Both => format!("{mention} (续 cont.)"),
    }
}

/// One category of a cluster badge: "护学岗 School guard post x12", "护学岗 12 处" or
/// "School guard post x12".
pub fn category_count(lang: Language, category: Category, count: u32) -> String {
    match lang {
        Language::Chinese => format!("{} {count} 处", category.name_zh()),
        Language::English | Language::Both => {
            format!("{} x{count}", category_name(category, lang))
        }
    }
}

/// A cluster badge's accessible name: "12 个设施 facilities: 护学岗 School guard post x12".
pub fn cluster_label(lang: Language, count: u32, breakdown: &[String]) -> String {
    let list = breakdown.join(", ");
    match lang {
        Language::Chinese => format!("{count} 个设施：{list}"),
        Language::English => format!("{count} facilities: {list}"),
        Language::Both => format!("{count} 个设施 facilities: {list}"),
    }
}

/// A cluster badge's tooltip heading.
pub fn cluster_heading(lang: Language, count: u32) -> String {
    join(
        lang,
        format!("{count} 个设施"),
        format!("{count} facilities"),
        " · ",
    )
}

/// The tile status line: loading and failures, and what the user sees meanwhile.
pub fn tile_status(lang: Language, in_progress: usize, failures: usize) -> String {
    let mut text = if in_progress > 0 {
        join(
            lang,
            format!("底图加载中 {in_progress} 块"),
            format!("loading {in_progress} tiles"),
            " · ",
        )
    } else {
        Text::TilesLoaded.tr(lang).to_owned()
    };
    if failures > 0 {
        text.push_str(" · ");
        text.push_str(&match lang {
            Language::Chinese => format!("失败 {failures} 块 — 无网络时显示内置边界"),
            Language::English => {
                format!("{failures} failed — offline: embedded basemap shown")
            }
            Language::Both => format!(
                "失败 {failures} failed — 无网络时显示内置边界 offline: embedded basemap shown"
            ),
        });
    }
    text
}

/// Accessible name of the handle that moves a whole facility.
pub fn move_handle(lang: Language, name: &str) -> String {
    format!("{} {name}", Text::Move.tr(lang))
}

/// Accessible name of a corner handle (counted from 1).
pub fn corner_handle(lang: Language, number: usize) -> String {
    format!("{} {number}", Text::Corner.tr(lang))
}

/// Accessible name of the handle adding a corner after corner `number`.
pub fn midpoint_handle(lang: Language, number: usize) -> String {
    join(
        lang,
        format!("在顶点 {number} 后添加顶点"),
        format!("Add corner after {number}"),
        " ",
    )
}

/// Tooltip of undo/redo: "Ctrl+Z: 添加 add 新临时便民销售点".
pub fn shortcut_hint(lang: Language, shortcut: &str, what: Option<&str>) -> String {
    format!("{shortcut}: {}", what.unwrap_or(Text::Nothing.tr(lang)))
}

/// Tooltip of Save when it writes to a file.
pub fn save_to(lang: Language, shortcut: &str, path: &str) -> String {
    match lang {
        Language::Chinese => format!("{shortcut}：保存到 {path}"),
        Language::English => format!("{shortcut}: save to {path}"),
        Language::Both => format!("{shortcut}: 保存到 save to {path}"),
    }
}

/// The hint under the edit toolbar while adding a point.
pub fn add_point_hint(lang: Language, category: Category) -> String {
    join(
        lang,
        format!("在地图上点击添加{}。", category.name_zh()),
        format!(
            "Click the map to add a {}.",
            category.name_en().to_lowercase()
        ),
        "",
    )
}

/// The hint under the edit toolbar while drawing an area.
pub fn draw_area_hint(lang: Language, corners: usize) -> String {
    join(
        lang,
        format!(
            "已画 {corners} 个顶点：点击添加顶点，点击第一个顶点、双击或按 Enter 完成，Backspace 撤回一点，Esc 取消。"
        ),
        format!(
            "{corners} corners: click to add, click the first corner, double-click or press Enter to finish, Backspace removes the last, Esc cancels."
        ),
        "",
    )
}

/// The file-changed dialog: which file changed.
pub fn file_changed_since(lang: Language, path: &str) -> String {
    match lang {
        Language::Chinese => format!("{path} 在载入或上次保存后被修改。"),
        Language::English => format!("{path} was changed since it was loaded or last saved."),
        Language::Both => {
            format!("{path} 在载入后被修改。It was changed since it was loaded or last saved.")
        }
    }
}

/// The file-changed dialog: what saving would change.
pub fn saving_would_change(lang: Language, count: usize) -> String {
    join(
        lang,
        format!("保存将对磁盘上的版本做以下 {count} 处改动 (+ 新增, - 删除, ~ 修改)。"),
        format!(
            "Saving would make these {count} changes to the version on disk (+ added, - removed, ~ changed):"
        ),
        "",
    )
}

/// Status after "Save mine": where the other version was kept.
pub fn saved_keeping_theirs(lang: Language, copy: &str) -> String {
    join(
        lang,
        format!("磁盘上的版本已另存为冲突副本 {copy}。"),
        format!("The version on disk was kept as the conflict copy {copy}."),
        " ",
    )
}

/// Status after a merge with the version on disk.
pub fn merged_with_disk(lang: Language, from_mine: usize, asked: usize) -> String {
    join(
        lang,
        format!(
            "已合并：磁盘上的版本加上你的 {from_mine} 处修改（询问了 {asked} 处）；按保存写入文件。"
        ),
        format!(
            "Merged: the version on disk plus {from_mine} of your changes ({asked} asked); Save writes it."
        ),
        " ",
    )
}

/// The load error when the worker reading a data file stopped without an answer.
pub fn reading_stopped(lang: Language, path: &str) -> String {
    join(
        lang,
        format!("读取 {path} 时意外中止；文件未被改动，请重新打开它。"),
        format!("Reading {path} stopped unexpectedly; the file is untouched, open it again."),
        " ",
    )
}

/// Status when a version cannot be rebuilt from the history.
pub fn version_not_restorable(lang: Language, name: &str, version: i64) -> String {
    join(
        lang,
        format!("无法从历史记录重建“{name}”的第 {version} 版。"),
        format!("Version {version} of {name} cannot be rebuilt from the history."),
        " ",
    )
}

/// Status when edits an earlier run could not send to the database are sent now.
pub fn database_edits_adopted(lang: Language, count: usize) -> String {
    join(
        lang,
        format!("上次未能保存到数据库的 {count} 处修改已恢复，正在保存。"),
        format!(
            "{count} edits an earlier session could not save to the database are back and being saved."
        ),
        " ",
    )
}

/// Status after the user chose between their and a colleague's values on the shared database.
pub fn database_conflicts_resolved(lang: Language, kept_mine: usize, asked: usize) -> String {
    join(
        lang,
        format!("冲突已解决：{asked} 处中保留你的 {kept_mine} 处，正在保存到数据库。"),
        format!(
            "Conflicts resolved: yours kept in {kept_mine} of {asked}; saving to the database."
        ),
        " ",
    )
}

/// Status when no merge is possible because the loaded version is off the undo path.
pub fn merge_impossible(lang: Language, reason: &str) -> String {
    failure(lang, "无法合并", "Cannot merge", reason)
}

/// Status when the conflict copy could not be written (nothing was saved).
pub fn conflict_copy_failed(lang: Language, reason: &str) -> String {
    failure(
        lang,
        "未保存：无法保留磁盘上的版本",
        "Not saved: cannot keep the version on disk",
        reason,
    )
}

/// The quit dialog: how many edits are unsaved.
pub fn edits_not_saved(lang: Language, count: usize) -> String {
    join(
        lang,
        format!("{count} 处修改尚未保存。"),
        format!("{count} edit(s) are not saved."),
        "",
    )
}

/// The recovery dialog: what the edits were made to and when.
pub fn recovery_found(lang: Language, source: &str, written_at: &str) -> String {
    join(
        lang,
        format!("上次运行时对 {source} 的修改未保存（{written_at}）。"),
        format!("Edits to {source} were not saved last time ({written_at})."),
        "",
    )
}

/// The recovery dialog: how many differences there are.
pub fn differences(lang: Language, count: usize) -> String {
    join(
        lang,
        format!("与当前数据相比 {count} 处不同"),
        format!("{count} differences from the data now:"),
        " / ",
    )
}

/// Status after an edit was applied.
pub fn edit_applied(lang: Language, description: &str) -> String {
    let undo = crate::command::UiCommand::Undo.shortcut_text();
    match lang {
        Language::Chinese => format!("已{description}（可撤销：{undo}）"),
        Language::English => format!("Done: {description} (undo: {undo})"),
        Language::Both => format!("已{description} (可撤销 undo: {undo})"),
    }
}

/// A failure message: "保存失败 Save failed: reason" (the reason comes from elsewhere).
fn failure(lang: Language, zh: &str, en: &str, reason: &str) -> String {
    match lang {
        Language::Chinese => format!("{zh}：{reason}"),
        Language::English => format!("{en}: {reason}"),
        Language::Both => format!("{zh} {en}: {reason}"),
    }
}

/// Status when an edit was refused.
pub fn edit_refused(lang: Language, reason: &str) -> String {
    failure(lang, "未能修改", "Edit refused", reason)
}

/// Status when undo or redo failed.
pub fn undo_failed(lang: Language, reason: &str) -> String {
    failure(lang, "无法撤销/重做", "Cannot undo/redo", reason)
}

/// Status when the recovery file cannot be read.
pub fn recovery_unreadable(lang: Language, reason: &str) -> String {
    failure(
        lang,
        "恢复文件无法读取，已保留",
        "The recovery file cannot be read and was left in place",
        reason,
    )
}

/// Status when the recovery copy cannot be written.
pub fn recovery_unwritable(lang: Language, reason: &str) -> String {
    failure(
        lang,
        "无法写入恢复文件",
        "Cannot write the recovery copy",
        reason,
    )
}

/// Status when edit mode is refused because the data did not load.
pub fn cannot_edit_unloaded(lang: Language, reason: &str) -> String {
    match lang {
        Language::Chinese => format!("数据文件未能载入，不能编辑（以免覆盖它）：{reason}"),
        Language::English => format!(
            "The data file did not load, so it cannot be edited (that could overwrite it): {reason}"
        ),
        Language::Both => format!(
            "数据文件未能载入，不能编辑（以免覆盖它）。The data file did not load, so it cannot be edited (that could overwrite it): {reason}"
        ),
    }
}

/// Note in the file-changed dialog when the file on disk cannot be read.
pub fn disk_file_unreadable(lang: Language, reason: &str) -> String {
    failure(
        lang,
        "磁盘上的文件无法读取为设施数据",
        "The file on disk cannot be read as facilities",
        reason,
    )
}

/// Status when saving failed.
pub fn save_failed(lang: Language, reason: &str) -> String {
    failure(
        lang,
        "保存失败，原文件未改动",
        "Save failed, the file is unchanged",
        reason,
    )
}

/// Status when exporting failed.
pub fn export_failed(lang: Language, reason: &str) -> String {
    failure(lang, "导出失败", "Export failed", reason)
}

/// Status after opening a data file.
pub fn opened_file(lang: Language, count: usize, path: &str) -> String {
    join(
        lang,
        format!("已打开 {path}（{count} 项）"),
        format!("Opened {path} ({count} facilities)"),
        " ",
    )
}

/// A dropped file the importer does not read.
pub fn dropped_not_importable(lang: Language, name: &str) -> String {
    let zh = format!("无法导入 {name}：只能导入 GeoJSON（.geojson、.json）或 CSV（.csv）文件。");
    let en =
        format!("Cannot import {name}: only GeoJSON (.geojson, .json) or CSV (.csv) files import.");
    match lang {
        Language::Chinese => zh,
        Language::English => en,
        Language::Both => format!("{zh} {en}"),
    }
}

/// Status when importing failed.
pub fn import_failed(lang: Language, reason: &str) -> String {
    failure(
        lang,
        "导入失败，未做任何修改",
        "Import failed, nothing changed",
        reason,
    )
}

/// Status after saving.
pub fn saved(lang: Language, count: usize, path: &str, backups: usize) -> String {
    match lang {
        Language::Chinese => {
            format!("已保存 {count} 项到 {path}（备份：.bak1-.bak{backups}）")
        }
        Language::English => {
            format!("Saved {count} facilities to {path} (backups: .bak1-.bak{backups})")
        }
        Language::Both => format!(
            "已保存 Saved {count} 项 facilities to {path} (备份 backups: .bak1-.bak{backups})"
        ),
    }
}

/// Status after exporting.
pub fn exported(lang: Language, count: usize, path: &str) -> String {
    match lang {
        Language::Chinese => format!("已导出 {count} 项到 {path}"),
        Language::English => format!("Exported {count} facilities to {path}"),
        Language::Both => format!("已导出 Exported {count} 项 facilities to {path}"),
    }
}

/// Status after importing, with renamed ids and positions outside the district, if any.
pub fn imported(
    lang: Language,
    count: usize,
    path: &str,
    renamed: usize,
    outside: usize,
) -> String {
    let mut message = match lang {
        Language::Chinese => format!("已从 {path} 导入 {count} 项"),
        Language::English => format!("Imported {count} facilities from {path}"),
        Language::Both => format!("已导入 Imported {count} 项 facilities from {path}"),
    };
    let separator = if lang == Language::English {
        "; "
    } else {
        "；"
    };
    if renamed > 0 {
        message.push_str(separator);
        message.push_str(&match lang {
            Language::Chinese => format!("{renamed} 个编号重复已改名 (-2, -3…)"),
            Language::English => {
                format!("{renamed} ids already in use were renamed (-2, -3…)")
            }
            Language::Both => {
                format!("{renamed} 个编号重复已改名 ids already in use were renamed (-2, -3…)")
            }
        });
    }
    if outside > 0 {
        message.push_str(separator);
        message.push_str(&join(
            lang,
            format!("{outside} 项在中站区外，请检查坐标系"),
            format!("{outside} lie outside Zhongzhan District: check the datum"),
            " ",
        ));
    }
    message
}

/// Status after undo or redo.
pub fn undone_or_redone(lang: Language, undo: bool, description: &str) -> String {
    let verb = if undo { Text::Undone } else { Text::Redone };
    format!("{}: {description}", verb.tr(lang))
}

/// Provenance written into the data for a facility added by staff. It is stored in the file,
/// so it is always in both languages, whatever the interface shows.
pub fn added_by_staff(today: &str) -> String {
    format!("城管局工作人员添加 Added by bureau staff, {today}")
}

/// How a facility added by clicking the map was placed (stored in the file, both languages).
pub fn placed_by_click(zoom_level: f64, today: &str) -> String {
    format!(
        "在地图上点选（缩放 {zoom_level:.0} 级）Placed by clicking the map at zoom {zoom_level:.0}, {today}"
    )
}

/// Name of a new facility (stored in the file): "新临时便民销售点" and "New temporary sales point".
pub fn new_facility_names(category: Category) -> (String, String) {
    (
        format!("新{}", category.name_zh()),
        format!("New {}", category.name_en().to_lowercase()),
    )
}

/// The basemap menu's wording lives here with every other text.
impl Basemap {
    /// Label in the layer menu.
    pub fn label(self) -> Text {
        match self {
            Basemap::Embedded => Text::BasemapEmbedded,
            Basemap::OpenStreetMap => Text::BasemapOsm,
            Basemap::Tianditu => Text::BasemapTianditu,
            Basemap::Amap => Text::BasemapAmap,
            Basemap::PmTiles => Text::BasemapPmTiles,
        }
    }
}

/// The database chip: `user@host:port/db · connected`.
pub fn database_chip(lang: Language, target: &str, link: Text) -> String {
    format!("{} {target} · {}", Text::Database.tr(lang), link.tr(lang))
}

/// How many edits wait to be saved to the database.
pub fn database_waiting(lang: Language, count: usize) -> String {
    join(
        lang,
        format!("{count} 项修改待保存"),
        format!("{count} edit{} waiting", if count == 1 { "" } else { "s" }),
        " ",
    )
}

/// The database could not be read: one sentence naming it (never the password).
pub fn database_load_failed(lang: Language, target: &str, reason: &str) -> String {
    join(
        lang,
        format!("无法读取数据库 {target}：{reason}"),
        format!("Could not read the database {target}: {reason}"),
        " ",
    )
}

/// A save to the database that cannot be merged: the facility and each field with both values.
pub fn database_conflict(
    lang: Language,
    name: &str,
    fields: &[(String, String, String)],
) -> String {
    let listed = |mine: &str, theirs: &str| {
        fields
            .iter()
            .map(|(field, m, t)| format!("{field}: {mine} {m} / {theirs} {t}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    join(
        lang,
        format!(
            "冲突：同事也改了“{name}”的同一字段，你的修改仍待保存（{}）",
            listed("你的", "他们的")
        ),
        format!(
            "Conflict: a colleague changed the same field of {name}; your edit stays waiting ({})",
            listed("yours", "theirs")
        ),
        " ",
    )
}

/// A save to the database that met a deletion or a change it cannot merge with.
pub fn database_save_held(lang: Language, name: &str, reason: &str) -> String {
    join(
        lang,
        format!("“{name}”的修改未能保存，仍待保存：{reason}"),
        format!("The edit of {name} was not saved and stays waiting: {reason}"),
        " ",
    )
}

/// A colleague's merged changes were saved together with mine.
pub fn database_merged(lang: Language, name: &str) -> String {
    join(
        lang,
        format!("已保存“{name}”，并合并了同事对其他字段的修改"),
        format!("Saved {name}, merged with a colleague's changes to other fields"),
        " ",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> chrono::NaiveDateTime {
        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn a_closed_facility_says_when_it_opens_next() {
        let schedule = crate::model::hours::Schedule::parse("Mo-Fr 07:00-08:30", "", "").unwrap();
        let night = schedule.at(at("2024-10-08 22:00"));
        let text = availability_text(&night, Language::English);
        assert!(text.contains("opens 10-09 07:00"), "{text}");
    }

    #[test]
    fn next_openings_are_worded_as_today_tomorrow_or_a_weekday() {
        let now = at("2024-10-08 22:00"); // a Tuesday
        assert_eq!(
            moment_words(&at("2024-10-08 23:00"), Some(&now), Language::English),
            "today 23:00"
        );
        assert_eq!(
            moment_words(&at("2024-10-09 07:00"), Some(&now), Language::Chinese),
            "明天 07:00"
        );
        assert_eq!(
            moment_words(&at("2024-10-11 07:00"), Some(&now), Language::English),
            "Fri 07:00"
        );
        assert_eq!(
            moment_words(&at("2024-10-20 07:00"), Some(&now), Language::English),
            "10-20 07:00"
        );
        let schedule = crate::model::hours::Schedule::parse("Mo-Fr 07:00-08:30", "", "").unwrap();
        let night = schedule.at(now);
        assert_eq!(
            availability_text_at(&night, Some(&now), Language::Both),
            "已关闭，明天 07:00 开放 · closed, opens tomorrow 07:00"
        );
    }

    #[test]
    fn a_holiday_and_a_make_up_day_are_named_on_the_card() {
        let name = crate::model::holidays::DayName {
            zh: "国庆节".to_owned(),
            en: "National Day".to_owned(),
        };
        assert_eq!(
            day_kind(Language::Both, 0, DayKind::Holiday(Some(&name))).as_deref(),
            Some("今天 国庆节（节假日） · today: National Day (public holiday)")
        );
        assert_eq!(
            day_kind(Language::English, 1, DayKind::Workday(chrono::Weekday::Mon)).as_deref(),
            Some("tomorrow: make-up working day (Monday hours)")
        );
        assert_eq!(
            day_kind(Language::Chinese, 0, DayKind::Holiday(None)).as_deref(),
            Some("今天 节假日")
        );
        assert_eq!(day_kind(Language::Both, 0, DayKind::Ordinary), None);
    }

    #[test]
    fn a_fruit_area_after_its_season_says_when_it_ended() {
        let schedule =
            crate::model::hours::Schedule::parse("06:00-21:00", "2024-06-01", "2024-10-31")
                .unwrap();
        let after = schedule.at(at("2024-11-02 10:00"));
        let text = availability_text(&after, Language::English);
        assert!(text.contains("season ended 2024-10-31"), "{text}");
    }

    #[test]
    fn every_entry_has_chinese_and_english_and_a_bilingual_form() {
        for text in Text::ALL {
            assert!(!text.zh().trim().is_empty(), "{text:?} has no Chinese");
            assert!(!text.en().trim().is_empty(), "{text:?} has no English");
            assert!(
                !text.both().trim().is_empty(),
                "{text:?} has no bilingual form"
            );
        }
    }

    #[test]
    fn english_entries_hold_no_chinese_characters() {
        let cjk = |c: char| {
            ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
        };
        // Attributions name the provider as it names itself.
        let exempt = [Text::TiandituAttribution];
        for text in Text::ALL.iter().filter(|t| !exempt.contains(t)) {
            assert!(!text.en().chars().any(cjk), "{text:?}: {}", text.en());
        }
    }

    #[test]
    fn the_bilingual_form_keeps_the_original_labels() {
        assert_eq!(Text::ZoomIn.both(), "放大 +");
        assert_eq!(Text::District.both(), "全区 District");
        assert_eq!(
            Text::AmapShiftHint.both(),
            "高德底图为 GCJ-02 坐标，设施会随之偏移显示。AMap tiles are GCJ-02: overlays are shifted to match."
        );
        assert_eq!(Text::North.both(), "N 北");
        assert_eq!(tr(Text::Details, Language::English), "Details");
        assert_eq!(tr(Text::Details, Language::Chinese), "详情");
    }

    #[test]
    fn messages_speak_one_language_at_a_time() {
        assert_eq!(
            shown_count(Language::Both, 28, 44),
            "显示 28 / 44 处 · 28 of 44 shown"
        );
        assert_eq!(shown_count(Language::English, 28, 44), "28 of 44 shown");
        assert_eq!(shown_count(Language::Chinese, 28, 44), "显示 28 / 44 处");
        assert_eq!(walking(Language::English, "350 m", 5), "350 m · 5 min walk");
        assert_eq!(
            walking(Language::Chinese, "350 m", 5),
            "350 m · 步行约 5 分钟"
        );
        assert_eq!(
            walking(Language::Both, "350 m", 5),
            "350 m · 步行约 5 分钟 · 5 min walk"
        );
        assert_eq!(
            file_changed_since(Language::English, "/a.geojson"),
            "/a.geojson was changed since it was loaded or last saved."
        );
        assert_eq!(
            field(Language::Both, Text::Precision, Text::Illustrative.both()),
            "位置精度 Precision: 示意位置 illustrative"
        );
    }

    #[test]
    fn names_come_first_in_the_chosen_language() {
        assert_eq!(
            facility_name(Language::English, "护学岗 01", "School guard post 01"),
            "School guard post 01"
        );
        assert_eq!(
            facility_name(Language::Chinese, "护学岗 01", "School guard post 01"),
            "护学岗 01"
        );
        assert_eq!(
            facility_name(Language::English, "护学岗 01", ""),
            "护学岗 01"
        );
        assert_eq!(data_pair(Language::English, "甲", "A"), ("A", Some("甲")));
        assert_eq!(data_pair(Language::Chinese, "甲", "A"), ("甲", None));
        assert_eq!(data_pair(Language::Both, "", "A"), ("A", None));
    }

    #[test]
    fn a_phrase_is_kept_in_every_language() {
        let phrase = Phrase::new(|lang| closed_count(lang, 3));
        assert_eq!(phrase.get(Language::English), "3 closed");
        assert_eq!(phrase.get(Language::Chinese), "3 处关闭");
        assert_eq!(Phrase::from(Text::Save).get(Language::Both), "保存 Save");
    }

    fn is_cjk(c: char) -> bool {
        ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
    }

    /// The string literals of Rust source holding Chinese, with their line numbers; comments
    /// and everything from `#[cfg(test)]` on are skipped.
    fn chinese_literals(source: &str) -> Vec<(usize, String)> {
        let code = source.split("#[cfg(test)]").next().unwrap_or_default();
        let mut found = Vec::new();
        for (number, line) in code.lines().enumerate() {
            let mut chars = line.chars().peekable();
            let mut literal: Option<String> = None;
            while let Some(c) = chars.next() {
                match (&mut literal, c) {
                    (Some(text), '\\') => {
                        text.push(c);
                        text.extend(chars.next());
                    }
                    (Some(text), '"') => {
                        if text.chars().any(is_cjk) {
                            found.push((number + 1, text.clone()));
                        }
                        literal = None;
                    }
                    (Some(text), _) => text.push(c),
                    (None, '/') if chars.peek() == Some(&'/') => break,
                    (None, '\'') if chars.peek() == Some(&'"') => {
                        chars.next();
                    }
                    (None, '"') => literal = Some(String::new()),
                    (None, _) => {}
                }
            }
        }
        found
    }

    #[test]
    fn the_literal_scan_finds_chinese_in_strings_only() {
        let source = "// 注释 \"中\"\nlet a = \"放大\"; // \"缩小\"\nlet b = '\"'; let c = \"x\\\"中\\\"\";\n";
        assert_eq!(
            chinese_literals(source),
            vec![(2, "放大".to_owned()), (3, "x\\\"中\\\"".to_owned())]
        );
    }

    #[test]
    fn no_chinese_wording_is_spelled_outside_the_table() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![root.join("command.rs")];
        let mut dirs: Vec<_> = ["ui", "map", "app"].map(|d| root.join(d)).into();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if !path.ends_with("tests.rs") {
                    // Test modules may spell what they expect to see.
                    files.push(path);
                }
            }
        }
        let mut offenders = Vec::new();
        for file in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        {
            let source = std::fs::read_to_string(file).unwrap();
            for (line, literal) in chinese_literals(&source) {
                offenders.push(format!("{}:{line}: \"{literal}\"", file.display()));
            }
        }
        assert!(files.len() > 20, "scanned {} files", files.len());
        assert!(
            offenders.is_empty(),
            "put these in src/i18n.rs:\n{}",
            offenders.join("\n")
        );
    }

    /// A whole stored view without a language is read in `tests/languages.rs`
    /// (`an_old_stored_view_without_a_language_is_bilingual`).
    #[test]
    fn the_default_language_is_both_and_a_stored_language_reads_back() {
        assert_eq!(Language::default(), Language::Both);
        let stored: Language = serde_json::from_str("\"English\"").unwrap();
        assert_eq!(stored, Language::English);
    }
}
