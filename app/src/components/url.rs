//! Links that keep a view's state in the URL.

/// Percent-encodes a query value (letters, digits and `-._~` stay as they are).
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// `path?key=value&…`, or just `path` without parameters.
pub fn href(path: &str, params: &[(&str, String)]) -> String {
    if params.is_empty() {
        return path.to_owned();
    }
    let query: Vec<String> = params.iter().map(|(key, value)| format!("{key}={}", encode(value))).collect();
    format!("{path}?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_encoded_and_empty_queries_dropped() {
        assert_eq!(href("/", &[]), "/");
        assert_eq!(
            href("/admin/audit", &[("action", "user.set_role".into()), ("q", "a b&c".into())]),
            "/admin/audit?action=user.set_role&q=a%20b%26c"
        );
        assert_eq!(encode("é"), "%C3%A9");
    }
}
