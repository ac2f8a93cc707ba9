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

/// Powers of ten that f64 holds exactly: 10²² is the last (5²² < 2⁵³).
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A decimal as links and people write it (`-5`, `0.8`, `+1.5e2`) → the same f64 as
/// `str::parse`, for up to 15 significant digits scaled by at most 10²²: the integer of the
/// digits and that power of ten are both exact, so one division or product rounds correctly
/// (Clinger 1990's fast path). Anything else — longer numbers, `inf`, `NaN` — is `None`.
/// Why not `str::parse`: its general algorithm carries 10 KB of tables, which the page's two
/// number readers (links, typed parameters) would download for numbers nobody writes.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (number, exponent) = match text.split_once(['e', 'E']) {
        Some((number, exponent)) => (number, exponent.parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (negative, unsigned) = match number.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, number.strip_prefix('+').unwrap_or(number)),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let digits = format!("{whole}{fraction}");
    let significant = digits.trim_start_matches('0');
    if significant.len() > 15 {
        return None;
    }
    let integer = significant.parse::<u64>().unwrap_or(0) as f64;
    let scale = exponent.checked_sub(i32::try_from(fraction.len()).ok()?)?;
    let power = |k: i32| EXACT_POWERS_OF_TEN.get(k.unsigned_abs() as usize).copied();
    let magnitude = if integer == 0.0 {
        0.0
    } else if scale < 0 {
        integer / power(scale)?
    } else {
        integer * power(scale)?
    };
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the text, a number it reads is the one `str::parse` reads, to the bit.
        #[test]
        fn a_decimal_read_is_the_one_str_parse_reads(text in "[+-]?[0-9]{0,17}(\\.[0-9]{0,17})?([eE][+-]?[0-9]{1,2})?") {
            if let Some(value) = parse_decimal(&text) {
                let reference = text.parse::<f64>().unwrap();
                prop_assert_eq!(value.to_bits(), reference.to_bits(), "{}", text);
            }
        }

        /// Up to 15 significant digits and 10²², every decimal is read.
        #[test]
        fn short_decimals_are_all_read(integer in 0u64..1_000_000_000_000_000, decimals in 0usize..8, negative: bool) {
            let digits = integer.to_string();
            let text = if decimals == 0 || decimals >= digits.len() {
                format!("{}{digits}", if negative { "-" } else { "" })
            } else {
                let (whole, fraction) = digits.split_at(digits.len() - decimals);
                format!("{}{whole}.{fraction}", if negative { "-" } else { "" })
            };
            prop_assert_eq!(parse_decimal(&text).map(f64::to_bits), Some(text.parse::<f64>().unwrap().to_bits()), "{}", text);
        }
    }

    #[test]
    fn what_links_and_people_write_is_read_and_the_rest_is_not() {
        assert_eq!(parse_decimal("-5"), Some(-5.0));
        assert_eq!(parse_decimal("0.8"), Some(0.8));
        assert_eq!(parse_decimal(".5"), Some(0.5));
        assert_eq!(parse_decimal("5."), Some(5.0));
        assert_eq!(parse_decimal("1.5e2"), Some(150.0));
        assert_eq!(
            parse_decimal("-0").map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
        for refused in [
            "",
            "-",
            ".",
            "1e",
            "inf",
            "NaN",
            "1,5",
            "１",
            "0.1234567890123456",
            "1e400",
        ] {
            assert_eq!(parse_decimal(refused), None, "{refused}");
        }
    }

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
