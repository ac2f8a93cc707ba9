//! Fetching the built-in data from the app's own origin (never anywhere else).

use std::sync::Arc;

use gloo_net::http::Request;

use crate::arrow_io::read_ipc_file;
use crate::manifest::{Manifest, MANIFEST_FILE};
use crate::model::Dataset;

/// Relative to the page, so the app works from any sub-path a prefecture publishes it under.
const DATA_DIR: &str = "data";

async fn fetch_bytes(file: &str) -> Result<Vec<u8>, String> {
    let url = format!("{DATA_DIR}/{file}");
    let response = Request::get(&url)
        .send()
        .await
        .map_err(|error| format!("データ「{file}」を取得できません（{error}）。"))?;
    if !response.ok() {
        return Err(format!(
            "データ「{file}」を取得できません（HTTP {}）。",
            response.status()
        ));
    }
    response
        .binary()
        .await
        .map_err(|error| format!("データ「{file}」を読み込めません（{error}）。"))
}

pub async fn load_manifest() -> Result<Manifest, String> {
    let bytes = fetch_bytes(MANIFEST_FILE).await?;
    Manifest::from_json(&String::from_utf8_lossy(&bytes))
}

pub async fn load_dataset(file: String) -> Result<Arc<Dataset>, String> {
    let bytes = fetch_bytes(&file).await?;
    read_ipc_file(&bytes)
        .map(Arc::new)
        .map_err(|error| format!("データ「{file}」：{}", error.message_ja()))
}
