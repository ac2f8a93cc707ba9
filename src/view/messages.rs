//! Every typed problem of the layers below, said once, in Japanese and English: what a council
//! member reads when a file, a selection, a model or a chart fails. Messages name the file, its
//! row or line and column, what was found and what was expected.

use std::fmt;

use crate::analysis::binned::ModelError;
use crate::analysis::distribution::{SelectionFailure, StatsError};
use crate::analysis::simulator::fit::SimulatorError;
use crate::analysis::simulator::parameters::Unavailable;
use crate::analysis::standardise::Unstandardised;
use crate::draw::DrawError;
use crate::import::arrow_io::ArrowProblem;
use crate::import::cells::{FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR};
use crate::import::collection::MergeProblem;
use crate::import::limits::{self, Counted};
use crate::import::manifest::CatalogueUnreadable;
use crate::import::ndb::{Contiguity, NdbProblem, UnsupportedLayout};
use crate::import::ndb_means::MeansProblem;
use crate::import::tidy::{japanese_header, TidyProblem};
use crate::import::wide::WideProblem;
use crate::import::{
    CellProblem, ColumnKind, EcosystemProblem, ImportError, NotConverted, Place, Problem,
    RecordProblem, SizeLimit, TextProblem, TooLarge,
};
use crate::model::indicator::{by_id, INDICATORS};
use crate::model::subtotal::SubtotalProblem;
use crate::model::text::{format_people, format_value};
use crate::model::BinProblem;
use crate::view::language::{Language, Message};
use crate::view::names;

/// What an import problem says, without its place (the file, row and column are added by
/// [`import_error`]).
pub trait ProblemText {
    fn text(&self, language: Language) -> String;

    /// Whether the message is put after the file and place (「kokuho.csv（12行目）：…」); a problem
    /// that names its file in its own words is not.
    fn placed(&self) -> bool {
        true
    }
}

/// A reader worker that stopped while reading `file_name` (a panic aborts a worker's wasm: the
/// parquet crate asserts on damaged page data). Said by the page for the reader worker and by
/// the reader worker for the columnar worker.
pub fn reader_stopped(file_name: &str) -> Message {
    Message::new(
        "ファイルを読む部品が止まりました。ファイルが壊れているか、読めない形式です。読み込み済みのデータはそのままです。",
        "The part that reads files stopped: the file is damaged or in a form it cannot read. What was loaded stays.",
    )
    .about(file_name)
}

/// A link whose `data=` names more files than `limits::MAX_FILES`: none is fetched.
pub fn too_many_linked_files(found: usize) -> Message {
    let limit = limits::MAX_FILES;
    Message::new(
        format!("このリンクの data= は {found} ファイルを指しています（{limit} まで）。どれも取得していません。"),
        format!("This link names {found} files with data= (at most {limit}). None was fetched."),
    )
}

/// The reader sent nothing, neither progress nor an answer, for
/// `limits::READER_SILENCE_LIMIT_MS` (two minutes: the words are fixed, a test holds them
/// to the limit), and was ended.
pub fn reader_silent(file_name: &str) -> Message {
    Message::new(
        "ファイルを読む部品が2分間応答しないため止めました。読み込み済みのデータはそのままです。",
        "The part that reads files did not answer for 2 minutes and was stopped. What was loaded stays.",
    )
    .about(file_name)
}

/// The parts of the page whose code comes after the first chart (`web::later`).
#[derive(Clone, Copy)]
pub enum LaterPart {
    OpenFiles,
    GroupComparison,
    Simulator,
    /// The PNG, SVG and CSV writers (downloaded on the first export).
    Exports,
    /// The trend's figures, words and chart (downloaded when the trend is first opened).
    Trend,
    /// The reader of lists of saved views (downloaded with the first list opened).
    SavedViews,
}

/// A part of the page whose code comes after the first chart could not be downloaded.
pub fn part_not_downloaded(part: LaterPart) -> Message {
    let [japanese, english] = match part {
        LaterPart::OpenFiles => ["ファイルを開く機能", "The part that opens files"],
        LaterPart::GroupComparison => ["集団の比較", "The group comparison"],
        LaterPart::Simulator => ["シミュレーション", "The simulator"],
        LaterPart::Exports => ["図の書き出し", "The part that exports charts"],
        LaterPart::Trend => ["経年変化", "The trend"],
        LaterPart::SavedViews => ["表示リストの読み込み", "The part that reads lists of views"],
    };
    Message::new(
        format!("{japanese}のプログラムをダウンロードできませんでした。接続を確かめて、もう一度お試しください。表示中の図とデータはそのままです。"),
        format!("{english} could not be downloaded. Check the connection and try again. The chart and the data shown stay as they are."),
    )
}

/// The message of an import error: 「kokuho.csv（12行目・列「人数」）：…」.
pub fn import_error<P: ProblemText>(error: &ImportError<P>) -> Message {
    Message::in_both(|language| {
        let problem = error.problem.text(language);
        if error.problem.placed() {
            placed(&error.file_name, &error.place, problem, language)
        } else {
            problem
        }
    })
}

/// The problem's words after the file and the place in it (not generic: one copy serves
/// every reader's problems).
fn placed(file: &str, place: &Place, problem: String, language: Language) -> String {
    let parts: Vec<String> = match place {
        Place::File => Vec::new(),
        Place::Cell(cell) => {
            let (row, column) = (cell.row_number(), cell.column_letters());
            vec![language.pick(
                format!("{row}行目・{column}列"),
                format!("row {row}, column {column}"),
            )]
        }
        Place::Line { line, column } => line
            .map(|line| language.pick(format!("{line}行目"), format!("line {line}")))
            .into_iter()
            .chain(column.as_ref().map(|column| {
                language.pick(format!("列「{column}」"), format!("column “{column}”"))
            }))
            .collect(),
        Place::Row(row) => vec![language.pick(format!("{row}行目"), format!("row {row}"))],
    };
    match (parts.is_empty(), language) {
        (true, Language::Japanese) => format!("{file}：{problem}"),
        (true, Language::English) => format!("{file}: {problem}"),
        (false, Language::Japanese) => format!("{file}（{}）：{problem}", parts.join("・")),
        (false, Language::English) => format!("{file} ({}): {problem}", parts.join(", ")),
    }
}

/// In Japanese, for logs and the converter's output.
impl<P: ProblemText> fmt::Display for ImportError<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(import_error(self).text(Language::Japanese))
    }
}

impl<P: ProblemText + fmt::Debug> std::error::Error for ImportError<P> {}

impl ProblemText for Problem {
    fn text(&self, language: Language) -> String {
        match self {
            Problem::TooLarge(problem) => problem.text(language),
            Problem::Text(problem) => problem.text(language),
            Problem::Cell(problem) => problem.text(language),
            Problem::Ndb(problem) => problem.text(language),
            Problem::Tidy(problem) => problem.text(language),
            Problem::Wide(problem) => problem.text(language),
            Problem::Arrow(problem) => problem.text(language),
            #[cfg(feature = "columnar-files")]
            Problem::Ecosystem(problem) => problem.text(language),
            Problem::Records(problem) => problem.text(language),
            Problem::NotConverted(NotConverted { column }) => language.pick(
                format!("列「{}」を変換できません（異なる値が 32,767 を超えるか、数が大きすぎます）。", japanese_header(column)),
                format!("Column “{column}” cannot be converted (more than 32,767 distinct values, or a number too large)."),
            ),
        }
    }
}

impl ProblemText for TooLarge {
    fn text(&self, language: Language) -> String {
        let megabytes = self.byte_count as f64 / 1_048_576.0;
        let limit = self.limit_bytes / 1_048_576;
        match (self.kind, language) {
            (SizeLimit::NdbWorkbook, Language::Japanese) => format!("ファイルが大きすぎます（{megabytes:.1} MB）。NDBオープンデータの表は通常 2 MB 未満です（上限 {limit} MB）。"),
            (SizeLimit::NdbWorkbook, Language::English) => format!("The file is too large ({megabytes:.1} MB). NDB open data tables are usually under 2 MB (at most {limit} MB)."),
            (SizeLimit::AggregateTable, Language::Japanese) => format!("ファイルが大きすぎます（{megabytes:.1} MB、上限 {limit} MB）。集計済みの表を読み込んでください。"),
            (SizeLimit::AggregateTable, Language::English) => format!("The file is too large ({megabytes:.1} MB; at most {limit} MB). Open a table of aggregated counts."),
        }
    }
}

impl ProblemText for TextProblem {
    fn text(&self, language: Language) -> String {
        match self {
            TextProblem::Empty => language.pick("空のファイルです。", "The file is empty.").into(),
            TextProblem::NotText => language.pick(
                "テキスト（CSV）ファイルではありません。Excel ブックなら「.xlsx」として、UTF-16 の CSV なら UTF-8 か Shift_JIS で保存し直してください。",
                "This is not a text (CSV) file. Save an Excel workbook as “.xlsx”, and a UTF-16 CSV as UTF-8 or Shift_JIS.",
            ).into(),
            TextProblem::UnknownEncoding => language.pick(
                "文字コードを判別できません。UTF-8 か Shift_JIS（CP932）で保存してください。",
                "The character encoding cannot be told. Save the file as UTF-8 or Shift_JIS (CP932).",
            ).into(),
            TextProblem::NotCsv { detail } => language.pick(
                format!("CSV として読めません（{detail}）。"),
                format!("It cannot be read as CSV ({detail})."),
            ),
        }
    }
}

impl ProblemText for CellProblem {
    fn text(&self, language: Language) -> String {
        match self {
            CellProblem::Sex { text } => language.pick(
                format!("性別「{text}」を読めません（男・女）。"),
                format!("The sex “{text}” cannot be read (male, female, 男, 女)."),
            ),
            CellProblem::Bin { text } => language.pick(
                format!("階級「{text}」を読めません（例：140以上160未満、120未満、180以上）。"),
                format!("The bin “{text}” cannot be read (e.g. 140以上160未満, 120未満, 180以上)."),
            ),
            CellProblem::NegativeCount { text } => language.pick(
                format!("人数「{text}」が負の数です。"),
                format!("The count “{text}” is negative."),
            ),
            CellProblem::NotACount { text } => language.pick(
                format!("人数「{text}」は0以上の整数ではありません（秘匿なら「-」）。"),
                format!(
                    "The count “{text}” is not a whole number of 0 or more (“-” if suppressed)."
                ),
            ),
        }
    }
}

/// A blank cell in the ministry's workbooks, as the messages show it.
fn found_or_blank(found: &str) -> &str {
    if found.is_empty() {
        "（空欄）"
    } else {
        found
    }
}

impl ProblemText for MeansProblem {
    fn text(&self, language: Language) -> String {
        match self {
            MeansProblem::Workbook(problem) => problem.text(language),
            MeansProblem::BadMean { found } => language.pick(
                format!(
                    "平均値として読めません：「{found}」。数値か、秘匿を表す「-」を期待しました。"
                ),
                format!("“{found}” is not a mean: a number, or “-” (suppressed), was expected."),
            ),
        }
    }

    fn placed(&self) -> bool {
        match self {
            MeansProblem::Workbook(problem) => problem.placed(),
            MeansProblem::BadMean { .. } => true,
        }
    }
}

impl ProblemText for NdbProblem {
    fn text(&self, language: Language) -> String {
        match self {
            NdbProblem::NotAWorkbook { detail } => language.pick(
                format!("Excel ブック（.xlsx）として読めません。ファイルが壊れているか、別の形式です（{detail}）。"),
                format!("It cannot be read as an Excel workbook (.xlsx): the file is damaged or of another kind ({detail})."),
            ),
            NdbProblem::SheetTooLarge { extent } => {
                let (extent, limit) = (format_people(*extent), format_people(limits::MAX_SHEET_CELLS));
                language.pick(
                    format!("最初のシートの使われているセルが広すぎます（{extent} セルの範囲、{limit} セルまで）。NDBの集計表ではありません。"),
                    format!("The first sheet’s used cells span too wide a range ({extent} cells; at most {limit}). It is not an NDB table."),
                )
            }
            NdbProblem::NoSheet => language.pick("シートがありません。", "The workbook has no sheet.").into(),
            NdbProblem::NotNdbTitle { found } => language.pick(
                format!("NDBオープンデータ（特定健診）の様式ではないようです。1行目に「特定健診（項目名）：年度」の表題を期待しましたが「{found}」でした。"),
                format!("This does not look like an NDB open data checkup table. Row 1 should hold a title like 「特定健診（項目名）：年度」, but holds “{found}”."),
            ),
            NdbProblem::MeansNotDistribution => language.pick(
                "これは「各項目の平均値」の表です。読み込めるのは検査値階層ごとの人数の表（性年齢階級別分布）です。",
                "This is the table of means. Renkei reads the tables of people per value band (性年齢階級別分布).",
            ).into(),
            NdbProblem::UnsupportedLayout { item, layout } => {
                let reason = match layout {
                    UnsupportedLayout::BinsBySex => language.pick(
                        "男女で検査値階層が異なり、男女の表が横に並ぶ様式のため",
                        "its value bands differ by sex, and the sexes' tables sit side by side",
                    ),
                    UnsupportedLayout::CgaCategories => language.pick(
                        "見出しが1行多く、48区分の列を持つ様式のため",
                        "its header has one more row and 48 columns of categories",
                    ),
                };
                language.pick(
                    format!("「{item}」の表にはまだ対応していません（{reason}）。"),
                    format!("The table of “{item}” is not supported yet ({reason})."),
                )
            }
            NdbProblem::UnknownItem { item } => {
                let names = INDICATORS
                    .iter()
                    .map(|i| names::indicator(i, language))
                    .collect::<Vec<_>>()
                    .join(language.list_separator());
                language.pick(
                    format!("項目「{item}」にはまだ対応していません。対応している項目：{names}。"),
                    format!("The item “{item}” is not supported yet. Items supported: {names}."),
                )
            }
            NdbProblem::UnreadableYear { found } => language.pick(
                format!("表題から年度を読み取れません（「{found}」）。「2022年度」「H27年度」のような年度を期待しました。"),
                format!("The fiscal year cannot be read from the title (“{found}”); a year like 「2022年度」 or 「H27年度」 was expected."),
            ),
            NdbProblem::BadHeader { expected, found } => {
                let found = found_or_blank(found);
                language.pick(
                    format!("見出しが NDBオープンデータの様式と違います。「{expected}」を期待しましたが「{found}」でした。"),
                    format!("The header differs from the NDB open data layout: “{expected}” was expected, “{found}” was found."),
                )
            }
            NdbProblem::UnknownPrefecture { found } => language.pick(
                format!("「{found}」は都道府県名として認識できません。"),
                format!("“{found}” is not a prefecture name."),
            ),
            NdbProblem::MissingArea => language.pick(
                "地域名がありません。各地域の最初の階層の行に地域名が必要です。",
                "An area name is missing: the first band row of each area needs one.",
            ).into(),
            NdbProblem::BadBin { found } => {
                let found = found_or_blank(found);
                language.pick(
                    format!("検査値階層「{found}」を読めません。「140以上160未満」「120未満」「180以上」のような階層を期待しました。"),
                    format!("The value band “{found}” cannot be read; bands like 「140以上160未満」, 「120未満」 or 「180以上」 were expected."),
                )
            }
            NdbProblem::BinsNotContiguous { area_name, detail } => {
                let detail = match detail {
                    Contiguity::MixedNumericAndCategorical => language
                        .pick(
                            "数値の階層と数値でない階層が混在しています",
                            "numeric and non-numeric bands are mixed",
                        )
                        .to_string(),
                    Contiguity::Gap { low, high } => language.pick(
                        format!("「{low}」の次が「{high}」"),
                        format!("“{low}” is followed by “{high}”"),
                    ),
                };
                language.pick(
                    format!("「{area_name}」の検査値階層が連続していません（{detail}）。"),
                    format!("The value bands of “{area_name}” are not contiguous ({detail})."),
                )
            }
            NdbProblem::BadCount { found } => {
                let found = found_or_blank(found);
                language.pick(
                    format!("人数として読めません：「{found}」。0以上の整数か、秘匿を表す「-」を期待しました。"),
                    format!("“{found}” is not a count: a whole number of 0 or more, or “-” (suppressed), was expected."),
                )
            }
            NdbProblem::SubtotalMismatch { age_sum, subtotal } => language.pick(
                format!("年齢階級の人数（公表されている分の合計 {age_sum}）が中計（{subtotal}）と合いません。ファイルが編集されていないか確認してください。"),
                format!("The published age-band counts add up to {age_sum}, which does not fit the subtotal (中計) of {subtotal}. Check whether the file was edited."),
            ),
            NdbProblem::RepeatedRow => language
                .pick(
                    "同じ地域の同じ階級の行が2回あります。ファイルが編集されていないか確認してください。",
                    "The same area lists this bin twice. Check whether the file was edited.",
                )
                .into(),
            NdbProblem::NoDataRows => language
                .pick("6行目以降にデータ行がありません。", "There are no data rows from row 6 on.")
                .into(),
        }
    }
}

/// 「人数（count）」 in Japanese, “count” (人数) in English: how a message names a column of the
/// tidy format to look for.
fn column_label(canonical: &str, language: Language) -> String {
    let japanese = japanese_header(canonical);
    match language {
        Language::Japanese => format!("{japanese}（{canonical}）"),
        Language::English => format!("“{canonical}” ({japanese})"),
    }
}

impl ProblemText for TidyProblem {
    fn text(&self, language: Language) -> String {
        match self {
            TidyProblem::HeaderUnreadable { detail } => language.pick(
                format!("見出し行を読めません（{detail}）。"),
                format!("The header line cannot be read ({detail})."),
            ),
            TidyProblem::ColumnCount { header, row } => language.pick(
                format!("列の数が見出しと違います（見出し {header} 列、この行 {row} 列）。"),
                format!("The number of columns differs from the header’s (header {header}, this line {row})."),
            ),
            TidyProblem::OnlyHeader => language.pick(
                "データ行がありません（見出し行だけです）。",
                "There are no data lines (only the header).",
            ).into(),
            TidyProblem::DuplicateHeader { column } => language.pick(
                format!("列「{column}」に当たる見出しが2つあります。"),
                format!("Two headers name the column “{column}”."),
            ),
            TidyProblem::MissingColumns { missing, bin, headers } => {
                let mut missing: Vec<String> = missing
                    .iter()
                    .map(|column| column_label(column, language))
                    .collect();
                if *bin {
                    missing.push(format!(
                        "{}{}{}{}{}",
                        column_label("bin_label", language),
                        language.pick(" または ", " or "),
                        column_label("bin_lower", language),
                        language.pick("・", " and "),
                        column_label("bin_upper", language)
                    ));
                }
                // A crafted header of 10,000 long names must not become a message of megabytes.
                const HEADERS_SHOWN: usize = 20;
                let mut shown: Vec<String> = headers
                    .iter()
                    .take(HEADERS_SHOWN)
                    .map(|header| header.chars().take(limits::MAX_TEXT_CHARS).collect())
                    .collect();
                if headers.len() > HEADERS_SHOWN {
                    shown.push("…".into());
                }
                let separator = language.pick("、", ", ");
                let (missing, shown) = (missing.join(separator), shown.join(separator));
                language.pick(
                    format!("必要な列がありません：{missing}。見つかった見出し：{shown}。"),
                    format!("Required columns are missing: {missing}. Headers found: {shown}."),
                )
            }
            TidyProblem::EmptyCell { column } => {
                let column = column_label(column, language);
                language.pick(format!("{column}が空欄です。"), format!("{column} is empty."))
            }
            TidyProblem::Year { text } => language.pick(
                format!("年度「{text}」を読めません（例：2022、R4、令和4年度）。"),
                format!("The fiscal year “{text}” cannot be read (e.g. 2022, R4, 令和4年度)."),
            ),
            TidyProblem::AreaLevel { text } => language.pick(
                format!("地域区分「{text}」を読めません（全国・都道府県・二次医療圏・市町村）。"),
                format!("The area level “{text}” cannot be read (national, prefecture, secondary_medical_area, municipality)."),
            ),
            TidyProblem::AgeBand { text } => language.pick(
                format!("年齢階級「{text}」を読めません（例：40-44、40～44歳）。"),
                format!("The age band “{text}” cannot be read (e.g. 40-44)."),
            ),
            TidyProblem::Indicator { text } => language.pick(
                format!("項目「{text}」には対応していません（docs/data-format.md の対応項目を参照）。"),
                format!("The item “{text}” is not supported (see the items in docs/data-format.md)."),
            ),
            TidyProblem::Unit { indicator, unit } => {
                let Some(indicator) = by_id(indicator) else {
                    return unit.clone();
                };
                let expected = indicator.unit;
                language.pick(
                    format!("{}の単位「{unit}」には対応していません。「{expected}」の値にそろえてください（同じ項目に別の単位を混ぜることはできません）。", indicator.name_ja),
                    format!("The unit “{unit}” of {} is not supported. Convert the values to {expected} (one item cannot mix units).", indicator.name_en),
                )
            }
            TidyProblem::EdgeNotNumber { text } => language.pick(
                format!("階級の境目「{text}」は数値ではありません。"),
                format!("The bin edge “{text}” is not a number."),
            ),
            TidyProblem::EdgesReversed { lower, upper } => language.pick(
                format!("下限（{lower}）が上限（{upper}）以上です。"),
                format!("The lower edge ({lower}) is not below the upper edge ({upper})."),
            ),
            TidyProblem::BinEmpty => language.pick(
                "階級が空欄です（階級か、下限・上限を書いてください）。",
                "The bin is empty (give a bin label, or lower and upper edges).",
            ).into(),
            TidyProblem::DuplicateCell { first_line } => language.pick(
                format!("{first_line}行目と同じセル（年度・地域・区分・性別・年齢階級・項目・階級が同じ）です。合計はせず、どちらかを削除してください。"),
                format!("The same cell as line {first_line} (same year, area, group, sex, age band, item and bin). Cells are never summed: delete one of them."),
            ),
        }
    }
}

impl ProblemText for WideProblem {
    fn text(&self, language: Language) -> String {
        let (japanese, english) = match self {
            WideProblem::NoCountColumn => ("人数の列を1つ以上選んでください。", "Choose at least one column of counts."),
            WideProblem::NoBinColumn => ("階級の列を選んでください。", "Choose the column of bins."),
            WideProblem::NoYear => ("年度を入力するか、年度の列を選んでください。", "Enter the fiscal year, or choose its column."),
            WideProblem::NoIndicator => ("検査項目を選ぶか、項目の列を選んでください。", "Choose the item, or the column of items."),
            WideProblem::NoArea => ("地域名を入力するか、地域名の列を選んでください。", "Enter the area name, or choose its column."),
            WideProblem::IndicatorNotChosen => ("検査項目を選んでください。", "Choose the item."),
            WideProblem::AreaEmpty => ("地域名が空欄です。", "The area name is empty."),
            WideProblem::SexNotChosen => ("この人数の列の性別を選んでください。", "Choose the sex of this column of counts."),
            WideProblem::AgeBandNotChosen => ("この人数の列の年齢階級を選んでください。", "Choose the age band of this column of counts."),
            WideProblem::NoBins => ("データ行がありません（階級の列が空です）。", "There are no data rows (the column of bins is empty)."),
            WideProblem::Year { text } => {
                return language.pick(
                    format!("年度「{text}」を読めません。"),
                    format!("The fiscal year “{text}” cannot be read."),
                )
            }
            WideProblem::Indicator { text } => {
                return language.pick(
                    format!("項目「{text}」には対応していません。"),
                    format!("The item “{text}” is not supported."),
                )
            }
            WideProblem::AgeBand { text } => {
                return language.pick(
                    format!("年齢階級「{text}」を読めません。"),
                    format!("The age band “{text}” cannot be read."),
                )
            }
            WideProblem::DuplicateCell { first_line } => {
                return language.pick(
                    format!("{first_line}行目と同じセル（地域・性別・年齢階級・階級が同じ）です。列の対応を確かめてください。合計はしません。"),
                    format!("The same cell as line {first_line} (same area, sex, age band and bin). Check the columns’ roles. Cells are never summed."),
                )
            }
        };
        language.pick(japanese, english).to_string()
    }
}

impl ProblemText for ArrowProblem {
    fn text(&self, language: Language) -> String {
        match self {
            ArrowProblem::NotArrow { detail } => language.pick(
                format!("Arrow IPC ファイルとして読めません（{detail}）。"),
                format!("It cannot be read as an Arrow IPC file ({detail})."),
            ),
            ArrowProblem::MissingColumn { column } => language.pick(
                format!("列「{column}」がありません。"),
                format!("The column “{column}” is missing."),
            ),
            ArrowProblem::WrongType { column, found } => language.pick(
                format!("列「{column}」の型が違います（{found}）。"),
                format!("The column “{column}” has the wrong type ({found})."),
            ),
            ArrowProblem::BadValue {
                column,
                row_number,
                found,
            } => language.pick(
                format!("{row_number}行目・列「{column}」の値「{found}」を読めません。"),
                format!(
                    "The value “{found}” in row {row_number}, column “{column}”, cannot be read."
                ),
            ),
        }
    }
}

impl ProblemText for EcosystemProblem {
    fn text(&self, language: Language) -> String {
        let kind = |kind: &ColumnKind| match kind {
            ColumnKind::WholeNumber => language.pick("整数", "a whole number"),
            ColumnKind::PeopleCount => language.pick("人数（整数）", "a number of people (whole)"),
            ColumnKind::Number => language.pick("数値", "a number"),
            ColumnKind::TrueFalse => {
                language.pick("true/false（または 1/0）", "true/false (or 1/0)")
            }
            ColumnKind::Text => language.pick("文字列", "text"),
        };
        match self {
            EcosystemProblem::NotParquet { detail } => language.pick(
                format!("Parquet ファイルとして読めません（{detail}）。"),
                format!("It cannot be read as a Parquet file ({detail})."),
            ),
            EcosystemProblem::UnsupportedCompression { codec } => language.pick(
                format!("圧縮形式 {codec} のファイルは読めません。Snappy・gzip・LZ4・ZSTD または無圧縮で書き出してください（例：pyarrow の compression=\"snappy\"、DuckDB の COMPRESSION snappy）。"),
                format!("Files compressed with {codec} cannot be read. Write it with Snappy, gzip, LZ4, ZSTD or no compression (e.g. pyarrow compression=\"snappy\", DuckDB COMPRESSION snappy)."),
            ),
            EcosystemProblem::UnsupportedType { column, found, expected } => {
                let expected = kind(expected);
                language.pick(
                    format!("列「{column}」の型（{found}）は読めません。{expected}の列にしてください。"),
                    format!("The column “{column}” has a type that cannot be read ({found}); it should hold {expected}."),
                )
            }
            EcosystemProblem::NotKind { column, row_number, found, expected } => {
                let expected = kind(expected);
                language.pick(
                    format!("{row_number}行目・列「{column}」の値「{found}」は{expected}ではありません。"),
                    format!("The value “{found}” in row {row_number}, column “{column}”, is not {expected}."),
                )
            }
        }
    }
}

impl ProblemText for SubtotalProblem {
    fn text(&self, language: Language) -> String {
        match self {
            SubtotalProblem::Mismatch { cells_sum, subtotal } => language.pick(
                format!("年齢階級の人数（公表されている分の合計 {cells_sum}）が中計（{subtotal}）と合いません。"),
                format!("The published age-band counts add up to {cells_sum}, which does not fit the subtotal of {subtotal}."),
            ),
            SubtotalProblem::NoCells => language
                .pick(
                    "この中計に対応する年齢階級の行がありません（年度・地域・区分・性別・項目・階級が同じ行）。",
                    "No age-band row belongs to this subtotal (same year, area, group, sex, item and bin).",
                )
                .into(),
            SubtotalProblem::Duplicate => language
                .pick(
                    "同じ行の中計が2つあります。",
                    "The same row has two subtotals.",
                )
                .into(),
        }
    }
}

impl ProblemText for BinProblem {
    fn text(&self, language: Language) -> String {
        match self {
            BinProblem::MixedNumericAndCategorical => language
                .pick(
                    "数値の階級と数値でない階級が同じ層に混在しています。",
                    "Numeric and non-numeric bins are mixed in one stratum.",
                )
                .into(),
            BinProblem::Overlap { bin, overlapped } => language.pick(
                format!("階級「{bin}」が同じ層の階級「{overlapped}」と重なっています。"),
                format!("Bin “{bin}” overlaps bin “{overlapped}” of the same stratum."),
            ),
        }
    }
}

impl ProblemText for RecordProblem {
    fn text(&self, language: Language) -> String {
        match self {
            RecordProblem::ImplausibleEdge { indicator, edge } => {
                let Some(indicator) = by_id(indicator) else {
                    return format_value(*edge);
                };
                let Some((lowest, highest)) = indicator.plausible_edges else {
                    let limit = format_people(limits::MAX_EDGE_MAGNITUDE as u64);
                    return language.pick(
                        format!("{}の階級の境目「{edge}」が大きすぎます（±{limit}まで）。", indicator.name_ja),
                        format!("The bin edge “{edge}” of {} is too large (at most ±{limit}).", indicator.name_en),
                    );
                };
                let (edge, lowest, highest, unit) = (
                    format_value(*edge),
                    format_value(lowest),
                    format_value(highest),
                    indicator.unit,
                );
                language.pick(
                    format!(
                        "{}の階級の境目「{edge}」は単位「{unit}」の値としてありえません（{lowest}〜{highest}）。別の単位（例：HbA1c の mmol/mol、血糖や脂質の mmol/L）の値ではありませんか。単位をそろえてください。",
                        indicator.name_ja,
                    ),
                    format!(
                        "The bin edge “{edge}” of {} cannot be a value in {unit} ({lowest}–{highest}). Is it in another unit (such as mmol/mol for HbA1c, or mmol/L for glucose or lipids)? Please convert it.",
                        indicator.name_en,
                    ),
                )
            }
            RecordProblem::Bins(problem) => problem.text(language),
            RecordProblem::Subtotal(problem) => problem.text(language),
            RecordProblem::DuplicateRow { first_row } => language.pick(
                format!("{first_row}行目と同じセル（年度・地域・区分・性別・年齢階級・項目・階級が同じ）です。合計はしません。"),
                format!("The same cell as row {first_row} (same year, area, group, sex, age band, item and bin). Cells are never summed."),
            ),
            RecordProblem::NoDataRows => language
                .pick("データ行がありません。", "There are no data rows.")
                .into(),
            RecordProblem::UnknownIndicator { id } => language.pick(
                format!("項目「{id}」はこのアプリで扱える項目ではありません（扱える項目は docs/data-format.md にあります）。"),
                format!("The item “{id}” is not one the app knows (docs/data-format.md lists them)."),
            ),
            RecordProblem::Year { year } => language.pick(
                format!("年度「{year}」は読める範囲（{FIRST_FISCAL_YEAR}〜{LAST_FISCAL_YEAR}年度）の外です。"),
                format!("The fiscal year “{year}” is outside the years read (FY{FIRST_FISCAL_YEAR}–FY{LAST_FISCAL_YEAR})."),
            ),
            RecordProblem::BinTooNarrow { label, lower, upper } => {
                let (lower, upper) = (format_value(*lower), format_value(*upper));
                let width = format_value(limits::MIN_BIN_WIDTH);
                language.pick(
                    format!("階級「{label}」の下限 {lower} と上限 {upper} の差が{width}未満です（下限は上限より{width}以上小さくしてください）。"),
                    format!("Bin “{label}” has lower edge {lower} and upper edge {upper}: the lower edge must be at least {width} below the upper."),
                )
            }
            RecordProblem::CountTooLarge { count } => {
                let (count, limit) = (format_people(*count), format_people(limits::MAX_COUNT_PEOPLE));
                language.pick(
                    format!("人数 {count} は1つのセルとして大きすぎます（{limit} 人まで）。"),
                    format!("The count {count} is too large for one cell (at most {limit} people)."),
                )
            }
            RecordProblem::TextTooLong { column, chars } => {
                let limit = limits::MAX_TEXT_CHARS;
                language.pick(
                    format!("列「{}」の文字が長すぎます（{chars} 文字、{limit} 文字まで）。", japanese_header(column)),
                    format!("The text of column “{column}” is too long ({chars} characters; at most {limit})."),
                )
            }
            RecordProblem::ControlCharacter { column, code_point } => language.pick(
                format!("列「{}」に表示できない制御文字（U+{code_point:04X}）があります。", japanese_header(column)),
                format!("Column “{column}” holds a control character (U+{code_point:04X}) that cannot be shown."),
            ),
            RecordProblem::TooMany { counted, found } => {
                let [japanese, english] = match counted {
                    Counted::Rows => ["行", "rows"],
                    Counted::WideColumns => ["列", "columns"],
                    Counted::Groups => ["区分", "groups"],
                    Counted::Areas => ["地域", "areas"],
                    Counted::Years => ["年度", "fiscal years"],
                    Counted::BinsPerStratum => ["1つの層（地域・区分・性別・年齢階級・項目）の階級", "bins in one stratum (area, group, sex, age band and item)"],
                };
                let (found, limit) = (format_people(*found as u64), format_people(counted.limit() as u64));
                language.pick(
                    format!("{japanese}が多すぎます（{found}、{limit} まで）。ファイルを分けるか、集計の単位を見直してください。"),
                    format!("Too many {english} ({found}; at most {limit}). Split the file or check how it was aggregated."),
                )
            }
        }
    }
}

impl ProblemText for MergeProblem {
    fn text(&self, language: Language) -> String {
        match self {
            MergeProblem::SameCell {
                first_file,
                first_row,
                cell,
                same_count,
            } => {
                let cell = [
                    cell.area_name.clone(),
                    names::group(&cell.group, language),
                    names::sex(cell.sex, language).to_string(),
                    names::age_band(cell.age_band, language),
                    names::bin(&cell.bin, language),
                ]
                .join(language.pick("・", ", "));
                match language {
                    Language::Japanese => format!(
                        "「{first_file}」（{first_row}行目）と同じセル（{cell}）があります。{}。合計はせず、このファイルは読み込みませんでした。区分が違うなら、ファイルごとの区分を確かめてください。",
                        if *same_count { "人数も同じです。同じファイルを2回開いていませんか" } else { "人数が食い違っています" },
                    ),
                    Language::English => format!(
                        "the same cell ({cell}) is in “{first_file}” (row {first_row}). {}. Cells are never summed, so this file was not loaded. If the groups differ, check the group given to each file.",
                        if *same_count { "The counts are equal too: was the same file opened twice" } else { "The counts differ" },
                    ),
                }
            }
            MergeProblem::TooManyTogether { counted, found } => {
                let [japanese, english] = match counted {
                    Counted::Areas => ["地域", "areas"],
                    Counted::Groups => ["区分", "groups"],
                    _ => ["行", "rows"],
                };
                let (found, limit) = (
                    format_people(*found as u64),
                    format_people(counted.limit() as u64),
                );
                language.pick(
                    format!("ほかのファイルと合わせると{japanese}が多すぎます（{found}、{limit} まで）。ファイルをいくつか閉じてください。"),
                    format!("Together with the other files there are too many {english} ({found}; at most {limit}). Close some files."),
                )
            }
            MergeProblem::Bins(problem) => language.pick(
                format!("ほかのファイルの行と合わせると、{}", problem.text(language)),
                format!(
                    "together with another file’s rows: {}",
                    problem.text(language)
                ),
            ),
        }
    }
}

impl ProblemText for CatalogueUnreadable {
    fn text(&self, language: Language) -> String {
        let CatalogueUnreadable { file, detail } = self;
        language.pick(
            format!("データ目録（{file}）を読めません：{detail}"),
            format!("The catalogue of data ({file}) cannot be read: {detail}"),
        )
    }

    /// The message names the catalogue itself.
    fn placed(&self) -> bool {
        false
    }
}

/// Why a selection shows no distribution.
pub fn stats_error(error: &StatsError, language: Language) -> String {
    match (error, language) {
        (StatsError::NoRows, _) => language
            .pick(
                "この選択に該当するデータがありません。",
                "There are no data for this selection.",
            )
            .to_string(),
        (StatsError::AllSuppressed { cell_count }, Language::Japanese) => {
            format!("この選択の {cell_count} セルはすべて秘匿（10人未満など）のため、分布を示せません。")
        }
        (StatsError::AllSuppressed { cell_count }, Language::English) => {
            format!("All {cell_count} cells of this selection are suppressed (fewer than 10 people, etc.), so no distribution can be shown.")
        }
        (StatsError::InconsistentBins { first, second }, Language::Japanese) => format!(
            "階級の区切りがそろっていません（「{first}」と「{second}」が重なります）。区切りの違うデータは合算できません。区分ごとに表示してください。"
        ),
        (StatsError::InconsistentBins { first, second }, Language::English) => format!(
            "The bins are cut differently (“{first}” and “{second}” overlap). Data cut differently cannot be combined; show each group on its own."
        ),
        (StatsError::MixedGroups { groups }, Language::Japanese) => format!(
            "複数の区分（{}）の行が混ざっています。区分ごとに選んでください（区分をまたいで合計はしません）。",
            groups.join("、")
        ),
        (StatsError::MixedGroups { groups }, Language::English) => format!(
            "Rows of several groups ({}) are mixed. Choose one group (groups are never summed across).",
            groups.join(", ")
        ),
        (StatsError::MixedYears { years }, _) => {
            let years = years
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(language.list_separator());
            match language {
                Language::Japanese => format!(
                    "複数の年度（{years}）の行が混ざっています。年度を1つに絞ってください。"
                ),
                Language::English => {
                    format!("Rows of several fiscal years ({years}) are mixed. Choose one year.")
                }
            }
        }
    }
}

/// What went wrong, naming the selection: 「北海道・男女計・40〜74歳：…」.
pub fn selection_failure(failure: &SelectionFailure, language: Language) -> String {
    format!(
        "{}{}{}",
        names::selection(&failure.selection, language),
        language.pick("：", ": "),
        stats_error(&failure.problem, language)
    )
}

pub fn model_error(error: &ModelError, language: Language) -> String {
    match error {
        ModelError::NotNumeric => language
            .pick(
                "数値の階級ではない項目（尿検査など）は推計できません。",
                "Items without numeric bins (urine tests, etc.) cannot be estimated.",
            )
            .into(),
        ModelError::NoPeople => language
            .pick(
                "人数が0のため推計できません（すべて秘匿の場合を含む）。",
                "There are no people to estimate from (all cells suppressed, perhaps).",
            )
            .into(),
    }
}

/// Why the simulator does not run on a selection.
pub fn simulator_error(error: &SimulatorError, language: Language) -> String {
    match error {
        SimulatorError::Unavailable {
            reason: Unavailable::NotNumeric,
            ..
        } => language
            .pick(
                "数値の階級ではない項目（尿検査など）はシミュレーションできません。",
                "Items without numeric bins (urine tests, etc.) cannot be simulated.",
            )
            .into(),
        SimulatorError::Unavailable {
            indicator,
            reason: Unavailable::NoThreshold,
        } => match language {
            Language::Japanese => format!(
                "「{}」には判定値がないため、どちらの側が高リスクかを本アプリは決めていません。シミュレーションは判定値のある項目（血圧・HbA1c・空腹時血糖・BMI・脂質）で行えます。",
                indicator.name_ja
            ),
            Language::English => format!(
                "{} has no checkup threshold, so this app does not decide which side is high risk. The simulator runs on items with thresholds (blood pressure, HbA1c, fasting glucose, BMI, lipids).",
                indicator.name_en
            ),
        },
        SimulatorError::Stratum(failure) => selection_failure(failure, language),
        SimulatorError::Model(error) => model_error(error, language),
        SimulatorError::NoPeople { scope } => {
            let scope = names::selection(scope, language);
            match language {
                Language::Japanese => format!(
                    "{scope}：人数のある層がありません（すべて秘匿か、データがありません）。"
                ),
                Language::English => {
                    format!("{scope}: no stratum has people (all suppressed, or no data).")
                }
            }
        }
    }
}

/// Why a chart is not drawn.
pub fn draw_error(error: &DrawError, language: Language) -> String {
    match error {
        DrawError::Backend(detail) => detail.clone(),
        DrawError::NoData => language
            .pick(
                "どの性別・年齢階級にもデータがありません。",
                "No sex or age band has data.",
            )
            .into(),
        DrawError::ValueRange => language
            .pick(
                "階級の値の範囲が図にできません。",
                "The bins' values span no range a chart can show.",
            )
            .into(),
    }
}

/// Why a figure is not age-standardised.
pub fn unstandardised(why: &Unstandardised, language: Language) -> String {
    match why {
        Unstandardised::OneAgeBand => language
            .pick(
                "年齢階級を1つ選んでいるため、年齢調整はしません。",
                "One age band is chosen, so there is no age standardisation.",
            )
            .into(),
        Unstandardised::NoPeople { sex, age_band } => {
            let (sex, age_band) = (
                names::sex(*sex, language),
                names::age_band(*age_band, language),
            );
            match language {
                Language::Japanese => {
                    format!("{sex}・{age_band}の人数がない（秘匿など）ため、年齢調整できません。")
                }
                Language::English => format!(
                    "{sex}, {age_band} have no people (suppressed, etc.), so shares cannot be age-standardised."
                ),
            }
        }
        Unstandardised::ThresholdInsideBin => language
            .pick(
                "判定値が階級の途中にあるため、年齢調整できません。",
                "The threshold falls inside a bin, so shares cannot be age-standardised.",
            )
            .into(),
        Unstandardised::EmptyStandard => language
            .pick(
                "基準人口に人数がないため、年齢調整できません。",
                "The standard population has no people, so shares cannot be age-standardised.",
            )
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::distribution::{AreaSelection, GroupSelection, Selection};
    use crate::import::collection::{check_dataset, merge_files, LoadedFile};
    use crate::import::ndb::{import_user_workbook, import_workbook, MAX_WORKBOOK_BYTES};
    use crate::model::{test_record, Bin, Dataset, Provenance, Record, GROUP_ALL};

    #[test]
    fn oversized_workbooks_are_refused_before_reading() {
        let error = import_user_workbook(&vec![0; MAX_WORKBOOK_BYTES + 1], "big.xlsx").unwrap_err();
        let message = import_error(&error);
        let message = message.text(Language::Japanese);
        assert!(
            message.starts_with("big.xlsx：ファイルが大きすぎます（30.0 MB）"),
            "{message}"
        );
    }

    #[test]
    fn garbage_bytes_are_a_clear_error() {
        let error = import_workbook(b"not a zip at all", "junk.xlsx", "第10回").unwrap_err();
        let message = import_error(&error);
        let japanese = message.text(Language::Japanese);
        assert!(japanese.starts_with("junk.xlsx："), "{japanese}");
        assert!(japanese.contains("Excel ブック"));
        let english = message.text(Language::English);
        assert!(english.starts_with("junk.xlsx: "), "{english}");
        assert!(english.contains("Excel workbook"));
    }

    #[test]
    fn other_units_are_named_by_their_edges() {
        let error = RecordProblem::ImplausibleEdge {
            indicator: "hba1c",
            edge: 48.0,
        };
        for language in Language::ALL {
            assert!(error.text(language).contains("mmol/mol"));
        }
    }

    #[test]
    fn a_wide_table_names_line_and_column_header() {
        let at = |line, column: Option<&str>, problem: Problem| {
            let error = ImportError::new(
                "wide.csv",
                Place::Line {
                    line,
                    column: column.map(str::to_string),
                },
                problem,
            );
            import_error(&error)
        };
        let error = at(None, None, Problem::Wide(WideProblem::NoYear));
        let error = error.text(Language::Japanese);
        assert!(error.contains("年度"), "{error}");
        let error = at(
            Some(5),
            Some("男性 45～49歳"),
            Problem::Cell(CellProblem::NotACount {
                text: "四十".into(),
            }),
        );
        let message = error.text(Language::Japanese);
        assert!(
            message.starts_with("wide.csv（5行目・列「男性 45～49歳」）"),
            "{message}"
        );
        let english = error.text(Language::English);
        assert!(
            english.starts_with("wide.csv (line 5, column “男性 45～49歳”)"),
            "{english}"
        );
        let message = at(
            Some(4),
            None,
            Problem::Wide(WideProblem::DuplicateCell { first_line: 3 }),
        );
        let message = message.text(Language::Japanese);
        assert!(message.contains("同じセル"), "{message}");
    }

    #[test]
    fn selections_that_cannot_be_shown_say_why() {
        assert!(stats_error(
            &StatsError::MixedGroups {
                groups: vec!["regional".into(), "occupational".into(), "all".into()]
            },
            Language::Japanese
        )
        .contains("合計はしません"));
        let inconsistent = StatsError::InconsistentBins {
            first: "130未満".into(),
            second: "125以上135未満".into(),
        };
        assert!(stats_error(&inconsistent, Language::Japanese).contains("合算できません"));
        let suppressed = StatsError::AllSuppressed { cell_count: 1 };
        assert!(stats_error(&suppressed, Language::Japanese).contains("秘匿"));
        let regional = Selection {
            indicator: "sbp".into(),
            area: AreaSelection::National,
            group: GroupSelection::One("regional".into()),
            sex: None,
            age_band: None,
        };
        assert_eq!(
            names::selection(&regional, Language::Japanese),
            "全国・地域・男女計・40〜74歳"
        );
        assert_eq!(
            names::selection(&regional, Language::English),
            "Japan, Regional, both sexes, 40–74 years"
        );
    }

    fn record(group: &str, bin: (f64, f64), count: u64) -> Record {
        let bin = Bin {
            label: format!("{}以上{}未満", bin.0, bin.1),
            lower: Some(bin.0),
            upper: Some(bin.1),
        };
        test_record(group, bin, Some(count))
    }

    fn file(name: &str, records: Vec<Record>) -> LoadedFile {
        LoadedFile::new(
            name,
            Dataset {
                provenance: Provenance::default(),
                records,
            },
        )
    }

    #[test]
    fn files_of_different_groups_merge_and_name_every_source() {
        let residents = file("kokuho.csv", vec![record("regional", (120.0, 140.0), 5)]);
        let mut workers = file("kyokai.xlsx", vec![record(GROUP_ALL, (120.0, 140.0), 7)]);
        assert!(workers.has_ungrouped_rows());
        workers.group_for_ungrouped = Some("occupational".into());
        assert_eq!(names::file_groups(&workers, Language::Japanese), "職域");
        assert_eq!(
            names::file_groups(&workers, Language::English),
            "Occupational"
        );
        let merged = merge_files(&[residents, workers]).unwrap();
        assert_eq!(merged.groups(), ["regional", "occupational"]);
        assert_eq!(
            merged.provenance.source_files,
            ["kokuho.csv", "kyokai.xlsx"]
        );
    }

    #[test]
    fn a_cell_in_two_files_is_refused_naming_both() {
        let first = file("a.csv", vec![record("regional", (120.0, 140.0), 5)]);
        let conflicting = file("b.csv", vec![record("regional", (120.0, 140.0), 6)]);
        let error = import_error(&merge_files(&[first.clone(), conflicting]).unwrap_err());
        let message = error.text(Language::Japanese);
        assert!(message.contains("b.csv（1行目）") && message.contains("「a.csv」（1行目）"));
        assert!(message.contains("食い違って"), "{message}");
        let english = error.text(Language::English);
        assert!(english.contains("b.csv (row 1)") && english.contains("“a.csv” (row 1)"));
        let same = import_error(&merge_files(&[first.clone(), first.clone()]).unwrap_err());
        let same = same.text(Language::Japanese);
        assert!(same.contains("同じファイルを2回"), "{same}");
        let overlapping = file("c.csv", vec![record("regional", (130.0, 150.0), 6)]);
        let error = import_error(&merge_files(&[first, overlapping]).unwrap_err());
        let message = error.text(Language::Japanese);
        assert!(
            message.contains("c.csv（1行目）") && message.contains("重なって"),
            "{message}"
        );
    }

    #[test]
    fn a_dataset_is_checked_whatever_read_it() {
        let good = file("x.arrow", vec![record("regional", (120.0, 140.0), 5)]);
        assert_eq!(check_dataset(&good.dataset, "x.arrow"), Ok(()));
        let twice = file("x.arrow", vec![record("regional", (120.0, 140.0), 5); 2]);
        assert!(
            import_error(&check_dataset(&twice.dataset, "x.arrow").unwrap_err())
                .text(Language::Japanese)
                .starts_with("x.arrow（2行目）")
        );
        let mut millimoles = record("regional", (120.0, 140.0), 5);
        millimoles.indicator = "hba1c".into();
        let wrong_unit = file("y.arrow", vec![millimoles]);
        assert!(
            import_error(&check_dataset(&wrong_unit.dataset, "y.arrow").unwrap_err())
                .text(Language::English)
                .contains("mmol/mol")
        );
    }
}
