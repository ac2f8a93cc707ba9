//! The 47 prefectures with their JIS X 0401 codes, in code order.

/// (JIS code, name as the ministry writes it).
pub const PREFECTURES: [(&str, &str); 47] = [
    ("01", "北海道"),
    ("02", "青森県"),
    ("03", "岩手県"),
    ("04", "宮城県"),
    ("05", "秋田県"),
    ("06", "山形県"),
    ("07", "福島県"),
    ("08", "茨城県"),
    ("09", "栃木県"),
    ("10", "群馬県"),
    ("11", "埼玉県"),
    ("12", "千葉県"),
    ("13", "東京都"),
    ("14", "神奈川県"),
    ("15", "新潟県"),
    ("16", "富山県"),
    ("17", "石川県"),
    ("18", "福井県"),
    ("19", "山梨県"),
    ("20", "長野県"),
    ("21", "岐阜県"),
    ("22", "静岡県"),
    ("23", "愛知県"),
    ("24", "三重県"),
    ("25", "滋賀県"),
    ("26", "京都府"),
    ("27", "大阪府"),
    ("28", "兵庫県"),
    ("29", "奈良県"),
    ("30", "和歌山県"),
    ("31", "鳥取県"),
    ("32", "島根県"),
    ("33", "岡山県"),
    ("34", "広島県"),
    ("35", "山口県"),
    ("36", "徳島県"),
    ("37", "香川県"),
    ("38", "愛媛県"),
    ("39", "高知県"),
    ("40", "福岡県"),
    ("41", "佐賀県"),
    ("42", "長崎県"),
    ("43", "熊本県"),
    ("44", "大分県"),
    ("45", "宮崎県"),
    ("46", "鹿児島県"),
    ("47", "沖縄県"),
];

/// English names in the same order (the romanisation the prefectures use themselves).
const PREFECTURE_NAMES_EN: [&str; 47] = [
    "Hokkaido",
    "Aomori",
    "Iwate",
    "Miyagi",
    "Akita",
    "Yamagata",
    "Fukushima",
    "Ibaraki",
    "Tochigi",
    "Gunma",
    "Saitama",
    "Chiba",
    "Tokyo",
    "Kanagawa",
    "Niigata",
    "Toyama",
    "Ishikawa",
    "Fukui",
    "Yamanashi",
    "Nagano",
    "Gifu",
    "Shizuoka",
    "Aichi",
    "Mie",
    "Shiga",
    "Kyoto",
    "Osaka",
    "Hyogo",
    "Nara",
    "Wakayama",
    "Tottori",
    "Shimane",
    "Okayama",
    "Hiroshima",
    "Yamaguchi",
    "Tokushima",
    "Kagawa",
    "Ehime",
    "Kochi",
    "Fukuoka",
    "Saga",
    "Nagasaki",
    "Kumamoto",
    "Oita",
    "Miyazaki",
    "Kagoshima",
    "Okinawa",
];

/// Name of the pseudo-prefecture of releases 6–10: checkups whose prefecture is unknown.
pub const PREFECTURE_UNKNOWN: &str = "都道府県判別不可";
/// The first fiscal year with it (release 6); earlier releases list the 47 prefectures only.
pub const FIRST_YEAR_OF_PREFECTURE_UNKNOWN: i32 = 2018;
/// Its counterpart in the secondary-medical-area workbooks.
pub const SECONDARY_AREA_UNKNOWN: &str = "二次医療圏判別不可";

/// JIS code of a prefecture name (`北海道` → `01`); `None` for anything else.
pub fn code_of(name: &str) -> Option<&'static str> {
    let name = name.trim();
    PREFECTURES
        .iter()
        .find(|(_, known)| *known == name)
        .map(|(code, _)| *code)
}

/// The English name of a prefecture, of a pseudo-area or of 「全国」 (as the ministry writes it in
/// Japanese); `None` for any other name (a secondary medical area's is data, shown as written).
pub fn english_name(japanese_name: &str) -> Option<&'static str> {
    match japanese_name {
        PREFECTURE_UNKNOWN => Some("Prefecture unknown"),
        SECONDARY_AREA_UNKNOWN => Some("Secondary medical area unknown"),
        "全国" => Some("Japan"),
        _ => PREFECTURES
            .iter()
            .position(|(_, name)| *name == japanese_name)
            .map(|index| PREFECTURE_NAMES_EN[index]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_jis_sequence() {
        for (index, (code, _)) in PREFECTURES.iter().enumerate() {
            assert_eq!(code.parse::<usize>().ok(), Some(index + 1));
        }
        assert_eq!(code_of("東京都"), Some("13"));
        assert_eq!(code_of(" 沖縄県"), Some("47"));
        assert_eq!(code_of(PREFECTURE_UNKNOWN), None);
    }
}
