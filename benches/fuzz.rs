//! Fuzzing every reader of untrusted bytes: generated inputs, structure-aware and seeded from
//! real files, each through the function the browser calls; prints a table of inputs, panics
//! (must be 0) and the slowest input per reader. Not part of CI (10⁶ inputs of the slowest
//! reader, the Arrow file, took 70 minutes on one core beside a build; the workbook's 25):
//!
//!     cargo bench --bench fuzz                 # 1,000,000 inputs per reader
//!     cargo bench --bench fuzz -- 20000 tidy   # 20,000 inputs, readers whose name has "tidy"
//!
//! Generators: a real file's cells replaced by hostile values (extreme and non-finite numbers,
//! zero-width and reversed bins, suppression marks, long and control-character texts, other
//! items and years), rows duplicated and dropped, headers shuffled, and bytes flipped; for the
//! workbook, its sheet's cells rewritten inside the zip; for Arrow, a real file's records with
//! hostile values, written as `ndb_convert` writes the built-in files, and bytes overwritten;
//! for saved views and permalinks, their text with fields replaced. Seeded, so a run is repeatable: the seed of the slowest input
//! and of the first panic is printed, and `RENKEI_FUZZ_SEED=n cargo bench --bench fuzz -- 1
//! reader` runs that input alone with its panic's message.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    fuzz::main();
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod fuzz {
    use std::io::{Cursor, Read, Write};
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::path::Path;
    use std::time::{Duration, Instant};

    use renkei::import::arrow_writer::write_ipc_file;
    use renkei::import::canonical_ipc::read_ipc_file_format;
    use renkei::import::user_file::user_file_to_arrow;
    use renkei::import::wide::RawTable;
    use renkei::model::Dataset;
    use renkei::view::{permalink, saved_views};

    /// A small, fast, seeded generator (xorshift64*): inputs are reproducible from their seed.
    struct Rng(u64);

    impl Rng {
        fn new(seed: u64) -> Rng {
            Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
        }
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
        fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.below(items.len())]
        }
    }

    /// Values a hostile file puts in a cell.
    const HOSTILE: &[&str] = &[
        "",
        "-",
        "－",
        "*",
        "秘匿",
        "x",
        "0",
        "1",
        "-1",
        "10",
        "1.5",
        "1e300",
        "-1e300",
        "5e-324",
        "NaN",
        "inf",
        "-inf",
        "18446744073709551615",
        "18446744073709551616",
        "9223372036854775807",
        "4294967296",
        "2147483648",
        "１２３",
        "1,234",
        "2022",
        "R4",
        "令和4年度",
        "H99年度",
        "99999",
        "140以上140.0000001未満",
        "140以上160未満",
        "160以上140未満",
        "120未満",
        "180以上",
        "以上",
        "0.0000001以上0.0000002未満",
        "50以下",
        "31以上～50以下",
        "＋＋",
        "中計",
        "subtotal",
        "all",
        "40-44",
        "70～74歳",
        "44-40",
        "男",
        "女",
        "male",
        "全国",
        "北海道",
        "二次医療圏",
        "sbp",
        "hba1c",
        "urine_protein",
        "blood_type",
        "地域",
        "職域",
        "\u{202E}gpj.exe",
        "\u{0}\u{1}",
        "=HYPERLINK(\"x\")",
        "＝1+1",
        "\"",
        "\"\"",
        ",",
        "\n",
        "<script>",
        "&amp;",
    ];

    fn hostile_text(rng: &mut Rng) -> String {
        match rng.below(10) {
            0 => "長".repeat(rng.below(400)),
            1 => format!("{}", rng.next() as f64 / rng.next().max(1) as f64),
            2 => format!("{}", rng.next() as i64),
            _ => rng.pick(HOSTILE).to_string(),
        }
    }

    /// A CSV's cells with some replaced, rows duplicated or dropped, maybe bytes flipped.
    fn mutated_csv(seed: &str, rng: &mut Rng) -> Vec<u8> {
        let mut rows: Vec<Vec<String>> = seed
            .lines()
            .map(|line| line.split(',').map(str::to_string).collect())
            .collect();
        for _ in 0..=rng.below(6) {
            match rng.below(8) {
                0 if rows.len() > 1 => {
                    let at = rng.below(rows.len());
                    let row = rows[at].clone();
                    let times = if rng.below(20) == 0 { 2000 } else { 1 };
                    for _ in 0..times {
                        rows.insert(at, row.clone());
                    }
                }
                1 if rows.len() > 1 => {
                    rows.remove(rng.below(rows.len()));
                }
                2 => {
                    let at = rng.below(rows.len());
                    let row = &mut rows[at];
                    if !row.is_empty() {
                        let (a, b) = (rng.below(row.len()), rng.below(row.len()));
                        row.swap(a, b);
                    }
                }
                3 => {
                    let at = rng.below(rows.len());
                    rows[at].push(hostile_text(rng));
                }
                _ => {
                    let at = rng.below(rows.len());
                    let row = &mut rows[at];
                    if !row.is_empty() {
                        let cell = rng.below(row.len());
                        row[cell] = hostile_text(rng);
                    }
                }
            }
        }
        let mut bytes = rows
            .iter()
            .map(|row| row.join(","))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes();
        flip_bytes(&mut bytes, rng);
        bytes
    }

    /// One time in eight, a few bytes overwritten anywhere.
    fn flip_bytes(bytes: &mut [u8], rng: &mut Rng) {
        if bytes.is_empty() || rng.below(8) != 0 {
            return;
        }
        for _ in 0..=rng.below(4) {
            let at = rng.below(bytes.len());
            bytes[at] = rng.next() as u8;
        }
    }

    /// A dataset's records with hostile values in their fields (as an Arrow file would carry
    /// them: only a reader's checks stand between them and the page).
    fn hostile_dataset(seed: &Dataset, rng: &mut Rng) -> Dataset {
        let mut dataset = seed.clone();
        let n = dataset.records.len();
        for _ in 0..=rng.below(4) {
            let record = &mut dataset.records[rng.below(n)];
            let number = || {
                [
                    0.0,
                    -1.0,
                    1e300,
                    5e-324,
                    f64::NAN,
                    f64::INFINITY,
                    140.0,
                    140.0000001,
                ]
            };
            match rng.below(9) {
                0 => record.year = rng.next() as i32,
                1 => record.count_people = Some(rng.next() >> rng.below(64)),
                2 => record.bin.lower = Some(*rng.pick(&number())),
                3 => record.bin.upper = Some(*rng.pick(&number())),
                4 => record.indicator = hostile_text(rng),
                5 => record.group = hostile_text(rng),
                6 => record.area_name = hostile_text(rng),
                7 => record.bin.label = hostile_text(rng),
                _ => record.count_people = None,
            }
        }
        dataset
    }

    /// A workbook with some cell values of its first sheet rewritten.
    fn mutated_workbook(parts: &[(String, Vec<u8>)], rng: &mut Rng) -> Vec<u8> {
        let mut mutated = parts.to_vec();
        for (name, content) in &mut mutated {
            if name.ends_with("sheet1.xml") || name.ends_with("sharedStrings.xml") {
                let mut text = String::from_utf8_lossy(content).into_owned();
                for _ in 0..=rng.below(4) {
                    let starts: Vec<usize> =
                        text.match_indices("<v>").map(|(i, _)| i + 3).collect();
                    let starts = if starts.is_empty() {
                        text.match_indices("<t>").map(|(i, _)| i + 3).collect()
                    } else {
                        starts
                    };
                    if starts.is_empty() {
                        break;
                    }
                    let from = *rng.pick(&starts);
                    let to = text[from..].find('<').map_or(text.len(), |i| from + i);
                    let value = hostile_text(rng).replace('&', "&amp;").replace('<', "&lt;");
                    text.replace_range(from..to, &value);
                }
                if rng.below(10) == 0 {
                    let far =
                        r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#;
                    text = text.replacen("</sheetData>", far, 1);
                }
                *content = text.into_bytes();
            }
        }
        let mut bytes = stored_zip(&mutated);
        flip_bytes(&mut bytes, rng);
        bytes
    }

    /// A workbook's parts zipped without compression (so writing it costs little).
    fn stored_zip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, content) in parts {
            out.start_file(name.as_str(), options).unwrap();
            out.write_all(content).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn mutated_text(seed: &str, separators: &[char], rng: &mut Rng) -> String {
        let mut pieces: Vec<String> = seed
            .split_inclusive(separators)
            .map(str::to_string)
            .collect();
        for _ in 0..=rng.below(4) {
            let at = rng.below(pieces.len());
            pieces[at] = match rng.below(3) {
                0 => String::new(),
                1 => format!("{}{}", pieces[at], hostile_text(rng)),
                _ => hostile_text(rng),
            };
        }
        pieces.concat()
    }

    struct Outcome {
        inputs: u64,
        panics: u64,
        first_panic_seed: Option<u64>,
        slowest: Duration,
        slowest_seed: u64,
    }

    fn run(inputs: u64, reader: &mut dyn FnMut(&mut Rng)) -> Outcome {
        let mut outcome = Outcome {
            inputs,
            panics: 0,
            first_panic_seed: None,
            slowest: Duration::ZERO,
            slowest_seed: 0,
        };
        for seed in 0..inputs {
            let mut rng = Rng::new(seed);
            let started = Instant::now();
            if catch_unwind(AssertUnwindSafe(|| reader(&mut rng))).is_err() {
                outcome.panics += 1;
                outcome.first_panic_seed.get_or_insert(seed);
            }
            let took = started.elapsed();
            if took > outcome.slowest {
                (outcome.slowest, outcome.slowest_seed) = (took, seed);
            }
        }
        outcome
    }

    pub fn main() {
        let arguments: Vec<String> = std::env::args()
            .skip(1)
            .filter(|a| !a.starts_with("--"))
            .collect();
        let inputs: u64 = arguments
            .first()
            .and_then(|a| a.replace(['_', ','], "").parse().ok())
            .unwrap_or(1_000_000);
        let only = arguments.get(1).cloned().unwrap_or_default();
        // Panics are counted, not printed — but for one seed given in RENKEI_FUZZ_SEED, which is
        // run alone with its panic printed (how a reported panic is reproduced).
        let only_seed: Option<u64> = std::env::var("RENKEI_FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok());
        if only_seed.is_none() {
            std::panic::set_hook(Box::new(|_| {}));
        }

        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let template =
            std::fs::read_to_string(root.join("public/data/renkei-template.csv")).unwrap();
        let real: Dataset = read_ipc_file_format(
            &std::fs::read(root.join("public/data/ndb_r10_prefecture_sbp.arrow")).unwrap(),
        )
        .unwrap();
        // 北海道's cells as a tidy CSV: a real file's shape, 140 rows.
        let mut tidy = String::from("年度,地域名,性別,年齢階級,項目,階級,人数\n");
        for r in real.records.iter().filter(|r| r.area_name == "北海道") {
            let count = r.count_people.map_or("-".into(), |c| c.to_string());
            let (sex, age) = (r.sex.id(), r.age_band.id());
            tidy.push_str(&format!(
                "2022,北海道,{sex},{age},sbp,{},{count}\n",
                r.bin.label
            ));
        }
        let small = Dataset {
            provenance: real.provenance.clone(),
            records: real.records.iter().take(300).cloned().collect(),
        };
        // The built-in file's first 300 records as `ndb_convert` writes them (the whole file,
        // 6,580 records, made each input take 14 ms: 10⁶ inputs took four hours).
        let real_arrow = write_ipc_file(&small).unwrap();
        assert!(read_ipc_file_format(&real_arrow).is_ok());
        let stream =
            std::fs::read(root.join("tests/data/ecosystem/pyarrow-string-view-dictionary.arrows"))
                .unwrap();
        let workbook =
            std::fs::read(root.join("data/ndb/ndb10_tokutei_kenshin_R4/SBP_pref.xlsx")).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(workbook)).unwrap();
        let parts: Vec<(String, Vec<u8>)> = (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index(i).unwrap();
                let mut content = Vec::new();
                file.read_to_end(&mut content).unwrap();
                let name = file.name().unwrap().to_string();
                if name.ends_with("sheet1.xml") {
                    // The header and 全国's and three prefectures' rows: the whole sheet
                    // (293 rows) made each input take 7 ms.
                    let text = String::from_utf8(content).unwrap();
                    let cut = text.find(r#"<row r="30""#).unwrap();
                    let end = text.find("</sheetData>").unwrap();
                    content = format!("{}{}", &text[..cut], &text[end..]).into_bytes();
                }
                (name, content)
            })
            .collect();
        assert!(user_file_to_arrow(&stored_zip(&parts), "x.xlsx", None, &mut |_| {}).is_ok());
        let wide = "地域,階級,男 40～44歳,男 45～49歳,女 40～44歳,中計\n北海道,120未満,10,20,30,60\n,120以上140未満,5,-,7,12\n,140以上,1,2,3,6\n";
        let saved = saved_views::to_json(&[saved_views::SavedView {
            title: "収縮期血圧・北海道・男性・40〜44歳（第10回）".into(),
            link: "item=sbp&area=prefecture:01:北海道&sex=male&age=40-44".into(),
        }]);
        let query = "item=sbp&release=第10回&area=prefecture:01:北海道&sex=male&age=40-44&compare=prefecture:13:東京都&shift=-4&threshold=140&lang=en";

        type Reader<'a> = (&'static str, Box<dyn FnMut(&mut Rng) + 'a>);
        let readers: Vec<Reader> = vec![
            (
                "tidy CSV",
                Box::new(|rng| {
                    let seed = if rng.below(2) == 0 { &template } else { &tidy };
                    let _ = user_file_to_arrow(&mutated_csv(seed, rng), "f.csv", None, &mut |_| {});
                }),
            ),
            (
                "wide table",
                Box::new(|rng| {
                    let bytes = mutated_csv(wide, rng);
                    if let Ok(table) = RawTable::read(&bytes, "w.csv") {
                        let mut mapping = table.preview().guess;
                        mapping.year = Some(2022);
                        mapping.indicator = Some("sbp".into());
                        mapping.area_name = Some("北海道".into());
                        let _ = user_file_to_arrow(&bytes, "w.csv", Some(&mapping), &mut |_| {});
                    }
                }),
            ),
            (
                "NDB xlsx",
                Box::new(|rng| {
                    let _ = user_file_to_arrow(
                        &mutated_workbook(&parts, rng),
                        "x.xlsx",
                        None,
                        &mut |_| {},
                    );
                }),
            ),
            (
                "Arrow file",
                Box::new(|rng| {
                    let mut bytes = if rng.below(2) == 0 {
                        write_ipc_file(&hostile_dataset(&small, rng)).unwrap_or_default()
                    } else {
                        real_arrow.clone()
                    };
                    flip_bytes(&mut bytes, rng);
                    if let Ok(renkei::import::user_file::Converted::Arrow(arrow)) =
                        user_file_to_arrow(&bytes, "a.arrow", None, &mut |_| {})
                    {
                        let _ = read_ipc_file_format(&arrow);
                    }
                    let _ = read_ipc_file_format(&bytes);
                }),
            ),
            (
                "Arrow stream",
                Box::new(|rng| {
                    let mut bytes = stream.clone();
                    for _ in 0..=rng.below(8) {
                        let at = rng.below(bytes.len());
                        bytes[at] = rng.next() as u8;
                    }
                    let _ = user_file_to_arrow(&bytes, "s.arrows", None, &mut |_| {});
                }),
            ),
            (
                "saved views",
                Box::new(|rng| {
                    let text = mutated_text(&saved, &[',', ':', '"', '&', '='], rng);
                    let _ = saved_views::from_json(text.as_bytes());
                }),
            ),
            (
                "permalink",
                Box::new(|rng| {
                    let text = mutated_text(query, &['&', '=', ':'], rng);
                    let _ = permalink::from_query(&text);
                    let _ = permalink::chart_from_query(&text);
                }),
            ),
        ];
        println!("| reader | inputs | panics | slowest input (ms) | seed of the slowest | first panic's seed |");
        println!("|---|---:|---:|---:|---:|---|");
        for (name, mut reader) in readers {
            if !name.to_lowercase().contains(&only.to_lowercase()) {
                continue;
            }
            let outcome = match only_seed {
                Some(seed) => {
                    reader(&mut Rng::new(seed));
                    continue;
                }
                None => run(inputs, &mut reader),
            };
            println!(
                "| {name} | {} | {} | {:.1} | {} | {} |",
                outcome.inputs,
                outcome.panics,
                outcome.slowest.as_secs_f64() * 1000.0,
                outcome.slowest_seed,
                outcome
                    .first_panic_seed
                    .map_or("—".to_string(), |s| s.to_string()),
            );
        }
    }
}
