//! serde's `rename_all` rules for field names, to know the names serde writes.

/// The name serde gives the field `ident` under `rename_all = rule`; `None` for an unknown rule
/// (serde reports that itself).
pub(crate) fn apply(rule: &str, ident: &str) -> Option<String> {
    let words = ident.split('_');
    Some(match rule {
        "lowercase" => ident.to_ascii_lowercase(),
        "UPPERCASE" | "SCREAMING_SNAKE_CASE" => ident.to_ascii_uppercase(),
        "snake_case" => ident.to_owned(),
        "kebab-case" => ident.replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => ident.to_ascii_uppercase().replace('_', "-"),
        "PascalCase" => words.map(capitalize).collect(),
        "camelCase" => {
            let pascal: String = words.map(capitalize).collect();
            let mut chars = pascal.chars();
            match chars.next() {
                Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        }
        _ => return None,
    })
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The name serde gives member `ident`: its own `rename`, else the container's `rename_all`
/// applied (to a field, or to an enum variant), else the identifier without `r#`.
pub(crate) fn serde_name(
    ident: &syn::Ident,
    rename: Option<String>,
    rename_all: Option<&str>,
    variant: bool,
) -> String {
    rename.unwrap_or_else(|| {
        let plain = ident.to_string();
        let plain = plain.strip_prefix("r#").unwrap_or(&plain).to_owned();
        let renamed = rename_all.and_then(|rule| {
            if variant {
                apply_to_variant(rule, &plain)
            } else {
                apply(rule, &plain)
            }
        });
        renamed.unwrap_or(plain)
    })
}

/// The name serde gives the enum variant `ident` (PascalCase) under `rename_all = rule`.
pub(crate) fn apply_to_variant(rule: &str, ident: &str) -> Option<String> {
    Some(match rule {
        "lowercase" => ident.to_ascii_lowercase(),
        "UPPERCASE" => ident.to_ascii_uppercase(),
        "PascalCase" => ident.to_owned(),
        "camelCase" => {
            let mut chars = ident.chars();
            match chars.next() {
                Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        }
        other => return apply(other, &to_snake(ident)),
    })
}

/// `authorId` or `AuthorId` as `author_id`, to match a Rust field name.
pub(crate) fn to_snake(name: &str) -> String {
    let mut snake = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
        } else if c == '-' {
            snake.push('_');
        } else {
            snake.push(c);
        }
    }
    snake
}

#[cfg(test)]
mod tests {
    use super::{apply, apply_to_variant};

    #[test]
    fn rules_match_serde() {
        let cases = [
            ("camelCase", "vehicle_id", "vehicleId"),
            ("camelCase", "way_points", "wayPoints"),
            ("PascalCase", "way_points", "WayPoints"),
            ("kebab-case", "way_points", "way-points"),
            ("SCREAMING_SNAKE_CASE", "way_points", "WAY_POINTS"),
            ("SCREAMING-KEBAB-CASE", "way_points", "WAY-POINTS"),
            ("lowercase", "way_points", "way_points"),
            ("snake_case", "way_points", "way_points"),
        ];
        for (rule, ident, expected) in cases {
            assert_eq!(apply(rule, ident).as_deref(), Some(expected), "{rule}");
        }
        assert_eq!(apply("nonsense", "x"), None);
    }

    #[test]
    fn variant_rules_match_serde() {
        let cases = [
            ("camelCase", "GreaterThan", "greaterThan"),
            ("snake_case", "GreaterThan", "greater_than"),
            ("kebab-case", "GreaterThan", "greater-than"),
            ("SCREAMING_SNAKE_CASE", "GreaterThan", "GREATER_THAN"),
            ("lowercase", "GreaterThan", "greaterthan"),
            ("UPPERCASE", "GreaterThan", "GREATERTHAN"),
            ("PascalCase", "GreaterThan", "GreaterThan"),
        ];
        for (rule, ident, expected) in cases {
            assert_eq!(
                apply_to_variant(rule, ident).as_deref(),
                Some(expected),
                "{rule}"
            );
        }
    }
}
