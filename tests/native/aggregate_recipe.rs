//! The aggregation recipe (`scripts/aggregate/`) bins records with exactly the edges the app's
//! built-in NDB data use, and knows the items as the app does. The recipe itself is tested
//! with its engines in `scripts/aggregate/test_aggregate.py`.

use std::collections::BTreeSet;
use std::path::Path;

use renkei::import::canonical_ipc::read_ipc_file_format;
use renkei::import::manifest::{Manifest, EXAMPLE_RELEASE};
use renkei::model::indicator;

fn recipe_file(name: &str) -> csv::Reader<std::fs::File> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts/aggregate")
        .join(name);
    csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn edge(text: &str) -> Option<f64> {
    (!text.is_empty()).then(|| text.parse().expect("an edge is a number"))
}

/// (item, label, lower, upper) with edges as text, so that 5.6 compares as written.
type BinRow = (String, String, Option<String>, Option<String>);

fn as_text(edge: Option<f64>) -> Option<String> {
    edge.map(|value| format!("{value}"))
}

#[test]
fn the_recipes_bins_are_the_newest_releases_bins_of_each_item() {
    let mut recipe_bins: BTreeSet<BinRow> = BTreeSet::new();
    for row in recipe_file("edges.csv").records() {
        let row = row.unwrap();
        recipe_bins.insert((
            row[0].to_string(),
            row[1].to_string(),
            as_text(edge(&row[2])),
            as_text(edge(&row[3])),
        ));
    }
    let items: BTreeSet<&str> = recipe_bins.iter().map(|b| b.0.as_str()).collect();
    assert_eq!(items.len(), 9, "the nine items of the input contract");

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = Manifest::from_json(
        &std::fs::read_to_string(root.join("public/data/manifest.json")).unwrap(),
    )
    .unwrap();
    let mut app_bins: BTreeSet<BinRow> = BTreeSet::new();
    for item in &items {
        let newest = manifest
            .datasets
            .iter()
            .filter(|e| {
                e.indicator == *item && e.area_level == "prefecture" && e.release != EXAMPLE_RELEASE
            })
            .max_by_key(|e| e.fiscal_year)
            .unwrap_or_else(|| panic!("no built-in file of {item}"));
        let bytes = std::fs::read(root.join("public/data").join(newest.file())).unwrap();
        let dataset = read_ipc_file_format(&bytes).unwrap();
        for record in dataset.records {
            app_bins.insert((
                record.indicator.clone(),
                record.bin.label.clone(),
                as_text(record.bin.lower),
                as_text(record.bin.upper),
            ));
        }
    }
    assert_eq!(recipe_bins, app_bins);
}

#[test]
fn the_recipes_items_are_the_apps_in_its_units_and_their_bins_lie_in_the_value_range() {
    let mut ranges = Vec::new();
    for row in recipe_file("items.csv").records() {
        let row = row.unwrap();
        let app =
            indicator::by_id(&row[0]).unwrap_or_else(|| panic!("{} is not an app item", &row[0]));
        assert_eq!(row[2].to_string(), app.unit, "{}", app.id);
        let (min, max): (f64, f64) = (row[3].parse().unwrap(), row[4].parse().unwrap());
        assert!(min < max);
        ranges.push((row[0].to_string(), min, max));
    }
    for row in recipe_file("edges.csv").records() {
        let row = row.unwrap();
        let (_, min, max) = ranges.iter().find(|(id, _, _)| *id == row[0]).unwrap();
        for value in [edge(&row[2]), edge(&row[3])].into_iter().flatten() {
            assert!(*min < value && value < *max, "{} edge {value}", &row[0]);
        }
    }
}
