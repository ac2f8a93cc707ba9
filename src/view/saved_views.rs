//! The presenter's list of saved views: each a title and a permalink query
//! (`crate::view::permalink`), kept as a small JSON file so a talk prepared on one machine can be given
//! on another. Reading is lenient in the way a hand-edited file needs: a view that cannot be
//! read is left out and said, the rest are kept; a file that is not such a list is refused.

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::view::language::{Language, Message};
use crate::view::permalink::{from_query, ViewState};

/// What the file says it is, so another JSON file is not taken for a list.
pub const FORMAT: &str = "renkei-saved-views";
pub const VERSION: u32 = 1;
/// A list of views is a few KB; anything far larger is not one.
const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Refuses a file too large to be a list of views, by its size alone: the page asks before
/// reading the file (a 2 GB file chosen by mistake is never read into the tab).
pub fn refuse_size(file_bytes: f64) -> Result<(), Message> {
    if file_bytes > MAX_FILE_BYTES as f64 {
        return Err(Message::new(
            "発表用の表示リストとしては大きすぎます（1MBまで）。",
            "Too large for a list of views to present (1 MB at most).",
        ));
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedView {
    /// 「収縮期血圧・北海道・男女計・40〜74歳（第10回）」
    pub title: String,
    /// A permalink query (without `?`).
    pub link: String,
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    views: &'a [SavedView],
}

/// The file a list is saved as (pretty-printed: people open it).
pub fn to_json(views: &[SavedView]) -> String {
    serde_json::to_string_pretty(&FileOut {
        format: FORMAT,
        version: VERSION,
        views,
    })
    .unwrap_or_default()
}

/// A saved view with the view its link names.
pub type ReadView = (SavedView, ViewState);
/// A file's views and what was left out or ignored.
pub type ReadList = (Vec<ReadView>, Vec<Message>);

/// The views of a file, and what was left out or ignored (in both languages, like every
/// importer's problems: the page shows them in its language, then and after a switch).
pub fn from_json(bytes: &[u8]) -> Result<ReadList, Message> {
    refuse_size(bytes.len() as f64)?;
    let not_a_list = || {
        Message::new(
            "発表用の表示リストのファイルではありません（Renkeiの「リストを保存」で作ったJSONを選んでください）。",
            "This is not a list of views to present (choose a JSON file made with Renkei’s “Save the list”).",
        )
    };
    let file: Json = serde_json::from_slice(bytes).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        Message::new(
            format!("JSONとして読めません（{line} 行 {column} 列）。"),
            format!("It cannot be read as JSON (line {line}, column {column})."),
        )
    })?;
    let entries = match file {
        Json::Object(fields) if fields.format.as_deref() == Some(FORMAT) => fields.views,
        _ => None,
    }
    .ok_or_else(not_a_list)?;
    let mut views = Vec::new();
    let mut notes = Vec::new();
    for (index, entry) in entries.into_iter().enumerate() {
        let number = index + 1;
        let Json::Object(fields) = entry else {
            notes.push(left_out(number));
            continue;
        };
        let (Some(title), Some(link)) = (fields.title, fields.link) else {
            notes.push(left_out(number));
            continue;
        };
        let (view, ignored) = from_query(&link);
        if !ignored.is_empty() {
            notes.push(Message::new(
                format!(
                    "{number}番目「{title}」のリンクの一部（{}）は読み取れず、既定にしました。",
                    ignored.join(Language::Japanese.list_separator())
                ),
                format!(
                    "Parts of the link of view {number} “{title}” ({}) could not be read and were left at the default.",
                    ignored.join(Language::English.list_separator())
                ),
            ));
        }
        views.push((SavedView { title, link }, view));
    }
    Ok((views, notes))
}

fn left_out(number: usize) -> Message {
    Message::new(
        format!("{number}番目の表示は title と link がないため除きました。"),
        format!("View {number} has no title and link, so it was left out."),
    )
}

/// What a list of views needs of any JSON value, read leniently (a hand-edited file keeps what
/// it can): text, an object's fields of a list or a view, a list, or something else. Read
/// straight from the parser rather than through `serde_json::Value`, whose map and number code
/// would join the first visit for this alone (1.3 KB gzip).
enum Json {
    Text(String),
    Object(Box<Fields>),
    List(Vec<Json>),
    Other,
}

#[derive(Default)]
struct Fields {
    format: Option<String>,
    views: Option<Vec<Json>>,
    title: Option<String>,
    link: Option<String>,
}

impl Json {
    fn text(self) -> Option<String> {
        match self {
            Json::Text(text) => Some(text),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("JSON")
    }

    fn visit_str<E>(self, text: &str) -> Result<Json, E> {
        Ok(Json::Text(text.to_string()))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Json, E> {
        Ok(Json::Other)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Json, E> {
        Ok(Json::Other)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Json, E> {
        Ok(Json::Other)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Json, E> {
        Ok(Json::Other)
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Json, A::Error> {
        let mut list = Vec::new();
        while let Some(item) = items.next_element()? {
            list.push(item);
        }
        Ok(Json::List(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Json, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = entries.next_key::<String>()? {
            let value: Json = entries.next_value()?;
            match key.as_str() {
                "format" => fields.format = value.text(),
                "title" => fields.title = value.text(),
                "link" => fields.link = value.text(),
                "views" => {
                    if let Json::List(list) = value {
                        fields.views = Some(list);
                    }
                }
                _ => {}
            }
        }
        Ok(Json::Object(Box::new(fields)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::permalink::to_query;

    #[test]
    fn a_list_survives_its_file() {
        let mut second = ViewState::default();
        second.primary.sex = "male".into();
        let views = vec![
            SavedView {
                title: "既定".into(),
                link: to_query(&ViewState::default()),
            },
            SavedView {
                title: "男性".into(),
                link: to_query(&second),
            },
        ];
        let (read, notes) = from_json(to_json(&views).as_bytes()).unwrap();
        assert!(notes.is_empty());
        assert_eq!(
            read,
            vec![
                (views[0].clone(), ViewState::default()),
                (views[1].clone(), second)
            ]
        );
    }

    #[test]
    fn a_file_too_large_to_be_a_list_is_refused_by_its_size() {
        assert!(refuse_size(MAX_FILE_BYTES as f64).is_ok());
        // The size alone: the page asks before reading 2 GB chosen by mistake.
        let refused = refuse_size(2e9).unwrap_err();
        assert!(refused.text(Language::Japanese).contains("1MBまで"));
        let mut padded = to_json(&[]).into_bytes();
        padded.resize(MAX_FILE_BYTES + 1, b' ');
        assert_eq!(from_json(&padded).unwrap_err(), refused);
    }

    #[test]
    fn a_hand_edited_file_keeps_what_it_can() {
        let text = r#"{"format": "renkei-saved-views", "version": 1, "views": [
            {"title": "ok", "link": "item=hba1c"},
            {"title": "no link"},
            {"title": "odd", "link": "sex=robot"},
            42
        ]}"#;
        let (views, notes) = from_json(text.as_bytes()).unwrap();
        assert_eq!(views.len(), 2);
        assert_eq!(views[0].1.indicator, "hba1c");
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(notes[1].text(Language::English).contains("sex=robot"));
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        assert!(from_json(b"{\"views\": []}")
            .unwrap_err()
            .text(Language::Japanese)
            .contains("表示リストのファイルではありません"));
        assert!(from_json(b"not json")
            .unwrap_err()
            .text(Language::Japanese)
            .contains("JSONとして読めません"));
        assert!(from_json(&vec![b' '; 2 * 1024 * 1024])
            .unwrap_err()
            .text(Language::Japanese)
            .contains("大きすぎます"));
    }
}
