//! Fetching the built-in data from the app's own origin (never anywhere else).

use std::sync::Arc;

use gloo_net::http::Request;

use crate::import::canonical_ipc::read_ipc_file_format;
#[cfg(feature = "app")]
use crate::import::manifest::{
    secondary_areas_from_json, Manifest, SecondaryAreaEntry, MANIFEST_FILE, SECONDARY_AREAS_FILE,
};
use crate::model::Dataset;
use crate::view::language::{Language, Message};
#[cfg(feature = "app")]
use crate::view::messages::import_error;
use crate::view::messages::ProblemText;

/// Relative to the page, so the app works from any sub-path a prefecture publishes it under.
const DATA_DIR: &str = "data";

async fn fetch_bytes(file: &str) -> Result<Vec<u8>, Message> {
    let url = format!("{DATA_DIR}/{file}");
    let not_fetched = |detail: String| {
        Message::new(
            format!("データ「{file}」を取得できません（{detail}）。"),
            format!("The data “{file}” cannot be fetched ({detail})."),
        )
    };
    let response = Request::get(&url)
        .send()
        .await
        .map_err(|error| not_fetched(error.to_string()))?;
    if !response.ok() {
        return Err(not_fetched(format!("HTTP {}", response.status())));
    }
    let buffer = body_of(response).await.ok_or_else(|| {
        Message::new(
            format!("データ「{file}」を読み込めません。"),
            format!("The data “{file}” cannot be read."),
        )
    })?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A response's body, still in the browser's buffer (`None`: it could not be read). One way
/// for the built-in data and a user's `?data=` file alike.
async fn body_of(response: gloo_net::http::Response) -> Option<js_sys::ArrayBuffer> {
    use wasm_bindgen::JsCast;
    let body = web_sys::Response::from(response).array_buffer().ok()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(body).await.ok()?;
    Some(buffer.unchecked_into())
}

#[cfg(feature = "app")]
pub async fn load_manifest() -> Result<Manifest, Message> {
    let bytes = fetch_bytes(MANIFEST_FILE).await?;
    Manifest::from_json(&String::from_utf8_lossy(&bytes)).map_err(|error| import_error(&error))
}

#[cfg(feature = "app")]
pub async fn load_secondary_areas() -> Result<Vec<SecondaryAreaEntry>, Message> {
    let bytes = fetch_bytes(SECONDARY_AREAS_FILE).await?;
    secondary_areas_from_json(&String::from_utf8_lossy(&bytes))
        .map_err(|error| import_error(&error))
}

pub async fn load_dataset(file: String) -> Result<Arc<Dataset>, Message> {
    let bytes = fetch_bytes(&file).await?;
    read_ipc_file_format(&bytes)
        .map(Arc::new)
        .map_err(|problem| {
            Message::new(
                format!("データ「{file}」：{}", problem.text(Language::Japanese)),
                format!("The data “{file}”: {}", problem.text(Language::English)),
            )
        })
}

#[cfg(feature = "app")]
/// A file web staff published next to the app and named in the page address
/// (`?data=kokuho.csv`): resolved against the page and fetched only from the page's own
/// origin. Returns the file's name and bytes, refusing a file over the size limit of a file
/// the user picks before its bytes reach the page's memory (they stay in the browser's buffer,
/// which fails with a message rather than stopping the page).
pub async fn fetch_published_file(wanted: &str) -> Result<(String, js_sys::ArrayBuffer), Message> {
    use crate::import::user_file::{too_large, MAX_USER_FILE_BYTES};
    let unknown_page = || {
        Message::new(
            "ページの場所が分かりません。",
            "The page’s address is unknown.",
        )
    };
    let location = web_sys::window()
        .map(|w| w.location())
        .ok_or_else(unknown_page)?;
    let page = location.href().map_err(|_| unknown_page())?;
    let url = web_sys::Url::new_with_base(wanted, &page).map_err(|_| {
        Message::new(
            format!("data=「{wanted}」はファイルの場所として読めません。"),
            format!("data=“{wanted}” cannot be read as the place of a file."),
        )
    })?;
    if url.origin() != location.origin().unwrap_or_default() {
        return Err(Message::new(
            format!("data=「{wanted}」は別のサイトのファイルです。このページと同じサイトに置いたファイルだけを読み込みます。"),
            format!("data=“{wanted}” is a file of another site. Only files on this page’s own site are opened."),
        ));
    }
    let name = url
        .pathname()
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .map(|n| js_sys::decode_uri_component(n).map_or(n.to_string(), String::from))
        .unwrap_or_else(|| wanted.to_string());
    let not_fetched = |detail: String| {
        Message::new(
            format!("取得できません（{detail}）。"),
            format!("It cannot be fetched ({detail})."),
        )
        .about(&name)
    };
    let response = Request::get(&url.href())
        .send()
        .await
        .map_err(|error| not_fetched(error.to_string()))?;
    if !response.ok() {
        return Err(not_fetched(format!("HTTP {}", response.status())));
    }
    let buffer = body_of(response)
        .await
        .ok_or_else(|| Message::new("読み込めません。", "It cannot be read.").about(&name))?;
    let byte_count = js_sys::Uint8Array::new(&buffer).length() as usize;
    if byte_count > MAX_USER_FILE_BYTES {
        return Err(import_error(&too_large(&name, byte_count)));
    }
    Ok((name, buffer))
}

#[cfg(feature = "app")]
/// The `data` parameters of the page address, in order.
pub fn data_parameters() -> Vec<String> {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return Vec::new();
    };
    let Ok(parameters) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    parameters
        .get_all("data")
        .iter()
        .filter_map(|value| value.as_string())
        .filter(|value| !value.is_empty())
        .collect()
}
