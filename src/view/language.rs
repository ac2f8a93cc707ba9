//! The two languages of every label, message and export: Japanese (the default, for the councils)
//! and English.
//!
//! Every user-facing text is written as a pair where it is used (`language.pick("性別", "Sex")`),
//! not looked up by key in a catalogue: a new text cannot be added without its English, the
//! compiler checks every call, and nothing is parsed at run time (a catalogue crate such as
//! fluent-bundle would add its parser to a page whose download is budgeted). Data stay as
//! published: a secondary medical area's or a user's group's name is shown as written.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    #[default]
    Japanese,
    English,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Japanese, Language::English];

    /// BCP 47 code: `<html lang>`, the permalink's `lang` and exported file names.
    pub fn code(self) -> &'static str {
        match self {
            Language::Japanese => "ja",
            Language::English => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|language| language.code() == code)
    }

    /// The language's name in itself, as the switch offers it.
    pub fn own_name(self) -> &'static str {
        match self {
            Language::Japanese => "日本語",
            Language::English => "English",
        }
    }

    /// The text of this language out of a pair.
    pub fn pick<T>(self, japanese: T, english: T) -> T {
        match self {
            Language::Japanese => japanese,
            Language::English => english,
        }
    }

    /// How items of a list are joined: 「、」 or ", ".
    pub fn list_separator(self) -> &'static str {
        self.pick("、", ", ")
    }

    /// A parenthesised addition: 「A（B）」 or "A (B)".
    pub fn parenthesised(self, text: &str, addition: &str) -> String {
        match self {
            Language::Japanese => format!("{text}（{addition}）"),
            Language::English => format!("{text} ({addition})"),
        }
    }

    /// A quoted name: 「name」 or “name”.
    pub fn quoted(self, name: &str) -> String {
        match self {
            Language::Japanese => format!("「{name}」"),
            Language::English => format!("“{name}”"),
        }
    }

    /// A count of people: 「1,234人」 or "1,234 people" (the number already formatted).
    pub fn people(self, formatted_count: &str) -> String {
        match self {
            Language::Japanese => format!("{formatted_count}人"),
            Language::English => format!("{formatted_count} people"),
        }
    }

    /// An English heading inside a sentence: "See-a-doctor threshold" → "see-a-doctor
    /// threshold". Japanese has no case, and is returned as it is. (ASCII only: the headings
    /// are ours, and Unicode case tables would add to every download.)
    pub fn in_sentence(self, heading: &str) -> String {
        let mut characters = heading.chars();
        match (self, characters.next()) {
            (Language::English, Some(first)) => std::iter::once(first.to_ascii_lowercase())
                .chain(characters)
                .collect(),
            _ => heading.to_string(),
        }
    }

    /// A fiscal year: 「2022年度」 or "FY2022".
    pub fn fiscal_year(self, year: i32) -> String {
        match self {
            Language::Japanese => format!("{year}年度"),
            Language::English => format!("FY{year}"),
        }
    }
}

/// A message made where the language it will be read in is not known: a file's problem found
/// by an importer (in the reader worker), shown in the page's language then and after a switch.
/// Both texts are written where the problem is found, as with [`Language::pick`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    japanese: String,
    english: String,
}

impl Message {
    pub fn new(japanese: impl Into<String>, english: impl Into<String>) -> Message {
        Message {
            japanese: japanese.into(),
            english: english.into(),
        }
    }

    /// A message from a function that says it in either language.
    pub fn in_both(say: impl Fn(Language) -> String) -> Message {
        Message::new(say(Language::Japanese), say(Language::English))
    }

    pub fn text(&self, language: Language) -> &str {
        language.pick(&self.japanese, &self.english)
    }

    /// The message said of a file's row: 「kokuho.csv（12行目）：…」 / "kokuho.csv (row 12): …".
    pub fn at_row(&self, file_name: &str, row: usize) -> Message {
        Message::new(
            format!("{file_name}（{row}行目）：{}", self.japanese),
            format!("{file_name} (row {row}): {}", self.english),
        )
    }

    /// The message said of something: 「kokuho.csv：…」 / "kokuho.csv: …".
    pub fn about(&self, subject: &str) -> Message {
        Message::new(
            format!("{subject}：{}", self.japanese),
            format!("{subject}: {}", self.english),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_japanese_is_the_default() {
        for language in Language::ALL {
            assert_eq!(Language::from_code(language.code()), Some(language));
        }
        assert_eq!(Language::from_code("fr"), None);
        assert_eq!(Language::default(), Language::Japanese);
        assert_eq!(
            Language::English.in_sentence("See-a-doctor threshold"),
            "see-a-doctor threshold"
        );
    }
}
