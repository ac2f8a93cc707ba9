//! Fixed standard populations for age standardisation, by sex × the seven age bands of
//! 特定健診 (40–74). They are fixed so that standardised figures of two years, two items or two
//! areas are comparable: a standard that moved with the data shown would not be.
//! `tests/native/standard_population.rs` re-derives both tables from their sources.

use super::{AgeBand, Sex, NDB_AGE_BANDS};

/// Which fixed population weights the strata.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FixedStandard {
    /// Japan's population aged 40–74 in the 2020 census (令和2年国勢調査), the 47 prefectures
    /// summed (`data/population/census2020_prefecture_sex_age.csv`; people of unknown age are
    /// not in any band).
    Census2020,
    /// The people with a systolic blood pressure reading in 特定健診 of FY2022, all of Japan
    /// (NDBオープンデータ 第10回, the prefecture rows summed, 都道府県判別不可 included).
    NdbExaminees2022,
}

impl FixedStandard {
    pub const ALL: [FixedStandard; 2] =
        [FixedStandard::Census2020, FixedStandard::NdbExaminees2022];

    /// The id in links and saved views.
    pub fn id(self) -> &'static str {
        match self {
            FixedStandard::Census2020 => "census2020",
            FixedStandard::NdbExaminees2022 => "ndb2022",
        }
    }

    pub fn from_id(id: &str) -> Option<FixedStandard> {
        FixedStandard::ALL.into_iter().find(|s| s.id() == id)
    }

    /// People per (sex, age band): men's seven bands, then women's.
    pub fn people(self) -> Vec<(Sex, AgeBand, f64)> {
        let table = match self {
            FixedStandard::Census2020 => &CENSUS_2020_PEOPLE,
            FixedStandard::NdbExaminees2022 => &NDB_2022_SBP_EXAMINEES,
        };
        Sex::BOTH
            .into_iter()
            .zip(table)
            .flat_map(|(sex, bands)| {
                NDB_AGE_BANDS
                    .into_iter()
                    .zip(bands)
                    .map(move |(band, &people)| (sex, band, people as f64))
            })
            .collect()
    }

    /// [Japanese, English] citation of the source.
    pub fn source(self) -> [&'static str; 2] {
        match self {
            FixedStandard::Census2020 => [
                "総務省統計局 令和2年国勢調査（40〜74歳、性・5歳階級別、全国）",
                "Statistics Bureau of Japan, 2020 Population Census (ages 40–74 by sex and 5-year age band, Japan)",
            ],
            FixedStandard::NdbExaminees2022 => [
                "厚生労働省 NDBオープンデータ 第10回（2022年度 特定健診 収縮期血圧の受診者、性・年齢階級別、全国）",
                "MHLW NDB Open Data, 10th release (FY2022 specific health checkups, people with a systolic blood pressure reading, by sex and age band, Japan)",
            ],
        }
    }
}

/// [men, women] × 40–44 … 70–74.
pub const CENSUS_2020_PEOPLE: [[u64; 7]; 2] = [
    [
        4_189_446, 4_862_990, 4_277_003, 3_865_303, 3_592_903, 3_910_060, 4_249_286,
    ],
    [
        4_101_631, 4_787_303, 4_262_848, 3_902_179, 3_704_287, 4_165_208, 4_762_509,
    ],
];

/// [men, women] × 40–44 … 70–74.
pub const NDB_2022_SBP_EXAMINEES: [[u64; 7]; 2] = [
    [
        2_502_882, 2_985_529, 3_026_759, 2_533_592, 1_997_638, 1_530_070, 1_677_815,
    ],
    [
        1_875_389, 2_278_031, 2_346_395, 1_973_298, 1_636_140, 1_513_113, 1_915_141,
    ],
];
