//! How every layer writes and folds numbers and text that are the same in both languages:
//! numbers as people read them (`140`, `5.6`, `12.3%`, `1,234,567`) and full-width characters
//! folded to ASCII.

/// Folds full-width ASCII (digits, letters, signs: U+FF01–U+FF5E) and the ideographic space to
/// their ASCII forms, because government files mix both widths for the same text.
pub fn to_ascii_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// `140` for 140.0, `5.6` for 5.6: thresholds and edges printed as people write them.
pub fn format_value(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// 「12.3%」: a fraction as a percentage with one decimal, as tables and charts print it.
pub fn format_percent(fraction: f64) -> String {
    format!("{:.1}%", fraction * 100.0)
}

/// 「1,234,567」
pub fn format_people(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_ascii_is_folded() {
        assert_eq!(to_ascii_width("ＬＤＬ１２０　x"), "LDL120 x");
    }

    #[test]
    fn values_print_without_float_noise() {
        assert_eq!(format_value(140.0), "140");
        assert_eq!(format_value(5.6), "5.6");
        assert_eq!(format_value(18.5), "18.5");
    }

    #[test]
    fn numbers_print_for_people() {
        assert_eq!(format_people(1234567), "1,234,567");
        assert_eq!(format_people(999), "999");
        assert_eq!(format_percent(0.1234), "12.3%");
    }
}
