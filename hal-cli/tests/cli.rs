//! End-to-end tests of the real `hal` binary.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn fixture(relative: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/hal-fixtures")
        .join(relative)
        .to_string_lossy()
        .into_owned()
}

fn hal(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hal"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that does not read stdin may close it early; that is not a failure here.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "hal {args:?} panicked: {stderr}"
    );
    output
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn lint_exit_codes_follow_the_worst_file() {
    let valid = fixture("spec/draft11-s3-order.json");
    let invalid = fixture("halfred/validation.json");
    assert_eq!(code(&hal(&["lint", &valid], b"")), 0);
    assert_eq!(code(&hal(&["lint", &valid, &invalid], b"")), 1);
    let missing = hal(&["lint", &valid, "/no/such/file.json", &invalid], b"");
    assert_eq!(code(&missing), 2);
    assert!(
        stderr(&missing).contains("/no/such/file.json: cannot read"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn lint_reports_rule_path_and_message() {
    let output = hal(&["lint", "-"], br#"{"_links":{"self":{"title":"x"}}}"#);
    assert_eq!(code(&output), 1);
    insta::assert_snapshot!(stdout(&output), @r"
    <stdin>: error H-40 at $._links.self: link has no `href`
    <stdin>: not valid HAL (1 error, 0 warnings)
    ");
}

/// HAL-FORMS rules (F-nn) are reported like HAL's; the specification's own example is clean.
#[test]
fn lint_reports_hal_forms_rules() {
    let output = hal(
        &["lint", "-"],
        br#"{"_links":{"self":{"href":"/m"}},"_templates":{"default":{"properties":[{"name":"a","min":5,"max":1},{"prompt":"?","options":{"inline":["x"],"link":{"href":"/o"}}}]}}}"#,
    );
    assert_eq!(code(&output), 1);
    insta::assert_snapshot!(stdout(&output), @r"
    <stdin>: error F-10 at $._templates.default: template has no `method`
    <stdin>: error F-25 at $._templates.default.properties[0]: `min` (5) is greater than `max` (1)
    <stdin>: error F-20 at $._templates.default.properties[1]: property has no `name`
    <stdin>: warning F-31 at $._templates.default.properties[1].options: `options` has both `inline` and `link`; clients use `inline`
    <stdin>: not valid HAL (3 errors, 1 warning)
    ");
    let example = hal(&["lint", &fixture("spec/hal-forms-example.json")], b"");
    assert_eq!(code(&example), 0, "{}", stdout(&example));
}

#[test]
fn lint_json_writes_one_object_per_file() {
    let output = hal(
        &[
            "lint",
            "--json",
            &fixture("halfred/validation.json"),
            "/no/such/file.json",
        ],
        b"",
    );
    assert_eq!(code(&output), 2);
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["valid"], false);
    assert_eq!(
        lines[0]["errors"][0],
        serde_json::json!({
            "rule": "H-40",
            "path": "$._links.first",
            "message": "link has no `href`",
            "docs": "https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-40",
        })
    );
    assert!(lines[0]["warnings"].as_array().unwrap().len() > 5);
    assert_eq!(lines[1]["file"], "/no/such/file.json");
    assert_eq!(lines[1]["valid"], false);
}

#[test]
fn input_that_is_not_json_exits_2_with_line_and_column() {
    let output = hal(&["lint", "-"], b"{\n  \"a\": tru }");
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("line 2 column"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn hostile_input_never_panics() {
    let deep = "[".repeat(100_000);
    let deep_hal = format!(
        "{}{{}}{}",
        r#"{"_embedded":{"a":"#.repeat(50_000),
        "}}".repeat(50_000)
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("binary garbage", (0..=255u8).cycle().take(4096).collect()),
        (
            "invalid UTF-8 in a string",
            b"{\"a\":\"\xff\xfe\"}".to_vec(),
        ),
        ("huge number", br#"{"a": 1e400}"#.to_vec()),
        (
            "huge integer",
            br#"{"_links":{"self":{"href":"/"}},"a":123456789012345678901234567890}"#.to_vec(),
        ),
        ("deep arrays", deep.into_bytes()),
        ("deep embedded", deep_hal.into_bytes()),
        (
            "NUL and CR LF in an href",
            br#"{"_links":{"self":{"href":"/a\u0000\r\nb"}}}"#.to_vec(),
        ),
    ];
    for (what, bytes) in &cases {
        for command in [
            &["lint", "-"][..],
            &["lint", "--json", "-"],
            &["fmt", "-"],
            &["links", "-"],
            &["links", "--json", "-"],
        ] {
            let output = hal(command, bytes);
            assert!(
                matches!(code(&output), 0..=2),
                "{what} with {command:?}: exit {:?}",
                output.status
            );
        }
    }
}

#[test]
fn fmt_prints_normalised_hal() {
    let output = hal(
        &["fmt", "-"],
        br#"{"_embedded":{"a":[]},"total":1,"_links":{"self":{"href":"/x","templated":false}}}"#,
    );
    assert_eq!(code(&output), 0);
    insta::assert_snapshot!(stdout(&output), @r#"
    {
      "_links": {
        "self": {
          "href": "/x",
          "templated": false
        }
      },
      "total": 1,
      "_embedded": {
        "a": []
      }
    }
    "#);
}

#[test]
fn fmt_of_invalid_hal_exits_1_naming_the_path() {
    let output = hal(&["fmt", "-"], br#"{"_links":{"self":"/a"}}"#);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).starts_with("<stdin>: $._links.self: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn fmt_is_lossless_on_every_valid_fixture() {
    let original = std::fs::read_to_string(fixture("halfred/shop.json")).unwrap();
    let output = hal(&["fmt", &fixture("halfred/shop.json")], b"");
    let formatted: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        formatted,
        serde_json::from_str::<serde_json::Value>(&original).unwrap()
    );
}

#[test]
fn expand_takes_values_and_a_vars_file() {
    let output = hal(
        &[
            "expand",
            "/v/{id}/trips{?offset,limit}",
            "id=VF 1",
            "limit=10",
        ],
        b"",
    );
    assert_eq!(
        (code(&output), stdout(&output).as_str()),
        (0, "/v/VF%201/trips?limit=10\n")
    );

    let vars = std::env::temp_dir().join(format!("hal-cli-vars-{}.json", std::process::id()));
    std::fs::write(
        &vars,
        r#"{"tags":["a","b"],"filter":{"fleet":"f1"},"n":3,"skip":null}"#,
    )
    .unwrap();
    let output = hal(
        &[
            "expand",
            "{?tags*,filter*,n,skip}",
            "--vars",
            vars.to_str().unwrap(),
            "n=4",
        ],
        b"",
    );
    std::fs::remove_file(&vars).unwrap();
    assert_eq!(stdout(&output), "?tags=a&tags=b&fleet=f1&n=4\n");
}

#[test]
fn expand_points_at_the_mistake() {
    let output = hal(&["expand", "/trips/{id"], b"");
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "invalid template: unclosed expression `{` at byte 7\n  /trips/{id\n         ^\n"
    );
    let output = hal(&["expand", "{x}", "--vars", "/no/such/vars.json"], b"");
    assert_eq!(code(&output), 2);
}

#[test]
fn links_lists_paths_relations_with_curies_expanded_and_flags() {
    let output = hal(
        &["links", "--json", &fixture("spec/draft11-s8.3-curies.json")],
        b"",
    );
    assert_eq!(code(&output), 0);
    let rows: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let widgets = rows.iter().find(|r| r["rel"] == "acme:widgets").unwrap();
    assert_eq!(
        widgets["relation"],
        "https://docs.acme.com/relations/widgets"
    );
    assert_eq!(widgets["path"], "$._links['acme:widgets']");

    let output = hal(&["links", &fixture("halfred/shop.json")], b"");
    let text = stdout(&output);
    assert!(
        text.contains("$._links.find\tfind\t/orders{?id}  [templated]"),
        "{text}"
    );
    assert!(
        text.contains("$._embedded.orders[1]._links.self\tself\t/orders/124"),
        "{text}"
    );
}

#[test]
fn every_subcommand_has_help() {
    for command in ["lint", "fmt", "expand", "links"] {
        let output = hal(&[command, "--help"], b"");
        assert_eq!(code(&output), 0, "{command}");
        assert!(stdout(&output).contains("Usage: hal"), "{command}");
    }
}

#[test]
fn fmt_and_links_read_leniently_on_request() {
    let spring = br#"{"_links":{"self":{"href":"http://localhost"}},"_embedded":{"content":["first","second"]}}"#;
    let strict = hal(&["fmt", "-"], spring);
    assert_eq!(code(&strict), 1, "{}", stderr(&strict));
    assert!(
        stderr(&strict).contains("$._embedded.content[0]"),
        "{}",
        stderr(&strict)
    );
    let lenient = hal(&["fmt", "--lenient", "-"], spring);
    assert_eq!(code(&lenient), 0, "{}", stderr(&lenient));
    let written: serde_json::Value = serde_json::from_str(&stdout(&lenient)).unwrap();
    let original: serde_json::Value = serde_json::from_slice(spring).unwrap();
    assert_eq!(written, original, "written back unchanged");
    let links = hal(&["links", "--lenient", "-"], spring);
    assert_eq!(code(&links), 0);
    assert_eq!(stdout(&links), "$._links.self\tself\thttp://localhost\n");
}

#[test]
fn help_is_for_people_not_rustdoc() {
    for args in [
        &["--help"][..],
        &["help"],
        &["lint", "--help"],
        &["fmt", "--help"],
        &["expand", "--help"],
        &["links", "--help"],
        &["get", "--help"],
        &["crawl", "--help"],
    ] {
        let output = hal(args, b"");
        assert_eq!(code(&output), 0, "hal {args:?}");
        let help = stdout(&output);
        assert!(help.contains("Usage: hal"), "hal {args:?}: {help}");
        for rustdoc in ["```", "# Ok::", "# Examples"] {
            assert!(
                !help.contains(rustdoc),
                "hal {args:?} prints {rustdoc:?}: {help}"
            );
        }
    }
}
