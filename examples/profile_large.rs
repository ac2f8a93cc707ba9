//! Where the time of a 50 MB CSV goes, step by step, natively (`cargo run --release --example
//! profile_large`); the browser's figure is `benches/large_file.rs`.

use std::time::Instant;

fn main() {
    let mut text = String::from("年度,地域名,区分,性別,年齢階級,項目,下限,上限,人数\n");
    'outer: for (_, area) in renkei::model::prefecture::PREFECTURES.iter() {
        for group in ["地域", "職域"] {
            for sex in ["男", "女"] {
                for age in (40..75).step_by(5) {
                    for bin in 0..800 {
                        let lower = 60.0 + bin as f64 * 0.25;
                        text.push_str(&format!(
                            "2022,{area},{group},{sex},{age}-{},収縮期血圧,{lower},{},{}\n",
                            age + 4,
                            lower + 0.25,
                            (bin * 7 + age) % 97
                        ));
                        if text.len() >= 50 * 1024 * 1024 {
                            break 'outer;
                        }
                    }
                }
            }
        }
    }
    let t = Instant::now();
    let ds = renkei::import::tidy::import_tidy_csv(text.as_bytes(), "x.csv").unwrap();
    println!("tidy {:?} rows {}", t.elapsed(), ds.records.len());
    let t = Instant::now();
    let arrow = renkei::import::arrow_writer::write_ipc_file(&ds).unwrap();
    println!("write arrow {:?} {} bytes", t.elapsed(), arrow.len());
    let t = Instant::now();
    let ds = renkei::import::canonical_ipc::read_ipc_file_format(&arrow).unwrap();
    println!("read arrow {:?}", t.elapsed());
    let t = Instant::now();
    let files = vec![renkei::import::collection::LoadedFile::new("x.csv", ds)];
    let merged = renkei::import::collection::merge_files(&files).unwrap();
    println!("merge {:?}", t.elapsed());
    let t = Instant::now();
    let (_e, d) = renkei::import::manifest::user_catalogue(merged);
    println!("catalogue {:?}", t.elapsed());
    let t = Instant::now();
    let area = renkei::analysis::distribution::AreaSelection::Area {
        level: renkei::model::AreaLevel::Prefecture,
        code: "01".into(),
        name: "北海道".into(),
    };
    let c = renkei::analysis::groups::GroupDistributions::compute(
        &d[0].1,
        renkei::model::indicator::by_id("sbp").unwrap(),
        &area,
        None,
        None,
    );
    println!("groups {:?} {}", t.elapsed(), c.is_some());
}
