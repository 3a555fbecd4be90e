import Testing

/// A named input, shown by its name in test output. Names follow JSONTestSuite's convention: `y_` must be accepted,
/// `n_` must be rejected. The cases are written here, not copied from any suite.
struct JSONCase: CustomTestStringConvertible, Sendable {
    let name: String
    let bytes: [UInt8]

    init(_ name: String, _ text: String) {
        self.name = name
        self.bytes = Array(text.utf8)
    }

    init(_ name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    var testDescription: String { name }
}

/// `[` repeated `depth` times, then `]` as often.
func nested(_ depth: Int) -> String {
    String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
}

/// Wraps raw bytes in quotes: a string whose contents are exactly `contents`.
func quoted(_ contents: [UInt8]) -> [UInt8] {
    [0x22] + contents + [0x22]
}

enum Cases {
    static let accepted: [JSONCase] = [
        // Structure
        JSONCase("y_object_empty", "{}"),
        JSONCase("y_array_empty", "[]"),
        JSONCase("y_object_simple", #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#),
        JSONCase("y_object_duplicated_key", #"{"a":1,"a":2}"#),
        JSONCase("y_object_empty_key", #"{"":0}"#),
        JSONCase("y_array_heterogeneous", #"[null,1,"1",{},[],true,false,-0.5e-3]"#),
        JSONCase("y_array_of_empty_containers", "[[],{},[[]],[{}]]"),
        JSONCase("y_structure_whitespace_everywhere", " \t\r\n{ \"a\" \t: \n[ 1 ,\r2 ] , \"b\":{ } }\r\n "),
        JSONCase("y_structure_depth_64", nested(64)),
        JSONCase("y_structure_top_level_string", #""top""#),
        JSONCase("y_structure_top_level_number", "42"),
        JSONCase("y_structure_top_level_true", "true"),
        JSONCase("y_structure_top_level_false", "false"),
        JSONCase("y_structure_top_level_null", " null "),
        // Numbers
        JSONCase("y_number_zero", "0"),
        JSONCase("y_number_negative_zero", "-0"),
        JSONCase("y_number_zero_fraction", "[0.0,-0.0]"),
        JSONCase("y_number_exponents", "[1e2,1E2,1e+2,1E-2,0e0,-0.0e-0,1e0005]"),
        JSONCase("y_number_huge_exponent", "[1e400,-1e400,1e-400,123.456e789]"),
        JSONCase("y_number_long_integer", "123456789012345678901234567890"),
        JSONCase("y_number_subnormal", "[4.9e-324,2.2250738585072011e-308]"),
        JSONCase("y_number_int64_limits", "[9223372036854775807,-9223372036854775808]"),
        // Strings
        JSONCase("y_string_empty", #""""#),
        JSONCase("y_string_simple_escapes", #"["\"\\\/\b\f\n\r\t"]"#),
        JSONCase("y_string_unicode_escape", #"["\u0041\u00e9\u20AC\uFFFF"]"#),
        JSONCase("y_string_escaped_nul", #"["\u0000"]"#),
        JSONCase("y_string_surrogate_pair", #"["\uD83D\uDE00","\ud834\udd1e"]"#),
        JSONCase("y_string_raw_two_byte", "[\"é\"]"),
        JSONCase("y_string_raw_three_byte", "[\"€\u{2028}\u{2029}\"]"),
        JSONCase("y_string_raw_astral", "[\"😀𝄞\"]"),
        JSONCase("y_string_raw_del", "[\"\u{7F}\"]"),
        JSONCase("y_string_max_scalar", bytes: quoted([0xF4, 0x8F, 0xBF, 0xBF])),
        JSONCase("y_string_u_fffe_raw", bytes: quoted([0xEF, 0xBF, 0xBE])),
        JSONCase("y_string_escaped_slash_and_backslash_in_key", #"{"a\/b\\c":1}"#),
        JSONCase("y_string_long_ascii", "\"" + String(repeating: "abcdefgh", count: 40) + "\""),
    ]

    static let rejected: [JSONCase] = [
        // Structure
        JSONCase("n_structure_empty", ""),
        JSONCase("n_structure_whitespace_only", " \t\r\n"),
        JSONCase("n_structure_two_values", "1 2"),
        JSONCase("n_structure_two_objects", "{}{}"),
        JSONCase("n_structure_extra_close", "[]]"),
        JSONCase("n_structure_unclosed_array", "[1"),
        JSONCase("n_structure_unclosed_object", #"{"a":1"#),
        JSONCase("n_structure_mismatched_brackets", "[1}"),
        JSONCase("n_structure_object_closed_by_bracket", "{]"),
        JSONCase("n_structure_bom", bytes: [0xEF, 0xBB, 0xBF] + Array("{}".utf8)),
        JSONCase("n_structure_line_comment", "{} // note"),
        JSONCase("n_structure_block_comment", "/* note */ {}"),
        JSONCase("n_structure_comment_inside", "[1 /* note */]"),
        JSONCase("n_structure_depth_65", nested(65)),
        JSONCase("n_structure_nul_after_value", bytes: Array("[1]".utf8) + [0]),
        JSONCase("n_structure_vertical_tab", "\u{0B}[]"),
        JSONCase("n_structure_form_feed", "[]\u{0C}"),
        JSONCase("n_structure_nbsp", bytes: [0xC2, 0xA0] + Array("[]".utf8)),
        JSONCase("n_structure_non_ascii_outside_string", "[é]"),
        JSONCase("n_structure_lone_comma", ","),
        JSONCase("n_structure_lone_colon", ":"),
        // Arrays
        JSONCase("n_array_trailing_comma", "[1,]"),
        JSONCase("n_array_leading_comma", "[,1]"),
        JSONCase("n_array_double_comma", "[1,,2]"),
        JSONCase("n_array_only_comma", "[,]"),
        JSONCase("n_array_missing_comma", "[1 2]"),
        JSONCase("n_array_colon", #"["a":1]"#),
        // Objects
        JSONCase("n_object_trailing_comma", #"{"a":1,}"#),
        JSONCase("n_object_leading_comma", #"{,"a":1}"#),
        JSONCase("n_object_missing_colon", #"{"a" 1}"#),
        JSONCase("n_object_missing_value", #"{"a":}"#),
        JSONCase("n_object_missing_key", #"{:1}"#),
        JSONCase("n_object_unquoted_key", "{a:1}"),
        JSONCase("n_object_number_key", "{1:1}"),
        JSONCase("n_object_single_quotes", "{'a':1}"),
        JSONCase("n_object_comma_instead_of_colon", #"{"a",1}"#),
        JSONCase("n_object_double_colon", #"{"a"::1}"#),
        JSONCase("n_object_missing_comma", #"{"a":1 "b":2}"#),
        JSONCase("n_object_key_without_value_at_end", #"{"a""#),
        // Numbers
        JSONCase("n_number_leading_zero", "01"),
        JSONCase("n_number_negative_leading_zero", "-01"),
        JSONCase("n_number_double_zero", "[00]"),
        JSONCase("n_number_plus", "+1"),
        JSONCase("n_number_dot_first", ".5"),
        JSONCase("n_number_dot_last", "1."),
        JSONCase("n_number_dot_then_exponent", "1.e3"),
        JSONCase("n_number_exponent_without_digits", "1e"),
        JSONCase("n_number_exponent_sign_only", "1e+"),
        JSONCase("n_number_minus_only", "-"),
        JSONCase("n_number_double_minus", "--1"),
        JSONCase("n_number_minus_space", "- 1"),
        JSONCase("n_number_hex", "0x1F"),
        JSONCase("n_number_nan", "NaN"),
        JSONCase("n_number_infinity", "Infinity"),
        JSONCase("n_number_minus_infinity", "[-Infinity]"),
        JSONCase("n_number_comma_decimal", "1,5"),
        JSONCase("n_number_trailing_letter", "[1a]"),
        JSONCase("n_number_double_dot", "1.2.3"),
        JSONCase("n_number_double_exponent", "1e2e3"),
        // Literals
        JSONCase("n_literal_capitalised", "True"),
        JSONCase("n_literal_truncated_null", "nul"),
        JSONCase("n_literal_truncated_true", "[tru]"),
        JSONCase("n_literal_misspelled", "falsy"),
        JSONCase("n_literal_too_long", "nulll"),
        JSONCase("n_literal_undefined", "undefined"),
        // Strings
        JSONCase("n_string_unterminated", #""abc"#),
        JSONCase("n_string_single_quotes", "'a'"),
        JSONCase("n_string_raw_control", bytes: quoted([0x61, 0x01, 0x62])),
        JSONCase("n_string_raw_tab", "\"a\tb\""),
        JSONCase("n_string_raw_newline", "\"a\nb\""),
        JSONCase("n_string_raw_nul", bytes: quoted([0x00])),
        JSONCase("n_string_escape_x", #""\x41""#),
        JSONCase("n_string_escape_a", #""\a""#),
        JSONCase("n_string_escape_apostrophe", #""\'""#),
        JSONCase("n_string_escape_capital_u", #""\U0041""#),
        JSONCase("n_string_escape_short_u", #""\u12""#),
        JSONCase("n_string_escape_bad_hex", #""\u12G4""#),
        JSONCase("n_string_backslash_at_end", #""\"#),
        JSONCase("n_string_escaped_backslash_then_end", #""\\"#),
        JSONCase("n_string_lone_high_surrogate", #"["\uD800"]"#),
        JSONCase("n_string_high_surrogate_then_text", #"["\uD800x"]"#),
        JSONCase("n_string_high_surrogate_then_bmp_escape", #"["\uD800\u0041"]"#),
        JSONCase("n_string_two_high_surrogates", #"["\uD800\uD800"]"#),
        JSONCase("n_string_lone_low_surrogate", #"["\uDC00"]"#),
        JSONCase("n_string_reversed_surrogates", #"["\uDC00\uD800"]"#),
        JSONCase("n_string_high_surrogate_at_end", #"["\uDBFF"#),
        // UTF-8
        JSONCase("n_utf8_lone_continuation", bytes: quoted([0x80])),
        JSONCase("n_utf8_overlong_c0", bytes: quoted([0xC0, 0xAF])),
        JSONCase("n_utf8_overlong_c1", bytes: quoted([0xC1, 0xBF])),
        JSONCase("n_utf8_overlong_three_byte", bytes: quoted([0xE0, 0x80, 0xAF])),
        JSONCase("n_utf8_overlong_four_byte", bytes: quoted([0xF0, 0x80, 0x80, 0xAF])),
        JSONCase("n_utf8_encoded_high_surrogate", bytes: quoted([0xED, 0xA0, 0x80])),
        JSONCase("n_utf8_encoded_low_surrogate", bytes: quoted([0xED, 0xBF, 0xBF])),
        JSONCase("n_utf8_above_max", bytes: quoted([0xF4, 0x90, 0x80, 0x80])),
        JSONCase("n_utf8_f5", bytes: quoted([0xF5, 0x80, 0x80, 0x80])),
        JSONCase("n_utf8_fe", bytes: quoted([0xFE])),
        JSONCase("n_utf8_ff", bytes: quoted([0xFF])),
        JSONCase("n_utf8_truncated_two_byte", bytes: quoted([0xC3])),
        JSONCase("n_utf8_truncated_three_byte", bytes: quoted([0xE2, 0x82])),
        JSONCase("n_utf8_truncated_four_byte", bytes: quoted([0xF0, 0x9F, 0x98])),
        JSONCase("n_utf8_truncated_at_end_of_input", bytes: [0x22, 0xF0, 0x9F]),
        JSONCase("n_utf8_continuation_is_ascii", bytes: quoted([0xC3, 0x41])),
        JSONCase("n_utf8_in_key", bytes: Array(#"{""#.utf8) + [0xFF] + Array(#"":1}"#.utf8)),
        JSONCase("n_utf8_latin1", bytes: quoted([0x63, 0x61, 0x66, 0xE9])),
    ]
}
